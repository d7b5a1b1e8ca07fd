/**
 * 部门 (issue 21): the tree in 人员管理 — create, rename, move, delete when empty — administrators
 * only, every refusal naming its reason; and the 销售经理 role, who must belong to a 部门.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DepartmentNode, Input, Staff } from '../../core/contract.js';
import { createOffice, failure } from '../testing.js';

let office: ReturnType<typeof createOffice>;
beforeEach(() => (office = createOffice()));
afterEach(() => office.app.close());

const create = (name: string, parentId: number | null = null) =>
  office.app.ok(office.admin, 'departments.create', { name, parentId });
const tree = () => office.app.ok(office.admin, 'departments.list');
const names = (nodes: DepartmentNode[]): unknown[] =>
  nodes.map((n) => (n.children.length ? [n.name, names(n.children)] : n.name));

function staffRow(id: number): Staff {
  return office.app.ok(office.admin, 'staff.list').find((s) => s.id === id)!;
}
function edit(id: number, over: Partial<Input<'staff.update'>>): Input<'staff.update'> {
  const { customerCount: _c, mustChangePassword: _m, departmentName: _d, ...fields } = staffRow(id);
  return { ...fields, ...over };
}

describe('the 部门 tree', () => {
  it('creates 部门 and 小组, listed as a tree by pinyin with member counts', () => {
    const one = create('销售一部');
    const two = create('销售二部');
    const a = create('一组', one.id);
    create('二组', one.id);
    expect(one).toMatchObject({ name: '销售一部', parentId: null, memberCount: 0, children: [], version: 1 });
    const { app, admin, wangId, liId } = office;
    app.ok(admin, 'staff.update', edit(wangId, { departmentId: a.id }));
    app.ok(admin, 'staff.update', edit(liId, { departmentId: one.id }));
    const t = tree();
    // 二组 (er) before 一组 (yi); 销售二部 (er) before 销售一部 (yi).
    expect(names(t)).toEqual(['销售二部', ['销售一部', ['二组', '一组']]]);
    const first = t.find((n) => n.id === one.id)!;
    expect(first).toMatchObject({ memberCount: 1, totalMembers: 2 });
    expect(first.children.find((n) => n.id === a.id)).toMatchObject({ memberCount: 1, totalMembers: 1 });
    expect(t.find((n) => n.id === two.id)).toMatchObject({ memberCount: 0, totalMembers: 0 });
    expect(staffRow(wangId)).toMatchObject({ departmentId: a.id, departmentName: '销售一部 › 一组' });
    // Everyone may read the tree (a 部门 filter in 销售统计); only administrators change it.
    expect(names(app.ok(office.wang, 'departments.list'))).toEqual(names(t));
  });

  it('keeps names unique among siblings, not across the tree', () => {
    const one = create('销售一部');
    const two = create('销售二部');
    create('一组', one.id);
    expect(create('一组', two.id).name).toBe('一组');
    const e = failure(office.app.call(office.admin, 'departments.create', { name: '一组', parentId: one.id }));
    expect(e.message).toBe('部门名称：“销售一部”下已有名为“一组”的部门');
    const top = failure(office.app.call(office.admin, 'departments.create', { name: '销售一部' }));
    expect(top.message).toBe('部门名称：顶层已有名为“销售一部”的部门');
    expect(failure(office.app.call(office.admin, 'departments.create', { name: '  ' })).code).toBe('bad_input');
    const missing = failure(office.app.call(office.admin, 'departments.create', { name: '三组', parentId: 999 }));
    expect(missing.message).toBe('上级部门：不存在');
  });

  it('renames, refusing a stale version and a sibling’s name', () => {
    const one = create('销售一部');
    create('销售二部');
    const renamed = office.app.ok(office.admin, 'departments.rename', { id: one.id, version: 1, name: '华南销售部' });
    expect(renamed).toMatchObject({ name: '华南销售部', version: 2 });
    const stale = failure(office.app.call(office.admin, 'departments.rename', { id: one.id, version: 1, name: 'x' }));
    expect(stale.code).toBe('conflict');
    const clash = failure(
      office.app.call(office.admin, 'departments.rename', { id: one.id, version: 2, name: '销售二部' }),
    );
    expect(clash.message).toBe('部门名称：顶层已有名为“销售二部”的部门');
  });

  it('moves a 小组 under another 部门 or to the top, never under itself or its own 小组', () => {
    const one = create('销售一部');
    const two = create('销售二部');
    const a = create('一组', one.id);
    const moved = office.app.ok(office.admin, 'departments.move', { id: a.id, version: 1, parentId: two.id });
    expect(moved).toMatchObject({ parentId: two.id, version: 2 });
    expect(names(tree())).toEqual([['销售二部', ['一组']], '销售一部']);
    const self = failure(
      office.app.call(office.admin, 'departments.move', { id: two.id, version: 1, parentId: two.id }),
    );
    expect(self.message).toBe('上级部门：不能把“销售二部”移到它自己下面');
    const below = failure(
      office.app.call(office.admin, 'departments.move', { id: two.id, version: 1, parentId: a.id }),
    );
    expect(below.message).toBe('上级部门：“一组”是“销售二部”下面的小组，不能把部门移到自己的小组下面');
    const top = office.app.ok(office.admin, 'departments.move', { id: a.id, version: 2, parentId: null });
    expect(top.parentId).toBeNull();
    create('一组', one.id);
    const clash = failure(
      office.app.call(office.admin, 'departments.move', { id: a.id, version: 3, parentId: one.id }),
    );
    expect(clash.message).toBe('部门名称：“销售一部”下已有名为“一组”的部门');
  });

  it('deletes only an empty 部门, naming the 小组 or the people still in it', () => {
    const one = create('销售一部');
    const a = create('一组', one.id);
    const { app, admin, wangId } = office;
    app.ok(admin, 'staff.update', edit(wangId, { departmentId: a.id }));
    expect(failure(app.call(admin, 'departments.delete', { id: one.id })).message).toBe(
      '部门“销售一部”下还有 1 个小组（一组），不能删除；请先删除或移走这些小组',
    );
    expect(failure(app.call(admin, 'departments.delete', { id: a.id })).message).toBe(
      '部门“一组”还有 1 名人员（王伟），不能删除；请先把他们调到其他部门',
    );
    app.ok(admin, 'staff.update', edit(wangId, { departmentId: null }));
    expect(app.ok(admin, 'departments.delete', { id: a.id })).toBeNull();
    expect(app.ok(admin, 'departments.delete', { id: one.id })).toBeNull();
    expect(tree()).toEqual([]);
    expect(failure(app.call(admin, 'departments.delete', { id: one.id })).code).toBe('not_found');
  });

  it('is the administrator’s: a salesperson or a manager is refused and nothing is written', () => {
    const one = create('销售一部');
    const { app } = office;
    app.addStaff('钱经理', 'qian', 'manager', one.id);
    const qian = app.login('qian');
    for (const conn of [office.wang, qian]) {
      expect(failure(app.call(conn, 'departments.create', { name: '销售三部' })).message).toBe(
        '只有管理员可以新增部门',
      );
      expect(failure(app.call(conn, 'departments.rename', { id: one.id, version: 1, name: 'x' })).message).toBe(
        '只有管理员可以重命名部门',
      );
      expect(failure(app.call(conn, 'departments.move', { id: one.id, version: 1, parentId: null })).message).toBe(
        '只有管理员可以移动部门',
      );
      expect(failure(app.call(conn, 'departments.delete', { id: one.id })).message).toBe('只有管理员可以删除部门');
    }
    expect(names(tree())).toEqual(['销售一部']);
    expect(tree()[0].version).toBe(1);
  });
});

describe('the 销售经理 role', () => {
  it('belongs to a 部门: creating or editing one without refuses, naming why', () => {
    const one = create('销售一部');
    const { app, admin, wangId } = office;
    const base = { name: '钱经理', login: 'qian', role: 'manager' as const, password: 'secret1' };
    expect(failure(app.call(admin, 'staff.create', base)).message).toBe('部门：销售经理必须属于一个部门：请先选择部门');
    const m = app.ok(admin, 'staff.create', { ...base, departmentId: one.id });
    expect(m).toMatchObject({ role: 'manager', departmentId: one.id, departmentName: '销售一部' });
    expect(failure(app.call(admin, 'staff.update', edit(wangId, { role: 'manager' }))).message).toBe(
      '部门：销售经理必须属于一个部门：请先选择部门',
    );
    expect(failure(app.call(admin, 'staff.update', edit(wangId, { departmentId: 999 }))).message).toBe('部门：不存在');
    expect(app.ok(admin, 'staff.options').find((o) => o.id === m.id)).toMatchObject({
      role: 'manager',
      departmentId: one.id,
    });
    // The session of a manager is not an administrator's: 人员管理 stays closed.
    const qian = app.login('qian');
    const changed = app.ok(qian, 'auth.changePassword', {
      oldPassword: 'secret1',
      newPassword: 'secret22',
      confirm: 'secret22',
    });
    expect(changed.role).toBe('manager');
    expect(failure(app.call(qian, 'staff.list')).message).toBe('只有管理员可以管理人员');
  });

  it('the last administrator cannot become a 销售经理', () => {
    const one = create('销售一部');
    const { app, admin, adminId } = office;
    expect(
      failure(app.call(admin, 'staff.update', edit(adminId, { role: 'manager', departmentId: one.id }))).message,
    ).toBe('张经理是最后一位在职的管理员，不能改为销售经理');
  });
});
