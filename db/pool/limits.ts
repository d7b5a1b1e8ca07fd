/**
 * The limits of 公海规则 on taking customers out of the pool, each refusal saying which rule and
 * by how much: the daily 领取 limit (pool_claim's day index), the cap on customers one salesperson
 * holds (the per-owner counters of 0005, never a count of customers) and the previous owner's
 * waiting time (customer.pooled_from / pool_since).
 */
import type { PoolRules } from '../../core/contract.js';
import { localDay } from '../../core/contract/dates.js';
import { today, type Ctx } from '../context.js';
import { forbidden } from '../errors.js';

const DAY_MS = 86_400_000;

/** The customers `ownerId` holds now (live ones), from the counters. */
export function heldBy(ctx: Ctx, ownerId: number): number {
  return Number(
    ctx.db
      .prepare<[number], number>('SELECT coalesce(sum(n), 0) FROM customer_count WHERE owner_id = ? AND deleted = 0')
      .pluck()
      .get(ownerId) ?? 0,
  );
}

/** Refuses when `ownerId` would hold more than the cap after taking `adding` more. */
export function checkCap(ctx: Ctx, rules: PoolRules, ownerId: number, ownerName: string, adding: number) {
  if (!rules.maxCustomers) return;
  const held = heldBy(ctx, ownerId);
  if (held + adding > rules.maxCustomers) {
    const who = ownerId === ctx.user.id ? '您' : ownerName;
    throw forbidden(
      `${who}名下已有 ${held} 个客户，每人最多持有 ${rules.maxCustomers} 个（公海规则），` +
        `${adding > 1 ? `不能再增加 ${adding} 个` : '不能再领取'}`,
    );
  }
}

/** Refuses when the user's 领取 today plus `adding` would pass the daily limit. */
export function checkDailyLimit(ctx: Ctx, rules: PoolRules, adding: number) {
  if (!rules.dailyClaimLimit) return;
  // One person's claims one at a time, on every server: the row lock lasts to the commit.
  ctx.db.prepare('UPDATE staff SET version = version WHERE id = ?').run(ctx.user.id);
  const done = Number(
    ctx.db
      .prepare<[number, string], number>('SELECT count(*) FROM pool_claim WHERE staff_id = ? AND claimed_on = ?')
      .pluck()
      .get(ctx.user.id, today(ctx)) ?? 0,
  );
  if (done + adding > rules.dailyClaimLimit) {
    throw forbidden(
      `今天已领取 ${done} 个客户，每人每天最多领取 ${rules.dailyClaimLimit} 个（公海规则）` +
        (rules.dailyClaimLimit > done ? `，今天还能领取 ${rules.dailyClaimLimit - done} 个` : '，请明天再领取'),
    );
  }
}

/** Refuses the previous owner of a customer within the waiting time after it went to the pool. */
export function checkReclaimWait(
  ctx: Ctx,
  rules: PoolRules,
  c: { name: string; pooledFrom: number | null; poolSince: string | null },
) {
  if (!rules.reclaimWaitDays || c.pooledFrom !== ctx.user.id || !c.poolSince) return;
  const from = new Date(new Date(c.poolSince).getTime() + rules.reclaimWaitDays * DAY_MS);
  if (ctx.clock.now() < from) {
    throw forbidden(
      `客户“${c.name}”是从您名下退回公海的（${localDay(new Date(c.poolSince))}），原业务员须等待 ` +
        `${rules.reclaimWaitDays} 天，${localDay(from)} 起才能再次领取`,
    );
  }
}
