/**
 * Reminders on a small office (王伟 and 李娜, salespeople; 张经理, administrator), the office
 * host in Asia/Shanghai: what rings, for whom, at which minute of the host's clock, once; the
 * newest wins; 稍后提醒 and 已处理; escalation to the 销售经理; everything checked against the
 * person's view when it rings.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, customerEdit, failure, newCustomer, type TestApp } from '../testing.js';
import { seedPurchase } from '../handlers/fees.fixtures.js';
import { fireDue } from './fire.js';

const savedTz = process.env.TZ;
beforeAll(() => (process.env.TZ = 'Asia/Shanghai'));
afterAll(() => (process.env.TZ = savedTz));

let app: TestApp;
let adminId: number;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let a: number; // 王伟's

beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
  app.clock.set('2026-12-07T02:00:00.000Z'); // 10:00 on 2026-12-07 in Shanghai
  a = app.ok(wang, 'customers.create', newCustomer(wangId, { name: '深圳市甲科技有限公司', keyword: '甲科技' })).id;
}, 30_000); // PostgreSQL: the first test database is made from the migrations
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
/** The host rings the minute `minute` for these people: who got what. */
const ring = (minute: string, ...staff: number[]) =>
  fireDue(app.db, app.clock, staff, minute).map((r) => `${r.staffId}:${r.item.kind}:${r.item.customerName}`);
const rows = (staffId: number) =>
  app.db.prepare('SELECT kind, due_at, ring_at, state FROM reminder WHERE staff_id = ? ORDER BY kind').all(staffId) as {
    kind: string;
    due_at: string;
    ring_at: string;
    state: string;
  }[];

describe('下次跟进 with a time', () => {
  it('is stored, listed, and rings at its minute of the host clock for its salesperson only, once', () => {
    const saved = addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '10:01' });
    expect(saved.rows.find((r) => r.kind === 'followup')).toMatchObject({ nextOn: '2026-12-07', nextTime: '10:01' });
    expect(app.ok(wang, 'workbench.followups', {}).rows).toMatchObject([{ nextOn: '2026-12-07', nextTime: '10:01' }]);
    expect(ring('2026-12-07 10:00', wangId, liId, adminId)).toEqual([]);
    expect(ring('2026-12-07 10:01', liId, adminId)).toEqual([]); // 王伟 not signed in: waits for him
    expect(ring('2026-12-07 10:01', wangId, liId, adminId)).toEqual([`${wangId}:followup:深圳市甲科技有限公司`]);
    expect(ring('2026-12-07 10:02', wangId)).toEqual([]); // once
    const list = app.ok(wang, 'reminders.list', {});
    expect(list.unread).toBe(1);
    expect(list.rows[0]).toMatchObject({ kind: 'followup', tab: 'records', canOpen: true, state: 'unread' });
    expect(list.rows[0].text).toContain('2026-12-07 10:01');
    expect(app.ok(li, 'reminders.list', {}).rows).toEqual([]);
  });

  it('a date alone rings at 09:00; a time alone is refused naming the field; a bad time too', () => {
    addRecord(wang, a, { nextOn: '2026-12-08' });
    expect(rows(wangId)).toEqual([
      { kind: 'followup', due_at: '2026-12-08 09:00', ring_at: '2026-12-08 09:00', state: 'waiting' },
    ]);
    const token = app.ok(wang, 'records.list', { customerId: a }).token;
    const base = { at: app.clock.now().toISOString(), method: '电话' as const, content: 'x' };
    const noDate = failure(
      app.call(wang, 'records.save', { customerId: a, token, created: [{ ...base, nextTime: '10:00' }] }),
    );
    expect(noDate.message).toContain('跟进时间');
    const bad = failure(
      app.call(wang, 'records.save', {
        customerId: a,
        token,
        created: [{ ...base, nextOn: '2026-12-08', nextTime: '25:00' }],
      }),
    );
    expect(bad.message).toContain('跟进时间');
    expect(app.count(`SELECT count(*) FROM record WHERE kind = 'followup'`)).toBe(1);
  });

  it('never piles up: the newest follow-up wins, and closing it removes the reminder', () => {
    addRecord(wang, a, { nextOn: '2026-12-08', nextTime: '15:00' });
    addRecord(wang, a, { nextOn: '2026-12-09', nextTime: '11:30' });
    expect(rows(wangId).map((r) => `${r.kind} ${r.due_at}`)).toEqual(['followup 2026-12-09 11:30']);
    expect(ring('2026-12-08 15:00', wangId)).toEqual([]);
    addRecord(wang, a, { content: '已跟进' });
    expect(rows(wangId)).toEqual([]);
  });
});

