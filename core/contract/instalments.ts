/**
 * 回款计划 (issue 22, part 1): a purchase's instalments — 期次, 计划回款日期, 计划金额, 提前提醒天数,
 * 备注 — kept with the draft-and-save pattern of the customer tabs (core/contract/batch.ts), and the
 * lists of tab 9 and 工作台 over every visible customer. Pure zod, no Node: the renderer imports
 * it too, so the form checks a plan with the same rule (`checkInstalmentPlan`) and the same words
 * as the handler.
 *
 * 已回款 of each instalment is computed by the database from the purchase's 已付金额 and its 收款
 * (db/migrations/0015_instalments.sql): a 收款 assigned to an instalment pays it first, the rest
 * fills the instalments oldest first (期次 order).
 */
import { z } from 'zod';
import { formatMoney, sumCents } from '../money.js';
import { batchLabels, type BatchList, type BatchSaved, type TabCustomer } from './batch.js';
import { cents, date, id, optionalText, pageWindow, read, version, write, type Labels, type Page } from './common.js';
import type { PurchaseDue } from './fees.js';

export const instalmentLabels: Labels = {
  ...batchLabels,
  purchaseId: '购买记录',
  seq: '期次',
  dueOn: '计划回款日期',
  amountCents: '计划金额',
  remindDays: '提前提醒天数',
  note: '备注',
  view: '列表',
  ownerId: '业务员',
  offset: '起始行',
  limit: '行数',
  withTotal: '合计',
};

export const MAX_INSTALMENTS = 120;

export const instalmentFields = {
  seq: z.number({ error: '必须是数字' }).int('必须是整数').min(1, '不能小于 1').max(999, '不能大于 999'),
  dueOn: date,
  amountCents: cents.min(1, '必须大于 0'),
  remindDays: z
    .number({ error: '必须是数字' })
    .int('必须是整数')
    .min(0, '不能小于 0')
    .max(365, '不能大于 365')
    .default(0),
  note: optionalText(200),
};

export type InstalmentFields = z.output<z.ZodObject<typeof instalmentFields>>;

export const instalmentStates = ['paid', 'partial', 'overdue', 'pending'] as const;
export type InstalmentState = (typeof instalmentStates)[number];
export const instalmentStateLabels: Record<InstalmentState, string> = {
  paid: '已回款',
  partial: '部分回款',
  overdue: '逾期',
  pending: '未到期',
};

/**
 * The state of an instalment on `today`: 已回款 when paid in full; 逾期 when its 计划回款日期 has
 * passed (however much of it is paid); 部分回款 when part is paid; otherwise 未到期.
 */
export function instalmentState(
  i: { dueOn: string; amountCents: number; paidCents: number },
  today: string,
): InstalmentState {
  if (i.paidCents >= i.amountCents) return 'paid';
  if (i.dueOn < today) return 'overdue';
  return i.paidCents > 0 ? 'partial' : 'pending';
}

/** A row of a purchase's 回款计划. */
export interface Instalment extends InstalmentFields {
  id: number;
  version: number;
  /** 已回款 of this instalment, in cents (computed from the 收款). */
  paidCents: number;
  /** 未回款 = 计划金额 − 已回款. */
  openCents: number;
  state: InstalmentState;
  /** 收款 assigned to this instalment by the user (it cannot be deleted while it has some). */
  paymentCount: number;
}

export interface InstalmentPlan extends BatchList<Instalment> {
  customer: TabCustomer;
  purchase: PurchaseDue;
  today: string;
  totals: { amountCents: number; paidCents: number; openCents: number };
}

/** Where a plan breaks the rule: the field (and row, when it is one row's) and what is wrong. */
export interface PlanProblem {
  /** Index in the list checked, or null for the plan as a whole. */
  index: number | null;
  key: keyof InstalmentFields;
  label: string;
  message: string;
}

const yuan = (c: number) => `¥${formatMoney(c, { grouping: true })}`;

/**
 * The one rule of a 回款计划, for the form (live) and the handler (on 保存): no plan at all is
 * allowed; otherwise 期次 are distinct, 计划回款日期 do not go back as 期次 go up, and the
 * 计划金额 add up to the purchase's 应付 exactly — else, e.g.
 * '回款计划合计 ¥9,000.00，比应付 ¥10,000.00 少 ¥1,000.00'.
 */
export function checkInstalmentPlan(
  dueCents: number,
  rows: readonly { seq: number; dueOn: string; amountCents: number }[],
): PlanProblem | null {
  if (rows.length === 0) return null;
  if (rows.length > MAX_INSTALMENTS) {
    return { index: null, key: 'seq', label: '期次', message: `最多 ${MAX_INSTALMENTS} 期` };
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i].seq;
    if (seen.has(s)) return { index: i, key: 'seq', label: '期次', message: `第 ${s} 期重复了` };
    seen.set(s, i);
  }
  const order = rows.map((r, i) => ({ ...r, i })).sort((a, b) => a.seq - b.seq);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (cur.dueOn < prev.dueOn) {
      return {
        index: cur.i,
        key: 'dueOn',
        label: '计划回款日期',
        message: `第 ${cur.seq} 期的 ${cur.dueOn} 不能早于第 ${prev.seq} 期的 ${prev.dueOn}`,
      };
    }
  }
  const total = sumCents(rows.map((r) => r.amountCents));
  if (total !== dueCents) {
    const diff = total - dueCents;
    return {
      index: null,
      key: 'amountCents',
      label: '计划金额',
      message: `回款计划合计 ${yuan(total)}，比应付 ${yuan(dueCents)} ${diff < 0 ? '少' : '多'} ${yuan(Math.abs(diff))}`,
    };
  }
  return null;
}

