import { today, type Ctx } from './context.js';
import { notFound } from './errors.js';
import { writeLog } from './oplog.js';

/**
 * The one visibility rule, used by every customer query: an administrator sees every customer;
 * a salesperson sees those they own plus those delegated to them that are active today
 * (started, not ended, not revoked).
 *
 * Returns an SQL condition on the customer alias and its named parameters (prefixed `vis_`).
 */
export function visibleCustomers(ctx: Ctx, alias = 'c'): { sql: string; params: Record<string, unknown> } {
  if (ctx.user.role === 'admin') return { sql: '1 = 1', params: {} };
  return {
    sql: `(${alias}.owner_id = @vis_me OR ${alias}.id IN (${activeDelegationsSql}))`,
    params: { vis_me: ctx.user.id, vis_today: today(ctx) },
  };
}

/** Customer ids delegated to @vis_me and active on @vis_today. */
export const activeDelegationsSql = `SELECT d.customer_id FROM delegation d
  WHERE d.to_id = @vis_me AND d.revoked_at IS NULL AND d.start_on <= @vis_today
    AND (d.end_on IS NULL OR d.end_on >= @vis_today)`;

/**
 * Customers the user may see, counted per status (the 客户状态 tree, the grid's total) without
 * counting customers: an administrator's are the sums of the counters of 0005 (customer_count,
 * kept by triggers); a salesperson's are their own counters plus their active delegations of
 * customers they do not own, read through the delegation_to index — so expiry needs no update.
 * `deleted`: the recycle bin instead (administrators only; the caller checks).
 */
export function visibleCountsByStatus(ctx: Ctx, opts: { deleted?: boolean } = {}): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (rows: { status_id: number; n: number }[]) =>
    rows.forEach((r) => counts.set(r.status_id, (counts.get(r.status_id) ?? 0) + r.n));
  const deleted = opts.deleted ? 1 : 0;
  if (ctx.user.role === 'admin' || deleted) {
    add(
      ctx.db
        .prepare<[number], { status_id: number; n: number }>(
          'SELECT status_id, sum(n) AS n FROM customer_count WHERE deleted = ? GROUP BY status_id',
        )
        .all(deleted),
    );
    return counts;
  }
  const vis = visibleCustomers(ctx);
  add(
    ctx.db
      .prepare<Record<string, unknown>, { status_id: number; n: number }>(
        'SELECT status_id, n FROM customer_count WHERE owner_id = @vis_me AND deleted = 0',
      )
      .all(vis.params),
  );
  add(
    ctx.db
      .prepare<Record<string, unknown>, { status_id: number; n: number }>(
        `SELECT c.status_id, count(DISTINCT c.id) AS n
         FROM delegation d CROSS JOIN customer c ON c.id = d.customer_id
         WHERE d.to_id = @vis_me AND d.revoked_at IS NULL AND d.start_on <= @vis_today
           AND (d.end_on IS NULL OR d.end_on >= @vis_today)
           AND c.owner_id <> @vis_me AND c.deleted_at IS NULL
         GROUP BY c.status_id`,
      )
      .all(vis.params),
  );
  return counts;
}

/** How many customers the user may see in a status (or in all, statusId null): see above. */
export function visibleCount(ctx: Ctx, statusId: number | null, opts: { deleted?: boolean } = {}): number {
  const counts = visibleCountsByStatus(ctx, opts);
  if (statusId !== null) return counts.get(statusId) ?? 0;
  let total = 0;
  counts.forEach((n) => (total += n));
  return total;
}

/** SQL expression: 1 when the row is seen through a delegation rather than ownership. */
export function delegatedExpr(ctx: Ctx, alias = 'c'): string {
  return ctx.user.role === 'admin' ? '0' : `(${alias}.owner_id <> @vis_me)`;
}

export interface CustomerAccess {
  id: number;
  ownerId: number;
  name: string;
  /** Seen only through a delegation: may follow up, but not delete, re-delegate or change owner. */
  delegated: boolean;
  deleted: boolean;
}

