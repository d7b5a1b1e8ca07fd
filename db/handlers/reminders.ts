/**
 * The bell's 提醒 list (issue 22, part 3): the signed-in person's rung and snoozed reminders,
 * 稍后提醒 and 已处理. Only ever the caller's own lines (staff_id = the session's), and only about
 * customers they see now (a delegation taken back is shown as a notice, without 打开客户).
 * Answering a reminder changes no customer's data, so it writes no 操作日志.
 */
import {
  REMINDER_LIST_LIMIT,
  reminderTabs,
  snoozeUntil,
  type ReminderItem,
  type ReminderKind,
  type ReminderList,
} from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { notFound } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { visibleCustomers } from '../visibility.js';
import { ESCALATE_KEY, escalateDays } from '../reminders/sources.js';

interface Row {
  id: number;
  kind: ReminderKind;
  customerId: number;
  customerName: string;
  text: string;
  ringAt: string;
  state: 'unread' | 'snoozed';
  firedAt: string | null;
  visible: number;
}

export function listReminders(ctx: Ctx): ReminderList {
  const vis = visibleCustomers(ctx);
  const seen = `(c.deleted_at IS NULL AND ${vis.sql})`;
  const from = `FROM reminder r JOIN customer c ON c.id = r.customer_id
    WHERE r.staff_id = @me AND r.state IN ('unread', 'snoozed') AND (r.kind = 'delegation' OR ${seen})`;
  const params = { ...vis.params, me: ctx.user.id };
  const rows = ctx.db
    .prepare<Record<string, unknown>, Row>(
      `SELECT r.id, r.kind, r.customer_id AS customerId, c.name AS customerName, r.text, r.ring_at AS ringAt,
         r.state, r.fired_at AS firedAt, CASE WHEN ${seen} THEN 1 ELSE 0 END AS visible
       ${from}
       ORDER BY CASE WHEN r.state = 'unread' THEN 0 ELSE 1 END, r.ring_at DESC, r.id DESC LIMIT @limit`,
    )
    .all({ ...params, limit: REMINDER_LIST_LIMIT });
  const unread = ctx.db
    .prepare<Record<string, unknown>, number>(`SELECT count(*) ${from} AND r.state = 'unread'`)
    .pluck()
    .get(params);
  return {
    rows: rows.map((r): ReminderItem => ({
      id: r.id,
      kind: r.kind,
      customerId: r.customerId,
      customerName: r.customerName,
      text: r.text,
      dueAt: r.ringAt,
      state: r.state,
      firedAt: r.firedAt,
      tab: reminderTabs[r.kind],
      canOpen: !!r.visible,
    })),
    unread: Number(unread ?? 0),
  };
}

/** The caller's own rung or snoozed reminder, or "not found" (someone else's looks the same). */
function ownReminder(ctx: Ctx, id: number) {
  const row = ctx.db
    .prepare<[number, number], { id: number }>(
      `SELECT id FROM reminder WHERE id = ? AND staff_id = ? AND state IN ('unread', 'snoozed')`,
    )
    .get(id, ctx.user.id);
  if (!row) throw notFound('提醒');
  return row;
}

export const remindersHandlers: HandlersOf<'reminders'> = {
  'reminders.list': (ctx) => listReminders(ctx),

  'reminders.snooze': (ctx, input) => {
    ownReminder(ctx, input.id);
    ctx.db
      .prepare(`UPDATE reminder SET state = 'snoozed', ring_at = ?, fired_at = NULL, updated_at = ? WHERE id = ?`)
      .run(snoozeUntil(ctx.clock.now(), input.until), nowIso(ctx), input.id);
    return listReminders(ctx);
  },

  'reminders.settings': (ctx) => ({ escalateDays: escalateDays(ctx) }),

  'reminders.setSettings': (ctx, input) => {
    ctx.db
      .prepare(`INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
      .run(ESCALATE_KEY, String(input.escalateDays));
    return { escalateDays: escalateDays(ctx) };
  },

  'reminders.done': (ctx, input) => {
    ownReminder(ctx, input.id);
    ctx.db.prepare(`UPDATE reminder SET state = 'done', updated_at = ? WHERE id = ?`).run(nowIso(ctx), input.id);
    return listReminders(ctx);
  },
};
