import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, Result, Staff } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, failure, newCustomer, type Office } from '../testing.js';

let { app, adminId, wangId, liId, admin, wang } = {} as Office;
beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang } = createOffice());
});
afterEach(() => app.close());

function newStaff(over: Partial<Input<'staff.create'>> = {}): Input<'staff.create'> {
  return { name: '赵磊', login: 'zhao', role: 'sales', password: 'init123', ...over };
}

function edit(s: Staff, over: Partial<Input<'staff.update'>> = {}): Input<'staff.update'> {
  const { customerCount: _c, mustChangePassword: _m, departmentName: _d, ...fields } = s;
  return { ...fields, ...over };
}

const login = (l: string, password: string) =>
  app.router.dispatch({ session: null }, 'auth.login', { login: l, password });

function customerOf(conn: Connection, ownerId: number, name: string, keyword: string) {
  return app.ok(conn, 'customers.create', { ...newCustomer(ownerId), name, keyword, confirmDuplicates: true });
}

describe('staff: administrator only', () => {
  it('refuses every staff-management method to a salesperson and writes nothing', () => {
    const before = app.count('SELECT count(*) FROM staff');
    const calls: Result<unknown>[] = [
      app.call(wang, 'staff.list'),
      app.call(wang, 'staff.create', newStaff()),
      app.call(wang, 'staff.update', { id: wangId, version: 1, name: '王伟', login: 'wang', role: 'admin' }),
      app.call(wang, 'staff.resetPassword', { id: liId, password: 'hacked1' }),
      app.call(wang, 'staff.setActive', { id: liId, active: false }),
      app.call(wang, 'staff.delete', { id: liId }),
      app.call(wang, 'staff.transfer', { fromId: liId, toId: wangId }),
    ];
    for (const r of calls) expect(failure(r).code).toBe('forbidden');
    expect(app.count('SELECT count(*) FROM staff')).toBe(before);
    expect(app.count(`SELECT count(*) FROM staff WHERE role = 'admin'`)).toBe(1);
    expect(app.count('SELECT active FROM staff WHERE id = ?', liId)).toBe(1);
  });

  it('offers active staff to everyone as options, saying who can log in', () => {
    app.ok(admin, 'staff.create', newStaff({ name: '钱多多', login: '', password: '' }));
    app.ok(admin, 'staff.setActive', { id: liId, active: false });
    const options = app.ok(wang, 'staff.options');
    expect(options.map((o) => o.name).sort()).toEqual(['张经理', '王伟', '钱多多'].sort());
    expect(options.find((o) => o.name === '钱多多')).toMatchObject({ role: 'sales', hasLogin: false });
    expect(options.find((o) => o.name === '王伟')).toMatchObject({ role: 'sales', hasLogin: true });
  });

  it('lists people by the pinyin of their names, not by character code', () => {
    // By code point 张 (U+5F20) < 李 (U+674E) < 王 (U+738B) < 钱 (U+94B1); by pinyin li, qian, wang, zhang.
    app.ok(admin, 'staff.create', newStaff({ name: '钱多多', login: '', password: '' }));
    const names = (rows: { name: string }[]) => rows.map((r) => r.name);
    expect(names(app.ok(wang, 'staff.options'))).toEqual(['李娜', '钱多多', '王伟', '张经理']);
    app.ok(admin, 'staff.setActive', { id: liId, active: false });
    // 人员管理: 在职 first, each part by pinyin.
    expect(names(app.ok(admin, 'staff.list'))).toEqual(['钱多多', '王伟', '张经理', '李娜']);
  });
});

