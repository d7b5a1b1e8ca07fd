/**
 * The background worker's own read-only connection to the office's database, either engine: a
 * SQLite file (WAL lets it read while the application writes) or a PostgreSQL connection string.
 */
import Database from 'better-sqlite3';
import { isPgUrl } from '../engine/dialect.js';
import { openPgDatabase } from '../engine/open-pg.js';
import type { DB } from '../open.js';

export function openReadOnly(dbFile: string): DB {
  const db = isPgUrl(dbFile)
    ? openPgDatabase(dbFile, { readonly: true })
    : (new Database(dbFile, { readonly: true, fileMustExist: true }) as DB);
  db.pragma('busy_timeout = 5000');
  return db;
}
