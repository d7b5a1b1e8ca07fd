/**
 * The data host: the router and its connections run in worker threads, never on the thread that
 * serves sockets or windows. One writer worker takes every write (one transaction each), the
 * sign-ins, and the export/import jobs; reader workers answer the other reads in parallel on
 * read-only WAL connections (at least two), so a heavy read by one user holds up the others only as far as the
 * machine's cores allow.
 *
 * Every transport (Electron IPC, the WebSocket server, browser mode) talks to the host through
 * `call`, with a HostConnection per window / socket; the host keeps each connection's session.
 */
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { contract, type MethodName, type Result, type SessionUser } from '../../core/contract.js';
import type { Method } from '../../core/contract/common.js';
import { startModuleWorker } from '../../db/jobs/spawn.js';
import type { DeferredCheck } from '../../db/integrity.js';
import { pgBackupTo, pgDailyBackup } from '../../db/engine/pg-backup.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';
import type { Rung } from '../../db/reminders/fire.js';

export interface HostConnection {
  readonly id: number;
  session: SessionUser | null;
}

export interface HostOutcome {
  result: Result<unknown>;
  /** Customers a successful write touched. */
  customerIds: number[];
  /** Staff who see them (owners, delegates); null = everyone should hear of it. */
  watchers?: number[] | null;
}

export interface DataHostOptions {
  dbFile: string;
  /** PostgreSQL instead of dbFile (dbFile's folder then holds the backups). */
  pgUrl?: string;
  /** Read workers beside the writer (default: one per core beyond the first, at least 1, at most 4). */
  readers?: number;
  tempDir?: string;
  /** Desktop: where to save an export for this connection (the save dialog); null = cancelled. */
  chooseTarget?(conn: HostConnection, defaultName: string): Promise<string | null>;
  /** The system wrote something on its own (e.g. '授权已到期' lines). */
  onSystemWrite?(method: string, customerIds: number[]): void;
  /** A check after the start found the file damaged (the message says how to restore a backup). */
  onDamaged?(message: string): void;
  /** Files above this size are checked after the start (default 64 MiB; tests: 0). */
  checkBeforeStartMaxBytes?: number;
  sweepMinutes?: number;
  /** The host clock's distance from this machine's (tests only: see setClockOffset). */
  clockOffsetMs?: number;
}

export interface DataHost {
  connect(): HostConnection;
  call(conn: HostConnection, name: unknown, input: unknown): Promise<HostOutcome>;
  /** A window / socket went away: its jobs stop, its files go. */
  drop(conn: HostConnection): void;
  /** A consistent copy of the database at `file` (SQLite's online backup, or pg_dump's archive on PostgreSQL). */
  backupTo(file: string): Promise<void>;
  /** Browser mode: the file of a finished export, once (GET /download/<token>). */
  takeDownload(token: string): Promise<{ file: string; fileName: string } | null>;
  /** Rings the reminders due by `minute` (the host's local time) of these people, on the writer. */
  fire(staffIds: number[], minute: string): Promise<Rung[]>;
  /** Tests: the office host's clock is this far from the machine's, for every worker's handlers. */
  setClockOffset(ms: number): void;
  /** Settles when no integrity check is running: null, or the damage it found. */
  checked(): Promise<string | null>;
  close(): Promise<void>;
}

/** Writes, and the reads whose state lives on the writer (sign-in, jobs: `onWriter` in the contract). */
const onWriter = (name: string) => {
  if (!Object.prototype.hasOwnProperty.call(contract, name)) return true; // refused there, with its message
  const m: Method = contract[name as MethodName];
  return m.write || !!m.onWriter;
};

/**
 * Methods that change data: held while a deferred integrity check runs. Signing in is not held
 * (it only notes the login), so the first page shows at once; a save waits for the check.
 */
const isWrite = (name: unknown) =>
  name !== 'auth.login' &&
  typeof name === 'string' &&
  Object.prototype.hasOwnProperty.call(contract, name) &&
  contract[name as MethodName].write;

interface Slot {
  worker: Worker;
  setup: WorkerSetup;
  busy: number;
  pending: Map<number, (m: FromWorker) => void>;
  ready: Promise<void>;
  /** The check the writer's open deferred (a big file), told with 'ready'. */
  check: DeferredCheck | null;
}

/** The worker bundle's name beside the desktop app's main.mjs (scripts/build-electron.ts). */
export const HOST_WORKER_BUNDLE = 'host-worker.cjs';

/** Connection ids are unique in the process, across data hosts (a restore starts a new one). */
let nextConnectionId = 1;

