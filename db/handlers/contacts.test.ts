import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Contact, Input, Result } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, failure, newCustomer, planOf, type TestApp } from '../testing.js';
import { CONTACTS_CONFLICT } from './contacts.js';

let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let customerId: number;

beforeEach(() => {
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  customerId = app.ok(wang, 'customers.create', { ...newCustomer(wangId), confirmDuplicates: true }).id;
});
afterEach(() => app.close());

const contactCount = () => app.db.prepare('SELECT count(*) FROM contact').pluck().get() as number;
const logs = () =>
  app.db
    .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
    .pluck()
    .all(customerId) as string[];

type Save = Input<'contacts.save'>;
const list = (conn: Connection = wang, id = customerId) => app.ok(conn, 'contacts.list', { customerId: id });
const save = (conn: Connection, batch: Partial<Save>) => {
  const token = batch.token ?? list(conn, batch.customerId ?? customerId).token;
  return app.call(conn, 'contacts.save', { customerId, ...batch, token });
};
const saveOk = (conn: Connection, batch: Partial<Save>) => {
  const r = save(conn, batch);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
/** What the grid sends back for a loaded contact, with changes. */
const edit = (c: Contact, over: Partial<Contact> = {}) => ({ ...c, ...over });
const byName = (rows: Contact[], name: string) => rows.find((r) => r.name === name) as Contact;

describe('contacts.save', () => {
  it('adds contacts with every field, logs each, and lists them back with versions', () => {
    const before = list();
    expect(before).toMatchObject({ customer: { id: customerId, name: '深圳市中兴通讯股份有限公司', editable: true } });
    expect(before.rows).toEqual([]);
    const res = saveOk(wang, {
      created: [
        {
          name: '王伟',
          gender: '男',
          title: '采购经理',
          mobile: '138 0013 8000',
          phone: '0755-26770000转8001',
          email: 'wangwei@zte.com.cn',
          im: 'wx_wangwei',
          birthday: '1985-06-01',
          isPrimary: true,
          note: '决策人',
        },
        { name: '李娜', email: 'lina@zte.com.cn' },
      ],
    });
    expect(res.saved).toEqual({ created: 2, updated: 0, deleted: 0 });
    expect(res.rows.map((r) => r.name)).toEqual(['王伟', '李娜']); // the 主联系人 first
    expect(res.rows[0]).toMatchObject({
      gender: '男',
      title: '采购经理',
      mobile: '138 0013 8000',
      phone: '0755-26770000转8001',
      email: 'wangwei@zte.com.cn',
      im: 'wx_wangwei',
      birthday: '1985-06-01',
      isPrimary: true,
      note: '决策人',
      version: 1,
    });
    expect(res.rows[1]).toMatchObject({ gender: '', birthday: null, isPrimary: false, mobile: '' });
    expect(res.token).not.toBe(before.token);
    expect(list()).toEqual({ customer: res.customer, rows: res.rows, token: res.token });
    expect(logs()).toContain('新增联系人 王伟（主联系人）');
    expect(logs()).toContain('新增联系人 李娜');
  });

  it('changes and deletes in one batch, logging what changed', () => {
    saveOk(wang, { created: [{ name: '王伟' }, { name: '李娜' }] });
    const rows = list().rows;
    const res = saveOk(wang, {
      updated: [edit(byName(rows, '王伟'), { mobile: '13800138000', title: '总经理' })],
      deleted: [{ id: byName(rows, '李娜').id, version: 1 }],
    });
    expect(res.saved).toEqual({ created: 0, updated: 1, deleted: 1 });
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]).toMatchObject({ name: '王伟', mobile: '13800138000', title: '总经理', version: 2 });
    expect(logs()).toContain('修改联系人 王伟：职务: （空） → 总经理；手机: （空） → 13800138000');
    expect(logs()).toContain('删除联系人 李娜');
  });

  it('an unchanged row in the batch is not counted, logged or given a new version', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const [c] = list().rows;
    const n = logs().length;
    const res = saveOk(wang, { updated: [edit(c)] });
    expect(res.saved.updated).toBe(0);
    expect(res.rows[0].version).toBe(1);
    expect(logs()).toHaveLength(n);
  });

  it('is all or nothing: one bad row refuses the batch, naming every bad row and field', () => {
    saveOk(wang, { created: [{ name: '赵强' }] });
    const n = logs().length;
    const [zhao] = list().rows;
    const r = save(wang, {
      created: [{ name: '王伟' }, { name: '  ', mobile: '12345' }, { name: '李娜', email: 'lina@' }],
      updated: [edit(zhao, { phone: 'abc' })],
      deleted: [],
    });
    const err = failure(r);
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('新增第 2 行 姓名：不能为空');
    expect(err.message).toContain('新增第 2 行 手机：手机号码格式不正确');
    expect(err.message).toContain('新增第 3 行 邮箱：邮箱格式不正确');
    expect(err.message).toContain('修改第 1 行 电话：电话号码格式不正确');
    expect(err.fields).toMatchObject({
      'created.1.name': '不能为空',
      'created.2.email': '邮箱格式不正确',
      'updated.0.phone': '电话号码格式不正确',
    });
    expect(contactCount()).toBe(1);
    expect(list().rows[0]).toEqual(zhao);
    expect(logs()).toHaveLength(n);
  });

  it('is all or nothing when a rule fails after other rows were accepted', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const [c] = list().rows;
    // 王伟 is the contact of a follow-up record: deleting him is refused, and so is the new row.
    app.ok(wang, 'records.save', {
      customerId,
      token: app.ok(wang, 'records.list', { customerId }).token,
      created: [{ at: '2026-11-26T02:00:00.000Z', method: '电话', contactId: c.id, content: '询价' }],
    });
    const n = logs().length;
    const err = failure(save(wang, { created: [{ name: '李娜' }], deleted: [{ id: c.id, version: c.version }] }));
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('删除第 1 行');
    expect(err.message).toContain('已用在 1 条维护记录中，不能删除');
    expect(list().rows.map((r) => r.name)).toEqual(['王伟']);
    expect(logs()).toHaveLength(n);
  });

  it('finds the records that use a contact through an index (the foreign-key check on delete too)', () => {
    expect(planOf(app.db, 'SELECT count(*) FROM record WHERE contact_id = ?', 1)).toContain('record_contact');
  });

  it('accepts the shapes of mainland and international phone numbers', () => {
    const good = [
      { name: 'a', mobile: '13800138000', phone: '010-88886666' },
      { name: 'b', mobile: '+86 138-0013-8000', phone: '0755 2677 0000' },
      { name: 'c', mobile: '+44 7700 900123', phone: '+1 212 555 0100', email: 'c.d+x@mail.example.org' },
    ];
    expect(saveOk(wang, { created: good }).saved.created).toBe(3);
    for (const bad of [
      { mobile: '1380013800' },
      { mobile: '23800138000' },
      { phone: 'tel:123' },
      { email: 'a b@x.cn' },
    ]) {
      expect(failure(save(wang, { created: [{ name: 'x', ...bad }] })).code).toBe('bad_input');
    }
  });

  it('refuses a row that names another customer’s contact, and the same row twice', () => {
    const other = app.ok(wang, 'customers.create', {
      ...newCustomer(wangId, { name: '华为技术有限公司', keyword: '华为' }),
      confirmDuplicates: true,
    }).id;
    saveOk(wang, { customerId: other, created: [{ name: '外人' }] });
    const stranger = list(wang, other).rows[0];
    const err = failure(save(wang, { updated: [edit(stranger, { name: '改名' })] }));
    expect(err.message).toBe('修改第 1 行 编号：联系人不存在，或不属于该客户');
    expect(list(wang, other).rows[0].name).toBe('外人');

    saveOk(wang, { created: [{ name: '王伟' }] });
    const [c] = list().rows;
    const dup = failure(save(wang, { updated: [edit(c, { title: 'x' })], deleted: [{ id: c.id, version: 1 }] }));
    expect(dup.message).toContain('同一行出现了两次');
  });
});

