import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { supplierSortFields, type SupplierRow } from '../../../core/contract';
import { call } from '../api/client';
import type { MenuAt } from '../components/ContextMenu';
import { exportGrid } from '../export/startExport';
import { CatalogSearch, YesNoFilter } from './CatalogFilters';
import { CatalogGrid } from './CatalogGrid';
import { CatalogWindow } from './CatalogWindow';
import { pagedDatasource } from '../components/grid';
import { SupplierForm } from './SupplierForm';
import { changeCatalog, namesOf, useCatalogGrid } from './useCatalogGrid';
import { refreshAll } from '../api/live';

/**
 * 供应商管理 (manual 2.9): a grid paged from SQLite with search and a 在用/停用 filter. An
 * administrator adds, edits, disables and deletes (refused while a product names the supplier).
 */
export function SuppliersDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const grid = useCatalogGrid<SupplierRow>('suppliers', (ids, action) => call('suppliers.delete', { ids }, { action }));
  const { isAdmin, adminOnly, remove, search, setTotal, selected, one, create, open, apiRef } = grid;
  const [active, setActive] = useState<boolean | null>(null);

  const datasource = useMemo(
    () => pagedDatasource(supplierSortFields, (req) => call('suppliers.page', { ...req, active, search }), setTotal),
    [active, search, setTotal],
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

  const allDisabled = selected.length > 0 && selected.every((r) => !r.active);

  const setInUse = async (rows: SupplierRow[], inUse: boolean) => {
    if (!rows.length || !isAdmin) return;
    await changeCatalog(() =>
      call(
        'suppliers.setActive',
        { ids: rows.map((r) => r.id), active: inUse },
        { action: t(inUse ? 'suppliers.action.enable' : 'suppliers.action.disable', { names: namesOf(rows) }) },
      ),
    );
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
        { label: t('suppliers.refresh'), onSelect: refreshAll },
      ],
    };
  };

  return (
    <CatalogWindow
      title={t('suppliers.title')}
      onClose={onClose}
      menu={grid.menu}
      onMenuClose={() => grid.setMenu(null)}
      form={
        grid.form && (
          <SupplierForm
            key={grid.form.mode === 'create' ? 'new' : grid.form.id}
            mode={grid.form.mode}
            id={grid.form.mode === 'create' ? undefined : grid.form.id}
            onClose={grid.closeForm}
          />
        )
      }
    >
      <section className="catalog-main" aria-label={t('suppliers.title')}>
        <div className="catalog-toolbar">
          <CatalogSearch
            label={t('suppliers.search')}
            placeholder={t('suppliers.searchPlaceholder')}
            button={t('suppliers.query')}
            onSearch={grid.setSearch}
          />
          <YesNoFilter
            label={t('suppliers.stateFilter')}
            value={active}
            onChange={setActive}
            options={{
              all: t('suppliers.stateAll'),
              yes: t('suppliers.stateActive'),
              no: t('suppliers.stateInactive'),
            }}
          />
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
        <CatalogGrid<SupplierRow>
          columns={columns}
          datasource={datasource}
          stopped={(r) => r.active === false}
          noRows={t('suppliers.noRows')}
          apiRef={apiRef}
          onOpen={open}
          onRemove={(rows) => void remove(rows)}
          onSelection={grid.setSelected}
          onMenu={(x, y, rows) => grid.setMenu(menuFor(x, y, rows))}
          status={grid.status}
        />
      </section>
    </CatalogWindow>
  );
}
