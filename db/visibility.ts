import { today, type Ctx } from './context.js';
import { notFound } from './errors.js';

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
const activeDelegationsSql = `SELECT d.customer_id FROM delegation d
  WHERE d.to_id = @vis_me AND d.revoked_at IS NULL AND d.start_on <= @vis_today
    AND (d.end_on IS NULL OR d.end_on >= @vis_today)`;

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
