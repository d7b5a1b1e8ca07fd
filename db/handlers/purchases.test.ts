import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import { defaultServiceEnd, purchaseTotals } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { formatMoney, parseMoney } from '../../core/money.js';
import { createOffice, failure, newCustomer, purchaseEdit, type TestApp } from '../testing.js';
import { PURCHASES_CONFLICT } from './purchases.js';

let app: TestApp;
let wangId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let customerId: number;
let t3: number;
let dongle: number;

beforeEach(() => {
  ({ app, wangId, admin, wang, li } = createOffice());
  customerId = app.ok(wang, 'customers.create', { ...newCustomer(wangId), confirmDuplicates: true }).id;
  const soft = app.ok(admin, 'categories.create', { name: '办公软件' }).id;
  t3 = app.ok(admin, 'products.create', {
    code: 'RJ-001',
    name: '用友财务软件 标准版',
    categoryId: soft,
    model: 'T3',
    unit: '套',
    guidePriceCents: 1280000,
    annualFeeCents: 199990,
  }).id;
  dongle = app.ok(admin, 'products.create', { code: 'WL-001', name: '用友加密狗', categoryId: soft, unit: '个' }).id;
});
afterEach(() => app.close());

const count = () => app.db.prepare('SELECT count(*) FROM purchase').pluck().get() as number;
const logs = () =>
  app.db
    .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
    .pluck()
    .all(customerId) as string[];

type Save = Input<'purchases.save'>;
const list = (conn: Connection = wang) => app.ok(conn, 'purchases.list', { customerId });
const save = (conn: Connection, batch: Partial<Save>) =>
  app.call(conn, 'purchases.save', { customerId, ...batch, token: batch.token ?? list(conn).token });
