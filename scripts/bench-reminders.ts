/**
 * The office host's minute (issue 22, part 3) in `npm run bench`: the reminders due this minute
 * for 30 signed-in people, found and claimed as the host's timer does (db/reminders/fire.ts: one
 * seek of reminder_due per person, then each checked against its person's view) — inside a
 * transaction rolled back after each run, so every run finds the same reminders. Target < 20 ms.
 */
import { minuteOf } from '../core/contract/reminders.js';
import { systemClock } from '../db/context.js';
import type { DB } from '../db/open.js';
import { fireDue } from '../db/reminders/fire.js';

class Rollback extends Error {}

export function benchReminders(
  db: DB,
  role: string,
  measure: (operation: string, role: string, fn: (i: number) => string) => void,
): void {
  // 30 people signed in: the first 30 active members of staff.
  const people = db.prepare<[], number>(`SELECT id FROM staff WHERE active = 1 ORDER BY id LIMIT 30`).pluck().all();
  const waiting = db.prepare<[], number>(`SELECT count(*) FROM reminder WHERE fired_at IS NULL`).pluck().get() ?? 0;
  measure('提醒: the minute’s reminders of 30 signed-in people', role, () => {
    let rung = 0;
    try {
      db.transaction(() => {
        rung = fireDue(db, systemClock, people, minuteOf(new Date())).length;
        throw new Rollback();
      })();
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    return `${people.length} people, ${rung} rung (rolled back), ${waiting.toLocaleString()} waiting in all`;
  });
}
