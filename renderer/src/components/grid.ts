import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type IDatasource,
  type SortModelItem,
} from 'ag-grid-community';
import type { Page } from '../../../core/contract';
import { formatMoney } from '../../../core/money';

ModuleRegistry.registerModules([AllCommunityModule]);

/** The same look as the customer grid. */
export const catalogTheme = themeQuartz.withParams({
  fontFamily: ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'],
  fontSize: 13,
  rowHeight: 30,
  headerHeight: 32,
  spacing: 5,
  selectedRowBackgroundColor: '#cfe3ff',
});

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

export interface PageRequest<F extends string> {
  offset: number;
  limit: number;
  withTotal: boolean;
  sort: { field: F; dir: 'asc' | 'desc' } | null;
}

/**
 * An infinite-row-model datasource over a `*.page` method: asks for the total with the first
 * block, passes the grid's sort when the column is one the server sorts by.
 */
export function pagedDatasource<Row, F extends string>(
  sortFields: readonly F[],
  fetch: (req: PageRequest<F>) => Promise<Page<Row>>,
  onTotal: (total: number) => void,
): IDatasource {
  let knownTotal: number | null = null;
  return {
    getRows(params) {
      const s = (params.sortModel as SortModelItem[])[0];
      const sort =
        s && (sortFields as readonly string[]).includes(s.colId) ? { field: s.colId as F, dir: s.sort } : null;
      fetch({
        offset: params.startRow,
        limit: params.endRow - params.startRow,
        withTotal: params.startRow === 0 || knownTotal === null,
        sort,
      })
        .then((page) => {
          if (page.total !== null) {
            knownTotal = page.total;
            onTotal(page.total);
          }
          params.successCallback(page.rows, knownTotal ?? undefined);
        })
        .catch(() => params.failCallback());
    },
  };
}
