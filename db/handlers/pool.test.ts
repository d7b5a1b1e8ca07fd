/**
 * 公海 (issue 21): 公海规则, the daily sweep, 退回公海 / 领取 / 分配给…, the pool's grid and counts,
 * the duplicate warning, and 脱敏 — on SQLite and PostgreSQL alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Input } from '../../core/contract.js';
import { isPgUrl } from '../engine/dialect.js';
import { openPgDatabase } from '../engine/open-pg.js';
import { openDatabase, type DB } from '../open.js';
import { claimSweepDay, runPoolSweep } from '../pool/sweep.js';
import { maskPhone } from '../pool/mask.js';
import { createOffice, failure, newCustomer, type Office } from '../testing.js';

let office: Office;
beforeEach(() => (office = createOffice()));
afterEach(() => office.app.close());

const DAY = 86_400_000;
const NOW = '2026-11-26T02:00:00.000Z';
const daysAgo = (n: number) => new Date(new Date(NOW).getTime() - n * DAY).toISOString();

const rules = (over: Partial<Input<'pool.saveRules'>> = {}): Input<'pool.saveRules'> => ({
  statusDays: [
    { statusId: 1, days: 30 },
    { statusId: 2, days: 60 },
    { statusId: 3, days: null },
  ],
  warnDays: 7,
  dailyClaimLimit: 0,
  reclaimWaitDays: 0,
  maxCustomers: 0,
  maskForManagers: false,
  ...over,
});

/** A customer of `ownerId` whose clock (created, or its newest 维护记录) is `age` days old. */
function customer(ownerId: number, age: number, over: Partial<Input<'customers.create'>> = {}): number {
  const { app, admin } = office;
  const id = app.ok(admin, 'customers.create', newCustomer(ownerId, { confirmDuplicates: true, ...over })).id;
  app.db.prepare('UPDATE customer SET created_at = ? WHERE id = ?').run(daysAgo(age), id);
  return id;
}

/** What the customer form sends back for a loaded customer. */
function formOf(c: Customer): Input<'customers.update'> {
  const { statusName: _s, ownerName: _o, delegated: _d, pool: _p, masked: _m, deletedAt: _x, ...fields } = c;
  return fields;
}

const ownerOf = (id: number) => office.app.count('SELECT owner_id FROM customer WHERE id = ?', id);
const sweep = () => runPoolSweep(office.app.db, office.app.clock, { pause: async () => undefined });
const poolTotal = (conn = office.wang) => office.app.ok(conn, 'statuses.tree').pool;
const poolGrid = (conn = office.li, over: Partial<Input<'customers.page'>> = {}) =>
  office.app.ok(conn, 'customers.page', { pool: true, offset: 0, limit: 50, withTotal: true, ...over });

describe('公海规则', () => {
  it('reads as "nothing returns" until the administrator saves rules; only an administrator saves', () => {
    const { app, admin, wang } = office;
    expect(app.ok(wang, 'pool.rules')).toMatchObject({ statusDays: [], dailyClaimLimit: 0, maxCustomers: 0 });
    const saved = app.ok(admin, 'pool.saveRules', rules({ dailyClaimLimit: 5 }));
    expect(saved.statusDays).toEqual(rules().statusDays);
    expect(app.ok(wang, 'pool.rules').dailyClaimLimit).toBe(5);
    const refused = failure(app.call(wang, 'pool.saveRules', rules()));
    expect(refused).toMatchObject({ code: 'forbidden', message: '只有管理员可以修改公海规则' });
  });

  it('refuses bad rules naming the field, and a status that does not exist', () => {
    const { app, admin } = office;
    const neg = failure(app.call(admin, 'pool.saveRules', rules({ dailyClaimLimit: -1 })));
    expect(neg.message).toContain('每人每天领取上限');
    const twice = failure(
      app.call(
        admin,
        'pool.saveRules',
        rules({
          statusDays: [
            { statusId: 1, days: 3 },
            { statusId: 1, days: 4 },
          ],
        }),
      ),
    );
    expect(twice.message).toContain('每个客户状态只能有一条规则');
    const missing = failure(app.call(admin, 'pool.saveRules', rules({ statusDays: [{ statusId: 99, days: 3 }] })));
    expect(missing.message).toBe('客户状态：编号 99 的客户状态不存在');
    expect(app.ok(admin, 'pool.rules').statusDays).toEqual([]);
  });
});

