import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../db/contract';
import { CallError, call } from '../api/client';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useCustomers } from '../stores/customers';
import { useSession } from '../stores/session';
import type { CustomerRef } from '../stores/staffDialogs';
import { customerNames, localToday } from './customerNames';

/**
 * 授权给其他业务员: one or several customers to an active salesperson, from a start date
 * (default today) to an optional end date, after which the delegation expires by itself.
 */
export function DelegateDialog({ customers, onClose }: { customers: CustomerRef[]; onClose(): void }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const [candidates, setCandidates] = useState<StaffOption[] | null>(null);
  const [toId, setToId] = useState<number | ''>('');
  const [startOn, setStartOn] = useState(localToday());
  const [endOn, setEndOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const owners = new Set(customers.map((c) => c.ownerId));
    call('staff.options')
      .then((all) =>
        setCandidates(all.filter((s) => s.role === 'sales' && s.hasLogin && s.id !== me?.id && !owners.has(s.id))),
      )
      .catch((err) => setMessage(err instanceof CallError ? err.error.message : String(err)));
  }, [customers, me?.id]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (toId === '') {
      setErrors({ toId: t('delegation.choose') });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage('');
    const to = candidates?.find((c) => c.id === toId)?.name ?? '';
    try {
      await call(
        'delegations.grant',
        { customerIds: customers.map((c) => c.id), toId, startOn, endOn: endOn || null },
        { action: t('delegation.action.grant', { names: customerNames(customers), to }) },
      );
      useCustomers.getState().changed();
      onClose();
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      setErrors(err.error.fields ?? {});
      setMessage(err.error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t('delegation.dialogTitle')}
      onClose={onClose}
      width={460}
      footer={
        <>
          <button type="submit" form="delegate-form" className="primary" disabled={busy || !candidates?.length}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="delegate-form" onSubmit={submit} noValidate>
        <div className="field">
          <span className="label">{t('delegation.customers')}</span>
          <div className="control readonly-value" aria-label={t('delegation.customers')}>
            {customerNames(customers, 5)}
          </div>
        </div>
        <Field label={t('delegation.to')} required error={errors.toId}>
          {(p) => (
            <select
              {...p}
              value={toId}
              onChange={(e) => setToId(e.target.value ? Number(e.target.value) : '')}
              disabled={!candidates?.length}
            >
              <option value="">{candidates && !candidates.length ? t('delegation.noCandidates') : ''}</option>
              {candidates?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('delegation.startOn')} required error={errors.startOn}>
          {(p) => (
            <input {...p} type="date" value={startOn} min={localToday()} onChange={(e) => setStartOn(e.target.value)} />
          )}
        </Field>
        <Field label={t('delegation.endOn')} error={errors.endOn} hint={t('delegation.endOnHint')}>
          {(p) => <input {...p} type="date" value={endOn} min={startOn} onChange={(e) => setEndOn(e.target.value)} />}
        </Field>
        {message && !errors.toId && !errors.startOn && !errors.endOn && (
          <div className="form-error" role="alert">
            {message}
          </div>
        )}
      </form>
    </Modal>
  );
}
