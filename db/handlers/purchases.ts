import { applyPlan, planBatch, rowError, tokenOf, type BatchKind } from '../batch.js';
import { childRows } from '../child-rows.js';
import {
  purchaseAmountDue,
  defaultServiceEnd,
  purchaseLabels,
  purchaseTotals,
  type LineProduct,
  type Purchase,
  type PurchaseFields,
  type PurchaseList,
} from '../../core/contract.js';
import type { Ctx } from '../context.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, type CustomerAccess } from '../visibility.js';
import { checkLineAmount, checkLineProducts, productTitle, yuan } from './quotes.js';

export const PURCHASES_CONFLICT =
  '该客户的购买情况已被其他人修改（或刚登记了收款），请点“刷新”重新读取后再编辑（您的修改没有保存）';

const KEYS = [
  'purchasedOn',
  'quantity',
  'unitPriceCents',
  'amountPaidCents',
  'annualFeeCents',
  'annualFeeRemind',
  'serviceEndOn',
  'note',
] as const satisfies readonly (keyof PurchaseFields)[];
type Editable = Pick<PurchaseFields, (typeof KEYS)[number]>;
const COLUMNS: Record<keyof Editable, string> = {
  purchasedOn: 'purchased_on',
  quantity: 'quantity',
  unitPriceCents: 'unit_price_cents',
  amountPaidCents: 'amount_paid_cents',
  annualFeeCents: 'annual_fee_cents',
  annualFeeRemind: 'annual_fee_remind',
  serviceEndOn: 'service_end_on',
  note: 'note',
};

type Loaded = Omit<Purchase, 'productOnSale' | 'annualFeeRemind' | 'arrearsCents'> & {
  productOnSale: number;
  annualFeeRemind: number;
};

/** A customer's purchases in date order (as the index purchase_customer keeps them). */
function loadPurchases(ctx: Ctx, customerId: number): Purchase[] {
  return ctx.db
    .prepare<[number], Loaded>(
      `SELECT u.id, u.version, u.product_id AS productId, p.code AS productCode, p.name AS productName,
              p.model AS productModel, p.unit AS productUnit, p.on_sale AS productOnSale,
              u.purchased_on AS purchasedOn, u.quantity, u.unit_price_cents AS unitPriceCents,
              u.amount_due_cents AS amountDueCents, u.amount_paid_cents AS amountPaidCents,
              u.annual_fee_cents AS annualFeeCents, u.annual_fee_remind AS annualFeeRemind,
              u.service_end_on AS serviceEndOn, u.salesperson_id AS salespersonId, s.name AS salespersonName,
              u.note, (SELECT count(*) FROM payment m WHERE m.purchase_id = u.id) AS paymentCount
       FROM purchase u JOIN product p ON p.id = u.product_id LEFT JOIN staff s ON s.id = u.salesperson_id
       WHERE u.customer_id = ? ORDER BY u.purchased_on, u.id`,
    )
    .all(customerId)
    .map((r) => ({
      ...r,
      productOnSale: !!r.productOnSale,
      annualFeeRemind: !!r.annualFeeRemind,
      arrearsCents: r.amountDueCents - r.amountPaidCents,
    }));
}

function listOf(ctx: Ctx, customer: CustomerAccess): PurchaseList {
  const rows = loadPurchases(ctx, customer.id);
  const owner = ctx.db
    .prepare<[number], { id: number; name: string }>(`SELECT id, name FROM staff WHERE id = ?`)
    .get(customer.ownerId) ?? { id: customer.ownerId, name: '' };
  return {
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted && !customer.pool },
    rows,
    token: tokenOf(rows),
    totals: purchaseTotals(rows),
    owner,
  };
}

/** The stored values of a line: 服务截止期限 defaults to one year after 购买日期 when reminding. */
const editable = (r: PurchaseFields): Editable => ({
  purchasedOn: r.purchasedOn,
  quantity: r.quantity,
  unitPriceCents: r.unitPriceCents,
  amountPaidCents: r.amountPaidCents,
  annualFeeCents: r.annualFeeCents,
  annualFeeRemind: r.annualFeeRemind,
  serviceEndOn: r.serviceEndOn ?? (r.annualFeeRemind ? defaultServiceEnd(r.purchasedOn) : null),
  note: r.note,
});

/** 已付 within 应付, 服务截止期限 not before 购买日期. */
function checkLine(kind: BatchKind, index: number, e: Editable): void {
  checkLineAmount(kind, index, e.quantity, e.unitPriceCents, '单价');
  const due = purchaseAmountDue(e);
  if (e.amountPaidCents > due) {
    throw rowError(
      kind,
      index,
      `不能大于应付金额（已付 ${yuan(e.amountPaidCents)}，应付 ${yuan(due)} = 数量 ${e.quantity} × 单价 ${yuan(e.unitPriceCents)}）`,
      { key: 'amountPaidCents', label: '已付金额' },
    );
  }
  if (e.serviceEndOn !== null && e.serviceEndOn < e.purchasedOn) {
    throw rowError(kind, index, `不能早于购买日期 ${e.purchasedOn}`, { key: 'serviceEndOn', label: '服务截止期限' });
  }
}

