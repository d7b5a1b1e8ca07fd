import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFile } from '../../../db/contract';
import { CallError, call } from '../api/client';
import { downloadFile } from '../components/download';
import { Modal } from '../components/Modal';
import { useLoad } from '../components/useLoad';
import { confirmDialog } from '../stores/dialogs';
import { fileSize, localTime } from './format';
import { useOfficeDialogs } from './store';

/**
 * 系统 › 备份数据库 / 恢复数据库 (administrator): '立即备份' makes a consistent copy with SQLite's
 * backup API while everyone keeps working, and offers it for download; the list shows the backups
 * kept on the server (daily: last 30 days and the first of each month), each to download or to
 * restore. A restore checks the file, backs up the current database first, switches over, and
 * asks every window on every PC to log in again.
 */
export function BackupDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const { value: rows, loadError, reload } = useLoad(() => call('system.backups'));
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setMessage] = useState('');
  const message = failure || loadError;

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setMessage('');
    try {
      await work();
    } catch (err) {
      if (!(err instanceof CallError)) throw err;
      setMessage(err.error.message);
    } finally {
      setBusy(null);
      reload();
    }
  };

  const backupNow = () =>
    run(t('backup.now'), async () => {
      const b = await call('system.backupNow', undefined, { action: t('backup.action.now') });
      if (b.download) downloadFile(b.download, b.name);
    });
  const save = (b: BackupFile) =>
    run(t('backup.download'), async () => {
      const d = await call('system.downloadBackup', { name: b.name });
      if (d.download) downloadFile(d.download, d.name);
    });
  const restore = async (b: BackupFile) => {
    if (!(await confirmDialog(t('backup.restore'), t('backup.restoreAsk', { name: b.name, at: localTime(b.at) }))))
      return;
    await run(t('backup.restore'), async () => {
      await call('system.restore', { name: b.name }, { action: t('backup.action.restore', { name: b.name }) });
    });
  };

  return (
    <Modal
      title={t('backup.title')}
      onClose={close}
      width={760}
      footer={
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
      }
    >
      <p className="muted">{t('backup.hint')}</p>
      <p>
        <button type="button" className="primary" disabled={!!busy} onClick={() => void backupNow()}>
          {t('backup.now')}
        </button>
      </p>
      {busy && (
        <p role="status" className="muted">
          {t('backup.busy', { what: busy })}
        </p>
      )}
      {message && (
        <div className="form-error" role="alert">
          {message}
        </div>
      )}
      {rows && (
        <table className="plain-table" aria-label={t('backup.list')}>
          <thead>
            <tr>
              <th>{t('backup.col.name')}</th>
              <th>{t('backup.col.at')}</th>
              <th>{t('backup.col.size')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('backup.none')}
                </td>
              </tr>
            )}
            {rows.map((b) => (
              <tr key={b.name}>
                <td>{b.name}</td>
                <td>{localTime(b.at)}</td>
                <td>{fileSize(b.size)}</td>
                <td className="row-actions">
                  <button type="button" disabled={!!busy} onClick={() => void save(b)}>
                    {t('backup.download')}
                  </button>
                  <button type="button" disabled={!!busy} onClick={() => void restore(b)}>
                    {t('backup.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
