/**
 * 业绩目标's reads (0018's sales_target), shared by targets.* (db/handlers/targets.ts) and
 * 销售统计 (db/handlers/stats-targets.ts): whom the user may set targets for, a year's cells,
 * the targets of a set of 业务员 per month, and what they did — 销售额 (应付 by 购买日期) and
 * 回款额 (收款 by 收款日期) of the customers each owns, from money_day (0011), never a scan.
 *
 * A 部门's target is its own (department_id rows) when one is set for that month, else the sum
 * of its members' and its 小组's members'.
 */
import type { TargetCell, TargetDepartment, TargetPerson } from '../../core/contract.js';
import { tokenOf } from '../batch.js';
import type { Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { forbidden } from '../errors.js';
import { teamOf } from '../visibility.js';

interface TreeDept {
  id: number;
  name: string;
  parentId: number | null;
}
interface TreeStaff {
  id: number;
  name: string;
  departmentId: number | null;
  role: string;
  active: number;
}

/** The 部门 tree and every member of staff (a few dozen rows). */
function loadTree(ctx: Ctx): { depts: TreeDept[]; staff: TreeStaff[] } {
  return {
    depts: ctx.db
      .prepare<[], TreeDept>('SELECT id, name, parent_id AS parentId FROM department ORDER BY name, id')
      .all(),
    staff: ctx.db
      .prepare<[], TreeStaff>('SELECT id, name, department_id AS departmentId, role, active FROM staff ORDER BY id')
      .all(),
  };
}

function subtree(depts: TreeDept[], root: number): Set<number> {
  const out = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of depts)
      if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
  }
  return out;
}

export interface TargetScope {
  people: TargetPerson[];
  departments: TargetDepartment[];
}

/**
 * Whom the user may set targets for: the administrator everyone who sells (业务员 and 销售经理,
 * those no longer 在职 only when they have targets this year) and every 部门; a 销售经理 the
 * members of their 部门 and its 小组 and those 部门; a 业务员 nobody (refused).
 */
export function targetScope(ctx: Ctx, year: number): TargetScope {
  if (ctx.user.role === 'sales') throw forbidden('只有管理员或销售经理可以查看和设置业绩目标');
  const { depts, staff } = loadTree(ctx);
  const withTargets = new Set(
    ctx.db
      .prepare<[number], number>('SELECT DISTINCT staff_id FROM sales_target WHERE year = ? AND staff_id IS NOT NULL')
      .pluck()
      .all(year),
  );
  let deptIds: Set<number>;
  let sellers = staff.filter((s) => s.role !== 'admin' && (s.active || withTargets.has(s.id)));
  if (ctx.user.role === 'manager') {
    const team = new Set(teamOf(ctx));
    sellers = staff.filter((s) => team.has(s.id) && (s.active || withTargets.has(s.id)));
    const own = staff.find((s) => s.id === ctx.user.id)?.departmentId ?? null;
    deptIds = own === null ? new Set() : subtree(depts, own);
  } else deptIds = new Set(depts.map((d) => d.id));
  const departments = depts
    .filter((d) => deptIds.has(d.id))
    .map((d) => {
      const under = subtree(depts, d.id);
      return {
        departmentId: d.id,
        name: d.name,
        parentId: d.parentId,
        members: sellers.filter((s) => s.departmentId !== null && under.has(s.departmentId)).map((s) => s.id),
      };
    });
  return {
    people: sellers.map((s) => ({ staffId: s.id, name: s.name, departmentId: s.departmentId, active: !!s.active })),
    departments,
  };
}

interface TargetDbRow {
  id: number;
  version: number;
  staffId: number | null;
  departmentId: number | null;
  month: number;
  salesCents: number;
  collectedCents: number;
}

/** Every target row of a year (a few hundred at most), and the year's token. */
export function yearRows(ctx: Ctx, year: number): { rows: TargetDbRow[]; token: string } {
  const rows = ctx.db
    .prepare<[number], TargetDbRow>(
      `SELECT id, version, staff_id AS staffId, department_id AS departmentId, month, sales_cents AS salesCents,
         collected_cents AS collectedCents
       FROM sales_target WHERE year = ? ORDER BY id`,
    )
    .all(year);
  return { rows, token: tokenOf(rows) };
}

/** The cells of a year the scope shows. */
export function yearCells(rows: TargetDbRow[], scope: TargetScope): TargetCell[] {
  const people = new Set(scope.people.map((p) => p.staffId));
  const depts = new Set(scope.departments.map((d) => d.departmentId));
  return rows
    .filter((r) => (r.staffId !== null ? people.has(r.staffId) : depts.has(r.departmentId!)))
    .map((r) => ({
      staffId: r.staffId,
      departmentId: r.departmentId,
      month: r.month,
      salesCents: r.salesCents,
      collectedCents: r.collectedCents,
    }));
}

