import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchTokens } from './fold.js';

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

/** Reads `NNNN_name.sql` files in order. Numbers must run 1, 2, 3 … without gaps. */
export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  return files.map((file, i) => {
    const version = Number(file.slice(0, 4));
    if (version !== i + 1) throw new Error(`迁移文件编号不连续: ${file}`);
    return { version, name: file, sql: fs.readFileSync(path.join(dir, file), 'utf8') };
  });
}

/** Registers the SQL functions that triggers call; every connection that writes needs them. */
function registerFunctions(db: DB): void {
  db.function('crm_search_tokens', { deterministic: true }, (text: unknown) => searchTokens(String(text ?? '')));
}

export interface OpenOptions {
  migrationsDir?: string;
  /** Called with the backup file's path when an existing database is copied before migrating. */
  onBackup?: (file: string) => void;
}

/**
 * Opens (creating if needed) the database file: WAL, foreign keys, busy timeout, then brings the
 * schema up to date. An existing file that needs migrating is first copied beside itself
 * (`crm.db.v<old>-<timestamp>.bak`, a consistent snapshot through VACUUM INTO). Each migration
 * runs in its own transaction and sets PRAGMA user_version, so a failure leaves the previous
 * version intact.
 */
export function openDatabase(file: string, options: OpenOptions = {}): DB {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    registerFunctions(db);
    migrate(db, file, options);
    return db;
  } catch (err) {
    db.close();
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

export function migrate(db: DB, file: string, options: OpenOptions = {}): void {
  const migrations = loadMigrations(options.migrationsDir);
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
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
