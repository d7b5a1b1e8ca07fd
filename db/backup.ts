/**
 * Backups and restore of crm.db, through SQLite's online backup API (never a file copy of a live
 * database). A plain module: the transport that hosts the database calls it.
 *
 * How to call it (the desktop app's main process / the office server, after openDatabase):
 *
 *   // At start, once the database is open: the first start of each day writes
 *   // <data>/backups/crm-YYYY-MM-DD.db and prunes old ones (last 30 days + first of each of the
 *   // last 12 months). Stepwise: it yields to the event loop between steps, so serve requests meanwhile.
 *   const daily = await dailyBackup(db, dataDir, { onProgress: (p) => show(p.fraction) });
 *
 *   // 系统 › 备份到…: the user picked a file in a save dialog.
 *   await backupTo(db, chosenFile, { onProgress });
 *
 *   // 系统 › 从备份恢复…: the user picked a file. First inspectBackup(file) to show what it is
 *   // (throws BackupRefused with a Chinese message when it is not ours or is too new). Then CLOSE
 *   // every connection to crm.db (the router's, the jobs' workers: await jobs.close(); db.close()),
 *   // restore, and open again with openDatabase (which migrates an older backup):
 *   const done = await restoreBackup(dataDir, file, { onProgress });
 *   db = openDatabase(done.file);
 *
 * Progress is reported as { phase, totalPages, remainingPages, fraction } after each step.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKUPS_FOLDER,
  backupKindOf,
  fsyncDir,
  fsyncFile,
  beforeRestoreFile,
  dailyBackupName,
  localDay,
  localStamp,
  pruneDailyBackups,
  SQLITE_BACKUP_EXT,
} from './backup-files.js';
import { APPLICATION_ID, checkProblems } from './integrity.js';
import { loadMigrations, schemaVersion, type DB } from './open.js';

export const DB_FILE = 'crm.db';

export interface BackupProgress {
  /** 'copy': copying pages; 'check': integrity_check of the restored copy; 'previous': backing up the current file before a restore. */
  phase: 'copy' | 'check' | 'previous';
  totalPages: number;
  remainingPages: number;
  /** 0 … 1 of this phase. */
  fraction: number;
}

export interface BackupOptions {
  onProgress?: (p: BackupProgress) => void;
  /** Pages copied per step (4 KiB each); between steps the event loop runs. */
  pagesPerStep?: number;
}

