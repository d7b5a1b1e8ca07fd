/**
 * 回款计划 (issue 22, part 1), on both engines (vitest.pg.config.ts): the plan must add up to 应付,
 * 收款 fill the instalments oldest first (or the one picked), the states, visibility, the
 * 操作日志, and bad input that names its field and writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, InstalmentsSaved } from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { addDays } from '../fees/queries.js';
import { exportRequest } from '../../core/contract.js';
import { buildExport, exportHeaders } from '../export/specs.js';
import { createTestApp, ctxOf, failure, newCustomer, purchaseEdit, writeState, type TestApp } from '../testing.js';
import { seedPurchase } from './fees.fixtures.js';

let app: TestApp;
let ids: Record<'admin' | 'wang' | 'li', number>;
let admin: Connection;
let wang: Connection;
let li: Connection;
let zx: number;
let now: string;
const day = (n: number) => addDays(now, n);

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
  zx = app.ok(wang, 'customers.create', newCustomer(ids.wang)).id;
  now = today({ clock: app.clock });
});
afterEach(() => app.close());

type Row = NonNullable<Input<'instalments.save'>['created']>[number];
const inst = (seq: number, dueOn: string, amountCents: number, over: Partial<Row> = {}): Row => ({
  seq,
  dueOn,
  amountCents,
  remindDays: 3,
  note: '',
  ...over,
});

/** A purchase of 10,000.00 (应付) and its empty plan. */
function purchase(paidCents = 0, customerId = zx) {
  const id = seedPurchase(app, customerId, { unitPriceCents: 1_000_000, paidCents, purchasedOn: '2026-10-01' });
  return id;
}

function save(conn: Connection, purchaseId: number, batch: Partial<Input<'instalments.save'>>) {
  const { token } = app.ok(conn, 'instalments.list', { purchaseId });
  return app.call(conn, 'instalments.save', { purchaseId, token, ...batch });
}

