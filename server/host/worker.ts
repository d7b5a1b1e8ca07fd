/**
 * One data host worker thread: the writer (opens and migrates crm.db, runs every write in one
 * transaction, the export/import jobs and the system sweeps) or a reader (a read-only connection
 * on the same WAL file, reads only). Never imports 'electron'; never runs on a UI thread or the
 * server's socket loop.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { backupTo, dailyBackup } from '../../db/backup.js';
import { configureJobs, type Jobs } from '../../db/jobs/registry.js';
import { DatabaseDamagedError, deferredCheck, recordFullCheck, type DeferredCheck } from '../../db/integrity.js';
import { openPgDatabase } from '../../db/engine/open-pg.js';
import { openDatabase, openReader, type DB } from '../../db/open.js';
import { createRouter } from '../../db/router.js';
import { fireDue } from '../../db/reminders/fire.js';
import { runSystemTasks, SYSTEM_METHOD } from '../../db/system.js';
import { runPoolSweep, SWEEP_METHOD } from '../../db/pool/sweep.js';
import { systemClock, type Connection } from '../../db/context.js';
import { watchersSql } from '../../db/visibility.js';
import { changesVisibility, isPersonal } from '../../core/contract/areas.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const send = (m: FromWorker) => port.postMessage(m);

let db: DB;
/** The check the writer's open deferred to a reader (a big file), if any. */
let deferred: DeferredCheck | null = null;
try {
  db = setup.pgUrl
    ? // PostgreSQL checks its own pages; the writer migrates, readers open read-only sessions.
      openPgDatabase(setup.pgUrl, { readonly: setup.role === 'reader' })
    : setup.role === 'writer'
      ? openDatabase(setup.dbFile, {
          onDeferred: (kind) => (deferred = kind),
          checkBeforeStartMaxBytes: setup.checkBeforeStartMaxBytes,
        })
      : openReader(setup.dbFile);
} catch (err) {
  send({ t: 'failed', message: (err as Error)?.message ?? String(err) });
  throw err;
}
/** The host's clock: this machine's, moved by `clockOffsetMs` where tests move the host's. */
let offsetMs = setup.clockOffsetMs ?? 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const router = createRouter(db, clock);

/** Who sees these customers: their owners, their delegates and their 部门's 销售经理 (db/visibility.ts). */
const watchersQuery = db.prepare<{ ids: string }, { id: number }>(watchersSql(db));
const watchersOf = (ids: number[]) => watchersQuery.all({ ids: JSON.stringify(ids.slice(0, 1000)) }).map((r) => r.id);

/** Each connection's state here; jobs know their window by this object. */
const connections = new Map<number, Connection>();
const connectionOf = (connId: number) => {
  let conn = connections.get(connId);
  if (!conn) connections.set(connId, (conn = { session: null }));
  return conn;
};

let nextTarget = 1;
const targets = new Map<number, (path: string | null) => void>();
let jobs: Jobs | null = null;
let sweep: NodeJS.Timeout | null = null;

