/**
 * The counters of 0011 against a recount after every kind of write — purchase add / edit /
 * delete, payment, 维护记录 add / edit / delete, transfer (customers.update and staff.transfer),
 * delete, restore — and the 工作台 and 销售统计 answers read from them against the same
 * aggregates computed straight from the base tables (the visibility rule of db/visibility.ts),
 * for the administrator, the administrator's 业务员 filter and each salesperson, through
 * delegation, its revocation and its expiry. Ranges with partial first and last months, and the
 * office's time zone (Asia/Shanghai: 16:30 UTC on the 30th is 00:30 on the 1st).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerRecord, Input, Purchase } from '../../core/contract.js';
import { TOP_PRODUCTS } from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { createOffice, ctxOf, newCustomer, purchaseEdit, type TestApp } from '../testing.js';
import { visibleCustomerIds } from '../visibility.js';
import { addDays } from '../fees/queries.js';
import { buckets, monthPlan } from './stats.js';
import { statsCountersAndRecount } from './stats-recount.js';
import { localDayStart } from './workbench.js';

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
let soft: number;
let hard: number;

beforeEach(() => {
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  app.clock.set('2026-12-01T02:00:00.000Z'); // 10:00 on 2026-12-01 in Shanghai
  const make = (conn: Connection, owner: number, name: string, keyword: string) =>
    app.ok(conn, 'customers.create', { ...newCustomer(owner, { name, keyword }), confirmDuplicates: true }).id;
  a = make(wang, wangId, '深圳市甲科技有限公司', '甲科技');
  b = make(wang, wangId, '深圳市乙贸易有限公司', '乙贸易');
  c = make(li, liId, '广州市丙电子有限公司', '丙电子');
  const cat1 = app.ok(admin, 'categories.create', { name: '办公软件' }).id;
  const cat2 = app.ok(admin, 'categories.create', { name: '硬件' }).id;
  soft = app.ok(admin, 'products.create', { code: 'RJ-001', name: '财务软件', categoryId: cat1, unit: '套' }).id;
  hard = app.ok(admin, 'products.create', { code: 'YJ-001', name: '服务器', categoryId: cat2, unit: '台' }).id;
});
afterEach(() => app.close());

type PurchaseSave = Input<'purchases.save'>;
type PurchaseLine = NonNullable<PurchaseSave['created']>[number];
type RecordSave = Input<'records.save'>;
type RecordLine = NonNullable<RecordSave['created']>[number];

function savePurchases(conn: Connection, customerId: number, batch: Partial<PurchaseSave>): Purchase[] {
  const token = app.ok(conn, 'purchases.list', { customerId }).token;
  return app.ok(conn, 'purchases.save', { customerId, token, ...batch }).rows;
}
const line = (productId: number, over: Partial<PurchaseLine> = {}): PurchaseLine => ({
  productId,
  purchasedOn: '2026-11-30',
  quantity: 2,
  unitPriceCents: 50000,
  ...over,
});
const editPurchase = purchaseEdit;
function saveRecords(conn: Connection, customerId: number, batch: Partial<RecordSave>): CustomerRecord[] {
  const token = app.ok(conn, 'records.list', { customerId }).token;
  return app.ok(conn, 'records.save', { customerId, token, ...batch }).rows.filter((r) => r.kind === 'followup');
}
const followup = (over: Partial<RecordLine>): RecordLine => ({
  at: app.clock.now().toISOString(),
  method: '电话',
  content: '电话回访',
  ...over,
});
const editRecord = (r: CustomerRecord, over: Partial<RecordLine>) => ({
  id: r.id,
  version: r.version,
  at: r.at,
  method: r.method as '电话',
  contactId: r.contactId,
  content: r.content,
  nextOn: r.nextOn,
  ...over,
});
function transfer(id: number, ownerId: number) {
  const {
    statusName: _s,
    ownerName: _o,
    delegated: _d,
    pool: _p,
    masked: _m,
    deletedAt: _x,
    ...f
  } = app.ok(admin, 'customers.get', { id });
  app.ok(admin, 'customers.update', { ...f, ownerId });
}

/** The aggregates straight from the base tables, scoped by the visibility rule. */
function reference(conn: Connection, ownerId: number | null, range: { from: string; to: string }) {
  const ctx = ctxOf(app, conn);
  const now = today(ctx);
  const all = <T>(sql: string, column: string, params: Record<string, unknown> = {}) => {
    const v = visibleCustomerIds(ctx, column, ownerId);
    return app.db
      .prepare<Record<string, unknown>, T>(sql.replace('$VIS', v.sql))
      .all({ ...v.params, ...range, ...params });
  };
  const sales = new Map(
    all<{ month: string; cents: number }>(
      `SELECT substr(purchased_on, 1, 7) AS month, sum(amount_due_cents) AS cents FROM purchase p
       WHERE purchased_on >= @from AND purchased_on <= @to AND $VIS GROUP BY 1`,
      'p.customer_id',
    ).map((r) => [r.month, r.cents]),
  );
  const collected = new Map(
    all<{ month: string; cents: number }>(
      `SELECT substr(m.paid_on, 1, 7) AS month, sum(m.amount_cents) AS cents FROM payment m
       JOIN purchase p ON p.id = m.purchase_id WHERE m.paid_on >= @from AND m.paid_on <= @to AND $VIS GROUP BY 1`,
      'p.customer_id',
    ).map((r) => [r.month, r.cents]),
  );
  const money = buckets(range, 'month').map((x) => ({
    month: x.key,
    salesCents: sales.get(x.key) ?? 0,
    collectedCents: collected.get(x.key) ?? 0,
  }));
  const ageingRows = all<{ bucket: 0 | 1 | 2 | 3; purchases: number; arrearsCents: number }>(
    `SELECT CASE WHEN purchased_on >= @d30 THEN 0 WHEN purchased_on >= @d90 THEN 1
                 WHEN purchased_on >= @d365 THEN 2 ELSE 3 END AS bucket,
       count(*) AS purchases, sum(amount_due_cents - amount_paid_cents) AS arrearsCents
     FROM purchase p WHERE amount_paid_cents < amount_due_cents AND $VIS GROUP BY 1`,
    'p.customer_id',
    { d30: addDays(now, -30), d90: addDays(now, -90), d365: addDays(now, -365) },
  );
  const ageing = ([0, 1, 2, 3] as const).map(
    (k) => ageingRows.find((r) => r.bucket === k) ?? { bucket: k, purchases: 0, arrearsCents: 0 },
  );
  const perProduct = all<{
    productId: number;
    code: string;
    name: string;
    categoryId: number;
    categoryName: string;
    quantity: number;
    cents: number;
  }>(
    `SELECT pr.id AS productId, pr.code, pr.name, pr.category_id AS categoryId, k.name AS categoryName,
       sum(p.quantity) AS quantity, sum(p.amount_due_cents) AS cents
     FROM purchase p JOIN product pr ON pr.id = p.product_id JOIN product_category k ON k.id = pr.category_id
     WHERE p.purchased_on >= @from AND p.purchased_on <= @to AND $VIS
     GROUP BY pr.id, k.id ORDER BY cents DESC, pr.id`,
    'p.customer_id',
  );
  const categories = [...new Set(perProduct.map((p) => p.categoryId))]
    .map((id) => {
      const of = perProduct.filter((p) => p.categoryId === id);
      return {
        categoryId: id,
        categoryName: of[0].categoryName,
        quantity: of.reduce((t, p) => t + p.quantity, 0),
        cents: of.reduce((t, p) => t + p.cents, 0),
      };
    })
    .sort((x, y) => y.cents - x.cents || x.categoryId - y.categoryId);
  const top = perProduct
    .slice(0, TOP_PRODUCTS)
    .map(({ productId, code, name, quantity, cents }) => ({ productId, code, name, quantity, cents }));
  const activity = buckets(range, 'week').flatMap((w) =>
    all<{ authorId: number | null; authorName: string; n: number }>(
      `SELECT r.author_id AS authorId, coalesce(s.name, '系统') AS authorName, count(*) AS n
       FROM record r LEFT JOIN staff s ON s.id = r.author_id
       WHERE r.kind = 'followup' AND r.at >= @f AND r.at < @u AND $VIS GROUP BY r.author_id, s.id ORDER BY r.author_id`,
      'r.customer_id',
      { f: w.from, u: w.until },
    ).map((r) => ({ week: w.key, ...r })),
  );
  const monthStart = `${now.slice(0, 8)}01`;
  const one = <T>(sql: string, column: string, params: Record<string, unknown>) => all<T>(sql, column, params)[0];
  const fees = one<{ count: number; overdueCount: number; feeCents: number }>(
    `SELECT count(*) AS count, coalesce(sum(service_end_on < @today), 0) AS overdueCount,
       coalesce(sum(annual_fee_cents), 0) AS feeCents
     FROM purchase p WHERE annual_fee_remind = 1 AND service_end_on <= @until AND $VIS`,
    'p.customer_id',
    { today: now, until: addDays(now, 30) },
  );
  const arrears = one<{ customers: number; purchases: number; arrearsCents: number }>(
    `SELECT count(DISTINCT customer_id) AS customers, count(*) AS purchases,
       coalesce(sum(amount_due_cents - amount_paid_cents), 0) AS arrearsCents
     FROM purchase p WHERE amount_paid_cents < amount_due_cents AND $VIS`,
    'p.customer_id',
    {},
  );
  const month = { from: monthStart, to: now };
  const salesCents = one<{ n: number }>(
    `SELECT coalesce(sum(amount_due_cents), 0) AS n FROM purchase p
     WHERE purchased_on >= @from AND purchased_on <= @to AND $VIS`,
    'p.customer_id',
    month,
  ).n;
  const collectedCents = one<{ n: number }>(
    `SELECT coalesce(sum(m.amount_cents), 0) AS n FROM payment m JOIN purchase p ON p.id = m.purchase_id
     WHERE m.paid_on >= @from AND m.paid_on <= @to AND $VIS`,
    'p.customer_id',
    month,
  ).n;
  const followups = one<{ n: number }>(
    `SELECT count(*) AS n FROM record r WHERE r.kind = 'followup' AND r.at >= @f AND r.at < @u AND $VIS`,
    'r.customer_id',
    { f: localDayStart(monthStart), u: localDayStart(addDays(now, 1)) },
  ).n;
  return {
    money,
    ageing,
    products: { categories, top },
    activity,
    fees,
    arrears,
    salesCents,
    collectedCents,
    followups,
  };
}

