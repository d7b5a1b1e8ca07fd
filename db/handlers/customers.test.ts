import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, CustomerRow, Input } from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { setNewestWindow } from '../customers/search-sql.js';
import { dialectOf } from '../engine/dialect.js';
import { createOffice, failure, newCustomer, type Office } from '../testing.js';

let { app, adminId, wangId, liId, admin, wang, li } = {} as Office;
beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
});
afterEach(() => app.close());

/** Days from the test clock's today, as 'YYYY-MM-DD'. */
function dayOffset(days: number): string {
  const d = new Date(`${today({ clock: app.clock })}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function delegate(customerId: number, fromId: number, toId: number, over: Record<string, unknown> = {}): number {
  const row = {
    customer_id: customerId,
    from_id: fromId,
    to_id: toId,
    start_on: dayOffset(-3),
    end_on: null,
    granted_by: fromId,
    granted_at: app.clock.now().toISOString(),
    revoked_at: null,
    revoked_by: null,
    ...over,
  };
  return Number(
    app.db
      .prepare(
        `INSERT INTO delegation (customer_id, from_id, to_id, start_on, end_on, granted_by, granted_at, revoked_at, revoked_by)
         VALUES (@customer_id, @from_id, @to_id, @start_on, @end_on, @granted_by, @granted_at, @revoked_at, @revoked_by)`,
      )
      .run(row).lastInsertRowid,
  );
}

function create(conn: Connection, ownerId: number, over: Partial<Input<'customers.create'>> = {}) {
  return app.ok(conn, 'customers.create', {
    ...newCustomer(ownerId),
    confirmDuplicates: true,
    ...over,
  });
}

/** What the edit form sends back for a loaded customer, with changes. */
function edit(c: Customer, over: Partial<Input<'customers.update'>> = {}): Input<'customers.update'> {
  const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _x, ...fields } = c;
  return { ...fields, ...over };
}

const names = (rows: CustomerRow[]) => rows.map((r) => r.name);
const page = (conn: Connection, input: Input<'customers.page'> = {}) => app.ok(conn, 'customers.page', input);

describe('customers.create and customers.get', () => {
  it('saves every field and reads it back', () => {
    const c = app.ok(admin, 'customers.create', {
      ...newCustomer(wangId),
      statusId: 3,
      createdOn: '2019-04-01',
      industry: '通信设备',
      source: '展会',
      region: '广东省深圳市',
      address: '南山区高新南一道 55 号',
      phone: '0755-26770000',
      fax: '0755-26770001',
      website: 'https://www.zte.com.cn',
      email: 'info@zte.com.cn',
      note: '重点客户',
    });
    expect(c).toMatchObject({
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
      statusId: 3,
      statusName: '正式客户',
      ownerId: wangId,
      ownerName: '王伟',
      createdOn: '2019-04-01',
      industry: '通信设备',
      source: '展会',
      region: '广东省深圳市',
      address: '南山区高新南一道 55 号',
      phone: '0755-26770000',
      fax: '0755-26770001',
      website: 'https://www.zte.com.cn',
      email: 'info@zte.com.cn',
      note: '重点客户',
      delegated: false,
      deletedAt: null,
      version: 1,
    });
    expect(app.ok(admin, 'customers.get', { id: c.id })).toEqual(c);
    expect(app.ok(wang, 'customers.get', { id: c.id })).toEqual(c);
    expect(app.logsOf(c.id)).toEqual([
      '创建客户：深圳市中兴通讯股份有限公司（关键字 中兴，正式客户，创建日期 2019-04-01）',
    ]);
  });

  it('trims text, defaults optional fields to empty, and stores folded name and keyword', () => {
    const c = app.ok(wang, 'customers.create', {
      ...newCustomer(wangId),
      name: '  ＺＴＥ Corp ',
      keyword: ' ＺＴＥ ',
    });
    expect(c.name).toBe('ＺＴＥ Corp');
    expect(c.keyword).toBe('ＺＴＥ');
    expect(c.phone).toBe('');
    expect(c.note).toBe('');
    expect(app.db.prepare('SELECT name_fold, keyword_fold FROM customer WHERE id = ?').get(c.id)).toEqual({
      name_fold: 'zte corp',
      keyword_fold: 'zte',
    });
  });

  it('names every missing required field and writes nothing', () => {
    const e = failure(
      app.call(admin, 'customers.create', {
        name: '',
        keyword: '   ',
      } as Input<'customers.create'>),
    );
    expect(e.code).toBe('bad_input');
    for (const label of ['客户名称', '关键字', '客户状态', '业务员', '创建日期']) expect(e.message).toContain(label);
    expect(Object.keys(e.fields ?? {})).toEqual(
      expect.arrayContaining(['name', 'keyword', 'statusId', 'ownerId', 'createdOn']),
    );
    expect(app.count('SELECT count(*) FROM customer')).toBe(0);
    expect(app.count('SELECT count(*) FROM record')).toBe(0);
  });

  it('refuses a status or salesperson that does not exist, naming the field', () => {
    const s = failure(
      app.call(admin, 'customers.create', {
        ...newCustomer(wangId),
        statusId: 99,
      }),
    );
    expect(s).toMatchObject({
      code: 'bad_input',
      fields: { statusId: '不存在' },
    });
    expect(s.message).toContain('客户状态');
    app.db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(liId);
    const o = failure(app.call(admin, 'customers.create', { ...newCustomer(liId) }));
    expect(o.code).toBe('bad_input');
    expect(o.message).toContain('业务员');
    expect(app.count('SELECT count(*) FROM customer')).toBe(0);
    expect(app.count('SELECT count(*) FROM record')).toBe(0);
  });
});

describe('keyword duplicate warning', () => {
  it('warns when the new keyword is contained in an existing name', () => {
    create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴通讯',
    });
    const e = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: '中兴物流有限公司',
        keyword: '中兴',
      }),
    );
    expect(e.code).toBe('duplicate');
    expect(e.details).toEqual({
      matches: [{ name: '深圳市中兴通讯股份有限公司', ownerName: '王伟' }],
      count: 1,
      countIsBound: false,
    });
    expect(e.message).toContain('深圳市中兴通讯股份有限公司（王伟）');
    expect(app.count('SELECT count(*) FROM customer')).toBe(1);
  });

  it('warns when the new name contains an existing keyword', () => {
    create(wang, wangId, { name: '华为技术有限公司', keyword: '华为' });
    const e = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: '深圳华为终端配件厂',
        keyword: '终端配件',
      }),
    );
    expect(e.code).toBe('duplicate');
    expect(e.details).toEqual({
      matches: [{ name: '华为技术有限公司', ownerName: '王伟' }],
      count: 1,
      countIsBound: false,
    });
  });

  it('warns when the keywords are equal', () => {
    create(wang, wangId, { name: '甲公司', keyword: '星河' });
    const e = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: '乙公司',
        keyword: '星河',
      }),
    );
    expect(e.code).toBe('duplicate');
  });

  it('folds full-width/half-width and case, both ways', () => {
    create(wang, wangId, { name: 'ＺＴＥ（深圳）有限公司', keyword: 'ＺＴＥ' });
    // New keyword in an existing name, half-width lower case against full-width upper case.
    const a = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: '某某贸易公司',
        keyword: 'zte',
      }),
    );
    expect(a.code).toBe('duplicate');
    // New name contains the existing keyword, mixed case.
    const b = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: 'Zte 配件商行',
        keyword: '配件商行',
      }),
    );
    expect(b.code).toBe('duplicate');
    expect(b.details).toEqual({
      matches: [{ name: 'ＺＴＥ（深圳）有限公司', ownerName: '王伟' }],
      count: 1,
      countIsBound: false,
    });
    create(wang, wangId, {
      name: 'Huawei Technologies Co',
      keyword: '华为科技',
    });
    const c = failure(
      app.call(li, 'customers.create', {
        ...newCustomer(liId),
        name: '某某公司',
        keyword: 'ＨＵＡＷＥＩ',
      }),
    );
    expect(c.details).toEqual({
      matches: [{ name: 'Huawei Technologies Co', ownerName: '王伟' }],
      count: 1,
      countIsBound: false,
    });
  });

  it('shows another salesperson only the name and 业务员 of the match, which they still cannot open', () => {
    const theirs = create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
      phone: '0755-26770000',
    });
    const matches = app.ok(li, 'customers.checkDuplicates', {
      name: '武汉中兴软件有限公司',
      keyword: '中兴软件',
    });
    expect(matches).toEqual([{ name: '深圳市中兴通讯股份有限公司', ownerName: '王伟' }]);
    expect(Object.keys(matches[0]).sort()).toEqual(['name', 'ownerName']);
    expect(failure(app.call(li, 'customers.get', { id: theirs.id })).code).toBe('not_found');
  });

  it('warns about names containing a one-character keyword', () => {
    create(wang, wangId, { name: '上海华为技术有限公司', keyword: '华为' });
    const e = failure(app.call(li, 'customers.create', { ...newCustomer(liId), name: '某某公司', keyword: '华' }));
    expect(e.details).toEqual({
      matches: [{ name: '上海华为技术有限公司', ownerName: '王伟' }],
      count: 1,
      countIsBound: false,
    });
  });

  it('shows the newest 20 name matches and counts all of them, whichever window the name read starts with', () => {
    const names: string[] = [];
    for (let i = 0; i < 30; i++) {
      names.push(create(wang, wangId, { name: `中兴第${i}号分公司`, keyword: `分${i}` }).name);
      create(wang, wangId, { name: `华为第${i}号分公司`, keyword: `华${i}` });
    }
    const newest = names.slice(-20); // shown in the order they were created
    for (const window of [5000, 7, 1]) {
      const old = setNewestWindow(window);
      try {
        const e = failure(
          app.call(li, 'customers.create', { ...newCustomer(liId), name: '某某公司', keyword: '中兴' }),
        );
        const shown = (e.details as { matches: { name: string }[] }).matches.map((m) => m.name);
        expect(shown, `window ${window}`).toEqual(newest);
        expect(e.details, `window ${window}`).toMatchObject({ count: 30, countIsBound: false });
      } finally {
        setNewestWindow(old);
      }
    }
  });

  it('lists each match once, even when it overlaps both ways', () => {
    create(wang, wangId, { name: '深圳市中兴通讯股份有限公司', keyword: '中兴' });
    const matches = app.ok(li, 'customers.checkDuplicates', { name: '中兴通讯', keyword: '中兴' });
    expect(matches).toEqual([{ name: '深圳市中兴通讯股份有限公司', ownerName: '王伟' }]);
  });

  it('does not warn about soft-deleted customers', () => {
    const c = create(wang, wangId, { name: '深圳市中兴通讯股份有限公司', keyword: '中兴' });
    app.ok(wang, 'customers.delete', { ids: [c.id] });
    expect(app.ok(li, 'customers.checkDuplicates', { name: '中兴物流', keyword: '中兴' })).toEqual([]);
  });

  it('does not warn when nothing overlaps', () => {
    create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
    });
    expect(
      app.ok(li, 'customers.checkDuplicates', {
        name: '上海华为技术有限公司',
        keyword: '华为',
      }),
    ).toEqual([]);
    expect(app.ok(li, 'customers.checkDuplicates', { name: '', keyword: '' })).toEqual([]);
    app.ok(li, 'customers.create', {
      ...newCustomer(liId),
      name: '上海华为技术有限公司',
      keyword: '华为',
    });
  });

  it('saves anyway with confirmDuplicates: true', () => {
    create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
    });
    const c = app.ok(li, 'customers.create', {
      ...newCustomer(liId),
      name: '中兴物流有限公司',
      keyword: '中兴',
      confirmDuplicates: true,
    });
    expect(c.ownerName).toBe('李娜');
    expect(app.count('SELECT count(*) FROM customer')).toBe(2);
  });

  it('does not warn when an edit leaves name and keyword alone', () => {
    create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
    });
    const mine = create(li, liId, {
      name: '中兴物流有限公司',
      keyword: '中兴',
    });
    const r = app.ok(li, 'customers.update', edit(mine, { phone: '027-88886666' }));
    expect(r.phone).toBe('027-88886666');
  });

  it('warns when an edit changes the name into a duplicate, and can be confirmed', () => {
    create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
    });
    const mine = create(li, liId, {
      name: '武汉物流有限公司',
      keyword: '武汉物流',
    });
    const e = failure(app.call(li, 'customers.update', edit(mine, { name: '武汉中兴物流有限公司' })));
    expect(e.code).toBe('duplicate');
    expect(app.ok(li, 'customers.get', { id: mine.id }).name).toBe('武汉物流有限公司');
    const ok = app.ok(li, 'customers.update', edit(mine, { name: '武汉中兴物流有限公司', confirmDuplicates: true }));
    expect(ok.name).toBe('武汉中兴物流有限公司');
  });

  it('never matches the edited customer itself', () => {
    const c = create(wang, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
    });
    const r = app.ok(wang, 'customers.update', edit(c, { name: '中兴通讯股份有限公司', keyword: '中兴通讯' }));
    expect(r.name).toBe('中兴通讯股份有限公司');
    expect(
      app.ok(wang, 'customers.checkDuplicates', {
        name: c.name,
        keyword: c.keyword,
        excludeId: c.id,
      }),
    ).toEqual([]);
    expect(
      app.ok(wang, 'customers.checkDuplicates', {
        name: c.name,
        keyword: c.keyword,
      }),
    ).toHaveLength(1);
  });
});

describe('customers.update', () => {
  it("writes '修改客户资料' with old → new, and a separate 客户状态 line", () => {
    const c = create(admin, wangId, { statusId: 1 });
    const r = app.ok(
      admin,
      'customers.update',
      edit(c, {
        statusId: 3,
        phone: '0755-26770000',
        region: '广东省深圳市',
        ownerId: liId,
      }),
    );
    expect(r).toMatchObject({
      statusId: 3,
      statusName: '正式客户',
      phone: '0755-26770000',
      ownerName: '李娜',
      version: 2,
    });
    const logs = app.logsOf(c.id);
    expect(logs).toHaveLength(3);
    expect(logs[1]).toBe('客户状态: 潜在客户 → 正式客户');
    expect(logs[2]).toBe(
      '修改客户资料：业务员: 王伟 → 李娜；地区: （空） → 广东省深圳市；电话: （空） → 0755-26770000',
    );
  });

  it('writes only the status line when only the status changes, and nothing when nothing changes', () => {
    const c = create(wang, wangId, { statusId: 1 });
    const same = app.ok(wang, 'customers.update', edit(c));
    expect(same.version).toBe(1);
    expect(app.logsOf(c.id)).toHaveLength(1);
    app.ok(wang, 'customers.update', edit(c, { statusId: 2 }));
    expect(app.logsOf(c.id).slice(1)).toEqual(['客户状态: 潜在客户 → 意向客户']);
  });

  it('names a renamed field old → new', () => {
    const c = create(wang, wangId);
    app.ok(wang, 'customers.update', edit(c, { name: '中兴通讯（深圳）有限公司', note: '' }));
    expect(app.logsOf(c.id)[1]).toBe('修改客户资料：客户名称: 深圳市中兴通讯股份有限公司 → 中兴通讯（深圳）有限公司');
  });

  it('refuses a save based on an old version and changes nothing', () => {
    const c = create(wang, wangId);
    app.ok(admin, 'customers.update', edit(c, { phone: '0755-11112222' }));
    const e = failure(app.call(wang, 'customers.update', edit(c, { phone: '0755-33334444' })));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('已被其他人修改');
    const now = app.ok(wang, 'customers.get', { id: c.id });
    expect(now).toMatchObject({ phone: '0755-11112222', version: 2 });
    expect(app.logsOf(c.id)).toHaveLength(2);
  });

  it('lets only an administrator change the 业务员', () => {
    const c = create(wang, wangId);
    const e = failure(app.call(wang, 'customers.update', edit(c, { ownerId: liId })));
    expect(e.code).toBe('forbidden');
    expect(app.ok(admin, 'customers.get', { id: c.id }).ownerId).toBe(wangId);
  });

  it("ends the old owner's open delegations when an administrator changes the 业务员", () => {
    const c = create(wang, wangId);
    const d = delegate(c.id, wangId, liId);
    app.ok(admin, 'customers.update', edit(app.ok(admin, 'customers.get', { id: c.id }), { ownerId: liId }));
    expect(app.db.prepare('SELECT revoked_at FROM delegation WHERE id = ?').pluck().get(d)).not.toBeNull();
    expect(app.logsOf(c.id)).toEqual(expect.arrayContaining([expect.stringContaining('收回授权：李娜')]));
    expect(failure(app.call(wang, 'customers.get', { id: c.id })).code).toBe('not_found');
  });

  it('refuses bad input naming the field and writes nothing', () => {
    const c = create(wang, wangId);
    const e = failure(app.call(wang, 'customers.update', edit(c, { name: ' ', email: 'x' })));
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('客户名称');
    expect(e.message).toContain('邮箱');
    expect(app.ok(wang, 'customers.get', { id: c.id }).version).toBe(1);
  });
});

describe('soft delete and restore', () => {
  it('keeps the row, marks it deleted, hides it, and logs 删除客户', () => {
    const keep = create(wang, wangId, {
      name: '上海华为技术有限公司',
      keyword: '华为',
      statusId: 2,
    });
    const gone = create(wang, wangId, { statusId: 2 });
    expect(app.ok(wang, 'customers.delete', { ids: [gone.id] })).toEqual({
      count: 1,
    });

    const row = app.db.prepare('SELECT deleted_at, deleted_by FROM customer WHERE id = ?').get(gone.id) as {
      deleted_at: string | null;
      deleted_by: number;
    };
    expect(row.deleted_at).toBe(app.clock.now().toISOString());
    expect(row.deleted_by).toBe(wangId);
    expect(app.logsOf(gone.id).at(-1)).toBe('删除客户：深圳市中兴通讯股份有限公司');

    for (const conn of [admin, wang]) {
      expect(names(page(conn).rows)).toEqual([keep.name]);
      expect(page(conn, { withTotal: true }).total).toBe(1);
      expect(page(conn, { search: '中兴' }).rows).toEqual([]);
      const tree = app.ok(conn, 'statuses.tree');
      expect(tree.total).toBe(1);
      expect(tree.statuses.find((s) => s.id === 2)?.count).toBe(1);
    }
    expect(failure(app.call(wang, 'customers.get', { id: gone.id })).code).toBe('not_found');
    expect(failure(app.call(wang, 'customers.update', edit(gone))).code).toBe('not_found');
    // The administrator still opens it, and finds it in the recycle bin.
    expect(app.ok(admin, 'customers.get', { id: gone.id }).deletedAt).toBe(row.deleted_at);
    expect(names(page(admin, { deleted: true }).rows)).toEqual([gone.name]);
    expect(failure(app.call(wang, 'customers.page', { deleted: true })).code).toBe('forbidden');
    // Deleting it again (say from a second window) says so.
    expect(failure(app.call(wang, 'customers.delete', { ids: [gone.id] })).message).toContain('已被删除');
    expect(failure(app.call(admin, 'customers.delete', { ids: [gone.id] })).code).toBe('conflict');
    expect(app.logsOf(gone.id).filter((l) => l.startsWith('删除客户'))).toHaveLength(1);
  });

  it('lets only an administrator restore', () => {
    const c = create(wang, wangId);
    app.ok(wang, 'customers.delete', { ids: [c.id] });
    expect(failure(app.call(wang, 'customers.restore', { ids: [c.id] })).code).toBe('forbidden');
    expect(app.ok(admin, 'customers.restore', { ids: [c.id] })).toEqual({
      count: 1,
    });
    expect(app.ok(wang, 'customers.get', { id: c.id }).deletedAt).toBeNull();
    expect(names(page(wang).rows)).toEqual([c.name]);
    expect(app.logsOf(c.id).at(-1)).toBe('恢复客户：深圳市中兴通讯股份有限公司');
    expect(failure(app.call(admin, 'customers.restore', { ids: [c.id] })).code).toBe('conflict');
  });

  it('deletes several at once, or none when one of them fails', () => {
    const a = create(wang, wangId, { name: '甲公司', keyword: '甲' });
    const b = create(li, liId, { name: '乙公司', keyword: '乙' });
    expect(failure(app.call(wang, 'customers.delete', { ids: [a.id, b.id] })).code).toBe('not_found');
    expect(app.count('SELECT count(*) FROM customer WHERE deleted_at IS NOT NULL')).toBe(0);
    expect(app.ok(admin, 'customers.delete', { ids: [a.id, b.id, a.id] })).toEqual({ count: 2 });
  });
});

describe('customers.page', () => {
  interface Seeded {
    [name: string]: number;
  }
  let ids: Seeded;

  const grid: Partial<Input<'customers.create'>>[] = [
    {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
      statusId: 3,
      createdOn: '2020-05-01',
      phone: '0755-86001234',
      region: '广东省深圳市',
    },
    {
      name: '上海华为技术有限公司',
      keyword: '华为',
      statusId: 2,
      createdOn: '2021-03-15',
      phone: '021-50001111',
      region: '上海市',
    },
    {
      name: '北京百度网讯科技有限公司',
      keyword: '百度',
      statusId: 1,
      createdOn: '2019-07-20',
      phone: '010-59928888',
      region: '北京市',
    },
    {
      name: 'ZTE International Ltd',
      keyword: 'ZTE',
      statusId: 4,
      createdOn: '2022-01-10',
      phone: '+86 755 2677 0000',
      region: '香港',
    },
    {
      name: '杭州阿里巴巴网络技术有限公司',
      keyword: '阿里巴巴',
      statusId: 3,
      createdOn: '2018-09-09',
      phone: '0571-85022088',
      region: '浙江省杭州市',
    },
    {
      name: '中华网络科技有限公司',
      keyword: '中华网络',
      statusId: 1,
      createdOn: '2023-11-30',
      phone: '13800138000',
      region: '湖北省武汉市',
    },
    {
      name: '武汉光谷联合集团',
      keyword: '光谷',
      statusId: 2,
      createdOn: '2023-11-30',
      phone: '13912345678',
      region: '湖北省武汉市',
    },
  ];
  const owners = () => [wangId, liId, wangId, liId, adminId, wangId, liId];

  beforeEach(() => {
    ids = {};
    grid.forEach((g, i) => {
      ids[g.name!] = create(admin, owners()[i], g).id;
    });
  });

  const all = () => page(admin, { limit: 1000 }).rows;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

  it('returns grid rows with status and 业务员 names, newest 创建日期 first', () => {
    const rows = all();
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual({
      id: ids['武汉光谷联合集团'],
      name: '武汉光谷联合集团',
      keyword: '光谷',
      statusId: 2,
      statusName: '意向客户',
      ownerId: liId,
      ownerName: '李娜',
      createdOn: '2023-11-30',
      phone: '13912345678',
      region: '湖北省武汉市',
      delegated: false,
      pool: false,
      masked: false,
      deletedAt: null,
    });
    // Same 创建日期: the later id first, so the order is stable.
    expect(names(rows).slice(0, 2)).toEqual(['武汉光谷联合集团', '中华网络科技有限公司']);
    expect(rows.map((r) => r.createdOn)).toEqual([...rows.map((r) => r.createdOn)].sort().reverse());
  });

  it('pages with offset and limit, without gaps or repeats', () => {
    const whole = all();
    const parts = [0, 3, 6].flatMap((offset) => page(admin, { offset, limit: 3 }).rows);
    expect(parts).toEqual(whole);
    expect(page(admin, { offset: 7, limit: 3 }).rows).toEqual([]);
    expect(page(admin, { offset: 2, limit: 2 }).rows).toEqual(whole.slice(2, 4));
  });

  it('reports the total only when asked', () => {
    expect(page(admin, { limit: 2 }).total).toBeNull();
    expect(page(admin, { limit: 2, withTotal: true })).toMatchObject({
      total: 7,
    });
    expect(page(admin, { limit: 1, withTotal: true, search: '网络' }).total).toBe(2);
    expect(page(admin, { limit: 1, withTotal: true, statusId: 3 }).total).toBe(2);
    expect(page(wang, { withTotal: true }).total).toBe(3);
  });

  for (const field of ['name', 'keyword', 'createdOn', 'phone', 'region'] as const) {
    it(`sorts by ${field} ascending and descending`, () => {
      const asc = page(admin, { sort: { field, dir: 'asc' } }).rows;
      const expected = [...asc].sort((a, b) => cmp(a[field], b[field]) || a.id - b.id);
      expect(asc.map((r) => r.id)).toEqual(expected.map((r) => r.id));
      expect(asc).toHaveLength(7);
      const desc = page(admin, { sort: { field, dir: 'desc' } }).rows;
      expect(desc.map((r) => r.id)).toEqual(asc.map((r) => r.id).reverse());
    });
  }

  it('sorts by 客户状态 in the order of the status tree, then by 创建日期', () => {
    const asc = page(admin, { sort: { field: 'statusName', dir: 'asc' } }).rows;
    const treeOrder = app.ok(admin, 'statuses.tree').statuses.map((s) => s.name);
    const key = (r: CustomerRow) =>
      `${treeOrder.indexOf(r.statusName)} ${r.createdOn} ${String(r.id).padStart(9, '0')}`;
    expect(asc.map(key)).toEqual(asc.map(key).sort());
    const desc = page(admin, {
      sort: { field: 'statusName', dir: 'desc' },
    }).rows;
    expect(desc.map((r) => r.id)).toEqual(asc.map((r) => r.id).reverse());
  });

  it('sorts by 业务员, keeping each salesperson together', () => {
    const asc = page(admin, { sort: { field: 'ownerName', dir: 'asc' } }).rows;
    const runs = asc.map((r) => r.ownerName).filter((n, i, a) => i === 0 || a[i - 1] !== n);
    expect(runs).toHaveLength(3);
    expect(new Set(runs).size).toBe(3);
    // Within one salesperson: by status, then 创建日期.
    const key = (r: CustomerRow) => `${r.statusId} ${r.createdOn} ${String(r.id).padStart(9, '0')}`;
    for (const owner of runs) {
      const theirs = asc.filter((r) => r.ownerName === owner);
      expect(theirs.map(key)).toEqual(theirs.map(key).sort());
    }
    const desc = page(admin, {
      sort: { field: 'ownerName', dir: 'desc' },
    }).rows;
    expect(desc.map((r) => r.id)).toEqual(asc.map((r) => r.id).reverse());
  });

  it('filters by status, also with sort and paging', () => {
    expect(names(page(admin, { statusId: 3 }).rows).sort()).toEqual(
      ['杭州阿里巴巴网络技术有限公司', '深圳市中兴通讯股份有限公司'].sort(),
    );
    const byName = page(admin, {
      statusId: 1,
      sort: { field: 'name', dir: 'asc' },
    }).rows;
    expect(names(byName)).toEqual(['中华网络科技有限公司', '北京百度网讯科技有限公司']);
    expect(
      page(admin, {
        statusId: 1,
        limit: 1,
        offset: 1,
        sort: { field: 'name', dir: 'asc' },
      }).rows,
    ).toEqual([byName[1]]);
    expect(page(admin, { statusId: 99 }).rows).toEqual([]);
  });

  const search = (q: string, extra: Input<'customers.page'> = {}) =>
    names(page(admin, { search: q, ...extra }).rows).sort();

  it('quick-searches two CJK characters and longer CJK terms in name, keyword and region', () => {
    expect(search('中兴')).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(search('网络')).toEqual(['中华网络科技有限公司', '杭州阿里巴巴网络技术有限公司'].sort());
    expect(search('网络技术')).toEqual(['杭州阿里巴巴网络技术有限公司']);
    expect(search('武汉')).toEqual(['中华网络科技有限公司', '武汉光谷联合集团'].sort());
    expect(search('中兴华为')).toEqual([]);
  });

  it('quick-searches ASCII words by prefix, folding width and case', () => {
    expect(search('zte')).toEqual(['ZTE International Ltd']);
    expect(search('ＺＴ')).toEqual(['ZTE International Ltd']);
    expect(search('inter')).toEqual(['ZTE International Ltd']);
  });

  it('quick-searches phone digits', () => {
    expect(search('0755')).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(search('8600')).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(search('138001')).toEqual(['中华网络科技有限公司']);
    expect(search('0755-8600')).toEqual(['深圳市中兴通讯股份有限公司']);
  });

  it('falls back to a scan for a single CJK character, anywhere in the text', () => {
    expect(search('华')).toEqual(['上海华为技术有限公司', '中华网络科技有限公司'].sort());
    expect(search('团')).toEqual(['武汉光谷联合集团']);
    expect(search('港')).toEqual(['ZTE International Ltd']);
    expect(search('%')).toEqual([]);
  });

  it('combines search with status filter and total', () => {
    expect(search('网络', { statusId: 1 })).toEqual(['中华网络科技有限公司']);
    expect(page(admin, { search: '华', statusId: 2, withTotal: true }).total).toBe(1);
  });

  it('finds a term with thousands of hits the same way as a rare one, for every role', () => {
    // More hits than the handler's threshold for walking the sort index instead of the hits.
    const insert = app.db.prepare(
      `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
       VALUES (@name, @keyword, @name, @keyword, @status, @owner, @on, 'x', 'x')`,
    );
    app.db.transaction(() => {
      for (let i = 0; i < 2500; i++) {
        insert.run({
          name: `测试${i}号科技有限公司`,
          keyword: `测试${i}号`,
          status: (i % 4) + 1,
          owner: i % 3 === 0 ? wangId : liId,
          on: `20${String(10 + (i % 15)).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}`,
        });
      }
    })();
    const gone = page(admin, { search: '测试7号科技', limit: 1 }).rows[0];
    app.ok(admin, 'customers.delete', { ids: [gone.id] });

    const expected = (ownerId: number | null, statusId: number | null) =>
      app.db
        .prepare(
          `SELECT id FROM customer WHERE name LIKE '%科技%' AND deleted_at IS NULL
             AND (@owner IS NULL OR owner_id = @owner) AND (@status IS NULL OR status_id = @status)
           ORDER BY id DESC`,
        )
        .pluck()
        .all({ owner: ownerId, status: statusId }) as number[];
    for (const [conn, ownerId] of [
      [admin, null],
      [wang, wangId],
    ] as const) {
      for (const statusId of [null, 2]) {
        const want = expected(ownerId, statusId);
        expect(want.length).toBeGreaterThan(100);
        const first = page(conn, { search: '科技', statusId, limit: 100, withTotal: true });
        expect(first.total).toBe(want.length);
        expect(first.rows.map((r) => r.id)).toEqual(want.slice(0, 100));
        const later = page(conn, { search: '科技', statusId, offset: 150, limit: 100 });
        expect(later.rows.map((r) => r.id)).toEqual(want.slice(150, 250));
        // Sorted by a column: the sort index is walked and each row tested against the hits.
        const byDate = page(conn, {
          search: '科技',
          statusId,
          offset: 150,
          limit: 100,
          sort: { field: 'createdOn', dir: 'desc' },
        });
        const wantByDate = app.db
          .prepare(
            `SELECT id FROM customer WHERE id IN (SELECT value FROM ${dialectOf(app.db).jsonIds('?', 'j')})
             ORDER BY created_on DESC, id DESC`,
          )
          .pluck()
          .all(JSON.stringify(want)) as number[];
        expect(byDate.rows.map((r) => r.id)).toEqual(wantByDate.slice(150, 250));
        const byName = page(conn, { search: '科技', statusId, limit: 5, sort: { field: 'name', dir: 'asc' } }).rows;
        expect(names(byName)).toEqual([...names(byName)].sort());
      }
    }
    expect(page(admin, { search: '科技', withTotal: true }).total).toBe(2500 + 1);
  });

  it('refuses a bad sort field or page size, naming the field', () => {
    const e = failure(
      app.call(admin, 'customers.page', {
        sort: { field: 'note' as 'name', dir: 'asc' },
      }),
    );
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('排序列');
    const l = failure(app.call(admin, 'customers.page', { limit: 5000 }));
    expect(l.message).toContain('行数');
  });
});

describe('visibility', () => {
  let wangs: number;
  let lis: number;
  beforeEach(() => {
    wangs = create(admin, wangId, {
      name: '深圳市中兴通讯股份有限公司',
      keyword: '中兴',
      statusId: 1,
    }).id;
    lis = create(admin, liId, {
      name: '上海华为技术有限公司',
      keyword: '华为',
      statusId: 2,
    }).id;
  });

  it('shows a salesperson only their own customers in page, get and tree counts', () => {
    expect(names(page(wang).rows)).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(page(wang, { withTotal: true }).total).toBe(1);
    expect(page(wang, { search: '华为' }).rows).toEqual([]);
    expect(page(wang, { search: '华' }).rows).toEqual([]);
    expect(page(wang, { statusId: 2 }).rows).toEqual([]);
    const tree = app.ok(wang, 'statuses.tree');
    expect(tree.total).toBe(1);
    expect(Object.fromEntries(tree.statuses.map((s) => [s.id, s.count]))).toEqual({ 1: 1, 2: 0, 3: 0, 4: 0 });
    expect(app.ok(wang, 'customers.get', { id: wangs }).name).toBe('深圳市中兴通讯股份有限公司');
  });

  it("answers not_found for another salesperson's customer on get, update and delete", () => {
    const theirs = app.ok(admin, 'customers.get', { id: lis });
    for (const r of [
      app.call(wang, 'customers.get', { id: lis }),
      app.call(wang, 'customers.update', edit(theirs, { phone: '021-00000000' })),
      app.call(wang, 'customers.delete', { ids: [lis] }),
    ]) {
      const e = failure(r);
      expect(e.code).toBe('not_found');
      expect(e.message).toBe('客户不存在，或您无权查看');
    }
    expect(app.ok(admin, 'customers.get', { id: lis })).toEqual(theirs);
    expect(failure(app.call(wang, 'customers.get', { id: 424242 })).message).toBe('客户不存在，或您无权查看');
  });

  it('does not let a salesperson create a customer for someone else', () => {
    const e = failure(
      app.call(wang, 'customers.create', {
        ...newCustomer(liId),
        name: '新客户',
        keyword: '新客户',
      }),
    );
    expect(e.code).toBe('bad_input');
    expect(e.message).toContain('业务员');
    expect(app.count('SELECT count(*) FROM customer')).toBe(2);
  });

  it('shows an actively delegated customer as delegated, editable but not deletable', () => {
    delegate(lis, liId, wangId);
    const rows = page(wang).rows;
    expect(rows.map((r) => [r.name, r.delegated])).toEqual(
      expect.arrayContaining([
        ['深圳市中兴通讯股份有限公司', false],
        ['上海华为技术有限公司', true],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(names(page(wang, { search: '华为' }).rows)).toEqual(['上海华为技术有限公司']);
    expect(names(page(wang, { search: '华' }).rows)).toEqual(['上海华为技术有限公司']);
    const got = app.ok(wang, 'customers.get', { id: lis });
    expect(got).toMatchObject({ delegated: true, ownerName: '李娜' });
    const tree = app.ok(wang, 'statuses.tree');
    expect(tree.total).toBe(2);
    expect(tree.statuses.find((s) => s.id === 2)?.count).toBe(1);

    // The delegate follows the customer up …
    const edited = app.ok(wang, 'customers.update', edit(got, { phone: '021-50001111' }));
    expect(edited).toMatchObject({ phone: '021-50001111', delegated: true });
    // … but may not delete it or change its owner.
    const d = failure(app.call(wang, 'customers.delete', { ids: [lis] }));
    expect(d.code).toBe('forbidden');
    expect(d.message).toContain('不能删除');
    expect(failure(app.call(wang, 'customers.update', edit(edited, { ownerId: wangId }))).code).toBe('forbidden');
    expect(app.count('SELECT count(*) FROM customer WHERE deleted_at IS NOT NULL')).toBe(0);
    // The owner and the administrator see it as theirs, not delegated.
    expect(page(li).rows[0].delegated).toBe(false);
    expect(page(admin).rows.every((r) => !r.delegated)).toBe(true);
  });

  it('counts a delegation that ends today, and hides one that is revoked, expired or not yet started', () => {
    const visibleToWang = () => names(page(wang).rows).includes('上海华为技术有限公司');
    const d = delegate(lis, liId, wangId, { end_on: dayOffset(0) });
    expect(visibleToWang()).toBe(true);

    app.db.prepare('UPDATE delegation SET end_on = ? WHERE id = ?').run(dayOffset(-1), d);
    expect(visibleToWang()).toBe(false);
    expect(app.ok(wang, 'statuses.tree').total).toBe(1);
    expect(failure(app.call(wang, 'customers.get', { id: lis })).code).toBe('not_found');

    app.db
      .prepare('UPDATE delegation SET end_on = NULL, revoked_at = ?, revoked_by = ? WHERE id = ?')
      .run(app.clock.now().toISOString(), liId, d);
    expect(visibleToWang()).toBe(false);
    expect(page(wang, { withTotal: true }).total).toBe(1);
    expect(failure(app.call(wang, 'customers.get', { id: lis })).code).toBe('not_found');

    delegate(lis, liId, wangId, { start_on: dayOffset(1) });
    expect(visibleToWang()).toBe(false);
  });

  it('counts the clock: a delegation expires by itself when the day passes', () => {
    delegate(lis, liId, wangId, { end_on: dayOffset(0) });
    expect(app.ok(wang, 'customers.get', { id: lis }).delegated).toBe(true);
    app.clock.set(new Date(app.clock.now().getTime() + 24 * 3600 * 1000).toISOString());
    expect(failure(app.call(wang, 'customers.get', { id: lis })).code).toBe('not_found');
  });

  it('does not show a customer delegated to someone else', () => {
    const zhao = app.addStaff('赵磊', 'zhao');
    delegate(lis, liId, zhao);
    expect(names(page(wang).rows)).toEqual(['深圳市中兴通讯股份有限公司']);
  });

  it('shows the administrator everything', () => {
    expect(names(page(admin).rows).sort()).toEqual(['上海华为技术有限公司', '深圳市中兴通讯股份有限公司'].sort());
    expect(app.ok(admin, 'statuses.tree').total).toBe(2);
    expect(app.ok(admin, 'customers.get', { id: lis }).delegated).toBe(false);
  });
});
