/** Test helpers: a real database in a temporary folder, a router, and logged-in connections. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppErrorShape, Customer, Input, MethodName, Output, Purchase, Result, Role } from '../core/contract.js';
import { noEffects, type Clock, type Connection, type Ctx } from './context.js';
import { openPgTestDatabase, testEngine } from './engine/pg-testing.js';
import { openDatabase, type DB } from './open.js';
import { hashPassword, PasswordWork } from './password.js';
import { createRouter, type Router } from './router.js';
import { runSystemTasks } from './system.js';

export { testEngine };

export interface TestApp {
  db: DB;
  dir: string;
  router: Router;
  clock: Clock & { set(iso: string): void };
  /** A connection logged in as the given login (password 'secret1'). */
  login(login: string): Connection;
  call<N extends MethodName>(conn: Connection, name: N, input?: Input<N>): Result<Output<N>>;
  /** Like call, but throws on failure and returns the value. */
  ok<N extends MethodName>(conn: Connection, name: N, input?: Input<N>): Output<N>;
  /** A member of staff (a 销售经理 needs `departmentId`). */
  addStaff(name: string, login: string, role?: Role, departmentId?: number | null): number;
  /** The data host's periodic system writes (e.g. '授权已到期' lines), as its timer runs them. */
  sweep(): number[];
  /** The one value of a query, e.g. `count('SELECT count(*) FROM customer WHERE owner_id = ?', id)`. */
  count(sql: string, ...params: unknown[]): number;
  /** A customer's 操作日志 lines, oldest first. */
  logsOf(customerId: number): string[];
  close(): void;
}

export function createTestApp(): TestApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-test-'));
  // The same suites run on either engine (KEHU_TEST_ENGINE=pg: db/engine/pg-testing.ts).
  const db = testEngine() === 'pg' ? openPgTestDatabase() : openDatabase(path.join(dir, 'crm.db'));
  let now = new Date('2026-11-26T02:00:00.000Z');
  const clock = { now: () => new Date(now), set: (iso: string) => (now = new Date(iso)) };
  const router = createRouter(db, clock);
  const hash = hashPassword('secret1');
  const app: TestApp = {
    db,
    dir,
    router,
    clock,
    login(login) {
      const conn: Connection = { session: null };
      const r = router.dispatch(conn, 'auth.login', { login, password: 'secret1' });
      if (!r.ok) throw new Error(`login ${login}: ${r.error.message}`);
      return conn;
    },
    call: (conn, name, input) => router.dispatch(conn, name, input) as never,
    ok(conn, name, input) {
      const r = router.dispatch(conn, name, input);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    addStaff(name, login, role = 'sales', departmentId = null) {
      const at = now.toISOString();
      return Number(
        db
          .prepare(
            `INSERT INTO staff (name, login, password_hash, role, department_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(name, login, hash, role, departmentId, at, at).lastInsertRowid,
      );
    },
    sweep: () => runSystemTasks(db, clock),
    count: (sql, ...params) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number,
    logsOf: (customerId) =>
      db
        .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
        .pluck()
        .all(customerId) as string[],
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}

/** The fields of a new customer, with what a test cares about overridden. */
export function newCustomer(ownerId: number, over: Partial<Input<'customers.create'>> = {}): Input<'customers.create'> {
  return {
    name: '深圳市中兴通讯股份有限公司',
    keyword: '中兴',
    statusId: 1,
    ownerId,
    createdOn: '2026-11-26',
    ...over,
  };
}

/** The error of a call that had to fail; throws (failing the test) when the call succeeded. */
export function failure(r: Result<unknown>): AppErrorShape {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`);
  return r.error;
}

/** The office most tests start from: 张经理 (administrator), 王伟 and 李娜 (salespeople), each logged in. */
export function createOffice() {
  const app = createTestApp();
  const adminId = app.addStaff('张经理', 'admin', 'admin');
  const wangId = app.addStaff('王伟', 'wang');
  const liId = app.addStaff('李娜', 'li');
  return { app, adminId, wangId, liId, admin: app.login('admin'), wang: app.login('wang'), li: app.login('li') };
}

/** A handler context for calling a query builder directly, as the router would build it. */
export function ctxOf(app: TestApp, conn: Connection): Ctx {
  return {
    db: app.db,
    conn,
    clock: app.clock,
    user: conn.session!,
    passwords: new PasswordWork(),
    effects: noEffects(),
  };
}

/** What createOffice returns: the app, the three staff ids and their logged-in connections. */
export type Office = ReturnType<typeof createOffice>;

/** What 购买情况's grid sends back for a loaded purchase: its editable fields, id and version, and the changes. */
export function purchaseEdit(
  p: Purchase,
  over: Partial<NonNullable<Input<'purchases.save'>['updated']>[number]> = {},
): NonNullable<Input<'purchases.save'>['updated']>[number] {
  return {
    id: p.id,
    version: p.version,
    productId: p.productId,
    purchasedOn: p.purchasedOn,
    quantity: p.quantity,
    unitPriceCents: p.unitPriceCents,
    amountPaidCents: p.amountPaidCents,
    annualFeeCents: p.annualFeeCents,
    annualFeeRemind: p.annualFeeRemind,
    serviceEndOn: p.serviceEndOn,
    note: p.note,
    ...over,
  };
}

/**
 * From now on, every statement `db` runs (all, get, iterate) is noted in `seen` with its last
 * arguments — for the query-plan tests, which then EXPLAIN each one.
 */
export function recordStatements(db: DB, seen: Map<string, unknown[]>): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        seen.set(sql, args);
        return run(...args);
      };
    }
    return stmt;
  }) as typeof db.prepare;
}

