/**
 * Area 9's statements: 年费催缴 (fees due) and 欠款统计 (arrears) over the customers the user may
 * see, shared by the handlers (db/handlers/fees.ts, payments.ts) and the Excel export
 * (db/export/specs.ts), so both run exactly the same SQL.
 *
 * `feesDueQuery`, `arrearsQuery` and `arrearsPurchasesQuery` each return `{ sql, params }` with
 * their ORDER BY and without LIMIT — `ctx.db.prepare(q.sql).iterate(q.params)` streams every row.
 * Rows of `feesDueQuery` and `arrearsQuery` are already in their API shape (FeeDueRow,
 * ArrearsRow); rows of `arrearsPurchasesQuery` go through `toPurchaseDue`.
 */
import { type ArrearsSortField, type ArrearsTotals, type FeeDueTotals, type PurchaseDue } from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import { readSettings } from '../handlers/settings.js';
import { activeDelegationsSql, notOwnedSql, ownedSql, teamOf, visibleCustomers } from '../visibility.js';

export interface SqlQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** 'YYYY-MM-DD' plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Whose own rows a tab-9 figure reads from the per-owner summaries, and whether the customers
 * delegated to the user (owned outside their team) are added: an administrator's are everyone's
 * (null) or the chosen 业务员's; a salesperson's their own; a 销售经理's each member of the team,
 * or the chosen member. A 业务员 filter outside the user's own (team's) leaves only the customers
 * of that 业务员 delegated to the user.
 */
export function ownScope(ctx: Ctx, ownerId: number | null): { owners: number[] | null; delegated: boolean } {
  if (ctx.user.role === 'admin') return { owners: ownerId === null ? null : [ownerId], delegated: false };
  const team = teamOf(ctx);
  if (ownerId === null) return { owners: team, delegated: true };
  return team.includes(ownerId) ? { owners: [ownerId], delegated: false } : { owners: [], delegated: true };
}

export interface FeesDueInput {
  /** Look-ahead in days; null: the office's 年费提前提醒天数. */
  days: number | null;
  ownerId: number | null;
  /** Range of 服务截止期限 (inclusive), inside the window. */
  from: string | null;
  to: string | null;
  /** One customer only (the 催缴单). */
  customerId?: number | null;
}

/**
 * 年费催缴: purchases flagged 年服务费催缴标志 whose 服务截止期限 is on or before today + N
 * (overdue ones included, however old), of live customers the user may see, soonest first
 * (服务截止期限, then purchase id).
 *
 * - A salesperson, or an administrator filtered to one 业务员: from fee_due_purchase (0013) —
 *   their own due purchases in order from fee_due_purchase_owner, merged with those of the
 *   customers actively delegated to them that they do not own (fee_due_purchase_customer, through
 *   the delegation index), so the first block reads about a hundred entries.
 * - An administrator over every 业务员, and one customer (the 催缴单): walks purchase_fee_due
 *   (service_end_on WHERE annual_fee_remind = 1), resp. the customer's purchases, in order.
 */
export function feesDueQuery(ctx: Ctx, input: FeesDueInput): SqlQuery & { days: number; today: string } {
  if (input.customerId == null && (ctx.user.role !== 'admin' || input.ownerId !== null))
    return feesDueFromSummary(ctx, input);
  const w = feesDueWhere(ctx, input);
  const sql = `SELECT p.id AS purchaseId, c.id AS customerId, c.name AS customerName,
      pr.code AS productCode, pr.name AS productName, p.purchased_on AS purchasedOn,
      p.annual_fee_cents AS annualFeeCents, p.service_end_on AS serviceEndOn,
      CAST(julianday(p.service_end_on) - julianday(@today) AS INTEGER) AS daysLeft,
      c.owner_id AS ownerId, o.name AS ownerName, s.name AS salespersonName
    FROM purchase p
      JOIN customer c ON c.id = p.customer_id
      JOIN product pr ON pr.id = p.product_id
      JOIN staff o ON o.id = c.owner_id
      LEFT JOIN staff s ON s.id = p.salesperson_id
    WHERE ${w.sql}
    ORDER BY p.service_end_on, p.id`;
  return { sql, params: w.params, days: w.days, today: w.today };
}

