/** The messages between the data host (server/host/host.ts) and its workers (worker.ts). */
import type { Result, SessionUser } from '../../core/contract.js';
import type { DeferredCheck, FullCheckResult } from '../../db/integrity.js';
import type { Rung } from '../../db/reminders/fire.js';

export interface WorkerSetup {
  dbFile: string;
  /** The office's PostgreSQL database instead of dbFile (npm run server -- --pg). */
  pgUrl?: string;
  /** The writer (migrations, every write, jobs, sweeps) or a read-only reader. */
  role: 'writer' | 'reader';
  /** Where browser-mode exports wait for their download; absent: the system's temp folder. */
  tempDir?: string;
  /** The desktop app asks the window where to save an export (chooseTarget round trip). */
  askTarget: boolean;
  /** Minutes between system sweeps ('授权已到期' lines); the writer only. */
  sweepMinutes: number;
  /** Files above this size open before their integrity check (db/open.ts; default 64 MiB; tests: 0). */
  checkBeforeStartMaxBytes?: number;
  /** The host clock's distance from this machine's (tests move the office host's clock). */
  clockOffsetMs?: number;
}

export type ToWorker =
  | { t: 'call'; id: number; connId: number; session: SessionUser | null; name: string; input: unknown }
  | { t: 'drop'; connId: number }
  | { t: 'download'; id: number; token: string }
  | { t: 'target'; id: number; path: string | null }
  | { t: 'backup'; id: number; file: string }
  /** A reader runs the check the writer's open deferred (a big file: db/open.ts onDeferred). */
  | { t: 'check'; id: number; kind: DeferredCheck }
  /** The writer remembers a deferred full check's result (关于 shows it; the next is due in a week). */
  | { t: 'recordCheck'; result: FullCheckResult }
  /** The writer rings the reminders due by `minute` (host local time) of these people. */
  | { t: 'fire'; id: number; staffIds: number[]; minute: string }
  /** The host clock moved (tests): every worker's handlers read the same time as the host's timer. */
  | { t: 'clock'; offsetMs: number }
  | { t: 'close' };

export type FromWorker =
  /** Opened; the writer says which check its open deferred (null: none, the file was checked). */
  | { t: 'ready'; check: DeferredCheck | null }
  | { t: 'failed'; message: string }
  | {
      t: 'result';
      id: number;
      result: Result<unknown>;
      session: SessionUser | null;
      customerIds: number[];
      /** Staff who see the touched customers (owners, delegates); null = tell everyone. */
      watchers: number[] | null;
    }
  | { t: 'download'; id: number; taken: { file: string; fileName: string } | null }
  | { t: 'target'; id: number; connId: number; defaultName: string }
  | { t: 'system'; method: string; customerIds: number[] }
  | { t: 'backedUp'; id: number; error: string | null }
  /** A deferred check's outcome: the damage (DatabaseDamagedError's message), or the full check's result. */
  | { t: 'checked'; id: number; damaged: string | null; full: FullCheckResult | null }
  /** What rang (each with the person it is for); an empty list when the ring failed (logged). */
  | { t: 'fired'; id: number; rung: Rung[] }
  | { t: 'closed' };
