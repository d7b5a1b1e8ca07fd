/**
 * 工作台: 待跟进 from followup_due (0009: the 下次跟进 of each customer's newest 维护记录, kept
 * by triggers), and the summaries — 年费到期, 欠款, this month's numbers — as SQL sums of
 * counters kept by triggers (0009–0011), scoped by counterScope (./stats-scope.ts).
 */
import {
  FOLLOWUP_AHEAD_DAYS,
  type FollowupCounts,
  type FollowupDue,
  type FollowupList,
  type WorkbenchSummary,
} from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import type { HandlersOf } from '../router.js';
import { dialectOf } from '../engine/dialect.js';
import { statsOwners, visibleCountsByStatus } from '../visibility.js';
import { addDays, feeTotals } from '../fees/queries.js';
import { readSettings } from './settings.js';
import { counterScope, type CounterScope } from './stats-scope.js';

/** The instant (ISO, UTC) a local calendar day starts: the app stores days as local 'YYYY-MM-DD'. */
export function localDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

/**
 * Overdue, today and the next 7 days: sums of the per-day counters (followup_day, 0009) of the
 * owners in scope; a salesperson's delegated customers (a few) are counted from followup_due.
 */
function followupCounts(ctx: Ctx, ownerId: number | null, s = counterScope(ctx, ownerId)): FollowupCounts {
  const now = today(ctx);
  const params = { today: now, until: addDays(now, FOLLOWUP_AHEAD_DAYS) };
  const sums = `coalesce(sum(CASE WHEN d.next_on < @today THEN d.n END), 0) AS overdue,
     coalesce(sum(CASE WHEN d.next_on = @today THEN d.n END), 0) AS today,
     coalesce(sum(CASE WHEN d.next_on > @today THEN d.n END), 0) AS upcoming`;
  const get = (sql: string, p: Record<string, unknown>) =>
    ctx.db.prepare<Record<string, unknown>, FollowupCounts>(sql).get({ ...params, ...p })!;
  if (s.owners === null) return get(`SELECT ${sums} FROM followup_day d WHERE d.live = 1 AND d.next_on <= @until`, {});
  const own = get(
    `SELECT ${sums} FROM followup_day d WHERE ${s.ownerSql('d.owner_id')} AND d.live = 1 AND d.next_on <= @until`,
    s.params,
  );
  if (!s.delegated) return own;
  const delegated = get(
    `SELECT ${sums} FROM (SELECT f.next_on, 1 AS n
       FROM ${s.delegatedIds} CROSS JOIN followup_due f ON f.customer_id = j.value
       WHERE f.live = 1 AND f.next_on <= @until) d`,
    s.params,
  );
  return {
    overdue: own.overdue + delegated.overdue,
    today: own.today + delegated.today,
    upcoming: own.upcoming + delegated.upcoming,
  };
}

function followups(ctx: Ctx, ownerId: number | null, offset: number, limit: number): FollowupList {
  const now = today(ctx);
  const s = counterScope(ctx, ownerId);
  const params = { today: now, until: addDays(now, FOLLOWUP_AHEAD_DAYS), limit, offset };
  // Soonest first, read in index order: the administrator's from followup_due_next (or
  // followup_due_owner for one 业务员); a salesperson's own from followup_due_owner merged with
  // their delegated customers' (a few) — never a sort of every open follow-up.
  const base = `SELECT f.customer_id, f.record_id, f.next_on FROM followup_due f`;
  let open: string;
  let scope: Record<string, unknown> = {};
  if (s.owners === null) open = `${base} WHERE f.live = 1 AND f.next_on <= @until`;
  else {
    // One 业务员 (a filter, or a salesperson), or each member of a team or 部门.
    open = `${base} WHERE ${s.ownerSql('f.owner_id')} AND f.live = 1 AND f.next_on <= @until`;
    if (s.delegated)
      open += ` UNION ALL SELECT f.customer_id, f.record_id, f.next_on
        FROM ${s.delegatedIds} CROSS JOIN followup_due f ON f.customer_id = j.value
        WHERE f.live = 1 AND f.next_on <= @until`;
    scope = s.params;
  }
  const rows = ctx.db
    .prepare<Record<string, unknown>, FollowupDue>(
      `SELECT f.customer_id AS customerId, c.name AS customerName,
         coalesce(k.name, (SELECT p.name FROM contact p WHERE p.customer_id = f.customer_id
                           ORDER BY p.is_primary DESC, p.id LIMIT 1)) AS contactName,
         r.id AS recordId, r.content, r.method, f.next_on AS nextOn, r.next_time AS nextTime,
         CAST(julianday(f.next_on) - julianday(@today) AS INTEGER) AS daysLeft,
         a.name AS authorName, c.owner_id AS ownerId, o.name AS ownerName
       FROM (${open} ORDER BY 3, 1 LIMIT @limit OFFSET @offset) f
         JOIN customer c ON c.id = f.customer_id
         JOIN record r ON r.id = f.record_id
         JOIN staff o ON o.id = c.owner_id
         LEFT JOIN contact k ON k.id = r.contact_id
         LEFT JOIN staff a ON a.id = r.author_id
       ORDER BY f.next_on, coalesce(r.next_time, '09:00'), f.customer_id`,
    )
    .all({ ...params, ...scope });
  return { today: now, rows, counts: followupCounts(ctx, ownerId, s) };
}

/**
 * 年费到期 (the sums of 年费催缴, 0012), 欠款 and this month's numbers from counters kept by triggers: money_day and
 * followup_activity (0011), arrears_count and customer_arrears (0010), customer_day (0009) and
 * customer_count (0005) — a salesperson's delegated customers added from the base tables.
 */
