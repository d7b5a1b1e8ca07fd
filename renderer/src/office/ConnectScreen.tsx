import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shellCall } from '../api/shell';
import { useSession } from '../session/sessionStore';
import { ConnectPanel } from './ConnectPanel';
import './office.css';

/**
 * The desktop app's first start: '单机使用' (this PC holds the data, as before) or
 * '连接到办公室服务器' (another PC holds it). 系统 › 网络设置 changes it later.
 */
export function ConnectScreen() {
  const { t } = useTranslation();
  const [connect, setConnect] = useState(false);
  const [error, setError] = useState('');
  const local = async () => {
    try {
      await shellCall('useLocal');
      await useSession.getState().load();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="auth-screen">
      <section className="auth-card connect-card" aria-label={t('connect.title')}>
        <h1>{t('app.title')}</h1>
        <h2>{t('connect.title')}</h2>
        <button type="button" className="connect-choice" onClick={() => void local()}>
          <strong>{t('connect.local')}</strong>
          <span>{t('connect.localHint')}</span>
        </button>
        <button type="button" className="connect-choice" aria-expanded={connect} onClick={() => setConnect(true)}>
          <strong>{t('connect.office')}</strong>
          <span>{t('connect.officeHint')}</span>
        </button>
        {connect && <ConnectPanel />}
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
      </section>
    </div>
  );
}
