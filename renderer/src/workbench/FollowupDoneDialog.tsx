import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { followupMethods, type FollowupDue, type FollowupMethod } from '../../../core/contract';
import { call } from '../api/client';
import { useSubmit } from '../components/useSubmit';
import { DateInput } from '../components/DateInput';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';

/**
 * '已跟进': a new 维护记录 of the customer, written through the 日志及维护记录 tab's own batch
 * (records.list for the token, records.save with one new row) — nothing is written until '保存',
 * 取消 discards it, and a save after someone else changed the customer's records is refused with
 * the tab's conflict message. The new record is the customer's newest, so the follow-up leaves
 * 待跟进 (or moves to its own 下次跟进, when one is given).
 */
export function FollowupDoneDialog({ item, onClose }: { item: FollowupDue; onClose(): void }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<FollowupMethod>(
    (followupMethods as readonly string[]).includes(item.method) ? (item.method as FollowupMethod) : '电话',
  );
  const [content, setContent] = useState('');
  const [nextOn, setNextOn] = useState('');
  const { errors, message, busy, run, setErrors } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!content.trim()) {
      setErrors({ content: t('common.required') });
      return;
    }
    const saved = await run(
      async () => {
        const list = await call('records.list', { customerId: item.customerId });
        await call(
          'records.save',
          {
            customerId: item.customerId,
            token: list.token,
            created: [{ at: new Date().toISOString(), method, content: content.trim(), nextOn: nextOn || null }],
          },
          { action: t('workbench.doneAction', { name: item.customerName }) },
        );
        return true;
      },
      // The one new record's fields, as this form names them.
      { fieldName: (k) => k.replace(/^created\.0\./, '') },
    );
    if (saved) onClose();
  };

  return (
    <Modal
      title={t('workbench.doneTitle', { name: item.customerName })}
      onClose={onClose}
      footer={
        <>
          <button type="submit" form="followup-done" disabled={busy}>
            {t('workbench.save')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <form id="followup-done" className="form-grid" onSubmit={(e) => void submit(e)}>
        <p className="muted wb-planned">
          {item.nextOn} · {item.content}
        </p>
        <Field label={t('workbench.doneMethod')} required>
          {(p) => (
            <select {...p} value={method} onChange={(e) => setMethod(e.target.value as FollowupMethod)}>
              {followupMethods.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('workbench.doneContent')} required error={errors.content} wide>
          {(p) => <textarea {...p} rows={3} value={content} onChange={(e) => setContent(e.target.value)} />}
        </Field>
        <Field label={t('workbench.doneNext')} error={errors.nextOn}>
          {(p) => <DateInput {...p} value={nextOn} onChange={setNextOn} />}
        </Field>
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
      </form>
    </Modal>
  );
}
