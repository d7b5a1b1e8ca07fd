/**
 * Starts the background worker (worker.ts) for one task.
 *
 * From source (vitest, tsx, the e2e server) the worker is TypeScript: Node 20's worker threads do
 * not inherit tsx's loader, so the worker starts as a line of JavaScript that loads worker.ts
 * through tsx's tsImport. In the desktop bundle (dist/electron/main.mjs, where this code then
 * lives) the worker is jobs-worker.cjs beside it, built by scripts/build-electron.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits, type WorkerOptions } from 'node:worker_threads';
import type { Task } from './tasks.js';

/** The worker bundle's name beside the desktop app's main.mjs. */
export const WORKER_BUNDLE = 'jobs-worker.cjs';

/**
 * Memory limits per kind of task: a file built to exhaust memory (a huge shared-strings table, a
 * zip bomb) stops its worker with ERR_WORKER_OUT_OF_MEMORY, not the data host. An import keeps at
 * most 20,000 rows of a sheet; an export streams its rows to the file.
 */
export const WORKER_LIMITS: Record<Task['kind'], ResourceLimits> = {
  import: { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 48 },
  export: { maxOldGenerationSizeMb: 384, maxYoungGenerationSizeMb: 48 },
};

/** A worker's failure in words for the Message pane (what = '检查导入文件', '导出' …). */
export function workerFailure(err: Error & { code?: string }, what: string): string {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `${what}时内存不足，已停止：文件太大或单元格内容过长，请分成几个较小的文件`;
  }
  return err.message;
}

export function startWorker(task: Task, limits: ResourceLimits = WORKER_LIMITS[task.kind]): Worker {
  return startModuleWorker(import.meta.url, './worker.ts', WORKER_BUNDLE, { workerData: task, resourceLimits: limits });
}

/**
 * Starts a worker thread on a TypeScript module beside `here` (from source, through tsx), or on
 * its bundle beside the running bundle (desktop app). Used by the jobs above and the data host.
 */
export function startModuleWorker(here: string, entryTs: string, bundle: string, options: WorkerOptions): Worker {
  // Inside a worker started through tsx, module URLs carry a query (?tsx-namespace=…).
  if (new URL(here).pathname.endsWith('.ts')) {
    // require.resolve gives the CommonJS build; the worker imports the ES module beside it.
    const api = createRequire(here).resolve('tsx/esm/api');
    const tsx = pathToFileURL(fs.existsSync(api.replace(/\.cjs$/, '.mjs')) ? api.replace(/\.cjs$/, '.mjs') : api).href;
    const entry = new URL(entryTs, here).href;
    const code =
      `import(${JSON.stringify(tsx)}).then((m) => (m.tsImport ?? m.default.tsImport)(` +
      `${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(`./${bundle}`, here), options);
}