/**
 * The same rows, in the same order, from the per-purchase summary fee_due_purchase (0013): one
 * arm per source — the 业务员's own (a walk of fee_due_purchase_owner in (服务截止期限, id) order,
 * stopping at the block's LIMIT) and the actively delegated customers' (a few, sorted) — merged
 * by SQLite's ordered UNION ALL; only the rows of the block then read purchase, customer,
 * product and staff.
 */
function feesDueFromSummary(ctx: Ctx, input: FeesDueInput): SqlQuery & { days: number; today: string } {
  const days = input.days ?? readSettings(ctx).feeWindowDays;
  const now = today(ctx);
  const scope = ownScope(ctx, input.ownerId);
  const params: Record<string, unknown> = { until: addDays(now, days), today: now };
  const range = ['f.service_end_on <= @until'];
  if (input.from !== null) {
    range.push('f.service_end_on >= @from');
    params.from = input.from;
  }
  if (input.to !== null) {
    range.push('f.service_end_on <= @to');
    params.to = input.to;
  }
  // Each arm lists its rows with the summary's 服务截止期限 and purchase id (equal to the purchase's),
  // so that it can come in that order from the index it reads.
  const arm = (where: string) => `SELECT f.purchase_id AS purchaseId, c.id AS customerId, c.name AS customerName,
      pr.code AS productCode, pr.name AS productName, p.purchased_on AS purchasedOn,
      p.annual_fee_cents AS annualFeeCents, f.service_end_on AS serviceEndOn,
      CAST(julianday(f.service_end_on) - julianday(@today) AS INTEGER) AS daysLeft,
      c.owner_id AS ownerId, o.name AS ownerName, s.name AS salespersonName
    FROM fee_due_purchase f
      CROSS JOIN purchase p ON p.id = f.purchase_id
      CROSS JOIN customer c ON c.id = p.customer_id
      CROSS JOIN product pr ON pr.id = p.product_id
      CROSS JOIN staff o ON o.id = c.owner_id
      LEFT JOIN staff s ON s.id = p.salesperson_id
    WHERE ${where} AND ${range.join(' AND ')}`;
  const arms: string[] = [];
  // Whose own due purchases: the chosen 业务员's for an administrator; a salesperson's own; a
  // manager's team's — one arm per owner, each in order from fee_due_purchase_owner.
  (scope.owners ?? []).forEach((owner, i) => {
    arms.push(arm(`f.owner_id = @owner${i}`));
    params[`owner${i}`] = owner;
  });
  // A salesperson's delegated customers (of the chosen 业务员, if another one is chosen: the unary
  // + keeps SQLite on the few delegated customers' entries rather than that 业务员's whole list).
  if (scope.delegated) {
    Object.assign(params, visibleCustomers(ctx).params);
    let of = '';
    if (input.ownerId !== null) {
      of = ' AND +f.owner_id = @ownerId';
      params.ownerId = input.ownerId;
    }
    arms.push(arm(`f.customer_id IN (${activeDelegationsSql}) AND ${notOwnedSql(ctx, 'f.owner_id')}${of}`));
  }
  if (!arms.length) arms.push(arm('1 = 0'));
  const sql = `${arms.join(' UNION ALL ')} ORDER BY serviceEndOn, purchaseId`;
  return { sql, params, days, today: now };
}

function feesDueWhere(ctx: Ctx, input: FeesDueInput) {
  const days = input.days ?? readSettings(ctx).feeWindowDays;
  const now = today(ctx);
  const vis = visibleCustomers(ctx, 'c');
  const where = [
    'p.annual_fee_remind = 1',
    'p.service_end_on IS NOT NULL',
    'p.service_end_on <= @until',
    'c.deleted_at IS NULL',
    vis.sql,
  ];
  const params: Record<string, unknown> = { ...vis.params, until: addDays(now, days), today: now };
  if (input.ownerId !== null) {
    where.push('c.owner_id = @ownerId');
    params.ownerId = input.ownerId;
  }
  if (input.from !== null) {
    where.push('p.service_end_on >= @from');
    params.from = input.from;
  }
  if (input.to !== null) {
    where.push('p.service_end_on <= @to');
    params.to = input.to;
  }
  if (input.customerId != null) {
    where.push('p.customer_id = @customerId');
    params.customerId = input.customerId;
  }
  return { sql: where.join(' AND '), params, days, today: now };
}

