/**
 * English for the data side's refusals: real errors from the real router (a real SQLite file),
 * as a user provokes them, read through the renderer's translation with English chosen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, forbiddenMessage, type AppErrorShape, type Input, type MethodName } from '../../../core/contract';
import type { Connection } from '../../../db/context';
import { createTestApp, newCustomer, type TestApp } from '../../../db/testing';
import { localizeError, messageToEnglish } from './serverText';

let app: TestApp;
let admin: Connection;
let wang: Connection;
let li: Connection;
let ids: Record<'admin' | 'wang' | 'li', number>;

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
});
afterEach(() => app.close());

function refusal<N extends MethodName>(conn: Connection, name: N, input: Input<N>): AppErrorShape {
  const r = app.call(conn, name, input);
  if (r.ok) throw new Error(`${name} was not refused`);
  return r.error;
}

/** Chinese outside “the names people typed” and people's names (which stay as they are). */
const chinese = (s: string) => /\p{Script=Han}/u.test(s.replace(/“[^”]*”/g, '').replace(/张经理|王伟|李娜/g, ''));

function english(error: AppErrorShape): AppErrorShape {
  const out = localizeError(error, 'en');
  expect(chinese(out.message), `${error.message} → ${out.message}`).toBe(false);
  for (const v of Object.values(out.fields ?? {})) expect(chinese(v), v).toBe(false);
  return out;
}

