import { ZodError, type z } from 'zod';
import {
  contract,
  type AppErrorShape,
  type Contract,
  type MethodName,
  type Output,
  type Parsed,
  type Result,
  type SessionUser,
} from './contract.js';
import { systemClock, type Clock, type Connection, type Ctx } from './context.js';
import { AppError } from './errors.js';
import { handlers } from './handlers/index.js';
import type { DB } from './open.js';

export type Handler<N extends MethodName> = (ctx: Ctx, input: Parsed<N>) => Output<N>;
export type Handlers = { [N in MethodName]: Handler<N> };
/** The handlers of one area, e.g. HandlersOf<'customers'> for every 'customers.*' method. */
export type HandlersOf<Area extends string> = {
  [N in MethodName as N extends `${Area}.${string}` ? N : never]: Handler<N>;
};

/** Methods a user who must first choose a new password may still call. */
const allowedBeforePasswordChange = new Set<string>(['auth.state', 'auth.logout', 'auth.changePassword']);

function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Turns zod issues into one message naming every field, and a field → message map. */
export function validationError(error: ZodError, labels: Record<string, string>): AppErrorShape {
  const fields: Record<string, string> = {};
  const parts: string[] = [];
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    const named = [...issue.path].reverse().find((p) => typeof p === 'string' && labels[p]);
    // An index names a row; a label 'created[]' names whose rows they are ('新增第 2 行').
    const where = issue.path.flatMap((p, i) =>
      typeof p === 'number' ? [`${labels[`${String(issue.path[i - 1])}[]`] ?? ''}第 ${p + 1} 行`] : [],
    );
    const label = named ? labels[named as string] : where.length ? '' : key || '输入';
    const text = `${[...where, label].filter(Boolean).join(' ')}：${issue.message}`;
    if (!fields[key || '_']) fields[key || '_'] = issue.message;
    parts.push(text);
  }
  return { code: 'bad_input', message: parts.join('；'), fields };
}

function sqliteMessage(err: unknown): AppErrorShape | null {
  if (!(err instanceof Error) || !('code' in err)) return null;
  const code = String((err as { code: unknown }).code);
  if (code === 'SQLITE_CONSTRAINT_TRIGGER') return { code: 'forbidden', message: err.message };
  if (code === 'SQLITE_BUSY') return { code: 'conflict', message: '数据库正忙，请稍后再试' };
  if (code.startsWith('SQLITE_CONSTRAINT')) return { code: 'bad_input', message: `数据不符合规则：${err.message}` };
  // The transaction was rolled back: say so, and what to do. (No ErrorCode of its own: 'internal'.)
  const unchanged = '这次操作没有写入，数据保持原样';
  if (code === 'SQLITE_FULL') {
    return { code: 'internal', message: `磁盘空间已满，${unchanged}：请清理磁盘空间后再试` };
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return {
      code: 'internal',
      message: `数据库文件是只读的（没有写入权限，或磁盘被设为只读），${unchanged}：请检查文件和文件夹的权限后再试`,
    };
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return {
      code: 'internal',
      message: `读写数据库文件时出错（磁盘故障或已拔出），${unchanged}：请检查磁盘后再试；反复出现时请从备份恢复`,
    };
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return { code: 'internal', message: `数据库文件已损坏，${unchanged}：请关闭程序，从备份恢复` };
  }
  return null;
}

export interface Router {
  dispatch(conn: Connection, name: unknown, input: unknown): Result<unknown>;
  /** Whether a method changes data (transports tell other windows to refresh). */
  isWrite(name: unknown): boolean;
}

/**
 * The single entry to the data core: checks the method exists, the session, the input (zod),
 * then runs the handler in one transaction — all of it is written, or none of it.
 */
export function createRouter(db: DB, clock: Clock = systemClock): Router {
  const loadSession = db.prepare<
    [number],
    { active: number } & Omit<SessionUser, 'mustChangePassword'> & { mcp: number }
  >(`SELECT id, name, login, role, active, must_change_password AS mcp FROM staff WHERE id = ?`);

  function refreshSession(conn: Connection): SessionUser | null {
    if (!conn.session) return null;
    const row = loadSession.get(conn.session.id);
    if (!row || !row.active || !row.login) {
      conn.session = null;
      return null;
    }
    conn.session = { id: row.id, name: row.name, login: row.login, role: row.role, mustChangePassword: !!row.mcp };
    return conn.session;
  }

  function dispatch(conn: Connection, name: unknown, raw: unknown): Result<unknown> {
    if (!isMethodName(name)) {
      return { ok: false, error: { code: 'unknown_method', message: `未知的操作：${String(name)}` } };
    }
    const method = contract[name] as Contract[MethodName] & { public?: boolean };
    const user = refreshSession(conn);
    if (!method.public) {
      if (!user) return { ok: false, error: { code: 'unauthenticated', message: '请先登录' } };
      if (user.mustChangePassword && !allowedBeforePasswordChange.has(name)) {
        return { ok: false, error: { code: 'forbidden', message: '请先修改初始密码' } };
      }
    }
    const parsed = (method.input as z.ZodType).safeParse(raw);
    if (!parsed.success) return { ok: false, error: validationError(parsed.error, method.labels) };
    const handler = handlers[name] as (ctx: Ctx, input: unknown) => unknown;
    const ctx: Ctx = { db, conn, clock, user: user as SessionUser };
    try {
      const value = db.transaction(() => handler(ctx, parsed.data))();
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toShape() };
      if (err instanceof ZodError) return { ok: false, error: validationError(err, method.labels) };
      const known = sqliteMessage(err);
      if (known) return { ok: false, error: known };
      console.error(`[router] ${name} failed:`, err);
      return { ok: false, error: { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` } };
    }
  }

  return { dispatch, isWrite: (name) => isMethodName(name) && contract[name].write };
}
