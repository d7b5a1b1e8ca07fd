/**
 * Open imports: a file a window sent, read and checked in a worker thread, its table kept here
 * (in memory, for this window only) until it is imported or closed. Checking again with another
 * mapping reuses the table: the file is read once.
 */
import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ImportMapping, ImportPreview, ImportProgress, ImportState, SessionUser } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { AppError, notFound } from '../errors.js';
import type { Jobs } from '../jobs/registry.js';
import { startWorker, workerFailure } from '../jobs/spawn.js';
import type { Report } from '../jobs/tasks.js';
import type { ImportChecked } from './check.js';
import type { ImportTable } from './xlsx.js';

/** An open import is forgotten after this long without being looked at. */
const KEEP_MS = 60 * 60 * 1000;
/** At most this many open imports per window. */
const MAX_OPEN = 3;

interface ImportSession {
  id: string;
  conn: Connection;
  user: SessionUser;
  fileName: string;
  /** The file until it has been read into `table`. */
  file: Uint8Array | null;
  table: ImportTable | null;
  state: ImportState;
  done: number;
  total: number | null;
  error: string | null;
  preview: ImportPreview | null;
  worker: Worker | null;
  touchedAt: number;
}

export class ImportJobs {
  private sessions = new Map<string, ImportSession>();

  constructor(private readonly host: Jobs) {}

  open(conn: Connection, user: SessionUser, fileName: string, file: Uint8Array, today: string): string {
    this.sweep();
    const mine = [...this.sessions.values()].filter((s) => s.conn === conn);
    // The oldest of a window's open imports goes first when it opens too many.
    if (mine.length >= MAX_OPEN) this.remove(mine.sort((a, b) => a.touchedAt - b.touchedAt)[0]);
    const session: ImportSession = {
      id: randomUUID(),
      conn,
      user,
      fileName,
      file,
      table: null,
      state: 'reading',
      done: 0,
      total: null,
      error: null,
      preview: null,
      worker: null,
      touchedAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    this.check(session, null, today);
    return session.id;
  }

  /** Checks the table again with another mapping (the file was read already). */
  preview(conn: Connection, id: string, mapping: ImportMapping, today: string): void {
    const session = this.own(conn, id);
    if (!session.table) throw new AppError('conflict', '文件还在读取中，请稍候');
    this.check(session, mapping, today);
  }

  private check(session: ImportSession, mapping: ImportMapping | null, today: string): void {
    if (!this.host.dbFile || this.host.dbFile === ':memory:') {
      throw new AppError('internal', '内存中的数据库不能在后台检查导入文件');
    }
    void session.worker?.terminate();
    session.state = session.table ? 'checking' : 'reading';
    session.done = 0;
    session.total = session.table?.rows.length ?? null;
    session.error = null;
    session.preview = null;
    const worker = startWorker({
      kind: 'import',
      dbFile: this.host.dbFile,
      user: { id: session.user.id, name: session.user.name, role: session.user.role },
      today,
      file: session.table ? null : session.file,
      table: session.table,
      mapping,
    });
    session.worker = worker;
    const mine = () => session.worker === worker;
    worker.on('message', (r: Report) => {
      if (!mine()) return;
      if (r.type === 'progress') {
        if (r.total !== null && session.state === 'reading') session.state = 'checking';
        session.done = r.done;
        session.total = r.total;
      } else if (r.type === 'done' && 'preview' in r.value) {
        const value = r.value as ImportChecked;
        session.table = value.table;
        session.file = null;
        session.preview = value.preview;
        session.done = value.preview.counts.rows;
        session.total = value.preview.counts.rows;
        session.state = 'ready';
        session.worker = null;
      } else if (r.type === 'error') {
        session.state = 'failed';
        session.error = r.message;
        session.worker = null;
      }
    });
    worker.on('error', (err) => {
      if (!mine()) return;
      session.state = 'failed';
      session.error = workerFailure(err, '检查导入文件');
      session.worker = null;
    });
    worker.on('exit', () => {
      if (!mine()) return;
      session.worker = null;
      if (session.state === 'reading' || session.state === 'checking') {
        session.state = 'failed';
        session.error = '检查导入文件时意外中止';
      }
    });
  }

  private own(conn: Connection, id: string): ImportSession {
    this.sweep();
    const session = this.sessions.get(id);
    if (!session || session.conn !== conn) throw notFound('导入');
    session.touchedAt = Date.now();
    return session;
  }

  progress(conn: Connection, id: string): ImportProgress {
    const s = this.own(conn, id);
    return {
      importId: s.id,
      fileName: s.fileName,
      state: s.state,
      done: s.done,
      total: s.total,
      error: s.error,
      preview: s.preview,
    };
  }

  /** The read table of an import, for the commit; only the user who opened it may import it. */
  table(conn: Connection, id: string, userId: number): { table: ImportTable; fileName: string } {
    const s = this.own(conn, id);
    if (s.user.id !== userId) throw notFound('导入');
    if (!s.table) throw new AppError('conflict', '文件还在读取中，请稍候');
    return { table: s.table, fileName: s.fileName };
  }

  forget(conn: Connection, id: string): void {
    const s = this.sessions.get(id);
    if (s && s.conn === conn) this.remove(s);
  }

  private remove(s: ImportSession): void {
    void s.worker?.terminate();
    s.worker = null;
    this.sessions.delete(s.id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const s of this.sessions.values()) if (now - s.touchedAt > KEEP_MS) this.remove(s);
  }

  dropConnection(conn: Connection): void {
    for (const s of [...this.sessions.values()]) if (s.conn === conn) this.remove(s);
  }

  async close(): Promise<void> {
    const workers = [...this.sessions.values()].flatMap((s) => (s.worker ? [s.worker] : []));
    this.sessions.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
