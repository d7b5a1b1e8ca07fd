/**
 * One purchase's 回款计划 as stored, for the plan's tab (db/handlers/instalments.ts) and the 收款
 * dialog (db/handlers/payments.ts): the instalments in 期次 order with their 已回款 (computed by
 * 0015's triggers) and state on today.
 */
import { instalmentState, type Instalment } from '../../core/contract.js';
import { today, type Ctx } from '../context.js';

type Loaded = Omit<Instalment, 'state' | 'openCents'>;

export function loadInstalments(ctx: Ctx, purchaseId: number): Instalment[] {
  const now = today(ctx);
  return ctx.db
    .prepare<[number], Loaded>(
      `SELECT i.id, i.version, i.seq, i.due_on AS dueOn, i.amount_cents AS amountCents,
         i.remind_days AS remindDays, i.note, i.paid_cents AS paidCents,
         (SELECT count(*) FROM payment y WHERE y.instalment_id = i.id) AS paymentCount
       FROM instalment i WHERE i.purchase_id = ? ORDER BY i.seq, i.id`,
    )
    .all(purchaseId)
    .map((r) => ({ ...r, openCents: r.amountCents - r.paidCents, state: instalmentState(r, now) }));
}

/** '第 2 期' */
export const seqTitle = (seq: number) => `第 ${seq} 期`;