describe('the daily sweep', () => {
  it('moves what the rules say and nothing else, each with its 操作日志 line, keeping the counts', async () => {
    const { app, admin, wangId, liId } = office;
    app.ok(admin, 'pool.saveRules', rules());
    const stale = customer(wangId, 31, { name: '旧客户一', keyword: '旧一' });
    const fresh = customer(wangId, 29, { name: '新客户', keyword: '新' });
    const intent = customer(liId, 45, { name: '意向客户甲', keyword: '甲', statusId: 2 });
    const intentOld = customer(liId, 61, { name: '意向客户乙', keyword: '乙', statusId: 2 });
    const formal = customer(wangId, 400, { name: '正式客户', keyword: '正式', statusId: 3 });
    const lost = customer(wangId, 400, { name: '流失客户', keyword: '流失', statusId: 4 });
    const followed = customer(wangId, 90, { name: '常联系', keyword: '常联' });
    const gone = customer(wangId, 90, { name: '已删除', keyword: '删' });
    app.ok(admin, 'customers.delete', { ids: [gone] });
    // A 维护记录 10 days ago restarts the clock of a customer created 90 days ago.
    app.clock.set(daysAgo(10));
    app.ok(office.wang, 'records.save', {
      customerId: followed,
      token: app.ok(office.wang, 'records.list', { customerId: followed }).token,
      created: [{ kind: 'followup', at: daysAgo(10), method: '电话', content: '回访', contactId: null, nextOn: null }],
    });
    app.clock.set(NOW);
    const wangBefore = app.ok(office.wang, 'statuses.tree').total;

    expect(await sweep()).toBe(2);
    expect(ownerOf(stale)).not.toBe(wangId);
    expect(ownerOf(intentOld)).not.toBe(liId);
    for (const [id, owner] of [
      [fresh, wangId],
      [intent, liId],
      [formal, wangId],
      [lost, wangId],
      [followed, wangId],
      [gone, wangId],
    ])
      expect(ownerOf(id)).toBe(owner);
    expect(app.logsOf(stale).at(-1)).toBe('退回公海：30 天未跟进（原业务员 王伟）');
    expect(app.logsOf(intentOld).at(-1)).toBe('退回公海：60 天未跟进（原业务员 李娜）');
    expect(
      app.count(`SELECT count(*) FROM record WHERE kind = 'log' AND author_id IS NULL AND content LIKE '退回公海%'`),
    ).toBe(2);
    // Counters, not scans: the pool's node and the owners' trees follow.
    expect(poolTotal()).toBe(2);
    expect(app.ok(office.wang, 'statuses.tree').total).toBe(wangBefore - 1);
    expect(app.count('SELECT coalesce(sum(n), 0) FROM customer_count WHERE deleted = 0')).toBe(
      app.count('SELECT count(*) FROM customer WHERE deleted_at IS NULL'),
    );

    // Twice in a day: nothing the second time, even with a customer due by now.
    customer(wangId, 35, { name: '旧客户二', keyword: '旧二' });
    expect(await sweep()).toBeNull();
    expect(poolTotal()).toBe(2);
    // The next day it runs again.
    app.clock.set(new Date(new Date(NOW).getTime() + DAY).toISOString());
    expect(await sweep()).toBe(1);
    expect(poolTotal()).toBe(3);
  });

  it('applies rules saved later the same day at the next run, and revokes delegations of what it moves', async () => {
    const { app, admin, wangId, liId } = office;
    const stale = customer(wangId, 40);
    app.ok(office.wang, 'delegations.grant', { customerIds: [stale], toId: liId, startOn: '2026-11-26', endOn: null });
    expect(await sweep()).toBe(0); // no rules yet
    app.ok(admin, 'pool.saveRules', rules());
    expect(await sweep()).toBe(1);
    expect(app.count('SELECT count(*) FROM delegation WHERE revoked_at IS NULL')).toBe(0);
    expect(app.logsOf(stale)).toContain('收回授权：李娜（客户已转移给公海客户）');
  });

  it('moves in batches of short transactions, a batch at a time', async () => {
    const { app, admin, wangId } = office;
    app.ok(admin, 'pool.saveRules', rules());
    for (let i = 0; i < 7; i++) customer(wangId, 40 + i, { name: `客户${i}`, keyword: `客${i}` });
    const batches: number[][] = [];
    const moved = await runPoolSweep(app.db, app.clock, {
      batch: 3,
      onBatch: (ids) => batches.push(ids),
      pause: async () => undefined,
    });
    expect(moved).toBe(7);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
  });

  it('runs once a day between two servers of one database', async () => {
    const { app, admin, wangId } = office;
    app.ok(admin, 'pool.saveRules', rules());
    for (let i = 0; i < 5; i++) customer(wangId, 40 + i, { name: `客户${i}`, keyword: `客${i}` });
    const other: DB = isPgUrl(app.db.name) ? openPgDatabase(app.db.name) : openDatabase(app.db.name);
    try {
      const results = await Promise.all([
        runPoolSweep(app.db, app.clock, { batch: 2, host: 'one' }),
        runPoolSweep(other, app.clock, { batch: 2, host: 'two' }),
      ]);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(results.find((r) => r !== null)).toBe(5);
      expect(claimSweepDay(other, app.clock, 'three')).toBe(false);
      expect(app.count(`SELECT count(*) FROM record WHERE content LIKE '退回公海%'`)).toBe(5);
    } finally {
      other.close();
    }
  });
});

