import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cursorOf, customerSortFields, type CustomerRow, type Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { gridOffice, newCustomer, type TestApp } from '../testing.js';
import { setJumpStep, setLookupHits, setManyHits } from './grid.js';

/**
 * A quick search sorted by a column gives the rows a plain recount gives — the customers the
 * user may see (the unsearched grid), whose 客户名称 or 关键字 contains the term, in the column's
 * order — both ways the grid reads them: walking the sort index against the hits' bitset (many
 * hits) and sorting the fetched hits (few); for every sortable column and direction, both roles,
 * with and without a status filter, by OFFSET, by cursor blocks and by far jumps; and after
 * writes, which the kept bitset must follow.
 */
let app: TestApp;
let wangId: number;
let admin: Connection;
let wang: Connection;
let oldStep: number;
let oldMany: number;
let oldLookup: number;

const NAMES = ['深圳甲科技有限公司', '广州乙贸易有限公司', '深圳甲科技有限公司', '北京丙网络公司', '上海丁商行'];
const KEYWORDS = ['甲', '乙', '科技', '丙', '丁', '戊', '己'];

beforeEach(() => {
  ({ app, wangId, admin, wang } = gridOffice({
    count: 70,
    names: NAMES,
    keyword: (i) => `${KEYWORDS[i % KEYWORDS.length]}${i % 2}`,
    delegate: 9,
    deleted: [1, 4, 9, 30],
  }));
  oldStep = setJumpStep(1_000_000_000);
  oldMany = setManyHits(2000);
  oldLookup = setLookupHits(0);
});
afterEach(() => {
  setJumpStep(oldStep);
  setManyHits(oldMany);
  setLookupHits(oldLookup);
  app.close();
});

type Query = Partial<Input<'customers.page'>>;
type Sort = NonNullable<Query['sort']>;

/** The sort key of a row, as the grid defines each column's order (then the id). */
function keyOf(row: CustomerRow, field: Sort['field']): (string | number)[] {
  const by: Record<Sort['field'], (string | number)[]> = {
    name: [row.name],
    keyword: [row.keyword],
    statusName: [row.statusId, row.createdOn],
    ownerName: [row.ownerId, row.statusId, row.createdOn],
    createdOn: [row.createdOn],
    phone: [row.phone],
    region: [row.region],
  };
  return [...by[field], row.id];
}

