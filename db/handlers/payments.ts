import { addOneYear, paymentKindLabels, type Payment, type PaymentList } from '../../core/contract.js';
import { nowIso, today, type Ctx } from '../context.js';
import { AppError, badField, notFound } from '../errors.js';
import { formatMoney } from '../../core/money.js';
import { writeLog } from '../oplog.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, type CustomerAccess } from '../visibility.js';
import { loadInstalments, seqTitle } from '../instalments/plan.js';
import { instalmentStateLabels, type Instalment } from '../../core/contract.js';
import { PURCHASE_DUE_COLUMNS, toPurchaseDue, type PurchaseDueDbRow } from '../fees/queries.js';

export const PAYMENT_CONFLICT = '该购买记录已被其他人修改（或刚刚收过款），请刷新后再收款（本次收款没有保存）';

const money = (cents: number) => formatMoney(cents, { grouping: true });

/**
 * The purchase and its customer, if the user may see the customer. A purchase that does not
 * exist and one of a customer out of reach get the same answer.
 */
export function loadPurchase(ctx: Ctx, purchaseId: number, opts: { allowDeleted?: boolean; read?: boolean } = {}) {
  const customerId = ctx.db
    .prepare<[number], number>('SELECT customer_id FROM purchase WHERE id = ?')
    .pluck()
    .get(purchaseId);
  let customer: CustomerAccess;
  try {
    if (customerId === undefined) throw notFound('购买记录');
    customer = accessCustomer(ctx, customerId, opts);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw notFound('购买记录');
    throw err;
  }
  const row = ctx.db
    .prepare<[number], PurchaseDueDbRow>(
      `SELECT ${PURCHASE_DUE_COLUMNS}
       FROM purchase p JOIN product pr ON pr.id = p.product_id LEFT JOIN staff s ON s.id = p.salesperson_id
       WHERE p.id = ?`,
    )
    .get(purchaseId)!;
  return { customer, purchase: toPurchaseDue(row) };
}

function listOf(ctx: Ctx, purchaseId: number, opts: { allowDeleted?: boolean; read?: boolean } = {}): PaymentList {
  const { customer, purchase } = loadPurchase(ctx, purchaseId, opts);
  const ownerName = ctx.db
    .prepare<[number], string>('SELECT name FROM staff WHERE id = ?')
    .pluck()
    .get(customer.ownerId)!;
  const rows = ctx.db
    .prepare<[number], Payment>(
      `SELECT y.id, y.kind, y.amount_cents AS amountCents, y.paid_on AS paidOn, y.handled_by AS handledById,
         s.name AS handledByName, y.note, i.seq AS instalmentSeq, y.created_at AS createdAt
       FROM payment y LEFT JOIN staff s ON s.id = y.handled_by LEFT JOIN instalment i ON i.id = y.instalment_id
       WHERE y.purchase_id = ? ORDER BY y.paid_on DESC, y.id DESC`,
    )
    .all(purchaseId);
  return {
    customer: { id: customer.id, name: customer.name, ownerName },
    purchase,
    rows,
    instalments: loadInstalments(ctx, purchaseId),
    editable: !customer.deleted && !customer.pool,
  };
}

