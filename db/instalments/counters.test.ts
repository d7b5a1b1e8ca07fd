/**
 * 回款计划's counters (0018: instalment_day, instalment_month) against a recount after every kind
 * of write — a plan saved, edited and deleted through instalments.save, 收款 that pay instalments
 * off, a purchase deleted (its plan cascades), the customer transferred, deleted and restored, a
 * delegation granted and revoked — and the totals of instalments.due and instalments.upcoming
 * (read from the counters) against the rows the same call lists, for each role (a 销售经理
 * included), view and 业务员 filter. Both engines (vitest.pg.config.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { addDays } from '../fees/queries.js';
import { seedPurchase } from '../handlers/fees.fixtures.js';
import { createTestApp, newCustomer, testEngine, type TestApp } from '../testing.js';
import { instalmentCountersAndRecount, rangePieces, rebuildInstalmentCounters } from './counters.js';

let app: TestApp;
let ids: Record<'admin' | 'boss' | 'wang' | 'li' | 'zhao', number>;
let conns: Record<'admin' | 'boss' | 'wang' | 'li' | 'zhao', Connection>;
let day: (n: number) => string;

beforeEach(() => {
  app = createTestApp();
  const at = app.clock.now().toISOString();
  const dept = Number(
    app.db
      .prepare(`INSERT INTO department (name, parent_id, created_at, updated_at) VALUES ('销售一部', NULL, ?, ?)`)
      .run(at, at).lastInsertRowid,
  );
  ids = {
    admin: app.addStaff('张经理', 'admin', 'admin'),
    boss: app.addStaff('周主管', 'boss', 'manager', dept),
    wang: app.addStaff('王伟', 'wang', 'sales', dept),
    li: app.addStaff('李娜', 'li'),
    zhao: app.addStaff('赵强', 'zhao'),
  };
  conns = {
    admin: app.login('admin'),
    boss: app.login('boss'),
    wang: app.login('wang'),
    li: app.login('li'),
    zhao: app.login('zhao'),
  };
  const now = today({ clock: app.clock });
  day = (n) => addDays(now, n);
});
afterEach(() => app.close());

type Row = NonNullable<Input<'instalments.save'>['created']>[number];
const inst = (seq: number, dueOn: string, amountCents: number): Row => ({
  seq,
  dueOn,
  amountCents,
  remindDays: 0,
  note: '',
});

function savePlan(purchaseId: number, rows: Row[]) {
  const list = app.ok(conns.admin, 'instalments.list', { purchaseId });
  return app.ok(conns.admin, 'instalments.save', {
    purchaseId,
    token: list.token,
    deleted: list.rows.map((r) => ({ id: r.id, version: r.version })),
    created: rows,
  });
}

function pay(purchaseId: number, amountCents: number) {
  const version = app.count('SELECT version FROM purchase WHERE id = ?', purchaseId);
  app.ok(conns.admin, 'payments.create', {
    purchaseId,
    version,
    kind: 'goods',
    amountCents,
    paidOn: day(0),
    handledBy: ids.admin,
    instalmentId: null,
  });
}

function check() {
  for (const [name, { counters, recount }] of Object.entries(instalmentCountersAndRecount(app.db)))
    expect(counters, name).toEqual(recount);
  // PostgreSQL folds the triggers' deltas at COMMIT: nothing is left pending.
  if (testEngine() === 'pg')
    expect(
      app.count('SELECT count(*) FROM instalment_count_delta') +
        app.count('SELECT count(*) FROM instalment_count_queue'),
    ).toBe(0);
  for (const who of Object.keys(conns) as (keyof typeof conns)[]) {
    const conn = conns[who];
    for (const ownerId of [null, ids.wang, ids.li, ids.boss]) {
      for (const view of ['week', 'overdue', 'open'] as const) {
        const page = app.ok(conn, 'instalments.due', { view, ownerId, withTotal: true, limit: 1000 });
        const rows = page.rows;
        const what = JSON.stringify({ who, ownerId, view });
        expect(page.totals, what).toMatchObject({
          count: rows.length,
          amountCents: rows.reduce((s, r) => s + r.amountCents, 0),
          openCents: rows.reduce((s, r) => s + r.openCents, 0),
        });
        const byOwner = new Map<number, { count: number; openCents: number }>();
        for (const r of rows) {
          const t = byOwner.get(r.ownerId) ?? { count: 0, openCents: 0 };
          byOwner.set(r.ownerId, { count: t.count + 1, openCents: t.openCents + r.openCents });
        }
        expect(
          Object.fromEntries(page.totals!.byOwner.map((o) => [o.ownerId, { count: o.count, openCents: o.openCents }])),
          what,
        ).toEqual(Object.fromEntries(byOwner));
      }
      const soon = app.ok(conn, 'instalments.upcoming', { ownerId, limit: 100 });
      expect({ count: soon.count, openCents: soon.openCents }, JSON.stringify({ who, ownerId })).toEqual({
        count: soon.rows.length,
        openCents: soon.rows.reduce((s, r) => s + r.openCents, 0),
      });
    }
  }
}

describe('回款计划 counters (0018)', () => {
  it('equal a recount, and the totals equal the rows listed, after every kind of write', () => {
    const customer = (ownerId: number, i: number) =>
      app.ok(
        conns.admin,
        'customers.create',
        newCustomer(ownerId, { name: `分期客户${i}有限公司`, keyword: `分期${i}`, confirmDuplicates: true }),
      ).id;
    const cw = customer(ids.wang, 1);
    const cb = customer(ids.boss, 2);
    const cl = customer(ids.li, 3);
    const cz = customer(ids.zhao, 4);
    check();
    // 10,000.00 each; plans across month ends, long overdue, today, this week, next months.
    const p1 = seedPurchase(app, cw, { unitPriceCents: 1_000_000 });
    const p2 = seedPurchase(app, cb, { unitPriceCents: 1_000_000 });
    const p3 = seedPurchase(app, cl, { unitPriceCents: 1_000_000 });
    const p4 = seedPurchase(app, cz, { unitPriceCents: 1_000_000, paidCents: 250_000 });
    savePlan(p1, [inst(1, day(-400), 300_000), inst(2, day(0), 300_000), inst(3, day(33), 400_000)]);
    savePlan(p2, [inst(1, day(-1), 500_000), inst(2, day(3), 500_000)]);
    savePlan(p3, [inst(1, day(-40), 200_000), inst(2, day(6), 200_000), inst(3, day(70), 600_000)]);
    savePlan(p4, [inst(1, day(-2), 250_000), inst(2, day(1), 750_000)]); // the first already paid
    check();
    // 收款 fill the oldest first: one paid off, one part-paid.
    pay(p1, 450_000);
    pay(p3, 200_000);
    check();
    // The plan edited (dates and amounts) and replaced.
    savePlan(p1, [inst(1, day(-5), 500_000), inst(2, day(2), 500_000)]);
    check();
    // A purchase deleted: its plan goes with it.
    app.db.prepare('DELETE FROM payment WHERE purchase_id = ?').run(p3);
    check();
    app.db.prepare('DELETE FROM purchase WHERE id = ?').run(p3);
    check();
    // Transferred, deleted, restored; delegated to another salesperson and to the manager's team.
    app.ok(conns.admin, 'staff.transfer', { toId: ids.li, customerIds: [cz] });
    check();
    app.ok(conns.admin, 'customers.delete', { ids: [cb] });
    check();
    app.ok(conns.admin, 'customers.restore', { ids: [cb] });
    app.ok(conns.admin, 'delegations.grant', { customerIds: [cz], toId: ids.wang });
    app.ok(conns.admin, 'delegations.grant', { customerIds: [cw], toId: ids.li, endOn: day(3) });
    check();
    // Expired by the clock (no write), then revoked.
    app.clock.set(new Date(Date.parse(app.clock.now().toISOString()) + 5 * 86_400_000).toISOString());
    check();
    for (const x of app.ok(conns.admin, 'delegations.list', { customerId: cz }).rows.filter((r) => !r.revokedAt))
      app.ok(conns.admin, 'delegations.revoke', { id: x.id });
    check();
  });

  it('a rebuild gives the same tables as the triggers kept', () => {
    const c = app.ok(conns.admin, 'customers.create', newCustomer(ids.wang)).id;
    const p = seedPurchase(app, c, { unitPriceCents: 1_000_000 });
    savePlan(p, [inst(1, day(-3), 400_000), inst(2, day(40), 600_000)]);
    pay(p, 100_000);
    const before = instalmentCountersAndRecount(app.db);
    app.db.prepare('UPDATE instalment_day SET n = n + 5').run();
    rebuildInstalmentCounters(app.db);
    const after = instalmentCountersAndRecount(app.db);
    expect(after).toEqual(before);
    expect(after.instalment_day.counters).toHaveLength(2);
  });
});

describe('rangePieces', () => {
  it('splits a range into whole months and the days of its partial months', () => {
    expect(rangePieces('2026-12-07', '2026-12-13')).toEqual({
      monthAfter: '9999-99',
      monthBefore: '',
      days: [{ from: '2026-12-07', to: '2026-12-13' }],
    });
    expect(rangePieces(null, '2026-12-06')).toEqual({
      monthAfter: '',
      monthBefore: '2026-12',
      days: [{ from: '2026-12-01', to: '2026-12-06' }],
    });
    expect(rangePieces(null, '2026-11-30')).toEqual({ monthAfter: '', monthBefore: '2026-12', days: [] });
    expect(rangePieces('2026-11-30', '2027-02-01')).toEqual({
      monthAfter: '2026-11',
      monthBefore: '2027-02',
      days: [
        { from: '2026-11-30', to: '2026-11-30' },
        { from: '2027-02-01', to: '2027-02-01' },
      ],
    });
    expect(rangePieces('2026-01-01', null)).toEqual({ monthAfter: '2025-12', monthBefore: '9999-99', days: [] });
  });
});
