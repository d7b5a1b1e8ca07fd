/**
 * 交接 (issue 21, item 4): when someone leaves, everything in their name moves at once — a
 * preview of what will move, then one move to one colleague or to several in turn (round-robin,
 * customer by customer), one transaction, the 操作日志 line '交接：张三 → 李四' on every customer,
 * and a printable 交接单. 转移客户 (staff.transfer) is the single-target case without the rest.
 *
 * Who: an administrator for anyone (but themselves); a 销售经理 for a 业务员 of their 部门, to
 * members of their 部门. The handlers check it (the contract declares no role).
 */
import { z } from 'zod';
import { id, read, write, type Labels } from './common.js';

export const handoverLabels: Labels = {
  fromId: '交接人',
  toIds: '接收人',
  mode: '交接方式',
  handoverId: '交接单',
  offset: '起始行',
  limit: '行数',
};

/** At most this many colleagues share one 交接. */
export const HANDOVER_MAX_TARGETS = 50;

/** What moves in a 交接: the preview's numbers, and the 交接单's. */
export interface HandoverCounts {
  /** Live customers, per 客户状态 (every status, in the tree's order; n may be 0). */
  byStatus: { statusId: number; statusName: string; n: number }[];
  /** Live customers in all. */
  customers: number;
  /** Soft-deleted customers in their name (they move too: nothing stays with someone who left). */
  deletedCustomers: number;
  /** Open follow-ups (下次跟进 of the customer's newest 维护记录), and how many are overdue. */
  followups: { open: number; overdue: number };
  /** 售前报价 of their customers. */
  quotes: number;
  /** 购买情况 in arrears (欠款 > 0): customers, purchases, the sum in cents. */
  arrears: { customers: number; purchases: number; cents: number };
  /** Open (active or not yet started) delegations they gave on their customers: revoked. */
  delegationsGiven: number;
  /** Open delegations others gave them: revoked. */
  delegationsReceived: number;
}

export interface HandoverPreview {
  staff: { id: number; name: string; role: 'admin' | 'manager' | 'sales'; active: boolean; departmentName: string };
  counts: HandoverCounts;
}

/** 'colleagues': to the chosen colleagues in turn (one colleague: all to them). 'pool': the 公海 (to come). */
export type HandoverMode = 'colleagues';

export interface HandoverHead {
  id: number;
  at: string;
  fromId: number;
  fromName: string;
  byName: string;
  mode: HandoverMode;
  /** The recipients in the round-robin's order, with how many customers each received. */
  to: { id: number; name: string; customers: number }[];
  /** Customers moved (live and deleted). */
  customers: number;
  counts: HandoverCounts;
}

/** One customer of a 交接单. */
export interface HandoverSheetRow {
  customerId: number;
  customerName: string;
  keyword: string;
  statusName: string;
  toName: string;
  deleted: boolean;
}

export interface HandoverSheet {
  head: HandoverHead;
  rows: HandoverSheetRow[];
}

export const handoverContract = {
  /** What a 交接 of `fromId` would move now (counters and indexes: no walk of their customers' rows). */
  'handover.preview': read<HandoverPreview>()(z.strictObject({ fromId: id }), handoverLabels),
  /**
   * The 交接: every customer of `fromId` (deleted ones too) to `toIds` in turn, by 客户状态 then
   * 创建日期, so each colleague gets a fair share of every status; the delegations on those
   * customers are revoked (the new 业务员 decides whom to delegate to), those `fromId` received are
   * revoked; then `fromId` is disabled (停用). One transaction: all of it, or nothing.
   */
  'handover.commit': write<HandoverHead>()(
    z.strictObject({
      fromId: id,
      mode: z.literal('colleagues', { error: '请选择交接方式' }).default('colleagues'),
      toIds: z
        .array(id)
        .min(1, '请至少选择一位接收人')
        .max(HANDOVER_MAX_TARGETS, `最多选择 ${HANDOVER_MAX_TARGETS} 位接收人`)
        .refine((ids) => new Set(ids).size === ids.length, '同一位接收人不能选择两次'),
    }),
    handoverLabels,
  ),
  /** A 交接单: the head and a page of its customers (per recipient, by customer). */
  'handover.sheet': read<HandoverSheet>()(
    z.strictObject({
      handoverId: id,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000, '每次最多取 1000 行').default(1000),
    }),
    handoverLabels,
  ),
};