/**
 * The grid tests' office (keyset paging, sorted search): `count` customers, two in three Li's and
 * the rest Wang's, over the four statuses, with many ties — names, 创建日期, 电话 and 地区 repeat,
 * and 电话 and 地区 are often '' (the sort columns are NOT NULL) — the first `delegate` of Li's
 * customers delegated to Wang, and the customers `deleted` in the recycle bin.
 */
export function gridOffice(opts: {
  count: number;
  names: readonly string[];
  keyword: (i: number) => string;
  delegate: number;
  deleted: number[];
}) {
  const office = createOffice();
  const { app, admin, wangId, liId } = office;
  const days = ['2026-01-05', '2026-03-01', '2026-03-01', '2025-12-31', '2026-11-26'];
  const phones = ['', '0755-86001234', '010-12345678', ''];
  const regions = ['', '广东省深圳市', '北京市'];
  for (let i = 0; i < opts.count; i++) {
    app.ok(
      admin,
      'customers.create',
      newCustomer(i % 3 ? liId : wangId, {
        name: opts.names[i % opts.names.length],
        keyword: opts.keyword(i),
        statusId: (i % 4) + 1,
        createdOn: days[i % days.length],
        phone: phones[i % phones.length],
        region: regions[i % regions.length],
        confirmDuplicates: true,
      }),
    );
  }
  const lis = app.db.prepare<[number], number>('SELECT id FROM customer WHERE owner_id = ? ORDER BY id').pluck();
  app.ok(admin, 'delegations.grant', { customerIds: lis.all(liId).slice(0, opts.delegate), toId: wangId });
  app.ok(admin, 'customers.delete', { ids: opts.deleted });
  return office;
}

/** customers.update's input from a customer as customers.get returns it (its editable fields, id, version), with changes. */
export function customerEdit(c: Customer, over: Partial<Input<'customers.update'>> = {}): Input<'customers.update'> {
  const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _x, ...fields } = c;
  return { ...fields, ...over };
}

/** A row as the import writes it (insertCustomers): a new customer's fields, every optional one empty. */
export function importRow(ownerId: number, over: Partial<Input<'customers.create'>> = {}) {
  return {
    ...newCustomer(ownerId, over),
    industry: '',
    source: '',
    region: '',
    address: '',
    phone: '',
    fax: '',
    website: '',
    email: '',
    note: '',
  };
}

/**
 * The query plan of `sql` as one line of text, on either engine: SQLite's EXPLAIN QUERY PLAN, or
 * PostgreSQL's EXPLAIN with sequential scans and sorts priced out (a test's few rows would make
 * PostgreSQL read the table and sort it whatever indexes it has: the question is whether an index
 * can serve the query, and its order — a `Seq Scan` or `Sort` left in the plan means none can).
 */
export function planOf(db: DB, sql: string, ...params: unknown[]): string {
  if (testEngine() === 'pg') {
    return db.transaction(() => {
      db.prepare('SET LOCAL enable_seqscan = off').run();
      db.prepare('SET LOCAL enable_sort = off').run();
      return db
        .prepare(`EXPLAIN ${sql}`)
        .pluck()
        .all(...params)
        .join(' ');
    })();
  }
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((p) => p.detail)
    .join(' ');
}

/**
 * What a connection's writes leave behind, for tests that a call writes nothing: a count of the
 * changes and a checksum of every table's rows. SQLite counts the rows its statements changed
 * (total_changes()); PostgreSQL has no such counter, so each row's xmin stands in (an insert or
 * update, even to the same values, makes a row version of its own) with the sequences' values
 * (which an insert moves even when it is rolled back).
 */
export function writeState(db: DB): { changes: unknown; checksum: string } {
  const pg = testEngine() === 'pg';
  const changes = pg
    ? db
        .prepare(`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1`)
        .all()
    : db.prepare('SELECT total_changes() AS n').pluck().get();
  const tables = db
    .prepare(
      pg
        ? `SELECT table_name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
        : `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .pluck()
    .all() as string[];
  const rows = tables.map((t) => {
    const all = db
      .prepare(`SELECT ${pg ? 'xmin::text AS row_version, ' : ''}* FROM "${t}"`)
      .raw()
      .all() as unknown[][];
    return `${t}:${JSON.stringify(all.map((r) => JSON.stringify(r)).sort())}`;
  });
  return { changes, checksum: rows.join('\n') };
}

/**
 * Drops trigger `name` of `table`, as a test does to write behind the triggers' back (SQLite's
 * DROP TRIGGER names no table; PostgreSQL's must).
 */
export function dropTrigger(db: DB, table: string, name: string): void {
  db.exec(testEngine() === 'pg' ? `DROP TRIGGER ${name} ON ${table}` : `DROP TRIGGER ${name}`);
}
