import { z } from 'zod';
import { empty, id, read, requiredText, version, write, type Labels } from './common.js';

/** 部门 (issue 21): a small tree — 部门 › 小组 — that 人员 belong to; a 销售经理 sees their 部门's customers. */
const labels: Labels = { id: '部门', name: '部门名称', parentId: '上级部门', version: '版本' };

export interface DepartmentNode {
  id: number;
  name: string;
  parentId: number | null;
  /** 人员 who belong to this 部门 itself (not to its 小组), active or not. */
  memberCount: number;
  /** Members of this 部门 and of all its 小组. */
  totalMembers: number;
  version: number;
  children: DepartmentNode[];
}

/** The parent: a 部门's id, or null for a top-level 部门. */
const parentId = id.nullable().default(null);

export const departmentsContract = {
  /** The whole tree, top-level 部门 first, each level by the pinyin of its names. */
  'departments.list': read<DepartmentNode[]>()(empty, labels),
  'departments.create': write<DepartmentNode>()(z.strictObject({ name: requiredText(50), parentId }), labels, {
    admin: '新增部门',
  }),
  'departments.rename': write<DepartmentNode>()(z.strictObject({ id, version, name: requiredText(50) }), labels, {
    admin: '重命名部门',
  }),
  /** Under another 部门 (a 小组 of it), or to the top (`parentId` null); never under itself or its own 小组. */
  'departments.move': write<DepartmentNode>()(z.strictObject({ id, version, parentId }), labels, {
    admin: '移动部门',
  }),
  /** Only an empty one: no 人员 and no 小组. */
  'departments.delete': write<null>()(z.strictObject({ id }), labels, { admin: '删除部门' }),
};
