import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  backupsToKeep,
  backupTo,
  BackupRefused,
  dailyBackup,
  inspectBackup,
  restoreBackup,
  type BackupProgress,
} from './backup.js';
import { loadMigrations, openDatabase, schemaVersion, type DB } from './open.js';
import { verifyLogChain } from './oplog-chain.js';
import { createOffice, newCustomer, testEngine } from './testing.js';

let dir: string;
let dataDir: string;
let dbFile: string;
const opened: DB[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-backup-'));
  dataDir = path.join(dir, 'data');
  dbFile = path.join(dataDir, 'crm.db');
});
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const T = '2026-11-26T02:00:00.000Z';

function open(file = dbFile): DB {
  const db = openDatabase(file);
  opened.push(db);
  return db;
}

function addCustomers(db: DB, n: number, prefix = '客户', note = ''): void {
  if (!db.prepare('SELECT 1 FROM staff WHERE id = 1').get()) {
    db.prepare(
      `INSERT INTO staff (id, name, login, role, created_at, updated_at) VALUES (1, '张经理', 'admin', 'admin', ?, ?)`,
    ).run(T, T);
  }
  const add = db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, 1, '2026-11-26', ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < n; i++) add.run(`${prefix}${i}`, `${prefix}${i}`, `${prefix}${i}`, `${prefix}${i}`, note, T, T);
  })();
}

const countIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM customer').pluck().get() as number;
  } finally {
    db.close();
  }
};

/** Every day from `from` to `to` ('YYYY-MM-DD'), optionally only working days. */
function calendar(from: string, to: string, workdaysOnly = false): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (workdaysOnly && (d.getUTCDay() === 0 || d.getUTCDay() === 6)) continue;
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

describe('retention', () => {
  it('after two years of daily backups keeps the last 30 days and the first of each of the last 12 months', () => {
    let kept: string[] = [];
    for (const day of calendar('2025-01-01', '2026-11-26')) {
      kept.push(day);
      const keep = backupsToKeep(kept, day);
      kept = kept.filter((d) => keep.has(d));
    }
    const expected = [
      ...[
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ].map((m) => `${m}-01`),
      ...calendar('2026-10-28', '2026-11-26'),
    ];
    expect(kept.sort()).toEqual(expected.sort());
    expect(kept).toHaveLength(41);
  });

  it('keeps the first backup a month actually has, across a year end and a leap February', () => {
    /** Runs the daily prune over the days, returning what is kept on the last day. */
    const simulate = (days: string[]) => {
      let kept: string[] = [];
      for (const day of days) {
        kept.push(day);
        const keep = backupsToKeep(kept, day);
        kept = kept.filter((d) => keep.has(d));
      }
      return kept;
    };
    // An office that works Monday to Friday: 2027-08-01 is a Sunday, 2028-01-01 a Saturday.
    expect(simulate(calendar('2027-06-01', '2028-03-15', true))).toContain('2028-02-29');
    expect(simulate(calendar('2027-06-01', '2028-03-31', true))).toEqual([
      '2027-06-01',
      '2027-07-01',
      '2027-08-02',
      '2027-09-01',
      '2027-10-01',
      '2027-11-01',
      '2027-12-01',
      '2028-01-03',
      '2028-02-01',
      '2028-03-01',
      ...calendar('2028-03-02', '2028-03-31', true),
    ]);
  });

  it('drops the 13th month back, and never deletes a backup dated after today', () => {
    const keep = backupsToKeep(['2025-11-01', '2025-12-01', '2026-11-20', '2026-12-05'], '2026-11-26');
    expect([...keep].sort()).toEqual(['2025-12-01', '2026-11-20', '2026-12-05']);
  });
});