describe('staff.create and the initial password', () => {
  it('adds staff with every field; the list shows them with their customer count', () => {
    const s = app.ok(
      admin,
      'staff.create',
      newStaff({
        department: '销售一部',
        title: '销售代表',
        mobile: '13800138000',
        email: 'zhao@example.com',
        hiredOn: '2026-03-01',
      }),
    );
    expect(s).toMatchObject({
      name: '赵磊',
      login: 'zhao',
      role: 'sales',
      department: '销售一部',
      title: '销售代表',
      mobile: '13800138000',
      email: 'zhao@example.com',
      hiredOn: '2026-03-01',
      active: true,
      mustChangePassword: true,
      customerCount: 0,
    });
    customerOf(admin, wangId, '深圳市中兴通讯股份有限公司', '中兴');
    const list = app.ok(admin, 'staff.list');
    expect(list.map((r) => r.name)).toEqual(expect.arrayContaining(['张经理', '王伟', '李娜', '赵磊']));
    expect(list.find((r) => r.id === wangId)?.customerCount).toBe(1);
    const hash = app.db.prepare('SELECT password_hash FROM staff WHERE id = ?').pluck().get(s.id) as string;
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain('init123');
  });

  it('makes a user with an initial password choose a new one before anything else', () => {
    app.ok(admin, 'staff.create', newStaff());
    const conn: Connection = { session: null };
    const r = app.call(conn, 'auth.login', { login: 'zhao', password: 'init123' });
    expect(r.ok && r.value.mustChangePassword).toBe(true);
    const blocked = failure(app.call(conn, 'customers.page', {}));
    expect(blocked).toMatchObject({ code: 'password_change_required', message: '请先修改初始密码' });
    expect(app.ok(conn, 'auth.state').user?.mustChangePassword).toBe(true);

    const wrongOld = failure(
      app.call(conn, 'auth.changePassword', { oldPassword: 'nope12', newPassword: 'mine123', confirm: 'mine123' }),
    );
    expect(wrongOld.message).toBe('原密码：不正确');
    const mismatch = failure(
      app.call(conn, 'auth.changePassword', { oldPassword: 'init123', newPassword: 'mine123', confirm: 'mine124' }),
    );
    expect(mismatch.fields?.confirm).toBe('两次输入的密码不一致');

    const changed = app.ok(conn, 'auth.changePassword', {
      oldPassword: 'init123',
      newPassword: 'mine123',
      confirm: 'mine123',
    });
    expect(changed.mustChangePassword).toBe(false);
    expect(app.ok(conn, 'customers.page', {}).rows).toEqual([]);
    expect(failure(login('zhao', 'init123')).code).toBe('unauthenticated');
    expect(login('zhao', 'mine123').ok).toBe(true);
  });

  it('adds staff without a login, who need no password and cannot log in', () => {
    const s = app.ok(admin, 'staff.create', newStaff({ login: '', password: '' }));
    expect(s).toMatchObject({ login: '', mustChangePassword: false });
    expect(app.db.prepare('SELECT login, password_hash FROM staff WHERE id = ?').get(s.id)).toEqual({
      login: null,
      password_hash: null,
    });
  });

  it('needs an initial password with a login, and a login not used by anyone (any case)', () => {
    const noPassword = failure(app.call(admin, 'staff.create', newStaff({ password: '' })));
    expect(noPassword.fields).toEqual({ password: '有登录账号的人员必须设置初始密码' });
    expect(noPassword.message).toContain('初始密码');
    const taken = failure(app.call(admin, 'staff.create', newStaff({ login: 'WANG' })));
    expect(taken.code).toBe('bad_input');
    expect(taken.message).toBe('登录账号：“WANG”已被 王伟 使用');
    const short = failure(app.call(admin, 'staff.create', newStaff({ password: '123' })));
    expect(short.message).toContain('初始密码');
    expect(app.count('SELECT count(*) FROM staff')).toBe(3);
  });

  it('names every bad field and writes nothing', () => {
    const e = failure(
      app.call(admin, 'staff.create', {
        ...newStaff(),
        name: ' ',
        role: 'boss' as never,
        email: 'not-an-email',
        mobile: 'abc',
        hiredOn: '2026-02-30',
        login: 'has space',
      }),
    );
    expect(e.code).toBe('bad_input');
    for (const label of ['姓名', '角色', '邮箱', '手机', '入职日期', '登录账号']) expect(e.message).toContain(label);
    expect(app.count('SELECT count(*) FROM staff')).toBe(3);
  });
});

