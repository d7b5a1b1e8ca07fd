/**
 * The background jobs of one open database (exports and import checks), and how the transport
 * hosting it wants files handed over. The router's dispatch is synchronous: a handler starts a job
 * here and returns at once; the window then polls its progress.
 *
 * The transport configures it once, after opening the database:
 * - desktop (electron/main.ts): `chooseTarget` shows the save dialog; the export is written there;
 * - browser mode (scripts/web-server.ts): no `chooseTarget`; exports go to a temporary folder and
 *   are downloaded once from a random address (`takeDownload`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '../context.js';
import { ExportJobs } from '../export/jobs.js';
import { ImportJobs } from '../import/jobs.js';
import type { DB } from '../open.js';

export interface JobsOptions {
  /**
   * Desktop: asks where to save an export (the save dialog), with the default file name.
   * Resolves to the chosen path, or null when the user cancelled.
   */
  chooseTarget?(conn: Connection, defaultName: string): Promise<string | null>;
  /** Browser mode: where exports wait for their download (default: a new folder in the system's temp). */
  tempDir?: string;
  /** Data rows per sheet (tests make it small to see the split into sheets). */
  rowLimit?: number;
}

export class Jobs {
  readonly exports: ExportJobs;
  readonly imports: ImportJobs;
  private ownTemp: string | null = null;

  constructor(
    readonly db: DB,
    readonly options: JobsOptions,
  ) {
    this.exports = new ExportJobs(this);
    this.imports = new ImportJobs(this);
  }

  /** The database file the workers open (read-only). */
  get dbFile(): string {
    return this.db.name;
  }

  /** The folder browser-mode exports are written to, created on first use. */
  tempDir(): string {
    if (this.options.tempDir) {
      fs.mkdirSync(this.options.tempDir, { recursive: true });
      return this.options.tempDir;
    }
    this.ownTemp ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-export-'));
    return this.ownTemp;
  }

  /** A window closed: its running jobs stop and their files go. */
  dropConnection(conn: Connection): void {
    this.exports.dropConnection(conn);
    this.imports.dropConnection(conn);
  }

  /** Stops every job and deletes what they left (shutdown). */
  async close(): Promise<void> {
    await Promise.all([this.exports.close(), this.imports.close()]);
    if (this.ownTemp) fs.rmSync(this.ownTemp, { recursive: true, force: true });
    this.ownTemp = null;
    if (registry.get(this.db) === this) registry.delete(this.db);
  }
}

const registry = new WeakMap<DB, Jobs>();

/** Sets how this database's jobs hand files over (replaces an earlier configuration). */
export function configureJobs(db: DB, options: JobsOptions = {}): Jobs {
  const before = registry.get(db);
  if (before) void before.close();
  const jobs = new Jobs(db, options);
  registry.set(db, jobs);
  return jobs;
}

/** The jobs of this database (browser-mode defaults when the transport configured nothing). */
export function jobsOf(db: DB): Jobs {
  return registry.get(db) ?? configureJobs(db);
}
