import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../core/contract';
import { call } from '../api/client';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { useSession } from '../session/sessionStore';
import type { CustomerRef } from '../staff/staffDialogsStore';
import { customerNames } from './customerNames';
import { ReadonlyCustomers, StaffChoiceModal, useStaffChoice } from '../staff/StaffChoice';
import { localDay } from '../../../core/contract/dates';

/**
 * 授权给其他业务员: one or several customers to an active salesperson, from a start date
 * (default today) to an optional end date, after which the delegation expires by itself.
 */
export function DelegateDialog({ customers, onClose }: { customers: CustomerRef[]; onClose(): void }) {
  const { t } = useTranslation();
  const me = useSession((s) => s.user);
  const meId = me?.id;
  const eligible = useCallback(
    (all: StaffOption[]) => {
      const owners = new Set(customers.map((c) => c.ownerId));
      return all.filter((s) => s.role === 'sales' && s.hasLogin && s.id !== meId && !owners.has(s.id));
    },
    [customers, meId],
  );
  const { candidates, toId, setToId, errors, message, busy, submitWith } = useStaffChoice(eligible, onClose);
  const [startOn, setStartOn] = useState(localDay());
  const [endOn, setEndOn] = useState('');

  const submit = submitWith((toId, to) =>
    call(
      'delegations.grant',
      { customerIds: customers.map((c) => c.id), toId, startOn, endOn: endOn || null },
      { action: t('delegation.action.grant', { names: customerNames(customers), to }) },
    ),
  );

  return (
    <StaffChoiceModal
      title={t('delegation.dialogTitle')}
      width={460}
      formId="delegate-form"
      submitLabel={t('common.ok')}
      canSubmit={!busy && !!candidates?.length}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ReadonlyCustomers label={t('delegation.customers')} ariaLabel={t('delegation.customers')}>
        {customerNames(customers, 5)}
      </ReadonlyCustomers>
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
        {(p) => <DateInput {...p} value={startOn} min={localDay()} onChange={setStartOn} />}
      </Field>
      <Field label={t('delegation.endOn')} error={errors.endOn} hint={t('delegation.endOnHint')}>
        {(p) => <DateInput {...p} value={endOn} min={startOn} onChange={setEndOn} />}
      </Field>
      {message && !errors.toId && !errors.startOn && !errors.endOn && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
    </StaffChoiceModal>
  );
}
