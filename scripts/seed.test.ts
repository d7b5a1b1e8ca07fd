import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Input, MethodName, Output } from '../core/contract.js';
import type { Connection } from '../db/context.js';
import { searchMatch } from '../core/fold.js';
import { openDatabase, type DB } from '../db/open.js';
import { createRouter } from '../db/router.js';
import { ADMIN_PASSWORD, SALES_PASSWORD, companyName, createRng, customerRow, seedDatabase } from './seed.js';

let dir: string | null = null;
let db: DB | null = null;
afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  db = null;
  dir = null;
});

describe('generators', () => {
  it('give the same customers for the same seed', () => {
    const until = new Date('2026-11-26T00:00:00Z');
    const a = createRng(7);
    const b = createRng(7);
    for (let i = 0; i < 50; i++)
      expect(customerRow(a, i, 50, [1, 2], until)).toEqual(customerRow(b, i, 50, [1, 2], until));
  });

  it('make company names of city, brand, industry word and suffix, the brand being the keyword', () => {
    const rng = createRng(1);
    for (let i = 0; i < 200; i++) {
      const c = companyName(rng);
      expect(c.keyword).toMatch(/^\p{Script=Han}{2}$/u);
      expect(c.name).toContain(c.keyword);
      expect(c.name.startsWith(c.city.replace(/市$/, ''))).toBe(true);
      expect(c.name).toMatch(/(有限公司|有限责任公司|经营部|工作室|商行)$/);
    }
  });

  it('spread 创建日期 over the 8 years before `until`, oldest first', () => {
    const rng = createRng(3);
    const until = new Date('2026-11-26T00:00:00Z');
    const rows = Array.from({ length: 1000 }, (_, i) => customerRow(rng, i, 1000, [1], until));
    const days = rows.map((r) => r.created_on);
    expect(days.every((d) => d >= '2018-11-28' && d <= '2026-11-26')).toBe(true);
    expect(days[0] < '2019-06-01').toBe(true);
    expect(days[999] > '2026-06-01').toBe(true);
    expect(new Set(rows.map((r) => r.status_id))).toEqual(new Set([1, 2, 3, 4]));
    for (const r of rows) expect(r.phone).toMatch(/^(1\d{10}|0\d{2,3}-\d{7,8})$/);
  });
});

/** 年费催缴's per-purchase summary (0013), computed after the load, equals a recount of the purchases. */
function feeDuePurchaseRecount(d: DB) {
  const summary = d
    .prepare(
      `SELECT purchase_id, customer_id, owner_id, service_end_on, annual_fee_cents FROM fee_due_purchase ORDER BY 1`,
    )
    .all();
  expect(summary).toEqual(
    d
      .prepare(
        `SELECT p.id AS purchase_id, p.customer_id, c.owner_id, p.service_end_on, p.annual_fee_cents
         FROM purchase p JOIN customer c ON c.id = p.customer_id
         WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL ORDER BY 1`,
      )
      .all(),
  );
  expect(summary.length).toBeGreaterThan(0);
}

