import type { CellContextMenuEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cursorOf, customerSortFields, type CustomerRow } from '../../../core/contract';
import { call } from '../api/client';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { exportGrid } from '../export/startExport';
import { gridSort, printCustomerCards, printCustomerList, printQuoteSheet, printReminder } from '../print/actions';
import { useDraftGuard } from '../drafts/guard';
import { confirmDialog } from '../components/questionStore';
import { useCustomers } from './customersStore';
import { useSession } from '../session/sessionStore';
import { staffMenuItems } from './customerMenuStaff';
import { useStaffDialogs } from '../staff/staffDialogsStore';
import { contextMenuSelection, selectedRows } from '../components/gridSelection';
import { gridTheme, pagedDatasource, pagedGridOptions } from '../components/grid';
import { refreshAll, useChanges } from '../api/live';
import { useMessages } from '../messages/messagesStore';

const names = (rows: CustomerRow[]) => rows.map((r) => r.name).join('、');

/** Area 2: the customer grid. Pages from SQLite (infinite row model); sort and search in SQL. */
export function CustomerGrid() {
  const { t, i18n } = useTranslation();
  const { statusId, search, showDeleted, pool } = useCustomers();
  const revision = useChanges(['customers', 'counts']);
  const apiRef = useRef<GridApi<CustomerRow> | null>(null);
  const [total, setTotal] = useState<{ n: number; bound: boolean } | null>(null);
  const [selected, setSelected] = useState<CustomerRow[]>([]);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const [query, setQuery] = useState(search);
  const cellMenuOpened = useRef(false);
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const isManager = useSession((s) => s.user?.role === 'manager');

  const columns = useMemo<ColDef<CustomerRow>[]>(
    () => [
      {
        field: 'name',
        headerName: t('col.name'),
        flex: 2,
        minWidth: 200,
        valueFormatter: (p) => (p.data ? p.data.name + (p.data.delegated ? t('grid.delegated') : '') : ''),
        cellClassRules: { 'delegated-row': (p) => !!p.data?.delegated },
        // A long name cut by the column shows whole on hover.
        tooltipValueGetter: (p) => p.valueFormatted ?? p.value,
      },
      { field: 'keyword', headerName: t('col.keyword'), width: 110 },
      { field: 'statusName', headerName: t('col.status'), width: 110 },
      { field: 'ownerName', headerName: t('col.owner'), width: 100 },
      { field: 'createdOn', headerName: t('col.createdOn'), width: 120 },
      { field: 'phone', headerName: t('col.phone'), width: 140 },
      { field: 'region', headerName: t('col.region'), flex: 1, minWidth: 100, tooltipField: 'region' },
    ],
    [t],
  );

  // Keyset paging (components/grid.ts): cursors are forgotten when the data changed (the blocks
  // reload by offset then) or the sort changed. A ranked search (no sort) has no keyset.
  const dataGeneration = useRef(0);

  const datasource = useMemo(
    () =>
      pagedDatasource<CustomerRow, (typeof customerSortFields)[number], ReturnType<typeof cursorOf>>(
        customerSortFields,
        (req) => call('customers.page', { statusId, search, deleted: showDeleted, pool, ...req }, { quietCodes: [] }),
        (n, bound) => setTotal({ n, bound }),
        {
          cursorOf: (last, sort) => (search && !sort ? null : cursorOf(last, sort)),
          generation: () => dataGeneration.current,
        },
      ),
    [statusId, search, showDeleted, pool],
  );

  // After a change elsewhere (save, delete, another window): reload the loaded blocks in place.
  useEffect(() => {
    if (revision > 0) {
      dataGeneration.current++;
      apiRef.current?.refreshInfiniteCache();
    }
  }, [revision]);

  useEffect(() => setQuery(search), [search]);

  // Unsaved tab edits, and the user chose 取消: the previous customer is current again — select it.
  const restored = useDraftGuard((s) => s.restored);
  useEffect(() => {
    const node = restored?.id ? apiRef.current?.getRowNode(String(restored.id)) : null;
    if (node && !node.isSelected()) node.setSelected(true, true);
  }, [restored]);

  // A new customer (or one chosen elsewhere) becomes the selected row once its block is loaded.
  // A row the user picks (click, keyboard, right-click) after they asked for it — even before the
  // answer came back — wins: the reveal gives up.
  const reveal = useCustomers((s) => s.reveal);
  const picked = () => useCustomers.getState().notePick();
  useEffect(() => {
    if (!reveal) return;
    let tries = 0;
    const timer = setInterval(() => {
      if (useCustomers.getState().lastPickAt > reveal.since) return clearInterval(timer);
      const api = apiRef.current;
      const node = api?.getRowNode(String(reveal.id));
      if (api && node && node.rowIndex != null) {
        clearInterval(timer);
        api.deselectAll();
        node.setSelected(true, true);
        api.ensureIndexVisible(node.rowIndex);
      } else if (++tries > 20) clearInterval(timer);
    }, 150);
    return () => clearInterval(timer);
  }, [reveal]);

  /** Opens the right-click menu from the keyboard (the menu key or Shift+F10), at the focused row. */
  const keyboardMenu = (target: HTMLElement | null) => {
    const r = target?.getBoundingClientRect();
    setMenu(menuFor(r ? r.left + 24 : 40, r ? r.bottom : 40, selectedRows(apiRef.current!)));
  };

  const openEdit = (row: CustomerRow) => useCustomers.getState().openForm({ mode: 'edit', id: row.id });

  const remove = async (rows: CustomerRow[]) => {
    if (!rows.length) return;
    const delegatedRow = rows.find((r) => r.delegated);
    if (delegatedRow) {
      useMessages.getState().add(t('ctx.delete'), false, t('roles.delegatedDelete', { name: delegatedRow.name }));
      return;
    }
    if (!(await confirmDialog(t('ctx.delete'), t('customer.confirmDelete', { n: rows.length }), t('ctx.delete'))))
      return;
    try {
      await call(
        'customers.delete',
        { ids: rows.map((r) => r.id) },
        { action: t('action.deleteCustomers', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
      useCustomers.getState().setSelection([], null);
    } catch {
      /* reported in Message */
    }
  };

  const restore = async (rows: CustomerRow[]) => {
    try {
      await call(
        'customers.restore',
        { ids: rows.map((r) => r.id) },
        { action: t('action.restoreCustomers', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
    } catch {
      /* reported in Message */
    }
  };

  /** 领取: the chosen 公海 customers become this user's (the data core says why not, in Message). */
  const claim = async (rows: CustomerRow[]) => {
    if (!rows.length) return;
    try {
      await call(
        'pool.claim',
        { ids: rows.map((r) => r.id) },
        { action: t('pool.action.claim', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
      useCustomers.getState().setSelection([], null);
    } catch {
      /* reported in Message */
    }
  };

  /** 退回公海: the owner, their 销售经理 or an administrator gives customers back to the pool. */
  const release = async (rows: CustomerRow[]) => {
    if (!rows.length) return;
    if (!(await confirmDialog(t('pool.release'), t('pool.confirmRelease', { n: rows.length }), t('pool.release'))))
      return;
    try {
      await call(
        'pool.release',
        { ids: rows.map((r) => r.id) },
        { action: t('pool.action.release', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
      useCustomers.getState().setSelection([], null);
    } catch {
      /* reported in Message */
    }
  };

  const menuFor = (x: number, y: number, rows: CustomerRow[]): MenuAt => {
    const one = rows.length === 1 ? rows[0] : null;
    // A delegate follows a customer up but may not delete, transfer or re-delegate it.
    const delegatedRow = rows.find((r) => r.delegated);
    // 导出: every row under the current status, search and sort, with the visible columns.
    const exportRows = {
      label: t('ctx.export'),
      onSelect: () => void exportGrid('customers', apiRef.current, { statusId, search, deleted: showDeleted, pool }),
    };
    const printList = {
      label: t('print.menuList'),
      onSelect: () =>
        // Several customers selected: '所选 N 行' or '全部' (one selected row is the current customer).
        void printCustomerList(
          { statusId, search, deleted: showDeleted, pool, sort: gridSort(apiRef.current) },
          rows.length > 1 ? rows : [],
        ),
    };
    const refs = rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.ownerId }));
    const poolRows = pool || rows.some((r) => r.pool);
    const items: MenuAt['items'] = poolRows
      ? [
          // The 公海: 领取 for anyone; 分配给… for an administrator or a 销售经理 (within the 部门).
          { label: t('pool.claim'), onSelect: () => void claim(rows), disabled: !rows.length },
          ...(isAdmin || isManager
            ? [
                {
                  label: t('pool.assign'),
                  onSelect: () => useStaffDialogs.getState().openTransfer({ kind: 'pool', customers: refs }),
                  disabled: !rows.length,
                },
              ]
            : []),
          'separator',
          exportRows,
          printList,
          {
            label: t('print.menuCards'),
            onSelect: () => void printCustomerCards(rows.map((r) => r.id)),
            disabled: !rows.length,
          },
        ]
      : showDeleted
        ? [
            { label: t('ctx.restore'), onSelect: () => void restore(rows), disabled: !rows.length },
            'separator',
            exportRows,
            printList,
          ]
        : [
            { label: t('ctx.create'), onSelect: () => useCustomers.getState().openForm({ mode: 'create' }) },
            { label: t('ctx.edit'), onSelect: () => one && openEdit(one), disabled: !one },
            {
              label: t('ctx.delete'),
              onSelect: () => void remove(rows),
              disabled: !rows.length || !!delegatedRow,
              title: delegatedRow ? t('roles.delegatedDelete', { name: delegatedRow.name }) : undefined,
            },
            'separator',
            ...staffMenuItems(rows, isAdmin || isManager, t),
            {
              label: t('pool.release'),
              onSelect: () => void release(rows),
              disabled: !rows.length || !!delegatedRow,
              title: delegatedRow ? t('pool.delegatedRelease', { name: delegatedRow.name }) : undefined,
            },
            'separator',
            exportRows,
            printList,
            {
              label: t('print.menuCards'),
              onSelect: () => void printCustomerCards(rows.map((r) => r.id)),
              disabled: !rows.length,
            },
            { label: t('print.menuQuotes'), onSelect: () => one && void printQuoteSheet(one.id), disabled: !one },
            { label: t('print.action.reminder'), onSelect: () => one && void printReminder(one.id), disabled: !one },
          ];
    items.push('separator', { label: t('ctx.refresh'), onSelect: refreshAll });
    return { x, y, items };
  };

  const onCellContextMenu = (e: CellContextMenuEvent<CustomerRow>) => {
    cellMenuOpened.current = true;
    picked();
    const wasSelected = e.node.isSelected();
    const { rows, x, y } = contextMenuSelection(e);
    if (!wasSelected && e.node.data) useCustomers.getState().setSelection([e.node.data.id], e.node.data.id);
    setMenu(menuFor(x, y, rows));
  };

  return (
    <section className="pane grid-pane" aria-label={t('menu.customerList')}>
      <div className="grid-toolbar">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            useCustomers.getState().setSearch(query.trim());
          }}
        >
          <input
            type="search"
            aria-label={t('grid.search')}
            placeholder={t('grid.searchPlaceholder')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              if (!e.target.value) useCustomers.getState().setSearch('');
            }}
          />
          <button type="submit">{t('grid.search')}</button>
        </form>
        <span className="spacer" />
        {showDeleted && <span className="badge">{t('menu.recycleBin')}</span>}
        {pool && <span className="badge">{t('pool.node')}</span>}
        <span className="muted" aria-live="polite">
          {total !== null && t(total.bound ? 'grid.totalBound' : 'grid.total', { n: total.n.toLocaleString('en-US') })}
          {selected.length > 1 && ` · ${t('grid.selected', { n: selected.length })}`}
        </span>
      </div>
      <div
        className="grid-host"
        onContextMenu={(e) => {
          e.preventDefault();
          if (cellMenuOpened.current) {
            cellMenuOpened.current = false;
            return;
          }
          setMenu(menuFor(e.clientX, e.clientY, selected));
        }}
      >
        <AgGridReact<CustomerRow>
          // AG Grid reads its texts (没有客户, 加载中) once: a new language builds the grid again.
          key={i18n.language}
          {...pagedGridOptions}
          theme={gridTheme}
          columnDefs={columns}
          defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
          tooltipShowDelay={500}
          datasource={datasource}
          localeText={{ noRowsToShow: t('grid.noRows'), loadingOoo: t('grid.loading') }}
          onGridReady={(e) => (apiRef.current = e.api)}
          onRowDoubleClicked={(e) => e.data && !showDeleted && !e.data.pool && openEdit(e.data)}
          onRowClicked={(e) => {
            picked();
            if (e.data) useCustomers.getState().setSelection(useCustomers.getState().selectedIds, e.data.id);
          }}
          onSelectionChanged={(e) => {
            const rows = selectedRows(e.api);
            setSelected(rows);
            const current = useCustomers.getState().currentId;
            const ids = rows.map((r) => r.id);
            useCustomers
              .getState()
              .setSelection(ids, current && ids.includes(current) ? current : (ids[ids.length - 1] ?? null));
          }}
          onCellContextMenu={onCellContextMenu}
          onCellKeyDown={(e) => {
            const ev = e.event as KeyboardEvent | null;
            const key = ev?.key;
            if (key === 'Delete' && !showDeleted) void remove(selectedRows(e.api));
            if (key === 'Enter' && e.data && !showDeleted) {
              ev?.preventDefault();
              openEdit(e.data);
            }
            if (key === 'ContextMenu' || (key === 'F10' && ev?.shiftKey)) {
              ev?.preventDefault();
              if (e.node && !e.node.isSelected()) e.node.setSelected(true, true);
              keyboardMenu(ev?.target as HTMLElement | null);
            }
          }}
          // The arrow keys, Page Up/Down, Home/End move the selection with the focus (so the tabs
          // below show the customer Enter edits); with Shift they add to it.
          navigateToNextCell={(p) => {
            picked();
            const next = p.nextCellPosition;
            if (next && next.rowPinned == null && next.rowIndex !== p.previousCellPosition.rowIndex) {
              const node = p.api.getDisplayedRowAtIndex(next.rowIndex);
              if (node?.data) node.setSelected(true, !(p.event as KeyboardEvent | null)?.shiftKey);
            }
            return next;
          }}
          // Tab leaves the grid (to the tabs below) instead of walking through every cell.
          tabToNextCell={() => false}
        />
      </div>
      {menu && <ContextMenu menu={menu} onClose={() => setMenu(null)} />}
    </section>
  );
}
