/**
 * The office server's per-engine part of 系统 › 备份数据库 / 恢复数据库, 帮助 › 关于 and the
 * diagnostic file, chosen once when the server starts: crm.db in the data folder (SQLite's online
 * backup API, db/backup.ts) or the office's PostgreSQL database (pg_dump / pg_restore,
 * db/engine/pg-backup.ts). The handlers in office-server.ts call this and never ask which engine
 * runs. A backup now is the data host's (`DataHost.backupTo`, which makes the same choice for the
 * writer's online backup or pg_dump); both engines' files live in `<data>/backups` and one list
 * (db/backup-files.ts listBackups) shows them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inspectBackup, restoreBackup } from '../db/backup.js';
import { PG_BACKUP_EXT, SQLITE_BACKUP_EXT, type BackupExt } from '../db/backup-files.js';
import {
  checkRestorable,
  describePg,
  inspectPgBackup,
  pgDatabaseBytes,
  pgTarget,
  restorePgBackup,
  withPgClient,
} from '../db/engine/pg-backup.js';
import { redactUrl } from '../db/engine/open-pg.js';
import { loadMigrations, schemaVersion } from '../db/open.js';
import { shownSettings, sqliteDiagnostics, type DiagnosticsDatabase } from './diagnostics.js';

export interface RestoreDone {
  /** The backup of the database as it was, in <data>/backups (null: there was none). */
  previous: string | null;
  customers: number;
}

export interface BackupStore {
  /** The extension of this engine's backups: '.db' (a SQLite file) or '.dump' (pg_dump's archive). */
  readonly ext: BackupExt;
  /** Checks a backup before anything closes: BackupRefused (a Chinese message) when it cannot be restored. */
  inspect(file: string): Promise<void>;
  /** Restores `file` — the data host must be closed; the current state is backed up first. */
  restore(file: string): Promise<RestoreDone>;
  /** 关于: where the data are (never a password or connection string) and their size. */
  about(): Promise<{ location: string; bytes: number }>;
  /** The diagnostic file's database part and settings (no customer data, no password). */
  diagnostics(): Promise<DiagnosticsDatabase>;
  /** Removes anything secret from a text bound for a log line or the diagnostic file. */
  redact(text: string): string;
}

const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

function sqliteStore(dataDir: string): BackupStore {
  const dbFile = path.join(dataDir, 'crm.db');
  return {
    ext: SQLITE_BACKUP_EXT,
    inspect: async (file) => void inspectBackup(file),
    async restore(file) {
      const done = await restoreBackup(dataDir, file);
      return { previous: done.previous, customers: done.info.customers };
    },
    about: async () => ({ location: dataDir, bytes: size(dbFile) + size(`${dbFile}-wal`) }),
    diagnostics: async () => sqliteDiagnostics(dataDir),
    redact: (text) => text,
  };
}

function pgStore(url: string, dataDir: string): BackupStore {
  const target = pgTarget(url);
  const redact = (text: string) => {
    let out = text.split(url).join(redactUrl(url));
    if (target.password) out = out.split(target.password).join('***');
    return out;
  };
  return {
    ext: PG_BACKUP_EXT,
    async inspect(file) {
      await inspectPgBackup(file);
      await checkRestorable(url); // before anything closes: the role may restore here
    },
    async restore(file) {
      const done = await restorePgBackup(url, dataDir, file);
      return { previous: done.previous, customers: done.info.customers };
    },
    // The data folder keeps the certificate, logs, settings and backups; the data are on the server.
    about: async () => ({ location: `${dataDir}（${describePg(url)}）`, bytes: await pgDatabaseBytes(url) }),
    async diagnostics() {
      const u = new URL(url);
      const database: Record<string, unknown> = {
        engine: 'PostgreSQL',
        server: u.hostname ? `${u.hostname}:${u.port || '5432'}` : '本机',
        database: target.database,
        user: target.user,
        appSchemaVersion: schemaVersion(loadMigrations()),
      };
      let settings: Record<string, string> = {};
      try {
        await withPgClient(url, async (c) => {
          const one = async <T>(sql: string) => (await c.query(sql)).rows[0] as T;
          database.serverVersion = (await one<{ v: string }>('SHOW server_version')).v;
          database.bytes = (await one<{ b: number }>('SELECT pg_database_size(current_database())::float8 AS b')).b;
          database.schemaVersion = Number(
            (await one<{ v: string }>(`SELECT v FROM schema_meta WHERE k = 'user_version'`)).v,
          );
          const tables = (
            await c.query<{ t: string }>(
              `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
            )
          ).rows.map((r) => r.t);
          const rows: Record<string, number | string> = {};
          for (const t of tables) {
            try {
              rows[t] = (await one<{ n: number }>(`SELECT count(*)::float8 AS n FROM "${t.replace(/"/g, '""')}"`)).n;
            } catch (err) {
              rows[t] = `无法计数：${(err as Error).message}`;
            }
          }
          database.rowsPerTable = rows;
          settings = shownSettings(
            (await c.query<{ key: string; value: string }>('SELECT key, value FROM setting ORDER BY key')).rows,
          );
        });
      } catch (err) {
        database.error = redact((err as Error).message);
      }
      return { database, settings };
    },
    redact,
  };
}

/** The store for the engine the data host runs on (`pgUrl`: PostgreSQL; else crm.db in `dataDir`). */
export function backupStoreOf(options: { dataDir: string; pgUrl?: string }): BackupStore {
  return options.pgUrl ? pgStore(options.pgUrl, options.dataDir) : sqliteStore(options.dataDir);
}
