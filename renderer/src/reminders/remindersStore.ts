/**
 * The bell's state: the signed-in person's 提醒 list (reminders.list), refetched when the office
 * host rings ('reminders' event: a desktop notification too) and when a change event names the
 * 'reminders' area (answered in another window). Listening starts with the app, before login,
 * so what rings at the login itself is not missed.
 */
import { create } from 'zustand';
import type { ReminderItem, ReminderList, SnoozeChoice } from '../../../core/contract';
import { bridge } from '../api/bridge';
import { call } from '../api/client';
import { onChange } from '../api/live';
import { notifyDesktop } from './notify';

interface RemindersState {
  list: ReminderList | null;
  open: boolean;
  /** The reminders that rang last (newest first), for the list to mark. */
  fresh: number[];
  setOpen(open: boolean): void;
  load(): Promise<void>;
  snooze(item: ReminderItem, until: SnoozeChoice, label: string): Promise<void>;
  done(item: ReminderItem, label: string): Promise<void>;
  clear(): void;
}

export const useReminders = create<RemindersState>((set) => ({
  list: null,
  open: false,
  fresh: [],
  setOpen: (open) => set({ open }),
  async load() {
    try {
      set({ list: await call('reminders.list', {}) });
    } catch {
      // Not signed in (yet) or offline: the bell keeps what it showed.
    }
  },
  async snooze(item, until, label) {
    set({ list: await call('reminders.snooze', { id: item.id, until }, { action: `${label} ${item.customerName}` }) });
  },
  async done(item, label) {
    set({ list: await call('reminders.done', { id: item.id }, { action: `${label} ${item.customerName}` }) });
  },
  clear: () => set({ list: null, open: false, fresh: [] }),
}));

let listening = false;

/** Starts listening for rung reminders and list changes (once per window). */
export function listenForReminders(): void {
  if (listening) return;
  listening = true;
  bridge().on('reminders', ({ items }) => {
    useReminders.setState((s) => ({ fresh: [...items.map((i) => i.id), ...s.fresh].slice(0, 200) }));
    notifyDesktop(items, () => useReminders.getState().setOpen(true));
    void useReminders.getState().load();
  });
  onChange((event) => {
    if (event.areas.includes('reminders')) void useReminders.getState().load();
  });
}
