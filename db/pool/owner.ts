/**
 * The 公海's owner row (0016): one system row of staff (pool = 1) that owns every customer in the
 * pool, so the per-owner counters, search tokens and statistics of 0005–0013 count the pool as a
 * 业务员 of its own. It has no login and is never active; staff lists leave it out. It is created
 * by the first write that sends a customer there (a reader finds none until then: the pool is
 * empty).
 */
import { nowIso, type Ctx } from '../context.js';
import type { DB } from '../open.js';

/** The name the pool shows as its customers' 业务员 (grid, duplicate warning, 销售统计). */
export const POOL_OWNER_NAME = '公海客户';

const known = new WeakMap<DB, number>();

/** The pool row's id, or null while nothing was ever pooled. */
export function poolOwnerId(db: DB): number | null {
  const id = known.get(db);
  if (id !== undefined) return id;
  const found = db.prepare<[], number>('SELECT id FROM staff WHERE pool = 1').pluck().get();
  if (found === undefined) return null;
  known.set(db, found);
  return found;
}

/** The pool row's id, created now if there is none (inside the caller's write transaction). */
export function ensurePoolOwner(ctx: Pick<Ctx, 'db' | 'clock'>): number {
  const id = poolOwnerId(ctx.db);
  if (id !== null) return id;
  const at = nowIso(ctx);
  ctx.db
    .prepare(
      `INSERT INTO staff (name, role, active, created_at, updated_at, pool) VALUES (?, 'sales', 0, ?, ?, 1)
       ON CONFLICT DO NOTHING`,
    )
    .run(POOL_OWNER_NAME, at, at);
  // Not cached here: the transaction may yet roll back; the next look-up caches what committed.
  return ctx.db.prepare<[], number>('SELECT id FROM staff WHERE pool = 1').pluck().get()!;
}
