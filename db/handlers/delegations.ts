import { followupMinute, type Delegation, type DelegationState } from '../../core/contract.js';
import { nowIso, today, type Ctx } from '../context.js';
import { AppError, badField, forbidden, notFound } from '../errors.js';
import { writeLog } from '../oplog.js';
import { remindNow } from '../reminders/sync.js';
import type { HandlersOf } from '../router.js';
import { accessCustomer, ownsAsTeam, type CustomerAccess } from '../visibility.js';

/**
 * When a customer changes owner (转移客户, or an administrator editing 业务员), the old owner's
 * delegations were their arrangement: every open one ends now, each with its 操作日志 line.
 */
export function revokeOnOwnerChange(ctx: Ctx, customerId: number, newOwnerName: string): void {
  const open = ctx.db
    .prepare<[number, string], { id: number; to_id: number; to_name: string }>(
      `SELECT d.id, d.to_id, t.name AS to_name FROM delegation d JOIN staff t ON t.id = d.to_id
       WHERE d.customer_id = ? AND d.revoked_at IS NULL AND (d.end_on IS NULL OR d.end_on >= ?)`,
    )
    .all(customerId, today(ctx));
  const revoke = ctx.db.prepare('UPDATE delegation SET revoked_at = ?, revoked_by = ? WHERE id = ?');
  // The system (the 公海's daily sweep) has no user: no 收回人 / 记录人.
  const by = ctx.user?.id ?? null;
  for (const d of open) {
    revoke.run(nowIso(ctx), by, d.id);
    writeLog(ctx, customerId, `收回授权：${d.to_name}（客户已转移给${newOwnerName}）`, { bySystem: by === null });
    remindNow(
      ctx,
      'delegation',
      d.to_id,
      customerId,
      d.id,
      `${customerName(ctx, customerId)}的授权已收回（客户已转移给${newOwnerName}）`,
    );
  }
}

const customerName = (ctx: Ctx, id: number) =>
  `客户“${ctx.db.prepare<[number], string>('SELECT name FROM customer WHERE id = ?').pluck().get(id) ?? ''}”`;

interface DelegationDbRow {
  id: number;
  customer_id: number;
  from_id: number;
  from_name: string;
  to_id: number;
  to_name: string;
  start_on: string;
  end_on: string | null;
  granted_by_name: string;
  granted_at: string;
  revoked_at: string | null;
  revoked_by_name: string | null;
}

const SELECT_DELEGATION = `SELECT d.id, d.customer_id, d.from_id, f.name AS from_name, d.to_id, t.name AS to_name,
    d.start_on, d.end_on, g.name AS granted_by_name, d.granted_at, d.revoked_at, r.name AS revoked_by_name
  FROM delegation d
  JOIN staff f ON f.id = d.from_id
  JOIN staff t ON t.id = d.to_id
  JOIN staff g ON g.id = d.granted_by
  LEFT JOIN staff r ON r.id = d.revoked_by`;

/** 已收回 wins over 已过期; 未开始 before its 开始日期; 生效中 otherwise (the end day included). */
function stateOf(
  r: { revoked_at: string | null; start_on: string; end_on: string | null },
  day: string,
): DelegationState {
  if (r.revoked_at) return 'revoked';
  if (r.end_on !== null && r.end_on < day) return 'expired';
  if (r.start_on > day) return 'pending';
  return 'active';
}

function toDelegation(r: DelegationDbRow, day: string, mayManage: boolean): Delegation {
  const state = stateOf(r, day);
  return {
    id: r.id,
    customerId: r.customer_id,
    fromId: r.from_id,
    fromName: r.from_name,
    toId: r.to_id,
    toName: r.to_name,
    startOn: r.start_on,
    endOn: r.end_on,
    state,
    grantedByName: r.granted_by_name,
    grantedAt: r.granted_at,
    revokedAt: r.revoked_at,
    revokedByName: r.revoked_by_name,
    canRevoke: mayManage && (state === 'active' || state === 'pending'),
  };
}

/** Owners and administrators delegate and revoke; a delegate only follows the customer up. */
function assertMayManage(access: CustomerAccess, what: string) {
  if (access.delegated) throw forbidden(`客户“${access.name}”是授权给您代管的，不能${what}`);
}

/** The delegate: an active salesperson who can log in. */
function delegateName(ctx: Ctx, toId: number): string {
  const row = ctx.db
    .prepare<[number], { name: string; role: string; active: number; login: string | null }>(
      'SELECT name, role, active, login FROM staff WHERE id = ?',
    )
    .get(toId);
  if (!row) throw badField('toId', '授权给', '不存在');
  if (!row.active) throw badField('toId', '授权给', `${row.name}已停用`);
  if (row.role !== 'sales') throw badField('toId', '授权给', `${row.name}不是业务员`);
  if (!row.login) throw badField('toId', '授权给', `${row.name}没有登录账号，无法代为跟踪`);
  return row.name;
}

