/**
 * 工作台 (issue 13): the screen after login — 待跟进 (follow-ups due), 年费到期 and 欠款 summaries,
 * and the user's numbers. Everything counts only customers the user may see; the administrator
 * may narrow to one 业务员 (`ownerId`, ignored for a salesperson, who sees only their own and
 * delegated customers anyway).
 */
import { z } from 'zod';
import { id, read, type Labels } from './common.js';

export const workbenchLabels: Labels = {
  ownerId: '业务员',
  offset: '起始行',
  limit: '行数',
};

/** How far ahead 待跟进 looks besides today and the overdue ones. */
export const FOLLOWUP_AHEAD_DAYS = 7;

/** An open follow-up: the 下次跟进 of a customer's newest 维护记录. */
export interface FollowupDue {
  customerId: number;
  customerName: string;
  /** The record's 联系人, else the customer's 主联系人. */
  contactName: string | null;
  recordId: number;
  /** 内容 of the record that planned it (what was done and planned). */
  content: string;
  method: string;
  nextOn: string;
  /** 下次跟进's time 'HH:MM' (null: the date alone, which rings at 09:00). */
  nextTime: string | null;
  /** Days from today: negative = overdue, 0 = today. */
  daysLeft: number;
  /** 记录人 of that record. */
  authorName: string | null;
  ownerId: number;
  ownerName: string;
}

export interface FollowupCounts {
  overdue: number;
  today: number;
  /** Tomorrow up to FOLLOWUP_AHEAD_DAYS ahead. */
  upcoming: number;
}

export interface FollowupList {
  today: string;
  rows: FollowupDue[];
  counts: FollowupCounts;
}

export interface WorkbenchSummary {
  today: string;
  followups: FollowupCounts;
  /** 年费到期: purchases flagged for the reminder due within the office's N days or overdue. */
  fees: { days: number; count: number; overdueCount: number; feeCents: number };
  /** 欠款: customers and purchases in arrears. */
  arrears: { customers: number; purchases: number; arrearsCents: number };
  /** This calendar month (1st to today). */
  month: string;
  numbers: {
    customers: number;
    byStatus: { statusId: number; statusName: string; n: number }[];
    newCustomers: number;
    salesCents: number;
    collectedCents: number;
    followups: number;
  };
}

const ownerFilter = { ownerId: id.nullable().default(null) };

export const workbenchContract = {
  /** 待跟进: overdue first, then today, then the next 7 days; soonest first. */
  'workbench.followups': read<FollowupList>()(
    z.strictObject({
      ...ownerFilter,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000, '每次最多取 1000 行').default(200),
    }),
    workbenchLabels,
  ),
  'workbench.summary': read<WorkbenchSummary>()(
    z
      .strictObject({ ...ownerFilter })
      .optional()
      .transform((v) => v ?? { ownerId: null }),
    workbenchLabels,
  ),
};
