import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficeStatus } from '../../../core/contract';
import { call, errorText } from '../api/client';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { useSubmit } from '../components/useSubmit';
import { shellCall } from '../api/shell';
import { useSession } from '../session/sessionStore';
import { ConnectPanel } from './ConnectPanel';
import { useOfficeDialogs } from './officeDialogsStore';

/**
 * 系统 › 网络设置 (administrator, on the PC that holds the data): '允许其他电脑连接' turns the
 * office server on; it shows this PC's addresses and the certificate fingerprint the other PCs
 * compare on their first connect, the port, and how long an idle session stays signed in.
 */
export function NetworkDialog() {
  const connection = useSession((s) => s.connection);
  return connection?.mode === 'client' ? <ClientNetwork /> : <HostNetwork />;
}

/** On a PC that connects to the office server: which server, another one, or 单机使用. */
function ClientNetwork() {
  const { t } = useTranslation();
  const connection = useSession((s) => s.connection);
  const close = () => useOfficeDialogs.getState().show(null);
  const [error, setError] = useState('');
  return (
    <Modal
      title={t('office.networkTitle')}
      onClose={close}
      width={640}
      footer={
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
      }
    >
      <p role="status">{t('connect.current', { url: connection?.server?.url ?? '' })}</p>
      <code className="fingerprint" aria-label={t('office.fingerprint')}>
        {connection?.server?.fingerprint}
      </code>
      <h3>{t('connect.change')}</h3>
      <ConnectPanel />
      <p>
        <button type="button" onClick={() => void shellCall('useLocal').catch((err: Error) => setError(err.message))}>
          {t('connect.toLocal')}
        </button>
      </p>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </Modal>
  );
}

function HostNetwork() {
  const { t } = useTranslation();
  const close = () => useOfficeDialogs.getState().show(null);
  const [status, setStatus] = useState<OfficeStatus | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [portText, setPort] = useState('');
  const [idle, setIdle] = useState('');
  const { errors, message, busy, run, setMessage } = useSubmit();

  const show = (s: OfficeStatus) => {
    setStatus(s);
    setEnabled(s.enabled);
    setPort(String(s.port));
    setIdle(String(s.idleHours));
  };
  useEffect(() => {
    call('office.status')
      .then(show)
      .catch((err) => setMessage(errorText(err)));
  }, [setMessage]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const port = Number(portText.trim());
    const idleHours = Number(idle.trim());
    const action = enabled ? t('office.action.on', { port }) : t('office.action.off');
    const next = await run(() => call('office.configure', { enabled, port, idleHours }, { action }));
    if (next) show(next);
  };

  return (
    <Modal
      title={t('office.networkTitle')}
      onClose={close}
      width={640}
      footer={
        <>
          <button type="submit" form="network-form" className="primary" disabled={busy || !status}>
            {t('office.apply')}
          </button>
          <button type="button" onClick={close}>
            {t('common.close')}
          </button>
        </>
      }
    >
      {status ? (
        <form id="network-form" className="form-grid network-form" onSubmit={submit} noValidate>
          <div className="wide network-allow">
            <label>
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              {t('office.allow')}
            </label>
          </div>
          <Field label={t('office.port')} error={errors.port} hint={t('office.portHint')}>
            {(p) => <input {...p} inputMode="numeric" value={portText} onChange={(e) => setPort(e.target.value)} />}
          </Field>
          <Field label={t('office.idleHours')} error={errors.idleHours}>
            {(p) => <input {...p} inputMode="decimal" value={idle} onChange={(e) => setIdle(e.target.value)} />}
          </Field>
          <div className="wide network-state" role="status">
            {status.listening ? t('office.listening', { port: status.port }) : t('office.notListening')}
          </div>
          {status.listening && (
            <>
              <div className="wide">
                <div className="muted">{t('office.addresses')}</div>
                <ul className="network-addresses" aria-label={t('office.addresses')}>
                  {status.addresses.map((a) => (
                    <li key={a}>
                      <code>{a}</code>
                    </li>
                  ))}
                </ul>
              </div>
              <div className="wide">
                <div className="muted">{t('office.fingerprint')}</div>
                <code className="fingerprint" aria-label={t('office.fingerprint')}>
                  {status.fingerprint}
                </code>
                <p className="muted">{t('office.fingerprintHint')}</p>
              </div>
            </>
          )}
          {(message || status.error) && (
            <div className="form-error wide" role="alert">
              {message || status.error}
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
