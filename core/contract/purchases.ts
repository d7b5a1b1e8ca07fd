/**
 * 购买情况 (manual 2.5, tab 7): what a customer bought, kept with the draft-and-save pattern
 * (core/contract/batch.ts). Money is integer cents (分). 应付金额 = 数量 × 单价 and 欠款 = 应付 − 已付
 * are computed, never sent. Pure zod, no Node: the renderer imports it too.
 *
 * Payments (收款, another area) change amount_paid_cents and service_end_on and bump the row's
 * version, so a draft loaded before a payment is refused as a conflict on save.
 */
import { z } from 'zod';
import { multiplyCents, sumCents } from '../money.js';
import { batchInput, batchLabels, type BatchList, type BatchSaved } from './batch.js';
import { addOneYear, cents, date, id, optionalDate, optionalText, read, write, type Labels } from './common.js';
import { lineQuantity, type LineProduct } from './quotes.js';
import { PURCHASE_FIELDS as U } from '../fields/entities.js';

export const purchaseLabels: Labels = {
  ...batchLabels,
  productId: '商品',
  purchasedOn: U.purchasedOn.label,
  quantity: U.quantity.label,
  unitPriceCents: U.unitPrice.label,
  amountPaidCents: U.amountPaid.label,
  annualFeeCents: U.annualFee.label,
  annualFeeRemind: U.annualFeeRemind.label,
  serviceEndOn: U.serviceEndOn.label,
  note: U.note.label,
};

/**
 * The editable fields of a purchase line, as the tab's grid sends them. 商品 is chosen with the
 * product picker when the line is added and cannot be changed afterwards; 业务员 is the customer's
 * owner when the line is added. 服务截止期限 left empty while 年服务费催缴标志 is set becomes one
 * year after 购买日期 (see `defaultServiceEnd`).
 */
export const purchaseFields = {
  productId: id,
  purchasedOn: date,
  quantity: lineQuantity,
  unitPriceCents: cents,
  amountPaidCents: cents.default(0),
  annualFeeCents: cents.default(0),
  annualFeeRemind: z.boolean({ error: '必须是 是 或 否' }).default(false),
  serviceEndOn: optionalDate,
  note: optionalText(500),
};

export type PurchaseFields = z.output<z.ZodObject<typeof purchaseFields>>;

/** A row of the 购买情况 tab (and what the fee and arrears views read). */
export interface Purchase extends PurchaseFields, LineProduct {
  id: number;
  version: number;
  /** 应付金额 = 数量 × 单价, in cents. */
  amountDueCents: number;
  /** 欠款 = 应付 − 已付, in cents; above zero the line is in arrears. */
  arrearsCents: number;
  /** 业务员: the customer's owner when the line was added (null if none). */
  salespersonId: number | null;
  salespersonName: string | null;
  /** 收款 rows recorded against this purchase; a purchase with payments cannot be deleted. */
  paymentCount: number;
}

export interface PurchaseTotals {
  /** 合计 应付 / 已付 / 欠款 of every listed purchase, exact in cents. */
  amountDueCents: number;
  amountPaidCents: number;
  arrearsCents: number;
}

export interface PurchaseList extends BatchList<Purchase> {
  totals: PurchaseTotals;
  /** The customer's owner: the 业务员 of a line added now. */
  owner: { id: number; name: string };
}

/** 应付金额 of a purchase line, exactly: 数量 × 单价. */
export const purchaseAmountDue = (p: { quantity: number; unitPriceCents: number }) =>
  multiplyCents(p.unitPriceCents, p.quantity);

/** 合计 of purchase lines, exact in integer cents (never through floating-point yuan). */
export function purchaseTotals(
  rows: readonly { quantity: number; unitPriceCents: number; amountPaidCents: number }[],
): PurchaseTotals {
  const due = sumCents(rows.map(purchaseAmountDue));
  const paid = sumCents(rows.map((r) => r.amountPaidCents));
  return { amountDueCents: due, amountPaidCents: paid, arrearsCents: due - paid };
}

/**
 * The default 服务截止期限: the same day one year after 购买日期 ('2026-03-15' → '2027-03-15');
 * 29 February becomes 28 February.
 */
export function defaultServiceEnd(purchasedOn: string): string {
  return addOneYear(purchasedOn);
}

export const purchasesContract = {
  'purchases.list': read<PurchaseList>()(z.strictObject({ customerId: id }), purchaseLabels),
  /**
   * The 购买情况 tab's '保存': new, changed and deleted purchase lines in one transaction.
   * Refused: 已付 above 应付; 服务截止期限 before 购买日期; deleting a line that has payments.
   */
  'purchases.save': write<BatchSaved<PurchaseList>>()(batchInput(purchaseFields), purchaseLabels),
};
