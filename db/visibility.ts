import { today, type Ctx } from './context.js';
import { dialectOf } from './engine/dialect.js';
import { forbidden, notFound } from './errors.js';
import { writeLog } from './oplog.js';
import { poolOwnerId } from './pool/owner.js';

/**
 * The one visibility rule, used by every customer query: an administrator sees every customer;
 * a 销售经理 (manager) sees the customers owned by every member of their 部门 and its 小组 (their
 * team, themselves included) plus those delegated to them; a salesperson sees those they own plus
 * those delegated to them — delegations active today (started, not ended, not revoked).
 *
 * Returns an SQL condition on the customer alias and its named parameters (prefixed `vis_`).
 * Code that must not assume every customer has an owner (the 公海 to come) tests ownership
 * through ownedSql, which never matches a NULL owner.
 */
export function visibleCustomers(ctx: Ctx, alias = 'c'): { sql: string; params: Record<string, unknown> } {
  if (ctx.user.role === 'admin') return { sql: '1 = 1', params: {} };
  return {
    sql: `(${ownedSql(ctx, `${alias}.owner_id`)} OR ${alias}.id IN (${activeDelegationsSql}))`,
    params: visibilityParams(ctx),
  };
}

/** Customer ids delegated to @vis_me and active on @vis_today. */
export const activeDelegationsSql = `SELECT d.customer_id FROM delegation d
  WHERE d.to_id = @vis_me AND d.revoked_at IS NULL AND d.start_on <= @vis_today
    AND (d.end_on IS NULL OR d.end_on >= @vis_today)`;

/**
 * The 部门 with id `departmentId` and every 小组 below it, as ids (a small table: one recursive
 * walk of department_parent). Shared by both engines.
 */
export function departmentSubtree(ctx: Ctx, departmentId: number): number[] {
  return ctx.db
    .prepare<[number], number>(
      `WITH RECURSIVE sub (id) AS (
         SELECT id FROM department WHERE id = ?
         UNION SELECT d.id FROM department d JOIN sub ON d.parent_id = sub.id)
       SELECT id FROM sub ORDER BY id`,
    )
    .pluck()
    .all(departmentId);
}

/** The members (active or not) of a 部门 and of its 小组. */
export function departmentMembers(ctx: Ctx, departmentId: number): number[] {
  const ids = departmentSubtree(ctx, departmentId);
  if (!ids.length) return [];
  return ctx.db
    .prepare<[string], number>(
      `SELECT s.id FROM staff s WHERE s.department_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('?', 'j')})
       ORDER BY s.id`,
    )
    .pluck()
    .all(JSON.stringify(ids));
}

const teams = new WeakMap<Ctx, number[]>();

/**
 * A 销售经理's team: every member of their 部门 and its 小组, themselves always included (read
 * once per call: the tree and the memberships are a few dozen rows). Anyone else: themselves.
 */
export function teamOf(ctx: Ctx): number[] {
  const known = teams.get(ctx);
  if (known) return known;
  let team = [ctx.user.id];
  if (ctx.user.role === 'manager') {
    const dept = ctx.db
      .prepare<[number], number | null>('SELECT department_id FROM staff WHERE id = ?')
      .pluck()
      .get(ctx.user.id);
    if (dept != null) team = [...new Set([ctx.user.id, ...departmentMembers(ctx, dept)])].sort((a, b) => a - b);
  }
  teams.set(ctx, team);
  return team;
}

/** Whether a customer owned by `ownerId` is the user's by ownership (their own, or their team's). */
export function ownsAsTeam(ctx: Ctx, ownerId: number | null): boolean {
  if (ctx.user.role === 'admin') return true;
  return ownerId !== null && teamOf(ctx).includes(ownerId);
}

/** The parameters of visibleCustomers and of the fragments below (`vis_me`, `vis_today`, `vis_team`). */
export function visibilityParams(ctx: Ctx): Record<string, unknown> {
  if (ctx.user.role === 'admin') return {};
  const params: Record<string, unknown> = { vis_me: ctx.user.id, vis_today: today(ctx) };
  if (ctx.user.role === 'manager') params.vis_team = JSON.stringify(teamOf(ctx));
  return params;
}