describe('the 公海 grid, tabs and 脱敏', () => {
  async function pooled() {
    const { app, admin, wangId } = office;
    app.ok(admin, 'pool.saveRules', rules());
    const id = customer(wangId, 40, { name: '深圳华强电子', keyword: '华强', phone: '13812345678' });
    app.ok(office.wang, 'contacts.save', {
      customerId: id,
      token: app.ok(office.wang, 'contacts.list', { customerId: id }).token,
      created: [{ name: '陈工', mobile: '13900001111', phone: '0755-86001234', isPrimary: true }],
    });
    await sweep();
    return id;
  }

  it('shows pool customers to everyone in 公海客户 only, numbers masked, found by number', async () => {
    const id = await pooled();
    const { app, admin, li } = office;
    const page = poolGrid(li);
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({ id, ownerName: '公海客户', pool: true, masked: true, phone: '138****5678' });
    // Not in anyone's own grid or counts.
    expect(app.ok(li, 'customers.page', { offset: 0, limit: 50, withTotal: true }).total).toBe(0);
    expect(app.ok(office.wang, 'customers.page', { offset: 0, limit: 50, withTotal: true }).rows).toEqual([]);
    // Searching by the number finds it, and still never shows it.
    const found = poolGrid(li, { search: '13812345678' });
    expect(found.rows.map((r) => r.id)).toEqual([id]);
    expect(JSON.stringify(found)).not.toContain('13812345678');
    const byContact = poolGrid(li, { search: '13900001111' });
    expect(byContact.rows.map((r) => r.phone)).toEqual(['138****5678']);
    // The administrator sees the numbers.
    expect(poolGrid(admin).rows[0]).toMatchObject({ phone: '13812345678', masked: false });
  });

  it('lets everyone read the tabs of a pool customer, masked, and nobody write them', async () => {
    const id = await pooled();
    const { app, li } = office;
    const c = app.ok(li, 'customers.get', { id });
    expect(c).toMatchObject({ pool: true, masked: true, phone: '138****5678', ownerName: '公海客户' });
    const contacts = app.ok(li, 'contacts.list', { customerId: id });
    expect(contacts.customer.editable).toBe(false);
    expect(contacts.rows[0]).toMatchObject({ mobile: '139****1111', phone: '075****1234' });
    expect(app.ok(li, 'records.list', { customerId: id }).customer.editable).toBe(false);
    expect(app.ok(li, 'quotes.list', { customerId: id }).customer.editable).toBe(false);
    expect(app.ok(li, 'purchases.list', { customerId: id }).customer.editable).toBe(false);
    const write = failure(
      app.call(li, 'contacts.save', { customerId: id, token: contacts.token, created: [{ name: '新人' }] }),
    );
    expect(write).toMatchObject({ code: 'forbidden', message: '客户“深圳华强电子”在公海中，请先领取' });
    const edit = failure(app.call(office.admin, 'customers.update', formOf(c)));
    expect(edit.message).toBe('客户“深圳华强电子”在公海中，请先领取');
    // The export of the 公海 grid and of the contacts tab hold the masked numbers too.
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone('')).toBe('');
  });

  it('领取: the new owner sees the numbers and the clock starts again', async () => {
    const id = await pooled();
    const { app, li, liId } = office;
    expect(app.ok(li, 'pool.claim', { ids: [id] })).toEqual({ count: 1 });
    expect(ownerOf(id)).toBe(liId);
    expect(app.logsOf(id).at(-1)).toBe('从公海领取：李娜');
    expect(app.ok(li, 'customers.get', { id })).toMatchObject({ pool: false, masked: false, phone: '13812345678' });
    expect(app.ok(li, 'contacts.list', { customerId: id }).rows[0].mobile).toBe('13900001111');
    expect(poolTotal()).toBe(0);
    expect(app.ok(li, 'statuses.tree').total).toBe(1);
    // Claimed today: not due again for 30 days.
    app.clock.set(new Date(new Date(NOW).getTime() + 29 * DAY).toISOString());
    expect(await sweep()).toBe(0);
    const again = failure(app.call(office.admin, 'pool.claim', { ids: [id] }));
    expect(again).toMatchObject({ code: 'conflict', message: '客户“深圳华强电子”不在公海中' });
  });

  it('领取 is refused with the reason over the daily limit, over the cap, and for the previous owner within the wait', async () => {
    const { app, admin, wangId, li, liId } = office;
    app.ok(admin, 'pool.saveRules', rules({ dailyClaimLimit: 2, reclaimWaitDays: 7 }));
    const ids = [0, 1, 2, 3].map((i) => customer(wangId, 40 + i, { name: `客户${i}`, keyword: `客${i}` }));
    await sweep();
    expect(app.ok(li, 'pool.claim', { ids: [ids[0]] }).count).toBe(1);
    const over = failure(app.call(li, 'pool.claim', { ids: [ids[1], ids[2]] }));
    expect(over.message).toBe('今天已领取 1 个客户，每人每天最多领取 2 个（公海规则），今天还能领取 1 个');
    expect(ownerOf(ids[1])).not.toBe(liId); // all or nothing
    const waiting = failure(app.call(office.wang, 'pool.claim', { ids: [ids[1]] }));
    expect(waiting.message).toBe(
      '客户“客户1”是从您名下退回公海的（2026-11-26），原业务员须等待 7 天，2026-12-03 起才能再次领取',
    );
    app.clock.set('2026-12-03T02:00:00.000Z');
    expect(app.ok(office.wang, 'pool.claim', { ids: [ids[1]] }).count).toBe(1);
    // The cap counts what one holds now (the counters).
    app.ok(admin, 'pool.saveRules', rules({ maxCustomers: 1 }));
    const cap = failure(app.call(li, 'pool.claim', { ids: [ids[2]] }));
    expect(cap.message).toBe('您名下已有 1 个客户，每人最多持有 1 个（公海规则），不能再领取');
    void wangId;
  });

  it('退回公海 by the owner, their 销售经理 and an administrator; never by a delegate or another salesperson', () => {
    const { app, admin, wangId, liId } = office;
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(dept.id, wangId);
    app.addStaff('赵经理', 'zhao', 'manager', dept.id);
    const zhao = app.login('zhao');
    const a = customer(wangId, 1, { name: '客户甲', keyword: '甲' });
    const b = customer(wangId, 1, { name: '客户乙', keyword: '乙' });
    const c = customer(liId, 1, { name: '客户丙', keyword: '丙' });
    app.ok(office.wang, 'delegations.grant', { customerIds: [a], toId: liId, startOn: '2026-11-26', endOn: null });
    expect(failure(app.call(office.li, 'pool.release', { ids: [a] })).message).toBe(
      '客户“客户甲”是授权给您代管的，不能退回公海',
    );
    expect(failure(app.call(office.li, 'pool.release', { ids: [b] })).code).toBe('not_found');
    expect(failure(app.call(zhao, 'pool.release', { ids: [c] })).code).toBe('not_found');
    expect(app.ok(office.wang, 'pool.release', { ids: [a] }).count).toBe(1);
    expect(app.logsOf(a).at(-1)).toBe('退回公海：王伟 退回（原业务员 王伟）');
    expect(app.ok(zhao, 'pool.release', { ids: [b] }).count).toBe(1);
    expect(app.ok(admin, 'pool.release', { ids: [c] }).count).toBe(1);
    expect(poolTotal()).toBe(3);
    expect(failure(app.call(admin, 'pool.release', { ids: [c] })).message).toBe('客户“客户丙”已在公海中');
  });

  it('分配给…: an administrator to anyone, a 销售经理 within the 部门, never a salesperson', () => {
    const { app, admin, wangId, liId } = office;
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(dept.id, wangId);
    const zhaoId = app.addStaff('赵经理', 'zhao', 'manager', dept.id);
    const zhao = app.login('zhao');
    const ids = [0, 1, 2].map((i) => customer(liId, 1, { name: `客户${i}`, keyword: `客${i}` }));
    app.ok(admin, 'pool.release', { ids });
    expect(failure(app.call(office.li, 'pool.assign', { ids: [ids[0]], ownerId: liId })).message).toBe(
      '只有管理员或销售经理可以分配公海客户',
    );
    expect(failure(app.call(zhao, 'pool.assign', { ids: [ids[0]], ownerId: liId })).message).toBe(
      '业务员：销售经理只能分配给本部门的人员',
    );
    expect(app.ok(zhao, 'pool.assign', { ids: [ids[0]], ownerId: wangId }).count).toBe(1);
    expect(ownerOf(ids[0])).toBe(wangId);
    expect(app.logsOf(ids[0]).at(-1)).toBe('从公海分配给 王伟（赵经理 分配）');
    expect(app.ok(admin, 'pool.assign', { ids: [ids[1]], ownerId: zhaoId }).count).toBe(1);
    expect(failure(app.call(admin, 'pool.assign', { ids: [ids[1]], ownerId: liId })).message).toBe(
      '客户“客户1”不在公海中',
    );
    const pool = app.count('SELECT id FROM staff WHERE pool = 1');
    expect(failure(app.call(admin, 'pool.assign', { ids: [ids[2]], ownerId: pool })).message).toBe(
      '业务员：不存在或已停用',
    );
  });

  it('includes pool customers in the keyword duplicate warning, saying so', async () => {
    await pooled();
    const { app, li } = office;
    expect(app.ok(li, 'customers.checkDuplicates', { name: '华强北电子', keyword: '华强' })).toEqual([
      { name: '深圳华强电子', ownerName: '公海客户' },
    ]);
    const e = failure(app.call(li, 'customers.create', newCustomer(office.liId, { name: '华强北', keyword: '华强' })));
    expect(e.message).toContain('深圳华强电子（公海客户）');
  });

  it('keeps the pool row out of the staff lists and the first-run check', async () => {
    await pooled();
    const { app, admin } = office;
    expect(app.ok(admin, 'staff.list').map((s) => s.name)).not.toContain('公海客户');
    expect(app.ok(admin, 'staff.options').map((s) => s.name)).not.toContain('公海客户');
  });

  it("masks a 销售经理's view of the team when the administrator chooses so, and keeps the stored numbers on save", () => {
    const { app, admin, wangId } = office;
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(dept.id, wangId);
    const zhaoId = app.addStaff('赵经理', 'zhao', 'manager', dept.id);
    const zhao = app.login('zhao');
    const id = customer(wangId, 1, { phone: '13812345678' });
    const own = customer(zhaoId, 1, { name: '自己的', keyword: '自己', phone: '13700001111' });
    const page = () => app.ok(zhao, 'customers.page', { offset: 0, limit: 50, withTotal: true }).rows;
    expect(
      page()
        .map((r) => r.phone)
        .sort(),
    ).toEqual(['13700001111', '13812345678']);
    app.ok(admin, 'pool.saveRules', rules({ maskForManagers: true }));
    expect(Object.fromEntries(page().map((r) => [r.id, r.phone]))).toEqual({
      [id]: '138****5678',
      [own]: '13700001111',
    });
    const c = app.ok(zhao, 'customers.get', { id });
    expect(c).toMatchObject({ masked: true, phone: '138****5678' });
    app.ok(zhao, 'customers.update', { ...formOf(c), note: '经理备注' });
    expect(app.count('SELECT phone FROM customer WHERE id = ?', id)).toBe('13812345678' as unknown as number);
    // The owner still sees the number.
    expect(app.ok(office.wang, 'customers.get', { id }).phone).toBe('13812345678');
  });

  it('warns the owner of customers going back to the pool within the window', () => {
    const { app, admin, wangId, liId } = office;
    app.ok(admin, 'pool.saveRules', rules({ warnDays: 7 }));
    customer(wangId, 24); // due in 6 days
    customer(wangId, 31, { name: '已到期', keyword: '到期' }); // due, not yet swept
    customer(wangId, 20, { name: '还早', keyword: '还早' });
    customer(liId, 25, { name: '李的', keyword: '李的' });
    expect(app.ok(office.wang, 'pool.warning')).toEqual({ count: 2, days: 7 });
    expect(app.ok(office.li, 'pool.warning')).toEqual({ count: 1, days: 7 });
    expect(app.ok(admin, 'pool.warning')).toEqual({ count: 3, days: 7 });
  });
});