describe('staff.update', () => {
  it('edits fields and refuses a save based on an old version', () => {
    const s = app.ok(admin, 'staff.list').find((r) => r.id === liId) as Staff;
    const edited = app.ok(admin, 'staff.update', edit(s, { department: '销售二部', title: '主管' }));
    expect(edited).toMatchObject({ department: '销售二部', title: '主管', version: s.version + 1 });
    const stale = failure(app.call(admin, 'staff.update', edit(s, { title: '经理' })));
    expect(stale.code).toBe('conflict');
    expect(app.ok(admin, 'staff.list').find((r) => r.id === liId)?.title).toBe('主管');
  });

  it('gives a login to someone who had none only with an initial password', () => {
    const s = app.ok(admin, 'staff.create', newStaff({ login: '', password: '' }));
    const e = failure(app.call(admin, 'staff.update', edit(s, { login: 'zhao' })));
    expect(e.fields).toEqual({ password: '设置登录账号时必须设置初始密码' });
    const withLogin = app.ok(admin, 'staff.update', edit(s, { login: 'zhao', password: 'init123' }));
    expect(withLogin).toMatchObject({ login: 'zhao', mustChangePassword: true });
    expect(login('zhao', 'init123').ok).toBe(true);
  });

  it('ends the open session of someone whose login is removed', () => {
    const s = app.ok(admin, 'staff.list').find((r) => r.id === wangId) as Staff;
    app.ok(admin, 'staff.update', edit(s, { login: '' }));
    expect(failure(app.call(wang, 'customers.page', {})).code).toBe('unauthenticated');
    expect(wang.session).toBeNull();
    expect(app.db.prepare('SELECT password_hash FROM staff WHERE id = ?').pluck().get(wangId)).toBeNull();
  });

  it("narrows a demoted administrator's open session at once", () => {
    const admin2 = app.ok(
      admin,
      'staff.create',
      newStaff({ name: '孙总', login: 'sun', role: 'admin', password: 'secret1' }),
    );
    app.db.prepare('UPDATE staff SET must_change_password = 0 WHERE id = ?').run(admin2.id);
    const sun = app.login('sun');
    customerOf(admin, wangId, '深圳市中兴通讯股份有限公司', '中兴');
    expect(app.ok(sun, 'customers.page', {}).rows).toHaveLength(1);
    app.ok(admin, 'staff.update', edit(admin2, { role: 'sales' }));
    expect(app.ok(sun, 'customers.page', {}).rows).toHaveLength(0);
    expect(failure(app.call(sun, 'staff.list')).code).toBe('forbidden');
  });
});

describe('the last active administrator', () => {
  it('cannot be disabled, demoted, stripped of the login or deleted', () => {
    const me = app.ok(admin, 'staff.list').find((r) => r.id === adminId) as Staff;
    const cases: [Result<unknown>, string][] = [
      [app.call(admin, 'staff.setActive', { id: adminId, active: false }), '不能停用'],
      [app.call(admin, 'staff.update', edit(me, { active: false })), '不能停用'],
      [app.call(admin, 'staff.update', edit(me, { role: 'sales' })), '不能改为业务员'],
      [app.call(admin, 'staff.update', edit(me, { login: '' })), '不能取消登录账号'],
      [app.call(admin, 'staff.delete', { id: adminId }), '不能删除'],
    ];
    for (const [r, what] of cases) {
      const e = failure(r);
      expect(e.code).toBe('forbidden');
      expect(e.message).toBe(`张经理是最后一位在职的管理员，${what}`);
    }
    expect(app.db.prepare('SELECT role, active, login FROM staff WHERE id = ?').get(adminId)).toEqual({
      role: 'admin',
      active: 1,
      login: 'admin',
    });
  });

  it('counts only active administrators who can log in', () => {
    const other = app.ok(admin, 'staff.create', newStaff({ name: '孙总', login: 'sun', role: 'admin' }));
    // With a second active administrator, one may be demoted or disabled — but not by themselves.
    expect(failure(app.call(admin, 'staff.setActive', { id: adminId, active: false })).message).toBe(
      '不能停用自己的账号，请由其他管理员操作',
    );
    app.ok(admin, 'staff.setActive', { id: other.id, active: false });
    // Now 孙总 is disabled: 张经理 is the last again.
    expect(failure(app.call(admin, 'staff.setActive', { id: adminId, active: false })).message).toContain(
      '最后一位在职的管理员',
    );
    app.ok(admin, 'staff.setActive', { id: other.id, active: true });
    const sun = app.ok(admin, 'staff.list').find((r) => r.id === other.id) as Staff;
    // An administrator without a login cannot log in: 张经理 is the last one who can.
    app.ok(admin, 'staff.update', edit(sun, { login: '' }));
    expect(failure(app.call(admin, 'staff.setActive', { id: adminId, active: false })).message).toContain(
      '最后一位在职的管理员',
    );
  });
});

