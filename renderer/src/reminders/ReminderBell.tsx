import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { snoozeChoices, type ReminderItem } from '../../../core/contract';
import { openCustomerOn } from '../app/openCustomer';
import { askNotifyPermission, notifyPermission, type NotifyPermission } from './notify';
import { useReminders } from './remindersStore';
import './reminders.css';

/**
 * The bell in the menu bar: its number is the unread reminders; it opens the 提醒 list —
 * 打开客户 (the customer on the reminder's tab), 稍后提醒 (10 分钟 / 1 小时 / 明天), 已处理.
 */
export function ReminderBell() {
  const { t } = useTranslation();
  const list = useReminders((s) => s.list);
  const open = useReminders((s) => s.open);
  const setOpen = useReminders((s) => s.setOpen);
  const ref = useRef<HTMLDivElement>(null);
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  useEffect(() => {
    void useReminders.getState().load();
    // A browser asks once whether this site may show desktop notifications.
    void askNotifyPermission().then(setPermission);
    return () => useReminders.getState().clear();
  }, []);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open, setOpen]);
  const unread = list?.unread ?? 0;
  return (
    <div className="reminder-bell" ref={ref}>
      <button
        type="button"
        className={unread ? 'bell has-unread' : 'bell'}
        aria-label={unread ? t('reminders.bellUnread', { count: unread }) : t('reminders.bell')}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" className="bell-icon">
          <path d="M8 1.5a1 1 0 0 1 1 1v.6a4.5 4.5 0 0 1 3.5 4.4v3l1.3 1.7a.5.5 0 0 1-.4.8H2.6a.5.5 0 0 1-.4-.8L3.5 10.5v-3A4.5 4.5 0 0 1 7 3.1v-.6a1 1 0 0 1 1-1zM6.3 14h3.4a1.7 1.7 0 0 1-3.4 0z" />
        </svg>
        {t('reminders.bell')}
        {unread > 0 && (
          <span className="badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section role="dialog" aria-label={t('reminders.title')} className="reminder-panel">
          <header>
            <h2>{t('reminders.title')}</h2>
            <NotifyState permission={permission} onAsk={() => void askNotifyPermission().then(setPermission)} />
          </header>
          {!list?.rows.length ? (
            <p className="muted empty">{t('reminders.empty')}</p>
          ) : (
            <ul aria-label={t('reminders.title')}>
              {list.rows.map((r) => (
                <ReminderRow key={r.id} item={r} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function NotifyState({ permission, onAsk }: { permission: NotifyPermission; onAsk(): void }) {
  const { t } = useTranslation();
  if (permission === 'granted') return <span className="muted">{t('reminders.enabledHint')}</span>;
  if (permission === 'default')
    return (
      <button type="button" className="link" onClick={onAsk}>
        {t('reminders.enable')}
      </button>
    );
  return (
    <span className="muted">{t(permission === 'denied' ? 'reminders.blockedHint' : 'reminders.disabledHint')}</span>
  );
}

function ReminderRow({ item }: { item: ReminderItem }) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const fresh = useReminders((s) => s.fresh.includes(item.id));
  const { snooze, done, setOpen } = useReminders.getState();
  const kind = t(`reminders.kind.${item.kind}`);
  return (
    <li
      className={`reminder ${item.state}${fresh && item.state === 'unread' ? ' fresh' : ''}`}
      aria-label={`${kind}：${item.customerName}`}
    >
      <div className="reminder-head">
        <span className={`kind kind-${item.kind}`}>{kind}</span>
        <strong>{item.customerName}</strong>
        <span className="muted when">
          {item.state === 'snoozed' ? t('reminders.snoozedUntil', { at: item.dueAt }) : item.dueAt}
        </span>
      </div>
      <p className="reminder-text">{item.text}</p>
      <div className="reminder-actions">
        {item.canOpen && (
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              openCustomerOn(item.customerId, item.tab);
            }}
          >
            {t('reminders.open')}
          </button>
        )}
        <span className="snooze">
          <button type="button" aria-expanded={choosing} onClick={() => setChoosing(!choosing)}>
            {t('reminders.snooze')}
          </button>
          {choosing && (
            <span role="group" aria-label={t('reminders.snooze')} className="snooze-choices">
              {snoozeChoices.map((c) => (
                <button
                  key={c}
                  type="button"
                  onClick={() => {
                    setChoosing(false);
                    void snooze(item, c, t('reminders.snoozed')).catch(() => undefined);
                  }}
                >
                  {t(`reminders.until.${c}`)}
                </button>
              ))}
            </span>
          )}
        </span>
        <button type="button" onClick={() => void done(item, t('reminders.handled')).catch(() => undefined)}>
          {t('reminders.done')}
        </button>
      </div>
    </li>
  );
}
