/**
 * 销售统计's charts of issue 22: 回款计划 planned against collected per month, 业绩目标 against
 * 销售额 and 回款额 per month, and the ranking of the salespeople — each from counters (0018's
 * instalment_month / instalment_day, 0011's money_day) and the few target rows, scoped like the
 * other charts (counterScope: the user's view, a 业务员 or 部门 filter).
 *
 * 业绩目标 are per 业务员, so target and done count the customers each owns (a salesperson's
 * delegated customers are another's target); a month's target is the whole month's even when the
 * range cuts it.
 */
import type { PlanMonthRow, RankingRow, StatsRange, TargetMonthRow } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { instalmentSumsByMonth } from '../instalments/counters.js';
import { doneSums, monthsBetween, staffTargets } from '../targets/queries.js';
import { counterScope } from './stats-scope.js';

/** The 业务员 a target chart counts: the scope's owners, or (the whole office) null. */
function owners(ctx: Ctx, input: StatsRange): number[] | null {
  return counterScope(ctx, input.ownerId, input.departmentId).owners;
}

function plan(ctx: Ctx, input: StatsRange): PlanMonthRow[] {
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const planned = instalmentSumsByMonth(ctx, s.owners, input.from, input.to);
  // A salesperson's delegated customers: their instalments through the purchase index.
  if (s.delegated) {
    const rows = ctx.db
      .prepare<Record<string, unknown>, { month: string; amount: number; paid: number }>(
        `SELECT substr(i.due_on, 1, 7) AS month, sum(i.amount_cents) AS amount, sum(i.paid_cents) AS paid
         FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
           CROSS JOIN instalment i INDEXED BY instalment_purchase ON i.purchase_id = p.id
         WHERE i.due_on >= @from AND i.due_on <= @to GROUP BY 1`,
      )
      .all({ ...s.params, from: input.from, to: input.to });
    for (const r of rows) {
      const t = planned.get(r.month) ?? { n: 0, amountCents: 0, paidCents: 0, openN: 0, openAmountCents: 0 };
      planned.set(r.month, { ...t, amountCents: t.amountCents + r.amount, paidCents: t.paidCents + r.paid });
    }
  }
  const collected = doneSums(ctx, s.owners, input.from, input.to, 'month');
  if (s.delegated) {
    const rows = ctx.db
      .prepare<Record<string, unknown>, { month: string; cents: number }>(
        `SELECT substr(m.paid_on, 1, 7) AS month, sum(m.amount_cents) AS cents
         FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
           CROSS JOIN payment m INDEXED BY payment_purchase ON m.purchase_id = p.id
         WHERE m.paid_on >= @from AND m.paid_on <= @to GROUP BY 1`,
      )
      .all({ ...s.params, from: input.from, to: input.to });
    for (const r of rows) {
      const t = collected.get(r.month) ?? { sales: 0, collected: 0 };
      collected.set(r.month, { ...t, collected: t.collected + r.cents });
    }
  }
  return monthsBetween(input.from.slice(0, 7), input.to.slice(0, 7)).map((month) => ({
    month,
    plannedCents: planned.get(month)?.amountCents ?? 0,
    planPaidCents: planned.get(month)?.paidCents ?? 0,
    collectedCents: collected.get(month)?.collected ?? 0,
  }));
}

function targets(ctx: Ctx, input: StatsRange): TargetMonthRow[] {
  const who = owners(ctx, input);
  const fromMonth = input.from.slice(0, 7);
  const toMonth = input.to.slice(0, 7);
  const target = staffTargets(ctx, who, fromMonth, toMonth);
  const done = doneSums(ctx, who, input.from, input.to, 'month');
  return monthsBetween(fromMonth, toMonth).map((month) => {
    const t = target.get(month);
    return {
      month,
      salesTargetCents: t?.set ? t.sales : null,
      salesCents: done.get(month)?.sales ?? 0,
      collectedTargetCents: t?.set ? t.collected : null,
      collectedCents: done.get(month)?.collected ?? 0,
    };
  });
}

function ranking(ctx: Ctx, input: StatsRange): RankingRow[] {
  const who = owners(ctx, input);
  const target = staffTargets(ctx, who, input.from.slice(0, 7), input.to.slice(0, 7), true);
  const done = doneSums(ctx, who, input.from, input.to, 'owner');
  const per = new Map<number, { st: number; ct: number; set: boolean }>();
  for (const [k, t] of target) {
    const owner = Number(k.split('|')[1]);
    const p = per.get(owner) ?? { st: 0, ct: 0, set: false };
    per.set(owner, { st: p.st + t.sales, ct: p.ct + t.collected, set: true });
  }
  const ids = [...new Set([...per.keys(), ...[...done.keys()].map(Number)])];
  if (!ids.length) return [];
  const names = new Map(
    ctx.db
      .prepare<[], { id: number; name: string }>(`SELECT id, name FROM staff WHERE id IN (${ids.join(', ')})`)
      .all()
      .map((r) => [r.id, r.name]),
  );
  return ids
    .filter((id) => names.has(id))
    .map((id) => {
      const t = per.get(id);
      const d = done.get(String(id));
      const salesCents = d?.sales ?? 0;
      const salesTargetCents = t ? t.st : null;
      return {
        ownerId: id,
        ownerName: names.get(id)!,
        salesTargetCents,
        salesCents,
        collectedTargetCents: t ? t.ct : null,
        collectedCents: d?.collected ?? 0,
        salesRate: salesTargetCents ? Math.round((salesCents / salesTargetCents) * 1000) / 10 : null,
      };
    })
    .sort((a, b) => b.salesCents - a.salesCents || a.ownerId - b.ownerId);
}

export const statsTargetsHandlers = {
  'stats.plan': plan,
  'stats.targets': targets,
  'stats.ranking': ranking,
};