describe('稍后提醒 and 已处理', () => {
  it('snooze rings again on the host clock; a later unrelated write does not undo it; done leaves the list', () => {
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '10:00' });
    const [rung] = fireDue(app.db, app.clock, [wangId], '2026-12-07 10:00');
    const snoozed = app.ok(wang, 'reminders.snooze', { id: rung.item.id, until: '10m' });
    expect(snoozed).toMatchObject({ unread: 0, rows: [{ state: 'snoozed', dueAt: '2026-12-07 10:10' }] });
    app.ok(wang, 'customers.update', customerEdit(app.ok(wang, 'customers.get', { id: a }), { phone: '0755-1234' }));
    expect(ring('2026-12-07 10:09', wangId)).toEqual([]);
    expect(ring('2026-12-07 10:10', wangId)).toEqual([`${wangId}:followup:深圳市甲科技有限公司`]);
    expect(app.ok(wang, 'reminders.done', { id: rung.item.id })).toEqual({ rows: [], unread: 0 });
    expect(ring('2026-12-08 10:10', wangId)).toEqual([]);
    // 明天 = tomorrow 09:00 on the host clock.
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '10:00', content: '再打一次' });
    const [again] = fireDue(app.db, app.clock, [wangId], '2026-12-07 10:00');
    expect(app.ok(wang, 'reminders.snooze', { id: again.item.id, until: 'tomorrow' }).rows[0].dueAt).toBe(
      '2026-12-08 09:00',
    );
  });

  it("someone else's reminder is not found; a bad choice names the field; nothing changes", () => {
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '10:00' });
    const [rung] = fireDue(app.db, app.clock, [wangId], '2026-12-07 10:00');
    expect(failure(app.call(li, 'reminders.done', { id: rung.item.id })).code).toBe('not_found');
    expect(failure(app.call(admin, 'reminders.snooze', { id: rung.item.id, until: '1h' })).code).toBe('not_found');
    const bad = failure(app.call(wang, 'reminders.snooze', { id: rung.item.id, until: '2d' as never }));
    expect(bad.message).toContain('稍后提醒');
    expect(rows(wangId)[0].state).toBe('unread');
    expect(app.logsOf(a).some((l) => l.includes('提醒'))).toBe(false); // answering a reminder is no 操作日志
  });
});

describe("checked against the person's view when it rings", () => {
  it('a delegate is reminded while the delegation runs; taken back, it no longer rings for them', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [a], toId: liId, startOn: '2026-12-07', endOn: null });
    addRecord(li, a, { nextOn: '2026-12-07', nextTime: '11:00' });
    expect(ring('2026-12-07 10:00', liId)).toEqual([`${liId}:delegation:深圳市甲科技有限公司`]);
    const d = app.ok(wang, 'delegations.list', { customerId: a }).rows[0];
    app.ok(wang, 'delegations.revoke', { id: d.id });
    expect(ring('2026-12-07 11:00', liId, wangId).sort()).toEqual(
      [`${liId}:delegation:深圳市甲科技有限公司`, `${wangId}:followup:深圳市甲科技有限公司`].sort(),
    );
    const notice = app.ok(li, 'reminders.list', {}).rows;
    expect(notice).toMatchObject([{ kind: 'delegation', canOpen: false }]);
    expect(notice[0].text).toContain('授权已由王伟收回');
    expect(rows(liId).map((r) => r.kind)).toEqual(['delegation']); // her follow-up line went
  });

  it('a customer transferred away rings for the new salesperson, with a 转移 reminder, not for the old one', () => {
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '12:00' });
    app.ok(admin, 'staff.transfer', { customerIds: [a], toId: liId });
    expect(ring('2026-12-07 12:00', wangId, liId).sort()).toEqual(
      [`${liId}:followup:深圳市甲科技有限公司`, `${liId}:transfer:深圳市甲科技有限公司`].sort(),
    );
    expect(rows(wangId)).toEqual([]);
  });

  it('a reminder whose customer went out of sight before it rang is removed, not rung', () => {
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '12:00' });
    // Behind the app's back (as another server's write would look): the customer is no longer his.
    app.db.prepare('UPDATE customer SET owner_id = ? WHERE id = ?').run(liId, a);
    expect(ring('2026-12-07 12:00', wangId)).toEqual([]);
    expect(rows(wangId)).toEqual([]);
  });
});

