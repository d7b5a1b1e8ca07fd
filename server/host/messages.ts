/** The messages between the data host (server/host/host.ts) and its workers (worker.ts). */
import type { Result, SessionUser } from '../../core/contract.js';

export interface WorkerSetup {
  dbFile: string;
  /** The writer (migrations, every write, jobs, sweeps) or a read-only reader. */
  role: 'writer' | 'reader';
  /** Where browser-mode exports wait for their download; absent: the system's temp folder. */
  tempDir?: string;
  /** The desktop app asks the window where to save an export (chooseTarget round trip). */
  askTarget: boolean;
  /** Minutes between system sweeps ('授权已到期' lines); the writer only. */
  sweepMinutes: number;
}

export type ToWorker =
  | { t: 'call'; id: number; connId: number; session: SessionUser | null; name: string; input: unknown }
  | { t: 'drop'; connId: number }
  | { t: 'download'; id: number; token: string }
  | { t: 'target'; id: number; path: string | null }
  | { t: 'backup'; id: number; file: string }
  | { t: 'close' };

export type FromWorker =
  | { t: 'ready' }
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
  | { t: 'closed' };
