/**
 * `npm run migrate:pg` (copy-to-pg.ts): an office built on SQLite through the real handlers (a
 * seeded office plus customers, contacts, records, a delegation, a payment, a status change and a
 * deletion, each with its 操作日志) is copied into an empty PostgreSQL database; every table then
 * holds the same rows, the chain verifies, search and counters answer as on SQLite, the app goes on
 * writing (fresh ids, log rows still guarded); a database that holds an office is refused, and a
 * run stopped half-way leaves what a second run finishes.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Input, MethodName, Output } from '../../core/contract.js';
import { ADMIN_PASSWORD, SALES_PASSWORD, seedDatabase } from '../../scripts/seed.js';
import type { Connection } from '../context.js';
import { verifyLogChain } from '../oplog-chain.js';
import { openDatabase, schemaVersion, type DB } from '../open.js';
import { createRouter } from '../router.js';
import { copy, copyPlan, MigrateRefused, searchDocOf } from './copy-to-pg.js';
import { openPgDatabase, refreshSearch } from './open-pg.js';
import type { PgDatabase } from './pg-database.js';
import { freshPgDatabase } from './pg-testing.js';

vi.setConfig({ testTimeout: 120_000 });

const clock = { now: () => new Date('2026-11-26T02:00:00.000Z') };
let dir: string;
let file: string;
const drops: Array<() => void> = [];

/** A router on `db` with admin and sales1 signed in. */
function office(db: DB) {
  const router = createRouter(db, clock);
  const login = (login: string, password: string) => {
    const conn: Connection = { session: null };
    const r = router.dispatch(conn, 'auth.login', { login, password });
    if (!r.ok) throw new Error(`${login}: ${r.error.message}`);
    return conn;
  };
  const ok = <N extends MethodName>(conn: Connection, name: N, input?: Input<N>): Output<N> => {
    const r = router.dispatch(conn, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as Output<N>;
  };
  return { router, ok, admin: login('admin', ADMIN_PASSWORD), sales: login('sales1', SALES_PASSWORD) };
}

/** The source office: a seeded crm.db, then changes through the handlers (操作日志 rows among them). */
function buildSource(db: DB) {
  seedDatabase(db, { customers: 300, sales: 3, until: new Date('2026-11-26T00:00:00Z') });
  const { ok, admin, sales } = office(db);
  const staffId = (login: string) => db.prepare('SELECT id FROM staff WHERE login = ?').pluck().get(login) as number;
  const sales1 = staffId('sales1');
  const sales2 = staffId('sales2');
  const made = [
    ['北京华为技术有限公司', '华为'],
    ['深圳市华强电子有限公司', '华强'],
    ['上海中兴软件有限公司', '中兴'],
    ['杭州阿里巴巴网络有限公司', '阿里'],
  ].map(
    ([name, keyword], i) =>
      ok(admin, 'customers.create', {
        name,
        keyword,
        statusId: 1,
        ownerId: i % 2 ? sales2 : sales1,
        createdOn: '2026-11-20',
        phone: `010-6${i}123456`,
        confirmDuplicates: true,
      }).id,
  );
  ok(sales, 'contacts.save', {
    customerId: made[0],
    token: ok(sales, 'contacts.list', { customerId: made[0] }).token,
    created: [{ name: '赵明', mobile: '13800138000' }],
  });
  ok(sales, 'records.save', {
    customerId: made[0],
    token: ok(sales, 'records.list', { customerId: made[0] }).token,
    created: [{ at: '2026-11-25T02:00:00.000Z', method: '电话', content: '询价', nextOn: '2026-12-01' }],
  });
  const c = ok(admin, 'customers.get', { id: made[2] });
  const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _x, ...fields } = c;
  ok(admin, 'customers.update', { ...fields, statusId: 3, confirmDuplicates: true });
  ok(admin, 'delegations.grant', { customerIds: [made[1]], toId: sales1 });
  ok(admin, 'customers.delete', { ids: [made[3]] });
  const owing = db
    .prepare<[], { id: number; version: number }>(
      `SELECT id, version FROM purchase WHERE amount_paid_cents + 100 <= amount_due_cents ORDER BY id LIMIT 1`,
    )
    .get()!;
  ok(admin, 'payments.create', {
    purchaseId: owing.id,
    version: owing.version,
    kind: 'goods',
    amountCents: 100,
    paidOn: '2026-11-26',
    handledBy: sales1,
    note: '',
  });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-copy-to-pg-'));
  file = path.join(dir, 'crm.db');
  const db = openDatabase(file);
  try {
    buildSource(db);
  } finally {
    db.close();
  }
}, 120_000);
afterAll(() => {
  for (const drop of drops) drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An empty PostgreSQL database (no schema: the copy migrates it), dropped after the file. */
function emptyTarget(): string {
  const fresh = freshPgDatabase({ empty: true });
  drops.push(fresh.drop);
  return fresh.url;
}

/** A table's rows, sorted, as JSON lines (the same text on both engines for equal rows). */
function rowsOf(db: DB, table: string, columns: string[]): string[] {
  return (
    db
      .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
      .raw()
      .all() as unknown[][]
  )
    .map((r) => JSON.stringify(r))
    .sort();
}

const pgTriggers = (pg: DB) =>
  pg
    .prepare(
      `SELECT c.relname || '.' || t.tgname || '=' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE NOT t.tgisinternal ORDER BY 1`,
    )
    .pluck()
    .all() as string[];
const pgIndexes = (pg: DB) =>
  pg.prepare(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`).pluck().all() as string[];
const pgKeys = (pg: DB) =>
  pg
    .prepare(
      `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
        WHERE contype = 'f' ORDER BY 1`,
    )
    .pluck()
    .all() as string[];

describe('copy (npm run migrate:pg)', () => {
  let url: string;
  let lite: DB;
  let pg: DB;
  beforeAll(async () => {
    url = emptyTarget();
    const seen: string[] = [];
    const result = await copy(file, url, { onProgress: (p) => seen.push(p.table ?? p.phase) });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(expect.arrayContaining(['check', 'customer', 'record', 'search', 'indexes', 'chain']));
    for (const t of result.tables) expect(t.pg, t.table).toBe(t.sqlite);
    expect(result.tables.find((t) => t.table === 'customer')?.pg).toBe(304);
    lite = openDatabase(file);
    pg = openPgDatabase(url);
  });
  afterAll(() => {
    lite?.close();
    pg?.close();
  });

  it('copies every row of every table as it is, counters and sums included', () => {
    const plan = copyPlan();
    expect(plan.map((t) => t.name)).toEqual(
      expect.arrayContaining(['staff', 'customer', 'record', 'customer_count', 'money_day', 'fee_due_purchase']),
    );
    expect(plan.map((t) => t.name)).not.toContain('customer_search');
    for (const t of plan) expect(rowsOf(pg, t.name, t.columns), t.name).toEqual(rowsOf(lite, t.name, t.columns));
    expect(lite.prepare('SELECT count(*) FROM status_change').pluck().get()).toBe(1);
    expect(lite.prepare('SELECT count(*) FROM delegation').pluck().get()).toBeGreaterThan(0);
  });

  it('keeps the 操作日志 chain, and its rows still cannot be changed or deleted', () => {
    const before = verifyLogChain(lite);
    expect(before.ok).toBe(true);
    expect(before.count).toBeGreaterThan(5);
    expect(verifyLogChain(pg)).toEqual(before);
    expect(() => pg.prepare(`UPDATE record SET content = 'x' WHERE kind = 'log'`).run()).toThrow(/操作日志/);
    expect(() => pg.prepare(`DELETE FROM record WHERE kind = 'log'`).run()).toThrow(/操作日志/);
  });

  it('gives the same search results, counters, 工作台 and statistics as the crm.db', () => {
    const a = office(lite);
    const b = office(pg);
    const ids = (o: typeof a, conn: Connection, search: string) => {
      const page = o.ok(conn, 'customers.page', { search, limit: 1000, withTotal: true });
      return { ids: page.rows.map((r) => r.id).sort((x, y) => x - y), total: page.total };
    };
    for (const q of ['华', '华为', 'huawei', 'hw', '赵明', '138001', '有限公司']) {
      for (const conn of ['admin', 'sales'] as const) {
        const want = ids(a, a[conn], q);
        if (q !== '有限公司') expect(want.ids.length, q).toBeGreaterThan(0);
        expect(ids(b, b[conn], q), `${conn} ${q}`).toEqual(want);
      }
    }
    const reads = [
      ['statuses.tree', undefined],
      ['fees.summary', undefined],
      ['workbench.summary', undefined],
      ['fees.arrears', { limit: 50, withTotal: true }],
      ['stats.money', { from: '2019-01-01', to: '2026-12-31' }],
      ['stats.statusChanges', { from: '2026-01-01', to: '2026-12-31' }],
    ] as const;
    for (const [method, input] of reads) {
      for (const conn of ['admin', 'sales'] as const) {
        const x = a.router.dispatch(a[conn], method, input as never);
        expect(x.ok, method).toBe(true);
        expect(b.router.dispatch(b[conn], method, input as never), `${conn} ${method}`).toEqual(x);
      }
    }
  });

  it('writes every customer the search document the app writes after a change', () => {
    const docs = () =>
      pg.prepare('SELECT id, doc::text AS doc FROM customer_search ORDER BY id').all() as { id: number; doc: string }[];
    const copied = docs();
    expect(copied).toHaveLength(304);
    const text = pg.prepare('SELECT text, scope FROM customer_search_text WHERE id = ?');
    const first = text.get(copied[0].id) as { text: string; scope: string };
    expect(searchDocOf(first.text, first.scope).length).toBeGreaterThan(0);
    // Every customer marked as changed: refreshSearch rewrites the documents, and they are the same.
    pg.transaction(() => pg.prepare('INSERT INTO customer_search_dirty (id) SELECT id FROM customer').run())();
    expect(pg.prepare('SELECT count(*) FROM customer_search_dirty').pluck().get()).toBe(0);
    expect(docs()).toEqual(copied);
    expect(refreshSearch).toBeTypeOf('function');
  });

  it('leaves the triggers, indexes and foreign keys of a freshly migrated database', () => {
    const fresh = freshPgDatabase();
    drops.push(fresh.drop);
    const other = openPgDatabase(fresh.url);
    try {
      expect(pgTriggers(pg)).toEqual(pgTriggers(other));
      expect(pgTriggers(pg).every((t) => t.endsWith('=O'))).toBe(true);
      expect(pgIndexes(pg)).toEqual(pgIndexes(other));
      expect(pgKeys(pg)).toEqual(pgKeys(other));
    } finally {
      other.close();
    }
  });

  it('goes on after the copy: a new customer gets a fresh id, with its counters and search', () => {
    const b = office(pg);
    const max = pg.prepare('SELECT max(id) FROM customer').pluck().get() as number;
    const countBefore = b.ok(b.admin, 'statuses.tree');
    const made = b.ok(b.admin, 'customers.create', {
      name: '迁移之后新建的客户有限公司',
      keyword: '迁移之后',
      statusId: 1,
      ownerId: b.admin.session!.id,
      createdOn: '2026-11-26',
      confirmDuplicates: true,
    });
    expect(made.id).toBe(max + 1);
    expect(b.ok(b.admin, 'customers.page', { search: '迁移之后', limit: 10 }).rows.map((r) => r.id)).toEqual([made.id]);
    expect(JSON.stringify(b.ok(b.admin, 'statuses.tree'))).not.toEqual(JSON.stringify(countBefore));
    expect(verifyLogChain(pg).ok).toBe(true);
    // Every identity sequence is past its table's ids (a contact, a record …).
    for (const t of ['contact', 'record', 'purchase', 'payment', 'quote', 'delegation', 'status_change', 'staff']) {
      const seq = (pg as unknown as PgDatabase).query(
        `SELECT (SELECT coalesce(max(id), 0) FROM ${t}) AS max,
                (SELECT last_value FROM ${t}_id_seq) AS last, (SELECT is_called FROM ${t}_id_seq) AS called`,
      ).rows[0] as { max: number; last: number; called: boolean };
      expect(seq.called ? seq.last : seq.last - 1, t).toBeGreaterThanOrEqual(seq.max);
    }
  });

  it('refuses a database that already holds an office, and writes nothing', async () => {
    const before = pg.prepare('SELECT count(*) FROM customer').pluck().get();
    const err = await copy(file, url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MigrateRefused);
    expect((err as Error).message).toMatch(/已经有办公室的数据.*staff/);
    expect((err as Error).message).not.toMatch(/:kehu_test@/);
    expect(pg.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(before);
    expect(pgTriggers(pg).every((t) => t.endsWith('=O'))).toBe(true);
  });
});

describe('copy refusals and interruptions', () => {
  it('refuses a crm.db of another schema version before touching the target', async () => {
    const old = path.join(dir, 'old.db');
    fs.copyFileSync(file, old);
    const db = new Database(old);
    const newest = schemaVersion();
    db.pragma(`user_version = ${newest - 1}`);
    db.close();
    const url = emptyTarget();
    await expect(copy(old, url)).rejects.toThrow(`数据结构版本是 ${newest - 1}，本程序是 ${newest}`);
    await expect(copy(path.join(dir, 'missing.db'), url)).rejects.toThrow(MigrateRefused);
    // Nothing at all was written: not even the schema.
    const pg = openPgDatabase(url, { readonly: true });
    try {
      expect(pg.prepare(`SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`).pluck().get()).toBe(0);
    } finally {
      pg.close();
    }
  });

  it('stopped half-way, leaves an empty office that a second run fills', async () => {
    const url = emptyTarget();
    for (const failAfter of ['record', 'search', 'constraints']) {
      await expect(copy(file, url, { failAfter })).rejects.toThrow(/中断/);
      const pg = openPgDatabase(url);
      try {
        for (const t of ['staff', 'customer', 'record', 'customer_search', 'customer_count']) {
          expect(pg.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), `${failAfter} ${t}`).toBe(0);
        }
        // The baseline's 客户状态 are back, and so are its triggers and indexes.
        expect(pg.prepare('SELECT count(*) FROM customer_status').pluck().get()).toBe(4);
        expect(pgTriggers(pg).every((t) => t.endsWith('=O'))).toBe(true);
        expect(pgIndexes(pg).length).toBeGreaterThan(40);
      } finally {
        pg.close();
      }
    }
    const result = await copy(file, url);
    expect(result.ok).toBe(true);
    expect(result.chain.ok && result.chain.count).toBeGreaterThan(5);
  });
});

describe('npm run migrate:pg (the script)', () => {
  const run = (url: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/migrate-pg.ts', '--data', dir, '--pg', url], {
      encoding: 'utf8',
      cwd: path.resolve(import.meta.dirname, '../..'),
    });

  it('prints rows per table on both sides, exits 0; a second run is refused with exit code 1; no password', () => {
    const url = emptyTarget();
    const password = new URL(url).password;
    const first = run(url);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/表\s+crm\.db 行数\s+PostgreSQL 行数/);
    expect(first.stdout).toMatch(/customer\s+304\s+304\s+✓/);
    expect(first.stdout).toMatch(/customer_search\s+304\s+304\s+✓/);
    expect(first.stdout).not.toContain('✗');
    expect(first.stdout).toContain('操作日志链校验通过');
    const second = run(url);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('已经有办公室的数据');
    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) {
      expect(out).not.toContain(`:${password}@`);
    }
  });
});
