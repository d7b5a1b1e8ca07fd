/**
 * 部门 (issue 21): a small tree — 部门 › 小组 — that 人员 belong to (staff.department_id, 0014).
 * A 销售经理 sees the customers of every member of their 部门 and its 小组 (db/visibility.ts
 * teamOf). Administrators keep the tree; each change is one transaction (the router's). A 部门
 * holds no customer, so its changes write no 操作日志 line (that log is per customer): they are
 * reported in the Message pane like the other 人员管理 changes.
 */
import type { DepartmentNode } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError, badField, forbidden, notFound } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { byPinyin } from '../people.js';
import { departmentSubtree } from '../visibility.js';

interface DepartmentRow {
  id: number;
  name: string;
  parent_id: number | null;
  version: number;
  members: number;
}

function allRows(ctx: Ctx): DepartmentRow[] {
  return ctx.db
    .prepare<[], DepartmentRow>(
      `SELECT d.id, d.name, d.parent_id, d.version,
         (SELECT count(*) FROM staff s WHERE s.department_id = d.id) AS members
       FROM department d`,
    )
    .all();
}

/** The tree from its rows: each level by pinyin, totals summed up from the 小组. */
function treeOf(rows: DepartmentRow[]): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        parentId: r.parent_id,
        memberCount: r.members,
        totalMembers: r.members,
        version: r.version,
        children: [],
      },
    ]),
  );
  const roots: DepartmentNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    (parent ? parent.children : roots).push(n);
  }
  const finish = (list: DepartmentNode[]): number => {
    list.sort(byPinyin);
    let sum = 0;
    for (const n of list) {
      n.totalMembers = n.memberCount + finish(n.children);
      sum += n.totalMembers;
    }
    return sum;
  };
  finish(roots);
  return roots;
}

function nodeOf(ctx: Ctx, id: number): DepartmentNode {
  const find = (list: DepartmentNode[]): DepartmentNode | undefined => {
    for (const n of list) {
      if (n.id === id) return n;
      const hit = find(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  const node = find(treeOf(allRows(ctx)));
  if (!node) throw notFound('部门');
  return node;
}

function loadRow(ctx: Ctx, id: number): { id: number; name: string; parent_id: number | null; version: number } {
  const row = ctx.db
    .prepare<[number], { id: number; name: string; parent_id: number | null; version: number }>(
      'SELECT id, name, parent_id, version FROM department WHERE id = ?',
    )
    .get(id);
  if (!row) throw notFound('部门');
  return row;
}

function parentName(ctx: Ctx, parentId: number | null): string {
  if (parentId === null) return '';
  const row = ctx.db.prepare<[number], { name: string }>('SELECT name FROM department WHERE id = ?').get(parentId);
  if (!row) throw badField('parentId', '上级部门', '不存在');
  return row.name;
}

/** Names are unique among siblings (the index department_sibling_name is the backstop). */
function assertNameFree(ctx: Ctx, name: string, parentId: number | null, exceptId = 0) {
  const clash = ctx.db
    .prepare<[string, number, number], { id: number }>(
      `SELECT id FROM department WHERE name = ? AND coalesce(parent_id, 0) = ? AND id <> ?`,
    )
    .get(name, parentId ?? 0, exceptId);
  if (clash) {
    const where = parentId === null ? '顶层' : `“${parentName(ctx, parentId)}”下`;
    throw badField('name', '部门名称', `${where}已有名为“${name}”的部门`);
  }
}

const conflict = (name: string) => new AppError('conflict', `部门“${name}”已被其他人修改，请刷新后再操作`);

export const departmentsHandlers: HandlersOf<'departments'> = {
  'departments.list': (ctx) => treeOf(allRows(ctx)),

  'departments.create': (ctx, input) => {
    parentName(ctx, input.parentId);
    assertNameFree(ctx, input.name, input.parentId);
    const at = nowIso(ctx);
    const { lastInsertRowid } = ctx.db
      .prepare('INSERT INTO department (name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(input.name, input.parentId, at, at);
    return nodeOf(ctx, Number(lastInsertRowid));
  },

  'departments.rename': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    if (row.version !== input.version) throw conflict(row.name);
    if (row.name === input.name) return nodeOf(ctx, row.id);
    assertNameFree(ctx, input.name, row.parent_id, row.id);
    const res = ctx.db
      .prepare('UPDATE department SET name = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?')
      .run(input.name, nowIso(ctx), row.id, input.version);
    if (res.changes !== 1) throw conflict(row.name);
    return nodeOf(ctx, row.id);
  },

  'departments.move': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    if (row.version !== input.version) throw conflict(row.name);
    if (row.parent_id === input.parentId) return nodeOf(ctx, row.id);
    const target = parentName(ctx, input.parentId);
    if (input.parentId !== null && departmentSubtree(ctx, row.id).includes(input.parentId)) {
      throw badField(
        'parentId',
        '上级部门',
        input.parentId === row.id
          ? `不能把“${row.name}”移到它自己下面`
          : `“${target}”是“${row.name}”下面的小组，不能把部门移到自己的小组下面`,
      );
    }
    assertNameFree(ctx, row.name, input.parentId, row.id);
    const res = ctx.db
      .prepare(
        'UPDATE department SET parent_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?',
      )
      .run(input.parentId, nowIso(ctx), row.id, input.version);
    if (res.changes !== 1) throw conflict(row.name);
    return nodeOf(ctx, row.id);
  },

  'departments.delete': (ctx, input) => {
    const row = loadRow(ctx, input.id);
    const groups = ctx.db
      .prepare<[number], string>('SELECT name FROM department WHERE parent_id = ? ORDER BY id')
      .pluck()
      .all(row.id);
    if (groups.length) {
      throw forbidden(
        `部门“${row.name}”下还有 ${groups.length} 个小组（${groups.slice(0, 3).join('、')}${groups.length > 3 ? '…' : ''}），不能删除；请先删除或移走这些小组`,
      );
    }
    const members = ctx.db
      .prepare<[number], string>('SELECT name FROM staff WHERE department_id = ? ORDER BY id')
      .pluck()
      .all(row.id);
    if (members.length) {
      throw forbidden(
        `部门“${row.name}”还有 ${members.length} 名人员（${members.slice(0, 3).join('、')}${members.length > 3 ? '…' : ''}），不能删除；请先把他们调到其他部门`,
      );
    }
    ctx.db.prepare('DELETE FROM department WHERE id = ?').run(row.id);
    return null;
  },
};
