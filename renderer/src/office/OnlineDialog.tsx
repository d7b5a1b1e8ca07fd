import { useTranslation } from 'react-i18next';
import type { OnlineSession } from '../../../core/contract';
import { call } from '../api/client';
import { Modal } from '../components/Modal';
import { useLoad } from '../components/useLoad';
import { confirmDialog } from '../components/questionStore';
import { localTime } from './format';
import { useOfficeDialogs } from './officeDialogsStore';

/** 系统 › 在线用户 (administrator): who is signed in from which computer; 断开 ends a session. */
export function OnlineDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const { value: rows, loadError: message, reload: load } = useLoad(() => call('sessions.list'));

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
                <td>{localTime(s.loginAt)}</td>
                <td>{localTime(s.lastAt)}</td>
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
