import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { today, type Connection } from '../context.js';
import { createTestApp, newCustomer, type TestApp } from '../testing.js';
import { seedPurchase } from './fees.fixtures.js';
import { addDays } from '../fees/queries.js';

let app: TestApp;
let ids: Record<'admin' | 'wang' | 'li' | 'zhao', number>;
let admin: Connection;
let wang: Connection;
let li: Connection;
let zx: number;
let day: (n: number) => string;

beforeEach(() => {
  app = createTestApp();
  ids = {
    admin: app.addStaff('张经理', 'admin', 'admin'),
    wang: app.addStaff('王伟', 'wang'),
    li: app.addStaff('李娜', 'li'),
    zhao: app.addStaff('赵磊', 'zhao'),
  };
  admin = app.login('admin');
  wang = app.login('wang');
  li = app.login('li');
  zx = app.ok(wang, 'customers.create', newCustomer(ids.wang)).id;
  const now = today({ clock: app.clock });
  day = (n) => addDays(now, n);
});
afterEach(() => app.close());

const purchaseRow = (id: number) =>
  app.db
    .prepare('SELECT amount_paid_cents AS paid, service_end_on AS endOn, version FROM purchase WHERE id = ?')
    .get(id) as { paid: number; endOn: string | null; version: number };
const logs = () =>
  app.db
    .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
    .pluck()
    .all(zx) as string[];
const paymentCount = () => app.db.prepare('SELECT count(*) FROM payment').pluck().get() as number;

function pay(conn: Connection, purchaseId: number, over: Record<string, unknown> = {}) {
  const { version } = purchaseRow(purchaseId);
  return app.call(conn, 'payments.create', {
    purchaseId,
    version,
    kind: 'goods',
    amountCents: 100000,
    paidOn: day(0),
    handledBy: ids.wang,
    ...over,
  });
}

describe('货款 payments', () => {
  it('raise 已付金额, bump the purchase version, keep the history and write the 操作日志', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 1280000, paidCents: 280000 });
    const r = pay(wang, p, { amountCents: 300050, paidOn: day(-2), note: '转账' });
    expect(r.ok).toBe(true);
    expect(purchaseRow(p)).toEqual({ paid: 580050, endOn: null, version: 2 });
    if (!r.ok) return;
    expect(r.value.purchase).toMatchObject({ dueCents: 1280000, paidCents: 580050, arrearsCents: 699950, version: 2 });
    expect(r.value.rows).toEqual([
      expect.objectContaining({
        kind: 'goods',
        amountCents: 300050,
        paidOn: day(-2),
        handledById: ids.wang,
        handledByName: '王伟',
        note: '转账',
      }),
    ]);
    expect(logs().at(-1)).toBe(
      `收款（货款）用友财务软件 标准版（购买日期 2026-01-05）：金额 3,000.50，日期 ${day(-2)}，经手人 王伟，备注 转账；` +
        '已付金额 2,800.00 → 5,800.50，尚欠 6,999.50',
    );
    // The history, newest first, for whoever may see the customer.
    pay(admin, p, { amountCents: 1, handledBy: ids.li });
    const list = app.ok(admin, 'payments.list', { purchaseId: p });
    expect(list.rows.map((y) => [y.amountCents, y.handledByName])).toEqual([
      [1, '李娜'],
      [300050, '王伟'],
    ]);
    expect(list.customer).toEqual({ id: zx, name: '深圳市中兴通讯股份有限公司', ownerName: '王伟' });
    expect(list.editable).toBe(true);
  });

  it('paying the rest takes the customer out of 欠款统计', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 1280000, paidCents: 280000 });
    expect(app.ok(wang, 'fees.arrears', {}).rows.map((r) => r.customerId)).toEqual([zx]);
    expect(pay(wang, p, { amountCents: 1000000 }).ok).toBe(true);
    expect(purchaseRow(p).paid).toBe(1280000);
    expect(logs().at(-1)).toMatch(/已付金额 2,800\.00 → 12,800\.00（已付清）$/);
    expect(app.ok(wang, 'fees.arrears', { withTotal: true })).toMatchObject({ rows: [], total: 0 });
  });

  it('never raises 已付 above 应付, and refuses a purchase already paid in full', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 1000, paidCents: 970 });
    const over = pay(wang, p, { amountCents: 31 });
    expect(over.ok).toBe(false);
    if (!over.ok) {
      expect(over.error.code).toBe('bad_input');
      expect(over.error.message).toBe('金额：不能超过欠款 0.30 元（应付 10.00，已付 9.70）');
      expect(over.error.fields).toEqual({ amountCents: '不能超过欠款 0.30 元（应付 10.00，已付 9.70）' });
    }
    expect(pay(wang, p, { amountCents: 30 }).ok).toBe(true);
    const again = pay(wang, p, { amountCents: 1 });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.message).toBe('金额：该购买记录已付清，没有欠款');
    expect(purchaseRow(p)).toEqual({ paid: 1000, endOn: null, version: 2 });
    expect(paymentCount()).toBe(1);
  });
});

