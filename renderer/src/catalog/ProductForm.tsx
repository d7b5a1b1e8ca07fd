import { useEffect, useState } from 'react';
import { foldInput } from '../../../core/input';
import { useTranslation } from 'react-i18next';
import type { Category, Product, ProductFields, SupplierOption } from '../../../core/contract';
import { formatMoney, parseMoney } from '../../../core/money';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { CatalogForm } from './CatalogForm';
import { useCatalogSave } from './useCatalogSave';

/** The form as typed: money stays text until '确定' parses it into exact cents. */
interface Draft {
  code: string;
  name: string;
  categoryId: number | '';
  model: string;
  unit: string;
  guidePrice: string;
  annualFee: string;
  supplierId: number | '';
  onSale: boolean;
  note: string;
}

const emptyDraft = (categoryId: number | null): Draft => ({
  code: '',
  name: '',
  categoryId: categoryId ?? '',
  model: '',
  unit: '',
  guidePrice: '',
  annualFee: '',
  supplierId: '',
  onSale: true,
  note: '',
});

const draftOf = (p: Product): Draft => ({
  code: p.code,
  name: p.name,
  categoryId: p.categoryId,
  model: p.model,
  unit: p.unit,
  guidePrice: formatMoney(p.guidePriceCents),
  annualFee: formatMoney(p.annualFeeCents),
  supplierId: p.supplierId ?? '',
  onSale: p.onSale,
  note: p.note,
});

export interface ProductFormProps {
  mode: 'create' | 'edit' | 'view';
  id?: number;
  categories: Category[];
  /** The category selected in the list: a new product starts in it. */
  categoryId: number | null;
  onClose(): void;
  /** After '确定' saved: the product as stored. */
  onSaved?(product: Product): void;
}

/** 新增商品 / 编辑商品 (an administrator), or 商品资料 read-only (a salesperson). */
export function ProductForm({ mode, id, categories, categoryId, onClose, onSaved }: ProductFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(mode === 'create' ? emptyDraft(categoryId) : null);
  const [original, setOriginal] = useState<Product | null>(null);
  const [suppliers, setSuppliers] = useState<SupplierOption[]>([]);
  const { errors, setErrors, formError, setFormError, busy, saveWith } = useCatalogSave(onClose);
  const readOnly = mode === 'view';

  useEffect(() => {
    void call('suppliers.options').then(setSuppliers);
    if (mode !== 'create' && id) {
      call('products.get', { id })
        .then((p) => {
          setOriginal(p);
          setDraft(draftOf(p));
        })
        .catch((err) => setFormError(errorText(err)));
    }
  }, [mode, id, setFormError]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));

  const save = async () => {
    if (!draft || readOnly) return;
    const guide = parseMoney(draft.guidePrice, { empty: 0 });
    const fee = parseMoney(draft.annualFee, { empty: 0 });
    if (!guide.ok || !fee.ok) {
      const local: Record<string, string> = {};
      if (!guide.ok) local.guidePriceCents = guide.error;
      if (!fee.ok) local.annualFeeCents = fee.error;
      setErrors(local);
      setFormError(
        [
          !guide.ok && `${t('products.guidePrice')}：${guide.error}`,
          !fee.ok && `${t('products.annualFee')}：${fee.error}`,
        ]
          .filter(Boolean)
          .join('；'),
      );
      return;
    }
    const fields: ProductFields = {
      code: draft.code,
      name: draft.name,
      categoryId: Number(draft.categoryId) || 0,
      model: draft.model,
      unit: draft.unit,
      guidePriceCents: guide.cents,
      annualFeeCents: fee.cents,
      supplierId: draft.supplierId === '' ? null : Number(draft.supplierId),
      onSale: draft.onSale,
      note: draft.note,
    };
    await saveWith(
      async () => {
        let saved: Product | null = null;
        if (mode === 'create') {
          saved = await call('products.create', fields, {
            action: t('products.action.create', { name: draft.name.trim() }),
          });
        } else if (original) {
          saved = await call(
            'products.update',
            { ...fields, id: original.id, version: original.version },
            { action: t('products.action.edit', { name: draft.name.trim() }) },
          );
        }
        return saved;
      },
      (saved) => {
        if (saved) onSaved?.(saved);
      },
    );
  };

  const title =
    mode === 'create' ? t('products.createTitle') : mode === 'edit' ? t('products.editTitle') : t('products.viewTitle');
  const text = (key: 'code' | 'name' | 'model' | 'unit', required = false, hint?: string) =>
    draft && (
      <Field label={t(`products.${key}`)} required={required} error={errors[key]} hint={hint} wide={key === 'name'}>
        {(p) => (
          <input
            {...p}
            value={draft[key]}
            onChange={(e) => set(key, key === 'code' ? foldInput(e.target.value) : e.target.value)}
          />
        )}
      </Field>
    );
  const money = (key: 'guidePrice' | 'annualFee', errorKey: string) =>
    draft && (
      <Field
        label={t(`products.${key}`)}
        error={errors[errorKey]}
        hint={readOnly ? undefined : t('products.moneyHint')}
      >
        {(p) => (
          <input
            {...p}
            className="money-input"
            inputMode="decimal"
            value={draft[key]}
            placeholder="0.00"
            onChange={(e) => set(key, foldInput(e.target.value))}
            onBlur={() => {
              const r = parseMoney(draft[key], { empty: 0 });
              if (r.ok && draft[key].trim() !== '') set(key, formatMoney(r.cents));
            }}
          />
        )}
      </Field>
    );
  const currentSupplier =
    draft && draft.supplierId !== '' && !suppliers.some((s) => s.id === draft.supplierId && s.active)
      ? (suppliers.find((s) => s.id === draft.supplierId) ?? {
          id: draft.supplierId,
          name: original?.supplierName ?? '',
        })
      : null;

  return (
    <CatalogForm
      title={title}
      formId="product-form"
      readOnly={readOnly}
      busy={busy}
      ready={draft !== null}
      formError={formError}
      onSubmit={() => void save()}
      onClose={onClose}
      isNew={mode === 'create'}
    >
      {draft && (
        <>
          {text('code', false, readOnly ? undefined : t('products.codeHint'))}
          <Field label={t('products.category')} required error={errors.categoryId}>
            {(p) => (
              <select
                {...p}
                value={draft.categoryId}
                onChange={(e) => set('categoryId', e.target.value === '' ? '' : Number(e.target.value))}
              >
                <option value="" disabled>
                  —
                </option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text('name', true)}
          {text('model')}
          {text('unit')}
          {money('guidePrice', 'guidePriceCents')}
          {money('annualFee', 'annualFeeCents')}
          <Field label={t('products.supplier')} error={errors.supplierId}>
            {(p) => (
              <select
                {...p}
                value={draft.supplierId}
                onChange={(e) => set('supplierId', e.target.value === '' ? '' : Number(e.target.value))}
              >
                <option value="">{t('products.noSupplier')}</option>
                {currentSupplier && (
                  <option value={currentSupplier.id}>
                    {t('products.disabledSupplier', { name: currentSupplier.name })}
                  </option>
                )}
                {suppliers
                  .filter((s) => s.active)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label={t('products.onSale')} error={errors.onSale}>
            {(p) => (
              <input {...p} type="checkbox" checked={draft.onSale} onChange={(e) => set('onSale', e.target.checked)} />
            )}
          </Field>
          <Field label={t('products.note')} error={errors.note} wide>
            {(p) => <textarea {...p} rows={3} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
          </Field>
        </>
      )}
    </CatalogForm>
  );
}
