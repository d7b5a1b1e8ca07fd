/**
 * The 公海's daily sweep: the office host applies 公海规则 by itself, at start and once a day —
 * customers whose 客户状态 has a rule and who had no new 维护记录 for that many days go back to
 * the pool. Several office servers on one PostgreSQL database sweep once a day between them: the
 * day is claimed in pool_sweep, as the daily dump is in kehu_daily_backup (a claim whose sweep
 * neither finished nor was abandoned within two hours is taken over; moves are conditional, so
 * a sweep that runs again moves nothing twice).
 *
 * Each batch is its own short transaction (BATCH customers, each with its 操作日志 line
 * '退回公海：30 天未跟进'), so a save waits at most for one batch; the caller yields between
 * batches and sends a change event per batch. Candidates are a range of customer_pool_due (0016)
 * per 客户状态, oldest first: never a scan of customers or records.
 */
import os from 'node:os';
import type { SessionUser } from '../../core/contract.js';
import { localDay } from '../../core/contract/dates.js';
import { noEffects, type Clock, type Ctx } from '../context.js';
import type { DB } from '../open.js';
import { PasswordWork } from '../password.js';
import { moveToPool } from './moves.js';
import { readPoolRules } from './rules.js';

export const SWEEP_METHOD = 'pool.sweep';
/** Customers per transaction. */
export const SWEEP_BATCH = 100;
const DAY_MS = 86_400_000;
const TAKEOVER_MS = 2 * 3600_000;

function systemCtx(db: DB, clock: Clock): Ctx {
  return {
    db,
    conn: { session: null },
    clock,
    user: null as unknown as SessionUser, // the system: no 记录人
    passwords: new PasswordWork(),
    effects: noEffects(),
  };
}

/** Claims today's sweep for this server; false when another (or an earlier run) has it. */
export function claimSweepDay(db: DB, clock: Clock, host = `${os.hostname()}:${process.pid}`): boolean {
  const now = clock.now();
  const day = localDay(now);
  return db.transaction(
    () =>
      db
        .prepare(
          `INSERT INTO pool_sweep (day, host, started_at) VALUES (@day, @host, @at)
           ON CONFLICT (day) DO UPDATE SET host = excluded.host, started_at = excluded.started_at
             WHERE pool_sweep.done_at IS NULL AND pool_sweep.started_at < @stale
           RETURNING day`,
        )
        .get({ day, host, at: now.toISOString(), stale: new Date(now.getTime() - TAKEOVER_MS).toISOString() }) !==
      undefined,
  )();
}

/** Marks today's sweep done (with how many it moved). */
export function finishSweepDay(db: DB, clock: Clock, moved: number): void {
  db.transaction(() =>
    db
      .prepare('UPDATE pool_sweep SET done_at = ?, moved = moved + ? WHERE day = ?')
      .run(clock.now().toISOString(), moved, localDay(clock.now())),
  )();
}

/** Forgets today's sweep, so the next tick applies rules just saved (公海规则's 保存). */
export function resetSweepDay(ctx: Pick<Ctx, 'db' | 'clock'>): void {
  ctx.db.prepare('DELETE FROM pool_sweep WHERE day = ? AND done_at IS NOT NULL').run(localDay(ctx.clock.now()));
}

/**
 * One batch, one transaction: up to `limit` customers due by the rules moved to the pool.
 * Returns the customers it moved.
 */
export function sweepBatch(db: DB, clock: Clock, limit = SWEEP_BATCH): number[] {
  const ctx = systemCtx(db, clock);
  return db.transaction(() => {
    const rules = readPoolRules(ctx).statusDays.filter((r) => r.days !== null);
    const now = clock.now().getTime();
    const moved: number[] = [];
    for (const rule of rules) {
      if (moved.length >= limit) break;
      const cutoff = new Date(now - rule.days! * DAY_MS).toISOString();
      const due = db
        .prepare<Record<string, unknown>, { id: number; name: string; owner_id: number; owner_name: string }>(
          `SELECT c.id, c.name, c.owner_id, o.name AS owner_name
           FROM (SELECT id FROM customer
                 WHERE status_id = @status AND coalesce(followed_at, created_at) < @cutoff
                   AND deleted_at IS NULL AND pool_since IS NULL
                 ORDER BY coalesce(followed_at, created_at), id LIMIT @limit) d
             CROSS JOIN customer c ON c.id = d.id JOIN staff o ON o.id = c.owner_id
           ORDER BY coalesce(c.followed_at, c.created_at), c.id`,
        )
        .all({ status: rule.statusId, cutoff, limit: limit - moved.length });
      for (const c of due) {
        const line = `退回公海：${rule.days} 天未跟进（原业务员 ${c.owner_name}）`;
        if (moveToPool(ctx, { id: c.id, name: c.name, ownerId: c.owner_id }, line)) moved.push(c.id);
      }
    }
    return moved;
  })();
}

/**
 * Today's sweep, if this server claims it: batches until none is due, `pause` between them (the
 * data host yields to the calls waiting), `onBatch` with each batch's customers. Returns how many
 * moved, or null when the day was not this server's to sweep.
 */
export async function runPoolSweep(
  db: DB,
  clock: Clock,
  opts: { onBatch?: (ids: number[]) => void; pause?: () => Promise<void>; batch?: number; host?: string } = {},
): Promise<number | null> {
  if (!claimSweepDay(db, clock, opts.host)) return null;
  const batch = opts.batch ?? SWEEP_BATCH;
  let total = 0;
  for (;;) {
    const ids = sweepBatch(db, clock, batch);
    total += ids.length;
    if (ids.length) opts.onBatch?.(ids);
    if (ids.length < batch) break;
    await (opts.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve))))();
  }
  finishSweepDay(db, clock, total);
  return total;
}
