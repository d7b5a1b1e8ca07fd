/**
 * The visibility matrix: for every handler that reads or writes one customer's data, who may
 * reach a customer owned by 王伟 — the owner, another salesperson, a delegate (active, revoked,
 * expired, not yet started), the administrator, and 销售经理 (issue 21): the manager of 王伟's
 * 部门 (王伟 is in its 小组), the manager of another 部门, and the first once 王伟 has moved
 * out. A new customer-data handler (售前报价, 购买情况, 年费 …) belongs in `probes`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Result } from '../core/contract.js';
import { today, type Connection } from './context.js';
import { createTestApp, failure, newCustomer, type TestApp } from './testing.js';
import { seedPurchase } from './handlers/fees.fixtures.js';
import { watchersSql } from './visibility.js';

let app: TestApp;
let ids: Record<'admin' | 'wang' | 'li' | 'zhao' | 'qian' | 'sun', number>;
let conns: Record<'admin' | 'wang' | 'li' | 'qian' | 'sun', Connection>;
/** 销售一部 (赵磊 in it, 王伟 in its 小组 一组; 钱经理 manages it) and 销售二部 (孙经理). */
let depts: Record<'one' | 'group' | 'two', number>;
let target: Customer;

const NAME = '深圳市中兴通讯股份有限公司';

beforeEach(() => {
  app = createTestApp();
  const admin = app.addStaff('张经理', 'admin', 'admin');
  const adminConn = app.login('admin');
  const one = app.ok(adminConn, 'departments.create', { name: '销售一部' }).id;
  const group = app.ok(adminConn, 'departments.create', { name: '一组', parentId: one }).id;
  const two = app.ok(adminConn, 'departments.create', { name: '销售二部' }).id;
  depts = { one, group, two };
  ids = {
    admin,
    wang: app.addStaff('王伟', 'wang', 'sales', group),
    li: app.addStaff('李娜', 'li'),
    zhao: app.addStaff('赵磊', 'zhao', 'sales', one),
    qian: app.addStaff('钱经理', 'qian', 'manager', one),
    sun: app.addStaff('孙经理', 'sun', 'manager', two),
  };
  conns = {
    admin: adminConn,
    wang: app.login('wang'),
    li: app.login('li'),
    qian: app.login('qian'),
    sun: app.login('sun'),
  };
  target = app.ok(conns.wang, 'customers.create', { ...newCustomer(ids.wang), phone: '0755-26770000' });
});
afterEach(() => app.close());

