/**
 * Benchmarks of the data core at scale: `npm run bench [-- --customers 1000000 --data <folder> --runs 30]`.
 *
 * Uses `<folder>/crm.db` when it holds exactly that many live customers (seeded by
 * scripts/seed.ts: logins admin/admin123 and sales1/sales123); otherwise seeds `.data/bench`
 * (wiped first when its count differs). Then calls the real router — validation, permissions,
 * one transaction per call — as the administrator and as a salesperson, and prints a table of
 * median and 95th-percentile times, plus the process's memory.
 *
 * The customers it creates are soft-deleted at the end, so the folder stays reusable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cursorOf, customerSortFields, type Input, type MethodName, type Output } from '../core/contract.js';
import type { Connection } from '../db/context.js';
import { forgetHitSets, registerHitFunction } from '../db/customers/hits.js';
import { configureJobs } from '../db/jobs/registry.js';
import { deferredCheck, recordFullCheck, type DeferredCheck } from '../db/integrity.js';
import { openPgDatabase, redactUrl } from '../db/engine/open-pg.js';
import { openDatabase, openReader, type DB } from '../db/open.js';
import { createRouter, type Router } from '../db/router.js';
import { benchWorkbench } from './bench-workbench.js';
import { benchReminders } from './bench-reminders.js';
import { benchPool } from './bench-pool.js';
import { ADMIN_PASSWORD, CITIES, SALES_PASSWORD, createRng, seedDatabase, type Rng } from './seed.js';

interface Measurement {
  operation: string;
  role: string;
  times: number[];
  /** The same run's SQL alone: the read statements the call ran, replayed without the router. */
  rawTimes: number[];
  /** The first read statement of those (the one that matters, usually), for the table. */
  rawSql: string;
  /** The process's peak RSS so far, in MB, after this operation. */
  peakMb: number;
  result: string;
}

interface Captured {
  sql: string;
  args: unknown[];
}

/**
 * Records the statements the router runs (db.prepare wrapped: each all/get/iterate/run with its
 * arguments) while `on` is set, so that a call's raw SQL can be replayed and timed beside it.
 */
