/**
 * What a 交接 would move: read from the counters and indexes the rest of the app keeps, so a
 * preview for someone with 50,000 customers in a million-customer office reads a few hundred
 * index entries, not their customers' rows:
 * - customers per 客户状态: customer_count (0005), a few rows per owner;
 * - soft-deleted ones: the small customer_deleted index;
 * - open follow-ups: followup_due_owner (0009), a count over the owner's range;
 * - arrears: arrears_count (0010), one row per owner;
 * - delegations given: delegation_from (0019); received: delegation_to (0001);
 * - 售前报价: the one figure without a counter — quote_customer looked up per live customer of the
 *   owner (customer_live_owner), an index-only walk.
 */
import type { HandoverCounts } from '../../core/contract.js';
import { today, type Ctx } from '../context.js';

export function handoverCounts(ctx: Ctx, ownerId: number): HandoverCounts {
  const db = ctx.db;
  const day = today(ctx);
  const statuses = db
    .prepare<[], { id: number; name: string }>('SELECT id, name FROM customer_status ORDER BY sort_order, id')
    .all();
  const perStatus = new Map(
    db
      .prepare<[number], { status_id: number; n: number }>(
        'SELECT status_id, sum(n) AS n FROM customer_count WHERE owner_id = ? AND deleted = 0 GROUP BY status_id',
      )
      .all(ownerId)
      .map((r) => [r.status_id, Number(r.n)]),
  );
  const byStatus = statuses.map((s) => ({ statusId: s.id, statusName: s.name, n: perStatus.get(s.id) ?? 0 }));
  const deleted = db
    .prepare<[number], number>(
      'SELECT count(*) FROM customer INDEXED BY customer_deleted WHERE deleted_at IS NOT NULL AND owner_id = ?',
    )
    .pluck()
    .get(ownerId)!;
  const followups = db
    .prepare<[string, number], { open: number; overdue: number | null }>(
      `SELECT count(*) AS open, sum(CASE WHEN next_on < ? THEN 1 ELSE 0 END) AS overdue
       FROM followup_due WHERE owner_id = ? AND live = 1`,
    )
    .get(day, ownerId)!;
  const quotes = db
    .prepare<[number], number>(
      `SELECT count(*) FROM quote q
       WHERE q.customer_id IN (SELECT c.id FROM customer c WHERE c.owner_id = ? AND c.deleted_at IS NULL)`,
    )
    .pluck()
    .get(ownerId)!;
  const arrears = db
    .prepare<[number], { customers: number; purchases: number; cents: number }>(
      `SELECT coalesce(sum(customers), 0) AS customers, coalesce(sum(purchases), 0) AS purchases,
              coalesce(sum(due_cents - paid_cents), 0) AS cents
       FROM arrears_count WHERE owner_id = ? AND live = 1`,
    )
    .get(ownerId)!;
  const given = db
    .prepare<[number, string], number>(
      `SELECT count(*) FROM delegation WHERE from_id = ? AND revoked_at IS NULL AND (end_on IS NULL OR end_on >= ?)`,
    )
    .pluck()
    .get(ownerId, day)!;
  const received = db
    .prepare<[number, string], number>(
      `SELECT count(*) FROM delegation WHERE to_id = ? AND revoked_at IS NULL AND (end_on IS NULL OR end_on >= ?)`,
    )
    .pluck()
    .get(ownerId, day)!;
  return {
    byStatus,
    customers: byStatus.reduce((sum, s) => sum + s.n, 0),
    deletedCustomers: Number(deleted),
    followups: { open: Number(followups.open), overdue: Number(followups.overdue ?? 0) },
    quotes: Number(quotes),
    arrears: {
      customers: Number(arrears.customers),
      purchases: Number(arrears.purchases),
      cents: Number(arrears.cents),
    },
    delegationsGiven: Number(given),
    delegationsReceived: Number(received),
  };
}
