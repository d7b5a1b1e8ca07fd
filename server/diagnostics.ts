/**
 * 帮助 › 售后服务's diagnostic bundle: what a support person needs to help an office, and no
 * customer data. Read-only: a read-only connection to crm.db for the schema version and the row
 * count of each table; settings only from an allow-list (the rest say whether they are set);
 * the last lines of the server log (which never holds customer data: server/log.ts).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listBackups } from '../db/backup-files.js';
import { loadMigrations, schemaVersion } from '../db/open.js';

/** Settings whose values go into the bundle; every other key only says 已设置 / 未设置. */
const SHOWN_SETTINGS = new Set(['company.name', 'fees.window_days', 'support.phone', 'support.contact', 'support.web']);

export interface DiagnosticsInput {
  dataDir: string;
  appVersion: string;
  mode: 'local' | 'host';
  office: { lanEnabled: boolean; port: number; listening: boolean; idleHours: number; fingerprint: string };
  sessions: number;
  logTail: string[];
  now?: Date;
}

const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);

/** The bundle's database part: engine facts and row counts, and the settings (allow-listed values). */
export interface DiagnosticsDatabase {
  database: Record<string, unknown>;
  settings: Record<string, string>;
}

/** The settings as the bundle shows them: allow-listed values, the rest only 已设置 / 未设置. */
export function shownSettings(stored: { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(
    stored.map((r) => [r.key, SHOWN_SETTINGS.has(r.key) ? r.value : r.value ? '（已设置，内容未包含）' : '（未设置）']),
  );
}

/** crm.db's part, read on a read-only connection of its own. */
export function sqliteDiagnostics(dataDir: string): DiagnosticsDatabase {
  const dbFile = path.join(dataDir, 'crm.db');
  const database: Record<string, unknown> = {
    file: dbFile,
    bytes: size(dbFile),
    walBytes: size(`${dbFile}-wal`),
    appSchemaVersion: schemaVersion(loadMigrations()),
  };
  let settings: Record<string, string> = {};
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      database.schemaVersion = db.pragma('user_version', { simple: true });
      database.pageSize = db.pragma('page_size', { simple: true });
      database.journalMode = db.pragma('journal_mode', { simple: true });
      const tables = db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .pluck()
        .all() as string[];
      const rows: Record<string, number | string> = {};
      for (const t of tables) {
        try {
          rows[t] = db
            .prepare(`SELECT count(*) FROM "${t.replace(/"/g, '""')}"`)
            .pluck()
            .get() as number;
        } catch (err) {
          rows[t] = `无法计数：${(err as Error).message}`;
        }
      }
      database.rowsPerTable = rows;
      settings = shownSettings(
        db.prepare(`SELECT key, value FROM setting ORDER BY key`).all() as { key: string; value: string }[],
      );
    } finally {
      db.close();
    }
  } catch (err) {
    database.error = (err as Error).message;
  }
  return { database, settings };
}

/**
 * The bundle. `database` is the engine's part (server/backup-store.ts: PostgreSQL's is read from
 * the server, never with its password); absent, crm.db in the data folder is read.
 */
export function buildDiagnostics(
  input: DiagnosticsInput & { database?: DiagnosticsDatabase },
): Record<string, unknown> {
  const { database, settings } = input.database ?? sqliteDiagnostics(input.dataDir);
  const backups = listBackups(path.join(input.dataDir, 'backups'));
  let freeBytes: number | null = null;
  try {
    const s = fs.statfsSync(input.dataDir);
    freeBytes = s.bavail * s.bsize;
  } catch {
    freeBytes = null;
  }
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    note: '客户关系管理系统的诊断信息：不含客户资料（客户、联系人、记录、报价、购买等内容均未包含）。',
    app: {
      version: input.appVersion,
      mode: input.mode === 'host' ? '服务器（其他电脑可以连接）' : '单机使用',
      node: process.versions.node,
      electron: process.versions.electron ?? null,
    },
    system: {
      platform: process.platform,
      release: os.release(),
      arch: process.arch,
      cpus: os.cpus().length,
      memoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
      uptimeSeconds: Math.round(os.uptime()),
    },
    dataDir: input.dataDir,
    diskFreeBytes: freeBytes,
    database,
    settings,
    office: { ...input.office, onlineSessions: input.sessions },
    backups: {
      count: backups.length,
      latest: backups
        .slice(0, 10)
        .map((b) => ({ name: path.basename(b.file), at: b.mtime.toISOString(), bytes: size(b.file) })),
    },
    serverLog: input.logTail,
  };
}
