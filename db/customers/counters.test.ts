import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertCustomers } from './write.js';
import type { Input } from '../../core/contract.js';
import { createOffice, ctxOf, customerEdit, importRow, newCustomer, type Office } from '../testing.js';

/**
 * The counters of 0005 (customer_count) against a recount after every kind of write, and the
 * counts shown (客户状态 tree, grid totals) against the visibility rule applied row by row.
 */
let { app, adminId, wangId, liId, admin, wang, li } = {} as Office;
beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
});
afterEach(() => app.close());

const recount = () =>
  app.db
    .prepare(
      `SELECT owner_id, status_id, deleted_at IS NOT NULL AS deleted, count(*) AS n
       FROM customer GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
const counters = () =>
  app.db.prepare('SELECT owner_id, status_id, deleted, n FROM customer_count WHERE n <> 0 ORDER BY 1, 2, 3').all();

/** Live customers the user may see, per status, by the rule itself (a scan, for the test only). */
function visibleByRule(userId: number | null, today: string): Map<number, number> {
  const rows = app.db
    .prepare<Record<string, unknown>, { status_id: number; n: number }>(
      `SELECT status_id, count(*) AS n FROM customer c WHERE deleted_at IS NULL AND (@me IS NULL OR owner_id = @me
         OR EXISTS (SELECT 1 FROM delegation d WHERE d.customer_id = c.id AND d.to_id = @me AND d.revoked_at IS NULL
                    AND d.start_on <= @today AND (d.end_on IS NULL OR d.end_on >= @today)))
       GROUP BY status_id`,
    )
    .all({ me: userId, today });
  return new Map(rows.map((r) => [r.status_id, r.n]));
}

/** customers.update's input from a customer as read. */
function edit(id: number, over: Partial<Input<'customers.update'>>) {
  return customerEdit(app.ok(admin, 'customers.get', { id }), over);
}

function check(what: string) {
  expect(counters(), what).toEqual(recount());
  const today = app.clock.now().toISOString().slice(0, 10);
  for (const [conn, userId] of [
    [admin, null],
    [wang, wangId],
    [li, liId],
  ] as const) {
    const want = visibleByRule(userId, today);
    const tree = app.ok(conn, 'statuses.tree', {});
    for (const s of tree.statuses) expect(s.count, `${what}: status ${s.id}`).toBe(want.get(s.id) ?? 0);
    const all = [...want.values()].reduce((a, b) => a + b, 0);
    expect(tree.total, what).toBe(all);
    expect(app.ok(conn, 'customers.page', { limit: 1, withTotal: true }).total, what).toBe(all);
    expect(app.ok(conn, 'customers.page', { statusId: 2, limit: 1, withTotal: true }).total, what).toBe(
      want.get(2) ?? 0,
    );
  }
  const deleted = app.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customer WHERE deleted_at IS NOT NULL');
  expect(app.ok(admin, 'customers.page', { deleted: true, limit: 1, withTotal: true }).total, what).toBe(
    deleted.get()!.n,
  );
}

describe('customer counters', () => {
  it('equal a recount after every kind of write', () => {
    check('empty');
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const owner = [wangId, liId, adminId][i % 3];
      ids.push(
        app.ok(
          admin,
          'customers.create',
          newCustomer(owner, { name: `计数${i}有限公司`, keyword: `计数${i}`, statusId: (i % 4) + 1 }),
        ).id,
      );
    }
    check('create');
    app.ok(wang, 'customers.update', edit(ids[0], { name: '计数零有限公司', confirmDuplicates: true }));
    check('edit');
    app.ok(wang, 'customers.update', edit(ids[0], { statusId: 2 }));
    check('status change');
    app.ok(admin, 'customers.update', edit(ids[1], { ownerId: wangId }));
    check('owner change');
    app.ok(admin, 'customers.delete', { ids: [ids[2], ids[3]] });
    check('delete');
    app.ok(admin, 'customers.restore', { ids: [ids[3]] });
    check('restore');
    app.ok(admin, 'staff.transfer', { fromId: wangId, toId: liId });
    check('transfer');
    app.ok(li, 'delegations.grant', { customerIds: [ids[0], ids[4]], toId: wangId, endOn: '2026-11-30' });
    check('delegation');
    app.ok(admin, 'delegations.grant', { customerIds: [ids[5]], toId: liId });
    check('delegation of an own customer (counted once)');
    const list = app.ok(li, 'delegations.list', { customerId: ids[4] });
    app.ok(li, 'delegations.revoke', { id: list.rows[0].id });
    check('revoke');
    app.clock.set('2026-12-02T02:00:00.000Z');
    check('expiry');
    const ctx = ctxOf(app, admin);
    app.db.transaction(() =>
      insertCustomers(
        ctx,
        Array.from({ length: 250 }, (_, i) =>
          importRow(i % 2 ? wangId : liId, { name: `导入${i}公司`, keyword: `导入${i}`, statusId: (i % 4) + 1 }),
        ),
      ),
    )();
    check('import');
  });
});
