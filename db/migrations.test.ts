/**
 * Every migration on a database that holds rows: the schema built fresh equals the schema reached
 * by migrating, step by step from 0001, a file full of data; and each migration after 0001 keeps
 * the rows it finds and does what it says on them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID } from './integrity.js';
import { defaultMigrationsDir, loadMigrations, openDatabase, schemaVersion, type DB } from './open.js';
import { statsCountersAndRecount } from './handlers/stats-recount.js';
import { instalmentCountersAndRecount } from './instalments/counters.js';
import { verifyLogChain } from './oplog-chain.js';

let dir: string;
const opened: DB[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-migrations-'));
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens `file` with only the migrations up to `version` (a copy of the real files). */
function openAt(file: string, version: number): DB {
  const only = path.join(dir, `migrations-${version}`);
  if (!fs.existsSync(only)) {
    fs.mkdirSync(only);
    for (const m of loadMigrations().filter((x) => x.version <= version)) {
      fs.writeFileSync(path.join(only, m.name), m.sql);
    }
  }
  const db = openDatabase(file, { migrationsDir: only });
  opened.push(db);
  return db;
}

const T = '2026-11-26T02:00:00.000Z';

/** An office's worth of rows, written with the columns 0001 has. */
function fillAtVersion1(db: DB): void {
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  db.transaction(() => {
    run(
      `INSERT INTO staff (id, name, login, role, created_at, updated_at) VALUES (1, '张经理', 'admin', 'admin', ?, ?)`,
      T,
      T,
    );
    run(
      `INSERT INTO staff (id, name, login, role, created_at, updated_at) VALUES (2, '王伟', 'wang', 'sales', ?, ?)`,
      T,
      T,
    );
    run(`INSERT INTO supplier (id, name, created_at, updated_at) VALUES (1, '华为技术', ?, ?)`, T, T);
    run(`INSERT INTO product_category (id, name) VALUES (1, '软件')`);
    run(
      `INSERT INTO product (id, code, name, category_id, guide_price_cents, annual_fee_cents, supplier_id, created_at, updated_at)
       VALUES (1, 'P-001', '客户管理系统', 1, 1280000, 200000, 1, ?, ?)`,
      T,
      T,
    );
    for (let i = 1; i <= 30; i++) {
      run(
        `INSERT INTO customer (id, name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, region, phone, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-0${(i % 9) + 1}', '深圳', '0755-2677000${i % 10}', ?, ?)`,
        i,
        `深圳市客户${i}有限公司`,
        `客户${i}`,
        `深圳市客户${i}有限公司`,
        `客户${i}`,
        (i % 4) + 1,
        (i % 2) + 1,
        T,
        T,
      );
      run(
        `INSERT INTO contact (customer_id, name, is_primary, created_at, updated_at) VALUES (?, '李娜', 1, ?, ?)`,
        i,
        T,
        T,
      );
      run(
        `INSERT INTO record (customer_id, kind, at, content, author_id, created_at, updated_at) VALUES (?, 'log', ?, ?, 1, ?, ?)`,
        i,
        T,
        i === 7 ? '客户状态: 潜在客户 → 正式客户' : `创建客户 深圳市客户${i}有限公司`,
        T,
        T,
      );
      run(
        `INSERT INTO record (customer_id, kind, at, method, contact_id, content, next_on, created_at, updated_at)
         VALUES (?, 'followup', ?, '电话', ?, '电话回访', ?, ?, ?)`,
        i,
        T,
        i,
        i % 5 === 0 ? `2026-12-0${i / 5}` : null,
        T,
        T,
      );
      run(
        `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, created_at, updated_at)
         VALUES (?, 1, '2026-11-20', 1, 1200000, ?, ?)`,
        i,
        T,
        T,
      );
      const paid = i % 3 === 0 ? 500000 : 1280000;
      const purchase = run(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents, amount_paid_cents,
                               annual_fee_cents, annual_fee_remind, service_end_on, salesperson_id, created_at, updated_at)
         VALUES (?, 1, '2026-01-15', 1, 1280000, 1280000, ?, 200000, ?, '2026-12-${String((i % 28) + 1).padStart(2, '0')}', 2, ?, ?)`,
        i,
        paid,
        i % 2,
        T,
        T,
      ).lastInsertRowid;
      run(
        `INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, handled_by, created_at) VALUES (?, 'goods', ?, '2026-01-15', 2, ?)`,
        purchase,
        paid,
        T,
      );
    }
    run(
      `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at) VALUES (2, 1, 2, '2026-11-01', 1, ?)`,
      T,
    );
    run(`INSERT INTO setting (key, value) VALUES ('company.name', '深圳市示例科技有限公司')`);
  })();
}

const TABLES = [
  'staff',
  'customer_status',
  'customer',
  'contact',
  'record',
  'product_category',
  'supplier',
  'product',
  'quote',
  'purchase',
  'payment',
  'delegation',
  'setting',
];

/** Every row of the domain tables, with the columns `columns` names per table (or all). */
function snapshot(db: DB, columns?: Record<string, string[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    const cols = columns?.[t]?.join(', ') ?? '*';
    out[t] = db.prepare(`SELECT ${cols} FROM ${t} ORDER BY rowid`).all();
  }
  return out;
}

function columnsOf(db: DB): Record<string, string[]> {
  return Object.fromEntries(
    TABLES.map((t) => [
      t,
      (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]).map((c) => `"${c}"`),
    ]),
  );
}

function schemaOf(db: DB) {
  return {
    objects: db
      .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
      .all(),
    userVersion: db.pragma('user_version', { simple: true }),
    applicationId: db.pragma('application_id', { simple: true }),
  };
}

describe('migrations', () => {
  it('the schema built fresh equals the schema reached from 0001 on a file holding rows', () => {
    const fresh = openDatabase(path.join(dir, 'fresh.db'));
    opened.push(fresh);

    const file = path.join(dir, 'old.db');
    fillAtVersion1(openAt(file, 1));
    opened.pop()!.close();
    const migrated = openDatabase(file);
    opened.push(migrated);

    expect(schemaOf(migrated)).toEqual(schemaOf(fresh));
    expect(schemaOf(fresh).userVersion).toBe(schemaVersion());
    expect(schemaOf(fresh).applicationId).toBe(APPLICATION_ID);
    expect(migrated.prepare(`SELECT count(*) FROM customer`).pluck().get()).toBe(30);
    expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
  });

  /** What each migration must do on the rows it finds, beyond keeping them. */
  const effects: Record<number, (before: DB, after: DB) => void> = {
    2: (_before, after) => {
      const plan = after
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM customer WHERE deleted_at IS NULL AND status_id = 2 ORDER BY name, id LIMIT 10`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('customer_live_status_name');
      const cols = after.prepare(`SELECT name FROM pragma_index_info('customer_live_name')`).pluck().all();
      expect(cols).toEqual(['name', 'id', 'owner_id']);
    },
    3: (_before, after) => {
      const plan = after.prepare(`EXPLAIN QUERY PLAN SELECT id FROM record WHERE contact_id = 3`).all() as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('record_contact');
    },
    4: (before, after) => {
      const arrears = `SELECT customer_id, amount_due_cents - amount_paid_cents AS owed FROM purchase
                       WHERE amount_paid_cents < amount_due_cents ORDER BY customer_id`;
      expect(after.prepare(arrears).all()).toEqual(before.prepare(arrears).all());
      expect(after.prepare(arrears).all()).toHaveLength(10);
      const cols = after.prepare(`SELECT name FROM pragma_index_info('purchase_fee_due')`).pluck().all();
      expect(cols).toEqual(['service_end_on', 'customer_id', 'annual_fee_cents']);
    },
    5: (before, after) => {
      // The counters start equal to a recount of the customers found, and every customer is searchable.
      const recount = `SELECT owner_id, status_id, deleted_at IS NOT NULL AS deleted, count(*) AS n FROM customer
                       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
      expect(
        after.prepare(`SELECT owner_id, status_id, deleted, n FROM customer_count WHERE n > 0 ORDER BY 1, 2, 3`).all(),
      ).toEqual(before.prepare(recount).all());
      expect(after.prepare(`SELECT count(*) FROM customer_search`).pluck().get()).toBe(
        after.prepare(`SELECT count(*) FROM customer`).pluck().get(),
      );
    },
    6: (_before, after) => {
      // The 30 old 操作日志 are sealed into the chain in id order; 维护记录 carry no link.
      const logs = after.prepare(`SELECT id, log_seq FROM record WHERE kind = 'log' ORDER BY id`).all() as {
        id: number;
        log_seq: number;
      }[];
      expect(logs.map((l) => l.log_seq)).toEqual(logs.map((_l, i) => i + 1));
      expect(
        after.prepare(`SELECT count(*) FROM record WHERE kind = 'followup' AND log_seq IS NOT NULL`).pluck().get(),
      ).toBe(0);
      expect(verifyLogChain(after)).toEqual({ ok: true, count: 30 });
      // Still unchangeable once sealed.
      expect(() => after.prepare(`UPDATE record SET content = 'x' WHERE id = ?`).run(logs[0].id)).toThrow(
        '操作日志不能修改',
      );
      expect(() => after.prepare(`UPDATE record SET kind = 'log' WHERE kind = 'followup'`).run()).toThrow(
        '记录的属性不能更改',
      );
    },
    10: (before, after) => {
      // The per-customer arrears summary and its per-salesperson totals equal a recount of the
      // purchases found, and stay equal after a payment (triggers).
      const recount = `SELECT p.customer_id, count(*) AS n, sum(p.amount_due_cents - p.amount_paid_cents) AS owed,
                         min(p.purchased_on) AS earliest
                       FROM purchase p WHERE p.amount_paid_cents < p.amount_due_cents GROUP BY 1 ORDER BY 1`;
      const summary = `SELECT customer_id, purchases AS n, arrears_cents AS owed, earliest_on AS earliest
                       FROM customer_arrears ORDER BY 1`;
      expect(after.prepare(summary).all()).toEqual(before.prepare(recount).all());
      expect(after.prepare(summary).all().length).toBeGreaterThan(0);
      const owners = `SELECT owner_id, live, customers, purchases, due_cents, paid_cents FROM arrears_count
                      WHERE customers > 0 ORDER BY 1, 2`;
      const ownersRecount = `SELECT c.owner_id, c.deleted_at IS NULL AS live, count(DISTINCT p.customer_id) AS customers,
                               count(*) AS purchases, sum(p.amount_due_cents) AS due_cents,
                               sum(p.amount_paid_cents) AS paid_cents
                             FROM purchase p JOIN customer c ON c.id = p.customer_id
                             WHERE p.amount_paid_cents < p.amount_due_cents GROUP BY 1, 2 ORDER BY 1, 2`;
      expect(after.prepare(owners).all()).toEqual(before.prepare(ownersRecount).all());
      after.exec(`UPDATE purchase SET amount_paid_cents = amount_due_cents
                  WHERE id = (SELECT min(id) FROM purchase WHERE amount_paid_cents < amount_due_cents)`);
      expect(after.prepare(summary).all()).toEqual(after.prepare(recount).all());
      expect(after.prepare(owners).all()).toEqual(after.prepare(ownersRecount).all());
    },
    11: (_before, after) => {
      // Every counter of 0011 starts equal to a recount of the rows found (30 purchases, 30
      // payments, 30 维护记录 of 2 salespeople), and stays so through a payment, a transfer and a
      // soft delete (the triggers; db/handlers/stats-counters.test.ts covers every kind of write).
      const check = () => {
        for (const [name, t] of Object.entries(statsCountersAndRecount(after))) {
          expect(t.counters, name).toEqual(t.recount);
          expect(t.counters.length, name).toBeGreaterThan(0);
        }
      };
      check();
      expect(after.prepare(`SELECT sum(sales_cents), sum(collected_cents) FROM money_day`).raw().get()).toEqual([
        30 * 1280000,
        10 * 500000 + 20 * 1280000,
      ]);
      expect(after.prepare(`SELECT sum(purchases), sum(cents) FROM arrears_day`).raw().get()).toEqual([
        10,
        10 * 780000,
      ]);
      expect(after.prepare(`SELECT sum(n) FROM followup_activity`).pluck().get()).toBe(30);
      after.exec(`UPDATE purchase SET amount_paid_cents = amount_due_cents WHERE customer_id = 3`);
      after.exec(`INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, created_at)
                  SELECT id, 'goods', 1, '2026-12-01', '${T}' FROM purchase WHERE customer_id = 6`);
      after.exec(`UPDATE customer SET owner_id = 1 WHERE id = 4`);
      after.exec(`UPDATE customer SET deleted_at = '${T}' WHERE id = 9`);
      check();
      expect(after.prepare(`SELECT sum(purchases) FROM arrears_day WHERE live = 1`).pluck().get()).toBe(8);
    },
    12: (before, after) => {
      // 年费催缴's sums per (服务截止期限, 业务员) and per (month, 业务员) equal a recount of the flagged
      // purchases of live customers found, and stay equal after a soft delete and an edit (triggers).
      const recount = (
        bucket: string,
      ) => `SELECT ${bucket} AS k, c.owner_id, count(*) AS n, sum(p.annual_fee_cents) AS fee
        FROM purchase p JOIN customer c ON c.id = p.customer_id
        WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
        GROUP BY 1, 2 ORDER BY 1, 2`;
      const days = `SELECT day AS k, owner_id, n, fee_cents AS fee FROM fee_due_day WHERE n <> 0 ORDER BY 1, 2`;
      const months = `SELECT month AS k, owner_id, n, fee_cents AS fee FROM fee_due_month WHERE n <> 0 ORDER BY 1, 2`;
      expect(after.prepare(days).all()).toEqual(before.prepare(recount('p.service_end_on')).all());
      expect(after.prepare(days).all().length).toBeGreaterThan(5);
      expect(after.prepare(months).all()).toEqual(before.prepare(recount('substr(p.service_end_on, 1, 7)')).all());
      after.prepare(`UPDATE customer SET deleted_at = ? WHERE id = 3`).run(T);
      after.exec(`UPDATE purchase SET service_end_on = '2027-01-05', annual_fee_cents = 7
                  WHERE id = (SELECT min(id) FROM purchase WHERE annual_fee_remind = 1 AND customer_id <> 3)`);
      expect(after.prepare(days).all()).toEqual(after.prepare(recount('p.service_end_on')).all());
      expect(after.prepare(months).all()).toEqual(after.prepare(recount('substr(p.service_end_on, 1, 7)')).all());
    },
    13: (before, after) => {
      // 年费催缴's per-purchase summary holds each flagged purchase with a 服务截止期限 of a live
      // customer found, with its customer's 业务员, and stays so after a transfer, a soft delete, a
      // restore and purchase edits (triggers; db/fees/fee-due-purchase.test.ts covers every write).
      const recount = `SELECT p.id AS purchase_id, p.customer_id, c.owner_id, p.service_end_on, p.annual_fee_cents
        FROM purchase p JOIN customer c ON c.id = p.customer_id
        WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL ORDER BY 1`;
      const summary = `SELECT purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents
        FROM fee_due_purchase ORDER BY 1`;
      expect(after.prepare(summary).all()).toEqual(before.prepare(recount).all());
      expect(after.prepare(summary).all()).toHaveLength(15);
      after.exec(`UPDATE customer SET owner_id = 1 WHERE id = 3`);
      after.prepare(`UPDATE customer SET deleted_at = ? WHERE id = 5`).run(T);
      after.exec(`UPDATE purchase SET annual_fee_remind = 1 WHERE customer_id = 2`);
      after.exec(`UPDATE purchase SET service_end_on = '2027-01-05', annual_fee_cents = 7 WHERE customer_id = 7`);
      expect(after.prepare(summary).all()).toEqual(after.prepare(recount).all());
      expect(after.prepare(`SELECT owner_id FROM fee_due_purchase WHERE customer_id = 3`).pluck().all()).toEqual([1]);
      expect(after.prepare(`SELECT count(*) FROM fee_due_purchase WHERE customer_id = 5`).pluck().get()).toBe(0);
      after.exec(`UPDATE customer SET deleted_at = NULL WHERE id = 5`);
      expect(after.prepare(summary).all()).toEqual(after.prepare(recount).all());
      expect(after.prepare(summary).all()).toHaveLength(16);
      const cols = after.prepare(`SELECT name FROM pragma_index_info('fee_due_purchase_owner')`).pluck().all();
      expect(cols).toEqual(['owner_id', 'service_end_on', 'purchase_id']);
    },
    14: (before, after) => {
      // staff rebuilt with the same rows and ids (the customers, records … still refer to them).
      const staff = `SELECT id, name, login, role, department, version FROM staff ORDER BY id`;
      expect(after.prepare(staff).all()).toEqual(before.prepare(staff).all());
      expect(after.prepare(`SELECT count(*) FROM staff WHERE department_id IS NOT NULL`).pluck().get()).toBe(0);
      expect(after.pragma('foreign_keys', { simple: true })).toBe(1);
      // A small tree, names unique among siblings (top level included).
      after.exec(`INSERT INTO department (id, name, parent_id, created_at, updated_at) VALUES
        (1, '销售一部', NULL, '${T}', '${T}'), (2, '一组', 1, '${T}', '${T}')`);
      after.exec(`INSERT INTO department (name, parent_id, created_at, updated_at) VALUES ('一组', 2, '${T}', '${T}')`);
      expect(() =>
        after.exec(
          `INSERT INTO department (name, parent_id, created_at, updated_at) VALUES ('销售一部', NULL, '${T}', '${T}')`,
        ),
      ).toThrow(/UNIQUE/);
      expect(() =>
        after.exec(
          `INSERT INTO department (name, parent_id, created_at, updated_at) VALUES ('一组', 1, '${T}', '${T}')`,
        ),
      ).toThrow(/UNIQUE/);
      // The third role, who must belong to a 部门; foreign keys hold on the rebuilt table.
      expect(() => after.exec(`UPDATE staff SET role = 'manager' WHERE id = 2`)).toThrow(/CHECK/);
      after.exec(`UPDATE staff SET role = 'manager', department_id = 2 WHERE id = 2`);
      expect(() => after.exec(`UPDATE staff SET role = 'boss' WHERE id = 2`)).toThrow(/CHECK/);
      expect(() => after.exec(`UPDATE staff SET department_id = 99 WHERE id = 2`)).toThrow(/FOREIGN KEY/);
      expect(() => after.exec(`DELETE FROM staff WHERE id = 2`)).toThrow(/FOREIGN KEY/);
      // The 操作日志 guards are untouched.
      expect(() => after.exec(`DELETE FROM record WHERE kind = 'log'`)).toThrow();
    },
    8: (before, after) => {
      expect(before.pragma('application_id', { simple: true })).toBe(0);
      expect(after.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      // Opening ran the first full check and remembered it.
      expect(after.prepare(`SELECT value FROM maintenance WHERE key = 'full_check_on'`).pluck().get()).toMatch(
        /^\d{4}-\d{2}-\d{2}$/,
      );
    },
    9: (_before, after) => {
      // The open follow-ups: customers 5, 10 … 30, whose only 维护记录 has a 下次跟进.
      expect(
        after.prepare(`SELECT customer_id, next_on, owner_id, live FROM followup_due ORDER BY customer_id`).all(),
      ).toEqual(
        [5, 10, 15, 20, 25, 30].map((i) => ({
          customer_id: i,
          next_on: `2026-12-0${i / 5}`,
          owner_id: (i % 2) + 1,
          live: 1,
        })),
      );
      // Counted per (业务员, live, day), and kept so by the triggers below.
      const days = `SELECT owner_id, live, next_on, n FROM followup_day WHERE n > 0 ORDER BY 1, 2, 3`;
      expect(after.prepare(days).all()).toEqual(
        after.prepare(`SELECT owner_id, live, next_on, count(*) AS n FROM followup_due GROUP BY 1, 2, 3`).all(),
      );
      // Customers per (live, 创建日期, 业务员): a recount, before and after a soft delete.
      const perDay = `SELECT live, created_on, owner_id, n FROM customer_day WHERE n > 0 ORDER BY 1, 2, 3`;
      const recount = `SELECT deleted_at IS NULL AS live, created_on, owner_id, count(*) AS n FROM customer
                       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
      expect(after.prepare(perDay).all()).toEqual(after.prepare(recount).all());
      expect(after.prepare(recount).all()).toHaveLength(18);
      // The 操作日志 line of a status change became a status_change row.
      expect(after.prepare(`SELECT customer_id, at, from_status_id, to_status_id FROM status_change`).all()).toEqual([
        { customer_id: 7, at: T, from_status_id: 1, to_status_id: 3 },
      ]);
      // And the triggers keep both from now on.
      after.prepare(`UPDATE customer SET status_id = 4, updated_at = '2026-12-01T00:00:00.000Z' WHERE id = 5`).run();
      expect(after.prepare(`SELECT to_status_id FROM status_change WHERE customer_id = 5`).pluck().all()).toEqual([4]);
      after
        .prepare(
          `INSERT INTO record (customer_id, kind, at, content, created_at, updated_at) VALUES (5, 'followup', ?, '已跟进', ?, ?)`,
        )
        .run('2026-12-01T00:00:00.000Z', T, T);
      after.prepare(`UPDATE customer SET deleted_at = ? WHERE id = 10`).run(T);
      expect(after.prepare(`SELECT customer_id, live FROM followup_due WHERE customer_id IN (5, 10)`).all()).toEqual([
        { customer_id: 10, live: 0 },
      ]);
      expect(after.prepare(days).all()).toEqual(
        after.prepare(`SELECT owner_id, live, next_on, count(*) AS n FROM followup_due GROUP BY 1, 2, 3`).all(),
      );
      after.prepare(`UPDATE customer SET owner_id = 1, created_on = '2026-11-20' WHERE id = 11`).run();
      expect(after.prepare(perDay).all()).toEqual(after.prepare(recount).all());
      const cols = after.prepare(`SELECT name FROM pragma_index_info('purchase_on')`).pluck().all();
      expect(cols).toEqual(['purchased_on', 'customer_id', 'product_id', 'amount_due_cents', 'quantity']);
    },
    15: (_before, after) => {
      // No plan yet, no 收款 assigned to one; a plan on a part-paid purchase takes its 已付 oldest
      // first at once, and follows it (0015's triggers), always equal to the rule's view.
      expect(after.prepare(`SELECT count(*) FROM payment WHERE instalment_id IS NOT NULL`).pluck().get()).toBe(0);
      const p = after
        .prepare(
          `SELECT id, customer_id AS customerId, amount_due_cents AS due, amount_paid_cents AS paid FROM purchase
           WHERE amount_paid_cents > 1 AND amount_paid_cents < amount_due_cents ORDER BY id LIMIT 1`,
        )
        .get() as { id: number; customerId: number; due: number; paid: number };
      const add = after.prepare(
        `INSERT INTO instalment (purchase_id, customer_id, seq, due_on, amount_cents, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      add.run(p.id, p.customerId, 1, '2026-12-01', p.paid - 1, T, T);
      add.run(p.id, p.customerId, 2, '2027-01-01', p.due - p.paid + 1, T, T);
      const paid = () => after.prepare(`SELECT paid_cents FROM instalment ORDER BY seq`).pluck().all();
      const recount = () => after.prepare(`SELECT paid_cents FROM instalment_allocation ORDER BY id`).pluck().all();
      expect(paid()).toEqual([p.paid - 1, 1]);
      after.prepare(`UPDATE purchase SET amount_paid_cents = amount_due_cents WHERE id = ?`).run(p.id);
      expect(paid()).toEqual([p.paid - 1, p.due - p.paid + 1]);
      expect(paid()).toEqual(recount());
      expect(() => after.exec(`UPDATE instalment SET paid_cents = 0`)).toThrow('已回款由收款计算');
    },
    18: (_before, after) => {
      // 回款计划's counters start equal to a recount and follow a plan, a 收款, a transfer and the
      // purchase's delete (which no longer fails on its plan's cascade).
      const same = () => {
        for (const { counters, recount } of Object.values(instalmentCountersAndRecount(after)))
          expect(counters).toEqual(recount);
      };
      same();
      const p = after
        .prepare(
          `SELECT id, customer_id AS customerId, amount_due_cents AS due FROM purchase
           WHERE amount_paid_cents < amount_due_cents ORDER BY id LIMIT 1`,
        )
        .get() as { id: number; customerId: number; due: number };
      const add = after.prepare(
        `INSERT INTO instalment (purchase_id, customer_id, seq, due_on, amount_cents, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      add.run(p.id, p.customerId, 1, '2026-12-01', 100, T, T);
      add.run(p.id, p.customerId, 2, '2027-01-31', p.due - 100, T, T);
      same();
      expect(after.prepare(`SELECT sum(n) FROM instalment_month`).pluck().get()).toBe(2);
      after.prepare(`UPDATE purchase SET amount_paid_cents = amount_due_cents WHERE id = ?`).run(p.id);
      after.prepare(`UPDATE customer SET owner_id = 1 WHERE id = ?`).run(p.customerId);
      same();
      after.prepare(`DELETE FROM payment WHERE purchase_id = ?`).run(p.id);
      after.prepare(`DELETE FROM purchase WHERE id = ?`).run(p.id);
      same();
      expect(after.prepare(`SELECT count(*) FROM instalment`).pluck().get()).toBe(0);
      // 业绩目标: one 业务员's or one 部门's, never both; the office's 操作日志 cannot be changed.
      expect(() =>
        after.exec(
          `INSERT INTO sales_target (staff_id, department_id, year, month, updated_at) VALUES (1, NULL, 2027, 13, 'x')`,
        ),
      ).toThrow();
      after.exec(
        `INSERT INTO sales_target (staff_id, year, month, sales_cents, updated_at) VALUES (1, 2027, 1, 100, 'x')`,
      );
      after.exec(`INSERT INTO office_log (at, author_id, area, content) VALUES ('x', 1, 'targets', '业绩目标')`);
      expect(() => after.exec(`UPDATE office_log SET content = ''`)).toThrow('操作日志不能修改');
      expect(() => after.exec(`DELETE FROM office_log`)).toThrow('操作日志不能删除');
    },
    19: (_before, after) => {
      // No 交接 yet; the open delegations a member of staff gave are counted from delegation_from.
      expect(after.prepare('SELECT count(*) FROM handover').pluck().get()).toBe(0);
      const plan = after
        .prepare(
          `EXPLAIN QUERY PLAN SELECT count(*) FROM delegation WHERE from_id = 1 AND revoked_at IS NULL
           AND (end_on IS NULL OR end_on >= '2026-11-26')`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('delegation_from');
    },
    17: (_before, after) => {
      // The open follow-ups still to come ring at their date's 09:00, for their 业务员; past ones do not.
      const future = after
        .prepare(
          `SELECT owner_id AS staff, customer_id AS customer, next_on || ' 09:00' AS at FROM followup_due
           WHERE live = 1 AND next_on >= date('now', 'localtime') ORDER BY customer_id`,
        )
        .all();
      const rung = after
        .prepare(
          `SELECT staff_id AS staff, customer_id AS customer, ring_at AS at FROM reminder
           WHERE kind = 'followup' AND state = 'waiting' AND fired_at IS NULL ORDER BY customer_id`,
        )
        .all();
      expect(rung).toEqual(future);
      expect(after.prepare(`SELECT count(*) FROM reminder WHERE kind <> 'followup'`).pluck().get()).toBe(0);
      expect(after.prepare(`SELECT count(*) FROM record WHERE next_time IS NOT NULL`).pluck().get()).toBe(0);
      expect(() => after.exec(`UPDATE record SET next_time = '9 点' WHERE kind = 'followup'`)).toThrow(/CHECK/);
    },
    16: (_before, after) => {
      // followed_at: each customer's newest 维护记录 (none: NULL, the clock runs from created_at);
      // a newer one moves it on, an older one (back-filled) does not; the sweep reads an index.
      const newest = after
        .prepare(
          `SELECT c.id, c.followed_at AS f, (SELECT max(r.at) FROM record r WHERE r.customer_id = c.id AND r.kind = 'followup') AS m
           FROM customer c ORDER BY c.id`,
        )
        .all() as { id: number; f: string | null; m: string | null }[];
      expect(newest.some((r) => r.m !== null)).toBe(true);
      for (const r of newest) expect(r.f).toBe(r.m);
      const id = newest[0].id;
      const add = after.prepare(
        `INSERT INTO record (customer_id, kind, at, content, created_at, updated_at) VALUES (?, 'followup', ?, '回访', ?, ?)`,
      );
      add.run(id, '2030-01-02T03:04:05.000Z', T, T);
      add.run(id, '2001-01-01T00:00:00.000Z', T, T);
      expect(after.prepare('SELECT followed_at FROM customer WHERE id = ?').pluck().get(id)).toBe(
        '2030-01-02T03:04:05.000Z',
      );
      const plan = after
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id FROM customer WHERE status_id = 1 AND coalesce(followed_at, created_at) < '2026-01-01'
             AND deleted_at IS NULL AND pool_since IS NULL ORDER BY coalesce(followed_at, created_at), id LIMIT 100`,
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('customer_pool_due');
    },
  };

  for (const m of loadMigrations().filter((x) => x.version > 1)) {
    it(`${m.name} keeps every row it finds${effects[m.version] ? ' and does its work on them' : ''}`, () => {
      const previous = Math.max(
        ...loadMigrations()
          .filter((x) => x.version < m.version)
          .map((x) => x.version),
      );
      const file = path.join(dir, 'crm.db');
      fillAtVersion1(openAt(file, 1));
      opened.pop()!.close();
      const before = openAt(file, previous);
      const beforeRows = snapshot(before, columnsOf(before));
      const beforeColumns = columnsOf(before);
      const copy = path.join(dir, 'before.db');
      before.prepare('VACUUM INTO ?').run(copy);
      before.close();

      const after = openAt(file, m.version);
      expect(after.pragma('user_version', { simple: true })).toBe(m.version);
      expect(snapshot(after, beforeColumns)).toEqual(beforeRows);
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(after.pragma('foreign_key_check')).toEqual([]);
      const reference = openAt(copy, previous);
      effects[m.version]?.(reference, after);
    });
  }

  it('has a test of its work for every migration this branch knows', () => {
    expect(fs.readdirSync(defaultMigrationsDir()).length).toBeGreaterThan(1);
    for (const m of loadMigrations().filter((x) => x.version > 1))
      expect(effects[m.version], m.name).toBeTypeOf('function');
  });
});
