/**
 * '3 个客户将在 7 天内退回公海' (工作台, the login line): the user's customers — a salesperson's
 * own, a 销售经理's team's, the whole office's for an administrator — whose 客户状态 has a rule
 * and whose clock (0016's coalesce(followed_at, created_at)) runs out within the warning window,
 * those already due and not yet swept included. One range of customer_pool_warn per member and
 * status (of customer_pool_due for an administrator): never a scan.
 */
import type { PoolWarning } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { ownedSql, visibilityParams } from '../visibility.js';
import { readPoolRules } from './rules.js';

const DAY_MS = 86_400_000;

export function poolWarning(ctx: Ctx): PoolWarning {
  const rules = readPoolRules(ctx);
  const days = rules.warnDays;
  if (!days) return { count: 0, days };
  const now = ctx.clock.now().getTime();
  let count = 0;
  const owned = ctx.user.role === 'admin' ? '1 = 1' : ownedSql(ctx, 'owner_id');
  for (const rule of rules.statusDays) {
    if (rule.days === null) continue;
    const limit = new Date(now - (rule.days - days) * DAY_MS).toISOString();
    count += Number(
      ctx.db
        .prepare<Record<string, unknown>, number>(
          `SELECT count(*) FROM customer
           WHERE ${owned} AND status_id = @status AND coalesce(followed_at, created_at) < @limit
             AND deleted_at IS NULL AND pool_since IS NULL`,
        )
        .pluck()
        .get({ ...visibilityParams(ctx), status: rule.statusId, limit }) ?? 0,
    );
  }
  return { count, days };
}
