import { nowIso, type Ctx } from './context.js';
import { nextLink } from './oplog-chain.js';

/**
 * Writes one 操作日志 line on a customer, inside the caller's transaction. These rows can never
 * be edited or deleted (triggers in 0001_init.sql refuse it), and each carries its link in the
 * tamper-evident chain (0006_oplog_chain.sql, oplog-chain.ts).
 */
export function writeLog(
  ctx: Ctx,
  customerId: number,
  content: string,
  opts: { /** The system noticed it (e.g. a delegation expired): no 记录人. */ bySystem?: boolean } = {},
): void {
  const at = nowIso(ctx);
  ctx.effects?.customerIds.add(customerId);
  const authorId = opts.bySystem ? null : (ctx.user?.id ?? null);
  const link = nextLink(ctx.db, {
    customerId,
    at,
    method: '',
    contactId: null,
    content,
    nextOn: null,
    authorId,
    createdAt: at,
  });
  ctx.db
    .prepare(
      `INSERT INTO record (customer_id, kind, at, content, author_id, created_at, updated_at, log_seq, log_prev, log_hash)
       VALUES (?, 'log', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(customerId, at, content, authorId, at, at, link.seq, link.prev, link.hash);
}

/** 'label: old → new' for each changed field; empty when nothing changed. */
export function describeChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  labels: Record<string, string>,
  show: (key: string, value: unknown) => string = (_k, v) => (v === null || v === '' ? '（空）' : String(v)),
): string[] {
  return Object.keys(labels)
    .filter((k) => k in after && before[k] !== after[k])
    .map((k) => `${labels[k]}: ${show(k, before[k])} → ${show(k, after[k])}`);
}