/**
 * SQL: the owner column `col` is the user's by ownership — their own (a salesperson), their
 * team's (a manager: an IN over the JSON array @vis_team, each id a seek of the owner index), or
 * anyone's (an administrator). A NULL owner is nobody's.
 */
export function ownedSql(ctx: Ctx, col: string): string {
  if (ctx.user.role === 'admin') return `${col} IS NOT NULL`;
  if (ctx.user.role === 'manager')
    return `${col} IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@vis_team', 'vis_t')})`;
  return `${col} = @vis_me`;
}

/** SQL: the owner column `col` is not the user's by ownership (see ownedSql); a NULL owner counts as not. */
export function notOwnedSql(ctx: Ctx, col: string): string {
  if (ctx.user.role === 'admin') return '1 = 0';
  return `(${col} IS NULL OR NOT ${ownedSql(ctx, col)})`;
}

/**
 * Customers the user may see, counted per status (the 客户状态 tree, the grid's total) without
 * counting customers: an administrator's are the sums of the counters of 0005 (customer_count,
 * kept by triggers); a salesperson's are their own counters (a manager's, the counters of each
 * member of the team) plus their active delegations of customers they (their team) do not own, read through the delegation_to index — so expiry needs no update.
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
  const params = visibilityParams(ctx);
  // A manager's: the per-owner counters of each member of the team (a seek each).
  add(
    ctx.db
      .prepare<Record<string, unknown>, { status_id: number; n: number }>(
        `SELECT status_id, sum(n) AS n FROM customer_count WHERE ${ownedSql(ctx, 'owner_id')} AND deleted = 0
         GROUP BY status_id`,
      )
      .all(params),
  );
  add(
    ctx.db
      .prepare<Record<string, unknown>, { status_id: number; n: number }>(
        `SELECT c.status_id, count(DISTINCT c.id) AS n
         FROM delegation d CROSS JOIN customer c ON c.id = d.customer_id
         WHERE d.to_id = @vis_me AND d.revoked_at IS NULL AND d.start_on <= @vis_today
           AND (d.end_on IS NULL OR d.end_on >= @vis_today)
           AND ${notOwnedSql(ctx, 'c.owner_id')} AND c.deleted_at IS NULL
         GROUP BY c.status_id`,
      )
      .all(params),
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
  return ctx.user.role === 'admin' ? '0' : `(CASE WHEN ${notOwnedSql(ctx, `${alias}.owner_id`)} THEN 1 ELSE 0 END)`;
}

export interface CustomerAccess {
  id: number;
  ownerId: number;
  name: string;
  /** Seen only through a delegation: may follow up, but not delete, re-delegate or change owner. */
  delegated: boolean;
  deleted: boolean;
  /** In the 公海 (read by everyone; written by nobody until someone claims it). */
  pool: boolean;
}

/**
 * Loads a customer the user may see, or throws "not found / not permitted" without telling
 * which. Every handler that touches one customer's data starts here. A customer in the 公海 is
 * seen by everyone signed in, but only a read (`read: true`: the tabs' lists, 资料卡, exports)
 * may load it: a write is refused with the reason (领取 first).
 */