export async function startDataHost(opts: DataHostOptions): Promise<DataHost> {
  const connections = new Map<number, HostConnection>();
  let nextMsg = 1;
  let closing = false;

  function spawn(setup: WorkerSetup): Slot {
    const worker = startModuleWorker(import.meta.url, './worker.ts', HOST_WORKER_BUNDLE, { workerData: setup });
    const slot: Slot = { worker, setup, busy: 0, pending: new Map(), ready: Promise.resolve(), check: null };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.t === 'ready') {
          slot.check = m.check;
          resolve();
        } else if (m.t === 'failed') reject(new Error(m.message));
        else if (m.t === 'result' || m.t === 'download' || m.t === 'backedUp' || m.t === 'checked' || m.t === 'fired') {
          slot.pending.get(m.id)?.(m);
          slot.pending.delete(m.id);
        } else if (m.t === 'target') {
          const conn = connections.get(m.connId);
          const ask = conn && opts.chooseTarget ? opts.chooseTarget(conn, m.defaultName) : Promise.resolve(null);
          void ask
            .catch(() => null)
            .then((path) => worker.postMessage({ t: 'target', id: m.id, path } satisfies ToWorker));
        } else if (m.t === 'system') opts.onSystemWrite?.(m.method, m.customerIds);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        reject(new Error(`数据服务线程已退出（${code}）`));
        for (const answer of slot.pending.values()) answer({ t: 'closed' });
        slot.pending.clear();
        if (!closing) replace(slot);
      });
    });
    return slot;
  }

  /** A worker that died (out of memory, a native fault) is started again; its callers got an error. */
  function replace(dead: Slot) {
    console.error(`[host] a ${dead.setup.role} worker stopped; starting a new one`);
    const fresh = spawn(dead.setup);
    fresh.ready.then(
      () => fresh.check && startCheck(fresh.check),
      (err: unknown) => console.error('[host] restart failed:', err),
    );
    if (writer === dead) writer = fresh;
    else readers.splice(readers.indexOf(dead), 1, fresh);
  }

  const base = {
    dbFile: opts.dbFile,
    pgUrl: opts.pgUrl,
    tempDir: opts.tempDir,
    askTarget: !!opts.chooseTarget,
    sweepMinutes: opts.sweepMinutes ?? 5,
    checkBeforeStartMaxBytes: opts.checkBeforeStartMaxBytes,
    clockOffsetMs: opts.clockOffsetMs,
  };
  let writer = spawn({ ...base, role: 'writer' });
  await writer.ready; // migrations done before any reader opens the file
  // At least two readers even on a 2-core PC: a cheap tab list must not wait behind one slow count.
  const count = opts.readers ?? Math.min(4, Math.max(2, os.availableParallelism() - 1));
  const readers = Array.from({ length: count }, () => spawn({ ...base, role: 'reader' }));
  await Promise.all(readers.map((r) => r.ready));
  const backups = opts.pgUrl ? pgBackups(opts.pgUrl, path.dirname(opts.dbFile)) : writerBackups();

  function request(slot: Slot, message: ToWorker & { id: number }): Promise<FromWorker> {
    slot.busy++;
    return new Promise<FromWorker>((resolve) => {
      slot.pending.set(message.id, (m) => {
        slot.busy--;
        resolve(m);
      });
      try {
        slot.worker.postMessage(message);
      } catch {
        // An input the structured clone refuses (too deep, not cloneable): an error for this
        // call, and the slot's count and pending answers stay right.
        slot.pending.get(message.id)?.({ t: 'closed' });
        slot.pending.delete(message.id);
      }
    });
  }

  // The integrity check a big file's open deferred (db/open.ts onDeferred): quick_check, or the
  // weekly full check, on a reader while the first page is served. Writes (but signing in) wait for it; once it
  // finds damage, every call is refused with DatabaseDamagedError's message (the way back to the
  // last good backup) — the app does not go on writing to a damaged file.
  let damaged: string | null = null;
  let checking: Promise<void> | null = null;
  function startCheck(kind: DeferredCheck) {
    const run = async () => {
      const reader = readers.length ? readers[0] : writer;
      const answer = await request(reader, { t: 'check', id: nextMsg++, kind });
      if (answer.t !== 'checked') return; // the reader stopped (closing): nothing was learnt
      if (answer.damaged) {
        damaged = answer.damaged;
        console.error(`[host] ${damaged}`);
        opts.onDamaged?.(damaged);
      } else if (answer.full) {
        writer.worker.postMessage({ t: 'recordCheck', result: answer.full } satisfies ToWorker);
      }
    };
    const current: Promise<void> = run().finally(() => {
      if (checking === current) checking = null;
    });
    checking = current;
  }
  if (writer.check) startCheck(writer.check);
  const refused = (): HostOutcome => ({
    result: { ok: false, error: { code: 'database_damaged', message: damaged! } },
    customerIds: [],
  });

  /**
   * Backups, by engine, chosen once: on SQLite the writer takes them with the online backup API
   * (and its own daily one, worker.ts); on PostgreSQL pg_dump runs from this thread as a child
   * process (db/engine/pg-backup.ts) — a backup now, and the daily one at the start and each hour
   * after (written once a day, pruned like SQLite's) into the data folder's backups/.
   */
  function writerBackups() {
    return {
      async backupTo(file: string) {
        const answer = await request(writer, { t: 'backup', id: nextMsg++, file });
        if (answer.t !== 'backedUp') throw new Error('数据服务出错，备份没有完成');
        if (answer.error) throw new Error(`备份失败：${answer.error}`);
      },
      close: async () => undefined,
    };
  }
  function pgBackups(url: string, dataDir: string) {
    const stop = new AbortController();
    let daily: Promise<unknown> = Promise.resolve();
    const runDaily = () => {
      daily = pgDailyBackup(url, dataDir, { signal: stop.signal }).catch((err: unknown) => {
        if (!stop.signal.aborted) console.error('[host] daily backup failed:', (err as Error)?.message ?? err);
      });
    };
    runDaily();
    const timer = setInterval(runDaily, 3600_000);
    timer.unref();
    return {
      async backupTo(file: string) {
        try {
          await pgBackupTo(url, file);
        } catch (err) {
          throw new Error(`备份失败：${(err as Error)?.message ?? err}`);
        }
      },
      async close() {
        clearInterval(timer);
        stop.abort(); // a daily dump still running stops (its part file goes)
        await daily;
      },
    };
  }

  const pick = (name: string): Slot =>
    onWriter(name) || readers.length === 0 ? writer : readers.reduce((a, b) => (b.busy < a.busy ? b : a));

  return {
    async checked() {
      while (checking) await checking;
      return damaged;
    },

    connect() {
      const conn: HostConnection = { id: nextConnectionId++, session: null };
      connections.set(conn.id, conn);
      return conn;
    },

    async call(conn, name, input) {
      if (closing)
        return { result: { ok: false, error: { code: 'offline', message: '数据服务正在关闭' } }, customerIds: [] };
      connections.set(conn.id, conn); // also a connection made before a restore started this host
      if (damaged) return refused();
      if (checking && isWrite(name)) {
        await checking;
        if (damaged) return refused();
      }
      const slot = pick(typeof name === 'string' ? name : '');
      const answer = await request(slot, {
        t: 'call',
        id: nextMsg++,
        connId: conn.id,
        session: conn.session,
        name: String(name),
        input,
      });
      if (answer.t !== 'result') {
        return { result: { ok: false, error: { code: 'internal', message: '数据服务出错，请重试' } }, customerIds: [] };
      }
      conn.session = answer.session;
      return { result: answer.result, customerIds: answer.customerIds, watchers: answer.watchers };
    },

    async fire(staffIds, minute) {
      if (closing || damaged || !staffIds.length) return [];
      const answer = await request(writer, { t: 'fire', id: nextMsg++, staffIds, minute });
      return answer.t === 'fired' ? answer.rung : [];
    },

    setClockOffset(ms) {
      base.clockOffsetMs = ms; // a worker started again later starts on the same clock
      for (const slot of [writer, ...readers]) slot.worker.postMessage({ t: 'clock', offsetMs: ms } satisfies ToWorker);
    },

    drop(conn) {
      connections.delete(conn.id);
      writer.worker.postMessage({ t: 'drop', connId: conn.id } satisfies ToWorker);
    },

    backupTo: (file) => backups.backupTo(file),

    async takeDownload(token) {
      const answer = await request(writer, { t: 'download', id: nextMsg++, token });
      return answer.t === 'download' ? answer.taken : null;
    },

    async close() {
      if (closing) return;
      closing = true;
      await backups.close();
      const stop = (slot: Slot) =>
        new Promise<void>((resolve) => {
          slot.worker.once('exit', () => resolve());
          slot.worker.on('message', (m: FromWorker) => m.t === 'closed' && void slot.worker.terminate());
          slot.worker.postMessage({ t: 'close' } satisfies ToWorker);
          setTimeout(() => void slot.worker.terminate(), 5000).unref();
        });
      await Promise.all(readers.map(stop));
      await stop(writer);
    },
  };
}
