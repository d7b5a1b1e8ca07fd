/**
 * Desktop notifications of rung reminders: in the desktop app through the shell's 'notify'
 * (Electron's Notification in the main process, electron/notify.ts); in a browser through the
 * Notification API, once the user allowed it (asked after login and from the 提醒 list).
 */
import i18next from 'i18next';
import type { ReminderItem } from '../../../core/contract';
import { hasShell, shellCall } from '../api/shell';

/** More than this many at once (a login after a holiday): one notification saying how many. */
const MAX_SINGLE = 3;

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notifyPermission(): NotifyPermission {
  if (hasShell()) return 'granted';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks the browser for permission (once it was answered, the browser does not ask again). */
export async function askNotifyPermission(): Promise<NotifyPermission> {
  if (notifyPermission() !== 'default') return notifyPermission();
  try {
    return await Notification.requestPermission();
  } catch {
    return notifyPermission();
  }
}

/** What the notifications of these reminders say: one each, or one for many. */
export function notificationsOf(items: readonly ReminderItem[]): { title: string; body: string; id: number | null }[] {
  if (items.length > MAX_SINGLE) {
    return [
      {
        title: i18next.t('reminders.notifyMany', { count: items.length }),
        body: i18next.t('reminders.notifyManyBody'),
        id: null,
      },
    ];
  }
  return items.map((r) => ({
    title: i18next.t('reminders.notifyTitle', { kind: i18next.t(`reminders.kind.${r.kind}`) }),
    body: r.text,
    id: r.id,
  }));
}

/** Shows the desktop notifications of reminders that just rang; `onClick` opens the 提醒 list. */
export function notifyDesktop(items: readonly ReminderItem[], onClick: () => void): void {
  for (const n of notificationsOf(items)) {
    if (hasShell()) {
      void shellCall('notify', { title: n.title, body: n.body }).catch(() => undefined);
    } else if (notifyPermission() === 'granted') {
      const shown = new Notification(n.title, { body: n.body, tag: n.id === null ? 'kehu-many' : `kehu-${n.id}` });
      shown.onclick = () => {
        window.focus();
        onClick();
      };
    }
  }
}
