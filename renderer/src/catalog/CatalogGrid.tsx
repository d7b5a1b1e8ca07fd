import type { CellContextMenuEvent, ColDef, GridApi, IDatasource } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import type { ReactNode, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { contextMenuSelection, selectedRows } from '../components/gridSelection';
import { gridTheme, pagedGridOptions } from '../components/grid';

export interface CatalogGridProps<T extends { id: number }> {
  columns: ColDef<T>[];
  datasource: IDatasource;
  /** A row no longer in use (停售, 停用), shown greyed. */
  stopped(row: T): boolean;
  noRows: string;
  apiRef: RefObject<GridApi<T> | null>;
  /** Double-click or Enter on a row. */
  onOpen(row: T): void;
  /** Delete on the grid: the rows selected. */
  onRemove(rows: T[]): void;
  onSelection(rows: T[]): void;
  /** Right-click: the rows the menu acts on and where the pointer is. */
  onMenu(x: number, y: number, rows: T[]): void;
  /** The line under the grid: the total, how many are selected. */
  status: ReactNode;
}

/** A catalog list paged from SQLite: multi-row selection, context menu, Delete and Enter. */
export function CatalogGrid<T extends { id: number }>({
  columns,
  datasource,
  stopped,
  noRows,
  apiRef,
  onOpen,
  onRemove,
  onSelection,
  onMenu,
  status,
}: CatalogGridProps<T>) {
  const { t } = useTranslation();
  const onCellContextMenu = (e: CellContextMenuEvent<T>) => {
    const { rows, x, y } = contextMenuSelection(e);
    onMenu(x, y, rows);
  };
  const syncSelection = (api: GridApi<T>) => onSelection(selectedRows(api));
  return (
    <>
      <div className="catalog-grid" onContextMenu={(e) => e.preventDefault()}>
        <AgGridReact<T>
          {...pagedGridOptions}
          theme={gridTheme}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
          datasource={datasource}
          rowClassRules={{ 'stopped-row': (p) => (p.data ? stopped(p.data) : false) }}
          localeText={{ noRowsToShow: noRows, loadingOoo: t('grid.loading') }}
          onGridReady={(e) => (apiRef.current = e.api)}
          onRowDoubleClicked={(e) => e.data && onOpen(e.data)}
          onSelectionChanged={(e) => syncSelection(e.api)}
          onModelUpdated={(e) => syncSelection(e.api)}
          onCellContextMenu={onCellContextMenu}
          onCellKeyDown={(e) => {
            const key = (e.event as KeyboardEvent | null)?.key;
            if (key === 'Delete') onRemove(selectedRows(e.api));
            if (key === 'Enter' && e.data) onOpen(e.data);
          }}
        />
      </div>
      <div className="catalog-status muted" aria-live="polite">
        {status}
      </div>
    </>
  );
}
