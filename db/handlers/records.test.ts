import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerRecord, Input } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { createOffice, failure, newCustomer, type TestApp } from '../testing.js';
import { RECORDS_CONFLICT } from './records.js';

let app: TestApp;
let wangId: number;
let liId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let customerId: number;
let contactId: number;

beforeEach(() => {
  ({ app, wangId, liId, admin, wang, li } = createOffice());
  customerId = app.ok(wang, 'customers.create', { ...newCustomer(wangId), confirmDuplicates: true }).id;
  const contacts = app.ok(wang, 'contacts.save', {
    customerId,
    token: app.ok(wang, 'contacts.list', { customerId }).token,
    created: [{ name: '陈静', isPrimary: true }],
  });
  contactId = contacts.rows[0].id;
});
afterEach(() => app.close());

const count = (kind: 'log' | 'followup') =>
  app.db
    .prepare('SELECT count(*) FROM record WHERE customer_id = ? AND kind = ?')
    .pluck()
    .get(customerId, kind) as number;
const logs = () =>
  app.db
    .prepare(`SELECT content FROM record WHERE customer_id = ? AND kind = 'log' ORDER BY id`)
    .pluck()
    .all(customerId) as string[];

type Save = Input<'records.save'>;
const list = (conn: Connection = wang) => app.ok(conn, 'records.list', { customerId });
const save = (conn: Connection, batch: Partial<Save>) =>
  app.call(conn, 'records.save', { customerId, token: batch.token ?? list(conn).token, ...batch });
