import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFile } from '../../../core/contract';
import { CallError, call } from '../api/client';
import { hasShell, shellCall } from '../api/shell';
import { downloadFile } from '../components/download';
import { Modal } from '../components/Modal';
import { useLoad } from '../components/useLoad';
import { confirmDialog } from '../components/questionStore';
import { fileSize, localTime } from './format';
import { useOfficeDialogs } from './officeDialogsStore';

/**
 * 系统 › 备份数据库 / 恢复数据库 (administrator): '立即备份' makes a consistent copy with SQLite's
 * backup API while everyone keeps working, and offers it for download; the list shows the backups
 * kept on the server (daily: last 30 days and the first of each month), each to download or to
 * restore. A restore checks the file, backs up the current database first, switches over, and
 * asks every window on every PC to log in again.
 *
 * '从文件恢复…' restores a database file from anywhere (a USB stick, another PC's backup): the
 * browser uploads the chosen file to a one-time, size-capped address; the desktop app picks it in
 * the system's open dialog and sends it the same way. The server checks it exactly like a kept
 * backup. In the desktop app '立即备份' and '下载' save through the system's save dialog.
 */

/** A refusal met before the server was asked (too big) or told by the upload address. */
class Refused extends Error {}
export function BackupDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const { value: rows, loadError, reload } = useLoad(() => call('system.backups'));
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setMessage] = useState('');
  const [notice, setNotice] = useState('');
  const message = failure || loadError;
  const fileInput = useRef<HTMLInputElement>(null);
  const desktop = hasShell();

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setMessage('');
    setNotice('');
    try {
      await work();
    } catch (err) {
      if (err instanceof Refused) return setMessage(err.message);
      if (!(err instanceof CallError)) throw err;
      setMessage(err.error.message);
    } finally {
      setBusy(null);
      reload();
    }
  };

  /** A backup to a file the user chooses: the save dialog (desktop) or the browser's download. */
  const saveAs = async (b: BackupFile) => {
    if (!b.download) return;
    if (!desktop) return downloadFile(b.download, b.name);
    try {
      const r = await shellCall<{ savedTo: string | null }>('saveDownload', { download: b.download, fileName: b.name });
      if (r.savedTo) setNotice(t('backup.savedTo', { file: r.savedTo }));
    } catch (err) {
      throw new Refused((err as Error).message);
    }
  };
  const backupNow = () =>
    run(t('backup.now'), async () => {
      await saveAs(await call('system.backupNow', undefined, { action: t('backup.action.now') }));
    });
  const save = (b: BackupFile) =>
    run(t('backup.download'), async () => {
      await saveAs(await call('system.downloadBackup', { name: b.name }));
    });

  /** Asks, uploads the chosen file (`send`), and restores it; the server refuses what is not ours. */
  const restoreChosen = async (name: string, size: number, send: (upload: string) => Promise<void>) => {
    if (!(await confirmDialog(t('backup.restore'), t('backup.restoreFileAsk', { name, size: fileSize(size) })))) return;
    await run(t('backup.action.restore', { name }), async () => {
      const up = await call('system.restoreUpload');
      if (size > up.maxBytes) throw new Refused(t('backup.tooBig', { name, max: fileSize(up.maxBytes) }));
      await send(up.upload);
      await call('system.restoreFile', { upload: up.upload, name }, { action: t('backup.action.restore', { name }) });
    });
  };
  const restoreFromFile = async (file: File) =>
    restoreChosen(file.name, file.size, async (upload) => {
      const res = await fetch(upload, { method: 'POST', body: file }).catch(() => null);
      if (!res) throw new Refused(t('backup.uploadFailed'));
      if (!res.ok) throw new Refused(await res.text());
    });
  const pickFile = async () => {
    if (!desktop) return fileInput.current?.click();
    let picked: { name: string; size: number } | null;
    try {
      picked = await shellCall<{ name: string; size: number } | null>('pickRestoreFile');
    } catch (err) {
      return setMessage((err as Error).message);
    }
    if (!picked) return;
    await restoreChosen(picked.name, picked.size, async (upload) => {
      try {
        await shellCall('sendRestoreFile', { upload });
      } catch (err) {
        throw new Refused((err as Error).message);
      }
    });
  };
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
        </button>{' '}
        <button type="button" disabled={!!busy} onClick={() => void pickFile()}>
          {t('backup.fromFile')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".db,.sqlite,.sqlite3,.bak,.dump"
          hidden
          aria-label={t('backup.fromFile')}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void restoreFromFile(file);
          }}
        />
      </p>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
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