describe('seedDatabase', () => {
  it('creates the logins and customers that the router then serves', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-'));
    db = openDatabase(path.join(dir, 'crm.db'));
    const r = seedDatabase(db, { customers: 1234, sales: 3, batch: 500, until: new Date('2026-11-26T00:00:00Z') });
    expect(r).toMatchObject({ inserted: 1234, totalCustomers: 1234, salesLogins: ['sales1', 'sales2', 'sales3'] });
    expect(db.prepare('SELECT count(DISTINCT owner_id) FROM customer').pluck().get()).toBe(3);
    expect(db.prepare(`SELECT count(*) FROM customer WHERE name_fold <> lower(name)`).pluck().get()).toBe(0);

    // The rest of the domain, in about the proportions asked for.
    const seeded = db;
    const per = (sql: string) => (seeded.prepare(sql).pluck().get() as number) / 1234;
    expect(per('SELECT count(*) FROM contact')).toBeCloseTo(3, 0);
    expect(per(`SELECT count(*) FROM record WHERE kind = 'followup'`)).toBeCloseTo(5, 0);
    expect(per('SELECT count(*) FROM quote')).toBeGreaterThan(0.2);
    expect(per('SELECT count(*) FROM purchase')).toBeGreaterThan(0.4);
    expect(per('SELECT count(*) FROM purchase WHERE amount_paid_cents < amount_due_cents')).toBeGreaterThan(0.05);
    expect(per('SELECT count(*) FROM payment')).toBeGreaterThan(0.3);
    expect(
      db
        .prepare(`SELECT count(*) FROM purchase WHERE annual_fee_remind = 1 AND service_end_on <= '2026-12-26'`)
        .pluck()
        .get(),
    ).toBeGreaterThan(0);
    expect(
      db.prepare(`SELECT count(*) FROM record WHERE next_on BETWEEN '2026-11-16' AND '2026-12-16'`).pluck().get(),
    ).toBeGreaterThan(0);
    expect(db.prepare('SELECT count(*) FROM delegation').pluck().get()).toBeGreaterThan(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Indexes and search triggers put back; counters right; contacts searchable.
    const objects = (type: string) =>
      seeded.prepare(`SELECT name FROM sqlite_master WHERE type = ? ORDER BY name`).pluck().all(type);
    const fresh = openDatabase(path.join(dir, 'fresh.db'));
    expect(objects('index')).toEqual(
      fresh.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`).pluck().all(),
    );
    expect(objects('trigger')).toEqual(
      fresh.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).pluck().all(),
    );
    fresh.close();
    expect(db.prepare('SELECT sum(n) FROM customer_count').pluck().get()).toBe(1234);
    // Counters and the search index computed after the bulk load equal a recount; the file is WAL again.
    expect(
      db.prepare('SELECT owner_id, status_id, deleted, n FROM customer_count WHERE n <> 0 ORDER BY 1, 2, 3').all(),
    ).toEqual(
      db
        .prepare(
          `SELECT owner_id, status_id, deleted_at IS NOT NULL AS deleted, count(*) AS n
           FROM customer GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        )
        .all(),
    );
    // 工作台's tables (0009), computed after the load, equal what its triggers would have kept.
    const workbenchRecount = (d: DB) => {
      expect(
        d.prepare('SELECT customer_id, record_id, next_on, owner_id, live FROM followup_due ORDER BY 1').all(),
      ).toEqual(
        d
          .prepare(
            `SELECT r.customer_id, r.id AS record_id, r.next_on, c.owner_id, c.deleted_at IS NULL AS live
             FROM (SELECT id, customer_id, next_on,
                          row_number() OVER (PARTITION BY customer_id ORDER BY at DESC, id DESC) AS k
                   FROM record WHERE kind = 'followup') r JOIN customer c ON c.id = r.customer_id
             WHERE r.k = 1 AND r.next_on IS NOT NULL ORDER BY 1`,
          )
          .all(),
      );
      expect(
        d.prepare('SELECT owner_id, live, next_on, n FROM followup_day WHERE n <> 0 ORDER BY 1, 2, 3').all(),
      ).toEqual(
        d
          .prepare('SELECT owner_id, live, next_on, count(*) AS n FROM followup_due GROUP BY 1, 2, 3 ORDER BY 1, 2, 3')
          .all(),
      );
      expect(
        d.prepare('SELECT live, created_on, owner_id, n FROM customer_day WHERE n <> 0 ORDER BY 1, 2, 3').all(),
      ).toEqual(
        d
          .prepare(
            `SELECT deleted_at IS NULL AS live, created_on, owner_id, count(*) AS n FROM customer
             GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
          )
          .all(),
      );
      expect(d.prepare('SELECT count(*) FROM followup_due').pluck().get()).toBeGreaterThan(0);
    };
    workbenchRecount(db);
    // 年费催缴's sums (0012) equal a recount too.
    expect(db.prepare('SELECT day, owner_id, n, fee_cents FROM fee_due_day WHERE n <> 0 ORDER BY 1, 2').all()).toEqual(
      db
        .prepare(
          `SELECT p.service_end_on AS day, c.owner_id, count(*) AS n, sum(p.annual_fee_cents) AS fee_cents
           FROM purchase p JOIN customer c ON c.id = p.customer_id
           WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
           GROUP BY 1, 2 ORDER BY 1, 2`,
        )
        .all(),
    );
    expect(db.prepare('SELECT sum(n) FROM fee_due_month').pluck().get()).toBe(
      db.prepare('SELECT sum(n) FROM fee_due_day').pluck().get(),
    );
    feeDuePurchaseRecount(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const contact = db
      .prepare<[], { name: string; customer_id: number }>('SELECT name, customer_id FROM contact LIMIT 1')
      .get()!;
    const hits = db
      .prepare('SELECT rowid FROM customer_search WHERE customer_search MATCH ?')
      .pluck()
      .all(searchMatch(contact.name));
    expect(hits).toContain(contact.customer_id);

    const router = createRouter(db);
    const admin: Connection = { session: null };
    expect(router.dispatch(admin, 'auth.login', { login: 'admin', password: ADMIN_PASSWORD }).ok).toBe(true);
    expect(admin.session).toMatchObject({ role: 'admin', mustChangePassword: false });
    const sales: Connection = { session: null };
    expect(router.dispatch(sales, 'auth.login', { login: 'sales2', password: SALES_PASSWORD }).ok).toBe(true);

    const call = <N extends MethodName>(name: N, input: Input<N>): Output<N> => {
      const res = router.dispatch(admin, name, input);
      if (!res.ok) throw new Error(res.error.message);
      return res.value as Output<N>;
    };
    expect(call('statuses.tree', undefined).total).toBe(1234);
    // The triggers filled the search index: a customer's keyword finds it.
    const one = db.prepare('SELECT id, keyword FROM customer WHERE id = 77').get() as { id: number; keyword: string };
    const found = call('customers.page', { search: one.keyword, limit: 1000 });
    expect(found.rows.map((row) => row.id)).toContain(one.id);

    // Seeding again adds customers and reuses the staff.
    const again = seedDatabase(db, { customers: 10, sales: 3 });
    expect(again.totalCustomers).toBe(1244);
    expect(db.prepare('SELECT sum(n) FROM customer_count').pluck().get()).toBe(1244);
    const newest = db.prepare('SELECT id, keyword FROM customer ORDER BY id DESC LIMIT 1').get() as typeof one;
    expect(call('customers.page', { search: newest.keyword, limit: 1000 }).rows.map((r) => r.id)).toContain(newest.id);
    expect(db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(4);
    workbenchRecount(db);
    feeDuePurchaseRecount(db);
  }, 60_000);

  it('computes 年费催缴 per-purchase summary after the load, whatever order the rows were written in', () => {
    // One batch of 2,000: purchases are written in statements of 500 while some of their customers
    // still wait in theirs, so a summary kept row by row during the load would miss purchases.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-seed-'));
    db = openDatabase(path.join(dir, 'crm.db'));
    seedDatabase(db, { customers: 2000, sales: 3, batch: 2000, until: new Date('2026-11-26T00:00:00Z') });
    feeDuePurchaseRecount(db);
  }, 60_000);
});
