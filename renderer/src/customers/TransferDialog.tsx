import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../core/contract';
import { call } from '../api/client';
import { Field } from '../components/Field';
import type { TransferRequest } from '../staff/staffDialogsStore';
import { customerNames } from './customerNames';
import { ReadonlyCustomers, StaffChoiceModal, useStaffChoice } from '../staff/StaffChoice';
import { roleLabel } from '../staff/departments';

/**
 * 转移客户 (administrator; a 销售经理 within their 部门): the chosen customers, or every customer of one member of staff
 * (someone who leaves), to another active member of staff.
 */
export function TransferDialog({ request, onClose }: { request: TransferRequest; onClose(): void }) {
  const { t } = useTranslation();
  const fromId = request.kind === 'all' ? request.fromId : null;
  const eligible = useCallback((all: StaffOption[]) => all.filter((s) => s.id !== fromId), [fromId]);
  const { candidates, toId, setToId, errors, message, busy, submitWith } = useStaffChoice(eligible, onClose);

  const submit = submitWith((toId, to) =>
    request.kind === 'pool'
      ? call(
          'pool.assign',
          { ids: request.customers.map((c) => c.id), ownerId: toId },
          { action: t('pool.action.assign', { names: customerNames(request.customers), to }) },
        )
      : request.kind === 'all'
        ? call(
            'staff.transfer',
            { fromId: request.fromId, toId },
            { action: t('staff.action.transferAll', { from: request.fromName, to }) },
          )
        : call(
            'staff.transfer',
            { customerIds: request.customers.map((c) => c.id), toId },
            { action: t('staff.action.transfer', { names: customerNames(request.customers), to }) },
          ),
  );

  return (
    <StaffChoiceModal
      title={request.kind === 'pool' ? t('pool.assignTitle') : t('staff.transferTitle')}
      width={480}
      formId="transfer-form"
      submitLabel={request.kind === 'pool' ? t('pool.assignSubmit') : t('staff.transferSubmit')}
      canSubmit={!busy && !!candidates?.length}
      onSubmit={(e) => void submit(e)}
      onClose={onClose}
    >
      <ReadonlyCustomers label={request.kind === 'all' ? t('staff.transferFrom') : t('staff.transferCustomers')}>
        {request.kind === 'all'
          ? t('staff.transferAll', { name: request.fromName, n: request.count })
          : customerNames(request.customers, 5)}
      </ReadonlyCustomers>
      <Field label={t('staff.transferTo')} required error={errors.toId}>
        {(p) => (
          <select {...p} value={toId} onChange={(e) => setToId(e.target.value ? Number(e.target.value) : '')}>
            <option value="" />
            {candidates?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}（{roleLabel(t, s.role)}）
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="muted small">{request.kind === 'pool' ? t('pool.assignIntro') : t('staff.transferIntro')}</p>
      {message && !errors.toId && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
    </StaffChoiceModal>
  );
}
