import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_FEE_WINDOW_DAYS, type Settings } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useSubmit } from '../components/useSubmit';
import { useFees } from './feesStore';
import './fees.css';

type TextKey = Exclude<keyof Settings, 'feeWindowDays'>;
const TEXT_FIELDS: { key: TextKey; max: number; wide?: boolean }[] = [
  { key: 'companyName', max: 100, wide: true },
  { key: 'companyAddress', max: 200, wide: true },
  { key: 'companyPhone', max: 40 },
  { key: 'companyEmail', max: 120 },
  { key: 'companyBank', max: 100 },
  { key: 'companyAccount', max: 60 },
  { key: 'supportPhone', max: 40 },
  { key: 'supportContact', max: 60 },
  { key: 'supportWeb', max: 200, wide: true },
];

/**
 * 系统 › 公司信息 (administrator): the office's name and details printed on 催缴单 and lists, and
 * 年费提前提醒天数 — the N of the 年费催缴 view and of the reminder after login.
 */
export function CompanyDialog() {
  const { t } = useTranslation();
  const close = () => useFees.getState().set({ companyOpen: false });
  const [values, setValues] = useState<Record<TextKey, string> | null>(null);
  const [days, setDays] = useState('');
  const { errors, message, busy, run, setErrors, setMessage } = useSubmit();

  useEffect(() => {
    call('settings.get')
      .then(({ feeWindowDays, ...text }) => {
        setValues(text);
        setDays(String(feeWindowDays));
      })
      .catch((err) => setMessage(errorText(err)));
  }, [setMessage]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!values) return;
    const n = Number(days.trim());
    if (days.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_FEE_WINDOW_DAYS) {
      setErrors({ feeWindowDays: t('settings.daysHint', { max: MAX_FEE_WINDOW_DAYS }) });
      return;
    }
    const saved = await run(async () => {
      await call('settings.update', { ...values, feeWindowDays: n }, { action: t('settings.action') });
      return true;
    });
    if (saved) close();
  };

  return (
    <Modal
      title={t('settings.title')}
      onClose={close}
      width={620}
      footer={
        <>
          <button type="submit" form="company-form" className="primary" disabled={busy || !values}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      {values ? (
        <form id="company-form" className="form-grid company-form" onSubmit={submit} noValidate>
          {TEXT_FIELDS.map((f) => (
            <Field key={f.key} label={t(`settings.${f.key}`)} error={errors[f.key]} wide={f.wide}>
              {(p) => (
                <input
                  {...p}
                  maxLength={f.max}
                  value={values[f.key]}
                  onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                />
              )}
            </Field>
          ))}
          <Field
            label={t('settings.feeWindowDays')}
            error={errors.feeWindowDays}
            hint={t('settings.daysHint', { max: MAX_FEE_WINDOW_DAYS })}
            wide
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={MAX_FEE_WINDOW_DAYS}
                className="days-input"
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
          {message && Object.keys(errors).length === 0 && (
            <div className="form-error wide" role="alert">
              {message}
            </div>
          )}
        </form>
      ) : message ? (
        <div className="form-error" role="alert">
          {message}
        </div>
      ) : (
        <p className="muted">{t('grid.loading')}</p>
      )}
    </Modal>
  );
}
