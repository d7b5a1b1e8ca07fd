import type { ColDef, GridApi } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category, ProductPick, ProductPickResult } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Modal } from '../components/Modal';
import { gridTheme, moneyColumn } from '../components/grid';
import { answerPicker, type PickerRequest } from './catalogStore';
import './catalog.css';

/** The picker's entry point for quotes and purchases (re-exported here, where the dialog lives). */
export { pickProducts, type PickOptions } from './catalogStore';

/** Rows shown at most; a larger match asks for a keyword. The server counts them all. */
const LIMIT = 500;
const DEBOUNCE_MS = 250;

/**
 * 商品选择 (manual 2.4, 2.5): a 商品大类 selector (with '全部'), a 搜索关键字 box (编号, 商品名称,
 * 规格型号) and the matching products for sale. Ctrl-click adds or removes a row, Shift-click
 * selects a range, double-click picks one; '确定' picks every selected row, '取消' none.
 * Open it with pickProducts() (store.ts).
 */
export function ProductPicker({ request }: { request: PickerRequest }) {
  const { t } = useTranslation();
  const categoryFieldId = useId();
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [result, setResult] = useState<ProductPickResult | null>(null);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<ProductPick[]>([]);
  const apiRef = useRef<GridApi<ProductPick> | null>(null);

  useEffect(() => {
    call('categories.list')
      .then(setCategories)
      .catch(() => undefined);
  }, []);

  // Typing filters as it goes (after a short pause); Enter or '查询' filters at once.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    let live = true;
    call('products.pick', { categoryId, search, limit: LIMIT })
      .then((r) => {
        if (!live) return;
        setError('');
        setResult(r);
      })
      .catch((err) => live && setError(t('picker.loadFailed', { reason: errorText(err) })));
    return () => {
      live = false;
    };
  }, [categoryId, search, t]);

  const columns = useMemo<ColDef<ProductPick>[]>(
    () => [
      { field: 'code', headerName: t('products.code'), width: 110 },
      { field: 'name', headerName: t('products.name'), flex: 2, minWidth: 180 },
      { field: 'categoryName', headerName: t('products.category'), width: 110 },
      { field: 'model', headerName: t('products.model'), width: 130 },
      { field: 'unit', headerName: t('products.unit'), width: 70 },
      moneyColumn<ProductPick>('guidePriceCents', t('products.guidePrice')),
      moneyColumn<ProductPick>('annualFeeCents', t('products.annualFee')),
    ],
    [t],
  );

  /** The selected rows in the order the grid shows them. */
  const selectedRows = (api: GridApi<ProductPick>) =>
    api
      .getSelectedNodes()
      .filter((n) => n.data)
      .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0))
      .map((n) => n.data as ProductPick);

  const cancel = () => answerPicker(request, []);
  const ok = () => answerPicker(request, apiRef.current ? selectedRows(apiRef.current) : selected);

  const shown = result?.rows.length ?? 0;
  return (
    <Modal
      title={request.title ?? t('picker.title')}
      onClose={cancel}
      width={1000}
      footer={
        <>
          <span className="catalog-status" aria-live="polite">
            {result && t('picker.total', { n: result.total })}
            {result && result.total > shown && ` · ${t('picker.truncated', { shown })}`}
            {selected.length > 0 && ` · ${t('picker.selected', { n: selected.length })}`}
          </span>
          <span className="spacer" />
          <button type="button" className="primary" disabled={!selected.length} onClick={ok}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={cancel}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <div className="catalog-window picker-window">
        <div className="catalog-toolbar">
          <label htmlFor={categoryFieldId}>{t('picker.category')}</label>
          <select
            id={categoryFieldId}
            value={categoryId ?? ''}
            onChange={(e) => setCategoryId(e.target.value === '' ? null : Number(e.target.value))}
          >
            <option value="">{t('picker.all')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <form
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setSearch(query.trim());
            }}
          >
            <input
              type="search"
              aria-label={t('picker.search')}
              placeholder={t('picker.searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <button type="submit">{t('picker.query')}</button>
          </form>
          <span className="spacer" />
          <span className="muted">{t('picker.hint')}</span>
        </div>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <div className="catalog-grid">
          <AgGridReact<ProductPick>
            theme={gridTheme}
            columnDefs={columns}
            defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
            rowData={result?.rows ?? null}
            getRowId={(p) => String(p.data.id)}
            rowSelection={{ mode: 'multiRow', checkboxes: false, headerCheckbox: false, enableClickSelection: true }}
            localeText={{ noRowsToShow: t('picker.noRows'), loadingOoo: t('grid.loading') }}
            onGridReady={(e) => (apiRef.current = e.api)}
            onSelectionChanged={(e) => setSelected(selectedRows(e.api))}
            onRowDataUpdated={(e) => setSelected(selectedRows(e.api))}
            onRowDoubleClicked={(e) => e.data && answerPicker(request, [e.data])}
            onCellKeyDown={(e) => {
              if ((e.event as KeyboardEvent | null)?.key === 'Enter' && e.api.getSelectedNodes().length) ok();
            }}
          />
        </div>
      </div>
    </Modal>
  );
}
