import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shellCall, type FoundServer } from '../api/shell';
import { Field } from '../components/Field';
import { useSubmit } from '../components/useSubmit';

/**
 * 连接到办公室服务器: the address (or a server found on the network), then the server's
 * certificate fingerprint to compare with the one the host shows in its 网络设置, then 确认连接
 * — the app restarts on the server and shows its login. Nothing is trusted before that click.
 */
export function ConnectPanel() {
  const { t } = useTranslation();
  const [address, setAddress] = useState('');
  const [found, setFound] = useState<FoundServer[] | null>(null);
  const [probed, setProbed] = useState<{ url: string; fingerprint: string } | null>(null);
  const { message: error, busy, run } = useSubmit();
  const probe = (to: string) =>
    run(async () => {
      setProbed(null);
      setProbed(await shellCall<{ url: string; fingerprint: string }>('probe', { address: to }));
    });

  return (
    <div className="connect-panel">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void probe(address);
        }}
      >
        <Field label={t('connect.address')} hint={t('connect.addressHint')}>
          {(p) => <input {...p} value={address} onChange={(e) => setAddress(e.target.value)} />}
        </Field>
        <div className="connect-actions">
          <button type="submit" disabled={busy || !address.trim()}>
            {t('connect.probe')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(async () => setFound(await shellCall<FoundServer[]>('discover')))}
          >
            {t('connect.discover')}
          </button>
        </div>
      </form>
      {found && (
        <ul className="connect-found" aria-label={t('connect.found')}>
          {found.length === 0 && <li className="muted">{t('connect.noneFound')}</li>}
          {found.map((s) => (
            <li key={s.url}>
              <button
                type="button"
                onClick={() => {
                  setAddress(s.url);
                  void probe(s.url);
                }}
              >
                {s.name} — {s.url}
              </button>
            </li>
          ))}
        </ul>
      )}
      {probed && (
        <div className="connect-confirm" role="group" aria-label={t('connect.confirmTitle')}>
          <p>{t('connect.compare', { url: probed.url })}</p>
          <code className="fingerprint" aria-label={t('office.fingerprint')}>
            {probed.fingerprint}
          </code>
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void run(() => shellCall('connect', probed))}
          >
            {t('connect.confirm')}
          </button>
        </div>
      )}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
