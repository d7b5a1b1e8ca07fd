/**
 * Who may hand over whose customers, and to whom (交接): an administrator anyone's but their own,
 * to any active colleague; a 销售经理 a 业务员 of their 部门 (and its 小组), to members of it.
 * Every refusal says why; someone the caller may not manage is "not found", never named.
 */
import type { Role } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { badField, forbidden, notFound } from '../errors.js';
import { teamOf } from '../visibility.js';
import { DEPARTMENT_NAME_SQL } from '../handlers/staff.js';

export interface Leaver {
  id: number;
  name: string;
  role: Role;
  active: boolean;
  login: string | null;
  departmentName: string;
}

/** The member of staff whose customers would move, if the caller may hand them over. */
export function leaverFor(ctx: Ctx, fromId: number): Leaver {
  if (ctx.user.role === 'sales') throw forbidden('只有管理员或销售经理可以办理交接');
  const row = ctx.db
    .prepare<
      [number],
      { id: number; name: string; role: Role; active: number; login: string | null; department_name: string | null }
    >(
      `SELECT s.id, s.name, s.role, s.active, s.login, ${DEPARTMENT_NAME_SQL} AS department_name FROM staff s WHERE s.id = ?`,
    )
    .get(fromId);
  if (!row) throw badField('fromId', '交接人', '不存在');
  if (ctx.user.role === 'manager' && !teamOf(ctx).includes(row.id)) {
    throw forbidden(`${row.name}不在您的部门：销售经理只能为本部门的业务员办理交接`);
  }
  if (row.id === ctx.user.id) throw forbidden('不能为自己办理交接，请由管理员或您的销售经理办理');
  if (ctx.user.role === 'manager' && row.role !== 'sales') {
    throw forbidden(
      `${row.name}是${row.role === 'admin' ? '管理员' : '销售经理'}：销售经理只能为业务员办理交接，请由管理员办理`,
    );
  }
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    active: !!row.active,
    login: row.login,
    departmentName: row.department_name ?? '',
  };
}

/** The colleagues who receive, in the order given (the round-robin's order), with their names. */
export function recipientsFor(ctx: Ctx, leaver: Leaver, toIds: number[]): { id: number; name: string }[] {
  const team = ctx.user.role === 'manager' ? teamOf(ctx) : null;
  const load = ctx.db.prepare<[number], { name: string; active: number }>(
    'SELECT name, active FROM staff WHERE id = ?',
  );
  return toIds.map((toId) => {
    const row = load.get(toId);
    if (!row) throw badField('toIds', '接收人', '不存在');
    if (toId === leaver.id) throw badField('toIds', '接收人', `不能交接给${leaver.name}本人`);
    if (!row.active) throw badField('toIds', '接收人', `${row.name}已停用`);
    if (team && !team.includes(toId)) {
      throw badField('toIds', '接收人', `${row.name}不在您的部门：销售经理只能交接给本部门的人员`);
    }
    return { id: toId, name: row.name };
  });
}

/** A 交接单 may be read by administrators and by whoever did the 交接. */
export function assertMayReadSheet(ctx: Ctx, byId: number): void {
  if (ctx.user.role !== 'admin' && ctx.user.id !== byId) throw notFound('交接单');
}
