import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { useSession } from '../session/sessionStore';
import { Modal } from '../components/Modal';
import { useMessages } from '../messages/messagesStore';
import { setStartScreen, startScreen, useScreen } from '../app/screenStore';

/**
 * Mounted once per login beside the menu bar: opens the start screen chosen in 系统 › 设置, and
 * writes the login line '今天有 N 个客户待跟进，M 个已逾期' in Message when N or M is not zero.
 */
export function WorkbenchHost() {
  const { t } = useTranslation();
  const started = useRef(false);
  // Before the first paint, so the other screen does not flash.
  useLayoutEffect(() => useScreen.getState().show(startScreen()), []);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    call('workbench.summary', {})
      .then(({ followups }) => {
        if (followups.today === 0 && followups.overdue === 0) return;
        useMessages
          .getState()
          .add(
            t('workbench.loginAction'),
            true,
            t('workbench.loginMessage', { today: followups.today, overdue: followups.overdue }),
          );
      })
      .catch(() => undefined);
    // '3 个客户将在 7 天内退回公海' (公海规则's warning window).
    call('pool.warning')
      .then(({ count, days }) => {
        if (count > 0) useMessages.getState().add(t('pool.loginAction'), true, t('pool.warning', { n: count, days }));
      })
      .catch(() => undefined);
  }, [t]);
  return null;
}

/**
 * 系统 › 设置: which screen opens after login on this PC; for an administrator also the office's
 * escalation days (跟进逾期几天后提醒销售经理, saved on the office's data).
 */
export function StartScreenDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(startScreen);
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const [days, setDays] = useState<string | null>(null);
  const [daysError, setDaysError] = useState('');
  useEffect(() => {
    if (!isAdmin) return;
    call('reminders.settings', {})
      .then((r) => setDays(String(r.escalateDays)))
      .catch(() => undefined);
  }, [isAdmin]);
  const save = async () => {
    setStartScreen(value);
    if (isAdmin && days !== null) {
      try {
        await call('reminders.setSettings', { escalateDays: Number(days) }, { action: t('reminders.escalateSaved') });
      } catch (err) {
        setDaysError(errorText(err));
        return;
      }
    }
    useMessages.getState().add(t('workbench.settingsSaved'), true);
    onClose();
  };
  return (
    <Modal
      title={t('workbench.settingsTitle')}
      onClose={onClose}
      width={380}
      footer={
        <>
          <button type="button" className="primary" onClick={() => void save()}>
            {t('common.ok')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </>
      }
    >
      <fieldset className="wb-start">
        <legend>{t('workbench.startScreen')}</legend>
        {(['workbench', 'customers'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="start-screen" checked={value === k} onChange={() => setValue(k)} />
            {k === 'workbench' ? t('workbench.menu') : t('menu.customerList')}
          </label>
        ))}
      </fieldset>
      <p className="muted">{t('workbench.settingsHint')}</p>
      {isAdmin && days !== null && (
        <Field label={t('reminders.escalateDays')} error={daysError}>
          {(p) => (
            <input {...p} type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
          )}
        </Field>
      )}
      {isAdmin && <p className="muted">{t('reminders.escalateHint')}</p>}
    </Modal>
  );
}
