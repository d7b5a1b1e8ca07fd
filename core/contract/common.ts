import { z } from 'zod';
import { dateProblem, foldInput, normalizeDate } from '../input.js';

// Zod's own messages in Chinese for anything a schema does not word itself.
z.config(z.locales.zhCN());

/** Field key → the label a user sees; used to name the field in every validation error. */
export type Labels = Record<string, string>;

/** A contract entry: its input schema, its output type (phantom), field labels, and whether it writes. */
export interface Method<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  labels: Labels;
  write: boolean;
  /** Callable without a session (first run and login only). */
  public?: boolean;
  /** Only this role may call it; the router (or the host, for host methods) refuses others. */
  role?: Role;
  /**
   * What a refused caller was trying to do, for the message '只有管理员可以…' (e.g. '新增供应商'); a
   * function of the raw input where the wording depends on it (停用 / 启用). Must accept anything.
   */
  action?: Action;
  /** Answered by the server hosting the data (office mode), not by the database router. */
  host?: boolean;
  /**
   * A read that runs on the data host's writer thread all the same, because what it reads lives
   * there: the sign-in state of a connection, and the export and import jobs.
   */
  onWriter?: boolean;
  readonly __output?: O;
}

export type Action = string | ((raw: unknown) => string);

/** Who may call a method, declared beside it: `{ admin: '新增供应商' }` = administrators only. */
export interface Policy {
  admin?: Action;
  /** Callable before logging in (first run, login). */
  public?: true;
  /** See Method.onWriter. */
  onWriter?: true;
}

function method<I extends z.ZodType, O>(input: I, labels: Labels, write: boolean, policy: Policy): Method<I, O> {
  const m: Method<I, O> = { input, labels, write };
  if (policy.admin !== undefined) {
    m.role = 'admin';
    m.action = policy.admin;
  }
  if (policy.public) m.public = true;
  if (policy.onWriter) m.onWriter = true;
  return m;
}

/** A method that only reads (it runs on a read-only connection in the data host). */
export function read<O>() {
  return <I extends z.ZodType>(input: I, labels: Labels = {}, policy: Policy = {}) =>
    method<I, O>(input, labels, false, policy);
}

/** A method that writes: one transaction, its 操作日志, change events to the windows that show it. */
export function write<O>() {
  return <I extends z.ZodType>(input: I, labels: Labels = {}, policy: Policy = {}) =>
    method<I, O>(input, labels, true, policy);
}

/** For an Action that depends on a boolean field of the input: `byFlag('active', '启用人员', '停用人员')`. */
export function byFlag(key: string, whenTrue: string, whenFalse: string): (raw: unknown) => string {
  return (raw) =>
    typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)[key] === true ? whenTrue : whenFalse;
}

/** The refusal for a caller without the role a method declares. */
export function forbiddenMessage(m: Pick<Method, 'action'>, raw: unknown): string {
  let action = '进行此操作';
  try {
    const a = typeof m.action === 'function' ? m.action(raw) : m.action;
    if (a) action = a;
  } catch {
    // a hostile input cannot break the refusal
  }
  return `只有管理员可以${action}`;
}

export const empty = z.strictObject({}).optional();

/**
 * A lone UTF-16 surrogate ('A\ud800B': half of an emoji, cut by a bad paste or a broken client)
 * cannot be stored as UTF-8: SQLite would keep invalid bytes. With the u flag, \p{Cs} matches
 * only unpaired surrogates (a pair is one code point).
 */
const loneSurrogate = /\p{Cs}/u;
const wellFormed = (s: string) => !loneSurrogate.test(s);
const BROKEN_CHARACTER = '含有无法保存的残缺字符（不成对的 Unicode 代理项），请删除后重新输入';

/** Required text: trimmed, not empty, bounded, well-formed Unicode. */
export const requiredText = (max = 200) =>
  z
    .string({ error: '必须是文字' })
    .trim()
    .min(1, '不能为空')
    .max(max, `不能超过 ${max} 个字`)
    .refine(wellFormed, BROKEN_CHARACTER);

