import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../../core/contract';
import { bridge } from '../api/bridge';

/**
 * '与服务器的连接已断开，正在重连…' across the top while the data side cannot be reached; the
 * screen and its drafts stay as they are. Gone as soon as the connection is back.
 */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const [state, setState] = useState<ConnectionState>({ state: 'open' });
  useEffect(() => bridge().on('connection', setState), []);
  if (state.state === 'open') return null;
  return (
    <div className="connection-banner" role="alert">
      {state.state === 'lost' ? t('connection.lost') : t('connection.refused', { message: state.message })}
    </div>
  );
}
