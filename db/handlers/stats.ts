/**
 * 统计 › 销售统计: each chart is one grouped SQL query over counters kept by triggers (0009,
 * 0011) or a covering index, scoped by counterScope (./stats-scope.ts) or visibleCustomerIds
 * (db/visibility.ts) — a salesperson's charts count only the customers they may see (own from
 * the counters, delegated from the base tables), and never a soft-deleted customer.
 *
 * Dates: 创建日期, 购买日期 and 收款日期 are local 'YYYY-MM-DD', grouped by their text. 维护记录
 * and status changes carry an ISO instant (UTC): those are counted into local months or weeks
 * through bucket bounds computed here in the process's time zone (the office's), so a record
 * written at 00:30 local time on the 1st counts in its local month — not per row in JavaScript.
 */
import {
  TOP_PRODUCTS,
  type ActivityRow,
  type AgeingRow,
  type MoneyMonthRow,
  type NewCustomersRow,
  type StatsRange,
  type StatusChangeRow,
} from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import type { HandlersOf } from '../router.js';
import { statsOwners, visibleCustomerIds } from '../visibility.js';
import { addDays } from '../fees/queries.js';
import { dialectOf } from '../engine/dialect.js';
import { counterScope } from './stats-scope.js';
import { statsTargetsHandlers } from './stats-targets.js';
import { localDayStart, statusCounts } from './workbench.js';

interface Bucket {
  key: string;
  from: string;
  until: string;
}

interface DayBucket {
  key: string;
  /** First local day of the bucket within the range. */
  fromDay: string;
  /** The local day after the bucket's last (exclusive). */
  untilDay: string;
}

/** Local calendar months (or Monday weeks) covering [from, to], as local days. */
export function dayBuckets(range: { from: string; to: string }, unit: 'month' | 'week'): DayBucket[] {
  const out: DayBucket[] = [];
  const end = addDays(range.to, 1);
  let start = range.from;
  if (unit === 'week') {
    const dow = new Date(`${start}T00:00:00Z`).getUTCDay();
    start = addDays(start, -((dow + 6) % 7));
  }
  while (start < end) {
    const next = unit === 'week' ? addDays(start, 7) : nextMonth(start);
    out.push({
      key: unit === 'week' ? start : start.slice(0, 7),
      fromDay: start < range.from ? range.from : start,
      untilDay: next > end ? end : next,
    });
    start = next;
  }
  return out;
}

/** Local calendar months (or Monday weeks) covering [from, to], as UTC instant bounds. */
export function buckets(range: { from: string; to: string }, unit: 'month' | 'week'): Bucket[] {
  return dayBuckets(range, unit).map((b) => ({
    key: b.key,
    from: localDayStart(b.fromDay),
    until: localDayStart(b.untilDay),
  }));
}

function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function all<T>(ctx: Ctx, sql: string, params: Record<string, unknown>): T[] {
  return ctx.db.prepare<Record<string, unknown>, T>(sql).all(params);
}

function statusChanges(ctx: Ctx, input: StatsRange): StatusChangeRow[] {
  const v = visibleCustomerIds(ctx, 's.customer_id', statsOwners(ctx, input));
  const d = dialectOf(ctx.db);
  return all<StatusChangeRow>(
    ctx,
    `SELECT ${d.jsonAt('@buckets', 'g.k', 'key')} AS month, g.statusId, st.name AS statusName, g.n
     FROM (SELECT b.key AS k, s.to_status_id AS statusId, count(*) AS n
           FROM ${d.jsonRows('@buckets', 'b')}
             CROSS JOIN status_change s ON s.at >= ${d.jsonField('b', 'from')} AND s.at < ${d.jsonField('b', 'until')}
           WHERE ${v.sql}
           GROUP BY 1, 2) g
       JOIN customer_status st ON st.id = g.statusId
     ORDER BY g.k, st.sort_order, g.statusId`,
    { ...v.params, buckets: JSON.stringify(buckets(input, 'month')) },
  );
}

/**
 * New customers per month per 业务员 from the per-day counters (customer_day, 0009); a
 * salesperson's delegated customers (a few, owned by others) are added from the customer table.
 */
function newCustomers(ctx: Ctx, input: StatsRange): NewCustomersRow[] {
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const delegated = s.delegated
    ? `UNION ALL SELECT substr(c.created_on, 1, 7), c.owner_id, 1 FROM ${s.delegatedIds} CROSS JOIN customer c ON c.id = j.value
       WHERE c.created_on >= @from AND c.created_on <= @to`
    : '';
  return all<NewCustomersRow>(
    ctx,
    `SELECT g.month, g.ownerId, o.name AS ownerName, sum(g.n) AS n
     FROM (SELECT substr(d.created_on, 1, 7) AS month, d.owner_id AS ownerId, d.n FROM customer_day d
           WHERE ${s.counters('d')} AND d.created_on >= @from AND d.created_on <= @to AND d.n > 0
           ${delegated}) g
       JOIN staff o ON o.id = g.ownerId
     GROUP BY g.month, g.ownerId, o.name
     ORDER BY g.month, g.ownerId`,
    { ...s.params, from: input.from, to: input.to },
  );
}

