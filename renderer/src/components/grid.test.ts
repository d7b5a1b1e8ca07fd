import type { IGetRowsParams } from 'ag-grid-community';
import { describe, expect, it } from 'vitest';
import { pagedDatasource, type PageRequest } from './grid';

type Row = { id: number; name: string };
const rows = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => ({ id: from + i, name: `r${from + i}` }));

/** Asks the datasource for one block the way the infinite row model does; resolves with what it answered. */
function block(ds: ReturnType<typeof pagedDatasource>, startRow: number, endRow: number, sort?: string) {
  return new Promise<{ rows: Row[]; last: number | undefined } | 'failed'>((resolve) => {
    ds.getRows({
      startRow,
      endRow,
      sortModel: sort ? [{ colId: sort, sort: 'asc' }] : [],
      filterModel: {},
      context: undefined,
      successCallback: (r: Row[], last?: number) => resolve({ rows: r, last }),
      failCallback: () => resolve('failed'),
    } as unknown as IGetRowsParams);
  });
}

describe('pagedDatasource: one paged datasource for every infinite grid', () => {
  it('asks for the total with the first block, passes only server-sortable columns, tells the grid the last row', async () => {
    const asked: PageRequest<'name'>[] = [];
    const totals: [number, boolean][] = [];
    const ds = pagedDatasource<Row, 'name'>(
      ['name'],
      async (req) => {
        asked.push(req);
        return { rows: rows(req.offset, Math.min(req.limit, 250 - req.offset)), total: req.withTotal ? 250 : null };
      },
      (n, bound) => totals.push([n, bound]),
    );
    expect(await block(ds, 0, 100, 'name')).toMatchObject({ last: 250 });
    expect(await block(ds, 100, 200, 'phone')).toMatchObject({ last: 250 });
    expect(asked).toEqual([
      { offset: 0, limit: 100, withTotal: true, sort: { field: 'name', dir: 'asc' } },
      { offset: 100, limit: 100, withTotal: false, sort: null },
    ]);
    expect(totals).toEqual([[250, false]]);
  });

  it('a total that is only a lower bound leaves the last row to the first short block', async () => {
    const ds = pagedDatasource<Row, 'name'>(
      [],
      async (req) => ({
        rows: rows(req.offset, req.offset === 0 ? 100 : 30),
        total: req.withTotal ? 10000 : null,
        totalIsBound: true,
      }),
      () => undefined,
    );
    expect(await block(ds, 0, 100)).toMatchObject({ last: undefined });
    expect(await block(ds, 100, 200)).toMatchObject({ last: 130 });
  });

  it('keyset: the next block starts after the last row of the one before, until the data or the sort changes', async () => {
    let generation = 0;
    const afters: (number | null | undefined)[] = [];
    const ds = pagedDatasource<Row, 'name', number>(
      ['name'],
      async (req) => {
        afters.push(req.after);
        return { rows: rows(req.offset, req.limit), total: 1000 };
      },
      () => undefined,
      { cursorOf: (last) => last.id, generation: () => generation },
    );
    await block(ds, 0, 100);
    await block(ds, 100, 200);
    await block(ds, 100, 200, 'name'); // another sort: the cursor does not apply
    generation++; // a change event: the blocks reload by offset
    await block(ds, 100, 200);
    expect(afters).toEqual([null, 99, null, null]);
  });

  it('a failed call fails the block (the grid shows it again later)', async () => {
    const ds = pagedDatasource<Row, 'name'>(
      [],
      () => Promise.reject(new Error('down')),
      () => undefined,
    );
    expect(await block(ds, 0, 100)).toBe('failed');
  });
});
