import { applyPlan, expectOne, planBatch, rowError, tokenOf, type BatchKind } from '../batch.js';
import {
  purchaseAmountDue,
  defaultServiceEnd,
  purchaseLabels,
  purchaseTotals,
  type LineProduct,
  type Purchase,
  type PurchaseFields,
  type PurchaseList,
} from '../contract.js';
import { nowIso, type Ctx } from '../context.js';
import { describeChanges, writeLog } from '../oplog.js';
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
    customer: { id: customer.id, name: customer.name, editable: !customer.deleted },
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

const params = (e: Editable) => ({ ...e, annualFeeRemind: e.annualFeeRemind ? 1 : 0 });

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
    listOf(ctx, accessCustomer(ctx, input.customerId, { allowDeleted: ctx.user.role === 'admin' })),

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

    const at = nowIso(ctx);
    const saved = applyPlan(plan, {
      remove(before) {
        const res = ctx.db
          .prepare(`DELETE FROM purchase WHERE id = ? AND customer_id = ? AND version = ?`)
          .run(before.id, customer.id, before.version);
        expectOne(res.changes, PURCHASES_CONFLICT);
        writeLog(ctx, customer.id, `删除购买记录 ${describe(before, before)}`);
      },
      update(before, row) {
        const after = editable(row);
        const changed = KEYS.filter((k) => before[k] !== after[k]);
        if (changed.length === 0) return false;
        const res = ctx.db
          .prepare(
            `UPDATE purchase SET ${changed.map((k) => `${COLUMNS[k]} = @${k}`).join(', ')},
               amount_due_cents = @amountDueCents, updated_at = @at, version = version + 1
             WHERE id = @id AND customer_id = @customerId AND version = @version`,
          )
          .run({
            ...params(after),
            amountDueCents: purchaseAmountDue(after),
            at,
            id: before.id,
            customerId: customer.id,
            version: before.version,
          });
        expectOne(res.changes, PURCHASES_CONFLICT);
        const changes = describeChanges(
          before as unknown as Record<string, unknown>,
          withAmounts(after),
          fieldLabels,
          show,
        );
        writeLog(ctx, customer.id, `修改购买记录 ${productTitle(before)}：${changes.join('；')}`);
        return true;
      },
      create(row) {
        const e = editable(row);
        ctx.db
          .prepare(
            `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents,
               amount_due_cents, amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on,
               salesperson_id, note, created_at, updated_at)
             VALUES (@customerId, @productId, @purchasedOn, @quantity, @unitPriceCents,
               @amountDueCents, @amountPaidCents, @annualFeeCents, @annualFeeRemind, @serviceEndOn,
               @salespersonId, @note, @at, @at)`,
          )
          .run({
            ...params(e),
            amountDueCents: purchaseAmountDue(e),
            productId: row.productId,
            customerId: customer.id,
            salespersonId: customer.ownerId,
            at,
          });
        writeLog(ctx, customer.id, `新增购买记录 ${describe(products.get(row.productId) as LineProduct, e)}`);
      },
    });
    return { ...listOf(ctx, customer), saved };
  },
};
