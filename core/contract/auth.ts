import { z } from 'zod';
import { empty, read, requiredText, write, type Labels, type SessionUser } from './common.js';

const labels: Labels = {
  name: '姓名',
  login: '登录账号',
  password: '密码',
  confirm: '确认密码',
  oldPassword: '原密码',
  newPassword: '新密码',
};

const password = z.string({ error: '必须是文字' }).min(6, '至少 6 位').max(128, '不能超过 128 位');

export interface AuthState {
  /** No staff exists yet: the first run asks for the administrator. */
  needsSetup: boolean;
  user: SessionUser | null;
}

export const authContract = {
  'auth.state': read<AuthState>()(empty, labels, { public: true, onWriter: true }),
  'auth.setup': write<SessionUser>()(
    z
      .strictObject({
        name: requiredText(50),
        login: requiredText(50),
        password,
        confirm: z.string({ error: '必须是文字' }),
      })
      .refine((v) => v.password === v.confirm, { message: '两次输入的密码不一致', path: ['confirm'] }),
    labels,
    { public: true },
  ),
  // A write: it upgrades an old password hash to today's scrypt parameters. It changes nothing
  // another window shows (no areas in areas.ts), so no 'changed' event goes out.
  'auth.login': write<SessionUser>()(
    z.strictObject({ login: requiredText(50), password: z.string().min(1, '不能为空') }),
    labels,
    { public: true },
  ),
  // Logging out changes this window's session, not the data.
  'auth.logout': read<null>()(empty, labels, { onWriter: true }),
  'auth.changePassword': write<SessionUser>()(
    z
      .strictObject({
        oldPassword: z.string().min(1, '不能为空'),
        newPassword: password,
        confirm: z.string(),
      })
      .refine((v) => v.newPassword === v.confirm, { message: '两次输入的密码不一致', path: ['confirm'] }),
    labels,
  ),
};
