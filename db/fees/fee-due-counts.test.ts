import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { today, type Connection } from '../context.js';
import { seedPurchase } from '../handlers/fees.fixtures.js';
import { createOffice, ctxOf, newCustomer, planOf, testEngine, type TestApp } from '../testing.js';
import { addDays, feeDueSums } from './queries.js';

/**
 * 年费催缴's totals from the sums of 0012 (fee_due_day, fee_due_month) against a recount after every
 * kind of write — purchase added, its flag, date, fee and customer edited, deleted; a 年服务费
 * payment through the handler (moves 服务截止期限 on a year); the customer transferred, deleted,
 * restored; a delegation granted, expired and revoked — and the totals line of `fees.due` against
 * the rows the same call lists, for each role, 业务员 filter, window and range.
 */
let app: TestApp;
let adminId: number;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let day: (n: number) => string;

beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
  const now = today({ clock: app.clock });
  day = (n) => addDays(now, n);
});
afterEach(() => app.close());

function check() {
  const recount = (bucket: string) =>
    app.db
      .prepare(
        `SELECT ${bucket} AS k, c.owner_id, count(*) AS n, sum(p.annual_fee_cents) AS fee_cents
         FROM purchase p JOIN customer c ON c.id = p.customer_id
         WHERE p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL AND c.deleted_at IS NULL
         GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all();
  expect(
    app.db
      .prepare(`SELECT day AS k, owner_id, n, fee_cents FROM fee_due_day WHERE n <> 0 OR fee_cents <> 0 ORDER BY 1, 2`)
      .all(),
  ).toEqual(recount('p.service_end_on'));
  expect(
    app.db
      .prepare(
        `SELECT month AS k, owner_id, n, fee_cents FROM fee_due_month WHERE n <> 0 OR fee_cents <> 0 ORDER BY 1, 2`,
      )
      .all(),
  ).toEqual(recount('substr(p.service_end_on, 1, 7)'));
  // The totals line equals the rows listed, whoever asks, whatever the filter.
  const filters = [
    { days: null, from: null, to: null },
    { days: 0, from: null, to: null },
    { days: 400, from: null, to: null },
    { days: 400, from: day(-40), to: null },
    { days: 400, from: day(-40), to: day(45) },
    { days: 400, from: day(2), to: day(2) },
    { days: 400, from: day(1), to: day(70) },
    { days: 30, from: day(-800), to: day(-1) },
  ];
  for (const conn of [admin, wang, li]) {
    for (const ownerId of [null, wangId, liId]) {
      for (const f of filters) {
        const q = { ...f, ownerId };
        const page = app.ok(conn, 'fees.due', { ...q, withTotal: true, limit: 1000 });
        const rows = page.rows;
        expect(page.totals, JSON.stringify({ user: conn.session!.login, ...q })).toEqual({
          count: rows.length,
          overdueCount: rows.filter((r) => r.daysLeft < 0).length,
          feeCents: rows.reduce((s, r) => s + r.annualFeeCents, 0),
        });
        expect(page.total).toBe(rows.length);
      }
    }
  }
}

describe('年费催缴 totals (0012)', () => {
  it('equal a recount, and the rows listed, after every kind of write', () => {
    const ids = [0, 1, 2, 3, 4, 5].map(
      (i) =>
        app.ok(
          admin,
          'customers.create',
          newCustomer(i % 2 ? wangId : liId, { name: `客户${i}有限公司`, keyword: `客${i}`, confirmDuplicates: true }),
        ).id,
    );
    check();
    const fee = (serviceEndOn: string, annualFeeCents: number) => ({ remind: true, serviceEndOn, annualFeeCents });
    // Across month ends, overdue ones long ago, one due today, some beyond the window.
    const p1 = seedPurchase(app, ids[0], fee(day(-400), 10_000));
    const p2 = seedPurchase(app, ids[0], fee(day(0), 20_000));
    const p3 = seedPurchase(app, ids[1], fee(day(29), 30_000));
    const p4 = seedPurchase(app, ids[2], fee(day(2), 40_000));
    seedPurchase(app, ids[3], fee(day(-3), 50_000));
    seedPurchase(app, ids[3], fee(day(60), 60_000));
    seedPurchase(app, ids[5], fee(day(45), 70_000));
    seedPurchase(app, ids[4], { annualFeeCents: 80_000, serviceEndOn: day(1) }); // no 催缴标志
    const p9 = seedPurchase(app, ids[4], { remind: true, annualFeeCents: 90_000, serviceEndOn: null });
    check();
    // A 年服务费 payment through the handler moves 服务截止期限 on by a year.
    const version = app.db.prepare('SELECT version FROM purchase WHERE id = ?').pluck().get(p4) as number;
    app.ok(admin, 'payments.create', {
      purchaseId: p4,
      version,
      kind: 'annual_fee',
      amountCents: 40_000,
      paidOn: day(0),
      handledBy: adminId,
      note: '',
    });
    check();
    // Flag, date, fee and customer edited; a date given to the one without; one deleted.
    app.db.prepare('UPDATE purchase SET annual_fee_remind = 0 WHERE id = ?').run(p2);
    check();
    app.db.prepare('UPDATE purchase SET annual_fee_remind = 1 WHERE id = ?').run(p2);
    app.db.prepare('UPDATE purchase SET service_end_on = ?, annual_fee_cents = 33_000 WHERE id = ?').run(day(-35), p3);
    check();
    app.db.prepare('UPDATE purchase SET customer_id = ? WHERE id = ?').run(ids[1], p1);
    app.db.prepare('UPDATE purchase SET service_end_on = ? WHERE id = ?').run(day(5), p9);
    check();
    app.db.prepare('DELETE FROM purchase WHERE id = ?').run(p3);
    check();
    // The customer transferred, deleted, restored; a delegation shows it to the other salesperson.
    const c2 = app.ok(admin, 'customers.get', { id: ids[2] });
    const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _a, ...fields } = c2;
    app.ok(admin, 'customers.update', { ...fields, ownerId: wangId, confirmDuplicates: true });
    check();
    app.ok(admin, 'customers.delete', { ids: [ids[3]] });
    check();
    app.ok(admin, 'delegations.grant', { customerIds: [ids[5]], toId: liId, endOn: day(3) });
    app.ok(admin, 'delegations.grant', { customerIds: [ids[0]], toId: wangId });
    check();
    // A delegated customer deleted while delegated, then restored.
    app.ok(admin, 'customers.delete', { ids: [ids[0]] });
    check();
    app.ok(admin, 'customers.restore', { ids: [ids[0]] });
    app.ok(admin, 'customers.restore', { ids: [ids[3]] });
    check();
    const revoke = app.ok(admin, 'delegations.list', { customerId: ids[0] }).rows[0];
    app.ok(admin, 'delegations.revoke', { id: revoke.id });
    check();
    // The delegation with an end date expires by itself.
    app.clock.set(`${day(5)}T09:00:00.000Z`);
    const now = today({ clock: app.clock });
    day = (n) => addDays(now, n);
    check();
  }, 60_000);

  it('reads whole months and the two partial months, never the purchases', () => {
    const c = app.ok(
      admin,
      'customers.create',
      newCustomer(wangId, { name: '深圳市中兴通讯股份有限公司', keyword: '中兴' }),
    );
    for (const [on, cents] of [
      ['2026-01-31', 1],
      ['2026-02-01', 2],
      ['2026-02-15', 4],
      ['2026-03-31', 8],
      ['2026-04-01', 16],
      ['2026-06-10', 32],
    ] as const)
      seedPurchase(app, c.id, { remind: true, serviceEndOn: on, annualFeeCents: cents });
    const ctx = ctxOf(app, admin);
    expect(feeDueSums(ctx, null, null, '2026-04-01')).toEqual({ n: 5, fee: 31 });
    expect(feeDueSums(ctx, null, '2026-02-01', '2026-03-31')).toEqual({ n: 3, fee: 14 });
    expect(feeDueSums(ctx, null, '2026-02-02', '2026-02-15')).toEqual({ n: 1, fee: 4 });
    expect(feeDueSums(ctx, null, '2026-01-31', '2026-06-09')).toEqual({ n: 5, fee: 31 });
    expect(feeDueSums(ctx, wangId, '2026-01-01', '2026-12-31')).toEqual({ n: 6, fee: 63 });
    expect(feeDueSums(ctx, liId, '2026-01-01', '2026-12-31')).toEqual({ n: 0, fee: 0 });
    expect(feeDueSums(ctx, null, '2026-03-01', '2026-02-01')).toEqual({ n: 0, fee: 0 });
    const plan = planOf(
      app.db,
      `SELECT n FROM fee_due_month WHERE month > '2026-01' AND month < '2026-04'
       UNION ALL SELECT n FROM fee_due_day WHERE day >= '2026-04-01' AND day <= '2026-04-20'`,
    );
    // A range of each table's key, not the whole table (SQLite's SCAN, PostgreSQL's Seq Scan).
    expect(plan).not.toMatch(
      testEngine() === 'pg'
        ? /Seq Scan on (fee_due_day|fee_due_month)\b/
        : /SCAN (fee_due_day|fee_due_month)\b(?! USING)/,
    );
    expect(plan).not.toContain('purchase');
  });
});
