/**
 * 统计 › 销售统计: each chart is one grouped SQL query over a covering index (0009), scoped by
 * visibleCustomerIds (db/visibility.ts) — a salesperson's charts count only the customers they
 * may see, and never a soft-deleted customer.
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
import { activeDelegationsSql, visibleCustomerIds } from '../visibility.js';
import { addDays } from './fees.js';
import { localDayStart, statusCounts } from './workbench.js';

interface Bucket {
  key: string;
  from: string;
  until: string;
}

/** Local calendar months (or Monday weeks) covering [from, to], as UTC instant bounds. */
export function buckets(range: { from: string; to: string }, unit: 'month' | 'week'): Bucket[] {
  const out: Bucket[] = [];
  const end = addDays(range.to, 1);
  let start = range.from;
  if (unit === 'week') {
    const dow = new Date(`${start}T00:00:00Z`).getUTCDay();
    start = addDays(start, -((dow + 6) % 7));
  }
  while (start < end) {
    const next = unit === 'week' ? addDays(start, 7) : nextMonth(start);
    const from = start < range.from ? range.from : start;
    const until = next > end ? end : next;
    out.push({
      key: unit === 'week' ? start : start.slice(0, 7),
      from: localDayStart(from),
      until: localDayStart(until),
    });
    start = next;
  }
  return out;
}

function nextMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function all<T>(ctx: Ctx, sql: string, params: Record<string, unknown>): T[] {
  return ctx.db.prepare<Record<string, unknown>, T>(sql).all(params);
}