describe('data-side messages in English', () => {
  it("has English for every administrator-only action the contract declares (both sides of a flag's action)", () => {
    const everyFlag = (value: boolean) => new Proxy({}, { get: () => value });
    const refusals = Object.values(contract).flatMap((m) =>
      m.action === undefined ? [] : [forbiddenMessage(m, everyFlag(true)), forbiddenMessage(m, everyFlag(false))],
    );
    expect(refusals.length).toBeGreaterThan(20);
    for (const message of refusals) {
      const out = messageToEnglish(message, 'forbidden');
      expect(chinese(out), `${message} → ${out}`).toBe(false);
    }
  });

  it('names the fields of a refused customer form, and its field messages', () => {
    const err = refusal(wang, 'customers.create', newCustomer(ids.wang, { name: '', keyword: '' }));
    expect(err.message).toContain('客户名称');
    const out = english(err);
    expect(out.message).toContain('Customer name: cannot be empty');
    expect(out.message).toContain('Keyword: cannot be empty');
    expect(out.fields?.name).toBe('cannot be empty');
  });

  it('a customer another salesperson owns: not found or not visible', () => {
    const c = app.ok(wang, 'customers.create', newCustomer(ids.wang));
    const out = english(refusal(li, 'customers.get', { id: c.id }));
    expect(out.message).toBe('Customer does not exist or is not visible to you');
  });

  it('administrator-only actions, delegates, conflicts and clashes', () => {
    expect(english(refusal(wang, 'statuses.create', { name: '重点客户' } as never)).message).toMatch(
      /^Only an administrator may /,
    );
    const c = app.ok(wang, 'customers.create', newCustomer(ids.wang));
    app.ok(wang, 'delegations.grant', { customerIds: [c.id], toId: ids.li });
    expect(english(refusal(li, 'customers.delete', { ids: [c.id] })).message).toBe(
      `Customer “${c.name}” is delegated to you: you cannot delete it`,
    );
    const {
      id: _i,
      statusName: _s,
      ownerName: _o,
      delegated: _d,
      pool: _p,
      masked: _m,
      deletedAt: _x,
      version,
      ...fields
    } = c;
    app.ok(wang, 'customers.update', { ...fields, phone: '0755-1', id: c.id, version, confirmDuplicates: false });
    expect(
      english(refusal(wang, 'customers.update', { ...fields, id: c.id, version, confirmDuplicates: false })).message,
    ).toBe(`Customer “${c.name}” was changed by someone else: close it and open it again to edit`);
    const out = english(
      refusal(admin, 'staff.create', {
        name: '王伟二',
        login: 'wang',
        role: 'sales',
        password: 'secret12',
      } as never),
    );
    expect(out.message).toMatch(/^Login: “wang” is already used by 王伟$/);
  });

  it('交接: the refusals of a handover, for a salesperson, a manager and bad choices', () => {
    expect(english(refusal(wang, 'handover.preview', { fromId: ids.li })).message).toBe(
      'Only an administrator or a sales manager may hand customers over',
    );
    expect(english(refusal(admin, 'handover.commit', { fromId: ids.admin, toIds: [ids.li] })).message).toBe(
      'You cannot hand over your own customers; ask an administrator or your sales manager',
    );
    expect(english(refusal(admin, 'handover.commit', { fromId: ids.wang, toIds: [] })).message).toBe(
      'Receiving: choose at least one colleague to receive them',
    );
    expect(english(refusal(admin, 'handover.commit', { fromId: ids.wang, toIds: [ids.li, ids.li] })).message).toBe(
      'Receiving: the same colleague cannot be chosen twice',
    );
    expect(english(refusal(admin, 'handover.commit', { fromId: ids.wang, toIds: [ids.wang] })).message).toBe(
      'Receiving: cannot hand over to 王伟 themselves',
    );
    const dept = app.ok(admin, 'departments.create', { name: '销售一部' });
    app.db.prepare('UPDATE staff SET department_id = ? WHERE id = ?').run(dept.id, ids.wang);
    app.addStaff('孙经理', 'sun', 'manager', dept.id);
    const sun = app.login('sun');
    expect(messageToEnglish(refusal(sun, 'handover.preview', { fromId: ids.li }).message, 'forbidden')).toBe(
      '李娜 is not in your department: a sales manager hands over the salespeople of their department only',
    );
    expect(
      messageToEnglish(refusal(sun, 'handover.commit', { fromId: ids.wang, toIds: [ids.li] }).message, 'bad_input'),
    ).toBe('Receiving: 李娜 is not in your department: a sales manager hands over to members of their department only');
    expect(messageToEnglish(refusal(sun, 'handover.preview', { fromId: ids.admin }).message, 'forbidden')).toBe(
      '张经理 is not in your department: a sales manager hands over the salespeople of their department only',
    );
  });

  it('zod’s own wording and an unknown sentence still read as English first', () => {
    const err = refusal(wang, 'customers.get', { id: 'x' } as never);
    expect(english(err).message).toMatch(/^Customer: /);
    expect(messageToEnglish('某个新的说法', 'conflict')).toBe('Someone else changed this meanwhile: 某个新的说法');
  });

  it('leaves the message alone in Chinese', () => {
    const err = refusal(wang, 'customers.create', newCustomer(ids.wang, { name: '' }));
    expect(localizeError(err, 'zh-CN')).toEqual(err);
  });
});

describe('the renderer’s own line checks, in the data side’s words', () => {
  it('read in English: amounts, dates and the purchase rules, also when a part is English already', () => {
    const error = refusal(admin, 'contacts.save', {
      customerId: app.ok(admin, 'customers.create', newCustomer(ids.admin)).id,
      token: 'x',
      created: [{ name: '张三', birthday: '2026-02-30' }],
    } as never);
    expect(localizeError(error, 'en').message).toContain('2026-02-30 does not exist: 2026-02 has 28 days');
    expect(messageToEnglish('新增第 2 行 单价：不是有效的金额', 'bad_input')).toBe(
      'New row 2, Unit price: is not a valid amount',
    );
    expect(messageToEnglish('修改第 1 行 已付金额：不能大于应付金额 12,800.00', 'bad_input')).toContain(
      'cannot be more than the amount due 12,800.00',
    );
    expect(
      messageToEnglish('新增第 1 行 服务截止期限：cannot be earlier than the purchase date 2026-03-01', 'bad_input'),
    ).toBe('New row 1, Service ends: cannot be earlier than the purchase date 2026-03-01');
  });
});