/**
 * Count, overdue count and sum of the fees due.
 *
 * Without a customer: from the sums kept per (服务截止期限, 业务员) and per (month, 业务员) by the
 * triggers of 0012 — the whole months inside the range plus the days of the partial months at
 * its two ends — so the totals read a few hundred small rows however many purchases are due. A
 * salesperson's are their own sums plus the due purchases of customers actively delegated to
 * them that they do not own, read from the delegation index and fee_due_purchase_customer (0013)
 * alone (so a delegation's start, end or revocation needs no update of the sums).
 * For one customer (the 催缴单): counted from the covering index purchase_fee_due (0004).
 */
export function feeTotals(ctx: Ctx, input: FeesDueInput): FeeDueTotals & { days: number } {
  if (input.customerId != null) return feeTotalsCounted(ctx, input);
  const days = input.days ?? readSettings(ctx).feeWindowDays;
  const now = today(ctx);
  const until = addDays(now, days);
  const lo = input.from;
  const hi = input.to !== null && input.to < until ? input.to : until;
  const yesterday = addDays(now, -1);
  const overdueHi = hi < yesterday ? hi : yesterday;
  // Whose sums count: every 业务员's (or the chosen one's) for an administrator; a salesperson's
  // own; each member's of a manager's team.
  const scope = ownScope(ctx, input.ownerId);
  const totals: FeeDueTotals = { count: 0, overdueCount: 0, feeCents: 0 };
  for (const owner of scope.owners ?? [null]) {
    const all = feeDueSums(ctx, owner, lo, hi);
    const overdue = feeDueSums(ctx, owner, lo, overdueHi);
    totals.count += all.n;
    totals.overdueCount += overdue.n;
    totals.feeCents += all.fee;
  }
  if (scope.delegated) {
    const vis = visibleCustomers(ctx).params;
    const d = ctx.db
      .prepare<Record<string, unknown>, FeeDueTotals>(
        `SELECT count(*) AS count, coalesce(sum(CASE WHEN f.service_end_on < @today THEN 1 ELSE 0 END), 0) AS overdueCount,
           coalesce(sum(f.annual_fee_cents), 0) AS feeCents
         FROM fee_due_purchase f
         WHERE f.customer_id IN (${activeDelegationsSql}) AND ${notOwnedSql(ctx, 'f.owner_id')} AND f.service_end_on <= @hi
           ${lo === null ? '' : 'AND f.service_end_on >= @lo'}
           ${input.ownerId === null ? '' : 'AND +f.owner_id = @ownerId'}`,
      )
      .get({
        ...vis,
        today: now,
        hi,
        ...(lo === null ? {} : { lo }),
        ...(input.ownerId === null ? {} : { ownerId: input.ownerId }),
      })!;
    totals.count += d.count;
    totals.overdueCount += d.overdueCount;
    totals.feeCents += d.feeCents;
  }
  return { ...totals, days };
}

const ZERO_SUMS = { n: 0, fee: 0 };

/**
 * Due purchases with 服务截止期限 in [lo, hi] (lo null: however old) of live customers of one
 * 业务员 (or of all: null), from fee_due_month and fee_due_day (0012).
 */
export function feeDueSums(
  ctx: Ctx,
  ownerId: number | null,
  lo: string | null,
  hi: string,
): { n: number; fee: number } {
  if (lo !== null && lo > hi) return ZERO_SUMS;
  const hiMonth = hi.slice(0, 7);
  const loMonth = lo === null ? '' : lo.slice(0, 7);
  const sameMonth = lo !== null && loMonth === hiMonth;
  const params: Record<string, unknown> = {
    loMonth,
    hiMonth,
    // The partial month at the low end (none without a low end, or when both ends share a month).
    loFrom: lo === null || sameMonth ? '1' : lo,
    loTo: lo === null || sameMonth ? '0' : `${loMonth}-31`,
    // The partial month at the high end.
    hiFrom: sameMonth ? lo : `${hiMonth}-01`,
    hi,
  };
  let own = '';
  if (ownerId !== null) {
    own = 'AND owner_id = @ownerId';
    params.ownerId = ownerId;
  }
  return ctx.db
    .prepare<Record<string, unknown>, { n: number; fee: number }>(
      `SELECT coalesce(sum(n), 0) AS n, coalesce(sum(fee_cents), 0) AS fee FROM (
         SELECT n, fee_cents FROM fee_due_month WHERE month > @loMonth AND month < @hiMonth ${own}
         UNION ALL
         SELECT n, fee_cents FROM fee_due_day WHERE day >= @loFrom AND day <= @loTo ${own}
         UNION ALL
         SELECT n, fee_cents FROM fee_due_day WHERE day >= @hiFrom AND day <= @hi ${own}) u`,
    )
    .get(params)!;
}

