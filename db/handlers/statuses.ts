import type { StatusNode } from '../../core/contract.js';
import type { Ctx } from '../context.js';
import { AppError, badField, notFound } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { visibleCountsByStatus } from '../visibility.js';
import { poolOwnerId } from '../pool/owner.js';
import { heldBy } from '../pool/limits.js';

/** The 公海's customers: the pool row's counters (0005, 0016). */
const poolCount = (ctx: Ctx) => {
  const pool = poolOwnerId(ctx.db);
  return pool === null ? 0 : heldBy(ctx, pool);
};

function loadStatus(ctx: Ctx, id: number) {
  const row = ctx.db
    .prepare<[number], { id: number; name: string; sort_order: number }>(
      'SELECT id, name, sort_order FROM customer_status WHERE id = ?',
    )
    .get(id);
  if (!row) throw notFound('客户状态');
  return row;
}

function assertNameFree(ctx: Ctx, name: string, exceptId = 0) {
  const clash = ctx.db.prepare('SELECT 1 FROM customer_status WHERE name = ? AND id <> ?').get(name, exceptId);
  if (clash) throw badField('name', '状态名称', `“${name}”已存在`);
}

function countOf(ctx: Ctx, id: number): number {
  return visibleCountsByStatus(ctx).get(id) ?? 0;
}

export const statusesHandlers: HandlersOf<'statuses'> = {
  'statuses.tree': (ctx) => {
    const counts = visibleCountsByStatus(ctx);
    const statuses: StatusNode[] = ctx.db
      .prepare<[], { id: number; name: string; sort_order: number }>(
        'SELECT id, name, sort_order FROM customer_status ORDER BY sort_order, id',
      )
      .all()
      .map((s) => ({ id: s.id, name: s.name, sortOrder: s.sort_order, count: counts.get(s.id) ?? 0 }));
    return { total: statuses.reduce((sum, s) => sum + s.count, 0), statuses, pool: poolCount(ctx) };
  },

  'statuses.create': (ctx, input) => {
    assertNameFree(ctx, input.name);
    const next = ctx.db
      .prepare<[], { n: number }>('SELECT coalesce(max(sort_order), 0) + 1 AS n FROM customer_status')
      .get();
    const { lastInsertRowid } = ctx.db
      .prepare('INSERT INTO customer_status (name, sort_order) VALUES (?, ?)')
      .run(input.name, next?.n ?? 1);
    return { id: Number(lastInsertRowid), name: input.name, sortOrder: next?.n ?? 1, count: 0 };
  },

  'statuses.rename': (ctx, input) => {
    const row = loadStatus(ctx, input.id);
    assertNameFree(ctx, input.name, row.id);
    ctx.db.prepare('UPDATE customer_status SET name = ? WHERE id = ?').run(input.name, row.id);
    return { id: row.id, name: input.name, sortOrder: row.sort_order, count: countOf(ctx, row.id) };
  },

  'statuses.delete': (ctx, input) => {
    const row = loadStatus(ctx, input.id);
    // Live and deleted customers alike, from the counters of 0005 (customer_count).
    const used = ctx.db
      .prepare<[number], { n: number }>('SELECT coalesce(sum(n), 0) AS n FROM customer_count WHERE status_id = ?')
      .get(row.id);
    if (used && used.n > 0) {
      throw new AppError('forbidden', `“${row.name}”下还有 ${used.n} 个客户（含已删除的），不能删除`);
    }
    const left = ctx.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM customer_status').get();
    if ((left?.n ?? 0) <= 1) throw new AppError('forbidden', '至少要保留一个客户状态');
    ctx.db.prepare('DELETE FROM customer_status WHERE id = ?').run(row.id);
    return null;
  },
};
