import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cursorOf, customerSortFields, type CustomerRow, type Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { isPgUrl } from '../engine/dialect.js';
import { openPgDatabase } from '../engine/open-pg.js';
import { openDatabase } from '../open.js';
import { failure, gridOffice, newCustomer, type TestApp } from '../testing.js';
import { setFewVisible, setJumpStep } from './grid.js';

/**
 * Keyset paging (`after`: the previous block's last row) and the jump map of far offsets give
 * exactly the rows that OFFSET gives, for every sort, direction, role, status filter and sorted
 * search, on an office with many ties (names, dates, phones, regions repeat; 地区 and 电话 often
 * empty — the sort columns are NOT NULL, so '' is what stands for "none"), delegated and deleted
 * customers, and with writes between pages.
 */
let app: TestApp;
let wangId: number;
let admin: Connection;
let wang: Connection;
let oldStep: number;

beforeEach(() => {
  // Li's customers 2, 5, 8 … 20 delegated to Wang; a few customers in the recycle bin.
  ({ app, wangId, admin, wang } = gridOffice({
    count: 60,
    names: ['深圳甲科技有限公司', '广州乙贸易有限公司', '深圳甲科技有限公司', '北京丙科技有限公司', '上海丁商行'],
    keyword: (i) => `号${i % 7}`,
    delegate: 8,
    deleted: [4, 9, 30],
  }));
  oldStep = setJumpStep(1_000_000_000);
});
afterEach(() => {
  setJumpStep(oldStep);
  app.close();
});

type Query = Partial<Input<'customers.page'>>;

/** Every row of a grid by one OFFSET query (the jump map out of the way). */
function reference(conn: Connection, q: Query): CustomerRow[] {
  const step = setJumpStep(1_000_000_000);
  try {
    return app.ok(conn, 'customers.page', { ...q, offset: 0, limit: 1000 }).rows;
  } finally {
    setJumpStep(step);
  }
}

/** Every row of a grid by following cursors, `limit` rows a block. */
function byCursor(conn: Connection, q: Query, limit: number): CustomerRow[] {
  const out: CustomerRow[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const last = out[out.length - 1];
    const page = app.ok(conn, 'customers.page', {
      ...q,
      offset: out.length,
      limit,
      after: last ? cursorOf(last, q.sort ?? null) : null,
    });
    out.push(...page.rows);
    if (page.rows.length < limit) return out;
  }
  throw new Error('no end');
}

const ids = (rows: CustomerRow[]) => rows.map((r) => r.id);

const sorts = [
  null,
  ...customerSortFields.flatMap((field) => (['asc', 'desc'] as const).map((dir) => ({ field, dir }))),
];

function queries(conn: Connection): Query[] {
  const out: Query[] = [];
  for (const statusId of [null, 2]) {
    for (const sort of sorts) {
      out.push({ statusId, sort });
      if (sort) out.push({ statusId, sort, search: '科技' });
    }
  }
  if (conn === admin) for (const sort of sorts) out.push({ deleted: true, sort });
  return out;
}

