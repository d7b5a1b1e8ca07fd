/**
 * PostgreSQL's counters (vitest.pg.config.ts only): the triggers append each change to
 * <counter>_delta and one deferred fold per transaction adds them into the counters at COMMIT
 * (0013_baseline.sql), so a transaction that changes one counter row thousands of times stays
 * linear. What a savepoint rolls back is not counted; after every commit the counters equal a
 * recount and nothing is left pending.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOffice, newCustomer, type Office } from '../testing.js';

let office: Office;
beforeEach(() => {
  office = createOffice();
});
afterEach(() => office.app.close());

const DELTAS = [
  'customer_count',
  'followup_day',
  'customer_day',
  'arrears_count',
  'money_day',
  'product_month',
  'arrears_day',
  'followup_activity',
  'fee_due_day',
  'fee_due_month',
].map((t) => `${t}_delta`);

const counts = () =>
  office.app.db
    .prepare('SELECT owner_id, status_id, deleted, n FROM customer_count WHERE n <> 0 ORDER BY 1, 2, 3')
    .all();
const recount = () =>
  office.app.db
    .prepare(
      `SELECT owner_id, status_id, (deleted_at IS NOT NULL)::int AS deleted, count(*) AS n
       FROM customer GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all();
const pending = () =>
  [...DELTAS, 'counters_fold_queue'].map((t) => office.app.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get());

function insertCustomer(i: number, ownerId: number) {
  office.app.db
    .prepare(
      `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, '2026-11-20', 'x', 'x')`,
    )
    .run(`计数测试${i}有限公司`, `计数${i}`, `计数测试${i}有限公司`, `计数${i}`, ownerId);
}

describe('counters on PostgreSQL', () => {
  it('add up at COMMIT what a transaction changed, without what its rolled-back savepoints did', () => {
    const { app, admin, wangId, liId } = office;
    app.ok(admin, 'customers.create', newCustomer(wangId));
    const before = counts();
    expect(before).toEqual(recount());
    app.db.transaction(() => {
      for (let i = 0; i < 300; i++) insertCustomer(i, i % 2 ? wangId : liId);
      expect(() =>
        app.db.transaction(() => {
          for (let i = 300; i < 310; i++) insertCustomer(i, wangId);
          throw new Error('undone');
        })(),
      ).toThrow('undone');
      app.db.prepare('UPDATE customer SET owner_id = ? WHERE owner_id = ? AND id % 3 = 0').run(liId, wangId);
      app.db.prepare('UPDATE customer SET deleted_at = ? WHERE id % 7 = 0').run('2026-11-26T00:00:00.000Z');
      // Inside the writing transaction the counters are still as they were before it.
      expect(counts()).toEqual(before);
    })();
    expect(counts()).toEqual(recount());
    expect(app.db.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(301);
    expect(pending()).toEqual(pending().map(() => 0));
    // The grid and the status tree read the folded counters.
    expect(app.ok(admin, 'statuses.tree', {}).total).toBe(
      app.db.prepare('SELECT count(*) FROM customer WHERE deleted_at IS NULL').pluck().get(),
    );
  });

  it('fold a transaction rolled back whole into nothing, and the next one as usual', () => {
    const { app, wangId } = office;
    const before = counts();
    expect(() =>
      app.db.transaction(() => {
        for (let i = 0; i < 20; i++) insertCustomer(i, wangId);
        throw new Error('undone');
      })(),
    ).toThrow('undone');
    expect(counts()).toEqual(before);
    expect(pending()).toEqual(pending().map(() => 0));
    insertCustomer(99, wangId); // a write of its own outside transaction(): folded at its commit
    expect(counts()).toEqual(recount());
  });
});