const saveOk = (conn: Connection, batch: Partial<Save>) => {
  const r = save(conn, batch);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
/** What the grid sends back for a loaded purchase: its editable fields, id and version. */
const edit = purchaseEdit;
const line = (productId: number, over: Partial<NonNullable<Save['created']>[number]> = {}) => ({
  productId,
  purchasedOn: '2026-11-26',
  quantity: 2,
  unitPriceCents: 1280000,
  ...over,
});
/** A 收款 recorded against a purchase, as the payments area will: it bumps the purchase's version. */
function pay(purchaseId: number, kind: 'goods' | 'annual_fee', cents: number) {
  app.db
    .prepare(`INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, created_at) VALUES (?, ?, ?, ?, ?)`)
    .run(purchaseId, kind, cents, '2026-12-01', '2026-12-01T02:00:00.000Z');
  if (kind === 'goods') {
    app.db
      .prepare(`UPDATE purchase SET amount_paid_cents = amount_paid_cents + ?, version = version + 1 WHERE id = ?`)
      .run(cents, purchaseId);
  } else {
    app.db.prepare(`UPDATE purchase SET version = version + 1 WHERE id = ?`).run(purchaseId);
  }
}

describe('purchases.save', () => {
  it('registers a sale: 应付 = 数量 × 单价, 欠款 = 应付 − 已付, the owner as 业务员, totals and a log line', () => {
    const res = saveOk(wang, {
      created: [line(t3, { amountPaidCents: 2000000, annualFeeCents: 199990, note: '首付' })],
    });
    expect(res.saved).toEqual({ created: 1, updated: 0, deleted: 0 });
    expect(res.owner).toEqual({ id: wangId, name: '王伟' });
    expect(res.rows[0]).toMatchObject({
      productId: t3,
      productCode: 'RJ-001',
      productName: '用友财务软件 标准版',
      productModel: 'T3',
      productUnit: '套',
      productOnSale: true,
      purchasedOn: '2026-11-26',
      quantity: 2,
      unitPriceCents: 1280000,
      amountDueCents: 2560000,
      amountPaidCents: 2000000,
      arrearsCents: 560000,
      annualFeeCents: 199990,
      annualFeeRemind: false,
      serviceEndOn: null,
      salespersonId: wangId,
      salespersonName: '王伟',
      note: '首付',
      paymentCount: 0,
      version: 1,
    });
    expect(res.totals).toEqual({ amountDueCents: 2560000, amountPaidCents: 2000000, arrearsCents: 560000 });
    expect(logs().at(-1)).toBe(
      '新增购买记录 RJ-001 用友财务软件 标准版（购买日期 2026-11-26，数量 2，单价 12,800.00，应付 25,600.00，已付 20,000.00，欠款 5,600.00，年服务费 1,999.90）',
    );
    // The arrears index of 0001 finds it (tab 9 reads it).
    const inArrears = app.db
      .prepare(`SELECT count(*) FROM purchase WHERE customer_id = ? AND amount_paid_cents < amount_due_cents`)
      .pluck()
      .get(customerId);
    expect(inArrears).toBe(1);
  });

  it('the 业务员 is the customer’s owner even when a delegate or the administrator registers the sale', () => {
    saveOk(admin, { created: [line(dongle, { unitPriceCents: 10 })] });
    expect(list().rows[0]).toMatchObject({ salespersonId: wangId, salespersonName: '王伟', amountDueCents: 20 });
  });

  it('年服务费催缴标志 without a 服务截止期限 sets it one year after 购买日期', () => {
    const res = saveOk(wang, {
      created: [
        line(t3, { annualFeeRemind: true }),
        line(t3, { annualFeeRemind: true, serviceEndOn: '2029-01-31' }),
        line(t3, { purchasedOn: '2028-02-29', annualFeeRemind: true, serviceEndOn: '' }),
      ],
    });
    expect(res.rows.map((r) => r.serviceEndOn)).toEqual(['2027-11-26', '2029-01-31', '2029-02-28']);
    expect(logs().at(-3)).toContain('催缴，服务截止期限 2027-11-26');
    // Setting the flag later fills it the same way; clearing the date with the flag on does too.
    const [plain] = saveOk(wang, {
      created: [line(dongle, { purchasedOn: '2026-03-15', unitPriceCents: 100 })],
    }).rows.filter((r) => r.productId === dongle);
    expect(plain.serviceEndOn).toBeNull();
    const after = saveOk(wang, { updated: [edit(plain, { annualFeeRemind: true })] });
    expect(after.rows.find((r) => r.id === plain.id)?.serviceEndOn).toBe('2027-03-15');
    expect(logs().at(-1)).toBe(
      '修改购买记录 WL-001 用友加密狗：年服务费催缴标志: 否 → 是；服务截止期限: （空） → 2027-03-15',
    );
    expect(defaultServiceEnd('2026-12-31')).toBe('2027-12-31');
    expect(defaultServiceEnd('2024-02-29')).toBe('2025-02-28');
  });

  it('refuses 已付 above 应付 with the amounts, and negative amounts and quantities, writing nothing', () => {
    const before = logs().length;
    const over = failure(save(wang, { created: [line(dongle, { unitPriceCents: 1000, amountPaidCents: 2001 })] }));
    expect(over).toMatchObject({
      code: 'bad_input',
      message: '新增第 1 行 已付金额：不能大于应付金额（已付 20.01，应付 20.00 = 数量 2 × 单价 10.00）',
      fields: { 'created.0.amountPaidCents': expect.any(String) },
    });
    const negative = failure(
      save(wang, {
        created: [
          line(t3, { amountPaidCents: -1 }),
          line(t3, { unitPriceCents: -1280000 }),
          line(t3, { quantity: -1 }),
          line(t3, { annualFeeCents: -5 }),
        ],
      }),
    );
    expect(negative.message).toContain('新增第 1 行 已付金额：不能为负数');
    expect(negative.message).toContain('新增第 2 行 单价：不能为负数');
    expect(negative.message).toContain('新增第 3 行 数量：必须大于 0（不能为负数或 0）');
    expect(negative.message).toContain('新增第 4 行 年服务费：不能为负数');
    const end = failure(save(wang, { created: [line(t3, { serviceEndOn: '2026-11-25' })] }));
    expect(end.message).toBe('新增第 1 行 服务截止期限：不能早于购买日期 2026-11-26');
    expect(count()).toBe(0);
    expect(logs()).toHaveLength(before);
  });

  it('a change that lowers 应付 below 已付 is refused; a valid change recomputes 应付 and 欠款 and is logged', () => {
    const [p] = saveOk(wang, { created: [line(t3, { amountPaidCents: 2000000 })] }).rows;
    const lower = failure(save(wang, { updated: [edit(p, { quantity: 1 })] }));
    expect(lower.message).toBe(
      '修改第 1 行 已付金额：不能大于应付金额（已付 20,000.00，应付 12,800.00 = 数量 1 × 单价 12,800.00）',
    );
    const res = saveOk(wang, { updated: [edit(p, { unitPriceCents: 1200000, amountPaidCents: 2400000 })] });
    expect(res.rows[0]).toMatchObject({ amountDueCents: 2400000, arrearsCents: 0, version: 2 });
    expect(logs().at(-1)).toBe(
      '修改购买记录 RJ-001 用友财务软件 标准版：单价: 12,800.00 → 12,000.00；已付金额: 20,000.00 → 24,000.00；应付金额: 25,600.00 → 24,000.00；欠款: 5,600.00 → 0.00',
    );
    expect(app.db.prepare('SELECT amount_due_cents FROM purchase WHERE id = ?').pluck().get(p.id)).toBe(2400000);
  });

  it('deletes a purchase without payments; refuses one with payments, saying so', () => {
    const [a, b] = saveOk(wang, { created: [line(t3), line(dongle, { unitPriceCents: 500 })] }).rows;
    pay(a.id, 'goods', 100000);
    const loaded = list();
    expect(loaded.rows[0]).toMatchObject({ paymentCount: 1, amountPaidCents: 100000, arrearsCents: 2460000 });
    const refused = failure(
      save(wang, {
        deleted: [
          { id: b.id, version: b.version },
          { id: a.id, version: loaded.rows[0].version },
        ],
      }),
    );
    expect(refused).toMatchObject({
      code: 'forbidden',
      message: '删除第 2 行：“RJ-001 用友财务软件 标准版”已有 1 笔收款记录，不能删除',
    });
    expect(count()).toBe(2);
    const res = saveOk(wang, { deleted: [{ id: b.id, version: b.version }] });
    expect(res.rows.map((r) => r.id)).toEqual([a.id]);
    expect(logs().at(-1)).toBe(
      '删除购买记录 WL-001 用友加密狗（购买日期 2026-11-26，数量 2，单价 5.00，应付 10.00，已付 0.00，欠款 10.00）',
    );
  });

  it('已付 moves only with payments once there are some; other fields stay editable', () => {
    const [p] = saveOk(wang, { created: [line(t3)] }).rows;
    pay(p.id, 'goods', 50000);
    const [fresh] = list().rows;
    const refused = failure(save(wang, { updated: [edit(fresh, { amountPaidCents: 60000 })] }));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('修改第 1 行 已付金额：已有 1 笔货款收款');
    expect(saveOk(wang, { updated: [edit(fresh, { note: '分期' })] }).rows[0]).toMatchObject({
      note: '分期',
      amountPaidCents: 50000,
    });
  });

  it('a payment since loading (a new version) makes the save a conflict, writing nothing', () => {
    const loaded = saveOk(wang, { created: [line(t3)] });
    pay(loaded.rows[0].id, 'annual_fee', 199990);
    const err = failure(save(wang, { token: loaded.token, updated: [edit(loaded.rows[0], { note: 'x' })] }));
    expect(err).toMatchObject({ code: 'conflict', message: PURCHASES_CONFLICT });
    const stale = failure(save(wang, { updated: [edit(loaded.rows[0], { note: 'x' })] }));
    expect(stale.code).toBe('conflict');
    expect(list().rows[0].note).toBe('');
  });

  it('a product no longer for sale stays on old purchases but cannot be sold again', () => {
    saveOk(wang, { created: [line(t3)] });
    app.ok(admin, 'products.setOnSale', { ids: [t3], onSale: false });
    expect(list().rows[0]).toMatchObject({ productCode: 'RJ-001', productOnSale: false });
    expect(failure(save(wang, { created: [line(t3)] })).message).toBe(
      '新增第 1 行 商品：“RJ-001 用友财务软件 标准版”已停售，不能新增购买记录',
    );
  });

  it('totals are exact: many lines of 0.10 with 0.05 paid give 应付 / 已付 / 欠款 to the cent', () => {
    const dime = parseMoney('0.10');
    const nickel = parseMoney('0.05');
    if (!dime.ok || !nickel.ok) throw new Error('parse');
    const created = Array.from({ length: 999 }, () =>
      line(dongle, { quantity: 1, unitPriceCents: dime.cents, amountPaidCents: nickel.cents }),
    );
    const res = saveOk(wang, { created });
    expect(res.totals).toEqual({ amountDueCents: 9990, amountPaidCents: 4995, arrearsCents: 4995 });
    expect(formatMoney(res.totals.arrearsCents)).toBe('49.95');
    let floats = 0;
    for (let i = 0; i < 999; i++) floats += 0.1 - 0.05;
    expect(floats).not.toBe(49.95);
    expect(purchaseTotals([{ quantity: 3, unitPriceCents: 10, amountPaidCents: 10 }])).toEqual({
      amountDueCents: 30,
      amountPaidCents: 10,
      arrearsCents: 20,
    });
  });
});

describe('purchases visibility', () => {
  it('another salesperson can neither read nor change the purchases', () => {
    saveOk(wang, { created: [line(t3)] });
    expect(failure(app.call(li, 'purchases.list', { customerId })).code).toBe('not_found');
    const { token } = list();
    const write = failure(app.call(li, 'purchases.save', { customerId, token, created: [line(t3)] }));
    expect(write.code).toBe('not_found');
    expect(JSON.stringify(write)).not.toContain('中兴');
    expect(count()).toBe(1);
  });

  it('a delegate may register a sale (for the owner); the deleted customer’s purchases are read-only', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [customerId], toId: app.addStaff('赵磊', 'zhao') });
    const zhao = app.login('zhao');
    const res = app.ok(zhao, 'purchases.save', { customerId, token: list().token, created: [line(t3)] });
    expect(res.rows[0].salespersonName).toBe('王伟');
    app.ok(wang, 'customers.delete', { ids: [customerId] });
    const seen = app.ok(admin, 'purchases.list', { customerId });
    expect(seen.customer.editable).toBe(false);
    expect(failure(app.call(admin, 'purchases.save', { customerId, token: seen.token, deleted: [] })).code).toBe(
      'not_found',
    );
  });
});
