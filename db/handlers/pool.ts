import type { PoolRules } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { AppError, badField, forbidden } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, ownsAsTeam, type CustomerAccess } from '../visibility.js';
import { checkCap, checkDailyLimit, checkReclaimWait } from '../pool/limits.js';
import { moveFromPool, moveToPool } from '../pool/moves.js';
import { readPoolRules, writePoolRules } from '../pool/rules.js';
import { resetSweepDay } from '../pool/sweep.js';
import { poolWarning } from '../pool/warning.js';

const nameOfStaff = (ctx: Ctx, id: number) =>
  ctx.db.prepare<[number], string>('SELECT name FROM staff WHERE id = ?').pluck().get(id) ?? String(id);

/** The 公海 customers of a 领取 or 分配, each checked to be there (one transaction: all or none). */
function poolCustomers(ctx: Ctx, ids: number[]) {
  return [...new Set(ids)].map((id) => {
    const c = accessCustomer(ctx, id, { read: true });
    if (!c.pool) throw new AppError('conflict', `客户“${c.name}”不在公海中`);
    const row = ctx.db
      .prepare<[number], { pooled_from: number | null; pool_since: string | null }>(
        'SELECT pooled_from, pool_since FROM customer WHERE id = ?',
      )
      .get(id)!;
    return { ...c, pooledFrom: row.pooled_from, poolSince: row.pool_since };
  });
}

/** A member of staff who may hold customers: active, not the pool row. */
function assignee(ctx: Ctx, ownerId: number): string {
  const row = ctx.db
    .prepare<[number], { name: string; active: number; pool: number }>(
      'SELECT name, active, pool FROM staff WHERE id = ?',
    )
    .get(ownerId);
  if (!row || !row.active || row.pool) throw badField('ownerId', '业务员', '不存在或已停用');
  return row.name;
}

export const poolHandlers: HandlersOf<'pool'> = {
  'pool.rules': (ctx): PoolRules => readPoolRules(ctx),

  'pool.saveRules': (ctx, input) => {
    for (const r of input.statusDays) {
      if (!ctx.db.prepare('SELECT 1 FROM customer_status WHERE id = ?').get(r.statusId)) {
        throw badField('statusDays', '客户状态', `编号 ${r.statusId} 的客户状态不存在`);
      }
    }
    writePoolRules(ctx, input);
    // Rules saved today apply at the host's next sweep tick, not only tomorrow.
    resetSweepDay(ctx);
    return readPoolRules(ctx);
  },

  'pool.warning': (ctx) => poolWarning(ctx),

  'pool.release': (ctx, input) => {
    const targets: CustomerAccess[] = [...new Set(input.ids)].map((id) => {
      const c = accessCustomer(ctx, id, { read: true });
      if (c.pool) throw new AppError('conflict', `客户“${c.name}”已在公海中`);
      // The owner, their 销售经理, an administrator — not a delegate.
      if (!ownsAsTeam(ctx, c.ownerId)) throw forbidden(`客户“${c.name}”是授权给您代管的，不能退回公海`);
      return c;
    });
    for (const c of targets) {
      const line = `退回公海：${ctx.user.name} 退回（原业务员 ${nameOfStaff(ctx, c.ownerId)}）`;
      if (!moveToPool(ctx, c, line)) throw new AppError('conflict', `客户“${c.name}”已被其他人修改，请刷新`);
    }
    return { count: targets.length };
  },

  'pool.claim': (ctx, input) => {
    const rules = readPoolRules(ctx);
    const targets = poolCustomers(ctx, input.ids);
    checkDailyLimit(ctx, rules, targets.length);
    checkCap(ctx, rules, ctx.user.id, ctx.user.name, targets.length);
    for (const c of targets) checkReclaimWait(ctx, rules, c);
    for (const c of targets) moveFromPool(ctx, c, ctx.user.id, `从公海领取：${ctx.user.name}`, true);
    return { count: targets.length };
  },

  'pool.assign': (ctx, input) => {
    if (ctx.user.role === 'sales') throw forbidden('只有管理员或销售经理可以分配公海客户');
    const name = assignee(ctx, input.ownerId);
    if (!ownsAsTeam(ctx, input.ownerId)) {
      throw badField('ownerId', '业务员', '销售经理只能分配给本部门的人员');
    }
    const rules = readPoolRules(ctx);
    const targets = poolCustomers(ctx, input.ids);
    checkCap(ctx, rules, input.ownerId, name, targets.length);
    for (const c of targets)
      moveFromPool(ctx, c, input.ownerId, `从公海分配给 ${name}（${ctx.user.name} 分配）`, false);
    return { count: targets.length };
  },
};