describe('停用 and a disabled user', () => {
  it('ends their open session and refuses their login; 启用 lets them log in again', () => {
    expect(app.ok(wang, 'customers.page', {}).rows).toEqual([]);
    const disabled = app.ok(admin, 'staff.setActive', { id: wangId, active: false });
    expect(disabled.active).toBe(false);
    const r = failure(app.call(wang, 'customers.page', {}));
    expect(r.code).toBe('unauthenticated');
    expect(wang.session).toBeNull();
    expect(app.ok(wang, 'auth.state').user).toBeNull();

    expect(failure(login('wang', 'secret1'))).toEqual({
      code: 'unauthenticated',
      message: '该账号已停用，请联系管理员',
    });
    // A wrong password still tells nothing about the account.
    expect(failure(login('wang', 'wrong-one')).message).toBe('登录账号或密码不正确');

    app.ok(admin, 'staff.setActive', { id: wangId, active: true });
    expect(app.call(wang, 'customers.page', {}).ok).toBe(false);
    expect(login('wang', 'secret1').ok).toBe(true);
  });

  it('is no longer offered as 业务员 and cannot be given customers', () => {
    app.ok(admin, 'staff.setActive', { id: liId, active: false });
    expect(app.ok(admin, 'staff.options').some((o) => o.id === liId)).toBe(false);
    const e = failure(app.call(admin, 'customers.create', { ...newCustomer(liId), name: '新客户', keyword: '新客户' }));
    expect(e.message).toContain('已停用');
    expect(failure(app.call(admin, 'staff.transfer', { fromId: wangId, toId: liId })).message).toBe(
      '转移给：李娜已停用',
    );
  });
});

describe('staff.resetPassword', () => {
  it('sets a new initial password that must be changed at the next login', () => {
    const s = app.ok(admin, 'staff.resetPassword', { id: wangId, password: 'reset99' });
    expect(s.mustChangePassword).toBe(true);
    expect(failure(login('wang', 'secret1')).code).toBe('unauthenticated');
    const conn: Connection = { session: null };
    expect(app.router.dispatch(conn, 'auth.login', { login: 'wang', password: 'reset99' }).ok).toBe(true);
    expect(failure(app.call(conn, 'statuses.tree')).message).toBe('请先修改初始密码');
    // The open session from before the reset is held to the same rule.
    expect(failure(app.call(wang, 'statuses.tree')).message).toBe('请先修改初始密码');
    app.ok(conn, 'auth.changePassword', { oldPassword: 'reset99', newPassword: 'wang2026', confirm: 'wang2026' });
    expect(app.ok(wang, 'statuses.tree').total).toBe(0);
  });

  it('refuses someone without a login, and a short password', () => {
    const s = app.ok(admin, 'staff.create', newStaff({ login: '', password: '' }));
    expect(failure(app.call(admin, 'staff.resetPassword', { id: s.id, password: 'reset99' })).message).toContain(
      '没有登录账号',
    );
    expect(failure(app.call(admin, 'staff.resetPassword', { id: wangId, password: '12' })).message).toBe(
      '初始密码：至少 6 位',
    );
  });
});

describe('staff.delete', () => {
  it('deletes someone who never owned or touched data', () => {
    const s = app.ok(admin, 'staff.create', newStaff());
    expect(app.ok(admin, 'staff.delete', { id: s.id })).toBeNull();
    expect(app.count('SELECT count(*) FROM staff WHERE id = ?', s.id)).toBe(0);
  });

  it('keeps anyone who owns a customer or wrote a log: they are disabled instead', () => {
    customerOf(admin, wangId, '深圳市中兴通讯股份有限公司', '中兴');
    const owner = failure(app.call(admin, 'staff.delete', { id: wangId }));
    expect(owner).toEqual({ code: 'forbidden', message: '王伟已有客户或操作记录，不能删除；请改为停用' });
    // 李娜 owns nothing but wrote a log (as the delegate who edited a customer).
    const c = customerOf(admin, wangId, '上海华为技术有限公司', '华为');
    app.ok(wang, 'delegations.grant', { customerIds: [c.id], toId: liId });
    const li = app.login('li');
    const got = app.ok(li, 'customers.get', { id: c.id });
    const {
      id: _id,
      statusName: _s,
      ownerName: _o,
      delegated: _d,
      pool: _p,
      masked: _m,
      deletedAt: _x,
      ...fields
    } = got;
    app.ok(li, 'customers.update', { ...fields, id: got.id, phone: '021-12345678' });
    expect(failure(app.call(admin, 'staff.delete', { id: liId })).code).toBe('forbidden');
    expect(app.count('SELECT count(*) FROM staff')).toBe(3);
  });
});

