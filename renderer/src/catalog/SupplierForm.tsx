import { useEffect, useState } from 'react';
import { foldInput } from '../../../core/input';
import { useTranslation } from 'react-i18next';
import type { Supplier, SupplierFields } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { CatalogForm } from './CatalogForm';
import { useCatalogSave } from './useCatalogSave';

const emptyDraft = (): SupplierFields => ({
  name: '',
  shortName: '',
  contactName: '',
  phone: '',
  mobile: '',
  address: '',
  email: '',
  bank: '',
  account: '',
  note: '',
  active: true,
});

type TextKey = Exclude<keyof SupplierFields, 'active' | 'note'>;
const WIDE: TextKey[] = ['name', 'address'];

/** 新增供应商 / 编辑供应商 (an administrator), or 供应商资料 read-only (a salesperson). */
export function SupplierForm({
  mode,
  id,
  onClose,
}: {
  mode: 'create' | 'edit' | 'view';
  id?: number;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<SupplierFields | null>(mode === 'create' ? emptyDraft() : null);
  const [original, setOriginal] = useState<Supplier | null>(null);
  const { errors, formError, setFormError, busy, saveWith } = useCatalogSave(onClose);
  const readOnly = mode === 'view';

  useEffect(() => {
    if (mode === 'create' || !id) return;
    call('suppliers.get', { id })
      .then((s) => {
        setOriginal(s);
        const { id: _i, version: _v, productCount: _p, ...fields } = s;
        setDraft(fields);
      })
      .catch((err) => setFormError(errorText(err)));
  }, [mode, id, setFormError]);

  const set = <K extends keyof SupplierFields>(key: K, value: SupplierFields[K]) =>
    setDraft((d) => (d ? { ...d, [key]: value } : d));

  const save = async () => {
    if (!draft || readOnly) return;
    await saveWith(async () => {
      if (mode === 'create') {
        await call('suppliers.create', draft, { action: t('suppliers.action.create', { name: draft.name.trim() }) });
      } else if (original) {
        await call(
          'suppliers.update',
          { ...draft, id: original.id, version: original.version },
          { action: t('suppliers.action.edit', { name: draft.name.trim() }) },
        );
      }
    });
  };

  const title =
    mode === 'create'
      ? t('suppliers.createTitle')
      : mode === 'edit'
        ? t('suppliers.editTitle')
        : t('suppliers.viewTitle');
  // Numbers and codes (电话, 手机, 邮箱, 账号): full-width digits and punctuation folded as typed.
  const FOLDED = new Set<string>(['phone', 'mobile', 'email', 'account']);
  const text = (key: TextKey, required = false) =>
    draft && (
      <Field key={key} label={t(`suppliers.${key}`)} required={required} error={errors[key]} wide={WIDE.includes(key)}>
        {(p) => (
          <input
            {...p}
            value={draft[key]}
            onChange={(e) => set(key, FOLDED.has(key) ? foldInput(e.target.value) : e.target.value)}
          />
        )}
      </Field>
    );

  return (
    <CatalogForm
      title={title}
      formId="supplier-form"
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
          {text('name', true)}
          {(['shortName', 'contactName', 'phone', 'mobile', 'email'] as const).map((k) => text(k))}
          <Field label={t('suppliers.active')} error={errors.active}>
            {(p) => (
              <input {...p} type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
            )}
          </Field>
          {(['address', 'bank', 'account'] as const).map((k) => text(k))}
          <Field label={t('suppliers.note')} error={errors.note} wide>
            {(p) => <textarea {...p} rows={3} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
          </Field>
        </>
      )}
    </CatalogForm>
  );
}
