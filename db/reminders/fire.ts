/**
 * The office host rings the minute's reminders (server/reminder-timer.ts calls this on the
 * writer each minute, for the people signed in on that server, and at a person's login):
 * 1. claims them in the database — `UPDATE … WHERE fired_at IS NULL … RETURNING`, so with
 *    several servers on one PostgreSQL database each reminder rings once, on the server that
 *    claimed it; the read is one seek of reminder_due per person;
 * 2. checks each against the person's view at this moment: the customer is still theirs to see
 *    (a customer delegated away, transferred or deleted no longer rings), and what it is about
 *    still holds (the follow-up is still open at that minute, the instalment still unpaid …);
 *    one that no longer holds is removed, not rung;
 * 3. returns what rang, per person, worded for the 提醒 list.
 * All in the caller's transaction.
 */
import { reminderTabs, type ReminderItem, type ReminderKind, type SessionUser } from '../../core/contract.js';
import { noEffects, type Clock, type Ctx } from '../context.js';
import { dialectOf } from '../engine/dialect.js';
import type { DB } from '../open.js';
import { PasswordWork } from '../password.js';
import { visibleCustomers } from '../visibility.js';
import { derived, escalateDays, type DerivedKind } from './sources.js';

/** The most one person's reminders ring in one minute (the rest ring the next minute). */
export const FIRE_LIMIT = 200;

interface Claimed {
  id: number;
  staff_id: number;
  customer_id: number;
  kind: ReminderKind;
  source_id: number | null;
  text: string;
  due_at: string;
  fired_at: string;
}

/** A handler context acting as `staffId` (null when the person is gone or disabled). */
export function ctxAs(db: DB, clock: Clock, staffId: number): Ctx | null {
  const s = db
    .prepare<[number], { id: number; name: string; login: string | null; role: SessionUser['role']; active: number }>(
      'SELECT id, name, login, role, active FROM staff WHERE id = ?',
    )
    .get(staffId);
  if (!s || !s.active) return null;
  const user: SessionUser = { id: s.id, name: s.name, login: s.login ?? '', role: s.role, mustChangePassword: false };
  return { db, conn: { session: user }, clock, user, passwords: new PasswordWork(), effects: noEffects() };
}

/** Whether the person sees the customer now (live, theirs, their team's or delegated to them). */
export function seesCustomer(ctx: Ctx, customerId: number): string | null {
  const vis = visibleCustomers(ctx);
  return (
    ctx.db
      .prepare<Record<string, unknown>, string>(
        `SELECT c.name FROM customer c WHERE c.id = @id AND c.deleted_at IS NULL AND ${vis.sql}`,
      )
      .pluck()
      .get({ id: customerId, ...vis.params }) ?? null
  );
}

/** A delegation reminder about a delegation taken back (or expired): the person no longer sees the customer. */
function isRevokeNotice(ctx: Ctx, r: Claimed): boolean {
  if (r.kind !== 'delegation' || !r.source_id) return false;
  const d = ctx.db
    .prepare<[number], { to_id: number; revoked_at: string | null }>(
      'SELECT to_id, revoked_at FROM delegation WHERE id = ?',
    )
    .get(r.source_id);
  return !!d && d.to_id === r.staff_id && d.revoked_at !== null;
}

/** What a rung reminder says now, or null when it no longer holds for this person. */
function stillHolds(ctx: Ctx, r: Claimed, days: number): { text: string; canOpen: boolean } | null {
  if (isRevokeNotice(ctx, r)) return { text: r.text, canOpen: false };
  if (!seesCustomer(ctx, r.customer_id)) return null;
  if (r.kind === 'delegation' || r.kind === 'transfer') {
    if (r.kind === 'transfer') {
      const owner = ctx.db
        .prepare<[number], number>('SELECT owner_id FROM customer WHERE id = ?')
        .pluck()
        .get(r.customer_id);
      if (owner !== r.staff_id) return null;
    }
    return { text: r.text, canOpen: true };
  }
  const wanted =
    r.kind === 'overdue'
      ? derived.overdue(ctx, r.customer_id, days)
      : derived[r.kind as DerivedKind](ctx, r.customer_id);
  const w = wanted.find((x) => x.staffId === r.staff_id);
  // The same row still calls for it (a snooze moved only the minute it rings).
  if (!w || w.sourceId !== r.source_id) return null;
  return { text: w.text, canOpen: true };
}

/**
 * Claims and checks the reminders due by `minute` ('YYYY-MM-DD HH:MM', the host's local time)
 * of these people. Returns the ones that rang.
 */
export interface Rung {
  staffId: number;
  item: ReminderItem;
}

export function fireDue(db: DB, clock: Clock, staffIds: number[], minute: string): Rung[] {
  if (!staffIds.length) return [];
  const firedAt = clock.now().toISOString();
  const ids = dialectOf(db).jsonIds('@staff', 's');
  const claimed = db
    .prepare<Record<string, unknown>, Claimed>(
      `UPDATE reminder SET state = 'unread', fired_at = @now, updated_at = @now
       WHERE id IN (SELECT r.id FROM reminder r
                    WHERE r.staff_id IN (SELECT value FROM ${ids}) AND r.fired_at IS NULL AND r.ring_at <= @minute
                    ORDER BY r.ring_at, r.id LIMIT @limit)
         AND fired_at IS NULL
       RETURNING id, staff_id, customer_id, kind, source_id, text, ring_at AS due_at, fired_at`,
    )
    .all({ staff: JSON.stringify([...new Set(staffIds)]), minute, now: firedAt, limit: FIRE_LIMIT * staffIds.length });
  if (!claimed.length) return [];

  const days = escalateDays({ db });
  const people = new Map<number, Ctx | null>();
  const drop = db.prepare('DELETE FROM reminder WHERE id = ?');
  const reword = db.prepare('UPDATE reminder SET text = ? WHERE id = ?');
  const rang: Rung[] = [];
  for (const r of claimed.sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : a.id - b.id))) {
    if (!people.has(r.staff_id)) people.set(r.staff_id, ctxAs(db, clock, r.staff_id));
    const ctx = people.get(r.staff_id);
    const holds = ctx ? stillHolds(ctx, r, days) : null;
    if (!holds) {
      drop.run(r.id);
      continue;
    }
    if (holds.text !== r.text) reword.run(holds.text, r.id);
    const name = db.prepare<[number], string>('SELECT name FROM customer WHERE id = ?').pluck().get(r.customer_id);
    rang.push({
      staffId: r.staff_id,
      item: {
        id: r.id,
        kind: r.kind,
        customerId: r.customer_id,
        customerName: name ?? '',
        text: holds.text,
        dueAt: r.due_at,
        state: 'unread',
        firedAt,
        tab: reminderTabs[r.kind],
        canOpen: holds.canOpen,
      },
    });
  }
  return rang;
}