/**
 * Sales (应付 by 购买日期) and collections (收款 by 收款日期) per month: the per-day counters
 * (money_day, 0011), plus a salesperson's delegated customers' purchases and payments.
 */
function money(ctx: Ctx, input: StatsRange): MoneyMonthRow[] {
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const parts = [
    `SELECT substr(d.day, 1, 7) AS month, d.sales_cents AS sales, d.collected_cents AS collected FROM money_day d
     WHERE ${s.counters('d')} AND d.day >= @from AND d.day <= @to`,
  ];
  if (s.delegated)
    parts.push(
      `SELECT substr(p.purchased_on, 1, 7), p.amount_due_cents, 0
       FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
       WHERE p.purchased_on >= @from AND p.purchased_on <= @to`,
      `SELECT substr(m.paid_on, 1, 7), 0, m.amount_cents
       FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
         CROSS JOIN payment m INDEXED BY payment_purchase ON m.purchase_id = p.id
       WHERE m.paid_on >= @from AND m.paid_on <= @to`,
    );
  const rows = all<{ month: string; sales: number; collected: number }>(
    ctx,
    `SELECT month, sum(sales) AS sales, sum(collected) AS collected FROM (${parts.join(' UNION ALL ')}) u GROUP BY 1`,
    { ...s.params, from: input.from, to: input.to },
  );
  // Every month of the range gets a row (a month without sales shows 0 rather than a gap).
  const by = new Map(rows.map((r) => [r.month, r]));
  return dayBuckets(input, 'month').map((b) => ({
    month: b.key,
    salesCents: by.get(b.key)?.sales ?? 0,
    collectedCents: by.get(b.key)?.collected ?? 0,
  }));
}

/**
 * Purchases in arrears by age today, from the per-(购买日期, 业务员) counters (arrears_day,
 * 0011): the buckets are ranges of days. A salesperson's delegated customers' from their index.
 */
function ageing(ctx: Ctx, input: StatsRange): AgeingRow[] {
  const now = today(ctx);
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const parts = [
    `SELECT d.day, d.purchases AS n, d.cents FROM arrears_day d ${s.oneOwner ? 'INDEXED BY arrears_day_owner' : ''}
     WHERE ${s.counters('d')}`,
  ];
  if (s.delegated)
    parts.push(
      `SELECT p.purchased_on, 1, p.amount_due_cents - p.amount_paid_cents
       FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_arrears ON p.customer_id = j.value
       WHERE p.amount_paid_cents < p.amount_due_cents`,
    );
  const rows = all<AgeingRow>(
    ctx,
    `SELECT CASE WHEN day >= @d30 THEN 0 WHEN day >= @d90 THEN 1 WHEN day >= @d365 THEN 2 ELSE 3 END AS bucket,
       sum(n) AS purchases, sum(cents) AS arrearsCents
     FROM (${parts.join(' UNION ALL ')}) u
     GROUP BY 1`,
    { ...s.params, d30: addDays(now, -30), d90: addDays(now, -90), d365: addDays(now, -365) },
  );
  const by = new Map(rows.map((r) => [r.bucket, r]));
  return ([0, 1, 2, 3] as const).map((b) => by.get(b) ?? { bucket: b, purchases: 0, arrearsCents: 0 });
}

/**
 * How a range of days is read from per-month counters: the whole months from the counters; a
 * partial month either from the date index (its days in the range) or as its counter less the
 * days outside the range (from the index) — whichever reads fewer days.
 */
export function monthPlan(
  from: string,
  to: string,
): { months: string[]; days: { from: string; to: string; sign: 1 | -1 }[] } {
  const months: string[] = [];
  const days: { from: string; to: string; sign: 1 | -1 }[] = [];
  for (let first = `${from.slice(0, 8)}01`; first <= to; first = nextMonth(first)) {
    const last = addDays(nextMonth(first), -1);
    const a = from > first ? from : first;
    const b = to < last ? to : last;
    if (a === first && b === last) months.push(first.slice(0, 7));
    else if (dayCount(a, b) * 2 <= dayCount(first, last)) days.push({ from: a, to: b, sign: 1 });
    else {
      months.push(first.slice(0, 7));
      if (a > first) days.push({ from: first, to: addDays(a, -1), sign: -1 });
      if (b < last) days.push({ from: addDays(b, 1), to: last, sign: -1 });
    }
  }
  return { months, days };
}

function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;
}

/**
 * Sales per product over the range from the per-month counters (product_month, 0011) and the
 * partial months from purchase_on (monthPlan), plus a salesperson's delegated customers'
 * purchases; 商品大类 and the top products are summed from its few rows.
 */
