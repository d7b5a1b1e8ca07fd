/**
 * 工作台 and 销售统计 against hand-computed expectations on a small office: 王伟 and 李娜
 * (salespeople), 张经理 (administrator); visibility, delegation, deleted customers, month and
 * week boundaries, and the office's time zone (Asia/Shanghai, UTC+8: an instant of 16:30 UTC on
 * the 30th is 00:30 on the 1st there).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, customerEdit, failure, newCustomer, type TestApp } from '../testing.js';
import { seedProduct, seedPurchase } from './fees.fixtures.js';
import { buckets } from './stats.js';

const savedTz = process.env.TZ;
beforeAll(() => (process.env.TZ = 'Asia/Shanghai'));
afterAll(() => (process.env.TZ = savedTz));

let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let a: number; // 王伟's
let b: number; // 王伟's
let c: number; // 李娜's

beforeEach(() => {
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  app.clock.set('2026-12-01T02:00:00.000Z'); // 10:00 on 2026-12-01 in Shanghai
  const make = (conn: Connection, owner: number, name: string, keyword: string, createdOn: string) =>
    app.ok(conn, 'customers.create', { ...newCustomer(owner, { name, keyword, createdOn }), confirmDuplicates: true })
      .id;
  a = make(wang, wangId, '深圳市甲科技有限公司', '甲科技', '2026-11-30');
  b = make(wang, wangId, '深圳市乙贸易有限公司', '乙贸易', '2026-12-01');
  c = make(li, liId, '广州市丙电子有限公司', '丙电子', '2026-10-31');
});
afterEach(() => app.close());

type NewRecord = NonNullable<Input<'records.save'>['created']>[number];
function addRecord(conn: Connection, customerId: number, r: Partial<NewRecord>) {
  const token = app.ok(conn, 'records.list', { customerId }).token;
  return app.ok(conn, 'records.save', {
    customerId,
    token,
    created: [{ at: app.clock.now().toISOString(), method: '电话', content: '电话回访', ...r }],
  });
}
const names = (conn: Connection, input: Input<'workbench.followups'> = {}) =>
  app.ok(conn, 'workbench.followups', input).rows.map((r) => `${r.customerName}:${r.nextOn}`);

describe('待跟进', () => {
  beforeEach(() => {
    addRecord(wang, a, { content: '报价已发，等回复', nextOn: '2026-12-01', at: '2026-11-20T02:00:00.000Z' });
    addRecord(wang, b, { content: '约了上门演示', nextOn: '2026-11-28', at: '2026-11-21T02:00:00.000Z' });
    addRecord(li, c, { content: '寄样品', nextOn: '2026-12-08' });
  });

  it('lists overdue, today and the next 7 days of the customers one may see, soonest first', () => {
    const l = app.ok(wang, 'workbench.followups', {});
    expect(l.today).toBe('2026-12-01');
    expect(l.rows.map((r) => [r.customerName, r.nextOn, r.daysLeft, r.content, r.authorName])).toEqual([
      ['深圳市乙贸易有限公司', '2026-11-28', -3, '约了上门演示', '王伟'],
      ['深圳市甲科技有限公司', '2026-12-01', 0, '报价已发，等回复', '王伟'],
    ]);
    expect(l.counts).toEqual({ overdue: 1, today: 1, upcoming: 0 });
    // 李娜's 12-08 is the 7th day ahead: in; her 王伟 customers are not hers.
    expect(names(li)).toEqual(['广州市丙电子有限公司:2026-12-08']);
    expect(app.ok(li, 'workbench.followups', {}).counts).toEqual({ overdue: 0, today: 0, upcoming: 1 });
    expect(names(admin)).toHaveLength(3);
    expect(names(admin, { ownerId: liId })).toEqual(['广州市丙电子有限公司:2026-12-08']);
    // A salesperson cannot widen it with the administrator's filter.
    expect(names(li, { ownerId: wangId })).toEqual(['广州市丙电子有限公司:2026-12-08']);
  });

  it('a day more than 7 ahead is not listed yet', () => {
    addRecord(li, c, { content: '月底再联系', nextOn: '2026-12-09' });
    expect(names(li)).toEqual([]);
  });

  it('a newer 维护记录 (已跟进) closes it, or replaces it with its own 下次跟进; 操作日志 does not', () => {
    const before = app.ok(wang, 'workbench.followups', {}).rows.find((r) => r.customerId === a)!;
    addRecord(wang, a, { content: '已跟进：客户同意签约' });
    expect(names(wang)).toEqual(['深圳市乙贸易有限公司:2026-11-28']);
    addRecord(wang, b, { content: '已上门，下周再确认', nextOn: '2026-12-04' });
    expect(names(wang)).toEqual(['深圳市乙贸易有限公司:2026-12-04']);
    // An older, back-filled record does not reopen or close anything.
    addRecord(wang, a, { content: '补记：十月的电话', nextOn: '2026-10-20', at: '2026-10-10T02:00:00.000Z' });
    expect(names(wang)).toEqual(['深圳市乙贸易有限公司:2026-12-04']);
    // A status change writes an 操作日志 line: the follow-up stays open.
    app.ok(wang, 'customers.update', customerEdit(app.ok(wang, 'customers.get', { id: b }), { statusId: 2 }));
    expect(names(wang)).toEqual(['深圳市乙贸易有限公司:2026-12-04']);
    expect(before.recordId).toBeGreaterThan(0);
  });

  it('deleting the planning record reopens the one before it', () => {
    addRecord(wang, a, { content: '已跟进' });
    const list = app.ok(wang, 'records.list', { customerId: a });
    const newest = list.rows.find((r) => r.kind === 'followup' && r.content === '已跟进')!;
    app.ok(wang, 'records.save', {
      customerId: a,
      token: list.token,
      deleted: [{ id: newest.id, version: newest.version }],
    });
    expect(names(wang)).toContain('深圳市甲科技有限公司:2026-12-01');
  });

  it('follows delegation, soft delete, restore and transfer', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [a], toId: liId });
    expect(names(li)).toEqual(['深圳市甲科技有限公司:2026-12-01', '广州市丙电子有限公司:2026-12-08']);
    app.ok(admin, 'customers.delete', { ids: [a] });
    expect(names(li)).toEqual(['广州市丙电子有限公司:2026-12-08']);
    expect(names(admin)).toHaveLength(2);
    app.ok(admin, 'customers.restore', { ids: [a] });
    expect(names(admin)).toHaveLength(3);
    expect(names(admin, { ownerId: wangId })).toHaveLength(2);
    // Transferred to 李娜: hers now, counted in her counters, gone from 王伟's.
    app.ok(admin, 'customers.update', customerEdit(app.ok(admin, 'customers.get', { id: b }), { ownerId: liId }));
    expect(names(wang)).toEqual(['深圳市甲科技有限公司:2026-12-01']);
    expect(app.ok(li, 'workbench.followups', {}).counts).toEqual({ overdue: 1, today: 1, upcoming: 1 });
    expect(app.ok(admin, 'workbench.followups', { ownerId: liId }).counts).toEqual({
      overdue: 1,
      today: 0,
      upcoming: 1,
    });
    expect(app.ok(admin, 'workbench.followups', {}).counts).toEqual({ overdue: 1, today: 1, upcoming: 1 });
  });

  it('refuses bad input naming the field', () => {
    expect(failure(app.call(wang, 'workbench.followups', { limit: 0 })).message).toContain('行数');
    expect(failure(app.call(wang, 'workbench.summary', { ownerId: -1 })).message).toContain('业务员');
  });
});

describe('工作台 summary', () => {
  it('counts fees due, arrears and this month’s numbers of the customers one may see', () => {
    const p1 = seedProduct(app);
    // a: bought 2026-11-30 (last month) ¥12,800 unpaid; fee ¥1,999.90 due 2026-12-10.
    seedPurchase(app, a, {
      productId: p1,
      purchasedOn: '2026-11-30',
      annualFeeCents: 199990,
      remind: true,
      serviceEndOn: '2026-12-10',
    });
    // b: bought 2026-12-01, 2 × ¥500, ¥300 paid; fee overdue since 2026-11-01.
    const pb = seedPurchase(app, b, {
      productId: p1,
      purchasedOn: '2026-12-01',
      quantity: 2,
      unitPriceCents: 50000,
      paidCents: 30000,
      annualFeeCents: 10000,
      remind: true,
      serviceEndOn: '2026-11-01',
    });
    // c (李娜): fully paid, fee far away.
    seedPurchase(app, c, {
      productId: p1,
      purchasedOn: '2026-12-01',
      unitPriceCents: 70000,
      paidCents: 70000,
      annualFeeCents: 5000,
      remind: true,
      serviceEndOn: '2027-06-01',
    });
    app.db
      .prepare(
        `INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, created_at) VALUES (?, 'goods', 30000, '2026-12-01', ?)`,
      )
      .run(pb, app.clock.now().toISOString());
    addRecord(wang, a, { content: '十二月第一次回访' }); // 2026-12-01 10:00 local
    addRecord(wang, b, { content: '十一月最后一次', at: '2026-11-30T15:59:00.000Z' }); // 23:59 on 11-30 local
    addRecord(wang, b, { content: '十二月零点半', at: '2026-11-30T16:30:00.000Z' }); // 00:30 on 12-01 local

    const s = app.ok(wang, 'workbench.summary', {});
    expect(s.month).toBe('2026-12');
    expect(s.fees).toEqual({ days: 30, count: 2, overdueCount: 1, feeCents: 209990 });
    expect(s.arrears).toEqual({ customers: 2, purchases: 2, arrearsCents: 1280000 + 70000 });
    expect(s.numbers).toMatchObject({
      customers: 2,
      newCustomers: 1, // b on 12-01; a on 11-30 is last month
      salesCents: 100000,
      collectedCents: 30000,
      followups: 2,
    });
    expect(s.numbers.byStatus.find((x) => x.statusId === 1)?.n).toBe(2);

    const all = app.ok(admin, 'workbench.summary', {});
    expect(all.numbers).toMatchObject({ customers: 3, newCustomers: 1, salesCents: 170000, collectedCents: 30000 });
    expect(all.arrears.customers).toBe(2);
    expect(app.ok(admin, 'workbench.summary', { ownerId: liId }).numbers.salesCents).toBe(70000);

    app.ok(admin, 'customers.delete', { ids: [b] });
    const after = app.ok(wang, 'workbench.summary', {});
    expect(after.fees).toEqual({ days: 30, count: 1, overdueCount: 0, feeCents: 199990 });
    expect(after.arrears).toEqual({ customers: 1, purchases: 1, arrearsCents: 1280000 });
    expect(after.numbers).toMatchObject({
      customers: 1,
      newCustomers: 0,
      salesCents: 0,
      collectedCents: 0,
      followups: 1,
    });
  });
});

describe('销售统计', () => {
  const range = { from: '2026-10-01', to: '2026-12-31' };

  it('buckets are local months and Monday weeks', () => {
    expect(buckets({ from: '2026-11-15', to: '2026-12-31' }, 'month')).toEqual([
      { key: '2026-11', from: '2026-11-14T16:00:00.000Z', until: '2026-11-30T16:00:00.000Z' },
      { key: '2026-12', from: '2026-11-30T16:00:00.000Z', until: '2026-12-31T16:00:00.000Z' },
    ]);
    expect(buckets({ from: '2026-12-02', to: '2026-12-08' }, 'week').map((x) => x.key)).toEqual([
      '2026-11-30',
      '2026-12-07',
    ]);
  });

  it('sales and collections per month, ageing, products, with visibility and deleted customers', () => {
    const p1 = seedProduct(app, 'RJ-001', '财务软件');
    app.db.prepare(`INSERT INTO product_category (id, name) VALUES (2, '硬件')`).run();
    const p2 = Number(
      app.db
        .prepare(
          `INSERT INTO product (code, name, category_id, created_at, updated_at) VALUES ('YJ-001', '服务器', 2, ?, ?)`,
        )
        .run('2026-01-01', '2026-01-01').lastInsertRowid,
    );
    const pa = seedPurchase(app, a, { productId: p1, purchasedOn: '2026-11-30', unitPriceCents: 100000 });
    seedPurchase(app, b, {
      productId: p2,
      purchasedOn: '2026-12-01',
      quantity: 3,
      unitPriceCents: 20000,
      paidCents: 60000,
    });
    seedPurchase(app, c, { productId: p2, purchasedOn: '2026-10-31', unitPriceCents: 5000 });
    seedPurchase(app, a, { productId: p1, purchasedOn: '2026-10-31', unitPriceCents: 1000 }); // 31 days old
    seedPurchase(app, a, { productId: p1, purchasedOn: '2025-12-01', unitPriceCents: 700 }); // 365 days old
    seedPurchase(app, a, { productId: p1, purchasedOn: '2025-11-30', unitPriceCents: 300 }); // 366 days old
    app.db
      .prepare(
        `INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, created_at) VALUES (?, 'goods', 40000, '2026-12-01', ?)`,
      )
      .run(pa, '2026-12-01T02:00:00.000Z');
    app.db.prepare(`UPDATE purchase SET amount_paid_cents = 40000 WHERE id = ?`).run(pa);

    expect(app.ok(wang, 'stats.money', range)).toEqual([
      { month: '2026-10', salesCents: 1000, collectedCents: 0 },
      { month: '2026-11', salesCents: 100000, collectedCents: 0 },
      { month: '2026-12', salesCents: 60000, collectedCents: 40000 },
    ]);
    expect(app.ok(admin, 'stats.money', range).map((r) => r.salesCents)).toEqual([6000, 100000, 60000]);
    expect(app.ok(wang, 'stats.ageing', range)).toEqual([
      { bucket: 0, purchases: 1, arrearsCents: 60000 }, // a 11-30 (1 day), 60,000 still owed
      { bucket: 1, purchases: 1, arrearsCents: 1000 },
      { bucket: 2, purchases: 1, arrearsCents: 700 },
      { bucket: 3, purchases: 1, arrearsCents: 300 },
    ]);
    const products = app.ok(wang, 'stats.products', range);
    expect(products.categories).toEqual([
      { categoryId: 1, categoryName: '办公软件', quantity: 2, cents: 101000 },
      { categoryId: 2, categoryName: '硬件', quantity: 3, cents: 60000 },
    ]);
    expect(products.top.map((p) => [p.code, p.cents])).toEqual([
      ['RJ-001', 101000],
      ['YJ-001', 60000],
    ]);
    expect(app.ok(li, 'stats.products', range).top.map((p) => [p.code, p.cents])).toEqual([['YJ-001', 5000]]);

    // A delegated customer counts for the delegate; a deleted one for nobody.
    app.ok(wang, 'delegations.grant', { customerIds: [b], toId: liId });
    expect(app.ok(li, 'stats.money', range).map((r) => r.salesCents)).toEqual([5000, 0, 60000]);
    app.ok(admin, 'customers.delete', { ids: [b] });
    expect(app.ok(li, 'stats.money', range).map((r) => r.salesCents)).toEqual([5000, 0, 0]);
    expect(app.ok(admin, 'stats.money', range).map((r) => r.collectedCents)).toEqual([0, 0, 40000]);
    expect(app.ok(admin, 'stats.money', { ...range, ownerId: liId }).map((r) => r.salesCents)).toEqual([5000, 0, 0]);
  });

  it('customers by status now, status changes per month, new customers per month', () => {
    const setStatus = (id: number, statusId: number) =>
      app.ok(admin, 'customers.update', customerEdit(app.ok(admin, 'customers.get', { id }), { statusId }));
    app.clock.set('2026-11-30T15:59:00.000Z'); // 23:59 on 11-30 local
    setStatus(a, 3);
    app.clock.set('2026-11-30T16:30:00.000Z'); // 00:30 on 12-01 local
    setStatus(b, 3);
    setStatus(c, 2);
    app.clock.set('2026-12-01T02:00:00.000Z');

    expect(app.ok(wang, 'stats.statusNow', range).map((r) => [r.statusName, r.n])).toEqual([
      ['潜在客户', 0],
      ['意向客户', 0],
      ['正式客户', 2],
      ['流失客户', 0],
    ]);
    expect(app.ok(wang, 'stats.statusChanges', range)).toEqual([
      { month: '2026-11', statusId: 3, statusName: '正式客户', n: 1 },
      { month: '2026-12', statusId: 3, statusName: '正式客户', n: 1 },
    ]);
    expect(app.ok(admin, 'stats.statusChanges', range).map((r) => [r.month, r.statusName, r.n])).toEqual([
      ['2026-11', '正式客户', 1],
      ['2026-12', '意向客户', 1],
      ['2026-12', '正式客户', 1],
    ]);
    expect(app.ok(admin, 'stats.newCustomers', range)).toEqual([
      { month: '2026-10', ownerId: liId, ownerName: '李娜', n: 1 },
      { month: '2026-11', ownerId: wangId, ownerName: '王伟', n: 1 },
      { month: '2026-12', ownerId: wangId, ownerName: '王伟', n: 1 },
    ]);
    expect(app.ok(li, 'stats.newCustomers', range)).toEqual([
      { month: '2026-10', ownerId: liId, ownerName: '李娜', n: 1 },
    ]);
    // A customer delegated to 李娜 counts for her, under its 业务员.
    app.ok(wang, 'delegations.grant', { customerIds: [b], toId: liId });
    expect(app.ok(li, 'stats.newCustomers', range).map((r) => [r.month, r.ownerName, r.n])).toEqual([
      ['2026-10', '李娜', 1],
      ['2026-12', '王伟', 1],
    ]);
    expect(app.ok(li, 'workbench.summary', {}).numbers.newCustomers).toBe(1);
    app.ok(admin, 'customers.delete', { ids: [a] });
    expect(app.ok(wang, 'stats.statusChanges', range).map((r) => r.month)).toEqual(['2026-12']);
    expect(app.ok(admin, 'stats.newCustomers', range).map((r) => r.month)).toEqual(['2026-10', '2026-12']);
  });

  it('follow-up activity per 记录人 per local week', () => {
    addRecord(wang, a, { content: '周日深夜', at: '2026-11-29T15:59:00.000Z' }); // Sun 11-29 23:59 local
    addRecord(wang, a, { content: '周一零点半', at: '2026-11-29T16:30:00.000Z' }); // Mon 11-30 00:30 local
    addRecord(wang, b, { content: '周二', at: '2026-12-01T02:00:00.000Z' });
    addRecord(li, c, { content: '李娜周二', at: '2026-12-01T03:00:00.000Z' });
    const r = { from: '2026-11-23', to: '2026-12-06' };
    expect(app.ok(admin, 'stats.activity', r)).toEqual([
      { week: '2026-11-23', authorId: wangId, authorName: '王伟', n: 1 },
      { week: '2026-11-30', authorId: wangId, authorName: '王伟', n: 2 },
      { week: '2026-11-30', authorId: liId, authorName: '李娜', n: 1 },
    ]);
    expect(app.ok(li, 'stats.activity', r)).toEqual([{ week: '2026-11-30', authorId: liId, authorName: '李娜', n: 1 }]);
    expect(failure(app.call(admin, 'stats.activity', { from: '2026-12-06', to: '2026-11-23' })).message).toContain(
      '结束日期',
    );
  });
});