const saveOk = (conn: Connection, batch: Partial<Save>) => {
  const r = save(conn, batch);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const followup = (over: Partial<NonNullable<Save['created']>[number]> = {}) => ({
  at: '2026-11-26T01:30:00.000Z',
  method: '电话' as const,
  content: '电话沟通新版报价',
  ...over,
});
/** What the grid sends back for a loaded 维护记录, with changes. */
const edit = (r: CustomerRecord, over: Partial<NonNullable<Save['updated']>[number]> = {}) => ({
  id: r.id,
  version: r.version,
  at: r.at,
  method: r.method as '电话',
  contactId: r.contactId,
  content: r.content,
  nextOn: r.nextOn,
  ...over,
});
const followups = (rows: CustomerRecord[]) => rows.filter((r) => r.kind === 'followup');

describe('records.list', () => {
  it('lists 维护记录 and 操作日志 together, newest first, with contact and 记录人 names', () => {
    saveOk(wang, {
      created: [
        followup({
          at: '2026-11-20T01:00:00.000Z',
          content: '第一次上门',
          method: '上门',
          contactId,
          nextOn: '2026-12-01',
        }),
        followup({ at: '2026-11-27T01:00:00.000Z', content: '约定下周签约', method: '微信' }),
      ],
    });
    const res = list();
    const ats = res.rows.map((r) => r.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(res.rows.map((r) => r.kind)).toContain('log');
    expect(res.rows[0]).toMatchObject({
      kind: 'followup',
      content: '约定下周签约',
      method: '微信',
      authorName: '王伟',
    });
    const visit = res.rows.find((r) => r.content === '第一次上门');
    expect(visit).toMatchObject({ contactId, contactName: '陈静', nextOn: '2026-12-01', authorId: wangId });
    const log = res.rows.find((r) => r.kind === 'log' && r.content.startsWith('新增联系人'));
    expect(log).toMatchObject({ content: '新增联系人 陈静（主联系人）', authorName: '王伟', method: '' });
    expect(res.contacts).toEqual([{ id: contactId, name: '陈静' }]);
    expect(res.logsTotal).toBe(count('log'));
  });

  it('its token covers 维护记录 only: new 操作日志 lines do not make a draft stale', () => {
    const before = list().token;
    app.ok(wang, 'contacts.save', {
      customerId,
      token: app.ok(wang, 'contacts.list', { customerId }).token,
      created: [{ name: '新联系人' }],
    });
    expect(list().token).toBe(before);
    expect(saveOk(wang, { token: before, created: [followup()] }).saved.created).toBe(1);
  });
});

describe('records.save', () => {
  it('adds, changes and deletes 维护记录, writing an 操作日志 line for each in the same save', () => {
    const created = saveOk(wang, {
      created: [followup({ contactId }), followup({ content: '发送资料', method: '邮件' })],
    });
    expect(created.saved).toEqual({ created: 2, updated: 0, deleted: 0 });
    const [a, b] = followups(created.rows).sort((x, y) => x.id - y.id);
    const res = saveOk(wang, {
      updated: [edit(a, { content: '电话沟通新版报价，客户要求 9 折', nextOn: '2026-12-03' })],
      deleted: [{ id: b.id, version: b.version }],
    });
    expect(res.saved).toEqual({ created: 0, updated: 1, deleted: 1 });
    expect(followups(res.rows)).toHaveLength(1);
    expect(followups(res.rows)[0]).toMatchObject({ nextOn: '2026-12-03', version: 2, authorName: '王伟' });
    const lines = logs();
    expect(lines.some((l) => /^新增维护记录 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 电话 陈静：电话沟通新版报价$/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith('修改维护记录') && l.includes('下次跟进: （空） → 2026-12-03'))).toBe(true);
    expect(lines.some((l) => l.startsWith('删除维护记录') && l.endsWith('邮件：发送资料'))).toBe(true);
  });

  it('stores the time as a UTC instant whatever offset it was sent with', () => {
    const res = saveOk(wang, { created: [followup({ at: '2026-11-26T10:15:00+08:00' })] });
    expect(followups(res.rows)[0].at).toBe('2026-11-26T02:15:00.000Z');
  });

  it('is all or nothing: one bad row refuses the batch and names each bad field', () => {
    const n = logs().length;
    const err = failure(
      save(wang, {
        created: [
          followup(),
          followup({ content: ' ', method: '传真' as never }),
          followup({ at: '昨天', nextOn: '2026-02-30' }),
        ],
      }),
    );
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain('新增第 2 行 内容：不能为空');
    expect(err.message).toContain('新增第 2 行 方式：只能是 电话、上门、微信、邮件、其他');
    expect(err.message).toContain('新增第 3 行 时间：时间格式不正确');
    expect(err.message).toContain('新增第 3 行 下次跟进');
    expect(count('followup')).toBe(0);
    expect(logs()).toHaveLength(n);
  });

  it('refuses a contact of another customer', () => {
    const other = app.ok(wang, 'customers.create', {
      ...newCustomer(wangId, { name: '华为技术有限公司', keyword: '华为' }),
      confirmDuplicates: true,
    }).id;
    const stranger = app.ok(wang, 'contacts.save', {
      customerId: other,
      token: app.ok(wang, 'contacts.list', { customerId: other }).token,
      created: [{ name: '外人' }],
    }).rows[0].id;
    const err = failure(save(wang, { created: [followup(), followup({ contactId: stranger })] }));
    expect(err.message).toBe('新增第 2 行 联系人：不是该客户的联系人');
    expect(err.fields).toEqual({ 'created.1.contactId': '不是该客户的联系人' });
    expect(count('followup')).toBe(0);
  });

  it('refuses a save on 维护记录 someone else changed since they were loaded', () => {
    saveOk(wang, { created: [followup()] });
    const loaded = list(wang);
    saveOk(admin, { updated: [edit(followups(list(admin).rows)[0], { content: '管理员改过' })] });
    const err = failure(
      save(wang, { token: loaded.token, updated: [edit(followups(loaded.rows)[0], { content: '我的修改' })] }),
    );
    expect(err).toMatchObject({ code: 'conflict', message: RECORDS_CONFLICT });
    expect(followups(list().rows)[0].content).toBe('管理员改过');
  });
});

describe('操作日志 cannot be changed or removed', () => {
  const aLog = () => list().rows.find((r) => r.kind === 'log') as CustomerRecord;

  it('the handler refuses to delete or change one, and nothing of the batch is written', () => {
    const log = aLog();
    const n = count('log');
    const del = failure(save(wang, { created: [followup()], deleted: [{ id: log.id, version: log.version }] }));
    expect(del).toMatchObject({
      code: 'forbidden',
      message: '删除第 1 行：属性为“操作日志”的记录是系统自动生成的，不能删除',
    });
    const upd = failure(save(wang, { updated: [{ ...edit(log), method: '电话', content: '篡改' }] }));
    expect(upd.code).toBe('forbidden');
    expect(upd.message).toContain('不能修改');
    expect(count('log')).toBe(n);
    expect(count('followup')).toBe(0);
    expect(aLog()).toEqual(log);
  });

  it('the API cannot create one', () => {
    const err = failure(save(wang, { created: [{ ...followup(), kind: 'log' as never }] }));
    expect(err.message).toBe('新增第 1 行 属性：只能保存维护记录；操作日志由系统自动生成');
    expect(count('followup')).toBe(0);
  });

  it('the database refuses too: direct SQL can neither delete nor update one', () => {
    const n = count('log');
    expect(n).toBeGreaterThan(0);
    expect(() => app.db.prepare(`DELETE FROM record WHERE kind = 'log'`).run()).toThrow('操作日志不能删除');
    expect(() => app.db.prepare(`DELETE FROM record WHERE customer_id = ?`).run(customerId)).toThrow(
      '操作日志不能删除',
    );
    expect(() => app.db.prepare(`UPDATE record SET content = '篡改' WHERE kind = 'log'`).run()).toThrow(
      '操作日志不能修改',
    );
    expect(() => app.db.prepare(`UPDATE record SET kind = 'followup' WHERE kind = 'log'`).run()).toThrow(
      '操作日志不能修改',
    );
    expect(count('log')).toBe(n);
  });
});

describe('records visibility', () => {
  it('another salesperson can neither read nor change them', () => {
    saveOk(wang, { created: [followup()] });
    const token = list().token;
    expect(failure(app.call(li, 'records.list', { customerId })).code).toBe('not_found');
    const err = failure(app.call(li, 'records.save', { customerId, token, created: [followup({ content: '闯入' })] }));
    expect(err.code).toBe('not_found');
    expect(count('followup')).toBe(1);
  });

  it('a delegate may keep them and is recorded as 记录人; the administrator may too', () => {
    app.db
      .prepare(
        `INSERT INTO delegation (customer_id, from_id, to_id, start_on, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(customerId, wangId, liId, '2026-01-01', wangId, '2026-01-01T00:00:00.000Z');
    const res = saveOk(li, { created: [followup({ content: '代管期间回访' })] });
    expect(followups(res.rows)[0]).toMatchObject({ authorId: liId, authorName: '李娜' });
    expect(saveOk(admin, { created: [followup({ content: '管理员回访' })] }).saved.created).toBe(1);
    // Revoked: the delegate sees nothing any more.
    app.db.prepare(`UPDATE delegation SET revoked_at = ?, revoked_by = ?`).run('2026-11-26T00:00:00.000Z', wangId);
    expect(failure(app.call(li, 'records.list', { customerId })).code).toBe('not_found');
  });
});