/** The totals counted from the covering index purchase_fee_due (0004) and the customer row. */
function feeTotalsCounted(ctx: Ctx, input: FeesDueInput): FeeDueTotals & { days: number } {
  const w = feesDueWhere(ctx, input);
  const t = ctx.db
    .prepare<Record<string, unknown>, FeeDueTotals>(
      `SELECT count(*) AS count, coalesce(sum(CASE WHEN p.service_end_on < @today THEN 1 ELSE 0 END), 0) AS overdueCount,
         coalesce(sum(p.annual_fee_cents), 0) AS feeCents
       FROM purchase p JOIN customer c ON c.id = p.customer_id
       WHERE ${w.sql}`,
    )
    .get(w.params)!;
  return { ...t, days: w.days };
}

export interface ArrearsInput {
  ownerId: number | null;
  /** Range of 购买日期 (inclusive): which purchases in arrears count. */
  from: string | null;
  to: string | null;
  sort?: { field: ArrearsSortField; dir: 'asc' | 'desc' } | null;
}

const ARREARS_SORT: Record<ArrearsSortField, string> = {
  customerName: 'customerName',
  ownerName: 'ownerName',
  dueCents: 'dueCents',
  paidCents: 'paidCents',
  arrearsCents: 'arrearsCents',
  earliestOn: 'earliestOn',
  purchaseCount: 'purchaseCount',
};

/** The purchases-in-arrears condition (the partial index purchase_arrears) and the filters. */
function arrearsWhere(ctx: Ctx, input: { ownerId: number | null; from: string | null; to: string | null }) {
  const vis = visibleCustomers(ctx, 'c');
  const where = ['p.amount_paid_cents < p.amount_due_cents', 'c.deleted_at IS NULL', vis.sql];
  const params: Record<string, unknown> = { ...vis.params };
  if (input.ownerId !== null) {
    where.push('c.owner_id = @ownerId');
    params.ownerId = input.ownerId;
  }
  if (input.from !== null) {
    where.push('p.purchased_on >= @from');
    params.from = input.from;
  }
  if (input.to !== null) {
    where.push('p.purchased_on <= @to');
    params.to = input.to;
  }
  return { sql: where.join(' AND '), params };
}

/**
 * Grouped by p.customer_id, the order of the covering index purchase_arrears (0004): no temporary
 * B-tree for the grouping, and the purchase table is never read. The customer's and 业务员's
 * columns are one value per group, read through min() (PostgreSQL takes no bare column that is
 * not grouped by; grouping by c.id too would cost SQLite the index's order).
 */
function arrearsGrouped(ctx: Ctx, input: ArrearsInput): SqlQuery {
  const w = arrearsWhere(ctx, input);
  return {
    sql: `SELECT p.customer_id AS customerId, min(c.name) AS customerName, min(c.owner_id) AS ownerId,
        min(o.name) AS ownerName,
        count(*) AS purchaseCount, sum(p.amount_due_cents) AS dueCents, sum(p.amount_paid_cents) AS paidCents,
        sum(p.amount_due_cents - p.amount_paid_cents) AS arrearsCents, min(p.purchased_on) AS earliestOn
      FROM purchase p
        JOIN customer c ON c.id = p.customer_id
        JOIN staff o ON o.id = c.owner_id
      WHERE ${w.sql}
      GROUP BY p.customer_id`,
    params: w.params,
  };
}

