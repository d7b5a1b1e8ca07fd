import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from './context.js';
import { createTestApp, newCustomer, type TestApp } from './testing.js';

let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(() => app.close());

describe('router', () => {
  it('refuses an unknown method by name', () => {
    const r = app.router.dispatch({ session: null }, 'customers.explode', {});
    expect(r).toEqual({ ok: false, error: { code: 'unknown_method', message: '未知的操作：customers.explode' } });
  });

  it('requires a session for everything but first run and login', () => {
    const r = app.router.dispatch({ session: null }, 'statuses.tree', undefined);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('unauthenticated');
    const state = app.router.dispatch({ session: null }, 'auth.state', undefined);
    expect(state).toEqual({ ok: true, value: { needsSetup: true, user: null } });
  });

  it('first run creates the administrator once and logs in', () => {
    const conn: Connection = { session: null };
    const r = app.router.dispatch(conn, 'auth.setup', {
      name: '张经理',
      login: 'admin',
      password: 'secret1',
      confirm: 'secret1',
    });
    expect(r.ok).toBe(true);
    expect(conn.session?.role).toBe('admin');
    const hash = app.db.prepare('SELECT password_hash FROM staff').pluck().get() as string;
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(hash).not.toContain('secret1');
    const again = app.router.dispatch({ session: null }, 'auth.setup', {
      name: 'x',
      login: 'y',
      password: 'secret1',
      confirm: 'secret1',
    });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('forbidden');
  });

  it('names each bad field and writes nothing', () => {
    const adminId = app.addStaff('管理员', 'admin', 'admin');
    const conn = app.login('admin');
    const r = app.router.dispatch(conn, 'customers.create', {
      ...newCustomer(adminId),
      name: '  ',
      createdOn: '2026-02-30',
      email: 'nope',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad_input');
    expect(r.error.message).toContain('客户名称：不能为空');
    expect(r.error.message).toContain('创建日期：2026-02-30 不存在：2026 年 2 月只有 28 天');
    expect(r.error.message).toContain('邮箱：邮箱格式不正确');
    expect(Object.keys(r.error.fields ?? {})).toEqual(expect.arrayContaining(['name', 'createdOn', 'email']));
    expect(app.db.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(0);
  });

  it('gives the same message for a wrong login and a wrong password', () => {
    app.addStaff('王伟', 'wang');
    const a = app.router.dispatch({ session: null }, 'auth.login', { login: 'wang', password: 'wrong-one' });
    const b = app.router.dispatch({ session: null }, 'auth.login', { login: 'nobody', password: 'secret1' });
    expect(a.ok || b.ok).toBe(false);
    if (!a.ok && !b.ok) expect(a.error.message).toBe(b.error.message);
  });

  it('rolls back the whole call when a handler fails half-way', () => {
    const adminId = app.addStaff('管理员', 'admin', 'admin');
    const conn = app.login('admin');
    const c = app.ok(conn, 'customers.create', newCustomer(adminId));
    // The second id does not exist: neither customer may be deleted.
    const r = app.call(conn, 'customers.delete', { ids: [c.id, 9999] });
    expect(r.ok).toBe(false);
    expect(app.db.prepare('SELECT deleted_at FROM customer WHERE id = ?').pluck().get(c.id)).toBeNull();
  });
});
