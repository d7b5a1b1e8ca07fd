/**
 * Where backups live and how they are named: `<data>/backups/crm-YYYY-MM-DD.db` for the daily
 * backup (db/backup.ts), `crm-before-restore-<time>.db` for the copy taken before a restore.
 */
import fs from 'node:fs';
import path from 'node:path';
import { localDay } from '../core/contract/dates.js';

export const BACKUPS_FOLDER = 'backups';

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

export const dailyBackupName = (day: string) => `crm-${day}.db`;

/** The day of a daily backup's file name, or null for any other file. */
export function dailyBackupDay(name: string): string | null {
  const m = /^crm-(\d{4}-\d{2}-\d{2})\.db$/.exec(name);
  return m ? m[1] : null;
}

/** Every backup file (daily and before-restore) in the folder, newest first by modification time. */
export function listBackups(dir: string): { file: string; mtime: Date }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^crm-.+\.db$/.test(f))
    .map((f) => {
      const file = path.join(dir, f);
      return { file, mtime: fs.statSync(file).mtime };
    })
    .sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.file.localeCompare(a.file));
}