/** Grand totals of 欠款统计, from the same condition without the staff join. */
export function arrearsTotals(ctx: Ctx, input: ArrearsInput): ArrearsTotals {
  const w = arrearsWhere(ctx, input);
  return ctx.db
    .prepare<Record<string, unknown>, ArrearsTotals>(
      `SELECT count(*) AS customers, coalesce(sum(n), 0) AS purchases, coalesce(sum(due), 0) AS dueCents,
         coalesce(sum(paid), 0) AS paidCents, coalesce(sum(due) - sum(paid), 0) AS arrearsCents
       FROM (SELECT count(*) AS n, sum(p.amount_due_cents) AS due, sum(p.amount_paid_cents) AS paid
             FROM purchase p JOIN customer c ON c.id = p.customer_id
             WHERE ${w.sql}
             GROUP BY p.customer_id) u`,
    )
    .get(w.params)!;
}

/**
 * 欠款统计: one row per visible live customer with purchases in arrears — 应付合计, 已付合计,
 * 欠款合计 and 最早欠款日期 over those purchases only (so the expanded purchases add up to the
 * row). Default order: 欠款合计, largest first.
 */
export function arrearsQuery(ctx: Ctx, input: ArrearsInput): SqlQuery {
  if (input.from === null && input.to === null) return arrearsSummaryQuery(ctx, input);
  const q = arrearsGrouped(ctx, input);
  const sort = input.sort ?? { field: 'arrearsCents', dir: 'desc' };
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  return { sql: `${q.sql} ORDER BY ${ARREARS_SORT[sort.field]} ${dir}, customerId ${dir}`, params: q.params };
}

/** The summary's column of each sort field (the grouped query sorts by the aliases). */
const ARREARS_SUMMARY_SORT: Record<ArrearsSortField, string> = {
  customerName: 'c.name',
  ownerName: 'o.name',
  dueCents: 'a.due_cents',
  paidCents: 'a.paid_cents',
  arrearsCents: 'a.arrears_cents',
  earliestOn: 'a.earliest_on',
  purchaseCount: 'a.purchases',
};

/**
 * 欠款统计 without a date range, from the per-customer summary customer_arrears (0010, kept by
 * triggers): the same rows as the grouped query, and in the default order (欠款合计, largest
 * first) read from customer_arrears_order, so the first page reads about a hundred rows.
 */
function arrearsSummaryQuery(ctx: Ctx, input: ArrearsInput): SqlQuery {
  const vis = visibleCustomers(ctx, 'c');
  // The visibility rule on the summary's own owner_id (in customer_arrears_order), so that a
  // salesperson's page tests each index entry without reading the customer row.
  const visible =
    ctx.user.role === 'admin'
      ? '1 = 1'
      : `(${ownedSql(ctx, 'a.owner_id')} OR a.customer_id IN (${activeDelegationsSql}))`;
  const where = ['a.live = 1', visible];
  const params: Record<string, unknown> = { ...vis.params };
  if (input.ownerId !== null) {
    where.push('a.owner_id = @ownerId');
    params.ownerId = input.ownerId;
  }
  const sort = input.sort ?? { field: 'arrearsCents', dir: 'desc' };
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  return {
    sql: `SELECT a.customer_id AS customerId, c.name AS customerName, a.owner_id AS ownerId, o.name AS ownerName,
        a.purchases AS purchaseCount, a.due_cents AS dueCents, a.paid_cents AS paidCents,
        a.arrears_cents AS arrearsCents, a.earliest_on AS earliestOn
      FROM customer_arrears a
        JOIN customer c ON c.id = a.customer_id
        JOIN staff o ON o.id = a.owner_id
      WHERE ${where.join(' AND ')}
      ORDER BY ${ARREARS_SUMMARY_SORT[sort.field]} ${dir}, a.customer_id ${dir}`,
    params,
  };
}

/**
 * The totals without a date range from the maintained arrears_count (0010): an administrator's
 * are the sum of its few rows; a salesperson's are their own row plus the summaries of customers
 * delegated to them that they do not own.
 */
