import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffOption } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { Modal } from '../components/Modal';
import { useSession } from '../session/sessionStore';
import { teamOptions } from './departments';

/**
 * The state of a dialog that hands customers to another member of staff (授权, 转移): who may be
 * chosen (the staff `eligible` keeps; a new `eligible` reloads them), who is, and the submit that
 * refuses an empty choice, runs the change, reloads the customers and closes — or shows why not.
 */
export function useStaffChoice(eligible: (all: StaffOption[]) => StaffOption[], onClose: () => void) {
  const { t } = useTranslation();
  const [candidates, setCandidates] = useState<StaffOption[] | null>(null);
  const [toId, setToId] = useState<number | ''>('');
  const { errors, message, busy, run, setErrors, setMessage } = useSubmit();

  const me = useSession((s) => s.user);
  useEffect(() => {
    call('staff.options')
      .then((all) => {
        // A 销售经理 hands customers only within their 部门 (and its 小组): the data core refuses the rest.
        return me?.role === 'manager' ? teamOptions(me.id, all) : all;
      })
      .then((all) => setCandidates(eligible(all)))
      .catch((err) => setMessage(errorText(err)));
  }, [eligible, setMessage, me]);

  /** The form's submit: `run` makes the change to the member chosen (id and name). */
  const submitWith = (change: (toId: number, toName: string) => Promise<unknown>) => async (e: FormEvent) => {
    e.preventDefault();
    if (toId === '') {
      setErrors({ toId: t('delegation.choose') });
      return;
    }
    const to = candidates?.find((c) => c.id === toId)?.name ?? '';
    const done = await run(async () => {
      await change(toId, to);
      return true;
    });
    if (done) onClose();
  };

  return { candidates, toId, setToId, errors, message, busy, submitWith };
}

/** The window of such a dialog: its form, and the submit button (while someone can be chosen) and '取消'. */
export function StaffChoiceModal({
  title,
  width,
  formId,
  submitLabel,
  canSubmit,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  width: number;
  formId: string;
  submitLabel: string;
  canSubmit: boolean;
  onSubmit(e: FormEvent): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      title={title}
      onClose={onClose}
      width={width}
      footer={
        <>
          <button type="submit" form={formId} className="primary" disabled={!canSubmit}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate>
        {children}
      </form>
    </Modal>
  );
}

/** The customers (or whose customers) being handed over, read-only. */
export function ReadonlyCustomers({
  label,
  ariaLabel,
  children,
}: {
  label: string;
  ariaLabel?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <span className="label">{label}</span>
      <div className="control readonly-value" aria-label={ariaLabel}>
        {children}
      </div>
    </div>
  );
}
