import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerFields, DuplicateMatch, StaffOption, StatusNode } from '../../../core/contract';
import { customerFields } from '../../../core/contract/customers';
import { foldInput } from '../../../core/input';
import { call, errorText } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { recheck } from '../components/fieldCheck';
import { Modal } from '../components/Modal';
import { useCustomers } from './customersStore';
import { useMessages } from '../messages/messagesStore';
import { confirmDialog } from '../components/questionStore';
import { useSession } from '../session/sessionStore';
import { localDay } from '../../../core/contract/dates';

type Draft = Omit<CustomerFields, 'statusId' | 'ownerId'> & { statusId: number | ''; ownerId: number | '' };

const TEXT_FIELDS = ['industry', 'source', 'region', 'phone', 'fax', 'email', 'website', 'address'] as const;
/** Fields of numbers and codes: full-width digits and punctuation are folded as they are typed. */
const FOLDED = new Set<string>(['phone', 'fax', 'email']);

function emptyDraft(statusId: number | null, ownerId: number | ''): Draft {
  return {
    name: '',
    keyword: '',
    statusId: statusId ?? '',
    ownerId,
    createdOn: localDay(),
    industry: '',
    source: '',
    region: '',
    address: '',
    phone: '',
    fax: '',
    website: '',
    email: '',
    note: '',
  };
}

