/**
 * 脱敏: who does not own a customer sees its 电话 and its contacts' 手机/电话 masked
 * ('138****5678') — a customer in the 公海 for everyone but an administrator, and the customers
 * of a 销售经理's team (not their own, not delegated to them) when the administrator chose so in
 * 公海规则. Masked in SQL, in the data core, so that the grid, the tabs, the exports and the prints
 * read the same masked value; the search index still holds the digits, so searching a number
 * finds the customer without showing them.
 */
import { isMaskedNumber } from '../../core/contract.js';
import { today, type Ctx } from '../context.js';
import { badField } from '../errors.js';
import { poolOwnerId } from './owner.js';
import { readPoolRules } from './rules.js';

/** The masked form of a number: its first 3 and last 4 characters kept when it has at least 8, else all hidden. */
export function maskPhone(value: string): string {
  if (value === '') return '';
  const chars = [...value];
  if (chars.length < 8) return '****';
  return `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}`;
}

/** maskPhone as SQL on both engines (length and substr count characters on both). */
export function maskPhoneSql(expr: string): string {
  return `(CASE WHEN ${expr} = '' THEN '' WHEN length(${expr}) < 8 THEN '****'
    ELSE substr(${expr}, 1, 3) || '****' || substr(${expr}, length(${expr}) - 3) END)`;
}

/**
 * SQL: whether the customer row `alias` (owner_id, id) has its numbers hidden from the user — the
 * same text for everyone, the rule in its parameters (maskParams), so a statement built once (an
 * export's columns) serves every user and both engines: a 公海 customer; for a 销售经理 with
 * 脱敏 on, every customer they see that is neither their own nor delegated to them (their
 * team's).
 */
export function maskedCond(alias = 'c'): string {
  return `(${alias}.owner_id = @mask_pool OR (@mask_others = 1 AND ${alias}.owner_id <> @mask_me
    AND ${alias}.id NOT IN (SELECT d.customer_id FROM delegation d WHERE d.to_id = @mask_me AND d.revoked_at IS NULL
      AND d.start_on <= @mask_today AND (d.end_on IS NULL OR d.end_on >= @mask_today))))`;
}

/** The parameters of maskedCond for the user (an administrator's mask nothing). */
export function maskParams(ctx: Ctx): Record<string, unknown> {
  const admin = ctx.user.role === 'admin';
  return {
    mask_pool: admin ? -1 : (poolOwnerId(ctx.db) ?? -1),
    mask_others: ctx.user.role === 'manager' && readPoolRules(ctx).maskForManagers ? 1 : 0,
    mask_me: ctx.user.id,
    mask_today: today(ctx),
  };
}

/** SQL: the number column `expr` of the customer row `alias`, masked when maskedCond holds. */
export function maskedNumberSql(expr: string, alias = 'c'): string {
  return `(CASE WHEN ${maskedCond(alias)} THEN ${maskPhoneSql(expr)} ELSE ${expr} END)`;
}

/** Whether a customer owned by `ownerId` has its numbers hidden from the user (maskedCond in JavaScript). */
export function isMasked(ctx: Ctx, ownerId: number, delegatedToMe = false): boolean {
  if (ctx.user.role === 'admin') return false;
  if (ownerId === poolOwnerId(ctx.db)) return true;
  return ctx.user.role === 'manager' && readPoolRules(ctx).maskForManagers && ownerId !== ctx.user.id && !delegatedToMe;
}

/**
 * Refuses a masked number ('138****5678') that would be stored: a form sends one back only for a
 * customer whose numbers it may not see, and the handler has put the stored number back first
 * when it came unchanged.
 */
export function refuseMaskedNumber(value: string, field: string, label: string): void {
  if (isMaskedNumber(value)) throw badField(field, label, '请填写完整的号码（带 **** 的是隐藏的号码）');
}
