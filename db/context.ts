import { localDay } from '../core/contract/dates.js';
import type { SessionUser } from '../core/contract.js';
import type { DB } from './open.js';
import { PasswordWork } from './password.js';

/** One window (Electron) or one WebSocket connection (browser mode): holds its login. */
export interface Connection {
  session: SessionUser | null;
}

export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a call changed, beyond its answer: the customers it touched (for change events). */
export interface Effects {
  customerIds: Set<number>;
}

export const noEffects = (): Effects => ({ customerIds: new Set() });

/** What every handler receives. */
export interface Ctx {
  db: DB;
  conn: Connection;
  clock: Clock;
  /** The logged-in user; handlers of public methods may see null. */
  user: SessionUser;
  /** Password hashing and checks, prepared off the data host's thread when the call came async. */
  passwords: PasswordWork;
  /** Filled in by the writers (writeLog records the customer of every 操作日志 line). */
  effects: Effects;
}

/** ISO instant, UTC. */
export const nowIso = (ctx: { clock: Clock }) => ctx.clock.now().toISOString();

/** Today as 'YYYY-MM-DD' in the office's local time zone. */
export function today(ctx: { clock: Clock }): string {
  return localDay(ctx.clock.now());
}