/**
 * '按期数平均分配': `total` cents in `n` instalments as equal as cents allow, the odd cents on the
 * first ones (10,000.00 in 3 → 3,333.34, 3,333.33, 3,333.33).
 */
export function splitEvenly(total: number, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) return [];
  const base = Math.floor(total / n);
  const rest = total - base * n;
  return Array.from({ length: n }, (_v, i) => base + (i < rest ? 1 : 0));
}

/** 'YYYY-MM-DD' plus `months` calendar months, the day kept where the month has it (31 → 30/28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Tab 9's 回款计划 lists: due this week (Monday–Sunday), overdue, or every open instalment. */
export const instalmentViews = ['week', 'overdue', 'open'] as const;
export type InstalmentView = (typeof instalmentViews)[number];
export const instalmentViewLabels: Record<InstalmentView, string> = {
  week: '本周到期',
  overdue: '已逾期',
  open: '全部未回款',
};

/** An open instalment as tab 9, its export and print and 工作台 list it. */
export interface InstalmentDueRow {
  instalmentId: number;
  purchaseId: number;
  customerId: number;
  customerName: string;
  productCode: string;
  productName: string;
  seq: number;
  dueOn: string;
  amountCents: number;
  paidCents: number;
  openCents: number;
  remindDays: number;
  note: string;
  /** Days from today to 计划回款日期: 0 = today, negative = overdue. */
  daysLeft: number;
  ownerId: number;
  ownerName: string;
}

export interface InstalmentOwnerTotal {
  ownerId: number;
  ownerName: string;
  count: number;
  openCents: number;
}

export interface InstalmentDueTotals {
  count: number;
  amountCents: number;
  openCents: number;
  /** The same list per 业务员 (the customer's owner), largest 未回款 first. */
  byOwner: InstalmentOwnerTotal[];
}

export interface InstalmentDuePage extends Page<InstalmentDueRow> {
  today: string;
  /** The dates the view covers (inclusive; from null: however old). */
  from: string | null;
  to: string | null;
  /** With the first block only (withTotal). */
  totals: InstalmentDueTotals | null;
}

export const instalmentFilter = {
  view: z.enum(instalmentViews, { error: '只能是 本周到期、已逾期 或 全部未回款' }).default('week'),
  ownerId: id.nullable().default(null),
};

/** 工作台: the open instalments due from today to today + 7 days. */
export interface InstalmentsUpcoming {
  today: string;
  until: string;
  /** The soonest ones (at most `limit`). */
  rows: InstalmentDueRow[];
  count: number;
  openCents: number;
}

export const INSTALMENT_SOON_DAYS = 7;

export const instalmentsContract = {
  'instalments.list': read<InstalmentPlan>()(z.strictObject({ purchaseId: id }), instalmentLabels),
  /**
   * 回款计划's '保存': new, changed and deleted instalments of one purchase in one transaction.
   * Refused: a plan that does not add up to 应付 (the message says by how much), 期次 twice, dates
   * out of 期次 order, deleting an instalment that 收款 were assigned to.
   */
  'instalments.save': write<BatchSaved<InstalmentPlan>>()(
    z
      .strictObject({
        purchaseId: id,
        token: z.string({ error: '缺少数据版本' }).max(100),
        created: z
          .array(z.strictObject(instalmentFields))
          .max(MAX_INSTALMENTS, `最多 ${MAX_INSTALMENTS} 期`)
          .default([]),
        updated: z
          .array(z.strictObject({ ...instalmentFields, id, version }))
          .max(MAX_INSTALMENTS, `最多 ${MAX_INSTALMENTS} 期`)
          .default([]),
        deleted: z
          .array(z.strictObject({ id, version }))
          .max(MAX_INSTALMENTS, `最多 ${MAX_INSTALMENTS} 期`)
          .default([]),
      })
      .superRefine((b, ctx) => {
        const seen = new Set<number>();
        const check = (kind: 'updated' | 'deleted', rows: { id: number }[]) =>
          rows.forEach((r, i) => {
            if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [kind, i, 'id'], message: '同一行出现了两次' });
            seen.add(r.id);
          });
        check('deleted', b.deleted);
        check('updated', b.updated);
      }),
    instalmentLabels,
  ),
  /** Tab 9's 回款计划: open instalments of visible live customers, soonest 计划回款日期 first. */
  'instalments.due': read<InstalmentDuePage>()(
    z.strictObject({ ...instalmentFilter, ...pageWindow, withTotal: z.boolean().default(false) }),
    instalmentLabels,
  ),
  /** 工作台: instalments due in the next 7 days (today included), of the 业务员 chosen or all visible. */
  'instalments.upcoming': read<InstalmentsUpcoming>()(
    z.strictObject({
      ownerId: id.nullable().default(null),
      limit: z.number().int().min(1).max(100).default(10),
    }),
    instalmentLabels,
  ),
};

export type InstalmentsSaved = BatchSaved<InstalmentPlan>;
