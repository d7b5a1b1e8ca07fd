import { SYNC_METHODS, syncReminders } from './reminders/sync.js';
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
} from '../core/contract.js';
import { forbiddenMessage, type Method } from '../core/contract/common.js';
import { noEffects, systemClock, type Clock, type Connection, type Ctx, type Effects } from './context.js';
import { AppError } from './errors.js';
import { handlers } from './handlers/index.js';
import { dialectOf } from './engine/dialect.js';
import type { DB } from './open.js';
import { PasswordWork } from './password.js';

export type Handler<N extends MethodName> = (ctx: Ctx, input: Parsed<N>) => Output<N>;
/** Methods answered by the database router (host methods are answered by the office server). */
export type RouterMethod = { [N in MethodName]: Contract[N] extends { host: true } ? never : N }[MethodName];
export type Handlers = { [N in RouterMethod]: Handler<N> };
/** The handlers of one area, e.g. HandlersOf<'customers'> for every 'customers.*' method. */
export type HandlersOf<Area extends string> = {
  [N in RouterMethod as N extends `${Area}.${string}` ? N : never]: Handler<N>;
};

/** Methods a user who must first choose a new password may still call. */
const allowedBeforePasswordChange = new Set<string>(['auth.state', 'auth.logout', 'auth.changePassword']);

function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export function isHostMethod(name: unknown): boolean {
  return isMethodName(name) && !!(contract[name] as { host?: boolean }).host;
}

/** A call's answer and what it changed. */
export interface Outcome {
  result: Result<unknown>;
  /** Customers the call touched (each one it wrote an 操作日志 line on). */
  customerIds: number[];
}

/**
 * Slow, pure work a call needs, done before its transaction and off the data host's thread:
 * scrypt for every password the input carries (hashes of new passwords, checks of given ones).
 */
async function preparePasswords(
  db: DB,
  name: MethodName,
  input: unknown,
  user: SessionUser | null,
): Promise<PasswordWork> {
  const work = new PasswordWork();
  const i = (input ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof i[key] === 'string' && i[key] !== '' ? (i[key] as string) : null);
  const storedOf = (sql: string, key: unknown) =>
    (db.prepare<[unknown], { h: string | null }>(sql).get(key)?.h ?? null) as string | null;
  if (name === 'auth.login' && text('password')) {
    const stored = storedOf('SELECT password_hash AS h FROM staff WHERE login = ?', i.login);
    await work.prepareVerify(text('password')!, stored);
    await work.prepareHash(text('password')!); // for a rehash with today's parameters
  } else if (name === 'auth.changePassword' && user && text('oldPassword')) {
    await work.prepareVerify(
      text('oldPassword')!,
      storedOf('SELECT password_hash AS h FROM staff WHERE id = ?', user.id),
    );
  }
  if (name !== 'auth.login') {
    for (const key of ['password', 'newPassword']) if (text(key)) await work.prepareHash(text(key)!);
  }
  return work;
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
  /** Runs one call now, on this thread (tests, tools); scrypt, if any, runs here too. */
  dispatch(conn: Connection, name: unknown, input: unknown, effects?: Effects): Result<unknown>;
  /** Runs one call with its slow pure work (scrypt) first on the thread pool; the data host uses this. */
  call(conn: Connection, name: unknown, input: unknown): Promise<Outcome>;
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

  type Checked =
    { ok: true; name: RouterMethod; input: unknown; user: SessionUser | null } | { ok: false; result: Result<unknown> };

  /** The method exists, the session may call it, the input is valid. */
  function check(conn: Connection, name: unknown, raw: unknown): Checked {
    const refuse = (error: AppErrorShape): Checked => ({ ok: false, result: { ok: false, error } });
    if (!isMethodName(name) || isHostMethod(name)) {
      return refuse({ code: 'unknown_method', message: `未知的操作：${String(name).slice(0, 100)}` });
    }
    const method: Method = contract[name];
    const user = refreshSession(conn);
    if (!method.public) {
      if (!user) return refuse({ code: 'unauthenticated', message: '请先登录' });
      if (user.mustChangePassword && !allowedBeforePasswordChange.has(name)) {
        return refuse({ code: 'password_change_required', message: '请先修改初始密码' });
      }
      if (method.role && user.role !== method.role) {
        return refuse({ code: 'forbidden', message: forbiddenMessage(method, raw) });
      }
    }
    const parsed = (method.input as z.ZodType).safeParse(raw);
    if (!parsed.success) return refuse(validationError(parsed.error, method.labels));
    return { ok: true, name: name as RouterMethod, input: parsed.data, user };
  }

  const readTransaction = <T>(d: DB, fn: () => T): T => dialectOf(d).readTransaction(d, fn);

  function run(conn: Connection, checked: Extract<Checked, { ok: true }>, passwords: PasswordWork, effects: Effects) {
    const { name } = checked;
    const method = contract[name];
    const handler = handlers[name] as (ctx: Ctx, input: unknown) => unknown;
    const ctx: Ctx = { db, conn, clock, user: checked.user as SessionUser, passwords, effects };
    try {
      // A write (or a read that lives on the writer: sign-in notes the login) is one write
      // transaction; a read is one snapshot (on PostgreSQL without the office's write lock).
      // The reminders of the customers a write touched follow it, in the same transaction.
      const call = () => {
        const answer = handler(ctx, checked.input);
        if (SYNC_METHODS.has(name) && effects.customerIds.size) syncReminders(ctx, effects.customerIds);
        return answer;
      };
      const value = method.write || method.onWriter ? db.transaction(call)() : readTransaction(db, call);
      return { ok: true, value: value === undefined ? null : value } as Result<unknown>;
    } catch (err) {
      effects.customerIds.clear(); // rolled back: nothing was touched
      if (err instanceof AppError) return { ok: false, error: err.toShape() } as Result<unknown>;
      if (err instanceof ZodError) return { ok: false, error: validationError(err, method.labels) } as Result<unknown>;
      const known = sqliteMessage(err);
      if (known) return { ok: false, error: known } as Result<unknown>;
      console.error(`[router] ${name} failed:`, err);
      return {
        ok: false,
        error: { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` },
      } as Result<unknown>;
    }
  }

  function dispatch(conn: Connection, name: unknown, raw: unknown, effects: Effects = noEffects()): Result<unknown> {
    const checked = check(conn, name, raw);
    return checked.ok ? run(conn, checked, new PasswordWork(), effects) : checked.result;
  }

  async function call(conn: Connection, name: unknown, raw: unknown): Promise<Outcome> {
    const effects = noEffects();
    const checked = check(conn, name, raw);
    if (!checked.ok) return { result: checked.result, customerIds: [] };
    let passwords: PasswordWork;
    try {
      passwords = await preparePasswords(db, checked.name, checked.input, checked.user);
    } catch (err) {
      return {
        result: {
          ok: false,
          error: { code: 'internal', message: `内部错误：${(err as Error)?.message ?? String(err)}` },
        },
        customerIds: [],
      };
    }
    const result = run(conn, checked, passwords, effects);
    return { result, customerIds: [...effects.customerIds] };
  }

  return { dispatch, call, isWrite: (name) => isMethodName(name) && contract[name].write };
}
