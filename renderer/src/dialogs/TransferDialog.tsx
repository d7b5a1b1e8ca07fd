import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../db/contract';
import { CallError, call } from '../api/client';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useCustomers } from '../stores/customers';
import type { TransferRequest } from '../stores/staffDialogs';
import { customerNames } from './customerNames';

/**
 * 转移客户 (administrator): the chosen customers, or every customer of one member of staff
 * (someone who leaves), to another active member of staff.
 */
export function TransferDialog({ request, onClose }: { request: TransferRequest; onClose(): void }) {
  const { t } = useTranslation();
  const [candidates, setCandidates] = useState<StaffOption[] | null>(null);
  const [toId, setToId] = useState<number | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const fromId = request.kind === 'all' ? request.fromId : null;

  useEffect(() => {
    call('staff.options')
      .then((all) => setCandidates(all.filter((s) => s.id !== fromId)))
      .catch((err) => setMessage(err instanceof CallError ? err.error.message : String(err)));
  }, [fromId]);

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
      if (request.kind === 'all') {
        await call(
          'staff.transfer',
          { fromId: request.fromId, toId },
          { action: t('staff.action.transferAll', { from: request.fromName, to }) },
        );
      } else {
        await call(
          'staff.transfer',
          { customerIds: request.customers.map((c) => c.id), toId },
          { action: t('staff.action.transfer', { names: customerNames(request.customers), to }) },
        );
      }
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
      title={t('staff.transferTitle')}
      onClose={onClose}
      width={480}
      footer={
        <>
          <button type="submit" form="transfer-form" className="primary" disabled={busy || !candidates?.length}>
            {t('staff.transferSubmit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="transfer-form" onSubmit={submit} noValidate>
        <div className="field">
          <span className="label">
            {request.kind === 'all' ? t('staff.transferFrom') : t('staff.transferCustomers')}
          </span>
          <div className="control readonly-value">
            {request.kind === 'all'
              ? t('staff.transferAll', { name: request.fromName, n: request.count })
              : customerNames(request.customers, 5)}
          </div>
        </div>
        <Field label={t('staff.transferTo')} required error={errors.toId}>
          {(p) => (
            <select {...p} value={toId} onChange={(e) => setToId(e.target.value ? Number(e.target.value) : '')}>
              <option value="" />
              {candidates?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}（{s.role === 'admin' ? t('staff.roleAdmin') : t('staff.roleSales')}）
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="muted small">{t('staff.transferIntro')}</p>
        {message && !errors.toId && (
          <div className="form-error" role="alert">
            {message}
          </div>
        )}
      </form>
    </Modal>
  );
}
