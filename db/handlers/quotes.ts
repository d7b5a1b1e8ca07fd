import { applyPlan, planBatch, rowError, tokenOf, type BatchKind } from '../batch.js';
import { childRows } from '../child-rows.js';
import {
  quoteAmount,
  quoteLabels,
  quoteTotals,
  type LineProduct,
  type Quote,
  type QuoteFields,
  type QuoteList,
} from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { formatMoney, MAX_CENTS } from '../../core/money.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, type CustomerAccess } from '../visibility.js';

export const QUOTES_CONFLICT = '该客户的售前报价已被其他人修改，请点“刷新”重新读取后再编辑（您的修改没有保存）';

/** Money as the log and the messages show it: '12,800.00'. */
export const yuan = (cents: number) => formatMoney(cents, { grouping: true });

/** 'RJ-001 用友财务软件 标准版' — how a log line names the product of a line. */
export const productTitle = (p: { productCode: string; productName: string }) => `${p.productCode} ${p.productName}`;

/** The product of each id, on sale or not. */
export function loadProducts(ctx: Ctx, ids: readonly number[]): Map<number, LineProduct> {
  const get = ctx.db.prepare<[number], Omit<LineProduct, 'productOnSale'> & { productOnSale: number }>(
    `SELECT id AS productId, code AS productCode, name AS productName, model AS productModel,
            unit AS productUnit, on_sale AS productOnSale
     FROM product WHERE id = ?`,
  );
  const out = new Map<number, LineProduct>();
  for (const pid of new Set(ids)) {
    const p = get.get(pid);
    if (p) out.set(pid, { ...p, productOnSale: !!p.productOnSale });
  }
  return out;
}

/**
 * The product rules of a quote or purchase batch: a new line names a product that exists and is
 * for sale (the picker offers only those; it may have been stopped since); a changed line keeps
 * its product (to quote another product, delete the line and add a new one).
 */
export function checkLineProducts(
  ctx: Ctx,
  what: string,
  created: readonly { row: { productId: number }; index: number }[],
  updated: readonly { before: { productId: number }; row: { productId: number }; index: number }[],
): Map<number, LineProduct> {
  const products = loadProducts(
    ctx,
    created.map((c) => c.row.productId),
  );
  const field = { key: 'productId', label: '商品' };
  for (const c of created) {
    const p = products.get(c.row.productId);
    if (!p) throw rowError('created', c.index, '商品不存在，或已被删除', field);
    if (!p.productOnSale) throw rowError('created', c.index, `“${productTitle(p)}”已停售，不能新增${what}`, field);
  }
  for (const u of updated) {
    if (u.row.productId !== u.before.productId) {
      throw rowError('updated', u.index, `不能修改；请删除该行，再用“新增”选择商品`, field);
    }
  }
  return products;
}

/** Refuses a line whose 数量 × price is beyond the largest amount stored. */
export function checkLineAmount(kind: BatchKind, index: number, qty: number, priceCents: number, price: string) {
  if (qty * priceCents > MAX_CENTS) {
    throw rowError(kind, index, `数量 × ${price} 超过 1000 亿元，金额过大`, { key: 'quantity', label: '数量' });
  }
}

const KEYS = ['quotedOn', 'quantity', 'priceCents', 'note'] as const satisfies readonly (keyof QuoteFields)[];
type Editable = Pick<QuoteFields, (typeof KEYS)[number]>;
const COLUMNS: Record<keyof Editable, string> = {
  quotedOn: 'quoted_on',
  quantity: 'quantity',
  priceCents: 'price_cents',
  note: 'note',
};

/** A customer's quotes in date order (as the index quote_customer keeps them). */
function loadQuotes(ctx: Ctx, customerId: number): Quote[] {
  return ctx.db
    .prepare<[number], Omit<Quote, 'productOnSale' | 'amountCents'> & { productOnSale: number }>(
      `SELECT q.id, q.version, q.product_id AS productId, p.code AS productCode, p.name AS productName,
              p.model AS productModel, p.unit AS productUnit, p.on_sale AS productOnSale,
              q.quoted_on AS quotedOn, q.quantity, q.price_cents AS priceCents, q.note,
              q.quoted_by AS quotedById, s.name AS quotedByName
       FROM quote q JOIN product p ON p.id = q.product_id LEFT JOIN staff s ON s.id = q.quoted_by
       WHERE q.customer_id = ? ORDER BY q.quoted_on, q.id`,
    )
    .all(customerId)
    .map((r) => ({ ...r, productOnSale: !!r.productOnSale, amountCents: quoteAmount(r) }));
}

function listOf(ctx: Ctx, customer: CustomerAccess): QuoteList {
  const rows = loadQuotes(ctx, customer.id);
  return {
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted && !customer.pool },
    rows,
    token: tokenOf(rows),
    totals: quoteTotals(rows),
  };
}

const pick = (r: QuoteFields): Editable => ({
  quotedOn: r.quotedOn,
  quantity: r.quantity,
  priceCents: r.priceCents,
  note: r.note,
});

const show = (key: string, value: unknown) =>
  value === null || value === '' ? '（空）' : key.endsWith('Cents') ? yuan(Number(value)) : String(value);

const fieldLabels = { ...Object.fromEntries(KEYS.map((k) => [k, quoteLabels[k]])), amountCents: '金额' };

const describe = (p: LineProduct, q: Editable) =>
  `${productTitle(p)}（报价日期 ${q.quotedOn}，数量 ${q.quantity}，报价 ${yuan(q.priceCents)}，金额 ${yuan(quoteAmount(q))}）`;

export const quotesHandlers: HandlersOf<'quotes'> = {
  'quotes.list': (ctx, input) =>
    listOf(ctx, accessCustomer(ctx, input.customerId, { allowDeleted: ctx.user.role === 'admin', read: true })),

  'quotes.save': (ctx, input) => {
    // Owners, administrators and delegates may all keep a visible customer's quotes.
    const customer = accessCustomer(ctx, input.customerId);
    const existing = loadQuotes(ctx, customer.id);
    const plan = planBatch(input, { existing, conflictMessage: QUOTES_CONFLICT, what: '报价' });
    const products = checkLineProducts(ctx, '报价', plan.created, plan.updated);
    plan.created.forEach((c) => checkLineAmount('created', c.index, c.row.quantity, c.row.priceCents, '报价'));
    plan.updated.forEach((u) => checkLineAmount('updated', u.index, u.row.quantity, u.row.priceCents, '报价'));

    const rows = childRows(ctx, customer.id, {
      table: 'quote',
      columns: COLUMNS,
      conflict: QUOTES_CONFLICT,
      labels: fieldLabels,
      show,
    });
    const saved = applyPlan(plan, {
      remove: (before) => rows.remove(before, `删除报价 ${describe(before, before)}`),
      update(before, row) {
        const after = pick(row);
        return rows.update(before, after, `修改报价 ${productTitle(before)}`, {
          logged: { amountCents: quoteAmount(after) },
        });
      },
      create(row) {
        const q = pick(row);
        const product = products.get(row.productId) as LineProduct;
        rows.insert(q, { product_id: row.productId, quoted_by: ctx.user.id }, `新增报价 ${describe(product, q)}`);
      },
    });
    return { ...listOf(ctx, customer), saved };
  },
};