describe('escalation', () => {
  it("a follow-up overdue by N days reminds the salesperson's 销售经理, else the administrator", () => {
    addRecord(wang, a, { nextOn: '2026-12-07', nextTime: '10:30' });
    // No 部门 yet: the administrator hears of it, 3 days later at the same minute.
    expect(ring('2026-12-10 10:29', adminId)).toEqual([]);
    expect(ring('2026-12-10 10:30', adminId)).toEqual([`${adminId}:overdue:深圳市甲科技有限公司`]);
    expect(app.ok(admin, 'reminders.list', {}).rows[0].text).toContain(
      '王伟的客户“深圳市甲科技有限公司”跟进已逾期 3 天',
    );

    // With a 部门 and its 销售经理 (and N = 5 in 系统 › 设置): the manager, not the administrator.
    const dept = Number(
      app.db.prepare(`INSERT INTO department (name, created_at, updated_at) VALUES ('销售一部', 'x', 'x')`).run()
        .lastInsertRowid,
    );
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(dept, wangId);
    const bossId = app.addStaff('赵经理', 'zhao', 'manager', dept);
    expect(failure(app.call(wang, 'reminders.setSettings', { escalateDays: 5 })).code).toBe('forbidden');
    expect(failure(app.call(admin, 'reminders.setSettings', { escalateDays: 0 })).message).toContain(
      '跟进逾期提醒天数',
    );
    expect(app.ok(admin, 'reminders.setSettings', { escalateDays: 5 })).toEqual({ escalateDays: 5 });
    expect(app.ok(wang, 'reminders.settings', {})).toEqual({ escalateDays: 5 });
    addRecord(wang, a, { nextOn: '2026-12-08', nextTime: '09:15', content: '催合同' });
    expect(rows(adminId)).toEqual([]);
    expect(rows(bossId)).toMatchObject([{ kind: 'overdue', due_at: '2026-12-13 09:15', state: 'waiting' }]);
    // Followed up in time: nobody is told.
    addRecord(wang, a, { content: '合同已签' });
    expect(rows(bossId)).toEqual([]);
  });
});

describe('回款 and 年服务费', () => {
  it('an instalment rings 提前提醒天数 before it is due; a 年服务费 the fee window before its end', () => {
    const purchaseId = seedPurchase(app, a, {
      unitPriceCents: 100_000,
      annualFeeCents: 50_000,
      remind: true,
      serviceEndOn: '2027-01-20',
    });
    const token = app.ok(wang, 'instalments.list', { purchaseId: purchaseId }).token;
    app.ok(wang, 'instalments.save', {
      purchaseId: purchaseId,
      token,
      created: [
        { seq: 1, dueOn: '2026-12-15', amountCents: 60_000, remindDays: 3 },
        { seq: 2, dueOn: '2027-01-15', amountCents: 40_000, remindDays: 3 },
      ],
    });
    expect(rows(wangId).map((r) => `${r.kind} ${r.due_at}`)).toEqual([
      'fee 2026-12-21 09:00',
      'instalment 2026-12-12 09:00',
    ]);
    expect(ring('2026-12-12 09:00', wangId)).toEqual([`${wangId}:instalment:深圳市甲科技有限公司`]);
    expect(app.ok(wang, 'reminders.list', {}).rows[0]).toMatchObject({ tab: 'fees' });
    // Paid: the next instalment is the one it reminds of.
    const version = app.db.prepare('SELECT version FROM purchase WHERE id = ?').pluck().get(purchaseId) as number;
    app.ok(wang, 'payments.create', {
      purchaseId,
      version,
      kind: 'goods',
      amountCents: 60_000,
      paidOn: '2026-12-07',
      handledBy: wangId,
    });
    expect(rows(wangId).find((r) => r.kind === 'instalment')).toMatchObject({
      due_at: '2027-01-12 09:00',
      state: 'waiting',
    });
  });
});
