import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
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
  }, [t]);
  return null;
}

/** 系统 › 设置: which screen opens after login on this PC. */
export function StartScreenDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(startScreen);
  return (
    <Modal
      title={t('workbench.settingsTitle')}
      onClose={onClose}
      width={380}
      footer={
        <>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setStartScreen(value);
              useMessages.getState().add(t('workbench.settingsSaved'), true);
              onClose();
            }}
          >
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
    </Modal>
  );
}
