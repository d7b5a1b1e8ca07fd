/**
 * 交接 (core/contract/handover.ts): the preview, the move and the 交接单. Who may: db/handover/scope.ts;
 * what is counted: db/handover/preview.ts; how it moves: db/handover/move.ts.
 */
import type { HandoverCounts, HandoverHead, HandoverSheetRow } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { badField, notFound } from '../errors.js';
import { moveCustomers, revokeReceived } from '../handover/move.js';
import { handoverCounts } from '../handover/preview.js';
import { assertMayReadSheet, leaverFor, recipientsFor } from '../handover/scope.js';
import type { HandlersOf } from '../router.js';
import { assertKeepsAnAdmin } from './staff.js';

interface HandoverDbRow {
  id: number;
  from_id: number;
  from_name: string;
  by_id: number;
  by_name: string;
  at: string;
  mode: 'colleagues';
  to_ids: string;
  customers: number;
  summary: string;
}

function loadHead(ctx: Ctx, id: number): { head: HandoverHead; byId: number } {
  const row = ctx.db
    .prepare<[number], HandoverDbRow>(
      `SELECT h.*, f.name AS from_name, b.name AS by_name FROM handover h
       JOIN staff f ON f.id = h.from_id JOIN staff b ON b.id = h.by_id WHERE h.id = ?`,
    )
    .get(id);
  if (!row) throw notFound('交接单');
  const toIds = JSON.parse(row.to_ids) as number[];
  const perTarget = new Map(
    ctx.db
      .prepare<[number], { to_id: number; name: string; n: number }>(
        `SELECT hc.to_id, s.name, count(*) AS n FROM handover_customer hc JOIN staff s ON s.id = hc.to_id
         WHERE hc.handover_id = ? GROUP BY hc.to_id, s.name`,
      )
      .all(row.id)
      .map((r) => [Number(r.to_id), r]),
  );
  const names = ctx.db.prepare<[number], string>('SELECT name FROM staff WHERE id = ?').pluck();
  return {
    byId: row.by_id,
    head: {
      id: row.id,
      at: row.at,
      fromId: row.from_id,
      fromName: row.from_name,
      byName: row.by_name,
      mode: row.mode,
      to: toIds.map((id) => ({
        id,
        name: perTarget.get(id)?.name ?? names.get(id) ?? '',
        customers: Number(perTarget.get(id)?.n ?? 0),
      })),
      customers: Number(row.customers),
      counts: JSON.parse(row.summary) as HandoverCounts,
    },
  };
}

export const handoverHandlers: HandlersOf<'handover'> = {
  'handover.preview': (ctx, input) => {
    const leaver = leaverFor(ctx, input.fromId);
    return {
      staff: {
        id: leaver.id,
        name: leaver.name,
        role: leaver.role,
        active: leaver.active,
        departmentName: leaver.departmentName,
      },
      counts: handoverCounts(ctx, leaver.id),
    };
  },

  'handover.commit': (ctx, input) => {
    const leaver = leaverFor(ctx, input.fromId);
    const to = recipientsFor(ctx, leaver, input.toIds);
    // The last administrator stays: the same rule as 停用.
    assertKeepsAnAdmin(
      ctx,
      ctx.db.prepare('SELECT * FROM staff WHERE id = ?').get(leaver.id) as Parameters<typeof assertKeepsAnAdmin>[1],
      { role: leaver.role, active: false, login: leaver.login },
    );
    const counts = handoverCounts(ctx, leaver.id);
    const delegationsOnly = counts.customers + counts.deletedCustomers === 0;
    if (delegationsOnly && counts.delegationsReceived === 0 && !leaver.active) {
      throw badField('fromId', '交接人', `${leaver.name}已停用，名下没有客户，也没有要收回的授权`);
    }
    const at = nowIso(ctx);
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO handover (from_id, by_id, at, mode, to_ids, customers, summary) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        leaver.id,
        ctx.user.id,
        at,
        input.mode,
        JSON.stringify(to.map((t) => t.id)),
        counts.customers + counts.deletedCustomers,
        JSON.stringify(counts),
      );
    const handoverId = Number(lastInsertRowid);
    moveCustomers(ctx, handoverId, leaver, to);
    revokeReceived(ctx, leaver);
    ctx.db
      .prepare('UPDATE staff SET active = 0, updated_at = ?, version = version + 1 WHERE id = ?')
      .run(at, leaver.id);
    return loadHead(ctx, handoverId).head;
  },

  'handover.sheet': (ctx, input) => {
    const { head, byId } = loadHead(ctx, input.handoverId);
    assertMayReadSheet(ctx, byId);
    const rows = ctx.db
      .prepare<
        [number, number, number],
        { customer_id: number; name: string; keyword: string; status_name: string; to_name: string; deleted: number }
      >(
        `SELECT hc.customer_id, c.name, c.keyword, s.name AS status_name, t.name AS to_name,
                CASE WHEN c.deleted_at IS NULL THEN 0 ELSE 1 END AS deleted
         FROM handover_customer hc
         JOIN customer c ON c.id = hc.customer_id
         JOIN customer_status s ON s.id = c.status_id
         JOIN staff t ON t.id = hc.to_id
         WHERE hc.handover_id = ?
         ORDER BY hc.to_id, hc.customer_id LIMIT ? OFFSET ?`,
      )
      .all(head.id, input.limit, input.offset)
      .map((r): HandoverSheetRow => ({
        customerId: r.customer_id,
        customerName: r.name,
        keyword: r.keyword,
        statusName: r.status_name,
        toName: r.to_name,
        deleted: !!r.deleted,
      }));
    return { head, rows };
  },
};