export function arrearsSummaryTotals(ctx: Ctx, ownerId: number | null): ArrearsTotals {
  type Sums = { customers: number; purchases: number; dueCents: number; paidCents: number };
  const sums = (sql: string, params: Record<string, unknown>) =>
    ctx.db.prepare<Record<string, unknown>, Sums>(sql).get(params)!;
  const fromCounts = (where: string, params: Record<string, unknown>) =>
    sums(
      `SELECT coalesce(sum(customers), 0) AS customers, coalesce(sum(purchases), 0) AS purchases,
         coalesce(sum(due_cents), 0) AS dueCents, coalesce(sum(paid_cents), 0) AS paidCents
       FROM arrears_count WHERE live = 1 AND ${where}`,
      params,
    );
  let t: Sums;
  if (ctx.user.role === 'admin') {
    t = ownerId === null ? fromCounts('1 = 1', {}) : fromCounts('owner_id = @ownerId', { ownerId });
  } else {
    const vis = visibleCustomers(ctx).params;
    const scope = ownScope(ctx, ownerId);
    const own = scope.owners!.length
      ? fromCounts(`owner_id IN (${scope.owners!.join(', ')})`, {})
      : { customers: 0, purchases: 0, dueCents: 0, paidCents: 0 };
    const delegated = sums(
      `SELECT count(*) AS customers, coalesce(sum(a.purchases), 0) AS purchases,
         coalesce(sum(a.due_cents), 0) AS dueCents, coalesce(sum(a.paid_cents), 0) AS paidCents
       FROM customer_arrears a
       WHERE a.customer_id IN (${activeDelegationsSql}) AND a.live = 1 AND ${notOwnedSql(ctx, 'a.owner_id')}
         ${ownerId === null ? '' : 'AND a.owner_id = @ownerId'}`,
      { ...vis, ...(ownerId === null ? {} : { ownerId }) },
    );
    t = {
      customers: own.customers + delegated.customers,
      purchases: own.purchases + delegated.purchases,
      dueCents: own.dueCents + delegated.dueCents,
      paidCents: own.paidCents + delegated.paidCents,
    };
  }
  return { ...t, arrearsCents: t.dueCents - t.paidCents };
}

export interface ArrearsPurchasesInput {
  /** One customer, or every visible customer (the export's detail sheet). */
  customerId: number | null;
  ownerId: number | null;
  from: string | null;
  to: string | null;
}

/** Rows of `arrearsPurchasesQuery` as stored (annual_fee_remind is 0/1). */
export type PurchaseDueDbRow = Omit<PurchaseDue, 'annualFeeRemind'> & { annualFeeRemind: number };

export const toPurchaseDue = (r: PurchaseDueDbRow): PurchaseDue => ({ ...r, annualFeeRemind: !!r.annualFeeRemind });

/** The columns of PurchaseDue, over `purchase p` joined to `product pr` and `staff s` (its 业务员). */
export const PURCHASE_DUE_COLUMNS = `p.id AS purchaseId, p.customer_id AS customerId, pr.code AS productCode,
  pr.name AS productName, pr.unit AS unit, p.purchased_on AS purchasedOn, p.quantity AS quantity,
  p.unit_price_cents AS unitPriceCents, p.amount_due_cents AS dueCents, p.amount_paid_cents AS paidCents,
  p.amount_due_cents - p.amount_paid_cents AS arrearsCents, p.annual_fee_cents AS annualFeeCents,
  p.annual_fee_remind AS annualFeeRemind, p.service_end_on AS serviceEndOn, s.name AS salespersonName,
  p.version AS version`;

/** Purchases in arrears, oldest 购买日期 first, of one customer or of every visible one. */
export function arrearsPurchasesQuery(ctx: Ctx, input: ArrearsPurchasesInput): SqlQuery {
  const w = arrearsWhere(ctx, input);
  const where = [w.sql];
  const params = { ...w.params };
  if (input.customerId !== null) {
    where.push('p.customer_id = @customerId');
    params.customerId = input.customerId;
  }
  return {
    sql: `SELECT ${PURCHASE_DUE_COLUMNS}
      FROM purchase p
        JOIN customer c ON c.id = p.customer_id
        JOIN product pr ON pr.id = p.product_id
        LEFT JOIN staff s ON s.id = p.salesperson_id
      WHERE ${where.join(' AND ')}
      ORDER BY p.customer_id, p.purchased_on, p.id`,
    params,
  };
}
