/**
 * Who a 工作台 or 销售统计 aggregate counts, for reading the counters of 0011 (and 0009, 0010):
 * the counters are kept per (live, 业务员), so
 * - the administrator's whole office is every live counter row;
 * - one 业务员 (the administrator's filter, or a salesperson's own customers) is that owner's
 *   live rows; a 销售经理's team (or a 部门 filter: its members) is each member's live rows;
 * - a salesperson (a manager) also sees the customers delegated to them (active today, owned by
 *   someone outside the team): those are added from the base tables through the per-customer indexes — a few hundred
 *   customers at most, and an expiry needs no counter update (as in db/visibility.ts).
 * Rows read from a base table's date index (a partial first or last month) are scoped by `rows`,
 * which names the same customers as `counters` (not the delegated ones).
 */
import type { Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { activeDelegationsSql, notOwnedSql, statsOwners, teamOf, visibilityParams } from '../visibility.js';

export interface CounterScope {
  /** The owners counted by ownership; null = every customer (the administrator's whole office). */
  owners: number[] | null;
  /** The condition that an owner column is one of `owners`. */
  ownerSql: (col: string) => string;
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

export function counterScope(ctx: Ctx, ownerId: number | null, departmentId: number | null = null): CounterScope {
  const d = dialectOf(ctx.db);
  const delegatedIds = d.jsonIds('@sc_delegated', 'j');
  // Narrowed by a filter (业务员, 部门): those owners' customers only. Otherwise the user's view:
  // everyone's (administrator), the team's (销售经理) or their own (业务员), plus delegations.
  const narrowed = statsOwners(ctx, { ownerId, departmentId });
  const owners = narrowed ?? (ctx.user.role === 'admin' ? null : teamOf(ctx));
  if (owners === null)
    return {
      owners: null,
      ownerSql: () => '1 = 1',
      counters: (a) => `${a}.live = 1`,
      oneOwner: false,
      rows: (col) => `${col} NOT IN (SELECT id FROM customer WHERE deleted_at IS NOT NULL)`,
      delegated: false,
      delegatedIds,
      params: {},
    };
  const ownerSql = (col: string) =>
    owners.length === 0
      ? '1 = 0'
      : owners.length === 1
        ? `${col} = @sc_owner`
        : `${col} IN (SELECT value FROM ${d.jsonIds('@sc_owners', 'sc_o')})`;
  const base = {
    owners,
    ownerSql,
    counters: (a: string) => `${a}.live = 1 AND ${ownerSql(`${a}.owner_id`)}`,
    oneOwner: owners.length === 1,
    rows: (col: string) =>
      `EXISTS (SELECT 1 FROM customer sc WHERE sc.id = ${col} AND ${ownerSql('sc.owner_id')} AND sc.deleted_at IS NULL)`,
  };
  const ownerParams = { sc_owner: owners[0] ?? 0, sc_owners: JSON.stringify(owners) };
  if (narrowed !== null) return { ...base, delegated: false, delegatedIds, params: ownerParams };
  const vis = visibilityParams(ctx);
  const ids = ctx.db
    .prepare<Record<string, unknown>, number>(
      `SELECT dc.id FROM customer dc
       WHERE dc.id IN (${activeDelegationsSql}) AND ${notOwnedSql(ctx, 'dc.owner_id')} AND dc.deleted_at IS NULL`,
    )
    .pluck()
    .all(vis);
  return {
    ...base,
    delegated: ids.length > 0,
    delegatedIds,
    params: { ...vis, ...ownerParams, sc_delegated: JSON.stringify(ids) },
  };
}