const ranges = [
  { from: '2026-10-01', to: '2026-12-31' }, // whole months
  { from: '2026-11-03', to: '2026-12-01' }, // mostly-whole first month (its counter less 2 days), 1 day of the last
  { from: '2026-11-29', to: '2026-12-02' }, // a few days either side of a month's end
  { from: '2025-12-02', to: '2026-12-01' }, // the bench's year
];

/** Counters equal a recount, and every aggregate equals the base tables', for every viewer. */
function check(when: string) {
  for (const [name, t] of Object.entries(statsCountersAndRecount(app.db)))
    expect(t.counters, `${when}: ${name}`).toEqual(t.recount);
  const viewers: [string, Connection, number | null][] = [
    ['admin', admin, null],
    ['admin/王伟', admin, wangId],
    ['admin/李娜', admin, liId],
    ['王伟', wang, null],
    ['李娜', li, null],
  ];
  for (const [who, conn, ownerId] of viewers) {
    const at = `${when}, ${who}`;
    for (const range of ranges) {
      const ref = reference(conn, ownerId, range);
      const input = { ...range, ownerId };
      expect(app.ok(conn, 'stats.money', input), `${at} money ${range.from}`).toEqual(ref.money);
      expect(app.ok(conn, 'stats.products', input), `${at} products ${range.from}`).toEqual(ref.products);
      expect(app.ok(conn, 'stats.activity', input), `${at} activity ${range.from}`).toEqual(ref.activity);
      expect(app.ok(conn, 'stats.ageing', input), `${at} ageing`).toEqual(ref.ageing);
      const s = app.ok(conn, 'workbench.summary', { ownerId });
      expect(s.fees, `${at} fees`).toEqual({ days: 30, ...ref.fees });
      expect(s.arrears, `${at} arrears`).toEqual(ref.arrears);
      expect(
        { salesCents: s.numbers.salesCents, collectedCents: s.numbers.collectedCents, followups: s.numbers.followups },
        `${at} numbers`,
      ).toEqual({ salesCents: ref.salesCents, collectedCents: ref.collectedCents, followups: ref.followups });
    }
  }
}

