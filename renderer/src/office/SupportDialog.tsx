import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupFile } from '../../../core/contract';
import { call } from '../api/client';
import { hasShell, shellCall } from '../api/shell';
import { downloadFile } from '../components/download';
import { Modal } from '../components/Modal';
import { useLoad } from '../components/useLoad';
import { useSubmit } from '../components/useSubmit';
import { useSession } from '../session/sessionStore';
import { useOfficeDialogs } from './officeDialogsStore';

/**
 * 帮助 › 售后服务: whom to call (the support contact the office set in 系统 › 公司信息) and, for an
 * administrator, '生成诊断文件' — a .json with versions, settings, sizes and the last server log
 * lines, no customer data — to send to that person.
 */
export function SupportDialog() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const isAdmin = useSession((s) => s.user?.role === 'admin');
  const { value: settings, loadError } = useLoad(() => call('settings.get'));
  const { busy, message, run } = useSubmit();
  const [notice, setNotice] = useState('');

  const save = async (f: BackupFile) => {
    if (!f.download) return;
    if (!hasShell()) return downloadFile(f.download, f.name);
    const r = await shellCall<{ savedTo: string | null }>('saveDownload', { download: f.download, fileName: f.name });
    if (r.savedTo) setNotice(t('support.savedTo', { file: r.savedTo }));
  };
  const generate = async () => {
    setNotice('');
    await run(async () => save(await call('system.diagnostics', undefined, { action: t('support.action') })));
  };

  const contact = settings
    ? [
        [t('settings.supportPhone'), settings.supportPhone],
        [t('settings.supportContact'), settings.supportContact],
        [t('settings.supportWeb'), settings.supportWeb],
      ].filter(([, v]) => v)
    : [];

  return (
    <Modal
      title={t('support.title')}
      onClose={close}
      width={620}
      footer={
        <button type="button" className="primary" onClick={close}>
          {t('common.close')}
        </button>
      }
    >
      {(message || loadError) && (
        <div className="form-error" role="alert">
          {message || loadError}
        </div>
      )}
      <h3 className="support-heading">{t('support.contactTitle')}</h3>
      {settings && contact.length > 0 && (
        <dl className="about-list" aria-label={t('support.contactTitle')}>
          {contact.map(([label, value]) => (
            <div key={label} className="about-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {settings && contact.length === 0 && <p className="muted">{t('support.noContact')}</p>}
      <h3 className="support-heading">{t('support.bundleTitle')}</h3>
      <p>{t('support.bundleHint')}</p>
      {isAdmin ? (
        <p>
          <button type="button" disabled={busy} onClick={() => void generate()}>
            {t('support.generate')}
          </button>
        </p>
      ) : (
        <p className="muted">{t('support.adminOnly')}</p>
      )}
      {busy && (
        <p role="status" className="muted">
          {t('support.busy')}
        </p>
      )}
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
    </Modal>
  );
}
