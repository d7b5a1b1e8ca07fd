import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { productSortFields, type Category, type ProductRow } from '../../../core/contract';
import { call } from '../api/client';
import type { MenuAt } from '../components/ContextMenu';
import { exportGrid } from '../export/startExport';
import { CatalogSearch, YesNoFilter } from './CatalogFilters';
import { CatalogGrid } from './CatalogGrid';
import { CatalogWindow } from './CatalogWindow';
import { CategoryList } from './CategoryList';
import { moneyColumn, pagedDatasource } from '../components/grid';
import { ProductForm } from './ProductForm';
import { changeCatalog, namesOf, useCatalogGrid } from './useCatalogGrid';
import { refreshAll } from '../api/live';

/**
 * 商品注册 (manual 2.8): the 商品大类 list on the left, the product grid on the right — paged from
 * SQLite with search, category and 在售 filters. An administrator adds, edits, deletes and stops
 * selling; a salesperson looks.
 */
export function ProductsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const grid = useCatalogGrid<ProductRow>('products', (ids, action) => call('products.delete', { ids }, { action }));
  const { isAdmin, adminOnly, remove, revision, search, setTotal, selected, one, create, open, apiRef } = grid;
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [onSale, setOnSale] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    call('categories.list')
      .then((list) => live && setCategories(list))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [revision]);

  const datasource = useMemo(
    () =>
      pagedDatasource(
        productSortFields,
        (req) => call('products.page', { ...req, categoryId, onSale, search }),
        setTotal,
      ),
    [categoryId, onSale, search, setTotal],
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

  const allStopped = selected.length > 0 && selected.every((r) => !r.onSale);

  const setSale = async (rows: ProductRow[], sale: boolean) => {
    if (!rows.length || !isAdmin) return;
    await changeCatalog(() =>
      call(
        'products.setOnSale',
        { ids: rows.map((r) => r.id), onSale: sale },
        { action: t(sale ? 'products.action.resume' : 'products.action.stop', { names: namesOf(rows) }) },
      ),
    );
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
        { label: t('products.refresh'), onSelect: refreshAll },
      ],
    };
  };

  return (
    <CatalogWindow
      title={t('products.title')}
      onClose={onClose}
      menu={grid.menu}
      onMenuClose={() => grid.setMenu(null)}
      form={
        grid.form && (
          <ProductForm
            key={grid.form.mode === 'create' ? 'new' : grid.form.id}
            mode={grid.form.mode}
            id={grid.form.mode === 'create' ? undefined : grid.form.id}
            categories={categories}
            categoryId={categoryId}
            onClose={grid.closeForm}
            onSaved={(p) => {
              // Show the saved product: a category other than the one listed switches the list to it.
              if (categoryId !== null && p.categoryId !== categoryId) setCategoryId(p.categoryId);
            }}
          />
        )
      }
    >
      <div className="catalog-split">
        <CategoryList categories={categories} selectedId={categoryId} onSelect={setCategoryId} isAdmin={isAdmin} />
        <section className="catalog-main" aria-label={t('products.title')}>
          <div className="catalog-toolbar">
            <CatalogSearch
              label={t('products.search')}
              placeholder={t('products.searchPlaceholder')}
              button={t('products.query')}
              onSearch={grid.setSearch}
            />
            <YesNoFilter
              label={t('products.saleFilter')}
              value={onSale}
              onChange={setOnSale}
              options={{ all: t('products.saleAll'), yes: t('products.saleOn'), no: t('products.saleOff') }}
            />
            <span className="spacer" />
            <button
              type="button"
              onClick={create}
              disabled={!isAdmin || !categories.length}
              title={adminOnly ?? (categories.length ? undefined : t('products.needCategory'))}
            >
              {t('products.add')}
            </button>
            {/* Why 新增 is disabled, readable without hovering (and by a screen reader). */}
            {(!isAdmin || !categories.length) && (
              <span className="muted toolbar-note">{adminOnly ?? t('products.needCategory')}</span>
            )}
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
          <CatalogGrid<ProductRow>
            columns={columns}
            datasource={datasource}
            stopped={(r) => r.onSale === false}
            noRows={t('products.noRows')}
            apiRef={apiRef}
            onOpen={open}
            onRemove={(rows) => void remove(rows)}
            onSelection={grid.setSelected}
            onMenu={(x, y, rows) => grid.setMenu(menuFor(x, y, rows))}
            status={grid.status}
          />
        </section>
      </div>
    </CatalogWindow>
  );
}