/** Optional text: trimmed, may be empty, missing means '', well-formed Unicode. */
export const optionalText = (max = 500) =>
  z
    .string({ error: '必须是文字' })
    .trim()
    .max(max, `不能超过 ${max} 个字`)
    .refine(wellFormed, BROKEN_CHARACTER)
    .default('');

export const id = z.number({ error: '必须是编号' }).int('必须是整数编号').positive('必须是编号');

/**
 * A calendar date 'YYYY-MM-DD' that exists. What people type is folded first (core/input.ts:
 * '２０２６年３月１日', '2026/3/1' → '2026-03-01'), as the renderer's date fields fold it; an
 * impossible day is named ('2026-02-30 不存在：2026 年 2 月只有 28 天').
 */
export const date = z
  .string({ error: '必须是日期' })
  .overwrite(normalizeDate)
  .superRefine((s, ctx) => {
    const problem = dateProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
  });

/**
 * 'YYYY-MM-DD' one year later (服务截止期限 after a 年服务费 payment, or after 购买日期 by
 * default); 29 February becomes 28 February; the last representable day stays put.
 */
export function addOneYear(day: string): string {
  date.parse(day);
  const [y, m, d] = day.split('-').map(Number);
  if (y >= 9999) return '9999-12-31';
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${String(y + 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const optionalDate = z
  .union([date, z.literal('').transform(() => null), z.null()])
  .optional()
  .transform((v) => v ?? null);

/** Money in integer cents (分), never negative. */
export const cents = z
  .number({ error: '必须是金额' })
  .int('金额必须精确到分')
  .min(0, '不能为负数')
  .max(1e13, '金额过大');

/**
 * Optional text of numbers and codes (电话, 手机, 编号, 邮编…): full-width digits, letters and
 * punctuation folded to half-width first (core/input.ts), as the renderer folds them.
 */
export const foldedText = (max = 500) =>
  z
    .string({ error: '必须是文字' })
    .overwrite(foldInput)
    .trim()
    .max(max, `不能超过 ${max} 个字`)
    .refine(wellFormed, BROKEN_CHARACTER)
    .default('');

/**
 * A number as 脱敏 shows it ('138****5678', '****'): a form of a masked customer sends it back
 * unchanged, and the data core then keeps the stored number — it never stores one (db/pool/mask.ts).
 */
export const isMaskedNumber = (s: string) => /^[^*]{0,3}\*{4}[^*]{0,4}$/.test(s);

export const phone = foldedText(40).refine(
  // Digits with the usual separators: +86 755-2677 0000, (0755)26770000, 0755-26770000转8001.
  (s) =>
    s === '' || isMaskedNumber(s) || (/^[+\d(（][\d\s\-()（）转#,，]*$/.test(s) && /\d{3}/.test(s.replace(/\D/g, ''))),
  '电话号码格式不正确',
);

export const email = foldedText(120).refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), '邮箱格式不正确');

export const version = z.number({ error: '缺少版本号' }).int().min(1);

export const pageWindow = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000, '每次最多取 1000 行').default(100),
};

/** 管理员 / 销售经理 (sees their 部门's customers) / 业务员. */
export type Role = 'admin' | 'manager' | 'sales';

export interface SessionUser {
  id: number;
  name: string;
  login: string;
  role: Role;
  mustChangePassword: boolean;
}

export interface Page<T> {
  rows: T[];
  /** Total matching rows, or null when not asked for (only the first block asks). */
  total: number | null;
}

type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Merges the per-area maps of the contract or of the handlers into one, refusing at start a name
 * defined twice (a spread would let the later one silently replace the earlier).
 */
export function mergeAreas<T extends object[]>(...areas: T): Intersect<T[number]> {
  const merged: Record<string, unknown> = {};
  for (const area of areas) {
    for (const [name, value] of Object.entries(area)) {
      if (Object.prototype.hasOwnProperty.call(merged, name)) throw new Error(`方法名重复：${name}`);
      merged[name] = value;
    }
  }
  return merged as Intersect<T[number]>;
}
