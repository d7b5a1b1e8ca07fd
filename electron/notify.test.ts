import { describe, expect, it } from 'vitest';
import { desktopNotifier, type NotificationLike } from './notify.js';

/** A small fake of Electron's Notification: records what was shown and lets the test click it. */
function fakeElectron(supported = true) {
  const made: { options: { title: string; body: string }; shown: boolean; click(): void }[] = [];
  const focused: number[] = [];
  const notifier = desktopNotifier({
    isSupported: () => supported,
    create(options) {
      let onClick = () => undefined as void;
      const entry = { options, shown: false, click: () => onClick() };
      made.push(entry);
      const n: NotificationLike = {
        on: (_e, listener) => (onClick = listener),
        show: () => (entry.shown = true),
      };
      return n;
    },
    focusWindow: (id) => focused.push(id),
  });
  return { notifier, made, focused };
}

describe('desktop notifications (shell call notify)', () => {
  it('shows a reminder with its title and text; a click brings the asking window forward', async () => {
    const { notifier, made, focused } = fakeElectron();
    await expect(notifier({ title: '客户提醒 · 跟进', body: '跟进客户“甲科技”' }, 7)).resolves.toBe(true);
    expect(made).toMatchObject([{ options: { title: '客户提醒 · 跟进', body: '跟进客户“甲科技”' }, shown: true }]);
    expect(focused).toEqual([]);
    made[0].click();
    expect(focused).toEqual([7]);
  });

  it('refuses what is not a notification, and shows nothing where the system has none', async () => {
    const { notifier, made } = fakeElectron();
    await expect(notifier({ title: '', body: 'x' }, 1)).rejects.toThrow('缺少通知标题');
    await expect(notifier({ title: 't', body: 5 }, 1)).rejects.toThrow('缺少通知内容');
    expect(made).toEqual([]);
    const none = fakeElectron(false);
    await expect(none.notifier({ title: 't', body: 'b' }, 1)).resolves.toBe(false);
    expect(none.made).toEqual([]);
  });

  it('cuts an overlong text instead of failing', async () => {
    const { notifier, made } = fakeElectron();
    await notifier({ title: 't', body: '长'.repeat(1000) }, 1);
    expect(made[0].options.body).toHaveLength(400);
  });
});