describe('staff.transfer', () => {
  let a: number;
  let b: number;
  let c: number;
  beforeEach(() => {
    a = customerOf(admin, wangId, '深圳市中兴通讯股份有限公司', '中兴').id;
    b = customerOf(admin, wangId, '上海华为技术有限公司', '华为').id;
    c = customerOf(admin, wangId, '北京京东世纪贸易有限公司', '京东').id;
  });

  it('moves the chosen customers, with an 操作日志 line on each', () => {
    expect(app.ok(admin, 'staff.transfer', { customerIds: [a, b], toId: liId })).toEqual({ count: 2 });
    const owners = app.db.prepare('SELECT id, owner_id FROM customer ORDER BY id').all();
    expect(owners).toEqual([
      { id: a, owner_id: liId },
      { id: b, owner_id: liId },
      { id: c, owner_id: wangId },
    ]);
    expect(app.logsOf(a).at(-1)).toBe('转移客户：业务员 王伟 → 李娜');
    expect(app.logsOf(b).at(-1)).toBe('转移客户：业务员 王伟 → 李娜');
    expect(app.logsOf(c).some((l) => l.startsWith('转移客户'))).toBe(false);
    // The new owner sees them; the old one no longer does.
    const li = app.login('li');
    expect(app.ok(li, 'customers.page', { withTotal: true }).total).toBe(2);
    expect(failure(app.call(wang, 'customers.get', { id: a })).code).toBe('not_found');
  });

  it('moves every customer of someone who left, deleted ones included', () => {
    app.ok(admin, 'customers.delete', { ids: [c] });
    app.ok(admin, 'staff.setActive', { id: wangId, active: false });
    expect(app.ok(admin, 'staff.transfer', { fromId: wangId, toId: liId })).toEqual({ count: 3 });
    expect(app.count('SELECT count(*) FROM customer WHERE owner_id = ?', wangId)).toBe(0);
    expect(app.logsOf(c).at(-1)).toBe('转移客户：业务员 王伟 → 李娜');
    expect(app.ok(admin, 'staff.list').find((s) => s.id === wangId)?.customerCount).toBe(0);
  });

  it('ends the old owner’s delegations of the moved customers, logging it', () => {
    const zhao = app.addStaff('赵磊', 'zhao');
    app.ok(wang, 'delegations.grant', { customerIds: [a], toId: zhao });
    app.ok(admin, 'staff.transfer', { customerIds: [a], toId: liId });
    expect(app.logsOf(a).slice(-2)).toEqual(['转移客户：业务员 王伟 → 李娜', '收回授权：赵磊（客户已转移给李娜）']);
    const rows = app.ok(admin, 'delegations.list', { customerId: a }).rows;
    expect(rows[0]).toMatchObject({ toName: '赵磊', state: 'revoked', revokedByName: '张经理' });
    expect(failure(app.call(app.login('zhao'), 'customers.get', { id: a })).code).toBe('not_found');
  });

  it('refuses nonsense and writes nothing', () => {
    const both = failure(app.call(admin, 'staff.transfer', { customerIds: [a], fromId: wangId, toId: liId }));
    expect(both.code).toBe('bad_input');
    const neither = failure(app.call(admin, 'staff.transfer', { toId: liId }));
    expect(neither.message).toContain('请选择要转移的客户');
    expect(failure(app.call(admin, 'staff.transfer', { fromId: wangId, toId: wangId })).message).toBe(
      '转移给：不能与原业务员相同',
    );
    expect(failure(app.call(admin, 'staff.transfer', { fromId: liId, toId: wangId })).message).toBe(
      '原业务员：李娜名下没有客户',
    );
    expect(failure(app.call(admin, 'staff.transfer', { customerIds: [a, 9999], toId: liId })).code).toBe('not_found');
    expect(failure(app.call(admin, 'staff.transfer', { customerIds: [a], toId: wangId })).message).toBe(
      '转移给：所选客户已经属于王伟',
    );
    expect(app.count('SELECT count(*) FROM customer WHERE owner_id = ?', wangId)).toBe(3);
    expect(app.count(`SELECT count(*) FROM record WHERE content LIKE '转移客户%'`)).toBe(0);
  });
});
