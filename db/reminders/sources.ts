/**
 * What each reminder derived from a customer's data says now: the open follow-up (跟进, and its
 * escalation 跟进逾期), the soonest open instalment (回款) and the soonest 年服务费 running out.
 * One function per kind, each a few indexed reads of one customer; sync.ts writes them as
 * reminders after a write, fire.ts asks them again when a reminder rings (is it still true?).
 */
import {
  DEFAULT_ESCALATE_DAYS,
  DEFAULT_FOLLOWUP_TIME,
  MAX_ESCALATE_DAYS,
  followupMinute,
} from '../../core/contract/reminders.js';
import { formatMoney } from '../../core/money.js';
import { today, type Ctx } from '../context.js';
import { addDays } from '../fees/queries.js';
import { readSettings } from '../handlers/settings.js';

type Db = Pick<Ctx, 'db' | 'clock'>;

/** A reminder a customer's data calls for: whom, when, about which row, what it says. */
export interface Wanted {
  staffId: number;
  dueAt: string;
  sourceId: number;
  text: string;
}

const yuan = (c: number) => `¥${formatMoney(c, { grouping: true })}`;
const snippet = (s: string, max = 40) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return [...one].length > max ? `${[...one].slice(0, max).join('')}…` : one;
};

/** The setting key of the escalation days (系统 › 设置, administrator). */
export const ESCALATE_KEY = 'reminders.escalate_days';

export function escalateDays(ctx: Pick<Ctx, 'db'>): number {
  const v = ctx.db.prepare<[string], string>('SELECT value FROM setting WHERE key = ?').pluck().get(ESCALATE_KEY);
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_ESCALATE_DAYS ? n : DEFAULT_ESCALATE_DAYS;
}

interface OpenFollowup {
  record_id: number;
  owner_id: number;
  next_on: string;
  next_time: string | null;
  content: string;
  name: string;
}

/** The customer's open follow-up (followup_due: its newest 维护记录's 下次跟进), if it is live. */
function openFollowup(ctx: Db, customerId: number): OpenFollowup | undefined {
  return ctx.db
    .prepare<[number], OpenFollowup>(
      `SELECT f.record_id, f.owner_id, r.next_on, r.next_time, r.content, c.name
       FROM followup_due f JOIN record r ON r.id = f.record_id JOIN customer c ON c.id = f.customer_id
       WHERE f.customer_id = ? AND f.live = 1`,
    )
    .get(customerId);
}

/**
 * 跟进: the 下次跟进 minute, to the customer's 业务员 and to whoever it is delegated to today (a
 * delegate follows the customer up; once the delegation ends, it no longer rings for them).
 */
export function followupWanted(ctx: Db, customerId: number): Wanted[] {
  const f = openFollowup(ctx, customerId);
  if (!f) return [];
  const at = followupMinute(f.next_on, f.next_time);
  const day = today(ctx);
  const delegates = ctx.db
    .prepare<[number, string, string], number>(
      `SELECT DISTINCT d.to_id FROM delegation d JOIN staff s ON s.id = d.to_id
       WHERE d.customer_id = ? AND d.revoked_at IS NULL AND d.start_on <= ? AND (d.end_on IS NULL OR d.end_on >= ?)
         AND s.active = 1
       ORDER BY d.to_id`,
    )
    .pluck()
    .all(customerId, day, day);
  const text = `跟进客户“${f.name}”（下次跟进 ${at}）：${snippet(f.content)}`;
  return [...new Set([f.owner_id, ...delegates])].map((staffId) => ({
    staffId,
    dueAt: at,
    sourceId: f.record_id,
    text,
  }));
}

/**
 * Who hears of a salesperson's overdue follow-ups: the active 销售经理 of their 部门 or of any
 * 部门 above it; where there are none, the active administrators. Never the salesperson.
 */
export function escalationTargets(ctx: Pick<Ctx, 'db'>, ownerId: number): number[] {
  const managers = ctx.db
    .prepare<[number, number], number>(
      `WITH RECURSIVE up (id) AS (
         SELECT department_id FROM staff WHERE id = ? AND department_id IS NOT NULL
         UNION SELECT d.parent_id FROM department d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL)
       SELECT m.id FROM staff m WHERE m.role = 'manager' AND m.active = 1 AND m.id <> ?
         AND m.department_id IN (SELECT id FROM up)
       ORDER BY m.id`,
    )
    .pluck()
    .all(ownerId, ownerId);
  if (managers.length) return managers;
  return ctx.db
    .prepare<[number], number>(`SELECT id FROM staff WHERE role = 'admin' AND active = 1 AND id <> ? ORDER BY id`)
    .pluck()
    .all(ownerId);
}

