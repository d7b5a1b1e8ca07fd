/**
 * 回款计划's statements over every customer the user may see (tab 9's list, its Excel export and
 * print, 工作台), so all of them run exactly the same SQL on either engine. Each returns
 * `{ sql, params }` with its ORDER BY and without LIMIT.
 *
 * Open instalments are those with 已回款 below 计划金额 (paid_cents, kept by 0015's triggers):
 * the partial indexes instalment_open_due (计划回款日期, id) and instalment_customer_open
 * (customer, 计划回款日期) hold only them, so the lists never read the paid-off ones.
 */
import type { InstalmentDueRow, InstalmentDueTotals, InstalmentView } from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import { addDays, type SqlQuery } from '../fees/queries.js';
import { visibleCustomers } from '../visibility.js';

export interface InstalmentsDueInput {
  view: InstalmentView;
  ownerId: number | null;
}

/** Monday of the ISO week of `day`. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

/** The 计划回款日期 range of a view on `now` (inclusive; from null: however old). */
export function viewRange(view: InstalmentView, now: string): { from: string | null; to: string | null } {
  if (view === 'week') {
    const monday = mondayOf(now);
    return { from: monday, to: addDays(monday, 6) };
  }
  if (view === 'overdue') return { from: null, to: addDays(now, -1) };
  return { from: null, to: null };
}

function dueWhere(ctx: Ctx, range: { from: string | null; to: string | null }, ownerId: number | null) {
  const vis = visibleCustomers(ctx, 'c');
  const where = ['i.paid_cents < i.amount_cents', 'c.deleted_at IS NULL', vis.sql];
  const params: Record<string, unknown> = { ...vis.params, today: today(ctx) };
  if (range.from !== null) {
    where.push('i.due_on >= @from');
    params.from = range.from;
  }
  if (range.to !== null) {
    where.push('i.due_on <= @to');
    params.to = range.to;
  }
  if (ownerId !== null) {
    where.push('c.owner_id = @ownerId');
    params.ownerId = ownerId;
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Open instalments in `range` of visible live customers, soonest 计划回款日期 first: a walk of
 * instalment_open_due in its order (CROSS JOIN keeps SQLite's planner on it even with statistics
 * of a small office), each entry's customer read by key for the visibility rule.
 */
export function instalmentsDueQuery(
  ctx: Ctx,
  range: { from: string | null; to: string | null },
  ownerId: number | null,
): SqlQuery {
  const w = dueWhere(ctx, range, ownerId);
  return {
    sql: `SELECT i.id AS instalmentId, i.purchase_id AS purchaseId, c.id AS customerId, c.name AS customerName,
        pr.code AS productCode, pr.name AS productName, i.seq, i.due_on AS dueOn, i.amount_cents AS amountCents,
        i.paid_cents AS paidCents, i.amount_cents - i.paid_cents AS openCents, i.remind_days AS remindDays, i.note,
        CAST(julianday(i.due_on) - julianday(@today) AS INTEGER) AS daysLeft,
        c.owner_id AS ownerId, o.name AS ownerName
      FROM instalment i
        CROSS JOIN customer c ON c.id = i.customer_id
        CROSS JOIN purchase p ON p.id = i.purchase_id
        CROSS JOIN product pr ON pr.id = p.product_id
        CROSS JOIN staff o ON o.id = c.owner_id
      WHERE ${w.sql}
      ORDER BY i.due_on, i.id`,
    params: w.params,
  };
}

/** Count and sums of the same rows, per 业务员 (the customer's owner) and in all. */
export function instalmentsDueTotals(
  ctx: Ctx,
  range: { from: string | null; to: string | null },
  ownerId: number | null,
): InstalmentDueTotals {
  const w = dueWhere(ctx, range, ownerId);
  const byOwner = ctx.db
    .prepare<
      Record<string, unknown>,
      { ownerId: number; ownerName: string; count: number; amountCents: number; openCents: number }
    >(
      `SELECT u.owner_id AS ownerId, o.name AS ownerName, u.n AS count, u.amount AS amountCents, u.open AS openCents
       FROM (SELECT c.owner_id, count(*) AS n, sum(i.amount_cents) AS amount,
               sum(i.amount_cents - i.paid_cents) AS open
             FROM instalment i CROSS JOIN customer c ON c.id = i.customer_id
             WHERE ${w.sql}
             GROUP BY c.owner_id) u
         JOIN staff o ON o.id = u.owner_id
       ORDER BY u.open DESC, u.owner_id`,
    )
    .all(w.params);
  let count = 0;
  let amountCents = 0;
  let openCents = 0;
  for (const r of byOwner) {
    count += r.count;
    amountCents += r.amountCents;
    openCents += r.openCents;
  }
  return {
    count,
    amountCents,
    openCents,
    byOwner: byOwner.map((r) => ({
      ownerId: r.ownerId,
      ownerName: r.ownerName,
      count: r.count,
      openCents: r.openCents,
    })),
  };
}

export type { InstalmentDueRow };
