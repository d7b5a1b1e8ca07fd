import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECK_BEFORE_START_MAX_BYTES,
  DatabaseDamagedError,
  DatabaseTooNewError,
  deferredCheck,
  fullCheckDue,
  lastFullCheck,
  recordFullCheck,
  type DeferredCheck,
  type FullCheckResult,
} from './integrity.js';
import { defaultMigrationsDir, openDatabase, openReader, schemaVersion, type DB } from './open.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-integrity-'));
  file = path.join(dir, 'crm.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const T = '2026-11-26T02:00:00.000Z';

/** A closed crm.db with enough customers to span many pages. */
function makeDatabase(customers = 2000): void {
  const db = openDatabase(file);
  db.prepare(
    `INSERT INTO staff (id, name, login, role, created_at, updated_at) VALUES (1, '张经理', 'admin', 'admin', ?, ?)`,
  ).run(T, T);
  const add = db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, 1, '2026-11-26', ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < customers; i++) {
      add.run(`深圳市客户${i}有限公司`, `客户${i}`, `深圳市客户${i}有限公司`, `客户${i}`, '备注'.repeat(20), T, T);
    }
  })();
  db.close();
}

/** A good copy in `<data>/backups/` under the given name, made with the backup API. */
async function goodBackup(name: string): Promise<string> {
  fs.mkdirSync(path.join(dir, 'backups'), { recursive: true });
  const target = path.join(dir, 'backups', name);
  const db = new Database(file, { readonly: true });
  await db.backup(target);
  db.close();
  return target;
}

/** Overwrites pages in the middle of the file with garbage (what a failing disk does). */
function corruptPages(target: string, first = 4, count = 3): void {
  const pageSize = 4096;
  const fd = fs.openSync(target, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize * count, 0xa5), 0, pageSize * count, pageSize * (first - 1));
  fs.closeSync(fd);
}

function openError(options: Parameters<typeof openDatabase>[1] = {}): Error {
  try {
    openDatabase(file, options).close();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected openDatabase to refuse the file');
}

describe('a database written by a newer version', () => {
  it('is refused, naming both versions, and left as it was', () => {
    makeDatabase(10);
    const raw = new Database(file);
    raw.pragma(`user_version = ${schemaVersion() + 3}`);
    raw.close();
    const err = openError();
    expect(err).toBeInstanceOf(DatabaseTooNewError);
    expect(err.message).toContain(`文件的数据结构版本为 ${schemaVersion() + 3}`);
    expect(err.message).toContain(`本程序只支持到版本 ${schemaVersion()}`);
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(schemaVersion() + 3);
    expect(after.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(10);
    after.close();
  });
});

describe('a damaged database', () => {
  it('is refused at open (quick_check) with a Chinese error naming the last good backup and how to restore it', async () => {
    makeDatabase();
    const older = await goodBackup('crm-2026-11-24.db');
    const newest = await goodBackup('crm-2026-11-25.db');
    // A newer backup that is itself damaged is passed over.
    const damagedBackup = await goodBackup('crm-2026-11-26.db');
    corruptPages(damagedBackup);
    const t = Date.now() / 1000;
    fs.utimesSync(older, t - 300, t - 300);
    fs.utimesSync(newest, t - 200, t - 200);
    fs.utimesSync(damagedBackup, t - 100, t - 100);

    corruptPages(file);
    const err = openError();
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    expect((err as DatabaseDamagedError).lastGoodBackup).toBe(newest);
    expect(err.message).toContain('数据库文件已损坏');
    expect(err.message).toContain(`最近一份完好的备份是 ${newest}`);
    expect(err.message).toContain('恢复方法');
    expect(err.message).toContain('crm.db-wal');
  });

  it('that is not a database at all is refused the same way; without a backup the message says so', () => {
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 0x42));
    const err = openError();
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    expect((err as DatabaseDamagedError).lastGoodBackup).toBeNull();
    expect(err.message).toContain('没有找到完好的备份');
    expect(err.message).toContain('不要删除或覆盖这个文件');
  });

  it('with an index that no longer matches its table passes quick_check but not the full check', async () => {
    makeDatabase(200);
    const backup = await goodBackup('crm-2026-11-25.db');
    // Point an index's definition at another column: its entries no longer match the rows.
    const raw = new Database(file);
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw
      .prepare(
        `UPDATE sqlite_schema SET sql = replace(sql, '(keyword_fold)', '(name_fold)') WHERE name = 'customer_keyword_fold'`,
      )
      .run();
    raw.close();
    const quick = new Database(file, { readonly: true });
    expect(quick.pragma('quick_check', { simple: true })).toBe('ok');
    quick.close();

    const err = openError({ fullCheck: 'always' });
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    expect(err.message).toContain(backup);
    // The weekly check finds it too once it is due.
    const weekly = openError({ now: () => new Date('2027-06-01T08:00:00') });
    expect(weekly).toBeInstanceOf(DatabaseDamagedError);
  });
});