/** 跟进逾期: the same follow-up N days late, to the 业务员's 销售经理 (or the administrators). */
export function overdueWanted(ctx: Db, customerId: number, days = escalateDays(ctx)): Wanted[] {
  const f = openFollowup(ctx, customerId);
  if (!f) return [];
  const owner = ctx.db.prepare<[number], string>('SELECT name FROM staff WHERE id = ?').pluck().get(f.owner_id);
  const at = followupMinute(addDays(f.next_on, days), f.next_time);
  const text =
    `${owner ?? ''}的客户“${f.name}”跟进已逾期 ${days} 天` +
    `（下次跟进 ${followupMinute(f.next_on, f.next_time)}）：${snippet(f.content)}`;
  return escalationTargets(ctx, f.owner_id).map((staffId) => ({ staffId, dueAt: at, sourceId: f.record_id, text }));
}

/** 回款: the soonest open instalment, 提前提醒天数 before its 计划回款日期, to the 业务员. */
export function instalmentWanted(ctx: Db, customerId: number): Wanted[] {
  const i = ctx.db
    .prepare<
      [number],
      {
        id: number;
        seq: number;
        due_on: string;
        remind_days: number;
        open_cents: number;
        owner_id: number;
        name: string;
        product: string;
      }
    >(
      `SELECT i.id, i.seq, i.due_on, i.remind_days, i.amount_cents - i.paid_cents AS open_cents,
         c.owner_id, c.name, pr.name AS product
       FROM instalment i JOIN customer c ON c.id = i.customer_id
         JOIN purchase p ON p.id = i.purchase_id JOIN product pr ON pr.id = p.product_id
       WHERE i.customer_id = ? AND i.paid_cents < i.amount_cents AND c.deleted_at IS NULL AND c.owner_id IS NOT NULL
       ORDER BY i.due_on, i.id LIMIT 1`,
    )
    .get(customerId);
  if (!i) return [];
  return [
    {
      staffId: i.owner_id,
      dueAt: `${addDays(i.due_on, -i.remind_days)} ${DEFAULT_FOLLOWUP_TIME}`,
      sourceId: i.id,
      text: `客户“${i.name}”${i.product} 回款计划第 ${i.seq} 期 ${i.due_on} 到期，未回款 ${yuan(i.open_cents)}`,
    },
  ];
}

/** 年服务费: the soonest 服务截止期限 of a purchase with the 催缴 flag, the fee window before, to the 业务员. */
export function feeWanted(ctx: Db, customerId: number): Wanted[] {
  const p = ctx.db
    .prepare<
      [number],
      { id: number; service_end_on: string; fee_cents: number; owner_id: number; name: string; product: string }
    >(
      `SELECT p.id, p.service_end_on, p.annual_fee_cents AS fee_cents, c.owner_id, c.name, pr.name AS product
       FROM purchase p JOIN customer c ON c.id = p.customer_id JOIN product pr ON pr.id = p.product_id
       WHERE p.customer_id = ? AND p.annual_fee_remind = 1 AND p.service_end_on IS NOT NULL
         AND c.deleted_at IS NULL AND c.owner_id IS NOT NULL
       ORDER BY p.service_end_on, p.id LIMIT 1`,
    )
    .get(customerId);
  if (!p) return [];
  const window = readSettings(ctx).feeWindowDays;
  return [
    {
      staffId: p.owner_id,
      dueAt: `${addDays(p.service_end_on, -window)} ${DEFAULT_FOLLOWUP_TIME}`,
      sourceId: p.id,
      text: `客户“${p.name}”${p.product} 的服务 ${p.service_end_on} 到期，年服务费 ${yuan(p.fee_cents)}`,
    },
  ];
}

/** The kinds derived from a customer's data, and what each calls for now. */
export const derived = {
  followup: followupWanted,
  overdue: overdueWanted,
  instalment: instalmentWanted,
  fee: feeWanted,
} as const;

export type DerivedKind = keyof typeof derived;