/** The customer form (create and edit), with the keyword duplicate warning. */
export function CustomerForm({ mode, id }: { mode: 'create' | 'edit'; id?: number }) {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const currentStatus = useCustomers((s) => s.statusId);
  const [draft, setDraft] = useState<Draft | null>(
    mode === 'create' ? emptyDraft(currentStatus, user?.id ?? '') : null,
  );
  const [original, setOriginal] = useState<Customer | null>(null);
  const [statuses, setStatuses] = useState<StatusNode[]>([]);
  const [staff, setStaff] = useState<StaffOption[]>([]);
  const { errors, setErrors, message: formError, setMessage: setFormError, busy, run } = useSubmit();
  const [duplicates, setDuplicates] = useState<DuplicateMatch[] | null>(null);
  const close = () => useCustomers.getState().openForm(null);
  const [blank] = useState(draft);
  // 取消 / Esc on a create form the user has typed into asks before throwing the input away.
  const cancel = async () => {
    const typed =
      mode === 'create' &&
      draft &&
      blank &&
      (Object.keys(draft) as (keyof Draft)[]).some(
        (k) => k !== 'statusId' && k !== 'ownerId' && k !== 'createdOn' && draft[k] !== blank[k],
      );
    if (typed && !(await confirmDialog(t('form.discardTitle'), t('form.discardAsk'), t('form.discard')))) return;
    close();
  };

  useEffect(() => {
    void call('statuses.tree').then((tr) => {
      setStatuses(tr.statuses);
      setDraft((d) => (d && d.statusId === '' ? { ...d, statusId: tr.statuses[0]?.id ?? '' } : d));
    });
    void call('staff.options').then(setStaff);
    if (mode === 'edit' && id) {
      call('customers.get', { id })
        .then((c) => {
          setOriginal(c);
          const {
            id: _i,
            statusName: _s,
            ownerName: _o,
            delegated: _d,
            pool: _p,
            masked: _m,
            deletedAt: _x,
            version: _v,
            ...fields
          } = c;
          setDraft(fields);
        })
        .catch((err) => setFormError(errorText(err)));
    }
  }, [mode, id, setFormError]);

  // A field's error goes as soon as its value is valid (core/contract/customers.ts checks it).
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => (d ? { ...d, [key]: value } : d));
    const next = recheck(errors, key, customerFields[key as keyof typeof customerFields], value);
    if (next !== errors) {
      setErrors(next);
      // The refusal's summary goes with the last field error.
      if (!Object.keys(next).length) setFormError('');
    }
  };

  const save = async (confirmDuplicates: boolean) => {
    if (!draft) return;
    const fields = { ...draft, statusId: Number(draft.statusId) || 0, ownerId: Number(draft.ownerId) || 0 };
    const saved = await run(
      async () => {
        if (mode === 'create') {
          const asked = performance.now();
          const created = await call(
            'customers.create',
            { ...fields, confirmDuplicates },
            { action: t('action.createCustomer', { name: draft.name }), quietCodes: ['duplicate'] },
          );
          // The new customer becomes the current one: the grid selects it, its name stands above the tabs.
          // A row the user clicked while the answer was on its way wins.
          useCustomers.getState().select(created.id, asked);
        } else if (original) {
          // 确定 with nothing changed says so, and sends nothing (no 操作日志 line for no change).
          const unchanged = (Object.keys(draft) as (keyof Draft)[]).every(
            (k) => String(draft[k] ?? '').trim() === String(original[k as keyof Customer] ?? '').trim(),
          );
          if (unchanged && !confirmDuplicates) {
            useMessages
              .getState()
              .add(t('action.editCustomer', { name: draft.name }), true, t('draft.nothingToSave'), true);
            return true;
          }
          await call(
            'customers.update',
            { ...fields, id: original.id, version: original.version, confirmDuplicates },
            { action: t('action.editCustomer', { name: draft.name }), quietCodes: ['duplicate'] },
          );
        }
        return true;
      },
      {
        // The keyword is another customer's: the warning lists them and asks to save anyway.
        handle: (err) => {
          if (err.error.code !== 'duplicate') return false;
          setDuplicates((err.error.details as { matches: DuplicateMatch[] }).matches);
          return true;
        },
      },
    );
    if (saved) close();
  };

  const title = mode === 'create' ? t('customer.createTitle') : t('customer.editTitle');
  const isAdmin = user?.role === 'admin';
  // A 销售经理 moves customers between the members of their 部门 (the data core refuses anyone else).
  const mayChangeOwner = isAdmin || (user?.role === 'manager' && !original?.delegated);
  const text = (key: (typeof TEXT_FIELDS)[number] | 'name' | 'keyword', required = false, hint?: string) =>
    draft && (
      <Field
        label={t(`customer.${key}`)}
        required={required}
        error={errors[key]}
        hint={hint}
        key={key}
        wide={key === 'name' || key === 'address'}
      >
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
    <Modal
      title={title}
      onClose={() => void cancel()}
      width={680}
      footer={
        <>
          <button type="submit" form="customer-form" className="primary" disabled={busy || !draft}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={() => void cancel()}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      {draft ? (
        <form
          id="customer-form"
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void save(false);
          }}
        >
          {text('name', true)}
          {text('keyword', true, t('customer.keywordHint'))}
          <Field label={t('customer.status')} required error={errors.statusId}>
            {(p) => (
              <select {...p} value={draft.statusId} onChange={(e) => set('statusId', Number(e.target.value))}>
                {statuses.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('customer.owner')} required error={errors.ownerId}>
            {(p) => (
              <select
                {...p}
                value={draft.ownerId}
                disabled={!mayChangeOwner}
                title={mayChangeOwner ? undefined : t('roles.ownerLocked')}
                onChange={(e) => set('ownerId', Number(e.target.value))}
              >
                {draft.ownerId !== '' && !staff.some((s) => s.id === draft.ownerId) && (
                  <option value={draft.ownerId}>{original?.ownerName ?? user?.name}</option>
                )}
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('customer.createdOn')} required error={errors.createdOn}>
            {(p) => <DateInput {...p} value={draft.createdOn} onChange={(v) => set('createdOn', v)} />}
          </Field>
          {TEXT_FIELDS.map((k) => text(k))}
          <Field label={t('customer.note')} error={errors.note} wide>
            {(p) => <textarea {...p} rows={3} value={draft.note} onChange={(e) => set('note', e.target.value)} />}
          </Field>
          {formError && (
            <div className="form-error wide" role="alert">
              {formError}
            </div>
          )}
        </form>
      ) : (
        <p className="muted">{formError || t('grid.loading')}</p>
      )}
      {duplicates && draft && (
        <Modal title={t('customer.duplicateTitle')} onClose={() => setDuplicates(null)} width={460}>
          <p>{t('customer.duplicateIntro', { keyword: draft.keyword })}</p>
          <table className="simple-table" aria-label={t('customer.duplicateTitle')}>
            <thead>
              <tr>
                <th>{t('col.name')}</th>
                <th>{t('col.owner')}</th>
              </tr>
            </thead>
            <tbody>
              {duplicates.map((m, i) => (
                <tr key={i}>
                  <td>{m.name}</td>
                  <td>{m.ownerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="modal-footer inline">
            <button type="button" onClick={() => setDuplicates(null)}>
              {t('customer.duplicateBack')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setDuplicates(null);
                void save(true);
              }}
            >
              {t('customer.duplicateSave')}
            </button>
          </div>
        </Modal>
      )}
    </Modal>
  );
}