/**
 * Loads a customer the user may see, or throws "not found / not permitted" without telling
 * which. Every handler that touches one customer's data starts here.
 */
export function accessCustomer(ctx: Ctx, id: number, opts: { allowDeleted?: boolean } = {}): CustomerAccess {
  const vis = visibleCustomers(ctx);
  const row = ctx.db
    .prepare<
      Record<string, unknown>,
      { id: number; owner_id: number; name: string; deleted_at: string | null; delegated: number }
    >(
      `SELECT c.id, c.owner_id, c.name, c.deleted_at, ${delegatedExpr(ctx)} AS delegated
       FROM customer c WHERE c.id = @id AND ${vis.sql}`,
    )
    .get({ id, ...vis.params });
  if (!row || (row.deleted_at && !opts.allowDeleted)) throw notFound('客户');
  return { id: row.id, ownerId: row.owner_id, name: row.name, delegated: !!row.delegated, deleted: !!row.deleted_at };
}

/**
 * A delegation past its 结束日期 stops counting by itself (activeDelegationsSql compares dates);
 * its '授权已到期' line is written once, by the system, when the data host sweeps — at start and
 * every few minutes (server/host) — never by a read. The delegation table is small (a few per
 * customer on leave at a time), so one pass over its unrevoked rows is cheap.
 * Returns how many expiries were logged now.
 */
export function logExpiredDelegations(ctx: Ctx): number {
  const rows = ctx.db
    .prepare<{ today: string }, { id: number; customer_id: number; end_on: string; to_name: string }>(
      `SELECT d.id, d.customer_id, d.end_on, t.name AS to_name
       FROM delegation d JOIN staff t ON t.id = d.to_id
       WHERE d.revoked_at IS NULL AND d.expiry_logged = 0 AND d.end_on < @today
       ORDER BY d.id`,
    )
    .all({ today: today(ctx) });
  const mark = ctx.db.prepare('UPDATE delegation SET expiry_logged = 1 WHERE id = ? AND expiry_logged = 0');
  let logged = 0;
  for (const r of rows) {
    if (mark.run(r.id).changes !== 1) continue;
    writeLog(ctx, r.customer_id, `授权已到期：${r.to_name}（结束日期 ${r.end_on}）`, { bySystem: true });
    logged++;
  }
  return logged;
}

/**
 * The ids of the live customers the user may see, as an SQL condition on a customer-id column
 * of another table (purchase, record, status_change …), so that aggregates read that table's
 * index and never join the customer table row by row (工作台, 销售统计):
 * - an administrator, all: every id except the few soft-deleted ones (customer_deleted);
 * - an administrator filtering by a 业务员 (`ownerId`): that salesperson's live customers
 *   (customer_live_owner) — ownership only, like the grid's 业务员 column;
 * - a salesperson: their own live customers plus those actively delegated to them (`ownerId`
 *   is ignored: they see nothing else anyway).
 * Parameters are prefixed `vis_`.
 */
export function visibleCustomerIds(
  ctx: Ctx,
  column: string,
  ownerId: number | null = null,
): { sql: string; params: Record<string, unknown> } {
  if (ctx.user.role === 'admin' && ownerId === null)
    return { sql: `${column} NOT IN (SELECT id FROM customer WHERE deleted_at IS NOT NULL)`, params: {} };
  if (ctx.user.role === 'admin')
    return {
      sql: `${column} IN (SELECT id FROM customer WHERE owner_id = @vis_owner AND deleted_at IS NULL)`,
      params: { vis_owner: ownerId },
    };
  return {
    sql: `${column} IN (SELECT id FROM customer WHERE owner_id = @vis_me AND deleted_at IS NULL
       UNION SELECT c.id FROM customer c WHERE c.deleted_at IS NULL AND c.id IN (${activeDelegationsSql}))`,
    params: { vis_me: ctx.user.id, vis_today: today(ctx) },
  };
}