/** Three instalments of 3,000 / 3,000 / 4,000: last week (overdue), this week's Sunday, next month. */
function planThree(purchaseId: number): InstalmentsSaved {
  const r = save(wang, purchaseId, {
    created: [inst(1, day(-3), 300_000), inst(2, day(2), 300_000), inst(3, day(30), 400_000)],
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function pay(conn: Connection, purchaseId: number, amountCents: number, instalmentId: number | null = null) {
  const version = app.count('SELECT version FROM purchase WHERE id = ?', purchaseId);
  return app.call(conn, 'payments.create', {
    purchaseId,
    version,
    kind: 'goods',
    amountCents,
    paidOn: now,
    handledBy: ids.wang,
    instalmentId,
  });
}

const states = (purchaseId: number) =>
  app.ok(wang, 'instalments.list', { purchaseId }).rows.map((r) => [r.seq, r.paidCents, r.state]);

/** The stored 已回款 equals the rule's recount (the view of 0015) for every instalment. */
function expectNoDrift() {
  const stored = app.db.prepare('SELECT id, paid_cents AS paid FROM instalment ORDER BY id').all();
  const recount = app.db.prepare('SELECT id, paid_cents AS paid FROM instalment_allocation ORDER BY id').all();
  expect(stored).toEqual(recount);
}

describe('the plan', () => {
  it('must add up to 应付: the refusal says by how much, names 计划金额 and writes nothing', () => {
    const p = purchase();
    const before = writeState(app.db);
    const short = failure(save(wang, p, { created: [inst(1, day(5), 500_000), inst(2, day(35), 400_000)] }));
    expect(short.code).toBe('bad_input');
    expect(short.message).toBe('计划金额：回款计划合计 ¥9,000.00，比应付 ¥10,000.00 少 ¥1,000.00');
    expect(short.fields).toEqual({ amountCents: '回款计划合计 ¥9,000.00，比应付 ¥10,000.00 少 ¥1,000.00' });
    const over = failure(save(wang, p, { created: [inst(1, day(5), 1_000_001)] }));
    expect(over.message).toBe('计划金额：回款计划合计 ¥10,000.01，比应付 ¥10,000.00 多 ¥0.01');
    expect(writeState(app.db)).toEqual(before);
  });

  it('is saved in one go with an 操作日志 line per instalment, and edited and deleted by version', () => {
    const p = purchase();
    const plan = planThree(p);
    expect(plan.saved).toEqual({ created: 3, updated: 0, deleted: 0 });
    expect(plan.rows.map((r) => [r.seq, r.dueOn, r.amountCents, r.remindDays, r.state])).toEqual([
      [1, day(-3), 300_000, 3, 'overdue'],
      [2, day(2), 300_000, 3, 'pending'],
      [3, day(30), 400_000, 3, 'pending'],
    ]);
    expect(plan.totals).toEqual({ amountCents: 1_000_000, paidCents: 0, openCents: 1_000_000 });
    const what = '回款计划 RJ-001 用友财务软件 标准版（购买日期 2026-10-01）';
    expect(app.logsOf(zx).slice(-3)).toEqual([
      `${what}：新增第 1 期（计划回款日期 ${day(-3)}，计划金额 3,000.00，提前 3 天提醒）`,
      `${what}：新增第 2 期（计划回款日期 ${day(2)}，计划金额 3,000.00，提前 3 天提醒）`,
      `${what}：新增第 3 期（计划回款日期 ${day(30)}，计划金额 4,000.00，提前 3 天提醒）`,
    ]);

    // Move 1,000.00 from the third to the second, and drop the first into the second.
    const [a, b, c] = plan.rows;
    const r = app.ok(wang, 'instalments.save', {
      purchaseId: p,
      token: plan.token,
      updated: [
        { ...inst(1, b.dueOn, 700_000, { note: '合并' }), id: b.id, version: b.version },
        { ...inst(2, c.dueOn, 300_000), id: c.id, version: c.version },
      ],
      deleted: [{ id: a.id, version: a.version }],
    });
    expect(r.saved).toEqual({ created: 0, updated: 2, deleted: 1 });
    expect(r.rows.map((x) => [x.seq, x.amountCents])).toEqual([
      [1, 700_000],
      [2, 300_000],
    ]);
    expect(app.logsOf(zx).slice(-3)).toEqual([
      `${what}：删除第 1 期（计划回款日期 ${day(-3)}，计划金额 3,000.00，提前 3 天提醒）`,
      `${what}：修改第 2 期：期次: 2 → 1；计划金额: 3,000.00 → 7,000.00；备注: （空） → 合并`,
      `${what}：修改第 3 期：期次: 3 → 2；计划金额: 4,000.00 → 3,000.00`,
    ]);
    // A draft of the old plan is refused as a conflict.
    expect(failure(app.call(wang, 'instalments.save', { purchaseId: p, token: plan.token, deleted: [] })).code).toBe(
      'conflict',
    );
    // And the whole plan may go.
    const cleared = app.ok(wang, 'instalments.save', {
      purchaseId: p,
      token: r.token,
      deleted: r.rows.map((x) => ({ id: x.id, version: x.version })),
    });
    expect(cleared.rows).toEqual([]);
  });

  it('refuses bad rows naming the row and the field, and writes nothing', () => {
    const p = purchase();
    const before = writeState(app.db);
    const cases: [Partial<Input<'instalments.save'>>, string, string][] = [
      [{ created: [inst(0, day(1), 1_000_000)] }, '新增第 1 行 期次：不能小于 1', 'created.0.seq'],
      [{ created: [inst(1, '2026-02-30', 1_000_000)] }, '新增第 1 行 计划回款日期', 'created.0.dueOn'],
      [{ created: [inst(1, day(1), 0)] }, '新增第 1 行 计划金额：必须大于 0', 'created.0.amountCents'],
      [
        { created: [inst(1, day(1), 1_000_000, { remindDays: 400 })] },
        '新增第 1 行 提前提醒天数：不能大于 365',
        'created.0.remindDays',
      ],
      [
        { created: [inst(1, day(1), 500_000), inst(1, day(2), 500_000)] },
        '新增第 2 行 期次：第 1 期重复了',
        'created.1.seq',
      ],
      [
        { created: [inst(1, day(9), 500_000), inst(2, day(2), 500_000)] },
        `新增第 2 行 计划回款日期：第 2 期的 ${day(2)} 不能早于第 1 期的 ${day(9)}`,
        'created.1.dueOn',
      ],
    ];
    for (const [batch, message, field] of cases) {
      const e = failure(save(wang, p, batch));
      expect(e.code, message).toBe('bad_input');
      expect(e.message).toContain(message);
      expect(Object.keys(e.fields ?? {})).toEqual([field]);
    }
    expect(writeState(app.db)).toEqual(before);
  });

  it('keeps 应付 of its purchase: 数量 and 单价 stay while the plan exists', () => {
    const p = purchase();
    planThree(p);
    const list = app.ok(wang, 'purchases.list', { customerId: zx });
    const row = list.rows.find((r) => r.id === p)!;
    const e = failure(
      app.call(wang, 'purchases.save', {
        customerId: zx,
        token: list.token,
        updated: [purchaseEdit(row, { quantity: 2 })],
      }),
    );
    expect(e.message).toBe(
      '修改第 1 行 数量：该购买记录有回款计划（3 期，合计 10,000.00），应付金额不能改变；请先删除回款计划再修改数量或单价',
    );
    // Other fields still change.
    app.ok(wang, 'purchases.save', {
      customerId: zx,
      token: list.token,
      updated: [purchaseEdit(row, { note: '分期' })],
    });
  });
});

describe('收款 against the plan', () => {
  it('fill the oldest open instalment first, part-paid and paid, never drifting from the rule', () => {
    const p = purchase();
    planThree(p);
    expect(states(p)).toEqual([
      [1, 0, 'overdue'],
      [2, 0, 'pending'],
      [3, 0, 'pending'],
    ]);
    expect(pay(wang, p, 300_000).ok).toBe(true);
    expect(states(p)).toEqual([
      [1, 300_000, 'paid'],
      [2, 0, 'pending'],
      [3, 0, 'pending'],
    ]);
    expect(app.logsOf(zx).at(-1)).toMatch(/；回款计划：第 1 期已回款 3,000\.00 \/ 3,000\.00（已回款）$/);
    expect(pay(wang, p, 400_000).ok).toBe(true);
    expect(states(p)).toEqual([
      [1, 300_000, 'paid'],
      [2, 300_000, 'paid'],
      [3, 100_000, 'partial'],
    ]);
    expectNoDrift();
    expect(pay(wang, p, 300_000).ok).toBe(true);
    expect(states(p).map((s) => s[2])).toEqual(['paid', 'paid', 'paid']);
    expectNoDrift();
  });

  it('count what was paid when the purchase was registered, and the 已付 edited before any 收款', () => {
    const p = purchase(450_000);
    planThree(p);
    expect(states(p)).toEqual([
      [1, 300_000, 'paid'],
      [2, 150_000, 'partial'],
      [3, 0, 'pending'],
    ]);
    const list = app.ok(wang, 'purchases.list', { customerId: zx });
    const row = list.rows.find((r) => r.id === p)!;
    app.ok(wang, 'purchases.save', {
      customerId: zx,
      token: list.token,
      updated: [purchaseEdit(row, { amountPaidCents: 100_000 })],
    });
    expect(states(p)).toEqual([
      [1, 100_000, 'overdue'],
      [2, 0, 'pending'],
      [3, 0, 'pending'],
    ]);
    expectNoDrift();
  });

  it('pay the instalment the user picks first; the rest still goes oldest first', () => {
    const p = purchase();
    const plan = planThree(p);
    const third = plan.rows[2];
    const r = pay(wang, p, 250_000, third.id);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rows[0].instalmentSeq).toBe(3);
    expect(r.value.instalments.map((i) => [i.seq, i.paidCents])).toEqual([
      [1, 0],
      [2, 0],
      [3, 250_000],
    ]);
    expect(app.logsOf(zx).at(-1)).toContain('，计入回款计划第 3 期；已付金额 0.00 → 2,500.00');
    pay(wang, p, 400_000);
    expect(states(p)).toEqual([
      [1, 300_000, 'paid'],
      [2, 100_000, 'partial'],
      [3, 250_000, 'partial'],
    ]);
    expectNoDrift();
    // Not more than the picked one's 未回款, not a paid one, not another purchase's, not a 年服务费.
    const more = failure(pay(wang, p, 150_001, third.id));
    expect(more.message).toBe('金额：不能超过第 3 期未回款 1,500.00 元（计划 4,000.00，已回款 2,500.00）');
    expect(more.fields).toEqual({ amountCents: expect.any(String) });
    expect(failure(pay(wang, p, 1, plan.rows[0].id)).message).toBe('回款期次：第 1 期已回款');
    const other = purchase();
    expect(failure(pay(wang, other, 1, third.id)).message).toBe('回款期次：不是该购买记录的回款计划');
    // An instalment that 收款 were assigned to stays.
    const now = app.ok(wang, 'instalments.list', { purchaseId: p });
    const e = failure(
      app.call(wang, 'instalments.save', {
        purchaseId: p,
        token: now.token,
        deleted: [{ id: third.id, version: now.rows[2].version }],
        updated: now.rows.slice(0, 2).map((x, i) => ({
          ...inst(x.seq, x.dueOn, i === 0 ? 600_000 : 400_000),
          id: x.id,
          version: x.version,
        })),
      }),
    );
    expect(e.code).toBe('forbidden');
    expect(e.message).toBe('删除第 1 行：第 3 期已有 1 笔指定到该期的收款，不能删除');
  });

  it('a plan saved after the 收款 is filled by them at once; 已回款 cannot be written by hand', () => {
    const p = purchase();
    pay(wang, p, 500_000);
    planThree(p);
    expect(states(p)).toEqual([
      [1, 300_000, 'paid'],
      [2, 200_000, 'partial'],
      [3, 0, 'pending'],
    ]);
    expect(() => app.db.prepare('UPDATE instalment SET paid_cents = 0 WHERE seq = 1').run()).toThrow(
      '回款计划的已回款由收款计算，不能直接修改',
    );
    expectNoDrift();
  });
});

describe('tab 9 回款计划 and visibility', () => {
  function office() {
    const lx = app.ok(li, 'customers.create', newCustomer(ids.li, { name: '李娜的客户', keyword: '李客' })).id;
    const pw = purchase();
    planThree(pw);
    const pl = purchase(0, lx);
    const { token } = app.ok(li, 'instalments.list', { purchaseId: pl });
    app.ok(li, 'instalments.save', {
      purchaseId: pl,
      token,
      created: [inst(1, day(-10), 500_000), inst(2, day(1), 500_000)],
    });
    return { lx, pw, pl };
  }

  it('lists due this week, overdue and all open instalments, soonest first, with totals per 业务员', () => {
    const { pw } = office();
    pay(wang, pw, 300_000); // wang's first (overdue) instalment is paid
    const week = app.ok(admin, 'instalments.due', { view: 'week', withTotal: true });
    const monday = week.from!;
    expect(week.to).toBe(addDays(monday, 6));
    const inWeek = (d: string) => d >= monday && d <= week.to!;
    expect(week.rows.every((r) => inWeek(r.dueOn))).toBe(true);
    const all = app.ok(admin, 'instalments.due', { view: 'open', withTotal: true });
    expect(all.rows.map((r) => [r.customerName, r.seq, r.openCents])).toEqual([
      ['李娜的客户', 1, 500_000],
      ['李娜的客户', 2, 500_000],
      [expect.any(String), 2, 300_000],
      [expect.any(String), 3, 400_000],
    ]);
    expect(all.totals).toMatchObject({ count: 4, amountCents: 1_700_000, openCents: 1_700_000 });
    expect(all.totals!.byOwner).toEqual([
      { ownerId: ids.li, ownerName: '李娜', count: 2, openCents: 1_000_000 },
      { ownerId: ids.wang, ownerName: '王伟', count: 2, openCents: 700_000 },
    ]);
    const overdue = app.ok(admin, 'instalments.due', { view: 'overdue', withTotal: true });
    expect(overdue.rows.map((r) => [r.ownerName, r.seq, r.daysLeft])).toEqual([['李娜', 1, -10]]);
    expect(week.rows.length).toBe(all.rows.filter((r) => inWeek(r.dueOn)).length);
    // By 业务员, and paged.
    const wangs = app.ok(admin, 'instalments.due', { view: 'open', ownerId: ids.wang, withTotal: true });
    expect(wangs.rows.map((r) => r.ownerName)).toEqual(['王伟', '王伟']);
    expect(wangs.total).toBe(2);
    const second = app.ok(admin, 'instalments.due', { view: 'open', offset: 1, limit: 2 });
    expect(second.rows.map((r) => r.instalmentId)).toEqual(all.rows.slice(1, 3).map((r) => r.instalmentId));
    // 工作台: due from today to today + 7 (li's second, in a day; wang's second, in two), not the later ones.
    const soon = app.ok(admin, 'instalments.upcoming', {});
    expect(soon).toMatchObject({ today: now, until: day(7), count: 2, openCents: 800_000 });
    expect(soon.rows.map((r) => [r.ownerName, r.seq, r.daysLeft])).toEqual([
      ['李娜', 2, 1],
      ['王伟', 2, 2],
    ]);
    expect(app.ok(wang, 'instalments.upcoming', {}).rows.map((r) => r.ownerName)).toEqual(['王伟']);
  });

  it('a salesperson sees only the instalments of the customers they see; an administrator sees all', () => {
    const { pw, pl, lx } = office();
    const names = (conn: Connection) =>
      app.ok(conn, 'instalments.due', { view: 'open', withTotal: true }).rows.map((r) => r.ownerName);
    expect(names(wang)).toEqual(['王伟', '王伟', '王伟']);
    expect(names(li)).toEqual(['李娜', '李娜']);
    expect(names(admin)).toHaveLength(5);
    // Another's plan, its save and a payment against it: as if it did not exist.
    expect(failure(app.call(li, 'instalments.list', { purchaseId: pw })).code).toBe('not_found');
    const token = app.ok(wang, 'instalments.list', { purchaseId: pw }).token;
    const before = writeState(app.db);
    expect(failure(app.call(li, 'instalments.save', { purchaseId: pw, token, deleted: [] })).code).toBe('not_found');
    expect(writeState(app.db)).toEqual(before);
    // li's customer delegated to wang: wang sees its instalments too, and may keep its plan.
    app.ok(li, 'delegations.grant', { customerIds: [lx], toId: ids.wang });
    expect(names(wang)).toEqual(['李娜', '王伟', '李娜', '王伟', '王伟']);
    expect(app.ok(wang, 'instalments.list', { purchaseId: pl }).rows).toHaveLength(2);
    // A soft-deleted customer's instalments leave the lists.
    app.ok(admin, 'customers.delete', { ids: [lx] });
    expect(names(admin)).toEqual(['王伟', '王伟', '王伟']);
  });

  it('exports the list with the same statement as tab 9, for whom it is visible', () => {
    office();
    const request = (view: string) => exportRequest.parse({ grid: 'instalments', query: { view, ownerId: null } });
    const built = buildExport(ctxOf(app, wang), request('open'));
    expect(built.fileName).toBe(`回款计划_${now.replace(/-/g, '')}.xlsx`);
    expect(built.columns.map((c) => c.header)).toEqual(exportHeaders('instalments'));
    const rows = app.db.prepare(built.sql).all(built.params) as { ownerName: string; seq: number; openCents: number }[];
    expect(rows.map((r) => [r.ownerName, r.seq, r.openCents])).toEqual([
      ['王伟', 1, 300_000],
      ['王伟', 2, 300_000],
      ['王伟', 3, 400_000],
    ]);
    expect(app.db.prepare(built.countSql).pluck().get(built.params)).toBe(3);
    const adminAll = buildExport(ctxOf(app, admin), request('overdue'));
    expect(app.db.prepare(adminAll.countSql).pluck().get(adminAll.params)).toBe(2);
  });
});