/** A backup or restore refused for a reason the user can act on (message in Chinese). */
export class BackupRefused extends Error {
  readonly code = 'backup_refused';
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

const removeSidecars = (file: string) => {
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
};

/** A backup is one self-contained file (rollback journal, not WAL): copy it anywhere as it is. */
function standalone(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  removeSidecars(file);
}

/** Runs the backup API from `source` into `target` (a new file), reporting each step. */
async function copyPages(source: DB, target: string, phase: BackupProgress['phase'], options: BackupOptions) {
  const step = Math.max(1, options.pagesPerStep ?? 256);
  const report = (totalPages: number, remainingPages: number) =>
    options.onProgress?.({
      phase,
      totalPages,
      remainingPages,
      fraction: totalPages ? (totalPages - remainingPages) / totalPages : 1,
    });
  const done = await source.backup(target, {
    progress: ({ totalPages, remainingPages }) => {
      report(totalPages, remainingPages);
      return step;
    },
  });
  report(done.totalPages, 0);
  return done.totalPages;
}

/**
 * Backs the open database up into `target` (replacing it), with progress. The pages go to a
 * temporary file in the same folder first, which is synced and then renamed over `target`: a
 * failed or interrupted backup never leaves a half-written file under the chosen name.
 */
export async function backupTo(
  db: DB,
  target: string,
  options: BackupOptions = {},
): Promise<{ file: string; pages: number }> {
  const file = path.resolve(target);
  if (file === path.resolve(db.name)) throw new BackupRefused('不能备份到数据库文件本身，请选择另一个文件');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.part-${randomBytes(4).toString('hex')}`;
  try {
    const pages = await copyPages(db, temp, 'copy', options);
    standalone(temp);
    fsyncFile(temp);
    removeSidecars(file);
    fs.renameSync(temp, file);
    fsyncDir(path.dirname(file));
    return { file, pages };
  } catch (err) {
    fs.rmSync(temp, { force: true });
    removeSidecars(temp);
    if ((err as { code?: string }).code === 'SQLITE_FULL' || (err as { code?: string }).code === 'ENOSPC') {
      throw new BackupRefused(`磁盘空间不足，备份没有完成：${file}`);
    }
    throw err;
  }
}

// The retention rule is the same for both engines' daily backups (db/backup-files.ts).
export { backupsToKeep } from './backup-files.js';

export interface DailyBackupResult {
  /** The backup of today (already there, or just written). */
  file: string;
  /** Whether this call wrote it (false: an earlier start today already did). */
  created: boolean;
  /** Old daily backups deleted by the retention rule. */
  removed: string[];
}

/**
 * The daily backup: at the first start of each day (local date), `<data>/backups/crm-YYYY-MM-DD.db`
 * through the backup API; then old daily backups are pruned (backupsToKeep). Other files in the
 * folder (before-restore copies, the user's own) are left alone.
 */
export async function dailyBackup(
  db: DB,
  dataDir: string,
  options: BackupOptions & { now?: Date } = {},
): Promise<DailyBackupResult> {
  const dir = path.join(dataDir, BACKUPS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const today = localDay(options.now ?? new Date());
  const file = path.join(dir, dailyBackupName(today));
  let created = false;
  if (!fs.existsSync(file)) {
    await backupTo(db, file, options);
    created = true;
  }
  const removed = pruneDailyBackups(dir, today, SQLITE_BACKUP_EXT);
  return { file, created, removed };
}

export interface BackupInfo {
  file: string;
  /** The file's schema version (PRAGMA user_version). */
  version: number;
  /** This app's schema version. */
  appVersion: number;
  /** Opening it will migrate it (a backup from an older version). */
  needsMigration: boolean;
  customers: number;
}

/** The tables every backup of this app has (either engine). */
export const REQUIRED_TABLES = ['staff', 'customer_status', 'customer', 'contact', 'record'];

/**
 * Checks that `file` is a database of this app (application_id, or our tables for files from
 * before 0008), of a version this app can open or migrate, and passes quick_check. Throws
 * BackupRefused with a Chinese message otherwise.
 */
export function inspectBackup(file: string, options: { migrationsDir?: string } = {}): BackupInfo {
  const appVersion = schemaVersion(loadMigrations(options.migrationsDir));
  if (!fs.existsSync(file)) throw new BackupRefused(`找不到文件：${file}`);
  const kind = backupKindOf(file);
  if (kind === 'pg') {
    throw new BackupRefused(
      `${file} 是 PostgreSQL 的备份（pg_dump），这里的数据保存在 crm.db 中，不能用它恢复：请在使用 PostgreSQL 的服务器上恢复`,
    );
  }
  let db: DB;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
  } catch {
    // A file with SQLite's header that cannot be read is a cut-off or damaged database.
    throw new BackupRefused(
      kind === 'sqlite'
        ? `${file} 已损坏或不完整（例如复制时中断），不能用来恢复`
        : `${file} 不是数据库文件，不能用来恢复`,
    );
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== 0 && appId !== APPLICATION_ID) {
      throw new BackupRefused(`${file} 是其他程序的数据库，不是本程序的备份，不能用来恢复`);
    }
    const tables = new Set(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]);
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    const version = db.pragma('user_version', { simple: true }) as number;
    if (missing.length > 0 || version === 0) {
      throw new BackupRefused(`${file} 不是本程序的备份（缺少客户资料等数据表），不能用来恢复`);
    }
    if (version > appVersion) {
      throw new BackupRefused(
        `${file} 由更新版本的程序写入（文件的数据结构版本为 ${version}，本程序只支持到版本 ${appVersion}）：请先安装最新版本的程序再恢复`,
      );
    }
    const problems = checkProblems(db, 'quick_check');
    if (problems.length > 0) throw new BackupRefused(`${file} 已损坏（${problems[0]}），不能用来恢复`);
    const customers = db.prepare(`SELECT count(*) FROM customer`).pluck().get() as number;
    return { file, version, appVersion, needsMigration: version < appVersion, customers };
  } catch (err) {
    if (err instanceof BackupRefused) throw err;
    throw new BackupRefused(`${file} 无法读取（${(err as Error).message}），不能用来恢复`);
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  /** crm.db, now holding the restored data (open it with openDatabase). */
  file: string;
  restoredFrom: string;
  /** Where the database as it was before the restore was saved (null: there was none). */
  previous: string | null;
  info: BackupInfo;
}

/**
 * Replaces `<dataDir>/crm.db` with the backup `candidate`, safely:
 * 1. inspectBackup (ours, not too new, quick_check);
 * 2. copies it with the backup API to a temporary file in the data folder, and runs a full
 *    integrity_check on that copy;
 * 3. saves the current crm.db to `<data>/backups/crm-before-restore-<time>.db` (backup API; a
 *    damaged one that cannot be read is copied as files instead, -wal included);
 * 4. deletes crm.db-wal and -shm (they belong to the old file), renames the copy to crm.db, and
 *    syncs the folder.
 * Every connection to crm.db must be closed before calling this; open it again afterwards.
 */
export async function restoreBackup(
  dataDir: string,
  candidate: string,
  options: BackupOptions & { migrationsDir?: string; now?: Date } = {},
): Promise<RestoreResult> {
  const target = path.resolve(dataDir, DB_FILE);
  const source = path.resolve(candidate);
  if (source === target) throw new BackupRefused('不能用正在使用的数据库文件恢复自身，请选择一个备份文件');
  const info = inspectBackup(source, options);
  const stamp = localStamp(options.now ?? new Date());
  fs.mkdirSync(dataDir, { recursive: true });
  const temp = path.join(path.dirname(target), `${DB_FILE}.restore-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const src = new Database(source, { readonly: true, fileMustExist: true });
    try {
      await copyPages(src, temp, 'copy', options);
    } finally {
      src.close();
    }
    const copy = new Database(temp);
    try {
      options.onProgress?.({ phase: 'check', totalPages: 1, remainingPages: 1, fraction: 0 });
      const problems = checkProblems(copy, 'integrity_check');
      if (problems.length > 0) throw new BackupRefused(`备份文件没有通过完整性检查（${problems[0]}），没有恢复`);
      options.onProgress?.({ phase: 'check', totalPages: 1, remainingPages: 0, fraction: 1 });
    } finally {
      copy.close();
    }
    removeSidecars(temp);
    fsyncFile(temp);

    const previous = fs.existsSync(target) ? await saveCurrent(target, dataDir, stamp, options) : null;
    removeSidecars(target);
    fs.renameSync(temp, target);
    fsyncDir(path.dirname(target));
    return { file: target, restoredFrom: source, previous, info };
  } catch (err) {
    fs.rmSync(temp, { force: true });
    removeSidecars(temp);
    throw err;
  }
}

/** The current crm.db into backups/ before it is replaced. */
async function saveCurrent(target: string, dataDir: string, stamp: string, options: BackupOptions): Promise<string> {
  const dir = path.join(dataDir, BACKUPS_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  let file = beforeRestoreFile(dir, stamp, SQLITE_BACKUP_EXT);
  try {
    const current = new Database(target, { fileMustExist: true });
    try {
      await copyPages(current, file, 'previous', options);
    } finally {
      current.close();
    }
    standalone(file);
    fsyncFile(file);
    return file;
  } catch {
    // Unreadable (that is often why one restores): keep its files exactly as they are.
    fs.rmSync(file, { force: true });
    removeSidecars(file);
    file = file.replace(/\.db$/, '.damaged.db');
    fs.copyFileSync(target, file);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(target + suffix)) fs.copyFileSync(target + suffix, file + suffix);
    }
    return file;
  }
}
