import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../context.js';
import { createTestApp, type TestApp } from '../testing.js';

let app: TestApp;
let admin: Connection;
let wang: Connection;

beforeEach(() => {
  app = createTestApp();
  app.addStaff('张经理', 'admin', 'admin');
  app.addStaff('王伟', 'wang');
  admin = app.login('admin');
  wang = app.login('wang');
});
afterEach(() => app.close());

describe('公司信息 (settings)', () => {
  it('reads empty company details and a 30-day window before anyone sets them', () => {
    expect(app.ok(wang, 'settings.get')).toEqual({
      companyName: '',
      companyAddress: '',
      companyPhone: '',
      companyEmail: '',
      companyBank: '',
      companyAccount: '',
      feeWindowDays: 30,
      supportPhone: '',
      supportContact: '',
      supportWeb: '',
    });
  });

  it('the administrator sets them; everyone reads them', () => {
    const saved = app.ok(admin, 'settings.update', {
      companyName: '  深圳市科汇软件有限公司 ',
      companyPhone: '0755-88886666',
      feeWindowDays: 45,
    });
    expect(saved).toMatchObject({
      companyName: '深圳市科汇软件有限公司',
      companyPhone: '0755-88886666',
      feeWindowDays: 45,
    });
    expect(app.ok(wang, 'settings.get')).toEqual(saved);
    // A later save replaces every field (the dialog sends them all).
    app.ok(admin, 'settings.update', { companyName: '科汇' });
    expect(app.ok(wang, 'settings.get')).toMatchObject({ companyName: '科汇', companyPhone: '', feeWindowDays: 30 });
  });

  it('keeps the support contact shown in 帮助 › 售后服务', () => {
    app.ok(admin, 'settings.update', {
      supportPhone: '400-800-1234',
      supportContact: ' 刘工 ',
      supportWeb: 'https://kehu.example/support',
    });
    expect(app.ok(wang, 'settings.get')).toMatchObject({
      supportPhone: '400-800-1234',
      supportContact: '刘工',
      supportWeb: 'https://kehu.example/support',
    });
    app.ok(admin, 'settings.update', { supportWeb: 'help@kehu.example' });
    expect(app.ok(wang, 'settings.get')).toMatchObject({ supportWeb: 'help@kehu.example', supportPhone: '' });
  });

  it('a salesperson may not change them; bad input names the field and writes nothing', () => {
    const r = app.call(wang, 'settings.update', { companyName: '别人的公司' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'forbidden', message: '只有管理员可以修改公司信息' });
    for (const [input, message] of [
      [{ feeWindowDays: -1 }, /^年费提前提醒天数：不能为负数$/],
      [{ feeWindowDays: 1.5 }, /^年费提前提醒天数：必须是整数天$/],
      [{ companyPhone: 'abc' }, /^公司电话：电话号码格式不正确$/],
      [{ companyEmail: 'a@b' }, /^公司邮箱：邮箱格式不正确$/],
      [{ supportPhone: '找小王' }, /^售后服务电话：电话号码格式不正确$/],
      [{ supportWeb: 'javascript:alert(1)' }, /^售后服务邮箱\/网址：请填写邮箱/],
    ] as const) {
      const bad = app.call(admin, 'settings.update', input);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.message).toMatch(message);
    }
    expect(app.db.prepare('SELECT count(*) FROM setting').pluck().get()).toBe(0);
  });
});