function compare(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** The recount: every row the user may see, filtered here by the term, sorted here. */
function recount(conn: Connection, term: string, statusId: number | null, sort: Sort): number[] {
  const step = setJumpStep(1_000_000_000);
  try {
    const all = app.ok(conn, 'customers.page', { statusId, offset: 0, limit: 1000 }).rows;
    return all
      .filter((r) => r.name.includes(term) || r.keyword.includes(term))
      .sort((a, b) => compare(keyOf(a, sort.field), keyOf(b, sort.field)) * (sort.dir === 'asc' ? 1 : -1))
      .map((r) => r.id);
  } finally {
    setJumpStep(step);
  }
}

const ids = (rows: CustomerRow[]) => rows.map((r) => r.id);

const sorts: Sort[] = customerSortFields.flatMap((field) => (['asc', 'desc'] as const).map((dir) => ({ field, dir })));

/** Every sorted search to compare, each with its recount. */
function cases() {
  const out: { conn: Connection; q: Query; expected: number[] }[] = [];
  for (const conn of [admin, wang]) {
    // '' : the grid without a search (a salesperson's 业务员 sort reads two merged arms).
    for (const term of ['科技', '甲', '']) {
      for (const statusId of [null, 2]) {
        for (const sort of sorts) {
          out.push({ conn, q: { search: term, statusId, sort }, expected: recount(conn, term, statusId, sort) });
        }
      }
    }
  }
  return out;
}

describe('sorted quick search', () => {
  for (const [how, many, lookup] of [
    ['walking the sort index against the hits', 0, 0],
    ['sorting the fetched hits', 1_000_000_000, 0],
    // PostgreSQL, a salesperson: each hit's customer looked up by key, then sorted (customerOf).
    ['looking each hit up by key', 0, 1_000_000_000],
  ] as const) {
    it(`gives the recount's rows, order and total, ${how}`, () => {
      setManyHits(many);
      setLookupHits(lookup);
      let compared = 0;
      for (const { conn, q, expected } of cases()) {
        const label = `${conn === admin ? 'admin' : 'wang'} ${JSON.stringify(q)}`;
        const page = app.ok(conn, 'customers.page', { ...q, offset: 0, limit: 1000, withTotal: true });
        expect(ids(page.rows), label).toEqual(expected);
        expect(page.total, label).toBe(expected.length);
        // Cursor blocks of 4, each after the previous block's last row.
        const out: CustomerRow[] = [];
        for (let guard = 0; guard < 100; guard++) {
          const last = out[out.length - 1];
          const block = app.ok(conn, 'customers.page', {
            ...q,
            offset: out.length,
            limit: 4,
            after: last ? cursorOf(last, q.sort ?? null) : null,
          }).rows;
          out.push(...block);
          if (block.length < 4) break;
        }
        expect(ids(out), label).toEqual(expected);
        compared += expected.length;
      }
      expect(compared).toBeGreaterThan(500);
      // Wang's searches hold delegated customers and none of another's.
      const seen = app.ok(wang, 'customers.page', { search: '科技', sort: sorts[0], limit: 1000 }).rows;
      expect(seen.some((r) => r.delegated)).toBe(true);
      expect(seen.every((r) => r.ownerId === wangId || r.delegated)).toBe(true);
    }, 30_000); // many calls: several seconds on a loaded 2-core machine

    it(`jumps far to the recount's block, ${how}`, () => {
      setManyHits(many);
      setLookupHits(lookup);
      setJumpStep(3);
      for (const { conn, q, expected } of cases()) {
        for (let offset = 0; offset <= expected.length + 1; offset += 5) {
          const page = app.ok(conn, 'customers.page', { ...q, offset, limit: 4 });
          expect(ids(page.rows), `${JSON.stringify(q)} at ${offset}`).toEqual(expected.slice(offset, offset + 4));
        }
      }
    }, 30_000);
  }

  it('follows writes between blocks: the kept hits are read again after a commit', () => {
    setManyHits(0);
    const sort: Sort = { field: 'name', dir: 'asc' };
    const first = app.ok(admin, 'customers.page', { search: '科技', sort, limit: 5 }).rows;
    expect(ids(first)).toEqual(recount(admin, '科技', null, sort).slice(0, 5));
    // A new hit that sorts first, a hit renamed away, a hit deleted, a non-hit renamed into one.
    const created = app.ok(
      admin,
      'customers.create',
      newCustomer(wangId, { name: '一科技', keyword: '一号', confirmDuplicates: true }),
    ).id;
    const rename = (id: number, name: string) => {
      const {
        statusName: _s,
        ownerName: _o,
        delegated: _d,
        pool: _p,
        masked: _m,
        deletedAt: _a,
        ...fields
      } = app.ok(admin, 'customers.get', {
        id,
      });
      app.ok(admin, 'customers.update', { ...fields, name, keyword: `号${id}`, confirmDuplicates: true });
    };
    rename(first[1].id, '无关公司');
    app.ok(admin, 'customers.delete', { ids: [first[2].id] });
    const other = app.ok(admin, 'customers.page', { search: '商行', limit: 1 }).rows[0];
    rename(other.id, '龢科技');
    const expected = recount(admin, '科技', null, sort);
    expect(expected[0]).toBe(created);
    expect(expected).toContain(other.id);
    expect(expected).not.toContain(first[1].id);
    expect(expected).not.toContain(first[2].id);
    expect(ids(app.ok(admin, 'customers.page', { search: '科技', sort, limit: 1000 }).rows)).toEqual(expected);
    const next = app.ok(admin, 'customers.page', {
      search: '科技',
      sort,
      offset: 5,
      limit: 5,
      after: cursorOf(first[4], sort),
    }).rows;
    const at = expected.indexOf(first[4].id);
    expect(ids(next)).toEqual(expected.slice(at + 1, at + 6));
  });
});
