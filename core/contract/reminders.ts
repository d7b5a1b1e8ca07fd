/**
 * Reminders that ring at the minute (issue 22, part 3): the office host finds the minute's due
 * reminders of the people signed in (server/reminder-timer.ts), claims each once in the database
 * (db/reminders/fire.ts) and pushes it to that person's windows ('reminders' event); the 提醒
 * list under the bell in the menu bar reads and answers them here. Pure zod, no Node: the
 * renderer imports it too.
 *
 * Times are the office host's local time, 'YYYY-MM-DD HH:MM' — never the client PC's clock.
 */
import { z } from 'zod';
import { empty, id, read, write, type Labels } from './common.js';
import { localMinute } from './dates.js';

export const reminderKinds = ['followup', 'overdue', 'instalment', 'fee', 'delegation', 'transfer'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** What the 提醒 list calls each kind. */
export const reminderKindLabels: Record<ReminderKind, string> = {
  followup: '跟进',
  overdue: '跟进逾期',
  instalment: '回款',
  fee: '年服务费',
  delegation: '授权',
  transfer: '转移',
};

/** The customer tab 打开客户 opens for each kind. */
export type ReminderTab = 'records' | 'fees' | 'delegation' | 'contacts';
export const reminderTabs: Record<ReminderKind, ReminderTab> = {
  followup: 'records',
  overdue: 'records',
  instalment: 'fees',
  fee: 'fees',
  delegation: 'delegation',
  transfer: 'contacts',
};

/** A 下次跟进 with a date and no time rings at this minute. */
export const DEFAULT_FOLLOWUP_TIME = '09:00';
/** Escalation: a follow-up this many days overdue also reminds the 销售经理 (系统 › 设置). */
export const DEFAULT_ESCALATE_DAYS = 3;
export const MAX_ESCALATE_DAYS = 365;

/** 下次跟进's time: 'HH:MM' (24 h), or null (then 09:00). */
export const followupTime = z
  .string({ error: '时间格式应为 时:分，例如 10:30' })
  .trim()
  .transform((s) => (/^\d:\d\d$/.test(s) ? `0${s}` : s))
  .refine((s) => s === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), '时间格式应为 时:分，例如 10:30')
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .default(null);

/** The minute a follow-up rings: its date at its time (09:00 when it has none). */
export function followupMinute(nextOn: string, nextTime: string | null): string {
  return `${nextOn} ${nextTime ?? DEFAULT_FOLLOWUP_TIME}`;
}

/** An instant as the host's local minute 'YYYY-MM-DD HH:MM' (the host's time zone). */
export function minuteOf(d: Date): string {
  return localMinute(d.toISOString());
}

/** A reminder as the 提醒 list and a desktop notification show it. */
export interface ReminderItem {
  id: number;
  kind: ReminderKind;
  customerId: number;
  customerName: string;
  /** What it says (built when it rang, for this person's view). */
  text: string;
  /** The host's local minute it rings (again, when snoozed). */
  dueAt: string;
  state: 'unread' | 'snoozed';
  /** ISO instant it rang (null while snoozed). */
  firedAt: string | null;
  tab: ReminderTab;
  /** Whether 打开客户 can open it (a delegation taken back: the customer is no longer yours). */
  canOpen: boolean;
}

export interface ReminderList {
  rows: ReminderItem[];
  /** Rung and not yet answered (the bell's number). */
  unread: number;
}

/** The most the 提醒 list shows (the newest first); older unread ones still count in `unread`. */
export const REMINDER_LIST_LIMIT = 100;

export const snoozeChoices = ['10m', '1h', 'tomorrow'] as const;
export type SnoozeChoice = (typeof snoozeChoices)[number];
export const snoozeLabels: Record<SnoozeChoice, string> = { '10m': '10 分钟', '1h': '1 小时', tomorrow: '明天' };

/** The minute a snoozed reminder rings again: in 10 minutes, in an hour, or tomorrow at 09:00. */
export function snoozeUntil(now: Date, choice: SnoozeChoice): string {
  if (choice === '10m') return minuteOf(new Date(now.getTime() + 10 * 60_000));
  if (choice === '1h') return minuteOf(new Date(now.getTime() + 60 * 60_000));
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  return `${minuteOf(d).slice(0, 10)} ${DEFAULT_FOLLOWUP_TIME}`;
}

export const reminderLabels: Labels = { id: '提醒', until: '稍后提醒', escalateDays: '跟进逾期提醒天数' };

/** 系统 › 设置 (the office's, administrator): after how many days overdue the 销售经理 hears of a follow-up. */
export interface ReminderSettings {
  escalateDays: number;
}

export const remindersContract = {
  /** The bell's 提醒 list: the signed-in person's rung and snoozed reminders, newest first. */
  'reminders.list': read<ReminderList>()(empty, reminderLabels),
  /** 稍后提醒: rings again in 10 minutes, in an hour, or tomorrow at 09:00 (the host's clock). */
  'reminders.snooze': write<ReminderList>()(
    z.strictObject({
      id,
      until: z.enum(snoozeChoices, { error: '只能是 10 分钟、1 小时 或 明天' }),
    }),
    reminderLabels,
  ),
  /** 已处理: the reminder leaves the list (it rings again only when what it is about changes). */
  'reminders.done': write<ReminderList>()(z.strictObject({ id }), reminderLabels),
  'reminders.settings': read<ReminderSettings>()(empty, reminderLabels),
  /**
   * Administrator: the escalation days. The follow-ups saved from then on use them; each open one
   * takes them up the next time its customer's follow-ups change.
   */
  'reminders.setSettings': write<ReminderSettings>()(
    z.strictObject({
      escalateDays: z
        .number({ error: '必须是天数' })
        .int('必须是整数天')
        .min(1, '不能少于 1 天')
        .max(MAX_ESCALATE_DAYS, `不能超过 ${MAX_ESCALATE_DAYS} 天`),
    }),
    reminderLabels,
    { admin: '修改跟进逾期提醒天数' },
  ),
};
