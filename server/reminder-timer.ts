/**
 * The office host's reminder timer (issue 22, part 3): at each minute of the host's clock (its
 * local time — never a client PC's), the reminders due of the people signed in on this server are
 * rung (db/reminders/fire.ts, on the data host's writer: claimed once in the database, checked
 * against each person's view) and pushed to every window of that person as a 'reminders' event,
 * over the same WebSocket / IPC as the change events. A person who signs in gets what rang while
 * they were away at once. A change event 'reminders.fire' names the people, so their windows on
 * other servers of the same database refetch the bell's list too.
 */
import { minuteOf } from '../core/contract/reminders.js';
import type { Rung } from '../db/reminders/fire.js';
import type { Hub } from './hub.js';

export const FIRE_METHOD = 'reminders.fire';

export interface ReminderTimerOptions {
  /** The host's clock (default: this machine's). */
  now?: () => Date;
}

export class ReminderTimer {
  private timer: NodeJS.Timeout | null = null;
  private offsetMs = 0;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly hub: Hub,
    private readonly opts: ReminderTimerOptions = {},
  ) {}

  /** The host's time now. */
  now(): Date {
    return new Date((this.opts.now?.() ?? new Date()).getTime() + this.offsetMs);
  }

  start() {
    this.stopped = false;
    this.schedule();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Wakes up just after the host's next minute begins. */
  private schedule() {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const ms = 60_000 - (this.now().getTime() % 60_000) + 200;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  /** Rings this minute's reminders for everyone signed in here, then waits for the next minute. */
  tick(): Promise<void> {
    const staff = [...new Set([...this.hub.peers].flatMap((p) => (p.conn.session ? [p.conn.session.id] : [])))];
    const done = this.ring(staff).finally(() => this.schedule());
    return done;
  }

  /** Rings what is due for these people now (a login: what rang while they were away). */
  ring(staffIds: number[]): Promise<void> {
    const run = this.running.then(async () => {
      if (this.stopped || !staffIds.length) return;
      const rung = await this.hub.host.fire(staffIds, minuteOf(this.now()));
      this.deliver(rung);
    });
    this.running = run.catch(() => undefined);
    return run;
  }

  private deliver(rung: Rung[]) {
    if (!rung.length) return;
    const byStaff = new Map<number, Rung['item'][]>();
    for (const r of rung) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), r.item]);
    for (const peer of this.hub.peers) {
      const items = peer.conn.session ? byStaff.get(peer.conn.session.id) : undefined;
      if (items) peer.push('reminders', { items });
    }
    // Their windows on the other servers of the same database refetch the list.
    this.hub.broadcast(FIRE_METHOD, [], undefined, [...byStaff.keys()]);
  }

  /**
   * Tests move the office host's clock (the e2e specs: a minute passes at once): the data host's
   * handlers follow, and the timer looks at the new minute now.
   */
  async setClockOffset(ms: number): Promise<void> {
    this.offsetMs = ms;
    this.hub.host.setClockOffset(ms);
    await this.tick();
  }
}
