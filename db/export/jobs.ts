/**
 * Running exports: each in its own worker thread (db/jobs/worker.ts), owned by the window
 * (Connection) that started it — only that window sees its progress, cancels it or downloads it.
 *
 * The file is written beside its target under a temporary name and renamed when complete, so a
 * cancelled or failed export never leaves a half-written file under the chosen name (nor destroys
 * a file it was to replace). Cancelling terminates the worker and deletes the partial file.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ExportProgress, ExportStarted, ExportState, SessionUser } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { AppError, notFound } from '../errors.js';
import type { Jobs } from '../jobs/registry.js';
import { startWorker, workerFailure } from '../jobs/spawn.js';
import type { Report } from '../jobs/tasks.js';
import type { BuiltExport } from './specs.js';

/** At most this many exports run at once for one window. */
const MAX_RUNNING = 2;
/** A finished export is forgotten (and an undownloaded file deleted) after this long. */
const KEEP_MS = 15 * 60 * 1000;

interface ExportJob {
  id: string;
  conn: Connection;
  userId: number;
  built: BuiltExport;
  state: ExportState;
  done: number;
  total: number | null;
  sheets: number;
  error: string | null;
  worker: Worker | null;
  /** Being written; renamed to `target` when complete. */
  part: string | null;
  target: string | null;
  /** Browser mode: the one-time download token, until used. */
  token: string | null;
  savedTo: string | null;
  finishedAt: number | null;
}

const isActive = (j: ExportJob) => j.state === 'choosing' || j.state === 'running';

export class ExportJobs {
  private jobs = new Map<string, ExportJob>();

  constructor(private readonly host: Jobs) {}

