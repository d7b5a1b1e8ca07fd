/**
 * The 操作日志 chain (migration 0006): every log row carries log_seq (1, 2, 3 …), log_prev (the
 * previous log row's hash; GENESIS for the first) and log_hash = SHA-256 of log_prev and the row's
 * own content. The triggers make a log row without a link, or one that does not continue the
 * current last row, impossible to insert; editing or deleting a log row is refused outright. What
 * SQL cannot check (that a hash is really the hash of its row) verifyLogChain recomputes.
 */
import { createHash } from 'node:crypto';
import type { DB } from './open.js';

export const GENESIS = '0'.repeat(64);

/** The parts of a log row its hash covers. */
export interface LogContent {
  customerId: number;
  at: string;
  method: string;
  contactId: number | null;
  content: string;
  nextOn: string | null;
  authorId: number | null;
  createdAt: string;
}

export interface LogLink {
  seq: number;
  prev: string;
  hash: string;
}

/** SHA-256 (hex) of the previous hash, the sequence number and the row's content. */
export function logHash(prev: string, seq: number, row: LogContent): string {
  const canonical = JSON.stringify([
    seq,
    prev,
    row.customerId,
    row.at,
    row.method,
    row.contactId,
    row.content,
    row.nextOn,
    row.authorId,
    row.createdAt,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The chain's current last link (seq 0 and GENESIS when there is no log row yet). */
export function chainHead(db: DB): { seq: number; hash: string } {
  const row = db
    .prepare<[], { seq: number; hash: string }>(
      `SELECT log_seq AS seq, log_hash AS hash FROM record WHERE log_seq IS NOT NULL ORDER BY log_seq DESC LIMIT 1`,
    )
    .get();
  return row ?? { seq: 0, hash: GENESIS };
}

/** The link a new log row with this content must carry (inside the writer's transaction). */
export function nextLink(db: DB, row: LogContent): LogLink {
  const head = chainHead(db);
  const seq = head.seq + 1;
  return { seq, prev: head.hash, hash: logHash(head.hash, seq, row) };
}

interface LogRow {
  id: number;
  customer_id: number;
  at: string;
  method: string;
  contact_id: number | null;
  content: string;
  next_on: string | null;
  author_id: number | null;
  created_at: string;
  log_seq: number | null;
  log_prev: string | null;
  log_hash: string | null;
}

const contentOf = (r: LogRow): LogContent => ({
  customerId: r.customer_id,
  at: r.at,
  method: r.method,
  contactId: r.contact_id,
  content: r.content,
  nextOn: r.next_on,
  authorId: r.author_id,
  createdAt: r.created_at,
});

const COLUMNS = `id, customer_id, at, method, contact_id, content, next_on, author_id, created_at, log_seq, log_prev, log_hash`;

/**
 * Links the log rows written before migration 0006 into the chain, in id order (db/open.ts calls
 * it after migrating). Returns how many rows it sealed. Runs in one transaction, in batches.
 */
export function sealLegacyLogs(db: DB): number {
  const hasColumn = db.prepare(`SELECT 1 FROM pragma_table_info('record') WHERE name = 'log_seq'`).pluck().get();
  if (!hasColumn) return 0;
  const batch = db.prepare<[number], LogRow>(
    `SELECT ${COLUMNS} FROM record WHERE kind = 'log' AND log_seq IS NULL AND id > ? ORDER BY id LIMIT 2000`,
  );
  const seal = db.prepare(`UPDATE record SET log_seq = ?, log_prev = ?, log_hash = ? WHERE id = ?`);
  let sealed = 0;
  db.transaction(() => {
    let { seq, hash } = chainHead(db);
    let after = 0;
    for (let rows = batch.all(after); rows.length > 0; rows = batch.all(after)) {
      for (const r of rows) {
        seq += 1;
        const next = logHash(hash, seq, contentOf(r));
        seal.run(seq, hash, next, r.id);
        hash = next;
        after = r.id;
        sealed += 1;
      }
    }
  })();
  return sealed;
}

export type ChainReport =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      /** The first log row that does not fit (null when the break is after the last row). */
      at: { id: number; seq: number | null } | null;
      reason: string;
    };

/**
 * Walks the whole chain in log_seq order and recomputes every hash. Says where it first breaks:
 * a missing sequence number (a row deleted behind the triggers' back), a row whose log_prev is
 * not the previous row's hash (inserted or re-linked by hand), a row whose content no longer
 * matches its hash (edited by hand), or log rows that carry no link at all.
 */
/** A database from before the chain (migration 0006) has no log_seq column (asked of either engine). */
function hasChain(db: DB): boolean {
  try {
    db.prepare('SELECT log_seq FROM record LIMIT 0').all();
    return true;
  } catch {
    return false;
  }
}

/**
 * The chained rows in order, a block at a time by log_seq: PostgreSQL's statements hand over all
 * their rows at once (millions of 操作日志 at a million customers), SQLite's step through them.
 */
function* chainRows(db: DB, block: number): Generator<LogRow> {
  const next = db.prepare<[number, number], LogRow>(
    `SELECT ${COLUMNS} FROM record WHERE log_seq > ? ORDER BY log_seq LIMIT ?`,
  );
  let after = Number.MIN_SAFE_INTEGER; // a forged row numbered 0 or below is read too
  for (;;) {
    const rows = next.all(after, block);
    yield* rows;
    if (rows.length < block) return;
    after = rows[rows.length - 1].log_seq!;
  }
}

/** `block`: how many rows a read brings (tests: small, to cross block boundaries). */
export function verifyLogChain(db: DB, block = 10_000): ChainReport {
  if (!hasChain(db)) return { ok: true, count: 0 };
  let expectedSeq = 1;
  let prev = GENESIS;
  let count = 0;
  for (const r of chainRows(db, block)) {
    const at = { id: r.id, seq: r.log_seq };
    // Returning from inside for…of closes the statement's iterator.
    const fail = (reason: string): ChainReport => ({ ok: false, count, at, reason });
    if (r.log_seq !== expectedSeq) {
      return fail(`操作日志第 ${expectedSeq} 条缺失（下一条是第 ${r.log_seq} 条，编号 ${r.id}）`);
    }
    if (r.log_prev !== prev) return fail(`操作日志第 ${r.log_seq} 条（编号 ${r.id}）没有链接到上一条`);
    if (r.log_hash !== logHash(prev, expectedSeq, contentOf(r))) {
      return fail(`操作日志第 ${r.log_seq} 条（编号 ${r.id}）的内容与其哈希不符：被改动过`);
    }
    prev = r.log_hash;
    expectedSeq += 1;
    count += 1;
  }
  const loose = db
    .prepare<[], { id: number }>(`SELECT id FROM record WHERE kind = 'log' AND log_seq IS NULL ORDER BY id LIMIT 1`)
    .get();
  if (loose) {
    return { ok: false, count, at: { id: loose.id, seq: null }, reason: `操作日志（编号 ${loose.id}）没有链接` };
  }
  const stray = db
    .prepare<[], { id: number }>(`SELECT id FROM record WHERE kind <> 'log' AND log_seq IS NOT NULL LIMIT 1`)
    .get();
  if (stray) {
    return {
      ok: false,
      count,
      at: { id: stray.id, seq: null },
      reason: `维护记录（编号 ${stray.id}）带有操作日志的链接`,
    };
  }
  return { ok: true, count };
}
