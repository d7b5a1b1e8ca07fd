import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localDay } from './backup-files.js';
import { searchTokens } from '../core/fold.js';
import {
  CHECK_BEFORE_START_MAX_BYTES,
  checkProblems,
  damagedError,
  DatabaseDamagedError,
  DatabaseTooNewError,
  fullCheckDue,
  isCorruptionError,
  lastFullCheck,
  runFullCheck,
  type DeferredCheck,
  type FullCheckResult,
} from './integrity.js';
import { sealLegacyLogs } from './oplog-chain.js';

export type DB = Database.Database;

/** Where the numbered migrations live: beside this module (copied beside the Electron bundle). */
export function defaultMigrationsDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Reads `NNNN_name.sql` files in order. Numbers start at 1 and rise; each number is used once.
 * (Gaps are allowed while branches that own different numbers are merged: 0005 and 0007 belong
 * to another branch than 0006 and 0008.)
 */
export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  let last = 0;
  return files.map((file) => {
    const version = Number(file.slice(0, 4));
    if (version <= last) throw new Error(`迁移文件编号重复或不是从 1 开始: ${file}`);
    last = version;
    return { version, name: file, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
}

/** The newest schema version this app knows (the last migration's number). */
export function schemaVersion(migrations = loadMigrations()): number {
  return migrations.length ? migrations[migrations.length - 1].version : 0;
}

/** Registers the SQL functions that triggers call; every connection that writes needs them. */
function registerFunctions(db: DB): void {
  db.function('crm_search_tokens', { deterministic: true }, (text: unknown) => searchTokens(String(text ?? '')));
}

export interface OpenOptions {
  migrationsDir?: string;
  /** Called with the backup file's path when an existing database is copied before migrating. */
  onBackup?: (file: string) => void;
  /**
   * The full integrity_check (and 操作日志 chain verification): 'weekly' (default) runs it when
   * the last one is a week old or more, 'always' at this open, 'never' skips it (quick_check
   * still runs).
   */
  fullCheck?: 'weekly' | 'always' | 'never';
  /** Called with the full check's result when one ran at this open. */
  onFullCheck?: (result: FullCheckResult) => void;
  /**
   * The data host: a file bigger than CHECK_BEFORE_START_MAX_BYTES with no migration pending is
   * not checked here; `onDeferred` is told which check it still owes ('quick', or 'full' when the
   * weekly one is due), and the host runs it on a reader while the first page is served
   * (server/host/host.ts). Without this option every open checks before returning.
   */
  onDeferred?: (check: DeferredCheck) => void;
  /** The size above which onDeferred applies (default CHECK_BEFORE_START_MAX_BYTES; tests: 0). */
  checkBeforeStartMaxBytes?: number;
  /** The clock of the weekly check (tests). */
  now?: () => Date;
}

/**
 * Opens (creating if needed) the database file: WAL, foreign keys, busy timeout, synchronous FULL,
 * then checks and brings the schema up to date:
 * - a file written by a newer app (user_version above our last migration) is refused
 *   (DatabaseTooNewError, naming both versions);
 * - PRAGMA quick_check at every open, and a full integrity_check weekly (options.fullCheck) — for
 *   the data host's big files right after the open (options.onDeferred); a
 *   damaged file throws DatabaseDamagedError, whose message names the last good backup in
 *   `<data>/backups/` and how to restore it — the app never starts on a damaged file;
 * - an existing file that needs migrating is first copied beside itself
 *   (`crm.db.v<old>-<timestamp>.bak`, a consistent snapshot through VACUUM INTO). Each migration
 *   runs in its own transaction and sets PRAGMA user_version, so a failure leaves the previous
 *   version intact;
 * - 操作日志 rows from before 0006 are sealed into the chain (oplog-chain.ts).
 */
/** The file's size with its WAL (0 for an in-memory database or a missing file). */
function fileBytes(file: string): number {
  if (file === ':memory:') return 0;
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  return size(file) + size(`${file}-wal`);
}

export function openDatabase(file: string, options: OpenOptions = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: DB;
  try {
    db = new Database(file);
  } catch (err) {
    if (isCorruptionError(err)) throw damagedError(file, err.message);
    throw err;
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // FULL, not NORMAL: in WAL mode NORMAL does not sync at each commit, so a power cut can lose
    // the last saves the user was told succeeded. FULL syncs the WAL at every commit (one fsync
    // per save; the router commits once per call, so a save costs one fsync). Measured on the
    // build VM's disk: 2–4 ms per commit with FULL against 0.2 ms with NORMAL — nothing a person
    // saving a form notices, and an import commits in chunks, not per row.
    db.pragma('synchronous = FULL');
    registerFunctions(db);
    const migrations = loadMigrations(options.migrationsDir);
    const newest = schemaVersion(migrations);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > newest) throw new DatabaseTooNewError(file, current, newest);
    const mode = options.fullCheck ?? 'weekly';
    // A big file that needs no migration may open before its check (the data host runs it next).
    const defer =
      !!options.onDeferred &&
      mode !== 'always' &&
      current === newest &&
      fileBytes(file) > (options.checkBeforeStartMaxBytes ?? CHECK_BEFORE_START_MAX_BYTES);
    if (!defer) {
      const problems = checkProblems(db, 'quick_check');
      if (problems.length > 0) throw damagedError(file, problems.slice(0, 3).join('；'));
    }
    migrate(db, file, options, migrations);
    sealLegacyLogs(db);
    const now = options.now?.() ?? new Date();
    const fullDue = mode === 'always' || (mode === 'weekly' && fullCheckDue(lastFullCheck(db), localDay(now)));
    if (defer) options.onDeferred!(fullDue ? 'full' : 'quick');
    else if (fullDue) {
      const result = runFullCheck(db, file, now);
      options.onFullCheck?.(result);
    }
    return db;
  } catch (err) {
    db.close();
    if (isCorruptionError(err) && !(err instanceof DatabaseDamagedError)) throw damagedError(file, err.message);
    throw err;
  }
}

/**
 * A read-only connection to a database another connection of this process has opened and
 * migrated (the data host's read workers): a write through it fails, so a read method that
 * tried to write would be caught.
 */
export function openReader(file: string): DB {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = ON');
    registerFunctions(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function migrate(
  db: DB,
  file: string,
  options: OpenOptions = {},
  migrations = loadMigrations(options.migrationsDir),
): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (current > 0 && file !== ':memory:') {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    let backup = `${file}.v${current}-${stamp}.bak`;
    // VACUUM INTO refuses an existing file: a retry within the same second gets its own name.
    for (let n = 2; fs.existsSync(backup); n++) backup = `${file}.v${current}-${stamp}-${n}.bak`;
    db.prepare('VACUUM INTO ?').run(backup);
    options.onBackup?.(backup);
  }
  for (const m of pending) {
    // A migration that rebuilds a table others refer to (SQLite cannot alter a CHECK) says so on
    // its first line: it runs with foreign keys off — they cannot change inside a transaction —
    // and every foreign key is checked before it commits (SQLite's 12-step ALTER TABLE).
    const fkOff = m.sql.startsWith('-- migrate: foreign_keys off');
    if (fkOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (fkOff) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`${m.name}：${broken.length} 个外键不成立，迁移已撤销`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (fkOff) db.pragma('foreign_keys = ON');
    }
  }
}