  start(conn: Connection, user: SessionUser, built: BuiltExport): ExportStarted {
    this.sweep();
    if (!this.host.dbFile || this.host.dbFile === ':memory:') {
      throw new AppError('internal', '内存中的数据库不能在后台导出');
    }
    const running = [...this.jobs.values()].filter((j) => j.conn === conn && isActive(j)).length;
    if (running >= MAX_RUNNING) throw new AppError('conflict', '已有导出正在进行，请等它完成或取消后再导出');
    const job: ExportJob = {
      id: randomUUID(),
      conn,
      userId: user.id,
      built,
      state: 'choosing',
      done: 0,
      total: null,
      sheets: 0,
      error: null,
      worker: null,
      part: null,
      target: null,
      token: null,
      savedTo: null,
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    const choose = this.host.options.chooseTarget;
    if (choose) {
      // Desktop: the save dialog first; closing it cancels the export.
      choose(conn, built.fileName).then(
        (target) => {
          if (job.state !== 'choosing') return;
          if (target) this.run(job, target.toLowerCase().endsWith('.xlsx') ? target : `${target}.xlsx`);
          else this.finish(job, 'cancelled');
        },
        (err: unknown) => this.finish(job, 'failed', `无法选择保存位置：${(err as Error)?.message ?? String(err)}`),
      );
    } else {
      this.run(job, path.join(this.host.tempDir(), `${job.id}.xlsx`));
    }
    return { jobId: job.id, fileName: built.fileName };
  }

  private run(job: ExportJob, target: string): void {
    job.state = 'running';
    job.target = target;
    job.part = path.join(path.dirname(target), `.${path.basename(target)}.${job.id.slice(0, 8)}.part`);
    let worker: Worker;
    try {
      worker = startWorker({
        kind: 'export',
        dbFile: this.host.dbFile,
        sql: job.built.sql,
        countSql: job.built.countSql,
        params: job.built.params,
        title: job.built.title,
        columns: job.built.columns,
        file: job.part,
        rowLimit: this.host.options.rowLimit,
      });
    } catch (err) {
      this.finish(job, 'failed', (err as Error)?.message ?? String(err));
      return;
    }
    job.worker = worker;
    worker.on('message', (r: Report) => {
      if (job.state !== 'running') return;
      if (r.type === 'progress') {
        job.done = r.done;
        job.total = r.total;
      } else if (r.type === 'done' && 'sheets' in r.value) {
        job.done = r.value.rows;
        job.sheets = r.value.sheets;
        this.complete(job);
      } else if (r.type === 'error') {
        this.finish(job, 'failed', r.message);
      }
    });
    worker.on('error', (err) => this.finish(job, 'failed', workerFailure(err, '导出')));
    worker.on('exit', (code) => {
      job.worker = null;
      if (job.state === 'running') this.finish(job, 'failed', `导出意外中止（${code}）`);
    });
  }

  /** The file is complete: move it to its name (desktop) or offer it for download (browser). */
  private complete(job: ExportJob): void {
    try {
      fs.renameSync(job.part!, job.target!);
    } catch (err) {
      const busy = ['EBUSY', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '');
      this.finish(
        job,
        'failed',
        busy
          ? `无法保存到 ${job.target}：文件可能正在 Excel 中打开，请关闭后重新导出`
          : `无法保存到 ${job.target}：${(err as Error).message}`,
      );
      return;
    }
    job.part = null;
    if (this.host.options.chooseTarget) job.savedTo = job.target;
    else job.token = randomBytes(24).toString('hex');
    this.finish(job, 'done');
  }

  private finish(job: ExportJob, state: ExportState, error: string | null = null): void {
    if (!isActive(job)) return;
    job.state = state;
    job.error = error;
    job.finishedAt = Date.now();
    const worker = job.worker;
    job.worker = null;
    const part = job.part;
    job.part = null;
    if (state === 'done') {
      void worker?.terminate();
      return;
    }
    // Cancelled or failed: stop writing, then delete what was written.
    const remove = () => part && fs.rmSync(part, { force: true });
    if (worker) void worker.terminate().then(remove, remove);
    else remove();
  }

  private own(conn: Connection, jobId: string): ExportJob {
    const job = this.jobs.get(jobId);
    if (!job || job.conn !== conn) throw notFound('导出任务');
    return job;
  }

  progress(conn: Connection, jobId: string): ExportProgress {
    this.sweep();
    const job = this.own(conn, jobId);
    return {
      jobId: job.id,
      title: job.built.title,
      fileName: job.built.fileName,
      state: job.state,
      done: job.done,
      total: job.total,
      sheets: job.sheets,
      error: job.error,
      download: job.token ? `/download/${job.token}` : null,
      savedTo: job.savedTo,
    };
  }

  cancel(conn: Connection, jobId: string): ExportProgress {
    const job = this.own(conn, jobId);
    this.finish(job, 'cancelled');
    this.dropDownload(job);
    return this.progress(conn, jobId);
  }

  /**
   * Browser mode: the file of a finished export, once. The token is bound to the window's login:
   * it is refused once that window has logged out or another user has logged in there.
   * The caller sends the file and then deletes it.
   */
  takeDownload(token: string): { file: string; fileName: string } | null {
    this.sweep();
    if (!/^[0-9a-f]{48}$/.test(token)) return null;
    const job = [...this.jobs.values()].find((j) => j.token === token);
    if (!job || job.state !== 'done' || !job.target) return null;
    if (job.conn.session?.id !== job.userId) return null;
    job.token = null;
    return { file: job.target, fileName: job.built.fileName };
  }

  private dropDownload(job: ExportJob): void {
    if (job.token && job.target) fs.rmSync(job.target, { force: true });
    job.token = null;
  }

  /** Forgets long-finished jobs and deletes downloads nobody fetched. */
  private sweep(): void {
    const now = Date.now();
    for (const job of this.jobs.values()) {
      if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) {
        this.dropDownload(job);
        this.jobs.delete(job.id);
      }
    }
  }

  dropConnection(conn: Connection): void {
    for (const job of [...this.jobs.values()].filter((j) => j.conn === conn)) {
      this.finish(job, 'cancelled');
      this.dropDownload(job);
      this.jobs.delete(job.id);
    }
  }

  async close(): Promise<void> {
    const waits: Promise<unknown>[] = [];
    for (const job of this.jobs.values()) {
      const worker = job.worker;
      const part = job.part;
      job.worker = null;
      if (isActive(job)) {
        job.state = 'cancelled';
        job.finishedAt = Date.now();
      }
      job.part = null;
      const remove = () => part && fs.rmSync(part, { force: true });
      waits.push((worker ? worker.terminate() : Promise.resolve()).then(remove, remove));
      this.dropDownload(job);
    }
    this.jobs.clear();
    await Promise.all(waits);
  }
}