describe('the weekly full check', () => {
  it('runs on the first open, then again once a week has passed, and remembers its day', () => {
    const ran: FullCheckResult[] = [];
    const at = (iso: string) => {
      const db: DB = openDatabase(file, { now: () => new Date(iso), onFullCheck: (r) => ran.push(r) });
      const on = db.prepare(`SELECT value FROM maintenance WHERE key = 'full_check_on'`).pluck().get();
      db.close();
      return on;
    };
    expect(at('2026-11-02T09:00:00')).toBe('2026-11-02');
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ on: '2026-11-02', problems: [], chain: { ok: true, count: 0 } });
    expect(at('2026-11-05T09:00:00')).toBe('2026-11-02');
    expect(at('2026-11-08T23:00:00')).toBe('2026-11-02');
    expect(ran).toHaveLength(1);
    expect(at('2026-11-09T08:00:00')).toBe('2026-11-09');
    expect(ran).toHaveLength(2);
  });

  it('is due after seven days, never, or when the clock went back', () => {
    expect(fullCheckDue(null, '2026-11-26')).toBe(true);
    expect(fullCheckDue('2026-11-26', '2026-11-26')).toBe(false);
    expect(fullCheckDue('2026-11-20', '2026-11-26')).toBe(false);
    expect(fullCheckDue('2026-11-19', '2026-11-26')).toBe(true);
    expect(fullCheckDue('2026-12-28', '2027-01-03')).toBe(false);
    expect(fullCheckDue('2026-11-27', '2026-11-26')).toBe(true);
  });
});

describe('a big file opened by the data host (its check runs after the start)', () => {
  /** Opens as the data host's writer does, with every file counted as big unless `max` says otherwise. */
  const hostOpen = (max = 0, more: Parameters<typeof openDatabase>[1] = {}) => {
    const told: DeferredCheck[] = [];
    const db = openDatabase(file, { onDeferred: (k) => told.push(k), checkBeforeStartMaxBytes: max, ...more });
    return { db, told };
  };

  it('opens without checking, says which check it owes, and the reader’s check finds the damage', async () => {
    makeDatabase();
    const backup = await goodBackup('crm-2026-11-25.db');
    // Garbage over pages of customer rows, which opening does not read.
    const pages = fs.statSync(file).size / 4096;
    corruptPages(file, Math.floor(pages * 0.6), 2);
    // A small file is still refused before the start, whoever opens it…
    expect(fs.statSync(file).size).toBeLessThan(CHECK_BEFORE_START_MAX_BYTES);
    expect(openError({ onDeferred: () => {} })).toBeInstanceOf(DatabaseDamagedError);
    // …and a big one opens, owing its quick_check (the full check ran when the file was made).
    const { db, told } = hostOpen();
    expect(told).toEqual(['quick']);
    expect(db.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1);
    const reader = openReader(file);
    for (const kind of ['quick', 'full'] as const) {
      let err: unknown = null;
      try {
        deferredCheck(reader, file, kind);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DatabaseDamagedError);
      expect((err as Error).message).toContain(backup);
    }
    reader.close();
    db.close();
  });

  it('a sound file: the full check runs on the reader, the writer records it, and the next open owes a quick check', () => {
    makeDatabase(50);
    const now = () => new Date('2026-11-26T09:00:00');
    const first = hostOpen(0, { now });
    expect(first.told).toEqual(['full']);
    const reader = openReader(file);
    const result = deferredCheck(reader, file, 'full', now());
    expect(result).toMatchObject({ on: '2026-11-26', problems: [], chain: { ok: true } });
    expect(deferredCheck(reader, file, 'quick')).toBeNull();
    reader.close();
    recordFullCheck(first.db, result!);
    expect(lastFullCheck(first.db)).toBe('2026-11-26');
    first.db.close();
    const second = hostOpen(0, { now: () => new Date('2026-11-27T09:00:00') });
    expect(second.told).toEqual(['quick']);
    second.db.close();
    // Below the size, nothing is deferred: the checks run at open as always.
    const small = hostOpen(CHECK_BEFORE_START_MAX_BYTES, { now: () => new Date('2026-12-05T09:00:00') });
    expect(small.told).toEqual([]);
    expect(lastFullCheck(small.db)).toBe('2026-12-05');
    small.db.close();
  });

  it('a file that needs migrating is checked before the migration, big or not', () => {
    makeDatabase();
    const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-migrations-'));
    for (const f of fs.readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql'))) {
      fs.copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrations, f));
    }
    const next = String(schemaVersion() + 1).padStart(4, '0');
    fs.writeFileSync(path.join(migrations, `${next}_later.sql`), 'CREATE TABLE later_thing (id INTEGER PRIMARY KEY);');
    corruptPages(file, Math.floor((fs.statSync(file).size / 4096) * 0.6), 2);
    try {
      const told: DeferredCheck[] = [];
      const err = openError({
        migrationsDir: migrations,
        onDeferred: (k) => told.push(k),
        checkBeforeStartMaxBytes: 0,
      });
      expect(err).toBeInstanceOf(DatabaseDamagedError);
      expect(told).toEqual([]);
    } finally {
      fs.rmSync(migrations, { recursive: true, force: true });
    }
  });
});