describe('keyset paging', () => {
  it('follows cursors to the same rows as OFFSET, for every sort, role, status and sorted search', () => {
    let compared = 0;
    for (const conn of [admin, wang]) {
      for (const q of queries(conn)) {
        const all = reference(conn, q);
        expect(ids(byCursor(conn, q, 7)), JSON.stringify(q)).toEqual(ids(all));
        compared += all.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // Wang sees his own and the delegated ones, no other.
    const seen = reference(wang, {});
    expect(seen.some((r) => r.delegated)).toBe(true);
    expect(seen.every((r) => r.ownerId === wangId || r.delegated)).toBe(true);
  });

  it('reads a salesperson’s grid by owner or by walking the sort index to the same rows and blocks', () => {
    setJumpStep(5);
    const byOwner = queries(wang).map((q) => ({ q, all: reference(wang, q) }));
    const old = setFewVisible(0); // walk the office's sort index instead
    try {
      for (const { q, all } of byOwner) {
        expect(ids(reference(wang, q)), JSON.stringify(q)).toEqual(ids(all));
        expect(ids(byCursor(wang, q, 7)), JSON.stringify(q)).toEqual(ids(all));
        expect(ids(app.ok(wang, 'customers.page', { ...q, offset: 11, limit: 4 }).rows)).toEqual(
          ids(all.slice(11, 15)),
        );
      }
    } finally {
      setFewVisible(old);
    }
    expect(byOwner.filter(({ all }) => all.length > 15).length).toBeGreaterThan(10);
  });

  it('jumps far through the map to the same block as OFFSET', () => {
    setJumpStep(5);
    for (const conn of [admin, wang]) {
      for (const q of queries(conn)) {
        const all = reference(conn, q);
        for (let offset = 0; offset <= all.length + 2; offset += 3) {
          const page = app.ok(conn, 'customers.page', { ...q, offset, limit: 4 });
          expect(ids(page.rows), `${JSON.stringify(q)} at ${offset}`).toEqual(ids(all.slice(offset, offset + 4)));
        }
      }
    }
  });

  it('after a write, jumps see the new order (the map is rebuilt) and cursors continue after their row', () => {
    setJumpStep(5);
    const q: Query = { sort: { field: 'name', dir: 'asc' } };
    const before = reference(admin, q);
    expect(ids(app.ok(admin, 'customers.page', { ...q, offset: 20, limit: 5 }).rows)).toEqual(
      ids(before.slice(20, 25)),
    );
    // Between two blocks: a row of the first block, the cursor row itself and a row ahead are
    // deleted; a customer that sorts first is added; one is renamed to sort last.
    const first = before.slice(0, 7);
    const cursor = cursorOf(first[6], q.sort!);
    app.ok(admin, 'customers.delete', { ids: [first[2].id, first[6].id, before[9].id] });
    app.ok(admin, 'customers.create', newCustomer(wangId, { name: '阿', keyword: '阿', confirmDuplicates: true }));
    const {
      statusName: _s,
      ownerName: _o,
      delegated: _d,
      pool: _p,
      masked: _m,
      deletedAt: _a,
      ...fields
    } = app.ok(admin, 'customers.get', {
      id: before[12].id,
    });
    app.ok(admin, 'customers.update', { ...fields, name: '龢龢龢', confirmDuplicates: true });

    const after = reference(admin, q);
    const next = app.ok(admin, 'customers.page', { ...q, offset: 7, limit: 5, after: cursor }).rows;
    const gone = new Set([first[2].id, first[6].id, before[9].id, before[12].id]);
    expect(ids(next)).toEqual(
      before
        .slice(7)
        .map((r) => r.id)
        .filter((id) => !gone.has(id))
        .slice(0, 5),
    );
    for (const offset of [5, 10, 20, 30]) {
      expect(ids(app.ok(admin, 'customers.page', { ...q, offset, limit: 5 }).rows)).toEqual(
        ids(after.slice(offset, offset + 5)),
      );
    }
    expect(after[after.length - 1].name).toBe('龢龢龢');
  });

  it('after a write through another connection (another office server), jumps see it', () => {
    setJumpStep(5);
    const q: Query = { sort: { field: 'name', dir: 'asc' } };
    const before = reference(admin, q);
    expect(ids(app.ok(admin, 'customers.page', { ...q, offset: 20, limit: 5 }).rows)).toEqual(
      ids(before.slice(20, 25)),
    );
    // The map is kept between calls while nothing changed …
    expect(ids(app.ok(admin, 'customers.page', { ...q, offset: 25, limit: 5 }).rows)).toEqual(
      ids(before.slice(25, 30)),
    );
    // … and a commit of another connection to the same database moves every row after it.
    const other = isPgUrl(app.db.name) ? openPgDatabase(app.db.name) : openDatabase(app.db.name);
    try {
      other.prepare("UPDATE customer SET deleted_at = '2026-12-07 10:00:00' WHERE id = ?").run(before[3].id);
    } finally {
      other.close();
    }
    const after = reference(admin, q);
    expect(after.length).toBe(before.length - 1);
    for (const offset of [20, 25]) {
      expect(ids(app.ok(admin, 'customers.page', { ...q, offset, limit: 5 }).rows)).toEqual(
        ids(after.slice(offset, offset + 5)),
      );
    }
  });

  it('rejects a cursor whose key does not fit the sort, naming the field, and one of another type', () => {
    const bad = failure(
      app.call(admin, 'customers.page', {
        sort: { field: 'ownerName', dir: 'asc' },
        after: { id: 3, key: ['深圳'] },
      }),
    );
    expect(bad.code).toBe('bad_input');
    expect(bad.message).toContain('上一块的最后一行');
    const wrongType = failure(app.call(admin, 'customers.page', { after: { id: 3, key: [{}] } as never }));
    expect(wrongType.code).toBe('bad_input');
  });
});
