import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../context.js';
import { seedPurchase } from '../handlers/fees.fixtures.js';
import { createOffice, newCustomer, planOf, recordStatements, testEngine, type TestApp } from '../testing.js';

/**
 * The statements of 年费催缴's first block with its totals, through EXPLAIN QUERY PLAN: for a
 * salesperson (and an administrator filtered to one 业务员) the rows come from the summary of
 * 0013 — their own in (服务截止期限, id) order from fee_due_purchase_owner with no sort, so the
 * block stops at its LIMIT; the delegated customers' from fee_due_purchase_customer — and no
 * statement reads the purchase or customer table whole, nor walks every 业务员's purchase_fee_due.
 */
let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
const seen = new Map<string, unknown[]>();

beforeEach(() => {
  ({ app, wangId, liId, admin, wang } = createOffice());
  const ids = [0, 1, 2, 3].map(
    (i) =>
      app.ok(admin, 'customers.create', newCustomer(i % 2 ? wangId : liId, { name: `客户${i}公司`, keyword: `客${i}` }))
        .id,
  );
  for (const id of ids) seedPurchase(app, id, { remind: true, serviceEndOn: '2026-12-01', annualFeeCents: 100 });
  app.ok(admin, 'delegations.grant', { customerIds: [ids[0]], toId: wangId });
  recordStatements(app.db, seen);
});
afterEach(() => {
  seen.clear();
  app.close();
});

interface PlanLine {
  id: number;
  parent: number;
  detail: string;
}

/**
 * The plan of every statement the call ran that reads fee_due_purchase, purchase or customer:
 * SQLite's EXPLAIN QUERY PLAN lines (with their tree), and on PostgreSQL the plan's text (planOf).
 */
function plansOf(conn: Connection, input: Record<string, unknown>): { sql: string; plan: PlanLine[]; text: string }[] {
  seen.clear();
  expect(app.ok(conn, 'fees.due', { ...input, withTotal: true }).rows.length).toBeGreaterThan(0);
  return [...seen]
    .filter(([sql]) => /^\s*SELECT/i.test(sql) && /\b(fee_due_purchase|purchase|customer)\b/.test(sql))
    .map(([sql, args]) => {
      const plan = pg ? [] : (app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as [])) as PlanLine[]);
      return { sql, plan, text: pg ? planOf(app.db, sql, ...(args as [])) : plan.map((l) => l.detail).join('\n') };
    });
}

const pg = testEngine() === 'pg';
/** Reads `index` of fee_due_purchase f (SQLite: a search of the covering index; PostgreSQL: an index scan, of f_1 … in a union's later arms). */
const readsIndex = (index: string) =>
  pg
    ? new RegExp(`Index (Only )?Scan using ${index} on fee_due_purchase f(_\\d+)?\\b`)
    : new RegExp(`SEARCH f USING COVERING INDEX ${index}\\b`);
/** A sort of rows (SQLite's temporary B-tree, PostgreSQL's Sort node). */
const sorts = pg ? /\bSort\b/ : /TEMP B-TREE/;
/** A table read whole. */
const readWhole = pg
  ? /Seq Scan on (purchase|customer|fee_due_purchase)\b/
  : /^SCAN (p|c|f|purchase|customer|fee_due_purchase)\b(?! USING)/m;

describe('年费催缴 query plans (0013)', () => {
  const cases: [string, () => Connection, () => Record<string, unknown>, string[]][] = [
    ['salesperson', () => wang, () => ({}), ['fee_due_purchase_owner', 'fee_due_purchase_customer']],
    ['salesperson, own only', () => wang, () => ({ ownerId: wangId }), ['fee_due_purchase_owner']],
    ['salesperson, another 业务员', () => wang, () => ({ ownerId: liId }), ['fee_due_purchase_customer']],
    ['administrator, one 业务员', () => admin, () => ({ ownerId: liId }), ['fee_due_purchase_owner']],
  ];
  for (const [name, conn, input, indexes] of cases) {
    it(`${name}: the block reads the summary's indexes, in order, and nothing whole`, () => {
      const plans = plansOf(conn(), input());
      const block = plans.find((p) => /LIMIT @limit OFFSET @offset/.test(p.sql));
      expect(block, 'the block statement').toBeDefined();
      const lines = block!.plan;
      for (const index of indexes) expect(block!.text).toMatch(readsIndex(index));
      expect(block!.text).not.toContain('purchase_fee_due');
      // The own arm comes from its index in the block's order: no sort beside it (SQLite's plan
      // tree says which arm a sort belongs to; PostgreSQL's text does not, and its few rows here
      // may sort the union whole — the case without delegated customers below holds on both).
      const own = lines.find((l) => l.detail.includes('fee_due_purchase_owner'));
      if (own) expect(lines.filter((l) => l.parent === own.parent && /TEMP B-TREE/.test(l.detail))).toEqual([]);
      if (!indexes.includes('fee_due_purchase_customer')) expect(block!.text).not.toMatch(sorts);
      for (const { sql, text } of plans) expect(text, sql).not.toMatch(readWhole);
      // The delegated customers' totals read the summary's customer index alone.
      if (conn() === wang && input().ownerId !== wangId) {
        const totals = plans.find((p) => /count\(\*\) AS count/.test(p.sql) && /fee_due_purchase f/.test(p.sql));
        expect(totals, 'the delegated totals statement').toBeDefined();
        expect(totals!.text).toMatch(readsIndex('fee_due_purchase_customer'));
      }
    });
  }
});
