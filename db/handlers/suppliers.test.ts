import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, Supplier } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createTestApp, failure, type TestApp } from '../testing.js';

let app: TestApp;
let admin: Connection;
let wang: Connection;

beforeEach(() => {
  app = createTestApp();
  app.addStaff('张经理', 'admin', 'admin');
  app.addStaff('王伟', 'wang');
  admin = app.login('admin');
  wang = app.login('wang');
});
afterEach(() => app.close());

const supplier = (name: string, over: Partial<Input<'suppliers.create'>> = {}) =>
  app.ok(admin, 'suppliers.create', { name, ...over });

function fieldsOf(s: Supplier): Input<'suppliers.create'> {
  const { id: _i, version: _v, productCount: _p, ...fields } = s;
  return fields;
}

describe('suppliers', () => {
  it('adds a supplier with every field and reads it back', () => {
    const s = supplier('深圳市华强电子有限公司', {
      shortName: '华强',
      contactName: '陈先生',
      phone: '0755-83000000',
      mobile: '13800138000',
      address: '深圳市福田区华强北路',
      email: 'sales@huaqiang.example',
      bank: '招商银行深圳分行',
      account: '6225 8888 0000 1234',
      note: '月结30天',
    });
    expect(s).toEqual({
      id: s.id,
      name: '深圳市华强电子有限公司',
      shortName: '华强',
      contactName: '陈先生',
      phone: '0755-83000000',
      mobile: '13800138000',
      address: '深圳市福田区华强北路',
      email: 'sales@huaqiang.example',
      bank: '招商银行深圳分行',
      account: '6225 8888 0000 1234',
      note: '月结30天',
      active: true,
      productCount: 0,
      version: 1,
    });
    expect(app.ok(wang, 'suppliers.get', { id: s.id })).toEqual(s);
  });

  it('keeps names unique ignoring case, and names each bad field in Chinese', () => {
    const s = supplier('Lenovo 联想');
    const dup = failure(app.call(admin, 'suppliers.create', { name: 'LENOVO 联想' }));
    expect(dup).toMatchObject({ code: 'bad_input', fields: { name: '“Lenovo 联想”已存在' } });
    expect(dup.message).toBe('供应商名称：“Lenovo 联想”已存在');
    const other = supplier('戴尔');
    expect(
      failure(
        app.call(admin, 'suppliers.update', { ...fieldsOf(other), id: other.id, version: 1, name: 'lenovo 联想' }),
      ).message,
    ).toBe('供应商名称：“Lenovo 联想”已存在');

    const bad = failure(
      app.call(admin, 'suppliers.create', { name: ' ', email: 'not-mail', phone: 'abc', account: '账号12' }),
    );
    expect(bad.message).toContain('供应商名称：不能为空');
    expect(bad.message).toContain('邮箱：邮箱格式不正确');
    expect(bad.message).toContain('电话：电话号码格式不正确');
    expect(bad.message).toContain('账号：账号只能包含数字、空格和短横线');
    expect(app.count('SELECT count(*) FROM supplier')).toBe(2);
    expect(app.ok(admin, 'suppliers.get', { id: s.id }).version).toBe(1);
  });

  it('edits with the version it read', () => {
    const s = supplier('戴尔');
    const edited = app.ok(admin, 'suppliers.update', { ...fieldsOf(s), id: s.id, version: 1, contactName: '刘女士' });
    expect(edited).toMatchObject({ contactName: '刘女士', version: 2 });
    expect(failure(app.call(admin, 'suppliers.update', { ...fieldsOf(s), id: s.id, version: 1 })).code).toBe(
      'conflict',
    );
    expect(app.ok(admin, 'suppliers.update', { ...fieldsOf(edited), id: s.id, version: 2 }).version).toBe(2);
  });

  it('disables and enables; options list the ones in use first', () => {
    const a = supplier('惠普');
    const b = supplier('爱普生');
    const c = supplier('佳能');
    expect(app.ok(admin, 'suppliers.setActive', { ids: [b.id, b.id], active: false })).toEqual({ count: 1 });
    expect(app.ok(wang, 'suppliers.options').map((o) => [o.name, o.active])).toEqual([
      ['佳能', true],
      ['惠普', true],
      ['爱普生', false],
    ]);
    expect(app.ok(admin, 'suppliers.page', { active: true }).rows.map((r) => r.id)).toEqual([c.id, a.id]);
    expect(app.ok(admin, 'suppliers.page', { active: false }).rows.map((r) => r.id)).toEqual([b.id]);
    expect(app.ok(admin, 'suppliers.setActive', { ids: [b.id], active: true })).toEqual({ count: 1 });
    expect(app.ok(admin, 'suppliers.get', { id: b.id })).toMatchObject({ active: true, version: 3 });
  });

  it('refuses deleting a supplier a product names; deletes one no product names', () => {
    const used = supplier('用友');
    const free = supplier('没有商品的供应商');
    const cat = app.ok(admin, 'categories.create', { name: '软件' });
    const p = app.ok(admin, 'products.create', { name: 'U8', categoryId: cat.id, supplierId: used.id });
    // A product taken off sale still names its supplier.
    app.ok(admin, 'products.setOnSale', { ids: [p.id], onSale: false });

    const refused = failure(app.call(admin, 'suppliers.delete', { ids: [free.id, used.id] }));
    expect(refused).toMatchObject({ code: 'forbidden', message: '供应商“用友”还有 1 个商品，不能删除；可以改为停用' });
    expect(app.count('SELECT count(*) FROM supplier')).toBe(2);
    expect(app.ok(admin, 'suppliers.get', { id: used.id }).productCount).toBe(1);

    expect(app.ok(admin, 'suppliers.delete', { ids: [free.id] })).toEqual({ count: 1 });
    app.ok(admin, 'products.delete', { ids: [p.id] });
    expect(app.ok(admin, 'suppliers.delete', { ids: [used.id] })).toEqual({ count: 1 });
    expect(app.count('SELECT count(*) FROM supplier')).toBe(0);
    expect(failure(app.call(admin, 'suppliers.delete', { ids: [used.id] })).code).toBe('not_found');
  });

  it('lets a salesperson read suppliers but not change them', () => {
    const s = supplier('华为');
    expect(app.ok(wang, 'suppliers.page', {}).rows.map((r) => r.name)).toEqual(['华为']);
    const messages = [
      app.call(wang, 'suppliers.create', { name: '中兴' }),
      app.call(wang, 'suppliers.update', { ...fieldsOf(s), id: s.id, version: 1, note: 'x' }),
      app.call(wang, 'suppliers.setActive', { ids: [s.id], active: false }),
      app.call(wang, 'suppliers.delete', { ids: [s.id] }),
    ].map((r) => failure(r).message);
    expect(messages).toEqual([
      '只有管理员可以新增供应商',
      '只有管理员可以修改供应商',
      '只有管理员可以停用供应商',
      '只有管理员可以删除供应商',
    ]);
    expect(app.ok(admin, 'suppliers.get', { id: s.id })).toEqual(s);
  });

  it('pages with search over name, short name, contact and phones, sorted on the server', () => {
    supplier('北京联想', { shortName: '联想', contactName: '赵', phone: '010-1' });
    supplier('上海华硕', { shortName: 'ASUS', contactName: '钱', mobile: '13900000000' });
    supplier('广州戴尔', { shortName: 'Dell', contactName: '孙联' });
    const names = (input: Input<'suppliers.page'>) => app.ok(admin, 'suppliers.page', input).rows.map((r) => r.name);
    expect(names({ search: '联' })).toEqual(['北京联想', '广州戴尔']);
    expect(names({ search: 'asus' })).toEqual(['上海华硕']);
    expect(names({ search: '139' })).toEqual(['上海华硕']);
    expect(names({ search: '010' })).toEqual(['北京联想']);
    expect(names({ sort: { field: 'shortName', dir: 'desc' } })).toEqual(['北京联想', '广州戴尔', '上海华硕']);
    const cat = app.ok(admin, 'categories.create', { name: '电脑' });
    const asus = app.ok(admin, 'suppliers.page', { search: 'asus' }).rows[0];
    app.ok(admin, 'products.create', { name: '笔记本', categoryId: cat.id, supplierId: asus.id });
    expect(names({ sort: { field: 'productCount', dir: 'desc' } })[0]).toBe('上海华硕');
    expect(names({ active: true, search: '想' })).toEqual(['北京联想']);
    const page = app.ok(admin, 'suppliers.page', { limit: 2, withTotal: true });
    expect(page.total).toBe(3);
    expect(page.rows).toHaveLength(2);
  });
});