const period = (startOn: string, endOn: string | null) =>
  `开始日期 ${startOn}，${endOn ? `结束日期 ${endOn}` : '不设结束日期'}`;

export const delegationsHandlers: HandlersOf<'delegations'> = {
  'delegations.list': (ctx, input) => {
    const access = accessCustomer(ctx, input.customerId, { read: true });
    const day = today(ctx);
    const rows = ctx.db
      .prepare<[number], DelegationDbRow>(
        `${SELECT_DELEGATION} WHERE d.customer_id = ? ORDER BY d.granted_at DESC, d.id DESC`,
      )
      .all(access.id)
      .map((r) => toDelegation(r, day, !access.delegated));
    return {
      customer: { id: access.id, name: access.name, ownerId: access.ownerId },
      rows,
      canDelegate: !access.delegated,
    };
  },

  'delegations.grant': (ctx, input) => {
    const day = today(ctx);
    const startOn = input.startOn ?? day;
    const endOn = input.endOn;
    if (startOn < day) throw badField('startOn', '开始日期', '不能早于今天');
    if (endOn !== null && endOn < startOn) throw badField('endOn', '结束日期', '不能早于开始日期');
    const toName = delegateName(ctx, input.toId);
    const customers = [...new Set(input.customerIds)].map((id) => accessCustomer(ctx, id));
    if (ctx.user.role === 'manager' && !ownsAsTeam(ctx, input.toId)) {
      throw badField('toId', '授权给', `${toName}不在您的部门：销售经理只能授权给本部门的人员`);
    }
    const open = ctx.db.prepare(
      `SELECT 1 FROM delegation WHERE customer_id = ? AND to_id = ? AND revoked_at IS NULL
         AND (end_on IS NULL OR end_on >= ?)`,
    );
    for (const c of customers) {
      assertMayManage(c, '再授权给其他业务员');
      if (c.ownerId === input.toId) throw badField('toId', '授权给', `${toName}就是客户“${c.name}”的业务员`);
      if (open.get(c.id, input.toId, day)) {
        throw new AppError('conflict', `客户“${c.name}”已授权给${toName}，请先收回原授权`);
      }
    }
    const at = nowIso(ctx);
    const insert = ctx.db.prepare(
      `INSERT INTO delegation (customer_id, from_id, to_id, start_on, end_on, granted_by, granted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const c of customers) {
      const made = insert.run(c.id, c.ownerId, input.toId, startOn, endOn, ctx.user.id, at);
      writeLog(ctx, c.id, `授权给${toName}：${period(startOn, endOn)}`);
      remindNow(
        ctx,
        'delegation',
        input.toId,
        c.id,
        Number(made.lastInsertRowid),
        `${ctx.user.name}把客户“${c.name}”授权给您：${period(startOn, endOn)}`,
        // A delegation that starts later rings on its 开始日期, when the customer becomes visible.
        startOn > day ? followupMinute(startOn, null) : undefined,
      );
    }
    return { count: customers.length };
  },

  'delegations.revoke': (ctx, input) => {
    const found = ctx.db
      .prepare<[number], { customer_id: number }>('SELECT customer_id FROM delegation WHERE id = ?')
      .get(input.id);
    if (!found) throw notFound('授权');
    const access = accessCustomer(ctx, found.customer_id);
    assertMayManage(access, '收回授权');
    const day = today(ctx);
    const load = () => ctx.db.prepare<[number], DelegationDbRow>(`${SELECT_DELEGATION} WHERE d.id = ?`).get(input.id);
    const before = load() as DelegationDbRow;
    const state = stateOf(before, day);
    if (state === 'revoked') throw new AppError('conflict', `对${before.to_name}的授权已经收回`);
    if (state === 'expired') throw new AppError('conflict', `对${before.to_name}的授权已过期，无需收回`);
    ctx.db
      .prepare('UPDATE delegation SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
      .run(nowIso(ctx), ctx.user.id, before.id);
    writeLog(ctx, access.id, `收回授权：${before.to_name}（${period(before.start_on, before.end_on)}）`);
    remindNow(
      ctx,
      'delegation',
      before.to_id,
      access.id,
      before.id,
      `客户“${access.name}”的授权已由${ctx.user.name}收回（${period(before.start_on, before.end_on)}）`,
    );
    return toDelegation(load() as DelegationDbRow, day, true);
  },
};
