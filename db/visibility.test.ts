/**
 * The visibility matrix: for every handler that reads or writes one customer's data, who may
 * reach a customer owned by 王伟 — the owner, another salesperson, a delegate (active, revoked,
 * expired, not yet started) and the administrator. A new customer-data handler (售前报价,
 * 购买情况, 年费 …) belongs in `probes`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Result } from '../core/contract.js';
import { today, type Connection } from './context.js';
import { createTestApp, newCustomer, type TestApp } from './testing.js';
import { seedPurchase } from './handlers/fees.fixtures.js';

let app: TestApp;
let ids: Record<'admin' | 'wang' | 'li' | 'zhao', number>;
let conns: Record<'admin' | 'wang' | 'li', Connection>;
let target: Customer;

const NAME = '深圳市中兴通讯股份有限公司';

beforeEach(() => {
  app = createTestApp();
  ids = {
    admin: app.addStaff('张经理', 'admin', 'admin'),
    wang: app.addStaff('王伟', 'wang'),
    li: app.addStaff('李娜', 'li'),
    zhao: app.addStaff('赵磊', 'zhao'),
  };
  conns = { admin: app.login('admin'), wang: app.login('wang'), li: app.login('li') };
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
} as const;
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
      const { id, version, statusName: _s, ownerName: _o, delegated: _d, deletedAt: _x, ...fields } = target;
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
    const { id, version, statusName: _s, ownerName: _o, delegated: _d, deletedAt: _x, ...fields } = target;
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
