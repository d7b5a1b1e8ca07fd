import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {} from '../../core/contract.js';
import { today, type Connection } from '../context.js';
import { createOffice, failure, newCustomer, type TestApp } from '../testing.js';

let app: TestApp;
let adminId: number;
let wangId: number;
let liId: number;
let zhaoId: number;
let admin: Connection;
let wang: Connection;
let li: Connection;
let zte: number;
let huawei: number;

beforeEach(() => {
  ({ app, adminId, wangId, liId, admin, wang, li } = createOffice());
  zhaoId = app.addStaff('赵磊', 'zhao');
  zte = app.ok(wang, 'customers.create', { ...newCustomer(wangId), confirmDuplicates: true }).id;
  huawei = app.ok(wang, 'customers.create', {
    ...newCustomer(wangId),
    name: '上海华为技术有限公司',
    keyword: '华为',
  }).id;
});
afterEach(() => app.close());

function dayOffset(days: number): string {
  const d = new Date(`${today({ clock: app.clock })}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const nextDay = (days = 1) => app.clock.set(new Date(app.clock.now().getTime() + days * 86400000).toISOString());
const seenBy = (conn: Connection) => app.ok(conn, 'customers.page', {}).rows.map((r) => r.name);

describe('delegations.grant', () => {
  it('delegates several customers at once, logging on each; the delegate sees them marked', () => {
    const r = app.ok(wang, 'delegations.grant', { customerIds: [zte, huawei], toId: liId, endOn: dayOffset(14) });
    expect(r).toEqual({ count: 2 });
    for (const id of [zte, huawei]) {
      expect(app.logsOf(id).at(-1)).toBe(`授权给李娜：开始日期 ${dayOffset(0)}，结束日期 ${dayOffset(14)}`);
    }
    const rows = app.ok(li, 'customers.page', {}).rows;
    expect(rows.map((x) => [x.name, x.delegated, x.ownerName]).sort()).toEqual(
      [
        ['上海华为技术有限公司', true, '王伟'],
        ['深圳市中兴通讯股份有限公司', true, '王伟'],
      ].sort(),
    );
    expect(app.ok(li, 'statuses.tree').total).toBe(2);
  });

  it('lists the delegation in tab 8 with who, dates, state and by whom', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId });
    const list = app.ok(wang, 'delegations.list', { customerId: zte });
    expect(list.canDelegate).toBe(true);
    expect(list.customer).toEqual({ id: zte, name: '深圳市中兴通讯股份有限公司', ownerId: wangId });
    expect(list.rows).toEqual([
      {
        id: expect.any(Number),
        customerId: zte,
        fromId: wangId,
        fromName: '王伟',
        toId: liId,
        toName: '李娜',
        startOn: dayOffset(0),
        endOn: null,
        state: 'active',
        grantedByName: '王伟',
        grantedAt: app.clock.now().toISOString(),
        revokedAt: null,
        revokedByName: null,
        canRevoke: true,
      },
    ]);
    expect(app.logsOf(zte).at(-1)).toBe(`授权给李娜：开始日期 ${dayOffset(0)}，不设结束日期`);
  });

  it('lets the administrator delegate any customer in the owner’s name', () => {
    app.ok(admin, 'delegations.grant', { customerIds: [zte], toId: liId });
    const [row] = app.ok(admin, 'delegations.list', { customerId: zte }).rows;
    expect(row).toMatchObject({ fromName: '王伟', grantedByName: '张经理', toName: '李娜' });
    expect(seenBy(li)).toEqual(['深圳市中兴通讯股份有限公司']);
  });

  it('starts a delegation on a later day: 未开始 until then', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId, startOn: dayOffset(2), endOn: dayOffset(5) });
    expect(app.ok(wang, 'delegations.list', { customerId: zte }).rows[0].state).toBe('pending');
    expect(seenBy(li)).toEqual([]);
    nextDay(2);
    expect(app.ok(wang, 'delegations.list', { customerId: zte }).rows[0].state).toBe('active');
    expect(seenBy(li)).toEqual(['深圳市中兴通讯股份有限公司']);
  });

  it('refuses a bad delegate, naming 授权给, and writes nothing', () => {
    const noLogin = Number(
      app.db
        .prepare(`INSERT INTO staff (name, role, created_at, updated_at) VALUES ('钱多多', 'sales', 'x', 'x')`)
        .run().lastInsertRowid,
    );
    app.ok(admin, 'staff.setActive', { id: zhaoId, active: false });
    const cases: [number, string][] = [
      [adminId, '授权给：张经理不是业务员'],
      [zhaoId, '授权给：赵磊已停用'],
      [noLogin, '授权给：钱多多没有登录账号，无法代为跟踪'],
      [wangId, '授权给：王伟就是客户“深圳市中兴通讯股份有限公司”的业务员'],
      [4242, '授权给：不存在'],
    ];
    for (const [toId, message] of cases) {
      const e = failure(app.call(wang, 'delegations.grant', { customerIds: [zte], toId }));
      expect(e.code).toBe('bad_input');
      expect(e.message).toBe(message);
      expect(e.fields).toHaveProperty('toId');
    }
    expect(app.count('SELECT count(*) FROM delegation')).toBe(0);
  });

  it('refuses dates in the past or an end before the start, naming the field', () => {
    const past = failure(
      app.call(wang, 'delegations.grant', { customerIds: [zte], toId: liId, startOn: dayOffset(-1) }),
    );
    expect(past.message).toBe('开始日期：不能早于今天');
    const early = failure(
      app.call(wang, 'delegations.grant', {
        customerIds: [zte],
        toId: liId,
        startOn: dayOffset(3),
        endOn: dayOffset(2),
      }),
    );
    expect(early.message).toBe('结束日期：不能早于开始日期');
    const endOnly = failure(
      app.call(wang, 'delegations.grant', { customerIds: [zte], toId: liId, endOn: dayOffset(-1) }),
    );
    expect(endOnly.message).toBe('结束日期：不能早于开始日期');
    const bad = failure(app.call(wang, 'delegations.grant', { customerIds: [], toId: liId, endOn: '2026-13-01' }));
    expect(bad.message).toContain('客户：请至少选择一个客户');
    expect(bad.message).toContain('结束日期');
    expect(app.count('SELECT count(*) FROM delegation')).toBe(0);
  });

  it('refuses a second open delegation to the same person; all of a batch or none', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId });
    const e = failure(app.call(wang, 'delegations.grant', { customerIds: [huawei, zte], toId: liId }));
    expect(e).toEqual({ code: 'conflict', message: '客户“深圳市中兴通讯股份有限公司”已授权给李娜，请先收回原授权' });
    expect(app.count('SELECT count(*) FROM delegation WHERE customer_id = ?', huawei)).toBe(0);
    expect(app.logsOf(huawei).some((l) => l.startsWith('授权'))).toBe(false);
    // Another person is fine.
    expect(app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: zhaoId }).count).toBe(1);
  });

  it('does not let a delegate re-delegate, nor another salesperson touch it', () => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId });
    const re = failure(app.call(li, 'delegations.grant', { customerIds: [zte], toId: zhaoId }));
    expect(re).toEqual({
      code: 'forbidden',
      message: '客户“深圳市中兴通讯股份有限公司”是授权给您代管的，不能再授权给其他业务员',
    });
    const zhao = app.login('zhao');
    expect(failure(app.call(zhao, 'delegations.grant', { customerIds: [huawei], toId: liId })).code).toBe('not_found');
    expect(failure(app.call(zhao, 'delegations.list', { customerId: zte })).message).toBe('客户不存在，或您无权查看');
    expect(app.count('SELECT count(*) FROM delegation')).toBe(1);
  });
});

describe('delegations.revoke', () => {
  let id: number;
  beforeEach(() => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId, endOn: dayOffset(10) });
    id = app.ok(wang, 'delegations.list', { customerId: zte }).rows[0].id;
  });

  it('ends it now: 已收回, by whom, logged, and the delegate no longer sees the customer', () => {
    expect(seenBy(li)).toEqual(['深圳市中兴通讯股份有限公司']);
    const r = app.ok(wang, 'delegations.revoke', { id });
    expect(r).toMatchObject({ state: 'revoked', revokedByName: '王伟', canRevoke: false });
    expect(r.revokedAt).toBe(app.clock.now().toISOString());
    expect(app.logsOf(zte).at(-1)).toBe(`收回授权：李娜（开始日期 ${dayOffset(0)}，结束日期 ${dayOffset(10)}）`);
    expect(seenBy(li)).toEqual([]);
    expect(failure(app.call(li, 'customers.get', { id: zte })).code).toBe('not_found');
    expect(app.ok(li, 'statuses.tree').total).toBe(0);
    const again = failure(app.call(wang, 'delegations.revoke', { id }));
    expect(again).toEqual({ code: 'conflict', message: '对李娜的授权已经收回' });
  });

  it('lets the administrator revoke, and not the delegate or a stranger', () => {
    const byDelegate = failure(app.call(li, 'delegations.revoke', { id }));
    expect(byDelegate.code).toBe('forbidden');
    expect(byDelegate.message).toContain('不能收回授权');
    const zhao = app.login('zhao');
    expect(failure(app.call(zhao, 'delegations.revoke', { id })).code).toBe('not_found');
    expect(failure(app.call(wang, 'delegations.revoke', { id: 9999 })).message).toBe('授权不存在，或您无权查看');
    expect(app.count('SELECT count(*) FROM delegation WHERE revoked_at IS NOT NULL')).toBe(0);
    expect(app.ok(admin, 'delegations.revoke', { id }).revokedByName).toBe('张经理');
  });

  it('shows the delegate the list, but nothing to manage', () => {
    const list = app.ok(li, 'delegations.list', { customerId: zte });
    expect(list.canDelegate).toBe(false);
    expect(list.rows.map((r) => [r.toName, r.state, r.canRevoke])).toEqual([['李娜', 'active', false]]);
  });
});

describe('expiry', () => {
  beforeEach(() => {
    app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId, endOn: dayOffset(0) });
  });
  const expiryLogs = () => app.logsOf(zte).filter((l) => l.startsWith('授权已到期'));

  it('holds through the end day, then expires by itself, logged once by the sweep of the host, never by a read', () => {
    expect(seenBy(li)).toEqual(['深圳市中兴通讯股份有限公司']);
    nextDay();
    expect(expiryLogs()).toEqual([]);
    expect(seenBy(li)).toEqual([]);
    expect(expiryLogs()).toEqual([]);
    expect(app.sweep()).toEqual([zte]);
    expect(expiryLogs()).toEqual([`授权已到期：李娜（结束日期 ${dayOffset(-1)}）`]);
    expect(app.sweep()).toEqual([]);
    // A system line: no 记录人.
    expect(app.db.prepare(`SELECT author_id FROM record WHERE content LIKE '授权已到期%'`).pluck().get()).toBeNull();
    seenBy(li);
    expect(app.call(li, 'customers.get', { id: zte }).ok).toBe(false);
    app.ok(wang, 'delegations.list', { customerId: zte });
    expect(expiryLogs()).toHaveLength(1);
    const [row] = app.ok(wang, 'delegations.list', { customerId: zte }).rows;
    expect(row).toMatchObject({ state: 'expired', canRevoke: false });
    expect(failure(app.call(wang, 'delegations.revoke', { id: row.id })).message).toBe('对李娜的授权已过期，无需收回');
  });

  it('shows as expired in tab 8 before and after the sweep, and is logged once', () => {
    nextDay(3);
    expect(app.ok(wang, 'delegations.list', { customerId: zte }).rows[0].state).toBe('expired');
    expect(expiryLogs()).toHaveLength(0);
    app.sweep();
    app.sweep();
    expect(expiryLogs()).toHaveLength(1);
    seenBy(li);
    expect(expiryLogs()).toHaveLength(1);
  });

  it('is not logged for a revoked delegation', () => {
    const [row] = app.ok(wang, 'delegations.list', { customerId: zte }).rows;
    app.ok(wang, 'delegations.revoke', { id: row.id });
    nextDay();
    seenBy(li);
    app.sweep();
    app.ok(wang, 'delegations.list', { customerId: zte });
    expect(expiryLogs()).toEqual([]);
  });

  it('allows a new delegation to the same person once the old one expired', () => {
    nextDay();
    expect(app.ok(wang, 'delegations.grant', { customerIds: [zte], toId: liId }).count).toBe(1);
    expect(seenBy(li)).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(app.ok(wang, 'delegations.list', { customerId: zte }).rows.map((r) => r.state)).toEqual([
      'active',
      'expired',
    ]);
  });
});
