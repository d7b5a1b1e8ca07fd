import type { TFunction } from 'i18next';
import type { DepartmentNode, Role } from '../../../core/contract';

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
