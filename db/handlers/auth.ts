import type { Role, SessionUser } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { needsRehash } from '../password.js';
import type { HandlersOf } from '../router.js';

interface StaffLoginRow {
  id: number;
  name: string;
  login: string;
  role: Role;
  password_hash: string | null;
  must_change_password: number;
  active: number;
}

const toSession = (r: StaffLoginRow): SessionUser => ({
  id: r.id,
  name: r.name,
  login: r.login,
  role: r.role,
  mustChangePassword: !!r.must_change_password,
});

const hasStaff = (ctx: Ctx) => !!ctx.db.prepare('SELECT 1 FROM staff WHERE pool = 0 LIMIT 1').get();

const WRONG = '登录账号或密码不正确';

export const authHandlers: HandlersOf<'auth'> = {
  'auth.state': (ctx) => ({ needsSetup: !hasStaff(ctx), user: ctx.conn.session }),

  'auth.setup': (ctx, input) => {
    if (hasStaff(ctx)) throw new AppError('forbidden', '系统已有管理员，请直接登录');
    const at = nowIso(ctx);
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at)
         VALUES (?, ?, ?, 'admin', ?, ?)`,
      )
      .run(input.name, input.login, ctx.passwords.hash(input.password), at, at);
    const user: SessionUser = {
      id: Number(lastInsertRowid),
      name: input.name,
      login: input.login,
      role: 'admin',
      mustChangePassword: false,
    };
    ctx.conn.session = user;
    return user;
  },

  'auth.login': (ctx, input) => {
    const row = ctx.db
      .prepare<[string], StaffLoginRow>(
        `SELECT id, name, login, role, password_hash, must_change_password, active FROM staff WHERE login = ?`,
      )
      .get(input.login);
    const ok = ctx.passwords.verify(input.password, row?.password_hash ?? null);
    if (!row || !ok) throw new AppError('unauthenticated', WRONG);
    // Told only to someone who knows the password: the account exists but was disabled (停用).
    if (!row.active) throw new AppError('unauthenticated', '该账号已停用，请联系管理员');
    // A hash with older, weaker parameters is replaced now that the password is known.
    if (needsRehash(row.password_hash)) {
      ctx.db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?').run(ctx.passwords.hash(input.password), row.id);
    }
    ctx.conn.session = toSession(row);
    return ctx.conn.session;
  },

  'auth.logout': (ctx) => {
    ctx.conn.session = null;
    return null;
  },

  'auth.changePassword': (ctx, input) => {
    const row = ctx.db
      .prepare<[number], StaffLoginRow>(
        `SELECT id, name, login, role, password_hash, must_change_password, active FROM staff WHERE id = ?`,
      )
      .get(ctx.user.id);
    if (!row || !ctx.passwords.verify(input.oldPassword, row.password_hash)) {
      throw new AppError('bad_input', '原密码：不正确', { oldPassword: '不正确' });
    }
    if (input.newPassword === input.oldPassword) {
      throw new AppError('bad_input', '新密码：不能与原密码相同', { newPassword: '不能与原密码相同' });
    }
    ctx.db
      .prepare(
        `UPDATE staff SET password_hash = ?, must_change_password = 0, updated_at = ?, version = version + 1 WHERE id = ?`,
      )
      .run(ctx.passwords.hash(input.newPassword), nowIso(ctx), row.id);
    ctx.conn.session = { ...toSession(row), mustChangePassword: false };
    return ctx.conn.session;
  },
};
