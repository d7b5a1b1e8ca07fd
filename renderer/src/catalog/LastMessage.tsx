import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessages } from '../messages/messagesStore';

/**
 * The newest Message line written since this window opened: the Message pane itself is under
 * the dialog, so the outcome of each operation is repeated here.
 */
export function LastMessage() {
  const { t } = useTranslation();
  const since = useRef(useMessages.getState().lines[0]?.id ?? 0);
  const line = useMessages((s) => s.lines.find((l) => l.id > since.current) ?? null);
  return (
    <div className="catalog-status" role="status" aria-live="polite">
      {line && (
        <>
          <span className="muted">{line.time}</span>
          <span>{line.action}</span>
          <span className={line.ok ? 'ok' : 'fail'}>{line.ok ? t('message.ok') : t('message.fail')}</span>
          {line.reason && <span className="fail">{line.reason}</span>}
        </>
      )}
    </div>
  );
}
