/**
 * Opens an office's PostgreSQL database as the data layer's `DB` and brings its schema up to
 * date: the same numbered migrations as SQLite, one version number for both engines. A
 * PostgreSQL database starts at version 13 from one baseline (`migrations/pg/0013_baseline.sql`:
 * no PostgreSQL office exists at an older version); every later migration is written twice,
 * `migrations/NNNN_x.sql` and `migrations/pg/NNNN_x.sql`. A database written by a newer app is
 * refused, as a newer crm.db is.
 *
 * Several office servers may open one database at once: a migration takes an advisory lock and
 * reads the version again under it, so exactly one of them migrates.
 */
import path from 'node:path';
import { searchTokens } from '../../core/fold.js';
import { tsvectorOf } from '../customers/search-sql.js';
import { DatabaseTooNewError } from '../integrity.js';
import { defaultMigrationsDir, loadMigrations, schemaVersion, type DB, type Migration } from '../open.js';
import { MAKE_REVISION, PgDatabase, REVISION_TABLE, schemaVersionOf, type PgOpenOptions } from './pg-database.js';

export const pgMigrationsDir = (sqliteDir = defaultMigrationsDir()) => path.join(sqliteDir, 'pg');

/** The lock every migrating server takes (any constant; the same for every app version). */
const MIGRATION_LOCK = 5_179_013;

/** A connection string without its password, for logs, errors and the diagnostic file. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.searchParams.delete('password');
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@').replace(/password=[^&\s]*/gi, 'password=***');
  }
}

export interface OpenPgOptions extends PgOpenOptions {
  /** The SQLite migrations' folder; the PostgreSQL ones are its `pg/` (tests). */
  migrationsDir?: string;
}

export function openPgDatabase(url: string, options: OpenPgOptions = {}): DB {
  const db = new PgDatabase(url, options);
  try {
    const sqliteDir = options.migrationsDir ?? defaultMigrationsDir();
    const newest = schemaVersion(loadMigrations(sqliteDir));
    const current = schemaVersionOf(db);
    if (current > newest) throw new DatabaseTooNewError(redactUrl(url), current, newest);
    if (!options.readonly) {
      if (current < newest) migratePg(db, loadMigrations(pgMigrationsDir(sqliteDir)), newest);
      ensureRevision(db);
      db.onCommit(refreshSearch);
    }
    return db as unknown as DB;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migratePg(db: PgDatabase, migrations: Migration[], newest: number): void {
  const last = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (last !== newest) {
    throw new Error(
      `PostgreSQL 的迁移文件只到版本 ${last}，程序的数据结构版本是 ${newest}：缺少 migrations/pg 里的迁移`,
    );
  }
  db.transaction(() => {
    db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Another server may have migrated while this one waited for the lock.
    const current = schemaVersionOf(db);
    const pending = migrations.filter((m) => m.version > current);
    if (current === 0 && pending[0]?.name.includes('baseline') !== true) {
      throw new Error('空的 PostgreSQL 数据库要从基线迁移（pg/0013_baseline.sql）开始');
    }
    for (const m of current === 0 ? pending.slice(pending.findIndex((p) => p.name.includes('baseline'))) : pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  db.schemaChanged();
}

/**
 * The database's revision counter (REVISION_TABLE), made by the first server to open it: its
 * writes bump it from then on. Made only when missing (CREATE needs the schema's owner; an app
 * role with DML grants only finds it made), under the migrations' lock (two servers at once).
 */
function ensureRevision(db: PgDatabase): void {
  const made = () =>
    db.query(`SELECT to_regclass('${REVISION_TABLE}') IS NOT NULL AS ok`, [], true).rows[0] as [boolean];
  if (!made()[0]) {
    db.transaction(() => {
      db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (!made()[0]) for (const sql of MAKE_REVISION) db.query(sql);
    })();
  }
  db.counted = true;
}

/**
 * The search documents of the customers this transaction touched (PostgreSQL's triggers list
 * them in customer_search_dirty; SQLite's triggers compute them through crm_search_tokens): the
 * same tokens from the same JavaScript, stored as customer_search.doc (customers/search-sql.ts).
 */
export function refreshSearch(db: PgDatabase): void {
  const ids = (db.query('DELETE FROM customer_search_dirty RETURNING id', [], true).rows as number[][]).map(
    (r) => r[0],
  );
  if (ids.length === 0) return;
  const rows = db.query('SELECT id, text, scope FROM customer_search_text WHERE id = ANY($1::bigint[])', [ids], true)
    .rows as Array<[number, string, string]>;
  const docs = rows.map(([id, text, scope]) => [
    id,
    tsvectorOf(`${searchTokens(text ?? '')}${scope ?? ''}`.split(' ').filter(Boolean)),
  ]);
  if (docs.length) {
    db.query(
      `INSERT INTO customer_search (id, doc)
       SELECT (e->>0)::bigint, CAST(e->>1 AS tsvector) FROM jsonb_array_elements($1::jsonb) e
       ON CONFLICT (id) DO UPDATE SET doc = excluded.doc`,
      [JSON.stringify(docs)],
    );
  }
  if (docs.length < ids.length) {
    const kept = new Set(rows.map((r) => r[0]));
    db.query('DELETE FROM customer_search WHERE id = ANY($1::bigint[])', [ids.filter((id) => !kept.has(id))]);
  }
}
