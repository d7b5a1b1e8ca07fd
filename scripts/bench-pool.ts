/**
 * The 公海's rows of BENCHMARKS.md (issue 21): the daily sweep returning 50,000 customers (total
 * time, and the longest batch — a save waits at most that long), then 领取 one customer at a time
 * as a salesperson. It MOVES customers: run it on its own (BENCH_ONLY=pool npm run bench …) on a
 * copy of the bench data, after the other rows.
 */
import { SWEEP_BATCH, runPoolSweep } from '../db/pool/sweep.js';
import { poolOwnerId } from '../db/pool/owner.js';
import type { Connection } from '../db/context.js';
import type { DB } from '../db/open.js';
import { createRouter } from '../db/router.js';
import { ADMIN_PASSWORD, SALES_PASSWORD } from './seed.js';

export interface PoolBenchRow {
  operation: string;
  role: string;
  times: number[];
  result: string;
}

const DAY_MS = 86_400_000;

function login(router: ReturnType<typeof createRouter>, login: string, password: string): Connection {
  const conn: Connection = { session: null };
  const r = router.dispatch(conn, 'auth.login', { login, password });
  if (!r.ok) throw new Error(`cannot log in as ${login}: ${r.error.message}`);
  return conn;
}

export async function benchPool(db: DB, opts: { want?: number; claims?: number } = {}): Promise<PoolBenchRow[]> {
  const want = opts.want ?? 50_000;
  const router = createRouter(db);
  const admin = login(router, 'admin', ADMIN_PASSWORD);
  const sales = login(router, 'sales1', SALES_PASSWORD);
  const ok = (conn: Connection, name: Parameters<typeof router.dispatch>[1], input?: unknown) => {
    const r = router.dispatch(conn, name, input);
    if (!r.ok) throw new Error(`${String(name)}: ${r.error.message}`);
    return r.value;
  };
  // The status with the most customers; the rule's days chosen so that about `want` of them are due.
  const tree = ok(admin, 'statuses.tree') as { statuses: { id: number; count: number }[] };
  const status = [...tree.statuses].sort((a, b) => b.count - a.count)[0];
  const edge = db
    .prepare<[number, number], string>(
      `SELECT coalesce(followed_at, created_at) FROM customer
       WHERE status_id = ? AND deleted_at IS NULL AND pool_since IS NULL
       ORDER BY coalesce(followed_at, created_at), id LIMIT 1 OFFSET ?`,
    )
    .pluck()
    .get(status.id, want - 1);
  if (!edge) throw new Error(`fewer than ${want} customers in status ${status.id}`);
  const days = Math.max(1, Math.ceil((Date.now() - new Date(edge).getTime()) / DAY_MS));
  ok(admin, 'pool.saveRules', { statusDays: [{ statusId: status.id, days }] });
  db.prepare('DELETE FROM pool_sweep').run();

  const batches: number[] = [];
  let last = process.hrtime.bigint();
  const t0 = last;
  const moved = await runPoolSweep(
    db,
    { now: () => new Date() },
    {
      onBatch: () => {
        const now = process.hrtime.bigint();
        batches.push(Number(now - last) / 1e6);
        last = now;
      },
      pause: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        last = process.hrtime.bigint();
      },
    },
  );
  const sweepMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rows: PoolBenchRow[] = [
    {
      operation: `公海 sweep: ${days} 天未跟进 (status ${status.id})`,
      role: 'system',
      times: [sweepMs],
      result: `${(moved ?? 0).toLocaleString()} moved in ${batches.length} batches of ${SWEEP_BATCH}; longest batch ${Math.max(0, ...batches).toFixed(1)} ms`,
    },
  ];

  // 领取: one pool customer at a time, as a salesperson (no daily limit or cap in these rules).
  const pool = poolOwnerId(db);
  const ids = db
    .prepare<[number | null, number], number>('SELECT id FROM customer WHERE owner_id = ? ORDER BY id LIMIT ?')
    .pluck()
    .all(pool, opts.claims ?? 200);
  const times: number[] = [];
  for (const id of ids) {
    const s = process.hrtime.bigint();
    ok(sales, 'pool.claim', { ids: [id] });
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  rows.push({ operation: 'pool.claim (领取 one customer)', role: 'sales', times, result: `${times.length} claims` });
  return rows;
}