export function accessCustomer(
  ctx: Ctx,
  id: number,
  opts: { allowDeleted?: boolean; read?: boolean } = {},
): CustomerAccess {
  const vis = visibleCustomers(ctx);
  const pool = poolOwnerId(ctx.db) ?? -1;
  const row = ctx.db
    .prepare<
      Record<string, unknown>,
      { id: number; owner_id: number; name: string; deleted_at: string | null; delegated: number }
    >(
      `SELECT c.id, c.owner_id, c.name, c.deleted_at, ${delegatedExpr(ctx)} AS delegated
       FROM customer c WHERE c.id = @id AND (${vis.sql} OR c.owner_id = @vis_pool)`,
    )
    .get({ id, ...vis.params, vis_pool: pool });
  if (!row || (row.deleted_at && !opts.allowDeleted)) throw notFound('客户');
  const inPool = row.owner_id === pool;
  if (inPool && !opts.read) throw forbidden(`客户“${row.name}”在公海中，请先领取`);
  return {
    id: row.id,
    ownerId: row.owner_id,
    name: row.name,
    delegated: !!row.delegated && !inPool,
    deleted: !!row.deleted_at,
    pool: inPool,
  };
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
 * - narrowed to owners (`narrow`, from statsOwners: one 业务员, or a 部门's members): those
 *   owners' live customers (customer_live_owner) — ownership only, like the grid's 业务员 column;
 * - a salesperson or a manager without a narrower filter: their (team's) own live customers plus
 *   those actively delegated to them.
 * Parameters are prefixed `vis_`.
 */
export function visibleCustomerIds(
  ctx: Ctx,
  column: string,
  narrow: number | number[] | null = null,
): { sql: string; params: Record<string, unknown> } {
  // Never wider than the user's view: a salesperson's filter is ignored, a manager's kept within the team.
  let owners = typeof narrow === 'number' ? [narrow] : narrow;
  if (ctx.user.role === 'sales') owners = null;
  if (ctx.user.role === 'manager' && owners) owners = owners.filter((o) => teamOf(ctx).includes(o));
  if (ctx.user.role === 'admin' && owners === null)
    return { sql: `${column} NOT IN (SELECT id FROM customer WHERE deleted_at IS NOT NULL)`, params: {} };
  if (owners !== null)
    return {
      sql: `${column} IN (SELECT id FROM customer WHERE owner_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@vis_owners', 'vis_o')}) AND deleted_at IS NULL)`,
      params: { vis_owners: JSON.stringify(owners) },
    };
  return {
    sql: `${column} IN (SELECT id FROM customer WHERE ${ownedSql(ctx, 'owner_id')} AND deleted_at IS NULL
       UNION SELECT c.id FROM customer c WHERE c.deleted_at IS NULL AND c.id IN (${activeDelegationsSql}))`,
    params: visibilityParams(ctx),
  };
}

/**
 * Whose customers a 工作台 or 销售统计 figure counts by ownership, from its filters (业务员,
 * 部门): null = the user's whole view (an administrator's office; a salesperson's or manager's
 * own or team's customers plus their delegations); else the owners it is narrowed to — a
 * manager's filters only ever narrow within the team, and a salesperson's are ignored (they see
 * nothing else anyway).
 */
export function statsOwners(
  ctx: Ctx,
  filter: { ownerId?: number | null; departmentId?: number | null },
): number[] | null {
  if (ctx.user.role === 'sales') return null;
  const ownerId = filter.ownerId ?? null;
  const departmentId = filter.departmentId ?? null;
  if (ownerId === null && departmentId === null) return null;
  let owners = departmentId !== null ? departmentMembers(ctx, departmentId) : null;
  if (ownerId !== null) owners = owners === null || owners.includes(ownerId) ? [ownerId] : [];
  if (ctx.user.role === 'manager') {
    const team = teamOf(ctx);
    owners = owners!.filter((o) => team.includes(o));
  }
  return owners;
}

/**
 * SQL: who sees the customers whose ids are the JSON array @ids — their owners, their delegates
 * and the 销售经理 of each owner's 部门 or of any 部门 above it (the office server sends a change
 * event only to them and to administrators). Indexed look-ups; the department walk is a few rows.
 */
export function watchersSql(db: Ctx['db']): string {
  const ids = dialectOf(db).jsonIds('@ids', 'j');
  return `SELECT owner_id AS id FROM customer WHERE id IN (SELECT value FROM ${ids}) AND owner_id IS NOT NULL
   UNION SELECT to_id FROM delegation WHERE customer_id IN (SELECT value FROM ${ids}) AND revoked_at IS NULL
   UNION SELECT m.id FROM staff m WHERE m.role = 'manager' AND m.department_id IN (
     WITH RECURSIVE up (id) AS (
       SELECT s.department_id FROM staff s
       WHERE s.department_id IS NOT NULL
         AND s.id IN (SELECT owner_id FROM customer WHERE id IN (SELECT value FROM ${ids}))
       UNION SELECT d.parent_id FROM department d JOIN up ON d.id = up.id WHERE d.parent_id IS NOT NULL)
     SELECT id FROM up)`;
}