describe('monthPlan', () => {
  it('reads whole months from the counters and a partial month from the fewer days', () => {
    expect(monthPlan('2026-10-01', '2026-12-31')).toEqual({ months: ['2026-10', '2026-11', '2026-12'], days: [] });
    expect(monthPlan('2025-12-02', '2026-12-01')).toEqual({
      months: ['2025-12', ...Array.from({ length: 11 }, (_x, i) => `2026-${String(i + 1).padStart(2, '0')}`)],
      days: [
        { from: '2025-12-01', to: '2025-12-01', sign: -1 },
        { from: '2026-12-01', to: '2026-12-01', sign: 1 },
      ],
    });
    expect(monthPlan('2026-11-10', '2026-11-20')).toEqual({
      months: [],
      days: [{ from: '2026-11-10', to: '2026-11-20', sign: 1 }],
    });
    expect(monthPlan('2026-11-02', '2026-11-29')).toEqual({
      months: ['2026-11'],
      days: [
        { from: '2026-11-01', to: '2026-11-01', sign: -1 },
        { from: '2026-11-30', to: '2026-11-30', sign: -1 },
      ],
    });
  });
});

describe('0011 counters', () => {
  it('equal a recount, and the charts the base tables, after every kind of write', () => {
    check('empty');

    // Purchases added: a month boundary (11-30 / 12-01), a fee to remind, part paid.
    const [pa1, pa2] = savePurchases(wang, a, {
      created: [
        line(soft, {
          amountPaidCents: 30000,
          annualFeeCents: 19999,
          annualFeeRemind: true,
          serviceEndOn: '2026-12-10',
        }),
        line(hard, { purchasedOn: '2026-12-01', quantity: 1, unitPriceCents: 800000 }),
      ],
    }).sort((x, y) => x.id - y.id);
    savePurchases(wang, b, {
      created: [
        line(soft, { purchasedOn: '2025-11-30', unitPriceCents: 700 }), // more than 365 days old
        line(soft, {
          purchasedOn: '2026-11-02',
          annualFeeRemind: true,
          annualFeeCents: 500,
          serviceEndOn: '2026-11-20',
        }),
      ],
    });
    savePurchases(li, c, { created: [line(hard, { purchasedOn: '2026-10-31', unitPriceCents: 5000 })] });
    check('purchases added');

    // Edited: quantity, date across a month, product, 已付, 年费提醒 off.
    savePurchases(wang, a, {
      updated: [
        editPurchase(pa1, { quantity: 3, purchasedOn: '2026-12-01', amountPaidCents: 150000, annualFeeRemind: false }),
        editPurchase(pa2, { unitPriceCents: 900000, amountPaidCents: 800000 }),
      ],
    });
    check('purchases edited');

    // A payment (收款) recorded through its handler.
    const pb = app.ok(wang, 'purchases.list', { customerId: b }).rows;
    const toPay = pb.find((p) => p.purchasedOn === '2026-11-02')!;
    app.ok(wang, 'payments.create', {
      purchaseId: toPay.id,
      version: toPay.version,
      kind: 'goods',
      amountCents: 40000,
      paidOn: '2026-12-01',
      handledBy: wangId,
    });
    check('payment');
    // Columns no handler changes, as a repair script might: the product, the customer (with its
    // payment), a payment's amount and day, a payment removed.
    app.db.prepare(`UPDATE purchase SET product_id = ? WHERE id = ?`).run(hard, toPay.id);
    app.db.prepare(`UPDATE purchase SET customer_id = ? WHERE id = ?`).run(a, toPay.id);
    check('purchase moved by SQL');
    app.db.prepare(`UPDATE purchase SET customer_id = ? WHERE id = ?`).run(b, toPay.id);
    app.db
      .prepare(`UPDATE payment SET amount_cents = 30000, paid_on = '2026-11-30' WHERE purchase_id = ?`)
      .run(toPay.id);
    check('payment changed by SQL');
    app.db
      .prepare(
        `INSERT INTO payment (purchase_id, kind, amount_cents, paid_on, created_at) VALUES (?, 'annual_fee', 7, ?, ?)`,
      )
      .run(toPay.id, '2026-12-01', app.clock.now().toISOString());
    app.db.prepare(`DELETE FROM payment WHERE purchase_id = ? AND kind = 'annual_fee'`).run(toPay.id);
    check('payment removed by SQL');

    // A purchase deleted.
    const gone = app.ok(wang, 'purchases.list', { customerId: b }).rows.find((p) => p.purchasedOn === '2025-11-30')!;
    savePurchases(wang, b, { deleted: [{ id: gone.id, version: gone.version }] });
    check('purchase deleted');

    // 维护记录 around local midnight, by their author; edited across a week and a month; deleted.
    const [r1, r2] = saveRecords(wang, a, {
      created: [
        followup({ at: '2026-11-29T15:59:00.000Z' }), // Sun 11-29 23:59 local
        followup({ at: '2026-11-30T16:30:00.000Z', content: '十二月零点半' }), // Tue 12-01 00:30 local
      ],
    }).sort((x, y) => x.id - y.id);
    saveRecords(li, c, { created: [followup({ at: '2026-11-02T03:00:00.000Z' })] });
    saveRecords(admin, b, { created: [followup({ at: '2026-12-01T01:00:00.000Z' })] });
    check('records added');
    saveRecords(wang, a, { updated: [editRecord(r1, { at: '2026-11-30T15:59:00.000Z' })] });
    check('record edited');
    saveRecords(wang, a, { deleted: [{ id: r2.id, version: r2.version }] });
    check('record deleted');

    // Transfer (转移客户), one customer and a salesperson's all; delete and restore.
    transfer(b, liId);
    check('customer transferred');
    app.ok(admin, 'staff.transfer', { fromId: liId, toId: wangId });
    check('staff transferred');
    transfer(c, liId);
    app.ok(admin, 'customers.delete', { ids: [a] });
    check('customer deleted');
    app.ok(admin, 'customers.restore', { ids: [a] });
    check('customer restored');

    // A delegation counts for the delegate until revoked; another until it expires.
    app.ok(wang, 'delegations.grant', { customerIds: [a], toId: liId, endOn: '2026-12-02' });
    check('delegated');
    // 李娜's own c (2 × ¥50 in October) and the delegated a (3 × ¥500 and ¥9,000 in December).
    expect(app.ok(li, 'stats.money', ranges[0]).map((r) => r.salesCents)).toEqual([10000, 0, 150000 + 900000]);
    app.clock.set('2026-12-03T02:00:00.000Z');
    app.sweep();
    check('delegation expired');
    expect(app.ok(li, 'stats.money', ranges[0]).map((r) => r.salesCents)).toEqual([10000, 0, 0]);
    app.ok(li, 'delegations.grant', { customerIds: [c], toId: wangId });
    check('delegated back');
    const d = app.ok(li, 'delegations.list', { customerId: c }).rows[0];
    app.ok(li, 'delegations.revoke', { id: d.id });
    check('delegation revoked');
    // 15 checks × 5 viewers × 4 ranges × 7 calls: seconds on a loaded machine.
  }, 60_000);
});
