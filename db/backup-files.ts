/**
 * Where backups live and how they are named, for both engines: `<data>/backups/crm-YYYY-MM-DD.db`
 * for SQLite's daily backup (db/backup.ts) and `crm-YYYY-MM-DD.dump` for PostgreSQL's (pg_dump's
 * custom format: db/engine/pg-backup.ts); `crm-manual-<time>` for 系统 › 备份数据库 and
 * `crm-before-restore-<time>` for the copy taken before a restore, with the engine's extension.
 * One list shows both kinds; the daily retention (backupsToKeep) prunes each kind by itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { localDay } from '../core/contract/dates.js';

export const BACKUPS_FOLDER = 'backups';

/** The extension of a backup: SQLite's database file, or PostgreSQL's pg_dump archive. */
export type BackupExt = '.db' | '.dump';
export const SQLITE_BACKUP_EXT: BackupExt = '.db';
export const PG_BACKUP_EXT: BackupExt = '.dump';

/** `<folder of crm.db>/backups`. */
export function backupsDirOf(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), BACKUPS_FOLDER);
}

/** The office's calendar day (local time) of an instant, 'YYYY-MM-DD'. */
export { localDay };

/** A local time stamp for file names, 'YYYYMMDD-HHMMSS'. */
export function localStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${localDay(d).replace(/-/g, '')}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export const dailyBackupName = (day: string, ext: BackupExt = SQLITE_BACKUP_EXT) => `crm-${day}${ext}`;

/** The day of a daily backup's file name with this extension, or null for any other file. */
export function dailyBackupDay(name: string, ext: BackupExt = SQLITE_BACKUP_EXT): string | null {
  const m = /^crm-(\d{4}-\d{2}-\d{2})(\.db|\.dump)$/.exec(name);
  return m && m[2] === ext ? m[1] : null;
}

/** `crm-before-restore-<time>.<ext>` in `dir`, not taken yet (-2, -3 … when it is). */
export function beforeRestoreFile(dir: string, stamp: string, ext: BackupExt): string {
  let file = path.join(dir, `crm-before-restore-${stamp}${ext}`);
  for (let n = 2; fs.existsSync(file); n++) file = path.join(dir, `crm-before-restore-${stamp}-${n}${ext}`);
  return file;
}

/** Every backup file (daily, manual and before-restore, of either engine) in the folder, newest first by modification time. */
export function listBackups(dir: string): { file: string; mtime: Date }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^crm-.+\.(db|dump)$/.test(f))
    .map((f) => {
      const file = path.join(dir, f);
      return { file, mtime: fs.statSync(file).mtime };
    })
    .sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.file.localeCompare(a.file));
}

/** Days between two 'YYYY-MM-DD' (b − a). */
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * Which daily backups to keep on `today`: every one of the last 30 days (today included), the
 * first one of each of the last 12 calendar months (this one included), and any dated after today
 * (a clock that was wrong is no reason to delete). Pure: the days in, the days to keep out.
 */
export function backupsToKeep(days: readonly string[], today: string): Set<string> {
  const keep = new Set<string>();
  const [y, m] = today.split('-').map(Number);
  const months = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    months.add(d.toISOString().slice(0, 7));
  }
  const firstOfMonth = new Map<string, string>();
  for (const day of [...days].sort()) {
    const age = daysBetween(day, today);
    if (age < 30) keep.add(day);
    const month = day.slice(0, 7);
    if (months.has(month) && !firstOfMonth.has(month)) firstOfMonth.set(month, day);
  }
  for (const day of firstOfMonth.values()) keep.add(day);
  return keep;
}

/**
 * Deletes the daily backups of one kind (`ext`) in `dir` that backupsToKeep lets go on `today`;
 * returns their paths. Other files (before-restore copies, manual backups, the user's own, the
 * other engine's daily backups) are left alone.
 */
export function pruneDailyBackups(dir: string, today: string, ext: BackupExt): string[] {
  if (!fs.existsSync(dir)) return [];
  const days = fs
    .readdirSync(dir)
    .map((name) => dailyBackupDay(name, ext))
    .filter((d): d is string => d !== null);
  const keep = backupsToKeep(days, today);
  const removed: string[] = [];
  for (const day of days) {
    if (keep.has(day)) continue;
    const old = path.join(dir, dailyBackupName(day, ext));
    fs.rmSync(old, { force: true });
    removed.push(old);
  }
  return removed;
}

/**
 * What a file is by its first bytes: a SQLite database ('SQLite format 3\0'), a pg_dump archive of
 * the custom format ('PGDMP'), or neither (null; also when it cannot be read).
 */
export function backupKindOf(file: string): 'sqlite' | 'pg' | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      const n = fs.readSync(fd, head, 0, 16, 0);
      if (n === 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
      if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg';
      return null;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Makes a written file durable before it is renamed into place. */
export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable (no-op where a folder cannot be opened, e.g. Windows). */
export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Windows cannot fsync a folder; NTFS journals the rename itself.
  }
}
