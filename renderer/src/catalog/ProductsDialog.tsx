import type { CellContextMenuEvent, ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { productSortFields, type Category, type ProductRow } from '../../../db/contract';
import { call } from '../api/client';
import { ContextMenu, type MenuAt } from '../components/ContextMenu';
import { Modal } from '../components/Modal';
import { exportGrid } from '../export/startExport';
import { confirmDialog } from '../stores/dialogs';
import { useSession } from '../stores/session';
import { CategoryList } from './CategoryList';
import { catalogTheme, moneyColumn, pagedDatasource } from './grid';
import { LastMessage } from './LastMessage';
import { MenuLayer } from './MenuLayer';
import { ProductForm } from './ProductForm';
import { useCatalog } from './store';
import './catalog.css';
import { contextMenuSelection, selectedRows } from '../components/gridSelection';

type Form = { mode: 'create' } | { mode: 'edit' | 'view'; id: number };
const names = (rows: ProductRow[]) => rows.map((r) => r.name).join('、');

/**
 * 商品注册 (manual 2.8): the 商品大类 list on the left, the product grid on the right — paged from
 * SQLite with search, category and 在售 filters. An administrator adds, edits, deletes and stops
 * selling; a salesperson looks.
 */
export function ProductsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const revision = useCatalog((s) => s.revision);
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [onSale, setOnSale] = useState<boolean | null>(null);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [selected, setSelected] = useState<ProductRow[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const apiRef = useRef<GridApi<ProductRow> | null>(null);
  const firstRevision = useRef(revision);
  const filterId = useId();

  useEffect(() => {
    let live = true;
    call('categories.list')
      .then((list) => live && setCategories(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [revision]);

  useEffect(() => {
    if (revision !== firstRevision.current) apiRef.current?.refreshInfiniteCache();
  }, [revision]);

  const datasource = useMemo(
    () =>
      pagedDatasource(
        productSortFields,
        (req) => call('products.page', { ...req, categoryId, onSale, search }),
        setTotal,
      ),
    [categoryId, onSale, search],
  );

  const columns = useMemo<ColDef<ProductRow>[]>(
    () => [
      { field: 'code', headerName: t('products.code'), width: 100 },
      { field: 'name', headerName: t('products.name'), flex: 2, minWidth: 150 },
      { field: 'categoryName', headerName: t('products.category'), width: 100 },
      { field: 'model', headerName: t('products.model'), width: 110 },
      { field: 'unit', headerName: t('products.unit'), width: 60 },
      moneyColumn<ProductRow>('guidePriceCents', t('products.guidePrice'), 100),
      moneyColumn<ProductRow>('annualFeeCents', t('products.annualFee'), 100),
      { field: 'supplierName', headerName: t('products.supplier'), flex: 1, minWidth: 110 },
      {
        field: 'onSale',
        headerName: t('products.onSale'),
        width: 64,
        valueFormatter: (p) => (p.data ? (p.data.onSale ? t('products.yes') : t('products.no')) : ''),
      },
      { field: 'note', headerName: t('products.note'), flex: 1, minWidth: 80, sortable: false },
    ],
    [t],
  );

  const adminOnly = isAdmin ? undefined : t('products.adminOnly');
  const one = selected.length === 1 ? selected[0] : null;
  const allStopped = selected.length > 0 && selected.every((r) => !r.onSale);

  const create = () => setForm({ mode: 'create' });
  const open = (row: ProductRow) => setForm({ mode: isAdmin ? 'edit' : 'view', id: row.id });

  const remove = async (rows: ProductRow[]) => {
    if (!rows.length || !isAdmin) return;
    const title = t('products.delete');
    if (!(await confirmDialog(title, t('products.confirmDelete', { n: rows.length }), title))) return;
    try {
      await call(
        'products.delete',
        { ids: rows.map((r) => r.id) },
        { action: t('products.action.delete', { names: names(rows) }) },
      );
      apiRef.current?.deselectAll();
      useCatalog.getState().changed();
    } catch {
      /* reported in Message */
    }
  };

  const setSale = async (rows: ProductRow[], sale: boolean) => {
    if (!rows.length || !isAdmin) return;
    try {
      await call(
        'products.setOnSale',
        { ids: rows.map((r) => r.id), onSale: sale },
        { action: t(sale ? 'products.action.resume' : 'products.action.stop', { names: names(rows) }) },
      );
      useCatalog.getState().changed();
    } catch {
      /* reported in Message */
    }
  };

  // 导出: every product under the category, 在售 filter, search and sort, with the visible columns.
  const exportRows = () => void exportGrid('products', apiRef.current, { categoryId, onSale, search });

  const menuFor = (x: number, y: number, rows: ProductRow[]): MenuAt => {
    const single = rows.length === 1 ? rows[0] : null;
    const stopped = rows.length > 0 && rows.every((r) => !r.onSale);
    return {
      x,
      y,
      items: [
        { label: t('products.add'), onSelect: create, disabled: !isAdmin || !categories.length, title: adminOnly },
        {
          label: isAdmin ? t('products.edit') : t('products.view'),
          onSelect: () => single && open(single),
          disabled: !single,
        },
        {
          label: t('products.delete'),
          onSelect: () => void remove(rows),
          disabled: !isAdmin || !rows.length,
          title: adminOnly,
        },
        {
          label: stopped ? t('products.resume') : t('products.stop'),
          onSelect: () => void setSale(rows, stopped),
          disabled: !isAdmin || !rows.length,
          title: adminOnly,
        },
        'separator',
        { label: t('export.menu'), onSelect: exportRows },
        { label: t('products.refresh'), onSelect: () => useCatalog.getState().changed() },
      ],
    };
  };

  const onCellContextMenu = (e: CellContextMenuEvent<ProductRow>) => {
    const { rows, x, y } = contextMenuSelection(e);
    setMenu(menuFor(x, y, rows));
  };

  const syncSelection = (api: GridApi<ProductRow>) => setSelected(selectedRows(api));

  return (
    <Modal
      title={t('products.title')}
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
        <div className="catalog-split">
          <CategoryList categories={categories} selectedId={categoryId} onSelect={setCategoryId} isAdmin={isAdmin} />
          <section className="catalog-main" aria-label={t('products.title')}>
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
                  aria-label={t('products.search')}
                  placeholder={t('products.searchPlaceholder')}
                  value={query}
                  onChange={(e) => {
                    setQuery(e.target.value);
                    if (!e.target.value) setSearch('');
                  }}
                />
                <button type="submit">{t('products.query')}</button>
              </form>
              <label htmlFor={filterId}>{t('products.saleFilter')}</label>
              <select
                id={filterId}
                value={onSale === null ? '' : onSale ? '1' : '0'}
                onChange={(e) => setOnSale(e.target.value === '' ? null : e.target.value === '1')}
              >
                <option value="">{t('products.saleAll')}</option>
                <option value="1">{t('products.saleOn')}</option>
                <option value="0">{t('products.saleOff')}</option>
              </select>
              <span className="spacer" />
              <button
                type="button"
                onClick={create}
                disabled={!isAdmin || !categories.length}
                title={adminOnly ?? (categories.length ? undefined : t('products.needCategory'))}
              >
                {t('products.add')}
              </button>
              <button type="button" onClick={() => one && open(one)} disabled={!one}>
                {isAdmin ? t('products.edit') : t('products.view')}
              </button>
              <button
                type="button"
                onClick={() => void remove(selected)}
                disabled={!isAdmin || !selected.length}
                title={adminOnly}
              >
                {t('products.delete')}
              </button>
              <button
                type="button"
                onClick={() => void setSale(selected, allStopped)}
                disabled={!isAdmin || !selected.length}
                title={adminOnly}
              >
                {allStopped ? t('products.resume') : t('products.stop')}
              </button>
              <button type="button" onClick={exportRows}>
                {t('export.menu')}
              </button>
            </div>
            <div className="catalog-grid" onContextMenu={(e) => e.preventDefault()}>
              <AgGridReact<ProductRow>
                theme={catalogTheme}
                columnDefs={columns}
                defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
                rowModelType="infinite"
                datasource={datasource}
                cacheBlockSize={100}
                maxBlocksInCache={50}
                infiniteInitialRowCount={1}
                getRowId={(p) => String(p.data.id)}
                rowSelection={{
                  mode: 'multiRow',
                  checkboxes: false,
                  headerCheckbox: false,
                  enableClickSelection: true,
                }}
                rowClassRules={{ 'stopped-row': (p) => p.data?.onSale === false }}
                preventDefaultOnContextMenu
                localeText={{ noRowsToShow: t('products.noRows'), loadingOoo: t('grid.loading') }}
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
              {total !== null && t('products.total', { n: total })}
              {selected.length > 1 && ` · ${t('products.selected', { n: selected.length })}`}
            </div>
          </section>
        </div>
      </div>
      {menu && (
        <MenuLayer onClose={() => setMenu(null)}>
          <ContextMenu menu={menu} onClose={() => setMenu(null)} />
        </MenuLayer>
      )}
      {form && (
        <ProductForm
          key={form.mode === 'create' ? 'new' : form.id}
          mode={form.mode}
          id={form.mode === 'create' ? undefined : form.id}
          categories={categories}
          categoryId={categoryId}
          onClose={() => setForm(null)}
          onSaved={(p) => {
            // Show the saved product: a category other than the one listed switches the list to it.
            if (categoryId !== null && p.categoryId !== categoryId) setCategoryId(p.categoryId);
          }}
        />
      )}
    </Modal>
  );
}
