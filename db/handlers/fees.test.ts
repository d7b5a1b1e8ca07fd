import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOneYear } from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { createTestApp, ctxOf, newCustomer, type TestApp } from '../testing.js';
import { seedProduct, seedPurchase } from './fees.fixtures.js';
import { addDays, arrearsPurchasesQuery, arrearsQuery, feesDueQuery } from '../fees/queries.js';

let app: TestApp;
let ids: Record<'admin' | 'wang' | 'li', number>;
let admin: Connection;
let wang: Connection;
let li: Connection;
let day: (n: number) => string;

function customer(conn: Connection, ownerId: number, name: string, keyword: string) {
  return app.ok(conn, 'customers.create', newCustomer(ownerId, { name, keyword })).id;
}

beforeEach(() => {
  app = createTestApp();
  ids = {
    admin: app.addStaff('张经理', 'admin', 'admin'),
    wang: app.addStaff('王伟', 'wang'),
    li: app.addStaff('李娜', 'li'),
  };
  admin = app.login('admin');
  wang = app.login('wang');
  li = app.login('li');
  const now = today({ clock: app.clock });
  day = (n) => addDays(now, n);
});
afterEach(() => app.close());

describe('年费催缴 (fees.due)', () => {
  let zx: number;
  let hw: number;
  beforeEach(() => {
    zx = customer(wang, ids.wang, '深圳市中兴通讯股份有限公司', '中兴');
    hw = customer(li, ids.li, '华为技术有限公司', '华为');
  });

  it('lists flagged fees due today, overdue and exactly N days ahead — not N + 1 — soonest first', () => {
    const fee = { remind: true, annualFeeCents: 199990 };
    const inWindow = seedPurchase(app, zx, { ...fee, serviceEndOn: day(30) });
    const beyond = seedPurchase(app, zx, { ...fee, serviceEndOn: day(31) });
    const dueToday = seedPurchase(app, zx, { ...fee, serviceEndOn: day(0), annualFeeCents: 10 });
    const overdue = seedPurchase(app, zx, { ...fee, serviceEndOn: day(-400), annualFeeCents: 20 });
    seedPurchase(app, zx, { annualFeeCents: 50000, serviceEndOn: day(1) }); // no 催缴标志
    seedPurchase(app, zx, { remind: true, annualFeeCents: 50000, serviceEndOn: null }); // no 服务截止期限

    const page = app.ok(wang, 'fees.due', { withTotal: true });
    expect(page.days).toBe(30);
    expect(page.today).toBe(day(0));
    expect(page.rows.map((r) => [r.purchaseId, r.daysLeft])).toEqual([
      [overdue, -400],
      [dueToday, 0],
      [inWindow, 30],
    ]);
    expect(page.rows.some((r) => r.purchaseId === beyond)).toBe(false);
    expect(page.rows[2]).toMatchObject({
      customerId: zx,
      customerName: '深圳市中兴通讯股份有限公司',
      productCode: 'RJ-001',
      productName: '用友财务软件 标准版',
      annualFeeCents: 199990,
      serviceEndOn: day(30),
      ownerName: '王伟',
    });
    // Exact cents: 1,999.90 + 0.10 + 0.20.
    expect(page.totals).toEqual({ count: 3, overdueCount: 1, feeCents: 200020 });
    expect(page.total).toBe(3);

    // A wider window takes the 31st day in; 0 days keeps only what is due today or overdue.
    expect(app.ok(wang, 'fees.due', { days: 31 }).rows).toHaveLength(4);
    expect(app.ok(wang, 'fees.due', { days: 0 }).rows.map((r) => r.purchaseId)).toEqual([overdue, dueToday]);
  });

  it('shows a salesperson only their customers, the administrator everyone, filtered by 业务员 on request', () => {
    const mine = seedPurchase(app, zx, { remind: true, serviceEndOn: day(5) });
    const hers = seedPurchase(app, hw, { remind: true, serviceEndOn: day(3) });
    expect(app.ok(wang, 'fees.due', {}).rows.map((r) => r.purchaseId)).toEqual([mine]);
    expect(app.ok(li, 'fees.due', {}).rows.map((r) => r.purchaseId)).toEqual([hers]);
    expect(app.ok(admin, 'fees.due', {}).rows.map((r) => r.purchaseId)).toEqual([hers, mine]);
    expect(app.ok(admin, 'fees.due', { ownerId: ids.wang }).rows.map((r) => r.purchaseId)).toEqual([mine]);
    // A salesperson's 业务员 filter only narrows what they may see anyway.
    expect(app.ok(wang, 'fees.due', { ownerId: ids.li }).rows).toEqual([]);
    // Delegated to 王伟: now his to chase too.
    app.ok(li, 'delegations.grant', { customerIds: [hw], toId: ids.wang });
    expect(app.ok(wang, 'fees.due', {}).rows.map((r) => r.purchaseId)).toEqual([hers, mine]);
  });

  it('leaves out deleted customers', () => {
    seedPurchase(app, zx, { remind: true, serviceEndOn: day(5) });
    app.ok(wang, 'customers.delete', { ids: [zx] });
    expect(app.ok(admin, 'fees.due', { withTotal: true }).totals).toEqual({ count: 0, overdueCount: 0, feeCents: 0 });
  });

  it('narrows by a range of 服务截止期限, both ends inclusive, and pages', () => {
    const ends = [-10, -1, 0, 2, 9];
    const made = ends.map((n) => seedPurchase(app, zx, { remind: true, serviceEndOn: day(n) }));
    const ranged = app.ok(wang, 'fees.due', { from: day(-1), to: day(2), withTotal: true });
    expect(ranged.rows.map((r) => r.purchaseId)).toEqual(made.slice(1, 4));
    expect(ranged.total).toBe(3);
    const second = app.ok(wang, 'fees.due', { offset: 2, limit: 2 });
    expect(second.rows.map((r) => r.purchaseId)).toEqual(made.slice(2, 4));
    expect(second.total).toBeNull();
  });

  it('uses the office window (系统 › 公司信息) when no N is given', () => {
    seedPurchase(app, zx, { remind: true, serviceEndOn: day(10) });
    expect(app.ok(wang, 'fees.summary')).toEqual({ days: 30, count: 1, overdueCount: 0 });
    app.ok(admin, 'settings.update', { feeWindowDays: 7 });
    expect(app.ok(wang, 'fees.summary')).toEqual({ days: 7, count: 0, overdueCount: 0 });
    expect(app.ok(wang, 'fees.due', {}).days).toBe(7);
    expect(app.ok(wang, 'fees.due', { days: 10 }).rows).toHaveLength(1);
  });

  it('refuses a negative window and a range whose start is after its end, naming the field', () => {
    const neg = app.call(wang, 'fees.due', { days: -1 });
    expect(neg.ok).toBe(false);
    if (!neg.ok) expect(neg.error.message).toMatch(/^天数：/);
    const backwards = app.call(wang, 'fees.due', { from: '2026-12-01', to: '2026-11-01' });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) expect(backwards.error.message).toBe('结束日期：开始日期不能晚于结束日期');
    const badDate = app.call(wang, 'fees.arrears', { from: '2026-02-30' });
    expect(badDate.ok).toBe(false);
    if (!badDate.ok) expect(badDate.error.message).toMatch(/^开始日期：/);
  });
});

