/**
 * 业绩目标 (issue 22, part 2), on both engines (vitest.pg.config.ts): who may read and set
 * targets (administrator: everyone; 销售经理: their 部门; 业务员: nobody), one save in one
 * transaction with its office 操作日志 lines, the conflict token, bad input naming its field and
 * writing nothing, and 工作台's progress against money_day for each role.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../context.js';
import { today } from '../context.js';
import { seedPurchase } from './fees.fixtures.js';
import { createTestApp, failure, newCustomer, writeState, type TestApp } from '../testing.js';

let app: TestApp;
let ids: Record<'admin' | 'boss' | 'wang' | 'li', number>;
let c: Record<'admin' | 'boss' | 'wang' | 'li', Connection>;
let dept: number;
let year: number;
let month: number;

beforeEach(() => {
  app = createTestApp();
  const at = app.clock.now().toISOString();
  dept = Number(
    app.db
      .prepare(`INSERT INTO department (name, parent_id, created_at, updated_at) VALUES ('销售一部', NULL, ?, ?)`)
      .run(at, at).lastInsertRowid,
  );
  ids = {
    admin: app.addStaff('张经理', 'admin', 'admin'),
    boss: app.addStaff('周主管', 'boss', 'manager', dept),
    wang: app.addStaff('王伟', 'wang', 'sales', dept),
    li: app.addStaff('李娜', 'li'),
  };
  c = { admin: app.login('admin'), boss: app.login('boss'), wang: app.login('wang'), li: app.login('li') };
  const now = today({ clock: app.clock });
  year = Number(now.slice(0, 4));
  month = Number(now.slice(5, 7));
});
afterEach(() => app.close());

const officeLog = () =>
  app.db.prepare(`SELECT author_id AS authorId, area, content FROM office_log ORDER BY id`).all() as {
    authorId: number;
    area: string;
    content: string;
  }[];

function saveAs(conn: Connection, cells: Parameters<typeof cell>[0][], y = year) {
  const { token } = app.ok(conn, 'targets.list', { year: y });
  return app.call(conn, 'targets.save', { year: y, token, cells: cells.map(cell) });
}
function cell(x: {
  staffId?: number;
  departmentId?: number;
  month: number;
  sales: number | null;
  collected: number | null;
}) {
  return {
    staffId: x.staffId ?? null,
    departmentId: x.departmentId ?? null,
    month: x.month,
    salesCents: x.sales,
    collectedCents: x.collected,
  };
}

describe('业绩目标', () => {
  it('the administrator sets a year in one save, logged in the office 操作日志; edits and removals too', () => {
    const grid = app.ok(c.admin, 'targets.list', { year });
    expect(grid.people.map((p) => p.name)).toEqual(['周主管', '王伟', '李娜']);
    expect(grid.departments).toEqual([
      { departmentId: dept, name: '销售一部', parentId: null, members: [ids.boss, ids.wang] },
    ]);
    const r = saveAs(c.admin, [
      { staffId: ids.wang, month: 1, sales: 1_000_000, collected: 800_000 },
      { staffId: ids.wang, month: 2, sales: 1_200_000, collected: null },
      { departmentId: dept, month: 1, sales: 5_000_000, collected: 4_000_000 },
    ]);
    expect(r.ok && r.value.changed).toBe(3);
    const saved = app.ok(c.admin, 'targets.list', { year });
    expect(saved.cells).toHaveLength(3);
    expect(saved.token).not.toBe(grid.token);
    expect(saved.cells.find((x) => x.staffId === ids.wang && x.month === 2)).toMatchObject({
      salesCents: 1_200_000,
      collectedCents: 0,
    });
    expect(officeLog()).toEqual([
      {
        authorId: ids.admin,
        area: 'targets',
        content: `业绩目标 ${year}年 王伟 销售额：1月 （空） → ¥10,000.00，2月 （空） → ¥12,000.00`,
      },
      {
        authorId: ids.admin,
        area: 'targets',
        content: `业绩目标 ${year}年 王伟 回款额：1月 （空） → ¥8,000.00，2月 （空） → ¥0.00`,
      },
      {
        authorId: ids.admin,
        area: 'targets',
        content: `业绩目标 ${year}年 部门 销售一部 销售额：1月 （空） → ¥50,000.00`,
      },
      {
        authorId: ids.admin,
        area: 'targets',
        content: `业绩目标 ${year}年 部门 销售一部 回款额：1月 （空） → ¥40,000.00`,
      },
    ]);
    // An unchanged cell writes nothing; a change and a removal log what they did.
    const again = saveAs(c.admin, [
      { staffId: ids.wang, month: 1, sales: 1_000_000, collected: 800_000 },
      { staffId: ids.wang, month: 2, sales: null, collected: null },
      { departmentId: dept, month: 1, sales: 6_000_000, collected: 4_000_000 },
    ]);
    expect(again.ok && again.value.changed).toBe(2);
    expect(
      officeLog()
        .slice(4)
        .map((l) => l.content),
    ).toEqual([
      `业绩目标 ${year}年 王伟 销售额：2月 ¥12,000.00 → （空）`,
      `业绩目标 ${year}年 王伟 回款额：2月 ¥0.00 → （空）`,
      `业绩目标 ${year}年 部门 销售一部 销售额：1月 ¥50,000.00 → ¥60,000.00`,
    ]);
    expect(app.count('SELECT count(*) FROM sales_target')).toBe(2);
  });

  it('a stale draft is refused; bad input names its field; neither writes anything', () => {
    const { token } = app.ok(c.admin, 'targets.list', { year });
    expect(saveAs(c.admin, [{ staffId: ids.li, month: 3, sales: 100, collected: 100 }]).ok).toBe(true);
    const before = writeState(app.db);
    const stale = app.call(c.admin, 'targets.save', {
      year,
      token,
      cells: [cell({ staffId: ids.li, month: 4, sales: 1, collected: 1 })],
    });
    expect(failure(stale)).toMatchObject({ code: 'conflict', message: expect.stringContaining('已被其他人修改') });
    const fresh = app.ok(c.admin, 'targets.list', { year }).token;
    const bad = (cells: unknown[], y: unknown = year) =>
      failure(app.call(c.admin, 'targets.save', { year: y, token: fresh, cells } as never));
    expect(bad([cell({ staffId: ids.li, month: 13, sales: 1, collected: 1 })]).message).toContain('月份');
    expect(bad([cell({ staffId: ids.li, month: 1, sales: -5, collected: 1 })]).message).toContain('销售额目标');
    expect(bad([cell({ staffId: ids.li, month: 1, sales: 1.5, collected: 1 })]).message).toContain('精确到分');
    expect(
      bad([{ ...cell({ staffId: ids.li, month: 1, sales: 1, collected: 1 }), departmentId: dept }]).message,
    ).toContain('一个业务员或一个部门');
    expect(bad([], 1999).message).toContain('年份');
    expect(
      bad([
        cell({ staffId: ids.li, month: 1, sales: 1, collected: 1 }),
        cell({ staffId: ids.li, month: 1, sales: 2, collected: 1 }),
      ]).message,
    ).toContain('重复');
    // The second cell is refused after the first was applied: the transaction undoes both.
    expect(
      bad([
        cell({ staffId: ids.li, month: 5, sales: 1, collected: 1 }),
        cell({ staffId: ids.admin, month: 1, sales: 1, collected: 1 }),
      ]).code,
    ).toBe('forbidden');
    expect(writeState(app.db)).toEqual(before);
  });

  it('a 销售经理 sets their 部门’s targets only; a 业务员 none', () => {
    const grid = app.ok(c.boss, 'targets.list', { year });
    expect(grid.people.map((p) => p.name)).toEqual(['周主管', '王伟']);
    expect(grid.departments.map((d) => d.name)).toEqual(['销售一部']);
    expect(saveAs(c.boss, [{ staffId: ids.wang, month: 1, sales: 100, collected: 0 }]).ok).toBe(true);
    const before = writeState(app.db);
    const outside = saveAs(c.boss, [{ staffId: ids.li, month: 1, sales: 100, collected: 0 }]);
    expect(failure(outside)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('本部门') });
    expect(failure(app.call(c.wang, 'targets.list', { year })).code).toBe('forbidden');
    expect(
      failure(
        app.call(c.wang, 'targets.save', {
          year,
          token: 'x',
          cells: [cell({ staffId: ids.wang, month: 1, sales: 9, collected: 9 })],
        }),
      ).code,
    ).toBe('forbidden');
    expect(writeState(app.db)).toEqual(before);
    // A salesperson's grid never lists what the administrator set for others.
    expect(app.ok(c.admin, 'targets.list', { year }).cells).toHaveLength(1);
  });

  it('工作台 shows this month’s target against what each one did: own, 部门, office', () => {
    saveAs(c.admin, [
      { staffId: ids.wang, month, sales: 2_000_000, collected: 1_000_000 },
      { staffId: ids.boss, month, sales: 1_000_000, collected: 500_000 },
      { staffId: ids.li, month, sales: 3_000_000, collected: 0 },
    ]);
    const now = today({ clock: app.clock });
    const cw = app.ok(c.admin, 'customers.create', newCustomer(ids.wang)).id;
    const cl = app.ok(c.admin, 'customers.create', newCustomer(ids.li, { name: '李娜的客户', keyword: '李客' })).id;
    const p = seedPurchase(app, cw, { unitPriceCents: 500_000, paidCents: 0, purchasedOn: now });
    seedPurchase(app, cl, { unitPriceCents: 700_000, purchasedOn: now });
    seedPurchase(app, cw, { unitPriceCents: 900_000, purchasedOn: '2020-01-01' }); // another month
    app.ok(c.admin, 'payments.create', {
      purchaseId: p,
      version: app.count('SELECT version FROM purchase WHERE id = ?', p),
      kind: 'goods',
      amountCents: 200_000,
      paidOn: now,
      handledBy: ids.admin,
    });
    const mon = now.slice(0, 7);
    expect(app.ok(c.wang, 'targets.progress', {})).toEqual({
      month: mon,
      lines: [
        {
          scope: 'me',
          name: '王伟',
          sales: { targetCents: 2_000_000, doneCents: 500_000 },
          collected: { targetCents: 1_000_000, doneCents: 200_000 },
        },
      ],
    });
    expect(app.ok(c.boss, 'targets.progress', {}).lines).toEqual([
      {
        scope: 'me',
        name: '周主管',
        sales: { targetCents: 1_000_000, doneCents: 0 },
        collected: { targetCents: 500_000, doneCents: 0 },
      },
      {
        scope: 'department',
        name: '销售一部',
        sales: { targetCents: 3_000_000, doneCents: 500_000 },
        collected: { targetCents: 1_500_000, doneCents: 200_000 },
      },
    ]);
    // The 部门's own target wins over the sum of its members'.
    saveAs(c.admin, [{ departmentId: dept, month, sales: 9_000_000, collected: 100 }]);
    expect(app.ok(c.boss, 'targets.progress', {}).lines[1].sales.targetCents).toBe(9_000_000);
    expect(app.ok(c.admin, 'targets.progress', {}).lines).toEqual([
      {
        scope: 'office',
        name: '全公司',
        sales: { targetCents: 6_000_000, doneCents: 1_200_000 },
        collected: { targetCents: 1_500_000, doneCents: 200_000 },
      },
    ]);
    expect(app.ok(c.li, 'targets.progress', {}).lines[0].sales).toEqual({ targetCents: 3_000_000, doneCents: 700_000 });
  });
});

describe('销售统计 of 业绩目标 and 回款计划', () => {
  it('draws planned against collected, target against done per month, and ranks the salespeople, per role', () => {
    const now = today({ clock: app.clock });
    const mon = now.slice(0, 7);
    saveAs(c.admin, [
      { staffId: ids.wang, month, sales: 2_000_000, collected: 1_000_000 },
      { staffId: ids.li, month, sales: 1_000_000, collected: 0 },
    ]);
    const cw = app.ok(c.admin, 'customers.create', newCustomer(ids.wang)).id;
    const cl = app.ok(c.admin, 'customers.create', newCustomer(ids.li, { name: '李娜的客户', keyword: '李客' })).id;
    const p = seedPurchase(app, cw, { unitPriceCents: 1_000_000, purchasedOn: now });
    seedPurchase(app, cl, { unitPriceCents: 300_000, purchasedOn: now });
    const { token } = app.ok(c.wang, 'instalments.list', { purchaseId: p });
    app.ok(c.wang, 'instalments.save', {
      purchaseId: p,
      token,
      created: [
        { seq: 1, dueOn: now, amountCents: 600_000, remindDays: 0, note: '' },
        { seq: 2, dueOn: '2099-01-10', amountCents: 400_000, remindDays: 0, note: '' },
      ],
    });
    app.ok(c.wang, 'payments.create', {
      purchaseId: p,
      version: app.count('SELECT version FROM purchase WHERE id = ?', p),
      kind: 'goods',
      amountCents: 250_000,
      paidOn: now,
      handledBy: ids.wang,
    });
    const range = { from: `${mon}-01`, to: now };
    expect(app.ok(c.admin, 'stats.plan', range)).toEqual([
      { month: mon, plannedCents: 600_000, planPaidCents: 250_000, collectedCents: 250_000 },
    ]);
    expect(app.ok(c.li, 'stats.plan', range)).toEqual([
      { month: mon, plannedCents: 0, planPaidCents: 0, collectedCents: 0 },
    ]);
    expect(app.ok(c.admin, 'stats.targets', range)).toEqual([
      {
        month: mon,
        salesTargetCents: 3_000_000,
        salesCents: 1_300_000,
        collectedTargetCents: 1_000_000,
        collectedCents: 250_000,
      },
    ]);
    expect(app.ok(c.wang, 'stats.targets', range)[0]).toMatchObject({
      salesTargetCents: 2_000_000,
      salesCents: 1_000_000,
    });
    expect(app.ok(c.admin, 'stats.ranking', range).map((r) => [r.ownerName, r.salesCents, r.salesRate])).toEqual([
      ['王伟', 1_000_000, 50],
      ['李娜', 300_000, 30],
    ]);
    // A salesperson ranks only themselves; a manager their 部门.
    expect(app.ok(c.li, 'stats.ranking', range).map((r) => r.ownerName)).toEqual(['李娜']);
    expect(app.ok(c.boss, 'stats.ranking', range).map((r) => r.ownerName)).toEqual(['王伟']);
    expect(app.ok(c.admin, 'stats.ranking', { ...range, departmentId: dept }).map((r) => r.ownerName)).toEqual([
      '王伟',
    ]);
  });
});