function products(ctx: Ctx, input: StatsRange) {
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const d = dialectOf(ctx.db);
  const plan = monthPlan(input.from, input.to);
  const parts = [
    `SELECT m.product_id, m.purchases AS n, m.quantity, m.cents FROM product_month m
     WHERE ${s.counters('m')} AND m.month IN (SELECT value FROM ${d.jsonTexts('@months', 'mo')})`,
  ];
  if (plan.days.length)
    parts.push(
      `SELECT p.product_id, ${d.jsonField('j', 'sign', 'int')}, ${d.jsonField('j', 'sign', 'int')} * p.quantity,
         ${d.jsonField('j', 'sign', 'int')} * p.amount_due_cents
       FROM ${d.jsonRows('@days', 'j')} CROSS JOIN purchase p INDEXED BY purchase_on
         ON p.purchased_on >= ${d.jsonField('j', 'from')} AND p.purchased_on <= ${d.jsonField('j', 'to')}
       WHERE ${s.rows('p.customer_id')}`,
    );
  if (s.delegated)
    parts.push(
      `SELECT p.product_id, 1, p.quantity, p.amount_due_cents
       FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
       WHERE p.purchased_on >= @from AND p.purchased_on <= @to`,
    );
  const rows = all<{
    productId: number;
    code: string;
    name: string;
    categoryId: number;
    categoryName: string;
    quantity: number;
    cents: number;
  }>(
    ctx,
    `SELECT g.product_id AS productId, pr.code, pr.name, pr.category_id AS categoryId, k.name AS categoryName,
       g.quantity, g.cents
     FROM (SELECT product_id, sum(quantity) AS quantity, sum(cents) AS cents FROM (${parts.join(' UNION ALL ')}) u
           GROUP BY product_id HAVING sum(n) > 0) g
       JOIN product pr ON pr.id = g.product_id JOIN product_category k ON k.id = pr.category_id
     ORDER BY g.cents DESC, g.product_id`,
    {
      ...s.params,
      from: input.from,
      to: input.to,
      months: JSON.stringify(plan.months),
      days: JSON.stringify(plan.days),
    },
  );
  const categories = new Map<number, { categoryId: number; categoryName: string; quantity: number; cents: number }>();
  for (const r of rows) {
    const c = categories.get(r.categoryId) ?? {
      categoryId: r.categoryId,
      categoryName: r.categoryName,
      quantity: 0,
      cents: 0,
    };
    c.quantity += r.quantity;
    c.cents += r.cents;
    categories.set(r.categoryId, c);
  }
  return {
    categories: [...categories.values()].sort((a, b) => b.cents - a.cents || a.categoryId - b.categoryId),
    top: rows
      .slice(0, TOP_PRODUCTS)
      .map(({ productId, code, name, quantity, cents }) => ({ productId, code, name, quantity, cents })),
  };
}

/**
 * 维护记录 per 记录人 per local week from the per-(local day, 业务员, 记录人) counters
 * (followup_activity, 0011), plus a salesperson's delegated customers' records by their instant.
 * Grouped by the bucket's index (json_each's key), not its text.
 */
function activity(ctx: Ctx, input: StatsRange): ActivityRow[] {
  const s = counterScope(ctx, input.ownerId, input.departmentId);
  const d = dialectOf(ctx.db);
  const weeks = dayBuckets(input, 'week').map((b) => ({
    ...b,
    from: localDayStart(b.fromDay),
    until: localDayStart(b.untilDay),
  }));
  const parts = [
    `SELECT b.key AS k, f.author_id AS a, f.n FROM ${d.jsonRows('@buckets', 'b')}
       CROSS JOIN followup_activity f
         ON ${s.counters('f')} AND f.day >= ${d.jsonField('b', 'fromDay')} AND f.day < ${d.jsonField('b', 'untilDay')}`,
  ];
  if (s.delegated)
    parts.push(
      `SELECT b.key, coalesce(r.author_id, 0), 1
       FROM ${s.delegatedIds} CROSS JOIN record r INDEXED BY record_customer ON r.customer_id = j.value
         CROSS JOIN ${d.jsonRows('@buckets', 'b')}
       WHERE r.at >= @fromAt AND r.at < @untilAt AND r.kind = 'followup'
         AND r.at >= ${d.jsonField('b', 'from')} AND r.at < ${d.jsonField('b', 'until')}`,
    );
  return all<ActivityRow>(
    ctx,
    `SELECT ${d.jsonAt('@buckets', 'g.k', 'key')} AS week, nullif(g.a, 0) AS authorId,
       coalesce(w.name, '系统') AS authorName, g.n
     FROM (SELECT k, a, sum(n) AS n FROM (${parts.join(' UNION ALL ')}) u GROUP BY 1, 2 HAVING sum(n) > 0) g
       LEFT JOIN staff w ON w.id = g.a
     ORDER BY g.k, g.a`,
    {
      ...s.params,
      buckets: JSON.stringify(weeks),
      fromAt: weeks[0].from,
      untilAt: weeks[weeks.length - 1].until,
    },
  );
}

export const statsHandlers: HandlersOf<'stats'> = {
  'stats.statusNow': (ctx, input) => statusCounts(ctx, input.ownerId, input.departmentId),
  'stats.statusChanges': statusChanges,
  'stats.newCustomers': newCustomers,
  'stats.money': money,
  'stats.ageing': ageing,
  'stats.products': products,
  'stats.activity': activity,
  ...statsTargetsHandlers,
};
