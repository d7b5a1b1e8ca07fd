import type { TFunction } from 'i18next';
import type { DepartmentNode, Role, StaffOption } from '../../../core/contract';
import { call } from '../api/client';

/** 管理员 / 销售经理 / 业务员 (or their English) for a role. */
export function roleLabel(t: TFunction, role: Role): string {
  return role === 'admin' ? t('staff.roleAdmin') : role === 'manager' ? t('staff.roleManager') : t('staff.roleSales');
}

export interface FlatDepartment {
  node: DepartmentNode;
  depth: number;
  /** '销售一部 › 一组'. */
  path: string;
}

/** The tree in display order (each 部门 followed by its 小组), for lists and pickers. */
export function flattenDepartments(nodes: DepartmentNode[], depth = 0, prefix = ''): FlatDepartment[] {
  return nodes.flatMap((node) => {
    const path = prefix ? `${prefix} › ${node.name}` : node.name;
    return [{ node, depth, path }, ...flattenDepartments(node.children, depth + 1, path)];
  });
}

/** The ids of a 部门 and of every 小组 below it. */
export function subtreeIds(node: DepartmentNode): number[] {
  return [node.id, ...node.children.flatMap(subtreeIds)];
}

/**
 * A 销售经理's own 部门 (with its 小组), from the tree and the staff options; null when they have
 * none (the data core then shows them only their own customers).
 */
export async function managerDepartment(meId: number, all: StaffOption[]): Promise<DepartmentNode | null> {
  const mine = all.find((s) => s.id === meId)?.departmentId ?? null;
  return flattenDepartments(await call('departments.list')).find((f) => f.node.id === mine)?.node ?? null;
}

/** The members of a 销售经理's 部门 and its 小组 among `all` (pickers that hand customers on). */
export async function teamOptions(meId: number, all: StaffOption[]): Promise<StaffOption[]> {
  const node = await managerDepartment(meId, all);
  const team = new Set(node ? subtreeIds(node) : []);
  return all.filter((s) => s.id === meId || (s.departmentId !== null && team.has(s.departmentId)));
}