export interface MonthSums {
  sales: number;
  collected: number;
  /** Whether any target was set (a target of 0 is a target; none at all is not). */
  set: boolean;
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** The months ('YYYY-MM') from..to (both 'YYYY-MM'). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number);
  for (let k = monthKey(y, m); k <= to; k = monthKey(y, m)) {
    out.push(k);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The targets of 业务员 (owners; null: everyone's) per month of [fromMonth, toMonth] and, with
 * `byOwner`, per owner: Map key 'YYYY-MM' or 'YYYY-MM|owner'.
 */
export function staffTargets(
  ctx: Ctx,
  owners: number[] | null,
  fromMonth: string,
  toMonth: string,
  byOwner = false,
): Map<string, MonthSums> {
  const out = new Map<string, MonthSums>();
  if (owners !== null && owners.length === 0) return out;
  const params: Record<string, unknown> = {
    fromY: Number(fromMonth.slice(0, 4)),
    fromYM: Number(fromMonth.slice(0, 4)) * 100 + Number(fromMonth.slice(5, 7)),
    toY: Number(toMonth.slice(0, 4)),
    toYM: Number(toMonth.slice(0, 4)) * 100 + Number(toMonth.slice(5, 7)),
  };
  let own = 'staff_id IS NOT NULL';
  if (owners !== null) {
    own = `staff_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@owners', 'o')})`;
    params.owners = JSON.stringify(owners);
  }
  const rows = ctx.db
    .prepare<
      Record<string, unknown>,
      { year: number; month: number; staffId: number; salesCents: number; collectedCents: number }
    >(
      `SELECT year, month, staff_id AS staffId, sales_cents AS salesCents, collected_cents AS collectedCents
       FROM sales_target
       WHERE year >= @fromY AND year <= @toY AND year * 100 + month >= @fromYM AND year * 100 + month <= @toYM AND ${own}`,
    )
    .all(params);
  for (const r of rows) {
    const key = byOwner ? `${monthKey(r.year, r.month)}|${r.staffId}` : monthKey(r.year, r.month);
    const s = out.get(key) ?? { sales: 0, collected: 0, set: false };
    out.set(key, { sales: s.sales + r.salesCents, collected: s.collected + r.collectedCents, set: true });
  }
  return out;
}

/** A 部门's own targets per month of [fromMonth, toMonth]. */
export function departmentTargets(
  ctx: Ctx,
  departmentId: number,
  fromMonth: string,
  toMonth: string,
): Map<string, MonthSums> {
  const rows = ctx.db
    .prepare<[number, number, number], { year: number; month: number; salesCents: number; collectedCents: number }>(
      `SELECT year, month, sales_cents AS salesCents, collected_cents AS collectedCents FROM sales_target
       WHERE department_id = ? AND year * 100 + month >= ? AND year * 100 + month <= ?`,
    )
    .all(
      departmentId,
      Number(fromMonth.slice(0, 4)) * 100 + Number(fromMonth.slice(5, 7)),
      Number(toMonth.slice(0, 4)) * 100 + Number(toMonth.slice(5, 7)),
    );
  return new Map(
    rows.map((r) => [monthKey(r.year, r.month), { sales: r.salesCents, collected: r.collectedCents, set: true }]),
  );
}

/**
 * What 业务员 (owners; null: everyone) did in [from, to] (local days), from money_day: 销售额
 * and 回款额 of the live customers each owns — per month ('YYYY-MM'), or per owner.
 */
export function doneSums(
  ctx: Ctx,
  owners: number[] | null,
  from: string,
  to: string,
  by: 'month' | 'owner',
): Map<string, { sales: number; collected: number }> {
  const out = new Map<string, { sales: number; collected: number }>();
  if (owners !== null && owners.length === 0) return out;
  const params: Record<string, unknown> = { from, to };
  let own = '';
  if (owners !== null) {
    own = `AND d.owner_id IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@owners', 'o')})`;
    params.owners = JSON.stringify(owners);
  }
  const key = by === 'month' ? 'substr(d.day, 1, 7)' : 'd.owner_id';
  const rows = ctx.db
    .prepare<Record<string, unknown>, { k: string | number; sales: number; collected: number }>(
      `SELECT ${key} AS k, sum(d.sales_cents) AS sales, sum(d.collected_cents) AS collected FROM money_day d
       WHERE d.live = 1 AND d.day >= @from AND d.day <= @to ${own} GROUP BY ${key}`,
    )
    .all(params);
  for (const r of rows) out.set(String(r.k), { sales: r.sales, collected: r.collected });
  return out;
}

export { monthKey };
