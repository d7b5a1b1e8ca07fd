/**
 * The one grid module: every AG Grid of the renderer takes its modules, look and paging from here —
 * the customer grid, the catalog lists, the draft tabs, 人员管理, the import preview.
 */
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type GridOptions,
  type IDatasource,
  type SortModelItem,
} from 'ag-grid-community';
import type { Page } from '../../../core/contract';
import { formatMoney } from '../../../core/money';

ModuleRegistry.registerModules([AllCommunityModule]);

/** The grids' look: CJK fonts, 30px rows, the selection in light blue. */
export const gridTheme = themeQuartz.withParams({
  fontFamily: ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
  fontSize: 13,
  rowHeight: 30,
  headerHeight: 32,
  spacing: 5,
  selectedRowBackgroundColor: '#cfe3ff',
});

/** Rows asked for at a time by a paged grid. */
export const PAGE_BLOCK = 100;

/**
 * What every paged list (infinite row model over a `*.page` method) sets alike: blocks of
 * {@link PAGE_BLOCK} rows, rows known by their id (so selection and scroll survive a reload),
 * Ctrl/Shift-click selecting several, and the browser's own context menu off.
 */
export const pagedGridOptions = {
  rowModelType: 'infinite',
  cacheBlockSize: PAGE_BLOCK,
  maxBlocksInCache: 50,
  infiniteInitialRowCount: 1,
  getRowId: (p: { data: { id: number } }) => String(p.data.id),
  rowSelection: { mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true },
  preventDefaultOnContextMenu: true,
} satisfies GridOptions<{ id: number }>;

/** A money column: integer cents shown as yuan with two decimals, right-aligned. */
export function moneyColumn<T>(field: NonNullable<ColDef<T>['field']>, headerName: string, width = 110): ColDef<T> {
  return {
    field,
    headerName,
    width,
    type: 'rightAligned',
    valueFormatter: (p) => (typeof p.value === 'number' ? formatMoney(p.value, { grouping: true }) : ''),
  };
}

export interface PageRequest<F extends string, C = never> {
  offset: number;
  limit: number;
  withTotal: boolean;
  sort: { field: F; dir: 'asc' | 'desc' } | null;
  /** Keyset paging only (absent without it): where the block starts — after the last row of the block before it — or null. */
  after?: C | null;
}

/** Keyset paging: how a block's last row becomes the cursor of the next block. */
export interface Keyset<Row, F extends string, C> {
  /** The cursor after `last` under `sort`; null when this order has no keyset (a ranked search). */
  cursorOf(last: Row, sort: PageRequest<F, C>['sort']): C | null;
  /** Changes when the data changed: cursors taken before are forgotten (the blocks reload by offset). */
  generation(): number;
}

/**
 * An infinite-row-model datasource over a `*.page` method: asks for the total with the first block
 * (and until one is known), passes the grid's sort when the column is one the server sorts by. A
 * total that is only a lower bound (`totalIsBound`, '超过 10,000 个') leaves the last row to be
 * learnt from the first short block. With `keyset`, a block that follows a loaded one asks for
 * the rows after that block's last row (read from the sort index right there, however deep)
 * instead of an offset counted from the top.
 */
export function pagedDatasource<Row, F extends string, C = never>(
  sortFields: readonly F[],
  fetch: (req: PageRequest<F, C>) => Promise<Page<Row> & { totalIsBound?: boolean }>,
  onTotal: (total: number, bound: boolean) => void,
  keyset?: Keyset<Row, F, C>,
): IDatasource {
  let knownTotal: number | null = null;
  let counted = false;
  /** By the row where a block starts: the cursor after the block before it, with its sort and generation. */
  const cursors = new Map<number, { sort: string; generation: number; after: C }>();
  return {
    getRows(params) {
      const s = (params.sortModel as SortModelItem[])[0];
      const sort =
        s && (sortFields as readonly string[]).includes(s.colId) ? { field: s.colId as F, dir: s.sort } : null;
      const sortKey = JSON.stringify(sort);
      const generation = keyset?.generation() ?? 0;
      const known = cursors.get(params.startRow);
      const after = known?.sort === sortKey && known.generation === generation ? known.after : null;
      const limit = params.endRow - params.startRow;
      const withTotal = params.startRow === 0 || !counted;
      fetch({ offset: params.startRow, limit, withTotal, sort, ...(keyset ? { after } : {}) })
        .then((page) => {
          const last = page.rows[page.rows.length - 1];
          if (keyset && last !== undefined && generation === keyset.generation()) {
            const cursor = keyset.cursorOf(last, sort);
            if (cursor !== null)
              cursors.set(params.startRow + page.rows.length, { sort: sortKey, generation, after: cursor });
          }
          if (page.total !== null) {
            counted = true;
            const bound = page.totalIsBound ?? false;
            knownTotal = bound ? null : page.total;
            onTotal(page.total, bound);
          }
          const end = page.rows.length < limit ? params.startRow + page.rows.length : null;
          params.successCallback(page.rows, knownTotal ?? end ?? undefined);
        })
        .catch(() => params.failCallback());
    },
  };
}
