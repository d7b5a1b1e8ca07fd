/**
 * The desktop notification of a rung reminder (the shell call 'notify'): Electron's Notification
 * in the main process, which shows in the system's notification area even while the window is
 * minimised; clicking it brings the window that asked to the front (its 提醒 list is open).
 * No 'electron' import: main.ts passes in the Notification class and how to show a window.
 */

/** What this module needs of Electron's Notification. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

export interface NotifierDeps {
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NotificationLike;
  /** Shows, restores and focuses the window of this webContents id. */
  focusWindow(windowId: number): void;
}

const clip = (v: unknown, max: number, what: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`缺少${what}`);
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
};

/** The shell handler: shows the notification; resolves whether it could be shown. */
export function desktopNotifier(deps: NotifierDeps) {
  // Kept until clicked or replaced: a Notification that is garbage-collected no longer answers clicks.
  const shown = new Set<NotificationLike>();
  return async (input: unknown, windowId: number): Promise<boolean> => {
    const o = (input ?? {}) as Record<string, unknown>;
    const title = clip(o.title, 120, '通知标题');
    const body = clip(o.body, 400, '通知内容');
    if (!deps.isSupported()) return false;
    const n = deps.create({ title, body, silent: false });
    shown.add(n);
    if (shown.size > 20) shown.delete(shown.values().next().value as NotificationLike);
    n.on('click', () => {
      shown.delete(n);
      deps.focusWindow(windowId);
    });
    n.show();
    return true;
  };
}
