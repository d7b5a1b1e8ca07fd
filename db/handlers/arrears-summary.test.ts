import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { arrearsSortFields } from '../../core/contract.js';
import { createOffice, newCustomer, planOf, testEngine, type Office } from '../testing.js';
import { seedPurchase } from './fees.fixtures.js';

/**
 * 欠款统计's maintained summary (0010: customer_arrears per customer, arrears_count per
 * salesperson) against a recount after every kind of write — purchase added, amounts and date
 * edited, moved to another customer, deleted; a payment through the handler; the customer
 * transferred, deleted, restored, delegated — and the page served from it against the grouped
 * query over the purchases (the same call with a date range that holds every purchase).
 */
let { app, adminId, wangId, liId, admin, wang, li } = {} as Office;
beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
});
afterEach(() => app.close());

function check(allSorts = false) {
  const recount = app.db
    .prepare(
      `SELECT p.customer_id, c.owner_id, c.deleted_at IS NULL AS live, count(*) AS purchases,
         sum(p.amount_due_cents) AS due, sum(p.amount_paid_cents) AS paid, min(p.purchased_on) AS earliest
       FROM purchase p JOIN customer c ON c.id = p.customer_id
       WHERE p.amount_paid_cents < p.amount_due_cents GROUP BY 1, c.id ORDER BY 1`,
    )
    .all();
  expect(
    app.db
      .prepare(
        `SELECT customer_id, owner_id, live, purchases, due_cents AS due, paid_cents AS paid, earliest_on AS earliest
         FROM customer_arrears ORDER BY 1`,
      )
      .all(),
  ).toEqual(recount);
  expect(
    app.db
      .prepare(
        `SELECT owner_id, live, customers, purchases, due_cents, paid_cents FROM arrears_count
         WHERE customers <> 0 OR purchases <> 0 OR due_cents <> 0 OR paid_cents <> 0 ORDER BY 1, 2`,
      )
      .all(),
  ).toEqual(
    app.db
      .prepare(
        `SELECT owner_id, live, count(*) AS customers, sum(purchases) AS purchases, sum(due) AS due_cents,
           sum(paid) AS paid_cents
         FROM (SELECT c.owner_id, c.deleted_at IS NULL AS live, count(*) AS purchases, sum(p.amount_due_cents) AS due,
                 sum(p.amount_paid_cents) AS paid
               FROM purchase p JOIN customer c ON c.id = p.customer_id
               WHERE p.amount_paid_cents < p.amount_due_cents GROUP BY p.customer_id, c.id)
         GROUP BY 1, 2 ORDER BY 1, 2`,
      )
      .all(),
  );
  // The page and totals from the summary equal the grouped query's, for each role, owner filter and sort.
  for (const conn of [admin, wang, li]) {
    for (const ownerId of [null, wangId, liId]) {
      for (const sort of allSorts
        ? [null, ...arrearsSortFields.flatMap((field) => (['asc', 'desc'] as const).map((dir) => ({ field, dir })))]
        : [null, { field: 'customerName' as const, dir: 'asc' as const }]) {
        const q = { ownerId, sort, withTotal: true, limit: 1000 };
        const fromSummary = app.ok(conn, 'fees.arrears', { ...q, from: null, to: null });
        const grouped = app.ok(conn, 'fees.arrears', { ...q, from: '1900-01-01', to: '2999-12-31' });
        expect(fromSummary, JSON.stringify(q)).toEqual(grouped);
      }
    }
  }
}

describe('欠款统计 summary', () => {
  it('equals a recount, and the grouped query, after every kind of write', () => {
    const ids = [0, 1, 2, 3, 4, 5].map(
      (i) =>
        app.ok(
          admin,
          'customers.create',
          newCustomer(i % 2 ? wangId : liId, { name: `客户${i}有限公司`, keyword: `客${i}`, confirmDuplicates: true }),
        ).id,
    );
    check();
    const p1 = seedPurchase(app, ids[0], { purchasedOn: '2026-02-01', unitPriceCents: 50_000 });
    const p2 = seedPurchase(app, ids[0], { purchasedOn: '2025-03-01', unitPriceCents: 20_000, paidCents: 5_000 });
    const p3 = seedPurchase(app, ids[1], { quantity: 2, unitPriceCents: 30_000, paidCents: 60_000 }); // paid
    const p4 = seedPurchase(app, ids[2], { unitPriceCents: 70_000, paidCents: 10_000 });
    seedPurchase(app, ids[3], { unitPriceCents: 70_000 }); // ties with ids[2] on 欠款 after a payment below
    seedPurchase(app, ids[5], { unitPriceCents: 1_000 });
    check();
    // A payment through the handler: ids[2] then owes 50,000 (below ids[3]'s 70,000).
    const version = app.db.prepare('SELECT version FROM purchase WHERE id = ?').pluck().get(p4) as number;
    app.ok(admin, 'payments.create', {
      purchaseId: p4,
      version,
      kind: 'goods',
      amountCents: 10_000,
      paidOn: '2026-11-20',
      handledBy: adminId,
      note: '',
    });
    check();
    // Amounts, date and customer edited; a paid purchase back in arrears; one deleted.
    app.db.prepare('UPDATE purchase SET amount_paid_cents = amount_due_cents WHERE id = ?').run(p2);
    check();
    app.db
      .prepare('UPDATE purchase SET quantity = 3, amount_due_cents = 90000, purchased_on = ? WHERE id = ?')
      .run('2024-01-01', p3);
    check();
    app.db.prepare('UPDATE purchase SET customer_id = ? WHERE id = ?').run(ids[4], p1);
    check();
    app.db.prepare('DELETE FROM purchase WHERE id = ?').run(p3);
    check();
    // The customer transferred, deleted, restored; a delegation shows it to the other salesperson.
    const c2 = app.ok(admin, 'customers.get', { id: ids[2] });
    const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _a, ...fields } = c2;
    app.ok(admin, 'customers.update', { ...fields, ownerId: wangId, confirmDuplicates: true });
    check();
    app.ok(admin, 'customers.delete', { ids: [ids[4]] });
    check();
    app.ok(admin, 'delegations.grant', { customerIds: [ids[5]], toId: liId });
    check();
    app.ok(admin, 'customers.restore', { ids: [ids[4]] });
    check(true);
    expect(app.db.prepare('SELECT count(*) FROM customer_arrears WHERE live = 1').pluck().get()).toBeGreaterThan(2);
  }, 60_000);

  it('serves the default first page from customer_arrears_order', () => {
    const plan = planOf(
      app.db,
      `SELECT a.customer_id FROM customer_arrears a JOIN customer c ON c.id = a.customer_id
       WHERE a.live = 1 ORDER BY a.arrears_cents DESC, a.customer_id DESC LIMIT 100`,
    );
    expect(plan).toContain('customer_arrears_order');
    // Read in the index's order, not sorted: SQLite's temporary B-tree, PostgreSQL's Sort node.
    expect(plan).not.toMatch(testEngine() === 'pg' ? /\bSort\b/ : /TEMP B-TREE/);
  });
});
