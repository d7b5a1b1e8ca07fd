import type { SessionUser } from './contract.js';
import type { DB } from './open.js';

/** One window (Electron) or one WebSocket connection (browser mode): holds its login. */
export interface Connection {
  session: SessionUser | null;
}

export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What every handler receives. */
export interface Ctx {
  db: DB;
  conn: Connection;
  clock: Clock;
  /** The logged-in user; handlers of public methods may see null. */
  user: SessionUser;
}

/** ISO instant, UTC. */
export const nowIso = (ctx: { clock: Clock }) => ctx.clock.now().toISOString();

/** Today as 'YYYY-MM-DD' in the office's local time zone. */
export function today(ctx: { clock: Clock }): string {
  const d = ctx.clock.now();
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}
