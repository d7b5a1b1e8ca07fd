/**
 * Integrity of the database file: a quick check at every open, a full integrity_check weekly and
 * after a restore (with the 操作日志 chain's verification), and the errors that stop the app from
 * starting on a damaged file or on a file written by a newer version.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { backupsDirOf, listBackups, localDay } from './backup-files.js';
import { dialectOf } from './engine/dialect.js';
import type { DB } from './open.js';
import { verifyLogChain, type ChainReport } from './oplog-chain.js';

/** PRAGMA application_id of our files (set by 0008): 'KEHU'. */
export const APPLICATION_ID = 0x4b454855;

/** Days between two full integrity checks. */
export const FULL_CHECK_EVERY_DAYS = 7;

/** The file is damaged: the app must not start on it. Names the last good backup, if any. */
export class DatabaseDamagedError extends Error {
  readonly code = 'database_damaged';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly lastGoodBackup: string | null,
  ) {
    super(damagedMessage(file, detail, lastGoodBackup));
    this.name = 'DatabaseDamagedError';
  }
}

/** The file was written by a newer version of the app (its schema is newer than ours). */
export class DatabaseTooNewError extends Error {
  readonly code = 'database_too_new';
  constructor(
    readonly file: string,
    readonly fileVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `数据库文件 ${file} 由更新版本的程序写入（文件的数据结构版本为 ${fileVersion}，` +
        `本程序只支持到版本 ${appVersion}）。为防止数据丢失，本程序不会打开它：请安装最新版本的程序后再打开。`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

function damagedMessage(file: string, detail: string, backup: string | null): string {
  const dir = path.dirname(path.resolve(file));
  const name = path.basename(file);
  const head = `数据库文件已损坏（${file}：${detail}）。为防止损坏扩大，程序没有打开它。`;
  if (!backup) {
    return (
      `${head}在 ${backupsDirOf(file)} 中没有找到完好的备份。` +
      `请不要删除或覆盖这个文件（连同 ${name}-wal、${name}-shm），先把它们复制到别处保存，再联系技术支持。`
    );
  }
  return (
    `${head}最近一份完好的备份是 ${backup}。恢复方法：在 系统 › 从备份恢复 中选择这个备份；` +
    `或者关闭程序，把 ${name}、${name}-wal、${name}-shm 移到别的文件夹保存，` +
    `再把该备份复制到 ${dir} 并改名为 ${name}，然后重新启动程序。备份之后的修改需要重新录入。`
  );
}

/** SQLite error codes that mean the file itself is damaged or not a database. */
export function isCorruptionError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * The problems PRAGMA quick_check (or integrity_check) reports; empty when the file is sound. On
 * PostgreSQL, the tables that cannot be read (db/engine/dialect.ts storageProblems).
 */
export function checkProblems(db: DB, kind: 'quick_check' | 'integrity_check'): string[] {
  return dialectOf(db).storageProblems(db, kind);
}

/**
 * The newest backup in `<data>/backups/` that passes quick_check and is ours, or null. Opened
 * read-only; a damaged or foreign file is skipped.
 */
export function findLastGoodBackup(dbFile: string, limit = 10): string | null {
  for (const { file } of listBackups(backupsDirOf(dbFile)).slice(0, limit)) {
    let db: DB | null = null;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      const appId = db.pragma('application_id', { simple: true }) as number;
      const hasTables = db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name IN ('customer', 'record')`).pluck();
      if ((appId === APPLICATION_ID || hasTables.get() === 2) && checkProblems(db, 'quick_check').length === 0) {
        return file;
      }
    } catch {
      // Not a readable database: look further back.
    } finally {
      db?.close();
    }
  }
  return null;
}

export function damagedError(file: string, detail: string): DatabaseDamagedError {
  return new DatabaseDamagedError(file, detail, file === ':memory:' ? null : findLastGoodBackup(file));
}

export interface FullCheckResult {
  /** The day it ran, 'YYYY-MM-DD'. */
  on: string;
  /** integrity_check's problems (empty: the file is sound). */
  problems: string[];
  chain: ChainReport;
}

const hasMaintenance = (db: DB) => dialectOf(db).hasTable(db, 'maintenance');

/** The last full check's day, or null (never ran, or the schema predates 0008). */
export function lastFullCheck(db: DB): string | null {
  if (!hasMaintenance(db)) return null;
  return (
    (db.prepare(`SELECT value FROM maintenance WHERE key = 'full_check_on'`).pluck().get() as string | undefined) ??
    null
  );
}

/** Whether a full check is due on `today`: never ran, a week or more ago, or the clock went back. */
export function fullCheckDue(last: string | null, today: string): boolean {
  if (!last) return true;
  const days = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${last}T00:00:00Z`)) / 86_400_000;
  return !(days >= 0 && days < FULL_CHECK_EVERY_DAYS);
}

/**
 * PRAGMA integrity_check over the whole file and the 操作日志 chain's verification; the result is
 * remembered in the maintenance table (keys 'full_check_on', 'full_check', 'oplog_chain') so
 * 关于 can show it. Throws DatabaseDamagedError when integrity_check fails. A broken chain does
 * not stop the app (the data is readable; someone edited the file behind its back): it is
 * reported in the result and remembered.
 */
export function runFullCheck(db: DB, file: string, now: Date = new Date()): FullCheckResult {
  const result = fullCheckOf(db, file, now);
  recordFullCheck(db, result);
  return result;
}

/** The full check without remembering it: what a read-only connection can do (deferred checks). */
export function fullCheckOf(db: DB, file: string, now: Date = new Date()): FullCheckResult {
  const problems = checkProblems(db, 'integrity_check');
  if (problems.length > 0) throw damagedError(file, problems.slice(0, 3).join('；'));
  return { on: localDay(now), problems, chain: verifyLogChain(db) };
}

/** Remembers a full check's result (the writer's part of a deferred check). */
export function recordFullCheck(db: DB, result: FullCheckResult): void {
  if (!hasMaintenance(db) || db.readonly) return;
  const put = db.prepare(`INSERT INTO maintenance (key, value) VALUES (?, ?)
                          ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  db.transaction(() => {
    put.run('full_check_on', result.on);
    put.run('full_check', JSON.stringify({ on: result.on, ok: true }));
    put.run('oplog_chain', JSON.stringify({ on: result.on, ...result.chain }));
  })();
}

/**
 * Files up to this size are checked (quick_check) before the app starts, in well under half a
 * second; bigger ones, when the data host opens them, after the first page is shown — see
 * `deferredCheck` and server/host/host.ts. quick_check reads the whole file: ~100–180 MB/s on
 * an office PC, 15–37 s for a million customers with their contacts, records and purchases.
 */
export const CHECK_BEFORE_START_MAX_BYTES = 64 * 2 ** 20;

/** Which check a deferred start still owes: quick_check, or the weekly full check (which includes it). */
export type DeferredCheck = 'quick' | 'full';

/**
 * Runs a deferred check on a read-only connection to the file the writer opened: quick_check, or
 * the full check (integrity_check and the 操作日志 chain) when it was due. Throws
 * DatabaseDamagedError like the checks at open; returns the full check's result to be recorded
 * by the writer (recordFullCheck), or null after a quick check.
 */
export function deferredCheck(
  db: DB,
  file: string,
  kind: DeferredCheck,
  now: Date = new Date(),
): FullCheckResult | null {
  try {
    if (kind === 'full') return fullCheckOf(db, file, now);
    const problems = checkProblems(db, 'quick_check');
    if (problems.length > 0) throw damagedError(file, problems.slice(0, 3).join('；'));
    return null;
  } catch (err) {
    // A page too damaged for the check itself to read (SQLITE_CORRUPT, SQLITE_NOTADB) says the same.
    if (isCorruptionError(err) && !(err instanceof DatabaseDamagedError)) throw damagedError(file, err.message);
    throw err;
  }
}
