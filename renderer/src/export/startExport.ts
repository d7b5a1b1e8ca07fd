import type { GridApi } from 'ag-grid-community';
import {
  customerSortFields,
  exportColumns,
  productSortFields,
  supplierSortFields,
  type ExportColumnKey,
  type ExportGrid,
  type ExportRequest,
} from '../../../core/contract';
import { call, errorText } from '../api/client';
import i18n from '../i18n';
import { useMessages } from '../messages/messagesStore';
import { useExport } from './exportStore';

/**
 * 导出: starts the export of a grid's rows on the main side (a background worker writes the
 * .xlsx) and opens the progress dialog, which follows it to the save or the download.
 */
export async function startExport(request: ExportRequest): Promise<void> {
  if (useExport.getState().running) return;
  const title = i18n.t(`export.titles.${request.grid}`);
  try {
    const started = await call('export.start', request);
    useExport.getState().show({ ...started, title });
  } catch (err) {
    useMessages.getState().add(i18n.t('export.action', { title }), false, errorText(err));
  }
}

type SortableGrid = 'customers' | 'products' | 'suppliers' | 'staff';

/** The columns each grid's server sorts by (as its page method does). */
const SORT_FIELDS: Record<SortableGrid, readonly string[]> = {
  customers: customerSortFields,
  products: productSortFields,
  suppliers: supplierSortFields,
  staff: exportColumns.staff,
};

/**
 * What an AG Grid shows: its displayed columns (in the order the user arranged them) among those
 * the export knows, and its sort.
 */
export function gridView<G extends SortableGrid>(api: GridApi | null | undefined, grid: G) {
  type K = ExportColumnKey<G>;
  if (!api) return { columns: undefined, sort: null };
  const known = new Set<string>(exportColumns[grid]);
  const columns = api
    .getAllDisplayedColumns()
    .map((c) => c.getColId())
    .filter((id): id is K => known.has(id));
  const sortable = new Set(SORT_FIELDS[grid]);
  const sorted = api.getColumnState().find((c) => c.sort && sortable.has(c.colId));
  return {
    columns: columns.length ? columns : undefined,
    sort: sorted ? { field: sorted.colId as K, dir: sorted.sort as 'asc' | 'desc' } : null,
  };
}

type Query<G extends ExportGrid> = Extract<ExportRequest, { grid: G }>['query'];

/** Exports what an AG Grid shows: the grid's filters (`query`), its sort and its visible columns. */
export function exportGrid<G extends SortableGrid>(
  grid: G,
  api: GridApi | null | undefined,
  query: Omit<Query<G>, 'sort'>,
): Promise<void> {
  const view = gridView(api, grid);
  const withSort = { ...query, sort: view.sort } as Query<G>;
  return startExport({ grid, query: withSort, columns: view.columns } as ExportRequest);
}