describe('dailyBackup', () => {
  it('writes backups/crm-<day>.db at the first start of a day only, with progress, and prunes old ones', async () => {
    const db = open();
    addCustomers(db, 50);
    const backups = path.join(dataDir, 'backups');
    fs.mkdirSync(backups);
    for (const old of [
      'crm-2025-10-01.db',
      'crm-2025-12-01.db',
      'crm-2026-10-20.db',
      'crm-2026-10-25.db',
      'crm-2026-10-30.db',
    ]) {
      fs.writeFileSync(path.join(backups, old), 'old');
    }
    fs.writeFileSync(path.join(backups, 'crm-before-restore-20250101-120000.db'), 'kept');
    fs.writeFileSync(path.join(backups, 'notes.txt'), 'kept');
    // PostgreSQL's daily dumps (a server that ran on it before) are not this rule's to prune.
    fs.writeFileSync(path.join(backups, 'crm-2025-10-01.dump'), 'kept');

    const progress: BackupProgress[] = [];
    const first = await dailyBackup(db, dataDir, {
      now: new Date('2026-11-26T08:30:00'),
      onProgress: (p) => progress.push(p),
    });
    expect(first.created).toBe(true);
    expect(first.file).toBe(path.join(backups, 'crm-2026-11-26.db'));
    expect(countIn(first.file)).toBe(50);
    expect(progress.at(-1)).toMatchObject({ phase: 'copy', remainingPages: 0, fraction: 1 });
    expect(first.removed.map((f) => path.basename(f)).sort()).toEqual(['crm-2025-10-01.db', 'crm-2026-10-25.db']);
    expect(fs.readdirSync(backups).sort()).toEqual([
      'crm-2025-10-01.dump',
      'crm-2025-12-01.db',
      'crm-2026-10-20.db',
      'crm-2026-10-30.db',
      'crm-2026-11-26.db',
      'crm-before-restore-20250101-120000.db',
      'notes.txt',
    ]);
    // A standalone file: no -wal beside it, and it opens as a normal database.
    expect(fs.existsSync(`${first.file}-wal`)).toBe(false);

    addCustomers(db, 5, '后来');
    const again = await dailyBackup(db, dataDir, { now: new Date('2026-11-26T17:00:00') });
    expect(again).toMatchObject({ created: false, removed: [] });
    expect(countIn(first.file)).toBe(50);

    const next = await dailyBackup(db, dataDir, { now: new Date('2026-11-27T08:00:00') });
    expect(next.created).toBe(true);
    expect(countIn(next.file)).toBe(55);
  });
});