export const paymentsHandlers: HandlersOf<'payments'> = {
  'payments.list': (ctx, input) =>
    listOf(ctx, input.purchaseId, { allowDeleted: ctx.user.role === 'admin', read: true }),

  'payments.create': (ctx, input) => {
    // Owners, administrators and delegates all follow the customer's purchases up.
    const { customer, purchase } = loadPurchase(ctx, input.purchaseId);
    if (purchase.version !== input.version) throw new AppError('conflict', PAYMENT_CONFLICT);
    if (input.paidOn > today(ctx)) throw badField('paidOn', '日期', '不能晚于今天');
    const handler = ctx.db
      .prepare<[number], { name: string; active: number }>('SELECT name, active FROM staff WHERE id = ?')
      .get(input.handledBy);
    if (!handler) throw badField('handledBy', '经手人', '不存在');
    if (!handler.active) throw badField('handledBy', '经手人', `${handler.name}已停用`);

    // A 货款 may name the 回款计划's instalment it pays (else the oldest open one takes it).
    const plan = loadInstalments(ctx, purchase.purchaseId);
    let picked: Instalment | undefined;
    if (input.instalmentId !== null) {
      if (input.kind !== 'goods') throw badField('instalmentId', '回款期次', '只有货款可以指定回款期次');
      picked = plan.find((i) => i.id === input.instalmentId);
      if (!picked) throw badField('instalmentId', '回款期次', '不是该购买记录的回款计划');
      if (picked.openCents <= 0) throw badField('instalmentId', '回款期次', `${seqTitle(picked.seq)}已回款`);
      if (input.amountCents > picked.openCents) {
        throw badField(
          'amountCents',
          '金额',
          `不能超过${seqTitle(picked.seq)}未回款 ${money(picked.openCents)} 元（计划 ${money(picked.amountCents)}，已回款 ${money(picked.paidCents)}）`,
        );
      }
    }

    const now = nowIso(ctx);
    const what = `${purchase.productName}（购买日期 ${purchase.purchasedOn}）`;
    let change: string;
    let res;
    if (input.kind === 'goods') {
      if (purchase.arrearsCents <= 0) throw badField('amountCents', '金额', '该购买记录已付清，没有欠款');
      if (input.amountCents > purchase.arrearsCents) {
        throw badField(
          'amountCents',
          '金额',
          `不能超过欠款 ${money(purchase.arrearsCents)} 元（应付 ${money(purchase.dueCents)}，已付 ${money(purchase.paidCents)}）`,
        );
      }
      const paid = purchase.paidCents + input.amountCents;
      res = ctx.db
        .prepare(
          `UPDATE purchase SET amount_paid_cents = @paid, updated_at = @now, version = version + 1
           WHERE id = @id AND version = @version AND amount_paid_cents = @before`,
        )
        .run({ paid, now, id: purchase.purchaseId, version: input.version, before: purchase.paidCents });
      change = `已付金额 ${money(purchase.paidCents)} → ${money(paid)}${paid === purchase.dueCents ? '（已付清）' : `，尚欠 ${money(purchase.dueCents - paid)}`}`;
    } else {
      if (!purchase.serviceEndOn) {
        throw badField('kind', '类型', '该购买记录没有服务截止期限，请先在“购买情况”中填写');
      }
      const endOn = addOneYear(purchase.serviceEndOn);
      res = ctx.db
        .prepare(
          `UPDATE purchase SET service_end_on = @endOn, updated_at = @now, version = version + 1
           WHERE id = @id AND version = @version AND service_end_on = @before`,
        )
        .run({ endOn, now, id: purchase.purchaseId, version: input.version, before: purchase.serviceEndOn });
      change = `服务截止期限 ${purchase.serviceEndOn} → ${endOn}`;
    }
    if (res.changes !== 1) throw new AppError('conflict', PAYMENT_CONFLICT);

    ctx.db
      .prepare(
        `INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, handled_by, note, instalment_id, created_at)
         VALUES (@purchaseId, @kind, @amountCents, @paidOn, @handledBy, @note, @instalmentId, @now)`,
      )
      .run({
        purchaseId: purchase.purchaseId,
        kind: input.kind,
        amountCents: input.amountCents,
        paidOn: input.paidOn,
        handledBy: input.handledBy,
        note: input.note,
        instalmentId: input.instalmentId,
        now,
      });
    // What the 回款计划's instalments hold now (0015's triggers computed it).
    const moved = loadInstalments(ctx, purchase.purchaseId)
      .filter((i) => i.paidCents !== plan.find((b) => b.id === i.id)?.paidCents)
      .map(
        (i) =>
          `${seqTitle(i.seq)}已回款 ${money(i.paidCents)} / ${money(i.amountCents)}（${instalmentStateLabels[i.state]}）`,
      );
    writeLog(
      ctx,
      customer.id,
      `收款（${paymentKindLabels[input.kind]}）${what}：金额 ${money(input.amountCents)}，日期 ${input.paidOn}，` +
        `经手人 ${handler.name}${input.note ? `，备注 ${input.note}` : ''}` +
        `${picked ? `，计入回款计划${seqTitle(picked.seq)}` : ''}；${change}` +
        `${moved.length ? `；回款计划：${moved.join('，')}` : ''}`,
    );
    return listOf(ctx, purchase.purchaseId);
  },
};
