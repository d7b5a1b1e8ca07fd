/**
 * 售前报价 (manual 2.4, tab 6): prices quoted to a customer, kept with the draft-and-save pattern
 * (core/contract/batch.ts). Money is integer cents (分); 金额 = 数量 × 报价 is computed, never sent.
 * Pure zod, no Node: the renderer imports it too.
 */
import { z } from 'zod';
import { multiplyCents, sumCents } from '../money.js';
import { batchInput, batchLabels, type BatchList, type BatchSaved } from './batch.js';
import { cents, date, id, optionalText, read, write, type Labels } from './common.js';
import { QUOTE_FIELDS as Q } from '../fields/entities.js';

/** The largest quantity of one line. */
export const MAX_QUANTITY = 1_000_000;

/** 数量 of a quote or purchase line: a whole number above zero. */
export const lineQuantity = z
  .number({ error: '必须是数字' })
  .int('必须是整数')
  .min(1, '必须大于 0（不能为负数或 0）')
  .max(MAX_QUANTITY, `不能超过 ${MAX_QUANTITY}`);

export const quoteLabels: Labels = {
  ...batchLabels,
  productId: '商品',
  quotedOn: Q.quotedOn.label,
  quantity: Q.quantity.label,
  priceCents: Q.price.label,
  note: Q.note.label,
};

/**
 * The editable fields of a quote line, as the tab's grid sends them. 商品 is chosen with the
 * product picker when the line is added and cannot be changed afterwards (delete and add again);
 * 报价人 is the user who adds the line.
 */
export const quoteFields = {
  productId: id,
  quotedOn: date,
  quantity: lineQuantity,
  priceCents: cents,
  note: optionalText(500),
};

export type QuoteFields = z.output<z.ZodObject<typeof quoteFields>>;

/** The product of a quote or purchase line, as shown on it (also when no longer for sale). */
export interface LineProduct {
  productId: number;
  productCode: string;
  productName: string;
  productModel: string;
  productUnit: string;
  /** False: 停售 — the line keeps it, the picker no longer offers it. */
  productOnSale: boolean;
}

/** A row of the 售前报价 tab. */
export interface Quote extends QuoteFields, LineProduct {
  id: number;
  version: number;
  /** 金额 = 数量 × 报价, in cents. */
  amountCents: number;
  /** 报价人: who added the line (null if that member of staff is gone). */
  quotedById: number | null;
  quotedByName: string | null;
}

export interface QuoteTotals {
  /** 合计 金额 of every listed quote, exact in cents. */
  amountCents: number;
}

export interface QuoteList extends BatchList<Quote> {
  totals: QuoteTotals;
}

/** 金额 of a quote line, exactly: 数量 × 报价. */
export const quoteAmount = (q: { quantity: number; priceCents: number }) => multiplyCents(q.priceCents, q.quantity);

/** 合计 of quote lines, exact in integer cents (never through floating-point yuan). */
export function quoteTotals(rows: readonly { quantity: number; priceCents: number }[]): QuoteTotals {
  return { amountCents: sumCents(rows.map(quoteAmount)) };
}

export const quotesContract = {
  'quotes.list': read<QuoteList>()(z.strictObject({ customerId: id }), quoteLabels),
  /** The 售前报价 tab's '保存': new, changed and deleted quote lines in one transaction. */
  'quotes.save': write<BatchSaved<QuoteList>>()(batchInput(quoteFields), quoteLabels),
};