describe('欠款统计 (fees.arrears)', () => {
  let zx: number;
  let hw: number;
  let ali: number;
  beforeEach(() => {
    zx = customer(wang, ids.wang, '深圳市中兴通讯股份有限公司', '中兴');
    hw = customer(wang, ids.wang, '华为技术有限公司', '华为');
    ali = customer(li, ids.li, '阿里巴巴（中国）有限公司', '阿里');
  });

  it('sums each customer’s purchases in arrears only, with 最早欠款日期 and exact grand totals', () => {
    // 中兴: two purchases in arrears (0.10 and 0.20 owed), one paid in full.
    seedPurchase(app, zx, { purchasedOn: '2026-03-01', unitPriceCents: 1000, paidCents: 990 });
    seedPurchase(app, zx, { purchasedOn: '2026-02-01', quantity: 3, unitPriceCents: 100, paidCents: 280 });
    seedPurchase(app, zx, { purchasedOn: '2025-01-01', unitPriceCents: 50000, paidCents: 50000 });
    // 华为: one purchase, nothing paid.
    seedPurchase(app, hw, { purchasedOn: '2026-06-30', quantity: 2, unitPriceCents: 1280000 });
    // 阿里: paid in full.
    seedPurchase(app, ali, { unitPriceCents: 100, paidCents: 100 });

    const page = app.ok(admin, 'fees.arrears', { withTotal: true });
    expect(page.rows).toEqual([
      {
        customerId: hw,
        customerName: '华为技术有限公司',
        ownerId: ids.wang,
        ownerName: '王伟',
        purchaseCount: 1,
        dueCents: 2560000,
        paidCents: 0,
        arrearsCents: 2560000,
        earliestOn: '2026-06-30',
      },
      {
        customerId: zx,
        customerName: '深圳市中兴通讯股份有限公司',
        ownerId: ids.wang,
        ownerName: '王伟',
        purchaseCount: 2,
        dueCents: 1300,
        paidCents: 1270,
        arrearsCents: 30,
        earliestOn: '2026-02-01',
      },
    ]);
    expect(page.totals).toEqual({
      customers: 2,
      purchases: 3,
      dueCents: 2561300,
      paidCents: 1270,
      arrearsCents: 2560030,
    });
    expect(page.total).toBe(2);

    // Sorted by name, ascending; and the expanded row's purchases add up to it.
    const byName = app.ok(admin, 'fees.arrears', { sort: { field: 'earliestOn', dir: 'asc' } });
    expect(byName.rows.map((r) => r.customerId)).toEqual([zx, hw]);
    const lines = app.ok(wang, 'fees.arrearsPurchases', { customerId: zx });
    expect(lines.map((l) => [l.purchasedOn, l.dueCents, l.paidCents, l.arrearsCents])).toEqual([
      ['2026-02-01', 300, 280, 20],
      ['2026-03-01', 1000, 990, 10],
    ]);
    expect(lines[0]).toMatchObject({ productName: '用友财务软件 标准版', quantity: 3, unitPriceCents: 100 });
  });

  it('filters by 业务员 and by a range of 购买日期; a salesperson sees only their own', () => {
    seedPurchase(app, zx, { purchasedOn: '2026-01-10', unitPriceCents: 500 });
    seedPurchase(app, zx, { purchasedOn: '2026-05-10', unitPriceCents: 700 });
    seedPurchase(app, ali, { purchasedOn: '2026-05-10', unitPriceCents: 900 });

    expect(app.ok(li, 'fees.arrears', {}).rows.map((r) => r.customerId)).toEqual([ali]);
    expect(app.ok(admin, 'fees.arrears', { ownerId: ids.li }).rows.map((r) => r.customerId)).toEqual([ali]);
    const may = app.ok(admin, 'fees.arrears', { from: '2026-05-01', to: '2026-05-31', withTotal: true });
    expect(may.rows.map((r) => [r.customerId, r.arrearsCents, r.earliestOn])).toEqual([
      [ali, 900, '2026-05-10'],
      [zx, 700, '2026-05-10'],
    ]);
    expect(may.totals?.arrearsCents).toBe(1600);
    expect(
      app.ok(wang, 'fees.arrearsPurchases', { customerId: zx, to: '2026-01-31' }).map((l) => l.arrearsCents),
    ).toEqual([500]);
    // Another salesperson's customer is out of reach, without saying whether it exists.
    const refused = app.call(wang, 'fees.arrearsPurchases', { customerId: ali });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('not_found');
  });

  it('the exported queries are the ones the handlers page through', () => {
    seedPurchase(app, zx, { unitPriceCents: 500, remind: true, serviceEndOn: day(1) });
    seedPurchase(app, hw, { unitPriceCents: 700 });
    const ctx = ctxOf(app, wang);
    const arrears = arrearsQuery(ctx, { ownerId: null, from: null, to: null });
    expect(app.db.prepare(arrears.sql).all(arrears.params)).toEqual(app.ok(wang, 'fees.arrears', {}).rows);
    const due = feesDueQuery(ctx, { days: null, ownerId: null, from: null, to: null });
    expect([...app.db.prepare(due.sql).iterate(due.params)]).toEqual(app.ok(wang, 'fees.due', {}).rows);
    const lines = arrearsPurchasesQuery(ctx, { customerId: null, ownerId: null, from: null, to: null });
    expect(app.db.prepare(lines.sql).all(lines.params)).toHaveLength(2);
  });
});

