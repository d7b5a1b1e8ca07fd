import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { hasShell } from '../api/shell';
import { Modal } from '../components/Modal';
import { useLoad } from '../components/useLoad';
import { useSession } from '../session/sessionStore';
import { fileSize, localTime } from './format';
import { useOfficeDialogs } from './officeDialogsStore';

/**
 * 帮助 › 关于: the version, where the data lives, the mode (单机 / 服务器 / 客户端), the server's
 * address (a desktop client's office server, or the address a browser window uses), size, last backup.
 */
export function AboutDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const connection = useSession((s) => s.connection);
  const { value: info, loadError: message } = useLoad(() => call('system.about'));
  const mode =
    connection?.mode === 'client'
      ? t('about.client', { url: connection.server?.url ?? '' })
      : info?.mode === 'host'
        ? t('about.host')
        : t('about.local');
  const server =
    connection?.mode === 'client' ? (connection.server?.url ?? null) : hasShell() ? null : window.location.origin;
  return (
    <Modal
      title={t('about.title')}
      onClose={close}
      width={560}
      footer={
        <button type="button" className="primary" onClick={close}>
          {t('common.close')}
        </button>
      }
    >
      <h2 className="about-name">{t('app.title')}</h2>
      {message && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
      {info && (
        <dl className="about-list" aria-label={t('about.title')}>
          <dt>{t('about.version')}</dt>
          <dd>{info.version}</dd>
          <dt>{t('about.mode')}</dt>
          <dd>{mode}</dd>
          {server && (
            <>
              <dt>{t('about.server')}</dt>
              <dd>
                <code>{server}</code>
              </dd>
            </>
          )}
          <dt>{connection?.mode === 'client' ? t('about.serverData') : t('about.dataDir')}</dt>
          <dd>
            <code>{info.dataDir}</code>
          </dd>
          <dt>{t('about.size')}</dt>
          <dd>{fileSize(info.databaseBytes)}</dd>
          <dt>{t('about.lastBackup')}</dt>
          <dd>
            {info.lastBackup ? `${info.lastBackup.name}（${localTime(info.lastBackup.at)}）` : t('about.noBackup')}
          </dd>
        </dl>
      )}
    </Modal>
  );
}