describe('contacts.save conflicts', () => {
  it('refuses a save made on rows someone else changed since, writing nothing', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const loaded = list(wang);
    // The administrator edits the same customer's contacts meanwhile.
    saveOk(admin, { created: [{ name: '管理员加的' }] });
    const n = logs().length;
    const err = failure(
      save(wang, {
        token: loaded.token,
        updated: [edit(loaded.rows[0], { title: '经理' })],
        created: [{ name: '新' }],
      }),
    );
    expect(err).toMatchObject({ code: 'conflict', message: CONTACTS_CONFLICT });
    expect(contactCount()).toBe(2);
    expect(list().rows.map((r) => r.title)).toEqual(['', '']);
    expect(logs()).toHaveLength(n);
    // After reloading, the same change goes through.
    const fresh = list(wang);
    const wangRow = byName(fresh.rows, '王伟');
    expect(saveOk(wang, { token: fresh.token, updated: [edit(wangRow, { title: '经理' })] }).saved.updated).toBe(1);
  });

  it('a deletion elsewhere is a conflict too, and so is a stale version under a fresh token', () => {
    saveOk(wang, { created: [{ name: '王伟' }, { name: '李娜' }] });
    const loaded = list(wang);
    saveOk(admin, { deleted: [{ id: loaded.rows[1].id, version: 1 }] });
    expect(failure(save(wang, { token: loaded.token, created: [{ name: 'x' }] })).code).toBe('conflict');
    const fresh = list(wang);
    const stale = failure(save(wang, { token: fresh.token, updated: [{ ...fresh.rows[0], version: 9, title: 'y' }] }));
    expect(stale.code).toBe('conflict');
  });
});

