import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, Quote } from '../../core/contract.js';
import { quoteTotals } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { formatMoney, parseMoney } from '../../core/money.js';
import { createOffice, failure, newCustomer, type TestApp } from '../testing.js';
import { QUOTES_CONFLICT } from './quotes.js';

let app: TestApp;
let wangId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let customerId: number;
let t3: number;
let u8: number;
let dongle: number;

beforeEach(() => {
  ({ app, wangId, admin, wang, li } = createOffice());
  customerId = app.ok(wang, 'customers.create', { ...newCustomer(wangId), confirmDuplicates: true }).id;
  const soft = app.ok(admin, 'categories.create', { name: '办公软件' }).id;
  const product = (code: string, name: string, model: string, guidePriceCents: number) =>
    app.ok(admin, 'products.create', { code, name, categoryId: soft, model, unit: '套', guidePriceCents }).id;
  t3 = product('RJ-001', '用友财务软件 标准版', 'T3', 1280000);
  u8 = product('RJ-002', '用友财务软件 专业版', 'U8-PRO', 2560050);
  dongle = product('WL-001', '用友加密狗', '', 10);
});
afterEach(() => app.close());

const count = () => app.db.prepare('SELECT count(*) FROM quote').pluck().get() as number;
const logs = () =>
  app.db
    .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
    .pluck()
    .all(customerId) as string[];

type Save = Input<'quotes.save'>;
const list = (conn: Connection = wang) => app.ok(conn, 'quotes.list', { customerId });
const save = (conn: Connection, batch: Partial<Save>) =>
  app.call(conn, 'quotes.save', { customerId, ...batch, token: batch.token ?? list(conn).token });