function statusChanges(ctx: Ctx, input: StatsRange): StatusChangeRow[] {
  const v = visibleCustomerIds(ctx, 's.customer_id', input.ownerId);
  return all<StatusChangeRow>(
    ctx,
    `SELECT json_extract(@buckets, '$[' || g.k || '].key') AS month, g.statusId, st.name AS statusName, g.n
     FROM (SELECT b.key AS k, s.to_status_id AS statusId, count(*) AS n
           FROM json_each(@buckets) b
             CROSS JOIN status_change s ON s.at >= b.value ->> '$.from' AND s.at < b.value ->> '$.until'
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
  const owner = ctx.user.role === 'admin' ? input.ownerId : ctx.user.id;
  const params: Record<string, unknown> = {
    from: input.from,
    to: input.to,
    owner,
    vis_me: ctx.user.id,
    vis_today: today(ctx),
  };
  const delegated =
    ctx.user.role === 'admin'
      ? ''
      : `UNION ALL SELECT substr(c.created_on, 1, 7), c.owner_id, 1 FROM customer c
         WHERE c.id IN (${activeDelegationsSql}) AND c.owner_id <> @vis_me AND c.deleted_at IS NULL
           AND c.created_on >= @from AND c.created_on <= @to`;
  return all<NewCustomersRow>(
    ctx,
    `SELECT g.month, g.ownerId, o.name AS ownerName, sum(g.n) AS n
     FROM (SELECT substr(d.created_on, 1, 7) AS month, d.owner_id AS ownerId, d.n FROM customer_day d
           WHERE d.live = 1 AND d.created_on >= @from AND d.created_on <= @to AND d.n > 0
             ${owner === null ? '' : 'AND d.owner_id = @owner'}
           ${delegated}) g
       JOIN staff o ON o.id = g.ownerId
     GROUP BY g.month, g.ownerId
     ORDER BY g.month, g.ownerId`,
    params,
  );
}

function money(ctx: Ctx, input: StatsRange): MoneyMonthRow[] {
  const v = visibleCustomerIds(ctx, 'p.customer_id', input.ownerId);
  const params = { ...v.params, from: input.from, to: input.to };
  const sales = all<{ month: string; cents: number }>(
    ctx,
    `SELECT substr(p.purchased_on, 1, 7) AS month, sum(p.amount_due_cents) AS cents
     FROM purchase p INDEXED BY purchase_on
     WHERE p.purchased_on >= @from AND p.purchased_on <= @to AND ${v.sql}
     GROUP BY 1`,
    params,
  );
  const collected = all<{ month: string; cents: number }>(
    ctx,
    `SELECT substr(m.paid_on, 1, 7) AS month, sum(m.amount_cents) AS cents
     FROM payment m INDEXED BY payment_on JOIN purchase p ON p.id = m.purchase_id
     WHERE m.paid_on >= @from AND m.paid_on <= @to AND ${v.sql}
     GROUP BY 1`,
    params,
  );
  // Every month of the range gets a row (a month without sales shows 0 rather than a gap).
  const s = new Map(sales.map((r) => [r.month, r.cents]));
  const c = new Map(collected.map((r) => [r.month, r.cents]));
  return buckets(input, 'month').map((b) => ({
    month: b.key,
    salesCents: s.get(b.key) ?? 0,
    collectedCents: c.get(b.key) ?? 0,
  }));
}

function ageing(ctx: Ctx, input: StatsRange): AgeingRow[] {
  const now = today(ctx);
  const v = visibleCustomerIds(ctx, 'p.customer_id', input.ownerId);
  const rows = all<AgeingRow>(
    ctx,
    `SELECT CASE WHEN p.purchased_on >= @d30 THEN 0 WHEN p.purchased_on >= @d90 THEN 1
                 WHEN p.purchased_on >= @d365 THEN 2 ELSE 3 END AS bucket,
       count(*) AS purchases, sum(p.amount_due_cents - p.amount_paid_cents) AS arrearsCents
     FROM purchase p INDEXED BY purchase_arrears
     WHERE p.amount_paid_cents < p.amount_due_cents AND ${v.sql}
     GROUP BY 1`,
    { ...v.params, d30: addDays(now, -30), d90: addDays(now, -90), d365: addDays(now, -365) },
  );
  const by = new Map(rows.map((r) => [r.bucket, r]));
  return ([0, 1, 2, 3] as const).map((b) => by.get(b) ?? { bucket: b, purchases: 0, arrearsCents: 0 });
}

function products(ctx: Ctx, input: StatsRange) {
  const v = visibleCustomerIds(ctx, 'p.customer_id', input.ownerId);
  const perProduct = `SELECT p.product_id, sum(p.quantity) AS quantity, sum(p.amount_due_cents) AS cents
     FROM purchase p INDEXED BY purchase_on
     WHERE p.purchased_on >= @from AND p.purchased_on <= @to AND ${v.sql}
     GROUP BY p.product_id`;
  const params = { ...v.params, from: input.from, to: input.to };
  // One pass over the purchases; categories and the top products are summed from its few rows.
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
     FROM (${perProduct}) g JOIN product pr ON pr.id = g.product_id JOIN product_category k ON k.id = pr.category_id
     ORDER BY g.cents DESC, g.product_id`,
    params,
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

/** Grouped by the bucket's index (json_each's key), not its text: no JSON read per record. */
function activity(ctx: Ctx, input: StatsRange): ActivityRow[] {
  const v = visibleCustomerIds(ctx, 'r.customer_id', input.ownerId);
  return all<ActivityRow>(
    ctx,
    `SELECT json_extract(@buckets, '$[' || g.k || '].key') AS week, g.authorId,
       coalesce(a.name, '系统') AS authorName, g.n
     FROM (SELECT b.key AS k, r.author_id AS authorId, count(*) AS n
           FROM json_each(@buckets) b
             CROSS JOIN record r INDEXED BY record_followup_at
               ON r.kind = 'followup' AND r.at >= b.value ->> '$.from' AND r.at < b.value ->> '$.until'
           WHERE ${v.sql}
           GROUP BY 1, 2) g
       LEFT JOIN staff a ON a.id = g.authorId
     ORDER BY g.k, g.authorId`,
    { ...v.params, buckets: JSON.stringify(buckets(input, 'week')) },
  );
}

export const statsHandlers: HandlersOf<'stats'> = {
  'stats.statusNow': (ctx, input) => statusCounts(ctx, input.ownerId),
  'stats.statusChanges': statusChanges,
  'stats.newCustomers': newCustomers,
  'stats.money': money,
  'stats.ageing': ageing,
  'stats.products': products,
  'stats.activity': activity,
};