function dayOffset(days: number): string {
  const d = new Date(`${today({ clock: app.clock })}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Who asks, and how the customer came to be (or not be) theirs. */
const roles = {
  owner: () => conns.wang,
  admin: () => conns.admin,
  other: () => conns.li,
  delegate: () => {
    app.ok(conns.wang, 'delegations.grant', { customerIds: [target.id], toId: ids.li });
    return conns.li;
  },
  revoked: () => {
    app.ok(conns.wang, 'delegations.grant', { customerIds: [target.id], toId: ids.li });
    const [d] = app.ok(conns.wang, 'delegations.list', { customerId: target.id }).rows;
    app.ok(conns.wang, 'delegations.revoke', { id: d.id });
    return conns.li;
  },
  expired: () => {
    app.ok(conns.wang, 'delegations.grant', { customerIds: [target.id], toId: ids.li, endOn: dayOffset(1) });
    app.clock.set(new Date(app.clock.now().getTime() + 2 * 86400000).toISOString());
    return conns.li;
  },
  notStarted: () => {
    app.ok(conns.wang, 'delegations.grant', { customerIds: [target.id], toId: ids.li, startOn: dayOffset(1) });
    return conns.li;
  },
  manager: () => conns.qian,
  otherManager: () => conns.sun,
  /** 王伟 moved to 销售二部 (人员管理 › 修改): his customers leave 钱经理's view with him. */
  movedOut: () => {
    moveStaff(ids.wang, depts.two);
    return conns.qian;
  },
} as const;

/** 人员管理 › 修改: someone's 部门 changed, through the handler. */
function moveStaff(id: number, departmentId: number | null) {
  const s = app.ok(conns.admin, 'staff.list').find((r) => r.id === id)!;
  const { customerCount: _c, mustChangePassword: _m, departmentName: _d, ...fields } = s;
  app.ok(conns.admin, 'staff.update', { ...fields, departmentId });
}
type Role = keyof typeof roles;

type Outcome = 'ok' | 'not_found' | 'forbidden';

/** 'follow' = view and follow up (a delegate may); 'manage' = delete, delegate, revoke (a delegate may not). */
interface Probe {
  method: string;
  kind: 'follow' | 'manage';
  run(conn: Connection): Result<unknown> | Outcome;
}

/** A product to quote or sell (the catalog is everyone's; the administrator registers it). */
function aProduct(): number {
  const categoryId = app.ok(conns.admin, 'categories.create', { name: '办公软件' }).id;
  return app.ok(conns.admin, 'products.create', {
    code: 'RJ-001',
    name: '用友财务软件',
    categoryId,
    guidePriceCents: 1280000,
  }).id;
}

const inList = (r: Result<{ rows: { id: number }[] }>): Outcome =>
  r.ok && r.value.rows.some((row) => row.id === target.id) ? 'ok' : 'not_found';

const probes: Probe[] = [
  { method: 'customers.page', kind: 'follow', run: (c) => inList(app.call(c, 'customers.page', {})) },
  {
    method: 'customers.page (quick search)',
    kind: 'follow',
    run: (c) => inList(app.call(c, 'customers.page', { search: '中兴' })),
  },
  {
    method: 'customers.page (phone search)',
    kind: 'follow',
    run: (c) => inList(app.call(c, 'customers.page', { search: '26770000', statusId: 1 })),
  },
  {
    method: 'statuses.tree (counts)',
    kind: 'follow',
    run: (c) => (app.ok(c, 'statuses.tree').total === 1 ? 'ok' : 'not_found'),
  },
  { method: 'customers.get', kind: 'follow', run: (c) => app.call(c, 'customers.get', { id: target.id }) },
  {
    method: 'customers.update',
    kind: 'follow',
    run: (c) => {
      const {
        id,
        version,
        statusName: _s,
        ownerName: _o,
        delegated: _d,
        pool: _p,
        masked: _m,
        deletedAt: _x,
        ...fields
      } = target;
      return app.call(c, 'customers.update', { ...fields, id, version, phone: '0755-11112222' });
    },
  },
  {
    method: 'delegations.list',
    kind: 'follow',
    run: (c) => app.call(c, 'delegations.list', { customerId: target.id }),
  },
  // Tabs 4 and 5: a delegate follows the customer up, so may read and save both.
  {
    method: 'contacts.list',
    kind: 'follow',
    run: (c) => app.call(c, 'contacts.list', { customerId: target.id }),
  },
  {
    method: 'contacts.save',
    kind: 'follow',
    run: (c) => {
      const { token } = app.ok(conns.admin, 'contacts.list', { customerId: target.id });
      return app.call(c, 'contacts.save', { customerId: target.id, token, created: [{ name: '张三' }] });
    },
  },
  {
    method: 'records.list',
    kind: 'follow',
    run: (c) => app.call(c, 'records.list', { customerId: target.id }),
  },
  {
    method: 'records.save',
    kind: 'follow',
    run: (c) => {
      const { token } = app.ok(conns.admin, 'records.list', { customerId: target.id });
      const at = app.clock.now().toISOString();
      return app.call(c, 'records.save', {
        customerId: target.id,
        token,
        created: [{ at, method: '电话', content: '电话回访' }],
      });
    },
  },
  // Tabs 6 and 7: a delegate follows the customer up, so may quote and register sales too.
  {
    method: 'quotes.list',
    kind: 'follow',
    run: (c) => app.call(c, 'quotes.list', { customerId: target.id }),
  },
  {
    method: 'quotes.save',
    kind: 'follow',
    run: (c) => {
      const productId = aProduct();
      const { token } = app.ok(conns.admin, 'quotes.list', { customerId: target.id });
      return app.call(c, 'quotes.save', {
        customerId: target.id,
        token,
        created: [{ productId, quotedOn: '2026-11-26', quantity: 1, priceCents: 1280000 }],
      });
    },
  },
  {
    method: 'purchases.list',
    kind: 'follow',
    run: (c) => app.call(c, 'purchases.list', { customerId: target.id }),
  },
  {
    method: 'purchases.save',
    kind: 'follow',
    run: (c) => {
      const productId = aProduct();
      const { token } = app.ok(conns.admin, 'purchases.list', { customerId: target.id });
      return app.call(c, 'purchases.save', {
        customerId: target.id,
        token,
        created: [{ productId, purchasedOn: '2026-11-26', quantity: 1, unitPriceCents: 1280000, amountPaidCents: 0 }],
      });
    },
  },
  // Area 9 and 收款: whoever follows the customer up sees its fees and arrears and records payments.
  {
    method: 'fees.due',
    kind: 'follow',
    run: (c) => {
      const p = seedPurchase(app, target.id, { remind: true, serviceEndOn: dayOffset(0) });
      const r = app.call(c, 'fees.due', {});
      return r.ok && r.value.rows.some((row) => row.purchaseId === p) ? 'ok' : 'not_found';
    },
  },
  {
    method: 'fees.summary',
    kind: 'follow',
    run: (c) => {
      seedPurchase(app, target.id, { remind: true, serviceEndOn: dayOffset(0) });
      return app.ok(c, 'fees.summary').count === 1 ? 'ok' : 'not_found';
    },
  },
  {
    method: 'fees.arrears',
    kind: 'follow',
    run: (c) => {
      seedPurchase(app, target.id, {});
      const r = app.call(c, 'fees.arrears', {});
      return r.ok && r.value.rows.some((row) => row.customerId === target.id) ? 'ok' : 'not_found';
    },
  },
  {
    method: 'fees.arrearsPurchases',
    kind: 'follow',
    run: (c) => {
      seedPurchase(app, target.id, {});
      return app.call(c, 'fees.arrearsPurchases', { customerId: target.id });
    },
  },
  {
    method: 'fees.reminder',
    kind: 'follow',
    run: (c) => app.call(c, 'fees.reminder', { customerId: target.id }),
  },
  {
    method: 'payments.list',
    kind: 'follow',
    run: (c) => app.call(c, 'payments.list', { purchaseId: seedPurchase(app, target.id, {}) }),
  },
  {
    method: 'payments.create',
    kind: 'follow',
    run: (c) =>
      app.call(c, 'payments.create', {
        purchaseId: seedPurchase(app, target.id, {}),
        version: 1,
        kind: 'goods',
        amountCents: 100,
        paidOn: dayOffset(0),
        handledBy: ids.wang,
      }),
  },
  { method: 'customers.delete', kind: 'manage', run: (c) => app.call(c, 'customers.delete', { ids: [target.id] }) },
  {
    method: 'delegations.grant',
    kind: 'manage',
    run: (c) => app.call(c, 'delegations.grant', { customerIds: [target.id], toId: ids.zhao }),
  },
  {
    method: 'delegations.revoke',
    kind: 'manage',
    run: (c) => {
      const d = app.db
        .prepare(`SELECT id FROM delegation WHERE customer_id = ? AND to_id = ? AND revoked_at IS NULL`)
        .pluck()
        .get(target.id, ids.zhao) as number;
      return app.call(c, 'delegations.revoke', { id: d });
    },
  },
];

const expected: Record<Role, Record<Probe['kind'], Outcome>> = {
  owner: { follow: 'ok', manage: 'ok' },
  admin: { follow: 'ok', manage: 'ok' },
  other: { follow: 'not_found', manage: 'not_found' },
  delegate: { follow: 'ok', manage: 'forbidden' },
  revoked: { follow: 'not_found', manage: 'not_found' },
  expired: { follow: 'not_found', manage: 'not_found' },
  notStarted: { follow: 'not_found', manage: 'not_found' },
  manager: { follow: 'ok', manage: 'ok' },
  otherManager: { follow: 'not_found', manage: 'not_found' },
  movedOut: { follow: 'not_found', manage: 'not_found' },
};

const outcome = (r: Result<unknown> | Outcome): Outcome =>
  typeof r === 'string' ? r : r.ok ? 'ok' : (r.error.code as Outcome);

describe('visibility matrix', () => {
  for (const probe of probes) {
    for (const role of Object.keys(roles) as Role[]) {
      const want = expected[role][probe.kind];
      it(`${probe.method}: ${role} → ${want}`, () => {
        // The revoke probe needs a delegation of this customer to someone else (赵磊) to revoke.
        if (probe.method === 'delegations.revoke') {
          app.ok(conns.wang, 'delegations.grant', { customerIds: [target.id], toId: ids.zhao });
        }
        const conn = roles[role]();
        const r = probe.run(conn);
        expect(outcome(r)).toBe(want);
        if (typeof r !== 'string' && !r.ok && want === 'not_found') {
          // Someone who may not see it learns nothing: not the name, not the phone, not whether it exists.
          expect(JSON.stringify(r)).not.toContain('中兴');
          expect(JSON.stringify(r)).not.toContain('26770000');
          expect(r.error.message).toMatch(/不存在，或您无权查看$/);
        }
      });
    }
  }
});

describe('what a delegate sees', () => {
  it('marks the customer as delegated in the grid and in the customer', () => {
    roles.delegate();
    const [row] = app.ok(conns.li, 'customers.page', {}).rows;
    expect(row).toMatchObject({ id: target.id, delegated: true, ownerName: '王伟' });
    expect(app.ok(conns.li, 'customers.get', { id: target.id }).delegated).toBe(true);
    expect(app.ok(conns.wang, 'customers.get', { id: target.id }).delegated).toBe(false);
  });

  it('may not change the owner of a delegated customer', () => {
    roles.delegate();
    const {
      id,
      version,
      statusName: _s,
      ownerName: _o,
      delegated: _d,
      pool: _p,
      masked: _m,
      deletedAt: _x,
      ...fields
    } = target;
    const r = app.call(conns.li, 'customers.update', { ...fields, id, version, ownerId: ids.li });
    expect(outcome(r)).toBe('forbidden');
    expect(app.db.prepare('SELECT owner_id FROM customer WHERE id = ?').pluck().get(target.id)).toBe(ids.wang);
  });
});

describe('the keyword duplicate warning', () => {
  it("looks across every salesperson but tells only the other customer's name and 业务员", () => {
    const r = app.ok(conns.li, 'customers.checkDuplicates', {
      name: '中兴软件技术（南京）有限公司',
      keyword: '中兴软件',
    });
    expect(r).toEqual([{ name: NAME, ownerName: '王伟' }]);
    const refused = app.call(conns.li, 'customers.create', {
      ...newCustomer(ids.li),
      name: '中兴软件技术（南京）有限公司',
      keyword: '中兴软件',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('duplicate');
      expect(refused.error.details).toEqual({
        matches: [{ name: NAME, ownerName: '王伟' }],
        count: 1,
        countIsBound: false,
      });
      expect(JSON.stringify(refused.error)).not.toContain('26770000');
    }
    // … and the other customer stays out of reach.
    expect(outcome(app.call(conns.li, 'customers.get', { id: target.id }))).toBe('not_found');
  });
});

describe('what a 销售经理 sees (their 部门 and its 小组)', () => {
  /** A customer of each: 王伟 (小组 一组), 赵磊 (销售一部), 李娜 (no 部门), 孙经理 (销售二部), and 钱经理's own. */
  function office() {
    const make = (conn: Connection, ownerId: number, name: string, keyword: string, statusId = 1) =>
      app.ok(conn, 'customers.create', { ...newCustomer(ownerId), name, keyword, statusId }).id;
    return {
      zhao: make(conns.admin, ids.zhao, '深圳市中科软件有限公司', '中科', 2),
      li: make(conns.li, ids.li, '深圳市中信科技有限公司', '中信'),
      sun: make(conns.sun, ids.sun, '深圳市中海物流有限公司', '中海', 2),
      qian: make(conns.qian, ids.qian, '深圳市中华印刷有限公司', '中华', 3),
    };
  }
  const gridIds = (conn: Connection, input: Record<string, unknown> = {}) =>
    app
      .ok(conn, 'customers.page', input)
      .rows.map((r) => r.id)
      .sort((a, b) => a - b);
  const sorted = (...xs: number[]) => [...xs].sort((a, b) => a - b);

  it("sees the team's customers in the grid, its total and the 客户状态 counts — not another 部门's", () => {
    const c = office();
    const team = sorted(target.id, c.zhao, c.qian);
    expect(gridIds(conns.qian)).toEqual(team);
    expect(app.ok(conns.qian, 'customers.page', { withTotal: true }).total).toBe(3);
    const tree = app.ok(conns.qian, 'statuses.tree');
    expect(tree.total).toBe(3);
    expect(Object.fromEntries(tree.statuses.map((s) => [s.id, s.count]))).toEqual({ 1: 1, 2: 1, 3: 1, 4: 0 });
    expect(gridIds(conns.sun)).toEqual([c.sun]);
    // Sorted by any column, 业务员 included (the salesperson's two-arm read is not the manager's).
    for (const field of ['ownerName', 'name', 'statusName', 'createdOn'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const rows = app.ok(conns.qian, 'customers.page', { sort: { field, dir } }).rows;
        expect(sorted(...rows.map((r) => r.id)), `${field} ${dir}`).toEqual(team);
      }
    }
    expect(app.ok(conns.qian, 'customers.page', { statusId: 2 }).rows.map((r) => r.id)).toEqual([c.zhao]);
    // Not delegated: the team's own.
    expect(app.ok(conns.qian, 'customers.get', { id: target.id }).delegated).toBe(false);
  });

  it('finds only the team’s customers by quick search: words, one character, pinyin and initials, phone', () => {
    const c = office();
    for (const q of ['中', '深圳', 'zhong', 'zk', '中科', '26770000']) {
      const want =
        q === 'zk' || q === '中科' ? [c.zhao] : q === '26770000' ? [target.id] : sorted(target.id, c.zhao, c.qian);
      expect(gridIds(conns.qian, { search: q }), q).toEqual(want);
      const page = app.ok(conns.qian, 'customers.page', { search: q, withTotal: true });
      expect(page.total, q).toBe(want.length);
    }
    expect(gridIds(conns.qian, { search: '中信' })).toEqual([]);
    expect(gridIds(conns.qian, { search: '中', sort: { field: 'name', dir: 'asc' } })).toEqual(
      sorted(target.id, c.zhao, c.qian),
    );
    expect(gridIds(conns.qian, { search: '中', statusId: 3 })).toEqual([c.qian]);
  });

  it('adds the customers delegated to them, marked as delegated', () => {
    const c = office();
    app.ok(conns.li, 'delegations.grant', { customerIds: [c.li], toId: ids.zhao });
    expect(gridIds(conns.qian)).not.toContain(c.li); // delegated to a member, not to the manager
    app.db.prepare(`UPDATE staff SET role = 'sales' WHERE id = ?`).run(ids.qian); // a delegate is a salesperson …
    app.ok(conns.li, 'delegations.grant', { customerIds: [c.li], toId: ids.qian });
    app.db.prepare(`UPDATE staff SET role = 'manager' WHERE id = ?`).run(ids.qian); // … who may become a manager
    const qian = app.login('qian');
    expect(gridIds(qian)).toEqual(sorted(target.id, c.zhao, c.qian, c.li));
    expect(app.ok(qian, 'statuses.tree').total).toBe(4);
    expect(app.ok(qian, 'customers.get', { id: c.li }).delegated).toBe(true);
    expect(gridIds(qian, { search: '中信' })).toEqual([c.li]);
  });

  it('loses a 小组 moved to another 部门, and a member moved out, at once', () => {
    const c = office();
    app.ok(conns.admin, 'departments.move', { id: depts.group, version: 1, parentId: depts.two });
    expect(gridIds(conns.qian)).toEqual(sorted(c.zhao, c.qian));
    expect(gridIds(conns.sun)).toEqual(sorted(target.id, c.sun));
    expect(app.ok(conns.qian, 'statuses.tree').total).toBe(2);
    expect(gridIds(conns.qian, { search: '中兴' })).toEqual([]);
    moveStaff(ids.zhao, null);
    expect(gridIds(conns.qian)).toEqual([c.qian]);
    expect(app.call(conns.qian, 'customers.get', { id: c.zhao }).ok).toBe(false);
  });

  it('may 转移客户 and 授权 within the 部门, not outside it — the refusal says why', () => {
    const c = office();
    expect(app.ok(conns.qian, 'staff.transfer', { customerIds: [target.id], toId: ids.zhao })).toEqual({ count: 1 });
    expect(app.logsOf(target.id).at(-1)).toBe('转移客户：业务员 王伟 → 赵磊');
    expect(failure(app.call(conns.qian, 'staff.transfer', { customerIds: [target.id], toId: ids.li })).message).toBe(
      '转移给：李娜不在您的部门：销售经理只能在本部门内转移客户',
    );
    expect(failure(app.call(conns.qian, 'staff.transfer', { customerIds: [c.li], toId: ids.zhao })).code).toBe(
      'not_found',
    );
    expect(failure(app.call(conns.qian, 'staff.transfer', { fromId: ids.sun, toId: ids.zhao })).message).toBe(
      '孙经理不在您的部门：销售经理只能在本部门内转移客户',
    );
    expect(app.ok(conns.qian, 'staff.transfer', { fromId: ids.zhao, toId: ids.wang })).toEqual({ count: 2 });
    expect(failure(app.call(conns.wang, 'staff.transfer', { fromId: ids.wang, toId: ids.zhao })).message).toBe(
      '只有管理员或销售经理可以转移客户',
    );
    // 授权 to a member of the team; not to someone outside.
    expect(app.ok(conns.qian, 'delegations.grant', { customerIds: [c.qian], toId: ids.wang })).toEqual({ count: 1 });
    expect(failure(app.call(conns.qian, 'delegations.grant', { customerIds: [c.qian], toId: ids.li })).message).toBe(
      '授权给：李娜不在您的部门：销售经理只能授权给本部门的人员',
    );
    // 业务员 of a customer: changed only between members.
    const t = app.ok(conns.qian, 'customers.get', { id: c.zhao });
    const {
      id,
      version,
      statusName: _s,
      ownerName: _o,
      delegated: _d,
      pool: _p,
      masked: _m,
      deletedAt: _x,
      ...fields
    } = t;
    expect(failure(app.call(conns.qian, 'customers.update', { ...fields, id, version, ownerId: ids.li })).message).toBe(
      '业务员：销售经理只能在本部门的人员之间变更业务员',
    );
    expect(app.ok(conns.qian, 'customers.update', { ...fields, id, version, ownerId: ids.qian }).ownerName).toBe(
      '钱经理',
    );
  });

  it('sees the team in 工作台, 销售统计 (with a 部门 filter) and tab 9', () => {
    const c = office();
    seedPurchase(app, target.id, { remind: true, serviceEndOn: dayOffset(3), annualFeeCents: 1000 });
    seedPurchase(app, c.li, { remind: true, serviceEndOn: dayOffset(3), annualFeeCents: 2000 });
    seedPurchase(app, c.zhao, { remind: true, serviceEndOn: dayOffset(4), annualFeeCents: 4000 });
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const perOwner = (conn: Connection, input: Record<string, unknown> = {}) =>
      app
        .ok(conn, 'stats.newCustomers', { ...range, ...input })
        .map((r) => r.ownerName)
        .sort();
    expect(perOwner(conns.qian)).toEqual(['王伟', '赵磊', '钱经理'].sort());
    // The 部门 filter: the 小组 only, for the manager and for the administrator.
    expect(perOwner(conns.qian, { departmentId: depts.group })).toEqual(['王伟']);
    expect(perOwner(conns.admin, { departmentId: depts.one })).toEqual(['王伟', '赵磊', '钱经理'].sort());
    expect(perOwner(conns.admin, { departmentId: depts.two })).toEqual(['孙经理']);
    // Never wider than the team: another 部门 or 业务员 outside it shows nothing.
    expect(perOwner(conns.qian, { departmentId: depts.two })).toEqual([]);
    expect(perOwner(conns.qian, { ownerId: ids.li })).toEqual([]);
    // A salesperson's filters are ignored.
    expect(perOwner(conns.wang, { departmentId: depts.two })).toEqual(['王伟']);
    const status = (conn: Connection, input: Record<string, unknown> = {}) =>
      app.ok(conn, 'stats.statusNow', { ...range, ...input }).reduce((t, r) => t + r.n, 0);
    expect(status(conns.qian)).toBe(3);
    expect(status(conns.qian, { departmentId: depts.group })).toBe(1);
    expect(status(conns.admin, { departmentId: depts.one })).toBe(3);
    const summary = app.ok(conns.qian, 'workbench.summary');
    expect(summary.numbers.customers).toBe(3);
    expect(summary.fees).toMatchObject({ count: 2, feeCents: 5000 });
    expect(app.ok(conns.qian, 'workbench.summary', { ownerId: ids.zhao }).numbers.customers).toBe(1);
    // Tab 9: the team's due fees and arrears, not 李娜's.
    const due = app.ok(conns.qian, 'fees.due', { withTotal: true });
    expect(due.rows.map((r) => r.customerId).sort()).toEqual(sorted(target.id, c.zhao));
    expect(app.ok(conns.qian, 'fees.summary')).toMatchObject({ count: 2 });
    const arrears = app.ok(conns.qian, 'fees.arrears', { withTotal: true });
    expect(arrears.rows.map((r) => r.customerId).sort()).toEqual(sorted(target.id, c.zhao));
    expect(
      app.ok(conns.qian, 'fees.due', { ownerId: ids.zhao, withTotal: true }).rows.map((r) => r.customerId),
    ).toEqual([c.zhao]);
  });

  it('is told of changes to the team’s customers: the office server’s watchers include the managers above the owner', () => {
    const watchers = (customerIds: number[]) =>
      (
        app.db
          .prepare<{ ids: string }, { id: number }>(watchersSql(app.db))
          .all({ ids: JSON.stringify(customerIds) }) as {
          id: number;
        }[]
      )
        .map((r) => r.id)
        .sort((a, b) => a - b);
    const c = office();
    expect(watchers([target.id])).toEqual(sorted(ids.wang, ids.qian));
    expect(watchers([c.li])).toEqual([ids.li]);
    expect(watchers([c.sun])).toEqual([ids.sun]);
    app.ok(conns.li, 'delegations.grant', { customerIds: [c.li], toId: ids.zhao });
    expect(watchers([c.li, target.id])).toEqual(sorted(ids.li, ids.zhao, ids.wang, ids.qian));
    moveStaff(ids.wang, depts.two);
    expect(watchers([target.id])).toEqual(sorted(ids.wang, ids.sun));
  });
});
