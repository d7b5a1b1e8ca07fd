/**
 * 收款 (payments) against one purchase: 类型 货款 or 年服务费, 金额, 日期, 经手人.
 * A 货款 payment raises the purchase's 已付金额 (never above 应付金额); a 年服务费 payment moves
 * its 服务截止期限 on by one year. Each bumps the purchase's version (the 购买情况 tab's draft
 * then sees the change) and writes an 操作日志 line on the customer, in one transaction.
 */
import { z } from 'zod';
import { cents, date, id, optionalText, read, version, write, type Labels } from './common.js';
import type { PurchaseDue } from './fees.js';
import type { Instalment } from './instalments.js';

export const paymentKinds = ['goods', 'annual_fee'] as const;
export type PaymentKind = (typeof paymentKinds)[number];

/** The manual's words for the kinds. */
export const paymentKindLabels: Record<PaymentKind, string> = { goods: '货款', annual_fee: '年服务费' };

export const paymentLabels: Labels = {
  purchaseId: '购买记录',
  version: '版本',
  kind: '类型',
  amountCents: '金额',
  paidOn: '日期',
  handledBy: '经手人',
  note: '备注',
  instalmentId: '回款期次',
};

export interface Payment {
  id: number;
  kind: PaymentKind;
  amountCents: number;
  paidOn: string;
  handledById: number | null;
  handledByName: string | null;
  note: string;
  /** The 回款计划's 期次 the user assigned it to (null: the oldest open one takes it). */
  instalmentSeq: number | null;
  /** ISO instant it was entered. */
  createdAt: string;
}

/** A purchase and its payment history, newest first. */
export interface PaymentList {
  customer: { id: number; name: string; ownerName: string };
  purchase: PurchaseDue;
  rows: Payment[];
  /** The purchase's 回款计划 (empty: none), for choosing the 期次 a 货款 pays. */
  instalments: Instalment[];
  /** False when the customer is deleted (the administrator may look, nobody may pay). */
  editable: boolean;
}

export const paymentsContract = {
  'payments.list': read<PaymentList>()(z.strictObject({ purchaseId: id }), paymentLabels),
  /** `version`: the purchase's version as shown; a purchase changed since is refused (conflict). */
  'payments.create': write<PaymentList>()(
    z.strictObject({
      purchaseId: id,
      version,
      kind: z.enum(paymentKinds, { error: '只能是 货款 或 年服务费' }),
      amountCents: cents.min(1, '必须大于 0'),
      paidOn: date,
      handledBy: id,
      note: optionalText(200),
      /** The 回款计划's instalment this 货款 pays (null: the oldest open one). */
      instalmentId: id.nullable().default(null),
    }),
    paymentLabels,
  ),
};
