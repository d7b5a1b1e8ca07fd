import type { CellContextMenuEvent, GridApi } from 'ag-grid-community';

/** The data of the grid's selected rows, in selection order. */
export function selectedRows<T>(api: GridApi<T>): T[] {
  return api.getSelectedNodes().flatMap((n) => (n.data ? [n.data] : []));
}

/**
 * Right-click on a row, as in a file manager: a row outside the selection becomes the only
 * selected row; a row inside it keeps the whole selection. Returns the rows the menu acts on and
 * where the pointer is.
 */
export function contextMenuSelection<T>(e: CellContextMenuEvent<T>): { rows: T[]; x: number; y: number } {
  if (e.node.data && !e.node.isSelected()) {
    e.api.deselectAll();
    e.node.setSelected(true);
  }
  const ev = e.event as MouseEvent | null;
  return { rows: selectedRows(e.api), x: ev?.clientX ?? 0, y: ev?.clientY ?? 0 };
}