if (setup.role === 'writer') {
  jobs = configureJobs(db, {
    tempDir: setup.tempDir,
    chooseTarget: setup.askTarget
      ? (conn, defaultName) =>
          new Promise((resolve) => {
            const id = nextTarget++;
            targets.set(id, resolve);
            const connId = [...connections].find(([, c]) => c === conn)?.[0] ?? 0;
            send({ t: 'target', id, connId, defaultName });
          })
      : undefined,
  });
  const runSweep = () => {
    try {
      const customerIds = runSystemTasks(db, clock);
      if (customerIds.length) send({ t: 'system', method: SYSTEM_METHOD, customerIds });
    } catch (err) {
      console.error('[host] system sweep failed:', err);
    }
  };
  // The day's backup (db/backup.ts: SQLite's online backup, kept 30 days + 12 months), at start
  // and, on an office host that runs for days, again each day it runs.
  // On PostgreSQL the data host takes the daily pg_dump itself (host.ts pgBackups), not the writer.
  const backup = async () =>
    setup.pgUrl
      ? undefined
      : dailyBackup(db, path.dirname(setup.dbFile)).catch((err: unknown) =>
          console.error('[host] daily backup failed:', (err as Error)?.message ?? err),
        );
  // 公海规则 (db/pool/sweep.ts): at start and at each tick, today's sweep if this server claims
  // it (once a day between every server of the database), batch by batch — the calls waiting
  // run between two batches, and each batch's change event goes out as it commits.
  let pooling = false;
  const runPool = async () => {
    if (pooling) return;
    pooling = true;
    try {
      await runPoolSweep(db, systemClock, {
        onBatch: (customerIds) => send({ t: 'system', method: SWEEP_METHOD, customerIds }),
      });
    } catch (err) {
      console.error('[host] 公海 sweep failed:', (err as Error)?.message ?? err);
    } finally {
      pooling = false;
    }
  };
  let lastBackupCheck = 0;
  const runTimers = () => {
    runSweep();
    void runPool();
    if (Date.now() - lastBackupCheck > 3600_000) {
      lastBackupCheck = Date.now();
      void backup();
    }
  };
  runTimers();
  sweep = setInterval(runTimers, Math.max(0.02, setup.sweepMinutes) * 60_000);
  sweep.unref();
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'call': {
      const conn = connectionOf(m.connId);
      conn.session = m.session;
      void router.call(conn, m.name, m.input).then(({ result, customerIds }) =>
        send({
          t: 'result',
          id: m.id,
          result,
          session: conn.session,
          customerIds,
          watchers:
            result.ok && isPersonal(m.name) && conn.session
              ? [conn.session.id]
              : result.ok && customerIds.length && !changesVisibility(m.name)
                ? watchersOf(customerIds)
                : null,
        }),
      );
      break;
    }
    case 'drop': {
      const conn = connections.get(m.connId);
      if (conn) jobs?.dropConnection(conn);
      connections.delete(m.connId);
      break;
    }
    case 'download':
      send({ t: 'download', id: m.id, taken: jobs?.exports.takeDownload(m.token) ?? null });
      break;
    case 'backup':
      // 系统 › 备份数据库: SQLite's online backup, stepwise, while calls go on.
      void backupTo(db, m.file).then(
        () => send({ t: 'backedUp', id: m.id, error: null }),
        (err: unknown) => send({ t: 'backedUp', id: m.id, error: (err as Error)?.message ?? String(err) }),
      );
      break;
    case 'check':
      // quick_check or the full check of the whole file, on this reader's connection (seconds at
      // a million customers); the host sends no other call here meanwhile but what its load asks.
      try {
        const full = deferredCheck(db, setup.dbFile, m.kind);
        send({ t: 'checked', id: m.id, damaged: null, full });
      } catch (err) {
        const damage = err instanceof DatabaseDamagedError ? err.message : null;
        if (!damage) console.error('[host] integrity check failed to run:', err);
        send({ t: 'checked', id: m.id, damaged: damage, full: null });
      }
      break;
    case 'recordCheck':
      try {
        recordFullCheck(db, m.result);
      } catch (err) {
        console.error('[host] could not record the integrity check:', err);
      }
      break;
    case 'target':
      targets.get(m.id)?.(m.path);
      targets.delete(m.id);
      break;
    case 'fire':
      // The minute's reminders (db/reminders/fire.ts): claimed and checked in one transaction.
      try {
        send({ t: 'fired', id: m.id, rung: db.transaction(() => fireDue(db, clock, m.staffIds, m.minute))() });
      } catch (err) {
        console.error('[host] ringing reminders failed:', err);
        send({ t: 'fired', id: m.id, rung: [] });
      }
      break;
    case 'clock':
      offsetMs = m.offsetMs;
      break;
    case 'close':
      if (sweep) clearInterval(sweep);
      void (jobs?.close() ?? Promise.resolve()).finally(() => {
        if (db.open) db.close();
        send({ t: 'closed' });
        port.close();
      });
      break;
  }
});

send({ t: 'ready', check: deferred });
