/**
 * Area 9 (年费催缴/欠款统计, manual 2.1 area 9 and 2.7) over every customer the user may see:
 * - 年费催缴: purchases with the 年服务费催缴标志 whose 服务截止期限 falls within the next N days
 *   or has passed, soonest first;
 * - 欠款统计: customers with purchases in arrears (应付 − 已付 > 0), with totals; a customer
 *   expands to those purchases;
 * - the 催缴单 (payment-reminder slip) of one customer.
 *
 * 业务员 here is the customer's 业务员 (its owner: who chases the money), not the purchase's.
 */
import { z } from 'zod';
import { empty, id, optionalDate, pageWindow, read, type Labels, type Page } from './common.js';
import { feeWindowDays, type Settings } from './settings.js';

export const feesLabels: Labels = {
  days: '天数',
  ownerId: '业务员',
  from: '开始日期',
  to: '结束日期',
  customerId: '客户',
  sort: '排序',
  field: '排序列',
  dir: '排序方向',
  offset: '起始行',
  limit: '行数',
  withTotal: '合计',
};

/** A date range, both ends optional and inclusive; the start may not be after the end. */
const range = { from: optionalDate, to: optionalDate };
const rangeInOrder = <T extends { from: string | null; to: string | null }>(v: T) =>
  v.from === null || v.to === null || v.from <= v.to;
const rangeMessage = { message: '开始日期不能晚于结束日期', path: ['to'] };

export const feeDueFilter = {
  /** The look-ahead N in days; null: the office's 年费提前提醒天数 (系统 › 公司信息). */
  days: feeWindowDays.nullable().default(null),
  /** Only this 业务员's customers (the administrator's filter; a salesperson sees their own anyway). */
  ownerId: id.nullable().default(null),
  /** Range of 服务截止期限, inside the window. */
  ...range,
};

export const arrearsSortFields = [
  'customerName',
  'ownerName',
  'dueCents',
  'paidCents',
  'arrearsCents',
  'earliestOn',
  'purchaseCount',
] as const;
export type ArrearsSortField = (typeof arrearsSortFields)[number];

export const arrearsFilter = {
  ownerId: id.nullable().default(null),
  /** Range of 购买日期: which purchases in arrears count. */
  ...range,
};

/** A purchase whose annual service fee is due (年费催缴). */
export interface FeeDueRow {
  purchaseId: number;
  customerId: number;
  customerName: string;
  productCode: string;
  productName: string;
  purchasedOn: string;
  annualFeeCents: number;
  serviceEndOn: string;
  /** Days from today to 服务截止期限: 0 = due today, negative = overdue. */
  daysLeft: number;
  ownerId: number;
  ownerName: string;
  /** The purchase's own 业务员, if any. */
  salespersonName: string | null;
}

export interface FeeDueTotals {
  count: number;
  overdueCount: number;
  feeCents: number;
}

export interface FeeDuePage extends Page<FeeDueRow> {
  /** The N used, and today as the server sees it. */
  days: number;
  today: string;
  /** With the first block only (withTotal). */
  totals: FeeDueTotals | null;
}

/** A customer in arrears (欠款统计): sums over their purchases in arrears. */
export interface ArrearsRow {
  customerId: number;
  customerName: string;
  ownerId: number;
  ownerName: string;
  purchaseCount: number;
  dueCents: number;
  paidCents: number;
  arrearsCents: number;
  /** 最早欠款日期: the 购买日期 of the oldest purchase in arrears. */
  earliestOn: string;
}

export interface ArrearsTotals {
  customers: number;
  purchases: number;
  dueCents: number;
  paidCents: number;
  arrearsCents: number;
}

export interface ArrearsPage extends Page<ArrearsRow> {
  totals: ArrearsTotals | null;
}

/** One purchase as area 9, the payment dialog and the 催缴单 show it. */
export interface PurchaseDue {
  purchaseId: number;
  customerId: number;
  productCode: string;
  productName: string;
  unit: string;
  purchasedOn: string;
  quantity: number;
  unitPriceCents: number;
  dueCents: number;
  paidCents: number;
  arrearsCents: number;
  annualFeeCents: number;
  annualFeeRemind: boolean;
  serviceEndOn: string | null;
  salespersonName: string | null;
  version: number;
}

/** Everything a 催缴单 prints. */
export interface ReminderSlip {
  company: Settings;
  today: string;
  days: number;
  customer: {
    id: number;
    name: string;
    address: string;
    phone: string;
    fax: string;
    ownerName: string;
    /** 主联系人 (or the first contact), if any. */
    contactName: string | null;
    contactPhone: string | null;
  };
  arrears: PurchaseDue[];
  fees: FeeDueRow[];
  totals: { dueCents: number; paidCents: number; arrearsCents: number; feeCents: number };
}

export const feesContract = {
  /** 年费催缴: soonest 服务截止期限 first (the most overdue on top). */
  'fees.due': read<FeeDuePage>()(
    z
      .strictObject({ ...feeDueFilter, ...pageWindow, withTotal: z.boolean().default(false) })
      .refine(rangeInOrder, rangeMessage),
    feesLabels,
  ),
  /** 欠款统计: one row per customer with purchases in arrears; default order 欠款合计, largest first. */
  'fees.arrears': read<ArrearsPage>()(
    z
      .strictObject({
        ...arrearsFilter,
        sort: z
          .strictObject({ field: z.enum(arrearsSortFields), dir: z.enum(['asc', 'desc']) })
          .nullable()
          .default(null),
        ...pageWindow,
        withTotal: z.boolean().default(false),
      })
      .refine(rangeInOrder, rangeMessage),
    feesLabels,
  ),
  /** A customer's purchases in arrears (the expanded row of 欠款统计), oldest first. */
  'fees.arrearsPurchases': read<PurchaseDue[]>()(
    z.strictObject({ customerId: id, ...range }).refine(rangeInOrder, rangeMessage),
    feesLabels,
  ),
  /** For the line in Message after login: how many fees fall due within the office's N days. */
  'fees.summary': read<{ days: number; count: number; overdueCount: number }>()(empty, feesLabels),
  /** The 催缴单 of one customer: every purchase in arrears and the fees due within N days. */
  'fees.reminder': read<ReminderSlip>()(
    z.strictObject({ customerId: id, days: feeWindowDays.nullable().default(null) }),
    feesLabels,
  ),
};
