/**
 * The data host's own periodic writes, made by the system rather than by a user: today only the
 * '授权已到期' lines (db/visibility.ts). One transaction; returns the customers it touched so the
 * host can send a change event like any other write.
 */
import type { SessionUser } from '../core/contract.js';
import { noEffects, type Clock, type Ctx } from './context.js';
import type { DB } from './open.js';
import { PasswordWork } from './password.js';
import { logExpiredDelegations } from './visibility.js';

export const SYSTEM_METHOD = 'delegations.expire';

export function runSystemTasks(db: DB, clock: Clock): number[] {
  const effects = noEffects();
  const ctx: Ctx = {
    db,
    conn: { session: null },
    clock,
    user: null as unknown as SessionUser, // written bySystem: no 记录人
    passwords: new PasswordWork(),
    effects,
  };
  db.transaction(() => logExpiredDelegations(ctx))();
  return [...effects.customerIds];
}
