/**
 * The thread that owns one PostgreSQL connection for a synchronous caller (pg-sync.ts). The
 * caller posts one request at a time on its port and sleeps on the shared flag; this thread runs
 * the query with `pg`, posts the answer, then wakes the caller. It never holds two requests.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { PgAnswer, PgRequest, PgWorkerSetup } from './pg-sync.js';

const { port, signal } = workerData as PgWorkerSetup & { port: MessagePort };
const flag = new Int32Array(signal);
// Numbers as SQLite gives them: bigint and numeric as JavaScript numbers (ids, counts and cents
// stay far below 2^53), booleans as 1/0, dates and times stay the ISO text they are stored as.
const asNumber = (v: string) => Number(v);
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20 || oid === 1700) return asNumber;
    if (oid === 16) return (v: string) => (v === 't' ? 1 : 0);
    // date, timestamp, timestamptz, time: the text PostgreSQL sends (SQLite keeps them as text).
    if (oid === 1082 || oid === 1114 || oid === 1184 || oid === 1083) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

// One connection at a time; when its owner closes it the thread waits for the next (pg-sync.ts
// keeps idle threads: starting one costs ~0.3 s, connecting ~5 ms).
let client: pg.Client | null = null;
// A lost connection is answered as an error to the caller's next request, never thrown here.
let lost: Error | null = null;

function answer(a: PgAnswer): void {
  port.postMessage(a);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function failure(err: unknown): PgAnswer {
  const e = err as Error & Record<string, unknown>;
  return {
    ok: false,
    error: {
      message: e?.message ?? String(err),
      code: typeof e?.code === 'string' ? e.code : undefined,
      constraint: typeof e?.constraint === 'string' ? e.constraint : undefined,
      detail: typeof e?.detail === 'string' ? e.detail : undefined,
    },
  };
}

async function run(req: PgRequest): Promise<PgAnswer> {
  if (req.connect) {
    lost = null;
    const c = new pg.Client({ connectionString: req.connect.url, types: types as never });
    c.on('error', (err) => (lost = err));
    await c.connect();
    client = c;
    if (req.connect.sessionSql) await c.query(req.connect.sessionSql);
    return { ok: true, rows: [], fields: [], rowCount: 0 };
  }
  if (req.sql === null) {
    const c = client;
    client = null;
    await c?.end().catch(() => {});
    return { ok: true, rows: [], fields: [], rowCount: 0 };
  }
  if (lost) return failure(lost);
  if (!client) return failure(new Error('数据库连接已关闭'));
  const config: pg.QueryConfig & { rowMode?: 'array' } = { text: req.sql, values: req.params };
  if (req.array) config.rowMode = 'array';
  const r = (await client.query(config)) as pg.QueryResult | pg.QueryResult[];
  // A multi-statement text (exec) answers with one result per statement: the last one counts.
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  return {
    ok: true,
    rows: last?.rows ?? [],
    fields: (last?.fields ?? []).map((f: pg.FieldDef) => ({ name: f.name, oid: f.dataTypeID })),
    rowCount: last?.rowCount ?? 0,
  };
}

port.on('message', (req: PgRequest) => {
  run(req).then(answer, (err) => answer(failure(err)));
});