describe('backupTo', () => {
  it('copies a live database stepwise without holding the event loop, reporting progress', async () => {
    const db = open();
    addCustomers(db, 6000, '客户', '很长的备注'.repeat(40));
    const pages = db.pragma('page_count', { simple: true }) as number;
    expect(pages).toBeGreaterThan(500);

    // Other work (here: a loop that re-schedules itself) runs between the backup's steps.
    let ticks = 0;
    let running = true;
    const spin = () => {
      ticks++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const progress: BackupProgress[] = [];
    const target = path.join(dir, 'chosen', '备份.db');
    const done = backupTo(db, target, { pagesPerStep: 20, onProgress: (p) => progress.push(p) });
    // A write on the same connection while the backup runs is included, not lost.
    setImmediate(() => addCustomers(db, 1, '备份中'));
    const result = await done;
    running = false;

    expect(result.file).toBe(path.resolve(target));
    expect(progress.length).toBeGreaterThan(pages / 20 - 2);
    expect(ticks).toBeGreaterThan(pages / 20 - 2);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
    expect(countIn(target)).toBe(6001);
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(fs.readdirSync(path.dirname(target))).toEqual(['备份.db']);
  });

  it('replaces an existing file only once the new copy is complete', async () => {
    const db = open();
    addCustomers(db, 3);
    const target = path.join(dir, 'old.db');
    fs.writeFileSync(target, 'an older file');
    await backupTo(db, target);
    expect(countIn(target)).toBe(3);
    await expect(backupTo(db, dbFile)).rejects.toThrow('不能备份到数据库文件本身');
  });
});

describe('restore', () => {
  it('refuses files that are not our database, or are too new, and leaves crm.db as it was', () => {
    const db = open();
    addCustomers(db, 4);
    db.close();
    const other = path.join(dir, 'other.db');
    const write = (file: string, sql: string) => {
      const d = new Database(file);
      d.exec(sql);
      d.close();
    };
    fs.writeFileSync(path.join(dir, 'notes.db'), 'not a database at all '.repeat(500));
    write(other, `PRAGMA application_id = 42; CREATE TABLE customer (id INTEGER PRIMARY KEY);`);
    write(path.join(dir, 'foreign.db'), `PRAGMA user_version = 3; CREATE TABLE invoice (id INTEGER PRIMARY KEY);`);
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(dbFile, newer);
    write(newer, `PRAGMA user_version = ${schemaVersion() + 1};`);

    expect(() => inspectBackup(path.join(dir, 'notes.db'))).toThrow('不是数据库文件');
    fs.writeFileSync(path.join(dir, 'crm-2026-11-26.dump'), Buffer.concat([Buffer.from('PGDMP'), Buffer.alloc(64, 1)]));
    expect(() => inspectBackup(path.join(dir, 'crm-2026-11-26.dump'))).toThrow('是 PostgreSQL 的备份（pg_dump）');
    expect(() => inspectBackup(other)).toThrow('是其他程序的数据库');
    expect(() => inspectBackup(path.join(dir, 'foreign.db'))).toThrow('不是本程序的备份');
    expect(() => inspectBackup(newer)).toThrow(
      `文件的数据结构版本为 ${schemaVersion() + 1}，本程序只支持到版本 ${schemaVersion()}`,
    );
    expect(() => inspectBackup(path.join(dir, 'missing.db'))).toThrow('找不到文件');
    expect(countIn(dbFile)).toBe(4);
  });

  it('refuses a damaged backup before touching crm.db', async () => {
    const db = open();
    addCustomers(db, 3000, '客户', '备注'.repeat(30));
    const copy = path.join(dir, 'damaged.db');
    await backupTo(db, copy);
    db.close();
    const fd = fs.openSync(copy, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, 4096 * 5);
    fs.closeSync(fd);
    await expect(restoreBackup(dataDir, copy)).rejects.toBeInstanceOf(BackupRefused);
    expect(countIn(dbFile)).toBe(3000);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('restore'))).toEqual([]);
  });

  // SQLite only: a copy of crm.db's pages (backupTo) and a file switched in. PostgreSQL's backups
  // (pg_dump archives) and restore: db/engine/pg-backup.pg.test.ts, server/backup-restore.pg.test.ts.
  it.skipIf(testEngine() === 'pg')(
    'backs the current file up, then switches to the backup; the old -wal is not applied to it',
    async () => {
      const office = createOffice();
      const { app, admin, wangId } = office;
      app.ok(admin, 'customers.create', newCustomer(wangId));
      const backup = path.join(dir, 'monday.db');
      await backupTo(app.db, backup);
      app.ok(admin, 'customers.create', newCustomer(wangId, { name: '华为技术有限公司', keyword: '华为' }));
      // A crash: crm.db and its -wal as they are while open (the last save is only in the -wal).
      const crashed = path.join(dir, 'crashed');
      fs.mkdirSync(crashed);
      for (const f of ['crm.db', 'crm.db-wal']) fs.copyFileSync(path.join(app.dir, f), path.join(crashed, f));
      app.close();

      const progress: BackupProgress[] = [];
      const done = await restoreBackup(crashed, backup, {
        now: new Date('2026-11-26T10:00:00'),
        onProgress: (p) => progress.push(p),
      });
      expect(done.file).toBe(path.join(crashed, 'crm.db'));
      expect(done.info).toMatchObject({ version: schemaVersion(), needsMigration: false, customers: 1 });
      expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['copy', 'check', 'previous']));
      expect(done.previous).toBe(path.join(crashed, 'backups', 'crm-before-restore-20261126-100000.db'));
      // The file before the restore holds both customers (its -wal was read), the restored one the first.
      expect(countIn(done.previous!)).toBe(2);
      expect(fs.existsSync(path.join(crashed, 'crm.db-wal'))).toBe(false);
      expect(fs.readdirSync(crashed).sort()).toEqual(['backups', 'crm.db']);
      const db = open(done.file);
      expect(db.prepare('SELECT name FROM customer').pluck().all()).toEqual(['深圳市中兴通讯股份有限公司']);
      expect(verifyLogChain(db).ok).toBe(true);
    },
  );

  it('restores a backup from an older version, which opening then migrates', async () => {
    const old = path.join(dir, 'v4');
    fs.mkdirSync(old);
    for (const m of loadMigrations().filter((x) => x.version <= 4)) fs.writeFileSync(path.join(old, m.name), m.sql);
    const file = path.join(dir, 'old-backup.db');
    const v4 = openDatabase(file, { migrationsDir: old });
    addCustomers(v4, 7);
    v4.close();
    open().close();

    const done = await restoreBackup(dataDir, file);
    expect(done.info).toMatchObject({ version: 4, needsMigration: true, customers: 7 });
    const db = open(done.file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    expect(db.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(7);
  });

  it('restores over a damaged crm.db, keeping the damaged files as they were', async () => {
    const db = open();
    addCustomers(db, 10);
    const backup = path.join(dir, 'good.db');
    await backupTo(db, backup);
    db.close();
    fs.writeFileSync(dbFile, Buffer.alloc(40_000, 0x42));
    const done = await restoreBackup(dataDir, backup, { now: new Date('2026-11-26T10:00:00') });
    expect(path.basename(done.previous!)).toBe('crm-before-restore-20261126-100000.damaged.db');
    expect(fs.readFileSync(done.previous!)).toEqual(Buffer.alloc(40_000, 0x42));
    expect(countIn(dbFile)).toBe(10);
  });
});