const saveOk = (conn: Connection, batch: Partial<Save>) => {
  const r = save(conn, batch);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
/** What the grid sends back for a loaded quote: its editable fields, id and version. */
const edit = (q: Quote, over: Partial<NonNullable<Save['updated']>[number]> = {}) => ({
  id: q.id,
  version: q.version,
  productId: q.productId,
  quotedOn: q.quotedOn,
  quantity: q.quantity,
  priceCents: q.priceCents,
  note: q.note,
  ...over,
});
const line = (productId: number, over: Partial<NonNullable<Save['created']>[number]> = {}) => ({
  productId,
  quotedOn: '2026-11-26',
  quantity: 1,
  priceCents: 1280000,
  ...over,
});

describe('quotes.save', () => {
  it('adds quotes with the product shown, 金额 = 数量 × 报价, the 报价人, totals and a log line each', () => {
    expect(list()).toMatchObject({
      rows: [],
      totals: { amountCents: 0 },
      customer: { id: customerId, editable: true },
    });
    const res = saveOk(wang, {
      created: [line(t3), line(u8, { quantity: 3, priceCents: 2560050, note: '含实施' })],
    });
    expect(res.saved).toEqual({ created: 2, updated: 0, deleted: 0 });
    expect(res.rows).toHaveLength(2);
    expect(res.rows[1]).toMatchObject({
      productId: u8,
      productCode: 'RJ-002',
      productName: '用友财务软件 专业版',
      productModel: 'U8-PRO',
      productUnit: '套',
      productOnSale: true,
      quotedOn: '2026-11-26',
      quantity: 3,
      priceCents: 2560050,
      amountCents: 7680150,
      note: '含实施',
      quotedById: wangId,
      quotedByName: '王伟',
      version: 1,
    });
    expect(res.totals.amountCents).toBe(1280000 + 7680150);
    expect(logs()).toEqual([
      expect.stringContaining('创建客户'),
      '新增报价 RJ-001 用友财务软件 标准版（报价日期 2026-11-26，数量 1，报价 12,800.00，金额 12,800.00）',
      '新增报价 RJ-002 用友财务软件 专业版（报价日期 2026-11-26，数量 3，报价 25,600.50，金额 76,801.50）',
    ]);
    // The same as a fresh read.
    expect(list()).toEqual({ customer: res.customer, rows: res.rows, token: res.token, totals: res.totals });
  });

  it('changes and deletes in one batch, logging what changed; an unchanged row is not counted', () => {
    const { rows } = saveOk(wang, { created: [line(t3), line(u8), line(dongle, { priceCents: 10 })] });
    const [a, b, c] = rows;
    const res = saveOk(wang, {
      updated: [edit(a, { priceCents: 1100000, quantity: 2 }), edit(c)],
      deleted: [{ id: b.id, version: b.version }],
    });
    expect(res.saved).toEqual({ created: 0, updated: 1, deleted: 1 });
    expect(res.rows.map((r) => r.productCode)).toEqual(['RJ-001', 'WL-001']);
    expect(res.rows[0]).toMatchObject({ version: 2, amountCents: 2200000 });
    expect(res.rows[1].version).toBe(1);
    expect(logs().slice(-2)).toEqual([
      '删除报价 RJ-002 用友财务软件 专业版（报价日期 2026-11-26，数量 1，报价 12,800.00，金额 12,800.00）',
      '修改报价 RJ-001 用友财务软件 标准版：数量: 1 → 2；报价: 12,800.00 → 11,000.00；金额: 12,800.00 → 22,000.00',
    ]);
  });

  it('refuses negative and fractional amounts and quantities, naming row and field, writing nothing', () => {
    const before = logs().length;
    const err = failure(
      save(wang, {
        created: [
          line(t3, { priceCents: -100 }),
          line(u8, { quantity: 0 }),
          line(dongle, { quantity: -2 }),
          line(t3, { priceCents: 10.5 }),
          line(t3, { quantity: 1.5 }),
        ],
      }),
    );
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('新增第 1 行 报价：不能为负数');
    expect(err.message).toContain('新增第 2 行 数量：必须大于 0（不能为负数或 0）');
    expect(err.message).toContain('新增第 3 行 数量：必须大于 0（不能为负数或 0）');
    expect(err.message).toContain('新增第 4 行 报价：金额必须精确到分');
    expect(err.message).toContain('新增第 5 行 数量：必须是整数');
    expect(err.fields).toMatchObject({
      'created.0.priceCents': '不能为负数',
      'created.1.quantity': expect.any(String),
    });
    expect(count()).toBe(0);
    expect(logs()).toHaveLength(before);
  });

  it('refuses an amount beyond what is stored, a product that does not exist, and a changed product', () => {
    const huge = failure(save(wang, { created: [line(t3, { quantity: 1_000_000, priceCents: 1e12 })] }));
    expect(huge.message).toBe('新增第 1 行 数量：数量 × 报价 超过 1000 亿元，金额过大');
    expect(failure(save(wang, { created: [line(9999)] })).message).toBe('新增第 1 行 商品：商品不存在，或已被删除');
    const [q] = saveOk(wang, { created: [line(t3)] }).rows;
    const changed = failure(save(wang, { updated: [edit(q, { productId: u8 })] }));
    expect(changed).toMatchObject({ code: 'bad_input', fields: { 'updated.0.productId': expect.any(String) } });
    expect(changed.message).toContain('修改第 1 行 商品：不能修改');
    expect(count()).toBe(1);
  });

  it('a product no longer for sale stays on old quotes but cannot be quoted again', () => {
    saveOk(wang, { created: [line(t3)] });
    app.ok(admin, 'products.setOnSale', { ids: [t3], onSale: false });
    const { rows } = list();
    expect(rows[0]).toMatchObject({ productCode: 'RJ-001', productOnSale: false });
    // Old lines can still be edited …
    expect(saveOk(wang, { updated: [edit(rows[0], { note: '客户嫌贵' })] }).saved.updated).toBe(1);
    // … but not added again.
    expect(failure(save(wang, { created: [line(t3)] })).message).toBe(
      '新增第 1 行 商品：“RJ-001 用友财务软件 标准版”已停售，不能新增报价',
    );
  });

  it('refuses a save on quotes someone else changed since they were loaded', () => {
    const loaded = saveOk(wang, { created: [line(t3)] });
    saveOk(admin, { updated: [edit(loaded.rows[0], { quantity: 5 })] });
    const err = failure(
      save(wang, { token: loaded.token, updated: [edit(loaded.rows[0], { note: 'x' })], created: [line(u8)] }),
    );
    expect(err).toMatchObject({ code: 'conflict', message: QUOTES_CONFLICT });
    expect(count()).toBe(1);
    // A fresh token with a stale version is a conflict too.
    const stale = failure(save(wang, { updated: [edit(loaded.rows[0], { note: 'x' })] }));
    expect(stale.code).toBe('conflict');
  });

  it('totals are exact: a thousand quotes of 0.10 make 100.00, where adding floats drifts', () => {
    const dime = parseMoney('0.10');
    if (!dime.ok) throw new Error(dime.error);
    const created = Array.from({ length: 1000 }, () => line(dongle, { priceCents: dime.cents }));
    const res = saveOk(wang, { created });
    expect(res.rows).toHaveLength(1000);
    expect(res.totals.amountCents).toBe(10000);
    expect(formatMoney(res.totals.amountCents)).toBe('100.00');
    // The same sum in floating-point yuan is not 100.
    let floats = 0;
    for (let i = 0; i < 1000; i++) floats += 0.1;
    expect(floats).not.toBe(100);
    // And 0.10 × 3 is 0.30 exactly (0.1 * 3 is 0.30000000000000004 in floats).
    expect(quoteTotals([{ quantity: 3, priceCents: 10 }]).amountCents).toBe(30);
    expect(
      saveOk(wang, { updated: [edit(res.rows[0], { quantity: 3 })] }).rows.find((r) => r.id === res.rows[0].id)
        ?.amountCents,
    ).toBe(30);
  });
});

describe('quotes visibility', () => {
  it('another salesperson can neither read nor change the quotes, and learns nothing', () => {
    saveOk(wang, { created: [line(t3)] });
    const read = failure(app.call(li, 'quotes.list', { customerId }));
    expect(read.code).toBe('not_found');
    const { token } = list();
    const write = failure(app.call(li, 'quotes.save', { customerId, token, created: [line(u8)] }));
    expect(write.code).toBe('not_found');
    expect(JSON.stringify(write)).not.toContain('中兴');
    expect(count()).toBe(1);
  });

  it('a delegate may quote; a deleted customer’s quotes are read-only and seen by the administrator only', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [customerId], toId: app.addStaff('赵磊', 'zhao') });
    const zhao = app.login('zhao');
    const res = app.ok(zhao, 'quotes.save', { customerId, token: list().token, created: [line(t3)] });
    expect(res.rows[0].quotedByName).toBe('赵磊');
    app.ok(wang, 'customers.delete', { ids: [customerId] });
    expect(failure(app.call(wang, 'quotes.list', { customerId })).code).toBe('not_found');
    const seen = app.ok(admin, 'quotes.list', { customerId });
    expect(seen.customer.editable).toBe(false);
    expect(seen.rows).toHaveLength(1);
    expect(failure(app.call(admin, 'quotes.save', { customerId, token: seen.token, created: [line(u8)] })).code).toBe(
      'not_found',
    );
  });
});
