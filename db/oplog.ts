import type { Statement } from 'better-sqlite3';
import { nowIso, type Ctx } from './context.js';
import { chainHead, logHash, nextLink } from './oplog-chain.js';

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

/** Rows per INSERT of writeLogs (9 parameters each: well under either engine's limit). */
const LOG_BATCH = 400;

/**
 * Writes many 操作日志 lines at once (a 交接 of 50,000 customers), inside the caller's
 * transaction: the chain's head is read once, each row's link computed here in order, and the
 * rows go in multi-row INSERTs — the chain's trigger checks each row in turn against the one
 * before it on both engines, as for writeLog. Same rows as writeLog would write one by one.
 */
export function writeLogs(ctx: Ctx, lines: { customerId: number; content: string }[]): void {
  if (!lines.length) return;
  const at = nowIso(ctx);
  const authorId = ctx.user?.id ?? null;
  let { seq, hash } = chainHead(ctx.db);
  const statements = new Map<number, Statement<unknown[]>>();
  const insert = (n: number) => {
    let st = statements.get(n);
    if (!st) {
      st = ctx.db.prepare<unknown[]>(
        `INSERT INTO record (customer_id, kind, at, content, author_id, created_at, updated_at, log_seq, log_prev, log_hash)
         VALUES ${Array(n).fill("(?, 'log', ?, ?, ?, ?, ?, ?, ?, ?)").join(', ')}`,
      );
      statements.set(n, st);
    }
    return st;
  };
  for (let i = 0; i < lines.length; i += LOG_BATCH) {
    const part = lines.slice(i, i + LOG_BATCH);
    const values: unknown[] = [];
    for (const l of part) {
      ctx.effects?.customerIds.add(l.customerId);
      seq += 1;
      const content = {
        customerId: l.customerId,
        at,
        method: '',
        contactId: null,
        content: l.content,
        nextOn: null,
        authorId,
        createdAt: at,
      };
      const next = logHash(hash, seq, content);
      values.push(l.customerId, at, l.content, authorId, at, at, seq, hash, next);
      hash = next;
    }
    insert(part.length).run(...values);
  }
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
