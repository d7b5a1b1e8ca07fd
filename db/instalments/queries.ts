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
import { dialectOf } from '../engine/dialect.js';
import { addDays, ownScope, type SqlQuery } from '../fees/queries.js';
import { activeDelegationsSql, notOwnedSql, visibleCustomers } from '../visibility.js';
import { instalmentSumsByOwner } from './counters.js';

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

/**
 * Count and sums of the same rows, per 业务员 (the customer's owner) and in all — from the
 * counters of 0018 (db/instalments/counters.ts), never the instalments: the user's own (their
 * team's, or everyone's for an administrator, or the chosen 业务员's) sums per owner, plus the
 * open instalments of customers actively delegated to them that they do not own, read through
 * the delegation index and instalment_customer_open (a few; an expiry needs no update).
 */
export function instalmentsDueTotals(
  ctx: Ctx,
  range: { from: string | null; to: string | null },
  ownerId: number | null,
): InstalmentDueTotals {
  const scope = ownScope(ctx, ownerId);
  const per = new Map<number, { count: number; amountCents: number; openCents: number }>();
  for (const [owner, s] of instalmentSumsByOwner(ctx, scope.owners, range.from, range.to))
    if (s.openN !== 0)
      per.set(owner, { count: s.openN, amountCents: s.openAmountCents, openCents: s.amountCents - s.paidCents });
  if (scope.delegated) {
    const params: Record<string, unknown> = { ...visibleCustomers(ctx).params };
    const where = ['i.paid_cents < i.amount_cents', 'c.deleted_at IS NULL', notOwnedSql(ctx, 'c.owner_id')];
    if (range.from !== null) {
      where.push('i.due_on >= @from');
      params.from = range.from;
    }
    if (range.to !== null) {
      where.push('i.due_on <= @to');
      params.to = range.to;
    }
    if (ownerId !== null) {
      where.push('+c.owner_id = @ownerId');
      params.ownerId = ownerId;
    }
    const rows = ctx.db
      .prepare<Record<string, unknown>, { ownerId: number; count: number; amountCents: number; openCents: number }>(
        `SELECT coalesce(c.owner_id, 0) AS ownerId, count(*) AS count, sum(i.amount_cents) AS amountCents,
           sum(i.amount_cents - i.paid_cents) AS openCents
         FROM customer c CROSS JOIN instalment i ON i.customer_id = c.id
         WHERE c.id IN (${activeDelegationsSql}) AND ${where.join(' AND ')}
         GROUP BY 1`,
      )
      .all(params);
    for (const r of rows) {
      const t = per.get(r.ownerId) ?? { count: 0, amountCents: 0, openCents: 0 };
      per.set(r.ownerId, {
        count: t.count + r.count,
        amountCents: t.amountCents + r.amountCents,
        openCents: t.openCents + r.openCents,
      });
    }
  }
  const names = staffNames(ctx, [...per.keys()]);
  let count = 0;
  let amountCents = 0;
  let openCents = 0;
  const byOwner: InstalmentDueTotals['byOwner'] = [];
  for (const [owner, t] of per) {
    count += t.count;
    amountCents += t.amountCents;
    openCents += t.openCents;
    const ownerName = names.get(owner);
    if (ownerName !== undefined) byOwner.push({ ownerId: owner, ownerName, count: t.count, openCents: t.openCents });
  }
  byOwner.sort((a, b) => b.openCents - a.openCents || a.ownerId - b.ownerId);
  return { count, amountCents, openCents, byOwner };
}

/** The names of a few members of staff, by id. */
function staffNames(ctx: Ctx, ids: number[]): Map<number, string> {
  if (!ids.length) return new Map();
  const rows = ctx.db
    .prepare<[string], { id: number; name: string }>(
      `SELECT id, name FROM staff WHERE id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('?', 'j')})`,
    )
    .all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type { InstalmentDueRow };