const show = (key: string, value: unknown) => {
  if (value === null || value === '') return '（空）';
  if (key === 'annualFeeRemind') return value ? '是' : '否';
  if (key.endsWith('Cents')) return yuan(Number(value));
  return String(value);
};

const fieldLabels = {
  ...Object.fromEntries(KEYS.map((k) => [k, purchaseLabels[k]])),
  amountDueCents: '应付金额',
  arrearsCents: '欠款',
};

const withAmounts = (e: Editable) => {
  const due = purchaseAmountDue(e);
  return { ...e, amountDueCents: due, arrearsCents: due - e.amountPaidCents };
};

function describe(p: LineProduct, e: Editable): string {
  const { amountDueCents: due, arrearsCents: arrears } = withAmounts(e);
  const parts = [
    `购买日期 ${e.purchasedOn}`,
    `数量 ${e.quantity}`,
    `单价 ${yuan(e.unitPriceCents)}`,
    `应付 ${yuan(due)}`,
    `已付 ${yuan(e.amountPaidCents)}`,
    ...(arrears > 0 ? [`欠款 ${yuan(arrears)}`] : []),
    ...(e.annualFeeCents > 0 ? [`年服务费 ${yuan(e.annualFeeCents)}`] : []),
    ...(e.annualFeeRemind ? [`催缴，服务截止期限 ${e.serviceEndOn ?? ''}`] : []),
  ];
  return `${productTitle(p)}（${parts.join('，')}）`;
}

export const purchasesHandlers: HandlersOf<'purchases'> = {
  'purchases.list': (ctx, input) =>
    listOf(ctx, accessCustomer(ctx, input.customerId, { allowDeleted: ctx.user.role === 'admin', read: true })),

  'purchases.save': (ctx, input) => {
    // Owners, administrators and delegates may all keep a visible customer's purchases.
    const customer = accessCustomer(ctx, input.customerId);
    const existing = loadPurchases(ctx, customer.id);
    const plan = planBatch(input, { existing, conflictMessage: PURCHASES_CONFLICT, what: '购买记录' });
    const products = checkLineProducts(ctx, '购买记录', plan.created, plan.updated);
    plan.created.forEach((c) => checkLine('created', c.index, editable(c.row)));
    plan.updated.forEach((u) => checkLine('updated', u.index, editable(u.row)));

    // Payments (收款) are the record of what was paid: a line that has them stays, and its 已付
    // moves only with them.
    const goodsPayments = ctx.db.prepare<[number], { n: number }>(
      `SELECT count(*) AS n FROM payment WHERE purchase_id = ? AND kind = 'goods'`,
    );
    for (const d of plan.deleted) {
      if (d.before.paymentCount > 0) {
        throw rowError(
          'deleted',
          d.index,
          `“${productTitle(d.before)}”已有 ${d.before.paymentCount} 笔收款记录，不能删除`,
          undefined,
          'forbidden',
        );
      }
    }
    // A 回款计划 adds up to 应付: 数量 and 单价 stay while the line has one.
    const planned = ctx.db.prepare<[number], { n: number; cents: number }>(
      `SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM instalment WHERE purchase_id = ?`,
    );
    for (const u of plan.updated) {
      if (purchaseAmountDue(u.row) === u.before.amountDueCents) continue;
      const p = planned.get(u.before.id);
      if (p && p.n > 0) {
        throw rowError(
          'updated',
          u.index,
          `该购买记录有回款计划（${p.n} 期，合计 ${yuan(p.cents)}），应付金额不能改变；请先删除回款计划再修改数量或单价`,
          {
            key: u.row.quantity !== u.before.quantity ? 'quantity' : 'unitPriceCents',
            label: u.row.quantity !== u.before.quantity ? '数量' : '单价',
          },
        );
      }
    }
    for (const u of plan.updated) {
      const n = u.before.amountPaidCents !== u.row.amountPaidCents ? (goodsPayments.get(u.before.id)?.n ?? 0) : 0;
      if (n > 0) {
        throw rowError(
          'updated',
          u.index,
          `已有 ${n} 笔货款收款，已付金额随收款变化，不能直接修改；请用“收款”登记`,
          { key: 'amountPaidCents', label: '已付金额' },
          'forbidden',
        );
      }
    }

    const rows = childRows(ctx, customer.id, {
      table: 'purchase',
      columns: COLUMNS,
      conflict: PURCHASES_CONFLICT,
      labels: fieldLabels,
      show,
    });
    const saved = applyPlan(plan, {
      remove: (before) => rows.remove(before, `删除购买记录 ${describe(before, before)}`),
      update(before, row) {
        const after = editable(row);
        return rows.update(before, after, `修改购买记录 ${productTitle(before)}`, {
          also: { amount_due_cents: purchaseAmountDue(after) },
          logged: withAmounts(after),
        });
      },
      create(row) {
        const e = editable(row);
        const product = products.get(row.productId) as LineProduct;
        rows.insert(
          e,
          { amount_due_cents: purchaseAmountDue(e), product_id: row.productId, salesperson_id: customer.ownerId },
          `新增购买记录 ${describe(product, e)}`,
        );
      },
    });
    return { ...listOf(ctx, customer), saved };
  },
};
