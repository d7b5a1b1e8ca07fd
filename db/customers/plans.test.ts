import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cursorOf, customerSortFields } from '../../core/contract.js';
import { setJumpStep, setManyHits } from './grid.js';
import type { Connection } from '../context.js';
import { searchSqlOf } from './search-sql.js';
import { createOffice, newCustomer, planOf, recordStatements, testEngine, type TestApp } from '../testing.js';

/**
 * Every statement the grid, its counts, the status tree, the quick search and the duplicate
 * check run, for each role, sort column, direction, status filter and kind of search, through
 * the engine's plan: none may read the customer table from end to end. (A walk of an index in
 * sort order — SQLite's 'SCAN c USING INDEX …', PostgreSQL's index scan without a condition —
 * stops at its LIMIT and is allowed.)
 */
let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
const seen = new Map<string, unknown[]>();

beforeEach(() => {
  ({ app, wangId, liId, admin, wang } = createOffice());
  // Offset 10 then goes through the jump map (marks every 3 rows) as a far jump does.
  setJumpStep(3);
  for (let i = 0; i < 30; i++) {
    app.ok(
      admin,
      'customers.create',
      newCustomer(i % 2 ? wangId : liId, {
        name: `深圳${i}号科技有限公司`,
        keyword: `号${i}`,
        statusId: (i % 4) + 1,
        phone: `0755-8600${i}`,
        confirmDuplicates: true,
      }),
    );
  }
  app.ok(admin, 'delegations.grant', { customerIds: [1, 3], toId: wangId });
  // Record every statement run from here on, with its arguments.
  recordStatements(app.db, seen);
});
afterEach(() => {
  setJumpStep(1000);
  setManyHits(2000);
  seen.clear();
  app.close();
});

const pg = testEngine() === 'pg';

/**
 * The plan of a statement as lines: SQLite's EXPLAIN QUERY PLAN details; PostgreSQL's plan (planOf:
 * sequential scans and sorts priced out, so what is left of them no index can avoid) as one line.
 */
function planLines(sql: string, args: unknown[]): string[] {
  if (pg) return [planOf(app.db, sql, ...args)];
  return app.db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...(args as []))
    .map((r) => (r as { detail: string }).detail);
}

/** Reads the customer table whole: SQLite's SCAN without an index (a walk of one in sort order
 * stops at its LIMIT and is allowed), PostgreSQL's Seq Scan. */
const wholeTable = pg ? /Seq Scan on customer\b/ : /^SCAN (c|customer)\b(?! USING (COVERING )?INDEX)/;

/** Plan lines that read the customer table whole. */
function fullScans(): string[] {
  const bad: string[] = [];
  for (const [sql, args] of seen) {
    if (!/\bcustomer\b/.test(sql) || !/^\s*(SELECT|WITH)/i.test(sql)) continue;
    for (const line of planLines(sql, args)) if (wholeTable.test(line)) bad.push(`${line}\n  in ${sql}`);
  }
  return bad;
}

/**
 * Plan lines of grid pages under a status filter, sorted by 客户名称, 关键字, 电话 or 地区, that sort
 * the status's customers in a temporary B-tree instead of walking the sort index (0012 dropped
 * the status-prefixed sort indexes: the plain ones carry status_id in their entries).
 */
function statusSortsWithoutIndex(): string[] {
  const bad: string[] = [];
  for (const [sql, args] of seen) {
    if (!/^\s*SELECT/i.test(sql) || !/c\.status_id = @statusId/.test(sql)) continue;
    if (!/ORDER BY c\.(name|keyword|phone|region) /.test(sql)) continue;
    if (/customer_search/.test(sql)) continue; // a search with few hits sorts them: fine
    const plan = planLines(sql, args);
    const walks = plan.some((line) =>
      (pg ? /Index (Only )?Scan (Backward )?using/ : /USING (COVERING )?INDEX/).test(line)
        ? /\bcustomer_live_(name|keyword|phone|region)\b/.test(line)
        : false,
    );
    if (!walks || plan.some((line) => (pg ? /\bSort\b/ : /TEMP B-TREE FOR ORDER BY/).test(line)))
      bad.push(`${plan.join(' | ')}\n  in ${sql}`);
  }
  return bad;
}

describe('query plans', () => {
  it('never scan the customer table for the grid, counts, search and duplicates', () => {
    // Both ways a sorted search reads: the hits fetched and sorted (few), and the sort index
    // walked against the hits' bitset (many: every search here, with a threshold of 0).
    for (const [conn, many] of [admin, wang].flatMap((c) => [2000, 0].map((n) => [c, n] as const))) {
      setManyHits(many);
      app.ok(conn, 'statuses.tree', {});
      for (const search of ['', '科技', '号', 'sz', '0755', '深圳1']) {
        for (const statusId of [null, 2]) {
          for (const sort of [
            null,
            ...customerSortFields.flatMap((field) => ['asc', 'desc'].map((dir) => ({ field, dir }))),
          ]) {
            for (const offset of [0, 10]) {
              const page = app.ok(conn, 'customers.page', {
                search,
                statusId,
                sort: sort as never,
                offset,
                limit: 5,
                withTotal: true,
              });
              // The next block after this one's last row (keyset paging).
              const last = page.rows[page.rows.length - 1];
              if (last && (sort || !search)) {
                app.ok(conn, 'customers.page', {
                  search,
                  statusId,
                  sort: sort as never,
                  offset: offset + 5,
                  limit: 5,
                  after: cursorOf(last, sort as never),
                });
              }
            }
          }
        }
      }
      app.ok(conn, 'customers.checkDuplicates', { name: '深圳新科技有限公司', keyword: '科技', excludeId: null });
      app.ok(conn, 'customers.checkDuplicates', { name: '某公司', keyword: '号', excludeId: 3 });
    }
    app.ok(admin, 'customers.page', { deleted: true, withTotal: true });
    app.ok(admin, 'customers.page', { deleted: true, search: '科技', withTotal: true });
    expect(seen.size).toBeGreaterThan(20);
    expect(fullScans()).toEqual([]);
    expect(statusSortsWithoutIndex()).toEqual([]);
    expect(
      [...seen.keys()].filter((sql) => /c\.status_id = @statusId/.test(sql) && /ORDER BY c\.name /.test(sql)).length,
    ).toBeGreaterThan(0);
    // SQLite walks the sort index against a bitset of the hits (crm_search_hit); PostgreSQL has no
    // such function and reads the hits from the GIN index (search-sql.ts: bitset false).
    const walksBitset = [...seen.keys()].filter((sql) => /crm_search_hit\(@hitSet, c\.id\)/.test(sql)).length > 0;
    expect(walksBitset).toBe(searchSqlOf(app.db).bitset);
    // many calls, each planned twice: a shared machine can take longer than the default 5 s
  }, 60_000);

  it('are checked by a detector that does catch a full scan', () => {
    app.db.prepare(`SELECT count(*) FROM customer c WHERE c.note LIKE ?`).get('%x%');
    expect(fullScans()).toHaveLength(1);
  });
});
