import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnlineSession } from '../../../db/contract';
import { CallError, call } from '../api/client';
import { Modal } from '../components/Modal';
import { confirmDialog } from '../stores/dialogs';
import { useOfficeDialogs } from './store';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** 系统 › 在线用户 (administrator): who is signed in from which computer; 断开 ends a session. */
export function OnlineDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const [rows, setRows] = useState<OnlineSession[] | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(() => {
    call('sessions.list')
      .then(setRows)
      .catch((err) => setMessage(err instanceof CallError ? err.error.message : String(err)));
  }, []);
  useEffect(load, [load]);

  const disconnect = async (s: OnlineSession) => {
    if (!(await confirmDialog(t('office.disconnect'), t('office.disconnectAsk', { name: s.name, address: s.address }))))
      return;
    try {
      await call('sessions.disconnect', { id: s.id }, { action: t('office.action.disconnect', { name: s.name }) });
    } catch {
      /* reported in Message */
    }
    load();
  };

  return (
    <Modal
      title={t('office.onlineTitle')}
      onClose={close}
      width={760}
      footer={
        <>
          <button type="button" onClick={load}>
            {t('office.refresh')}
          </button>
          <button type="button" className="primary" onClick={close}>
            {t('common.close')}
          </button>
        </>
      }
    >
      {message && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
      {rows && (
        <table className="plain-table" aria-label={t('office.onlineTitle')}>
          <thead>
            <tr>
              <th>{t('office.col.name')}</th>
              <th>{t('office.col.address')}</th>
              <th>{t('office.col.loginAt')}</th>
              <th>{t('office.col.lastAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.name}（{s.login}）{s.self ? t('office.self') : ''}
                </td>
                <td>{s.address}</td>
                <td>{time(s.loginAt)}</td>
                <td>{time(s.lastAt)}</td>
                <td>
                  {!s.self && (
                    <button type="button" onClick={() => void disconnect(s)}>
                      {t('office.disconnect')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