describe('主联系人', () => {
  it('making one contact primary clears the others in the same save, logged', () => {
    saveOk(wang, { created: [{ name: '王伟', isPrimary: true }, { name: '李娜' }] });
    const li = byName(list().rows, '李娜');
    const res = saveOk(wang, { updated: [edit(li, { isPrimary: true })] });
    expect(res.rows.map((r) => [r.name, r.isPrimary])).toEqual([
      ['李娜', true],
      ['王伟', false],
    ]);
    expect(logs()).toContain('修改联系人 王伟：主联系人: 是 → 否');
    expect(logs()).toContain('修改联系人 李娜：主联系人: 否 → 是');
  });

  it('swaps the primary within one batch whatever the order of its rows', () => {
    saveOk(wang, { created: [{ name: '王伟', isPrimary: true }, { name: '李娜' }] });
    const rows = list().rows;
    const res = saveOk(wang, {
      updated: [edit(byName(rows, '李娜'), { isPrimary: true }), edit(byName(rows, '王伟'), { isPrimary: false })],
    });
    expect(res.rows.filter((r) => r.isPrimary).map((r) => r.name)).toEqual(['李娜']);
    // A new primary contact replaces the old one as well.
    const res2 = saveOk(wang, { created: [{ name: '赵强', isPrimary: true }] });
    expect(res2.rows.filter((r) => r.isPrimary).map((r) => r.name)).toEqual(['赵强']);
  });

  it('refuses two primary contacts in one batch, naming both rows', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const [c] = list().rows;
    const err = failure(
      save(wang, { created: [{ name: '李娜', isPrimary: true }], updated: [edit(c, { isPrimary: true })] }),
    );
    expect(err.message).toBe(
      '修改第 1 行 主联系人：每个客户只能有一个主联系人（新增第 1 行、修改第 1 行 都设为了主联系人）',
    );
    expect(contactCount()).toBe(1);
  });
});

describe('contacts visibility', () => {
  it('another salesperson can neither read nor change the contacts', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const token = list().token;
    expect(failure(app.call(li, 'contacts.list', { customerId })).code).toBe('not_found');
    const err = failure(app.call(li, 'contacts.save', { customerId, token, created: [{ name: '闯入者' }] }));
    expect(err.code).toBe('not_found');
    expect(contactCount()).toBe(1);
  });

  it('a delegate and the administrator may read and change them', () => {
    const today = new Date(app.clock.now()).toISOString().slice(0, 10);
    app.db
      .prepare(
        `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(customerId, wangId, liId, '2026-01-01', wangId, `${today}T00:00:00.000Z`);
    expect(saveOk(li, { created: [{ name: '代管加的' }] }).saved.created).toBe(1);
    expect(saveOk(admin, { created: [{ name: '管理员加的' }] }).saved.created).toBe(1);
    expect(list(wang).rows.map((r) => r.name)).toEqual(['代管加的', '管理员加的']);
  });

  it('a deleted customer’s contacts are read-only, and only the administrator may read them', () => {
    saveOk(wang, { created: [{ name: '王伟' }] });
    const token = list().token;
    app.ok(wang, 'customers.delete', { ids: [customerId] });
    expect(failure(app.call(wang, 'contacts.list', { customerId })).code).toBe('not_found');
    const seen = list(admin);
    expect(seen.customer.editable).toBe(false);
    expect(seen.rows).toHaveLength(1);
    expect(failure(app.call(admin, 'contacts.save', { customerId, token, created: [{ name: 'x' }] })).code).toBe(
      'not_found',
    );
  });

  it('needs a login', () => {
    const r = app.router.dispatch({ session: null }, 'contacts.list', { customerId });
    expect(failure(r as Result<unknown>).code).toBe('unauthenticated');
  });
});