describe('催缴单 (fees.reminder)', () => {
  it('gathers the company, the customer, its purchases in arrears and its fees due', () => {
    app.ok(admin, 'settings.update', {
      companyName: '深圳市科汇软件有限公司',
      companyPhone: '0755-88886666',
      companyBank: '招商银行深圳分行',
      companyAccount: '7559 0000 1234',
    });
    const zx = customer(wang, ids.wang, '深圳市中兴通讯股份有限公司', '中兴');
    app.ok(wang, 'contacts.save', {
      customerId: zx,
      token: app.ok(wang, 'contacts.list', { customerId: zx }).token,
      created: [
        { name: '李四', phone: '0755-1234567' },
        { name: '张三', mobile: '13800138000', isPrimary: true },
      ],
    });
    seedProduct(app, 'WL-001', '用友加密狗');
    seedPurchase(app, zx, { purchasedOn: '2026-02-01', unitPriceCents: 1280000, paidCents: 280000 });
    seedPurchase(app, zx, { remind: true, annualFeeCents: 199990, serviceEndOn: day(-3), paidCents: 1280000 });
    seedPurchase(app, zx, { remind: true, annualFeeCents: 5000, serviceEndOn: day(60) }); // beyond 30 days

    const slip = app.ok(wang, 'fees.reminder', { customerId: zx });
    expect(slip.company.companyName).toBe('深圳市科汇软件有限公司');
    expect(slip.today).toBe(day(0));
    expect(slip.customer).toMatchObject({
      name: '深圳市中兴通讯股份有限公司',
      ownerName: '王伟',
      contactName: '张三',
      contactPhone: '13800138000',
    });
    expect(slip.arrears.map((a) => [a.purchasedOn, a.arrearsCents])).toEqual([
      ['2026-01-05', 1280000],
      ['2026-02-01', 1000000],
    ]);
    expect(slip.fees.map((f) => [f.annualFeeCents, f.daysLeft])).toEqual([[199990, -3]]);
    expect(slip.totals).toEqual({ dueCents: 2560000, paidCents: 280000, arrearsCents: 2280000, feeCents: 199990 });
    expect(app.ok(wang, 'fees.reminder', { customerId: zx, days: 60 }).fees).toHaveLength(2);
    expect(app.call(li, 'fees.reminder', { customerId: zx }).ok).toBe(false);
  });
});

describe('addOneYear', () => {
  it('moves a date on by one calendar year; 29 February becomes 28 February', () => {
    expect(addOneYear('2026-11-26')).toBe('2027-11-26');
    expect(addOneYear('2026-12-31')).toBe('2027-12-31');
    expect(addOneYear('2028-02-29')).toBe('2029-02-28');
    expect(addOneYear('2027-02-28')).toBe('2028-02-28');
    expect(() => addOneYear('2026-02-30')).toThrow();
  });
});