function captureStatements(db: DB) {
  const state = { on: false, seen: [] as Captured[] };
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const run = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (state.on) state.seen.push({ sql, args });
        return run(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  return state;
}

const liveCount = (db: DB) =>
  db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customer WHERE deleted_at IS NULL').get()!.n;

function countIn(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  // Its integrity check is timed in runBench (after the first page), not here.
  const db = openDatabase(file, { onDeferred: () => {} });
  try {
    return liveCount(db);
  } finally {
    db.close();
  }
}

function removeDb(file: string) {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

/** Finds or makes a database with `customers` live customers; returns its path. */
function prepareData(customers: number, data: string | undefined): string {
  if (data) {
    const file = path.resolve(data, 'crm.db');
    const n = countIn(file);
    if (n === customers) {
      console.log(`using ${file} (${n.toLocaleString()} customers)`);
      return file;
    }
    if (n === null || n === 0) return seedInto(file, customers);
    console.log(`${file} holds ${n.toLocaleString()} customers, not ${customers.toLocaleString()}: using .data/bench`);
  }
  const file = path.resolve('.data', 'bench', 'crm.db');
  const n = countIn(file);
  if (n === customers) {
    console.log(`using ${file} (${n.toLocaleString()} customers)`);
    return file;
  }
  removeDb(file);
  return seedInto(file, customers);
}

function seedInto(file: string, customers: number): string {
  console.log(`seeding ${customers.toLocaleString()} customers into ${file} …`);
  const db = openDatabase(file);
  try {
    const r = seedDatabase(db, {
      customers,
      onProgress: (done, total, ms) =>
        process.stdout.write(`\r  ${done.toLocaleString()} / ${total.toLocaleString()}  ${(ms / 1000).toFixed(1)} s`),
    });
    process.stdout.write('\n');
    console.log(`seeded in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  } finally {
    db.close();
  }
  return file;
}

function login(router: Router, loginName: string, password: string): Connection {
  const conn: Connection = { session: null };
  const r = router.dispatch(conn, 'auth.login', { login: loginName, password });
  if (!r.ok)
    throw new Error(`cannot log in as ${loginName}: ${r.error.message} (was the folder seeded by scripts/seed.ts?)`);
  return conn;
}

/** A few customers of other salespeople delegated to this one, so its queries take that path too. */
function ensureDelegations(db: DB, toId: number, want = 50) {
  const have = db
    .prepare<[number], { n: number }>('SELECT count(*) AS n FROM delegation WHERE to_id = ? AND revoked_at IS NULL')
    .get(toId)!.n;
  if (have >= want) return;
  const rows = db
    .prepare<[number, number], { id: number; owner_id: number }>(
      `SELECT id, owner_id FROM customer WHERE owner_id <> ? AND deleted_at IS NULL ORDER BY id LIMIT ?`,
    )
    .all(toId, want - have);
  const insert = db.prepare(
    `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const r of rows) insert.run(r.id, r.owner_id, toId, at.slice(0, 10), r.owner_id, at);
  })();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Rare characters for the keywords of customers the bench creates, so they meet no duplicate. */
const RARE = [...'甄琰翊骁琛璟昊旻珩玥彧珏瑾璇瑜琪'];

export interface BenchOptions {
  customers: number;
  data?: string;
  /** PostgreSQL instead of a crm.db: a database seeded by `npm run seed -- --pg <url>`. */
  pg?: string;
  runs: number;
  /** Stop repeating one operation after this long (it still runs at least `minRuns` times). */
  budgetMs: number;
  minRuns: number;
}

/**
 * `BENCH_ONLY=<regular expression>` measures only the operations whose name matches (e.g.
 * `BENCH_ONLY='tab 9|search'`); `BENCH_ONLY=workbench` is bench-workbench.ts's own switch.
 */
const onlyEnv = process.env.BENCH_ONLY;
const only = onlyEnv && onlyEnv !== 'workbench' ? new RegExp(onlyEnv) : null;

/**
 * The PostgreSQL database of `--pg`, checked to hold the customers asked for — give or take the
 * few each run's saves add (a database is not copied per run as a crm.db is).
 */
function preparePg(customers: number, url: string): string {
  const db = openPgDatabase(url, { readonly: true });
  try {
    const n = liveCount(db);
    if (n < customers || n > customers * 1.001)
      throw new Error(
        `${redactUrl(url)} holds ${n.toLocaleString()} customers, not ${customers.toLocaleString()}: seed it first (npm run seed -- --pg <url> --customers ${customers})`,
      );
    console.log(`using ${redactUrl(url)} (${n.toLocaleString()} customers)`);
  } finally {
    db.close();
  }
  return url;
}

export function runBench(opts: BenchOptions): Measurement[] {
  const file = opts.pg ? preparePg(opts.customers, opts.pg) : prepareData(opts.customers, opts.data);
  // Either engine, opened as the data host opens it (PostgreSQL checks its own pages).
  const open = (onDeferred?: (k: DeferredCheck) => void): DB =>
    opts.pg ? openPgDatabase(opts.pg) : openDatabase(file, { onDeferred: onDeferred ?? (() => {}) });
  // Open to first page: open (pragmas, migrations checked), the 客户状态 tree and the grid's
  // first block with its total, as the window does after login (the login's scrypt excluded).
  // Opened as the data host opens it: a big file's integrity check runs after the first page,
  // on a reader (server/host/host.ts) — timed below, beside the open.
  const t0 = process.hrtime.bigint();
  let owed: DeferredCheck | null = null;
  const db = open((k) => (owed = k));
  const router = createRouter(db);
  const openMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const admin = login(router, 'admin', ADMIN_PASSWORD);
  const t1 = process.hrtime.bigint();
  router.dispatch(admin, 'statuses.tree', undefined);
  router.dispatch(admin, 'customers.page', { limit: 100, withTotal: true });
  const firstPageMs = openMs + Number(process.hrtime.bigint() - t1) / 1e6;
  let checkNote = 'checked before the start (a small file)';
  if (owed) {
    const reader = openReader(file);
    const t2 = process.hrtime.bigint();
    const full = deferredCheck(reader, file, owed);
    const checkMs = Number(process.hrtime.bigint() - t2) / 1e6;
    reader.close();
    if (full) recordFullCheck(db, full);
    checkNote = `then its ${owed === 'full' ? 'weekly full check' : 'quick_check'} on a reader: ${(checkMs / 1000).toFixed(1)} s (saves wait for it)`;
  }
  const sales = login(router, 'sales1', SALES_PASSWORD);
  ensureDelegations(db, sales.session!.id);
  // A second connection for the raw statements, as the router's own is wrapped for capturing.
  const rawDb = open();
  // A sorted search's statement tests ids against the hits' bitset (db/customers/hits.ts).
  registerHitFunction(rawDb);
  const captured = captureStatements(db);
  const rng: Rng = createRng(42);
  const created: number[] = [];
  // Keywords of the customers it creates: unique to this run, so the duplicate check finds none.
  const runTag = Date.now().toString(36);
  let serial = 0;
  const results: Measurement[] = [
    {
      operation: 'open to first page (tree + first block with total)',
      role: 'admin',
      times: [firstPageMs],
      rawTimes: [],
      rawSql: '',
      peakMb: process.resourceUsage().maxRSS / 1024,
      result: `open ${openMs.toFixed(1)} ms; ${checkNote}`,
    },
  ];

  const call = <N extends MethodName>(conn: Connection, name: N, input: Input<N>): Output<N> => {
    const r = router.dispatch(conn, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as Output<N>;
  };

  /**
   * Runs `fn` repeatedly (after one warm-up), timing each run with hrtime; the warm-up's read
   * statements are replayed raw (prepared once, same arguments) after each run and timed too.
   */
  function measure(operation: string, role: string, fn: (i: number) => string) {
    if (only && !only.test(operation)) return;
    captured.seen = [];
    captured.on = true;
    let result: string;
    try {
      result = fn(-1);
    } finally {
      captured.on = false;
    }
    const reads = captured.seen
      .filter((c) => /^\s*(SELECT|WITH)/i.test(c.sql))
      .map((c) => ({ stmt: rawDb.prepare(c.sql), args: c.args, sql: c.sql }));
    const times: number[] = [];
    const rawTimes: number[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < opts.runs; i++) {
      const t0 = process.hrtime.bigint();
      result = fn(i);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (reads.length) {
        const r0 = process.hrtime.bigint();
        for (const r of reads) r.stmt.all(...(r.args as []));
        rawTimes.push(Number(process.hrtime.bigint() - r0) / 1e6);
      }
      if (i + 1 >= opts.minRuns && Number(process.hrtime.bigint() - started) / 1e6 > opts.budgetMs) break;
    }
    const main = reads.find((r) => /\bcustomer\b|purchase/.test(r.sql)) ?? reads[0];
    const m: Measurement = {
      operation,
      role,
      times,
      rawTimes,
      rawSql: main ? main.sql.replace(/\s+/g, ' ').trim() : '',
      peakMb: process.resourceUsage().maxRSS / 1024,
      result,
    };
    results.push(m);
    const sorted = [...times].sort((a, b) => a - b);
    const raw = [...rawTimes].sort((a, b) => a - b);
    console.log(
      `  ${operation.padEnd(44)} ${role.padEnd(6)} median ${percentile(sorted, 50).toFixed(2).padStart(8)} ms` +
        `  p95 ${percentile(sorted, 95).toFixed(2).padStart(8)} ms  raw p95 ${percentile(raw, 95).toFixed(2).padStart(8)} ms` +
        `  (${times.length} runs; ${result})`,
    );
  }

  const rowsOf = (p: { rows: unknown[]; total: number | null }) =>
    p.total === null ? `${p.rows.length} rows` : `${p.rows.length} rows, total ${p.total.toLocaleString()}`;

  // Search terms taken from the data, so they exist whatever the seed.
  const sample = db
    .prepare<[], { keyword: string; name: string; phone: string }>(
      `SELECT keyword, name, phone FROM customer WHERE deleted_at IS NULL AND phone LIKE '0%' ORDER BY id LIMIT 1 OFFSET 123457`,
    )
    .get() ?? { keyword: '中兴', name: '深圳市中兴通讯有限公司', phone: '0755-86001234' };
  const brandTerm = sample.keyword;
  const at = sample.name.indexOf(sample.keyword);
  const fourChars = [...sample.name.slice(at, at + 4)].length === 4 ? sample.name.slice(at, at + 4) : '中兴通讯';
  const areaCode = sample.phone.split('-')[0];

  try {
    for (const [role, conn] of [
      ['admin', admin],
      ['sales', sales],
    ] as const) {
      console.log(`\n${role} (${conn.session!.login}):`);
      if (!only && benchWorkbench({ conn, role, measure, call }) === 'only') continue;
      if (role === 'admin') benchReminders(db, role, measure);
      let visible = call(conn, 'statuses.tree', undefined).total;
      measure('statuses.tree', role, () => {
        const t = call(conn, 'statuses.tree', undefined);
        visible = t.total;
        return `total ${t.total.toLocaleString()}`;
      });
      measure('page: first block + total', role, () =>
        rowsOf(call(conn, 'customers.page', { limit: 100, withTotal: true })),
      );
      measure('page: status 3 first block + total', role, () =>
        rowsOf(call(conn, 'customers.page', { statusId: 3, limit: 100, withTotal: true })),
      );
      const deep = Math.floor(visible * 0.9);
      // A far jump of the scroll bar: the first one builds the jump map up to that depth (timed
      // once, shown in the result), the measured ones seek its nearest mark. Then the next block
      // after the last row of the previous one, as the grid asks when scrolling on (keyset).
      const deepPages = (label: string, sort: Input<'customers.page'>['sort']) => {
        if (only && !only.test(`page: ${label}offset`) && !only.test(`page: ${label}next block`)) return;
        const t0 = process.hrtime.bigint();
        call(conn, 'customers.page', { offset: deep, limit: 100, sort });
        const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
        measure(`page: ${label}offset ${deep.toLocaleString()} (jump)`, role, () => {
          const r = rowsOf(call(conn, 'customers.page', { offset: deep, limit: 100, sort }));
          return `${r}; first jump ${firstMs.toFixed(0)} ms`;
        });
        const before = call(conn, 'customers.page', { offset: deep - 100, limit: 100, sort }).rows;
        const after = cursorOf(before[before.length - 1], sort ?? null);
        measure(`page: ${label}next block at ${deep.toLocaleString()} (cursor)`, role, () =>
          rowsOf(call(conn, 'customers.page', { offset: deep, limit: 100, sort, after })),
        );
      };
      deepPages('', null);
      for (const field of customerSortFields) {
        for (const dir of ['asc', 'desc'] as const) deepPages(`sort ${field} ${dir}, `, { field, dir });
      }
      measure('page: sort ownerName desc, first block', role, () =>
        rowsOf(call(conn, 'customers.page', { limit: 100, sort: { field: 'ownerName', dir: 'desc' } })),
      );
      for (const term of ['科技', '华', areaCode, 'zx', 'zhongxing', brandTerm, fourChars]) {
        measure(`search '${term}' + total`, role, () =>
          rowsOf(call(conn, 'customers.page', { search: term, limit: 100, withTotal: true })),
        );
      }
      // Sorted search: the first block reads the hits (a bitset, kept until the next commit;
      // forgotten before each run here), the next blocks and jumps of the same search reuse them.
      const kj = (sort: Input<'customers.page'>['sort'], offset: number) =>
        call(conn, 'customers.page', { search: '科技', offset, limit: 100, sort });
      measure(`search '科技' sorted by name, first block (hits read)`, role, () => {
        forgetHitSets();
        return rowsOf(kj({ field: 'name', dir: 'asc' }, 0));
      });
      measure(`search '科技' sorted by name, block 2`, role, () => rowsOf(kj({ field: 'name', dir: 'asc' }, 100)));
      for (const field of customerSortFields) {
        if (field === 'name') continue;
        const dir = field === 'createdOn' || field === 'ownerName' ? 'desc' : 'asc';
        measure(`search '科技' sorted by ${field} ${dir}, block 2`, role, () => rowsOf(kj({ field, dir }, 100)));
      }
      {
        const sort = { field: 'name', dir: 'desc' } as const;
        const depth = role === 'admin' ? 9_000 : 5_000;
        const t0 = process.hrtime.bigint();
        const before = kj(sort, depth - 100).rows;
        const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
        measure(`search '科技' sorted by name desc, offset ${depth.toLocaleString()} (jump)`, role, () => {
          const r = rowsOf(kj(sort, depth));
          return `${r}; first jump ${firstMs.toFixed(0)} ms`;
        });
        const after = cursorOf(before[before.length - 1], sort);
        measure(`search '科技' sorted by name desc, next block at ${depth.toLocaleString()} (cursor)`, role, () =>
          rowsOf(call(conn, 'customers.page', { search: '科技', offset: depth, limit: 100, sort, after })),
        );
      }
      const own = call(conn, 'customers.page', { limit: 1, offset: 10 }).rows[0];
      measure('customers.get', role, () => call(conn, 'customers.get', { id: own.id }).name);
      measure(`checkDuplicates: keyword '科技'`, role, () => {
        const r = call(conn, 'customers.checkDuplicates', { name: '深圳市某某科技有限公司', keyword: '科技' });
        return `${r.length} matches shown`;
      });
      measure('checkDuplicates: new name', role, (i) => {
        const city = CITIES[(i + 10) % CITIES.length][1];
        const name = `${city}${rng.pick(RARE)}${brandTerm}科技有限公司`;
        return `${call(conn, 'customers.checkDuplicates', { name, keyword: `${rng.pick(RARE)}${rng.pick(RARE)}` }).length} matches`;
      });
      measure('checkDuplicates: 1-char keyword', role, () => {
        const r = call(conn, 'customers.checkDuplicates', { name: '某某公司', keyword: [...brandTerm][0] });
        return `${r.length} matches`;
      });
      measure('save: customers.create (+ 操作日志)', role, () => {
        const kw = `${RARE[serial % RARE.length]}${RARE[(serial + 7) % RARE.length]}${runTag}x${serial++}y`;
        const c = call(conn, 'customers.create', {
          name: `深圳市${kw}科技有限公司`,
          keyword: kw,
          statusId: 1,
          ownerId: conn.session!.id,
          createdOn: new Date().toISOString().slice(0, 10),
          phone: '0755-26770000',
          region: '广东省深圳市',
        });
        created.push(c.id);
        return `id ${c.id}`;
      });
      let current = call(conn, 'customers.get', { id: own.id });
      measure('save: customers.update (+ 操作日志)', role, (i) => {
        const {
          statusName: _s,
          ownerName: _o,
          delegated: _d,
          pool: _p,
          masked: _m,
          deletedAt: _x,
          ...fields
        } = current;
        current = call(conn, 'customers.update', { ...fields, phone: `0755-8${String(i + 1000).padStart(7, '0')}` });
        return `version ${current.version}`;
      });
      measure('tab 9: 年费催缴 first block + totals', role, () => {
        const p = call(conn, 'fees.due', { limit: 100, withTotal: true });
        return `${p.rows.length} rows, ${p.totals?.count.toLocaleString()} due`;
      });
      measure('tab 9: 欠款统计 first block + totals', role, () => {
        const p = call(conn, 'fees.arrears', { limit: 100, withTotal: true });
        return `${p.rows.length} rows, total ${p.total?.toLocaleString()}`;
      });
    }
  } finally {
    if (created.length) {
      const r = router.dispatch(admin, 'customers.delete', { ids: created });
      if (!r.ok) console.error(`could not soft-delete the bench's customers: ${r.error.message}`);
    }
    db.close();
    rawDb.close();
  }
  return results;
}

/**
 * 导出 of every customer to .xlsx, as the administrator: export.start, then export.progress until
 * the worker thread has written the file. One run (it takes seconds); the result names the rows,
 * sheets and file size. The main thread stays free meanwhile: the polls' longest answer is shown.
 */
export async function runExportBench(opts: Pick<BenchOptions, 'customers' | 'data'>): Promise<Measurement> {
  const file = prepareData(opts.customers, opts.data);
  const db = openDatabase(file, { onDeferred: () => {} });
  const out = fs.mkdtempSync(path.join(path.dirname(file), 'export-'));
  const jobs = configureJobs(db, { tempDir: out });
  try {
    const router = createRouter(db);
    const admin = login(router, 'admin', ADMIN_PASSWORD);
    const call = <N extends MethodName>(name: N, input: Input<N>): Output<N> => {
      const r = router.dispatch(admin, name, input);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value as Output<N>;
    };
    // About 100,000 customers: the status whose count is nearest (the counters tell at once).
    const tree = call('statuses.tree', undefined);
    const status = [...tree.statuses].sort((a, b) => Math.abs(a.count - 100_000) - Math.abs(b.count - 100_000))[0];
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const t0 = process.hrtime.bigint();
    const { jobId } = call('export.start', { grid: 'customers', query: { statusId: status.id } });
    let slowestPoll = 0;
    let p: Output<'export.progress'>;
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const q0 = process.hrtime.bigint();
      p = call('export.progress', { jobId });
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      slowestPoll = Math.max(slowestPoll, Number(process.hrtime.bigint() - q0) / 1e6);
      if (p.state !== 'running') break;
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (p.state !== 'done') throw new Error(`export ${p.state}: ${p.error ?? ''}`);
    const size = fs.statSync(path.join(out, `${jobId}.xlsx`)).size;
    const m: Measurement = {
      operation: `export: ${status.name} to .xlsx (worker)`,
      role: 'admin',
      times: [ms],
      rawTimes: [],
      rawSql: '',
      peakMb: process.resourceUsage().maxRSS / 1024,
      result:
        `${p.done.toLocaleString()} rows, ${p.sheets} sheet(s), ${(size / 2 ** 20).toFixed(1)} MB; ` +
        `RSS ${(rssBefore / 2 ** 20).toFixed(0)} → peak ${(peakRss / 2 ** 20).toFixed(0)} MB (sampled); slowest poll ${slowestPoll.toFixed(2)} ms`,
    };
    console.log(`
  ${m.operation.padEnd(44)} ${m.role.padEnd(6)} ${(ms / 1000).toFixed(1)} s  (${m.result})`);
    return m;
  } finally {
    await jobs.close();
    fs.rmSync(out, { recursive: true, force: true });
    db.close();
  }
}

export function formatTable(results: Measurement[]): string {
  const lines = [
    '| operation | role | median ms | p95 ms | raw SQL p95 ms | router / raw (p95) | peak RSS MB | runs | result | main SQL |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const m of results) {
    const sorted = [...m.times].sort((a, b) => a - b);
    const raw = [...m.rawTimes].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const rawP95 = percentile(raw, 95);
    const ratio = raw.length ? (p95 / rawP95).toFixed(2) : '—';
    const sql = m.rawSql.length > 160 ? `${m.rawSql.slice(0, 160)}…` : m.rawSql;
    lines.push(
      `| ${m.operation} | ${m.role} | ${percentile(sorted, 50).toFixed(2)} | ${p95.toFixed(2)} | ` +
        `${raw.length ? rawP95.toFixed(2) : '—'} | ${ratio} | ${m.peakMb.toFixed(0)} | ${m.times.length} | ${m.result} | ` +
        `${sql ? `\`${sql.replace(/\|/g, '\\|')}\`` : ''} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '1000000' },
      data: { type: 'string' },
      runs: { type: 'string', default: '30' },
      budget: { type: 'string', default: '5000' },
      out: { type: 'string' },
      pg: { type: 'string' },
    },
  });
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers < 1) {
    console.error(
      '用法: npm run bench -- [--customers 1000000] [--data <folder> | --pg <url>] [--runs 30] [--budget <ms per operation>]',
    );
    process.exit(2);
  }
  const results = runBench({
    customers,
    data: values.data,
    pg: values.pg,
    runs: Number(values.runs),
    budgetMs: Number(values.budget),
    minRuns: 5,
  });
  // 公海 (BENCH_ONLY=pool): the sweep of 50,000 customers and 领取 — it moves customers, so only on request.
  if (only?.test('pool')) {
    const file = values.pg ? values.pg : prepareData(customers, values.data);
    const db = values.pg ? openPgDatabase(values.pg) : openDatabase(file);
    try {
      for (const r of await benchPool(db)) {
        const sorted = [...r.times].sort((a, b) => a - b);
        results.push({ ...r, times: sorted, rawTimes: [], rawSql: '', peakMb: process.resourceUsage().maxRSS / 1024 });
        console.log(
          `  ${r.operation.padEnd(44)} ${r.role.padEnd(6)} p95 ${percentile(sorted, 95).toFixed(2)} ms  (${r.result})`,
        );
      }
    } finally {
      db.close();
    }
  }
  // The export's bench reads a crm.db; on PostgreSQL the export runs in the data host (not measured here).
  if (!values.pg && (!only || only.test('export')))
    results.push(await runExportBench({ customers, data: values.data }));
  const mem = process.memoryUsage();
  console.log(`\n${customers.toLocaleString()} customers, node ${process.version}\n`);
  const table = formatTable(results);
  console.log(table);
  if (values.out) fs.writeFileSync(values.out, `${table}\n`);
  console.log(
    `\nmemory: RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB (peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB), ` +
      `JS heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
