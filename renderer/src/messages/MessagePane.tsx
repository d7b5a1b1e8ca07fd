import { useTranslation } from 'react-i18next';
import { useMessages } from './messagesStore';

/** Area 3 (Message): every operation's outcome, newest first. */
export function MessagePane() {
  const { t } = useTranslation();
  const lines = useMessages((s) => s.lines);
  return (
    <section className="pane message-pane" aria-label={t('message.title')}>
      <div className="pane-title">
        <span>{t('message.title')}</span>
        <button type="button" className="link" onClick={() => useMessages.getState().clear()}>
          {t('message.clear')}
        </button>
      </div>
      <ol className="messages" role="log" aria-label={t('message.title')}>
        {lines.map((l) => {
          const outcome = l.info ? t('message.info') : l.ok ? t('message.ok') : t('message.fail');
          // The whole line on hover: long names and reasons are cut with '…' to keep one row each.
          const full = `${l.time} ${l.action} ${outcome}${l.reason ? ` ${l.reason}` : ''}`;
          return (
            <li key={l.id} className={l.info ? 'info' : l.ok ? 'ok' : 'fail'} title={full}>
              <span className="time">{l.time}</span>
              {l.info && <span className="outcome">{outcome}</span>}
              <span className="action">{l.action}</span>
              {!l.info && <span className="outcome">{outcome}</span>}
              {l.reason && <span className="reason">{l.reason}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