function summary(ctx: Ctx, ownerId: number | null): WorkbenchSummary {
  const now = today(ctx);
  const monthStart = `${now.slice(0, 8)}01`;
  const days = readSettings(ctx).feeWindowDays;
  const s = counterScope(ctx, ownerId);
  const get = <T>(sql: string, params: Record<string, unknown>) =>
    ctx.db.prepare<Record<string, unknown>, T>(sql).get({ ...s.params, ...params })!;
  const delegated = (sql: string) => (s.delegated ? ` UNION ALL ${sql}` : '');

  // 年费到期: the totals of 年费催缴's default view (tab 9), from the same sums (0012).
  const { days: _window, ...fees } = feeTotals(ctx, {
    days,
    ownerId: ctx.user.role === 'sales' ? null : ownerId,
    from: null,
    to: null,
  });
  const arrears = get<WorkbenchSummary['arrears']>(
    `SELECT coalesce(sum(customers), 0) AS customers, coalesce(sum(purchases), 0) AS purchases,
       coalesce(sum(cents), 0) AS arrearsCents
     FROM (SELECT a.customers, a.purchases, a.due_cents - a.paid_cents AS cents FROM arrears_count a
           WHERE ${s.counters('a')}
           ${delegated(`SELECT 1, x.purchases, x.arrears_cents
              FROM ${s.delegatedIds} CROSS JOIN customer_arrears x ON x.customer_id = j.value`)}) u`,
    {},
  );

  const byStatus = statusCounts(ctx, ownerId);
  const newCustomers = newCustomersBetween(ctx, s, monthStart, now);
  const money = get<{ sales: number; collected: number }>(
    `SELECT coalesce(sum(sales), 0) AS sales, coalesce(sum(collected), 0) AS collected
     FROM (SELECT d.sales_cents AS sales, d.collected_cents AS collected FROM money_day d
           WHERE ${s.counters('d')} AND d.day >= @from AND d.day <= @today
           ${delegated(`SELECT p.amount_due_cents, 0
              FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
              WHERE p.purchased_on >= @from AND p.purchased_on <= @today`)}
           ${delegated(`SELECT 0, m.amount_cents
              FROM ${s.delegatedIds} CROSS JOIN purchase p INDEXED BY purchase_customer ON p.customer_id = j.value
                CROSS JOIN payment m INDEXED BY payment_purchase ON m.purchase_id = p.id
              WHERE m.paid_on >= @from AND m.paid_on <= @today`)}) u`,
    { from: monthStart, today: now },
  );
  const followupsWritten = get<{ n: number }>(
    `SELECT coalesce(sum(n), 0) AS n
     FROM (SELECT f.n FROM followup_activity f WHERE ${s.counters('f')} AND f.day >= @from AND f.day <= @today
           ${delegated(`SELECT 1
              FROM ${s.delegatedIds} CROSS JOIN record r INDEXED BY record_customer ON r.customer_id = j.value
              WHERE r.at >= @fromAt AND r.at < @untilAt AND r.kind = 'followup'`)}) u`,
    { from: monthStart, today: now, fromAt: localDayStart(monthStart), untilAt: localDayStart(addDays(now, 1)) },
  ).n;

  return {
    today: now,
    followups: followupCounts(ctx, ownerId, s),
    fees: { days, ...fees },
    arrears,
    month: now.slice(0, 7),
    numbers: {
      customers: byStatus.reduce((t, x) => t + x.n, 0),
      byStatus,
      newCustomers,
      salesCents: money.sales,
      collectedCents: money.collected,
      followups: followupsWritten,
    },
  };
}

/**
 * Live customers the user may see per 客户状态, from the counters (customer_count, 0005) — or one
 * 业务员's own, when the administrator filters. Every status is listed, empty ones with 0.
 */
/** Live customers the user may see created between two days: the per-day counters (customer_day). */
function newCustomersBetween(ctx: Ctx, s: CounterScope, from: string, to: string): number {
  return ctx.db
    .prepare<Record<string, unknown>, { n: number }>(
      `SELECT coalesce(sum(n), 0) AS n
       FROM (SELECT d.n FROM customer_day d WHERE ${s.counters('d')} AND d.created_on >= @from AND d.created_on <= @to
             ${
               s.delegated
                 ? `UNION ALL SELECT 1 FROM ${s.delegatedIds} CROSS JOIN customer c ON c.id = j.value
                    WHERE c.created_on >= @from AND c.created_on <= @to`
                 : ''
             }) u`,
    )
    .get({ ...s.params, from, to })!.n;
}

export function statusCounts(ctx: Ctx, ownerId: number | null, departmentId: number | null = null) {
  const statuses = ctx.db
    .prepare<[], { id: number; name: string }>('SELECT id, name FROM customer_status ORDER BY sort_order, id')
    .all();
  let counts: Map<number, number>;
  // Narrowed to a 业务员 or a 部门 (administrator, or a manager within the team): their counters.
  const owners = statsOwners(ctx, { ownerId, departmentId });
  if (owners !== null) {
    const rows = ctx.db
      .prepare<[string], { status_id: number; n: number }>(
        `SELECT status_id, sum(n) AS n FROM customer_count
         WHERE owner_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('?', 'j')}) AND deleted = 0
         GROUP BY status_id`,
      )
      .all(JSON.stringify(owners));
    counts = new Map(rows.map((r) => [r.status_id, r.n]));
  } else counts = visibleCountsByStatus(ctx);
  return statuses.map((s) => ({ statusId: s.id, statusName: s.name, n: counts.get(s.id) ?? 0 }));
}

export const workbenchHandlers: HandlersOf<'workbench'> = {
  'workbench.followups': (ctx, input) => followups(ctx, input.ownerId, input.offset, input.limit),
  'workbench.summary': (ctx, input) => summary(ctx, input.ownerId),
};
