/**
 * The office host's reminder timer over real sockets: a follow-up rings at the host's minute in
 * the window of its salesperson (and not in another salesperson's), once; what rang while
 * someone was away arrives when they sign in; 稍后提醒 rings again. The host's clock is moved
 * (setClockOffset), never a client's: the clients here have no say in when anything rings.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay, minuteOf, type Events } from '../core/contract.js';
import type { RemoteClient } from './remote-client.js';
import { collect, ok, startTestOffice, until, type TestOffice } from './testing.js';

let office: TestOffice;
beforeEach(async () => {
  office = await startTestOffice();
}, 30_000);
afterEach(() => office.close());

async function signIn(login: string): Promise<RemoteClient> {
  const c = await office.localClient();
  await ok(c, 'auth.login', { login, password: 'secret1' });
  return c;
}

/** A customer of the signed-in salesperson with a follow-up at the host's minute `at` ('HH:MM' of `day`). */
async function followUp(c: RemoteClient, ownerId: number, day: string, time: string) {
  const customer = await ok<{ id: number }>(c, 'customers.create', {
    name: '深圳市甲科技有限公司',
    keyword: '甲科技',
    statusId: 1,
    ownerId,
    createdOn: day,
  });
  const { token } = await ok<{ token: string }>(c, 'records.list', { customerId: customer.id });
  await ok(c, 'records.save', {
    customerId: customer.id,
    token,
    created: [{ at: new Date().toISOString(), method: '电话', content: '约好回电', nextOn: day, nextTime: time }],
  });
  return customer.id;
}

describe('the host rings the minute', () => {
  it("in its salesperson's window only, once, at the host's minute; snoozed, again", async () => {
    const wang = await signIn('sales1');
    const li = await signIn('sales2');
    const me = await ok<{ user: { id: number } }>(wang, 'auth.state');
    const heardWang = collect(wang, 'reminders');
    const heardLi = collect(li, 'reminders');
    const timer = office.server.reminders;

    // The host's clock: noon of a day well ahead (minutes have not passed for real).
    const noon = new Date();
    noon.setDate(noon.getDate() + 3);
    noon.setHours(12, 0, 5, 0);
    await timer.setClockOffset(noon.getTime() - Date.now());
    const day = localDay(timer.now());
    await followUp(wang, me.user.id, day, '12:01');
    await timer.tick();
    expect(heardWang).toEqual([]); // 12:00 on the host: not yet

    await timer.setClockOffset(noon.getTime() + 60_000 - Date.now()); // 12:01:05 on the host
    await until(() => heardWang.length === 1);
    const [{ items }] = heardWang as Events['reminders'][];
    expect(items).toMatchObject([{ kind: 'followup', customerName: '深圳市甲科技有限公司', tab: 'records' }]);
    expect(items[0].text).toContain(`${day} 12:01`);
    await timer.tick();
    expect(heardWang).toHaveLength(1); // once
    expect(heardLi).toEqual([]);
    expect(await ok<{ unread: number }>(wang, 'reminders.list')).toMatchObject({ unread: 1 });

    // 稍后提醒 10 分钟: counted from the host's clock, rung by the host's timer.
    const snoozed = await ok<{ rows: { dueAt: string }[] }>(wang, 'reminders.snooze', {
      id: items[0].id,
      until: '10m',
    });
    expect(snoozed.rows[0].dueAt).toBe(`${day} 12:11`);
    await timer.setClockOffset(noon.getTime() + 11 * 60_000 - Date.now());
    await until(() => heardWang.length === 2);
    expect(heardLi).toEqual([]);
    expect(minuteOf(timer.now())).toBe(`${day} 12:11`);
  });

  it('what rang while a salesperson was away reaches them when they sign in', async () => {
    const wang = await signIn('sales1');
    const me = await ok<{ user: { id: number } }>(wang, 'auth.state');
    const timer = office.server.reminders;
    const day = localDay(timer.now());
    await followUp(wang, me.user.id, day, '00:00'); // already due
    await ok(wang, 'auth.logout');
    await timer.tick(); // nobody is signed in as 王芳: nothing rings
    const later = await office.localClient();
    const heard = collect(later, 'reminders');
    await ok(later, 'auth.login', { login: 'sales1', password: 'secret1' });
    await until(() => heard.length === 1);
    expect(heard[0].items[0]).toMatchObject({ kind: 'followup', state: 'unread' });
  });
});
