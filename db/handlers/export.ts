/**
 * 导出 (Excel): starts a grid's export in the background and reports on it. The spec's source
 * checks permission and visibility here, in the router's transaction; the worker only reads.
 */
import { buildExport } from '../export/specs.js';
import { jobsOf } from '../jobs/registry.js';
import type { HandlersOf } from '../router.js';

export const exportHandlers: HandlersOf<'export'> = {
  'export.start': (ctx, input) => jobsOf(ctx.db).exports.start(ctx.conn, ctx.user, buildExport(ctx, input)),
  'export.progress': (ctx, input) => jobsOf(ctx.db).exports.progress(ctx.conn, input.jobId),
  'export.cancel': (ctx, input) => jobsOf(ctx.db).exports.cancel(ctx.conn, input.jobId),
};
