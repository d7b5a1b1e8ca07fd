/**
 * Who a 工作台 or 销售统计 aggregate counts, for reading the counters of 0011 (and 0009, 0010):
 * the counters are kept per (live, 业务员), so
 * - the administrator's whole office is every live counter row;
 * - one 业务员 (the administrator's filter, or a salesperson's own customers) is that owner's
 *   live rows;
 * - a salesperson also sees the customers delegated to them (active today, owned by someone
 *   else): those are added from the base tables through the per-customer indexes — a few hundred
 *   customers at most, and an expiry needs no counter update (as in db/visibility.ts).
 * Rows read from a base table's date index (a partial first or last month) are scoped by `rows`,
 * which names the same customers as `counters` (not the delegated ones).
 */
import { today, type Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { activeDelegationsSql } from '../visibility.js';

export interface CounterScope {
  /** The condition on a counter table's alias (columns live, owner_id). */
  counters: (alias: string) => string;
  /** Whether `counters` names one 业务员 (an owner index is the better path). */
  oneOwner: boolean;
  /** The same customers as a condition on a base table's customer-id column. */
  rows: (column: string) => string;
  /**
   * Whether there are customers seen through a delegation only (a salesperson's, live, owned by
   * someone else): their ids are the JSON array @sc_delegated, read once per call and joined as
   * `${delegatedIds} CROSS JOIN <table> ON <table>.customer_id = j.value` — each
   * table through its per-customer index, never a scan of a date range checking membership.
   */
  delegated: boolean;
  /** The FROM item of @sc_delegated's ids (`j`, column `value`), in the engine's dialect. */
  delegatedIds: string;
  params: Record<string, unknown>;
}

export function counterScope(ctx: Ctx, ownerId: number | null): CounterScope {
  const delegatedIds = dialectOf(ctx.db).jsonIds('@sc_delegated', 'j');
  if (ctx.user.role === 'admin' && ownerId === null)
    return {
      counters: (a) => `${a}.live = 1`,
      oneOwner: false,
      rows: (col) => `${col} NOT IN (SELECT id FROM customer WHERE deleted_at IS NOT NULL)`,
      delegated: false,
      delegatedIds,
      params: {},
    };
  const base = {
    counters: (a: string) => `${a}.live = 1 AND ${a}.owner_id = @sc_owner`,
    oneOwner: true,
    rows: (col: string) =>
      `EXISTS (SELECT 1 FROM customer sc WHERE sc.id = ${col} AND sc.owner_id = @sc_owner AND sc.deleted_at IS NULL)`,
  };
  if (ctx.user.role === 'admin') return { ...base, delegated: false, delegatedIds, params: { sc_owner: ownerId } };
  const vis = { vis_me: ctx.user.id, vis_today: today(ctx) };
  const ids = ctx.db
    .prepare<Record<string, unknown>, number>(
      `SELECT dc.id FROM customer dc
       WHERE dc.id IN (${activeDelegationsSql}) AND dc.owner_id <> @vis_me AND dc.deleted_at IS NULL`,
    )
    .pluck()
    .all(vis);
  return {
    ...base,
    delegated: ids.length > 0,
    delegatedIds,
    params: { ...vis, sc_owner: ctx.user.id, sc_delegated: JSON.stringify(ids) },
  };
}
