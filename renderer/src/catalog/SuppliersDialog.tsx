import type { CellContextMenuEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { supplierSortFields, type SupplierRow } from '../../../db/contract';
import { call } from '../api/client';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { Modal } from '../components/Modal';
import { exportGrid } from '../export/startExport';
import { confirmDialog } from '../stores/dialogs';
import { useSession } from '../stores/session';
import { catalogTheme, pagedDatasource } from './grid';
import { LastMessage } from './LastMessage';
import { MenuLayer } from './MenuLayer';
import { SupplierForm } from './SupplierForm';
import { useCatalog } from './store';
import './catalog.css';
import { contextMenuSelection, selectedRows } from '../components/gridSelection';

type Form = { mode: 'create' } | { mode: 'edit' | 'view'; id: number };
const names = (rows: SupplierRow[]) => rows.map((r) => r.name).join('、');

/**
 * 供应商管理 (manual 2.9): a grid paged from SQLite with search and a 在用/停用 filter. An
 * administrator adds, edits, disables and deletes (refused while a product names the supplier).
 */
export function SuppliersDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const revision = useCatalog((s) => s.revision);
  const [active, setActive] = useState<boolean | null>(null);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<SupplierRow[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const apiRef = useRef<GridApi<SupplierRow> | null>(null);
  const firstRevision = useRef(revision);
  const filterId = useId();

  useEffect(() => {
    if (revision !== firstRevision.current) apiRef.current?.refreshInfiniteCache();
  }, [revision]);

  const datasource = useMemo(
    () => pagedDatasource(supplierSortFields, (req) => call('suppliers.page', { ...req, active, search }), setTotal),
    [active, search],
  );

  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? t('suppliers.yes') : t('suppliers.no'));
  const columns = useMemo<ColDef<SupplierRow>[]>(
    () => [
      { field: 'name', headerName: t('suppliers.name'), flex: 2, minWidth: 200 },
      { field: 'shortName', headerName: t('suppliers.shortName'), width: 90 },
      { field: 'active', headerName: t('suppliers.active'), width: 64, valueFormatter: (p) => yesNo(p.data?.active) },
      { field: 'productCount', headerName: t('suppliers.productCount'), width: 76, type: 'rightAligned' },
      { field: 'contactName', headerName: t('suppliers.contactName'), width: 84 },
      { field: 'phone', headerName: t('suppliers.phone'), width: 124 },
      { field: 'mobile', headerName: t('suppliers.mobile'), width: 118 },
      { field: 'email', headerName: t('suppliers.email'), width: 160 },
      { field: 'address', headerName: t('suppliers.address'), flex: 1, minWidth: 140 },
      { field: 'bank', headerName: t('suppliers.bank'), width: 140, sortable: false },
      { field: 'account', headerName: t('suppliers.account'), width: 170, sortable: false },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t],
  );

  const adminOnly = isAdmin ? undefined : t('suppliers.adminOnly');
  const one = selected.length === 1 ? selected[0] : null;
  const allDisabled = selected.length > 0 && selected.every((r) => !r.active);

  const create = () => setForm({ mode: 'create' });
  const open = (row: SupplierRow) => setForm({ mode: isAdmin ? 'edit' : 'view', id: row.id });

  const remove = async (rows: SupplierRow[]) => {
    if (!rows.length || !isAdmin) return;
    const title = t('suppliers.delete');
    if (!(await confirmDialog(title, t('suppliers.confirmDelete', { n: rows.length }), title))) return;
    try {
      await call(
        'suppliers.delete',
        { ids: rows.map((r) => r.id) },
        { action: t('suppliers.action.delete', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
      useCatalog.getState().changed();
    } catch {
      /* reported in Message */
    }
  };

  const setInUse = async (rows: SupplierRow[], inUse: boolean) => {
    if (!rows.length || !isAdmin) return;
    try {
      await call(
        'suppliers.setActive',
        { ids: rows.map((r) => r.id), active: inUse },
        { action: t(inUse ? 'suppliers.action.enable' : 'suppliers.action.disable', { names: names(rows) }) },
      );
      useCatalog.getState().changed();
    } catch {
      /* reported in Message */
    }
  };

  // 导出: every supplier under the 在用 filter, search and sort, with the visible columns.
  const exportRows = () => void exportGrid('suppliers', apiRef.current, { active, search });

  const menuFor = (x: number, y: number, rows: SupplierRow[]): MenuAt => {
    const single = rows.length === 1 ? rows[0] : null;
    const disabled = rows.length > 0 && rows.every((r) => !r.active);
    return {
      x,
      y,
      items: [
        { label: t('suppliers.add'), onSelect: create, disabled: !isAdmin, title: adminOnly },
        {
          label: isAdmin ? t('suppliers.edit') : t('suppliers.view'),
          onSelect: () => single && open(single),
          disabled: !single,
        },
        {
          label: disabled ? t('suppliers.enable') : t('suppliers.disable'),
          onSelect: () => void setInUse(rows, disabled),
          disabled: !isAdmin || !rows.length,
          title: adminOnly,
        },
        {
          label: t('suppliers.delete'),
          onSelect: () => void remove(rows),
          disabled: !isAdmin || !rows.length,
          title: adminOnly,
        },
        'separator',
        { label: t('export.menu'), onSelect: exportRows },
        { label: t('suppliers.refresh'), onSelect: () => useCatalog.getState().changed() },
      ],
    };
  };

  const onCellContextMenu = (e: CellContextMenuEvent<SupplierRow>) => {
    const { rows, x, y } = contextMenuSelection(e);
    setMenu(menuFor(x, y, rows));
  };

  const syncSelection = (api: GridApi<SupplierRow>) => setSelected(selectedRows(api));

  return (
    <Modal
      title={t('suppliers.title')}
      onClose={onClose}
      width={1240}
      footer={
        <>
          <LastMessage />
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </>
      }
    >
      <div className="catalog-window">
        <section className="catalog-main" aria-label={t('suppliers.title')}>
          <div className="catalog-toolbar">
            <form
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                setSearch(query.trim());
              }}
            >
              <input
                type="search"
                aria-label={t('suppliers.search')}
                placeholder={t('suppliers.searchPlaceholder')}
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  if (!e.target.value) setSearch('');
                }}
              />
              <button type="submit">{t('suppliers.query')}</button>
            </form>
            <label htmlFor={filterId}>{t('suppliers.stateFilter')}</label>
            <select
              id={filterId}
              value={active === null ? '' : active ? '1' : '0'}
              onChange={(e) => setActive(e.target.value === '' ? null : e.target.value === '1')}
            >
              <option value="">{t('suppliers.stateAll')}</option>
              <option value="1">{t('suppliers.stateActive')}</option>
              <option value="0">{t('suppliers.stateInactive')}</option>
            </select>
            <span className="spacer" />
            <button type="button" onClick={create} disabled={!isAdmin} title={adminOnly}>
              {t('suppliers.add')}
            </button>
            <button type="button" onClick={() => one && open(one)} disabled={!one}>
              {isAdmin ? t('suppliers.edit') : t('suppliers.view')}
            </button>
            <button
              type="button"
              onClick={() => void setInUse(selected, allDisabled)}
              disabled={!isAdmin || !selected.length}
              title={adminOnly}
            >
              {allDisabled ? t('suppliers.enable') : t('suppliers.disable')}
            </button>
            <button
              type="button"
              onClick={() => void remove(selected)}
              disabled={!isAdmin || !selected.length}
              title={adminOnly}
            >
              {t('suppliers.delete')}
            </button>
            <button type="button" onClick={exportRows}>
              {t('export.menu')}
            </button>
          </div>
          <div className="catalog-grid" onContextMenu={(e) => e.preventDefault()}>
            <AgGridReact<SupplierRow>
              theme={catalogTheme}
              columnDefs={columns}
              defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
              rowModelType="infinite"
              datasource={datasource}
              cacheBlockSize={100}
              maxBlocksInCache={50}
              infiniteInitialRowCount={1}
              getRowId={(p) => String(p.data.id)}
              rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
              rowClassRules={{ 'stopped-row': (p) => p.data?.active === false }}
              preventDefaultOnContextMenu
              localeText={{ noRowsToShow: t('suppliers.noRows'), loadingOoo: t('grid.loading') }}
              onGridReady={(e) => (apiRef.current = e.api)}
              onRowDoubleClicked={(e) => e.data && open(e.data)}
              onSelectionChanged={(e) => syncSelection(e.api)}
              onModelUpdated={(e) => syncSelection(e.api)}
              onCellContextMenu={onCellContextMenu}
              onCellKeyDown={(e) => {
                const key = (e.event as KeyboardEvent | null)?.key;
                if (key === 'Delete') void remove(selectedRows(e.api));
                if (key === 'Enter' && e.data) open(e.data);
              }}
            />
          </div>
          <div className="catalog-status muted" aria-live="polite">
            {total !== null && t('suppliers.total', { n: total })}
            {selected.length > 1 && ` · ${t('suppliers.selected', { n: selected.length })}`}
          </div>
        </section>
      </div>
      {menu && (
        <MenuLayer onClose={() => setMenu(null)}>
          <ContextMenu menu={menu} onClose={() => setMenu(null)} />
        </MenuLayer>
      )}
      {form && (
        <SupplierForm
          key={form.mode === 'create' ? 'new' : form.id}
          mode={form.mode}
          id={form.mode === 'create' ? undefined : form.id}
          onClose={() => setForm(null)}
        />
      )}
    </Modal>
  );
}