describe('年服务费 payments', () => {
  it('move 服务截止期限 on by one year and take the fee out of 年费催缴', () => {
    const p = seedPurchase(app, zx, {
      unitPriceCents: 1000,
      paidCents: 1000,
      remind: true,
      annualFeeCents: 199990,
      serviceEndOn: day(-3),
    });
    expect(app.ok(wang, 'fees.due', {}).rows.map((r) => r.purchaseId)).toEqual([p]);
    const r = pay(wang, p, { kind: 'annual_fee', amountCents: 199990 });
    expect(r.ok).toBe(true);
    const next = `${Number(day(-3).slice(0, 4)) + 1}${day(-3).slice(4)}`;
    expect(purchaseRow(p)).toEqual({ paid: 1000, endOn: next, version: 2 });
    expect(logs().at(-1)).toMatch(
      new RegExp(`^收款（年服务费）.*金额 1,999\\.90.*；服务截止期限 ${day(-3)} → ${next}$`),
    );
    expect(app.ok(wang, 'fees.due', {}).rows).toEqual([]);
  });

  it('29 February moves to 28 February; a purchase without 服务截止期限 is refused', () => {
    const leap = seedPurchase(app, zx, { remind: true, serviceEndOn: '2028-02-29' });
    expect(pay(wang, leap, { kind: 'annual_fee' }).ok).toBe(true);
    expect(purchaseRow(leap).endOn).toBe('2029-02-28');
    const none = seedPurchase(app, zx, {});
    const r = pay(wang, none, { kind: 'annual_fee' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('类型：该购买记录没有服务截止期限，请先在“购买情况”中填写');
  });
});

describe('refusals write nothing', () => {
  it('a stale version is a conflict (someone paid or edited since)', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 500000 });
    const { version } = purchaseRow(p);
    expect(pay(wang, p).ok).toBe(true);
    const r = app.call(li, 'payments.create', {
      purchaseId: p,
      version,
      kind: 'goods',
      amountCents: 1,
      paidOn: day(0),
      handledBy: ids.li,
    });
    expect(r.ok).toBe(false); // 李娜 cannot even see it …
    const stale = app.call(admin, 'payments.create', {
      purchaseId: p,
      version,
      kind: 'goods',
      amountCents: 1,
      paidOn: day(0),
      handledBy: ids.admin,
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error.code).toBe('conflict');
    expect(purchaseRow(p)).toEqual({ paid: 100000, endOn: null, version: 2 });
    expect(paymentCount()).toBe(1);
  });

  it('bad input names the field: amount, date, handler', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 500000 });
    const before = logs().length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ amountCents: 0 }, /^金额：必须大于 0$/],
      [{ amountCents: 10.5 }, /^金额：金额必须精确到分$/],
      [{ paidOn: day(1) }, /^日期：不能晚于今天$/],
      [{ paidOn: '2026-13-01' }, /^日期：/],
      [{ kind: 'refund' }, /^类型：只能是 货款 或 年服务费$/],
      [{ handledBy: 9999 }, /^经手人：不存在$/],
    ];
    for (const [over, message] of cases) {
      const r = pay(wang, p, over);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    app.db.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(ids.zhao);
    const inactive = pay(wang, p, { handledBy: ids.zhao });
    expect(inactive.ok).toBe(false);
    if (!inactive.ok) expect(inactive.error.message).toBe('经手人：赵磊已停用');
    expect(purchaseRow(p)).toEqual({ paid: 0, endOn: null, version: 1 });
    expect(paymentCount()).toBe(0);
    expect(logs()).toHaveLength(before);
  });

  it('a deleted customer: the administrator may read the history, nobody may pay', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 500000 });
    expect(pay(wang, p).ok).toBe(true);
    app.ok(wang, 'customers.delete', { ids: [zx] });
    const list = app.ok(admin, 'payments.list', { purchaseId: p });
    expect(list.editable).toBe(false);
    expect(list.rows).toHaveLength(1);
    expect(app.call(wang, 'payments.list', { purchaseId: p }).ok).toBe(false);
    const r = pay(admin, p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not_found');
  });

  it('an unknown purchase and another salesperson’s purchase get the same answer', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 500000 });
    const unknown = app.call(li, 'payments.list', { purchaseId: 999 });
    const hidden = app.call(li, 'payments.list', { purchaseId: p });
    expect(unknown).toEqual(hidden);
    expect(JSON.stringify(hidden)).not.toContain('中兴');
  });
});

describe('the 购买情况 draft sees payments', () => {
  it('a draft loaded before a payment is refused on save', () => {
    const p = seedPurchase(app, zx, { unitPriceCents: 500000 });
    const { token, rows } = app.ok(wang, 'purchases.list', { customerId: zx });
    expect(pay(wang, p).ok).toBe(true);
    const row = rows[0];
    const r = app.call(wang, 'purchases.save', {
      customerId: zx,
      token,
      updated: [
        {
          id: row.id,
          version: row.version,
          productId: row.productId,
          purchasedOn: row.purchasedOn,
          quantity: row.quantity,
          unitPriceCents: row.unitPriceCents,
          amountPaidCents: row.amountPaidCents,
          note: '改备注',
        },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('conflict');
    expect(purchaseRow(p).paid).toBe(100000);
  });
});
