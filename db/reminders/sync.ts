/**
 * Keeps the reminder table in step with the data, in the same transaction as the write that
 * changed it (the router calls syncReminders after the writes in SYNC_METHODS): for each customer
 * touched, each derived kind (sources.ts) is written as one line per (person, customer, kind) —
 * the newest wins, reminders never pile up:
 * - what it calls for now is upserted; a line whose minute or row changed rings again
 *   (waiting, fired_at cleared); one that did not change keeps its state (a 已处理 stays done);
 * - the lines of that kind nobody is owed any more (the follow-up was closed, the customer moved
 *   to another 业务员, the instalment was paid) go.
 * The event kinds (a delegation given or taken back, a transfer) are written by their handlers
 * through `remindNow`.
 */
import type { ReminderKind } from '../../core/contract/reminders.js';
import { minuteOf } from '../../core/contract/reminders.js';
import { nowIso, type Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import { derived, escalateDays, type DerivedKind, type Wanted } from './sources.js';

/** Writes after which the reminders of the customers they touched are brought up to date. */
export const SYNC_METHODS = new Set([
  'records.save',
  'purchases.save',
  'payments.create',
  'instalments.save',
  'customers.update',
  'customers.delete',
  'customers.restore',
  'staff.transfer',
  'delegations.grant',
  'delegations.revoke',
]);

const UPSERT = `INSERT INTO reminder (staff_id, customer_id, kind, due_at, ring_at, source_id, text, state, fired_at, created_at, updated_at)
  VALUES (@staff, @customer, @kind, @due, @due, @source, @text, 'waiting', NULL, @at, @at)
  ON CONFLICT (staff_id, customer_id, kind) DO UPDATE SET
    due_at = excluded.due_at, ring_at = excluded.due_at, source_id = excluded.source_id, text = excluded.text,
    state = 'waiting', fired_at = NULL, updated_at = excluded.updated_at
  WHERE @force = 1 OR reminder.due_at <> excluded.due_at OR coalesce(reminder.source_id, 0) <> coalesce(excluded.source_id, 0)`;

function upsert(ctx: Ctx, kind: ReminderKind, customerId: number, w: Wanted, force: boolean) {
  ctx.db.prepare(UPSERT).run({
    staff: w.staffId,
    customer: customerId,
    kind,
    due: w.dueAt,
    source: w.sourceId,
    text: w.text,
    at: nowIso(ctx),
    force: force ? 1 : 0,
  });
}

/** Writes what one derived kind of a customer calls for, and drops the lines nobody is owed. */
function syncKind(ctx: Ctx, kind: DerivedKind, customerId: number, wanted: Wanted[]) {
  for (const w of wanted) upsert(ctx, kind, customerId, w, false);
  ctx.db
    .prepare(
      `DELETE FROM reminder WHERE customer_id = @customer AND kind = @kind
         AND staff_id NOT IN (SELECT value FROM ${dialectOf(ctx.db).jsonIds('@keep', 'k')})`,
    )
    .run({ customer: customerId, kind, keep: JSON.stringify(wanted.map((w) => w.staffId)) });
}

/** Brings every derived reminder of these customers up to date (a few indexed reads each). */
export function syncReminders(ctx: Ctx, customerIds: Iterable<number>) {
  const days = escalateDays(ctx);
  for (const id of customerIds) {
    syncKind(ctx, 'followup', id, derived.followup(ctx, id));
    syncKind(ctx, 'overdue', id, derived.overdue(ctx, id, days));
    syncKind(ctx, 'instalment', id, derived.instalment(ctx, id));
    syncKind(ctx, 'fee', id, derived.fee(ctx, id));
  }
}

/**
 * An event reminder (a delegation given or taken back, a customer transferred): rings at the
 * host's next minute (or at `at`, e.g. a delegation's 开始日期) for `staffId`, replacing the line
 * of the same kind for that customer. Nobody is reminded of what they did themselves.
 */
export function remindNow(
  ctx: Ctx,
  kind: 'delegation' | 'transfer',
  staffId: number,
  customerId: number,
  sourceId: number | null,
  text: string,
  at: string = minuteOf(ctx.clock.now()),
) {
  if (staffId === ctx.user?.id) return; // the system (公海's sweep) has no user
  upsert(ctx, kind, customerId, { staffId, dueAt: at, sourceId: sourceId ?? 0, text }, true);
}
