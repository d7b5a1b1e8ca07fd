/**
 * A customer going into the 公海 and out of it again — the one place that writes customer.owner_id
 * to or from the pool row (0016): 退回公海 (by hand and by the daily sweep), 领取, 分配给…. Each
 * move is a conditional UPDATE (the customer still has the owner it was read with), so two
 * people, or two office servers, never move the same customer twice; the caller's transaction
 * holds it with its 操作日志 line.
 */
import { nowIso, today, type Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { writeLog } from '../oplog.js';
import { revokeOnOwnerChange } from '../handlers/delegations.js';
import { ensurePoolOwner, POOL_OWNER_NAME } from './owner.js';

export interface Movable {
  id: number;
  name: string;
  ownerId: number;
}

/**
 * Moves a customer into the 公海 with the 操作日志 line `line` (the system's when ctx has no
 * user). Returns false when it had another owner by now (someone moved it first).
 */
export function moveToPool(ctx: Ctx, c: Movable, line: string): boolean {
  const pool = ensurePoolOwner(ctx);
  const at = nowIso(ctx);
  const res = ctx.db
    .prepare(
      `UPDATE customer SET owner_id = @pool, pooled_from = @from, pool_since = @at, followed_at = NULL,
         updated_at = @at, version = version + 1
       WHERE id = @id AND owner_id = @from AND deleted_at IS NULL`,
    )
    .run({ pool, from: c.ownerId, at, id: c.id });
  if (res.changes !== 1) return false;
  revokeOnOwnerChange(ctx, c.id, POOL_OWNER_NAME);
  writeLog(ctx, c.id, line, { bySystem: !ctx.user });
  return true;
}

/**
 * Moves a 公海 customer to `ownerId` (领取 or 分配): its clock of days without a 维护记录 starts
 * again now. Refused as a conflict when someone took it first.
 */
export function moveFromPool(ctx: Ctx, c: Movable, ownerId: number, line: string, claim: boolean): void {
  const at = nowIso(ctx);
  const res = ctx.db
    .prepare(
      `UPDATE customer SET owner_id = @owner, pooled_from = NULL, pool_since = NULL, followed_at = @at,
         updated_at = @at, version = version + 1
       WHERE id = @id AND owner_id = @pool AND deleted_at IS NULL`,
    )
    .run({ owner: ownerId, at, id: c.id, pool: c.ownerId });
  if (res.changes !== 1) throw new AppError('conflict', `客户“${c.name}”已被其他人领取或分配，请刷新`);
  if (claim) {
    ctx.db
      .prepare('INSERT INTO pool_claim (staff_id, customer_id, claimed_on, at) VALUES (?, ?, ?, ?)')
      .run(ownerId, c.id, today(ctx), at);
  }
  writeLog(ctx, c.id, line);
}
