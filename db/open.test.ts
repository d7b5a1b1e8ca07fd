import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultMigrationsDir, loadMigrations, openDatabase, schemaVersion, type DB } from './open.js';
import { createTestApp, newCustomer, type TestApp } from './testing.js';

let dir: string;
const open: DB[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-open-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function track(db: DB): DB {
  open.push(db);
  return db;
}

const backupsIn = (folder: string) => fs.readdirSync(folder).filter((f) => f.endsWith('.bak'));

describe('openDatabase', () => {
  it('turns on WAL and foreign keys', () => {
    const db = track(openDatabase(path.join(dir, 'crm.db')));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('syncs every commit to disk (synchronous FULL), so a power cut loses no acknowledged save', () => {
    const db = track(openDatabase(path.join(dir, 'crm.db')));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('creates the folder and brings the schema to the last migration file', () => {
    const file = path.join(dir, 'sub', 'folder', 'crm.db');
    const db = track(openDatabase(file));
    const files = fs.readdirSync(defaultMigrationsDir()).filter((f) => /^\d{4}_.+\.sql$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(Number(files.sort().at(-1)!.slice(0, 4)));
    expect(fs.existsSync(file)).toBe(true);
  });

  it('makes no backup of a new file, nor when reopening an up-to-date one', () => {
    const file = path.join(dir, 'crm.db');
    const backups: string[] = [];
    openDatabase(file, { onBackup: (f) => backups.push(f) }).close();
    const db = track(openDatabase(file, { onBackup: (f) => backups.push(f) }));
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    expect(backups).toEqual([]);
    expect(backupsIn(dir)).toEqual([]);
  });

  describe('with its own migrations', () => {
    let migrations: string;
    let file: string;
    beforeEach(() => {
      migrations = path.join(dir, 'migrations');
      fs.mkdirSync(migrations);
      file = path.join(dir, 'crm.db');
      fs.writeFileSync(
        path.join(migrations, '0001_start.sql'),
        `CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
         INSERT INTO note (text) VALUES ('第一条');`,
      );
      const db = openDatabase(file, { migrationsDir: migrations });
      db.prepare('INSERT INTO note (text) VALUES (?)').run('用户数据');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      db.close();
      expect(backupsIn(dir)).toEqual([]);
    });

    it('copies a file at an older version to a .bak before migrating', () => {
      fs.writeFileSync(
        path.join(migrations, '0002_more.sql'),
        `ALTER TABLE note ADD COLUMN author TEXT NOT NULL DEFAULT '';
         CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL);`,
      );
      const backups: string[] = [];
      const db = track(openDatabase(file, { migrationsDir: migrations, onBackup: (f) => backups.push(f) }));
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare(`SELECT count(*) FROM tag`).pluck().get()).toBe(0);

      expect(backups).toHaveLength(1);
      expect(path.dirname(backups[0])).toBe(dir);
      expect(path.basename(backups[0])).toMatch(/^crm\.db\.v1-\d{8}T\d{6}\.bak$/);
      expect(backupsIn(dir)).toEqual([path.basename(backups[0])]);

      // The backup is the database as it was: version 1, the user's rows, no new table.
      const bak = track(new Database(backups[0], { readonly: true }));
      expect(bak.pragma('user_version', { simple: true })).toBe(1);
      expect(bak.prepare('SELECT text FROM note ORDER BY id').pluck().all()).toEqual(['第一条', '用户数据']);
      expect(bak.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'tag'`).pluck().get()).toBe(0);

      // Opening again: up to date, no second backup.
      db.close();
      track(openDatabase(file, { migrationsDir: migrations, onBackup: (f) => backups.push(f) }));
      expect(backups).toHaveLength(1);
    });

    it('leaves the old version intact when a migration fails', () => {
      fs.writeFileSync(
        path.join(migrations, '0002_broken.sql'),
        `CREATE TABLE tag (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         UPDATE note SET text = '被改坏了';
         INSERT INTO no_such_table VALUES (1);`,
      );
      expect(() => openDatabase(file, { migrationsDir: migrations })).toThrow(/no_such_table/);

      const db = track(new Database(file));
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'tag'`).pluck().get()).toBe(0);
      expect(db.prepare('SELECT text FROM note ORDER BY id').pluck().all()).toEqual(['第一条', '用户数据']);
      db.close();
      // A backup was still taken before trying.
      expect(backupsIn(dir)).toHaveLength(1);

      // Once the migration is fixed, opening succeeds.
      fs.writeFileSync(path.join(migrations, '0002_broken.sql'), `CREATE TABLE tag (id INTEGER PRIMARY KEY);`);
      const fixed = track(openDatabase(file, { migrationsDir: migrations }));
      expect(fixed.pragma('user_version', { simple: true })).toBe(2);
      expect(backupsIn(dir)).toHaveLength(2);
    });

    it('gives each backup its own name, even within the same second', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(new Date('2026-11-26T02:00:00.000Z'));
        fs.writeFileSync(path.join(migrations, '0002_broken.sql'), `INSERT INTO no_such_table VALUES (1);`);
        const backups: string[] = [];
        const onBackup = (f: string) => backups.push(f);
        expect(() => openDatabase(file, { migrationsDir: migrations, onBackup })).toThrow(/no_such_table/);
        expect(() => openDatabase(file, { migrationsDir: migrations, onBackup })).toThrow(/no_such_table/);
        fs.writeFileSync(path.join(migrations, '0002_broken.sql'), `CREATE TABLE tag (id INTEGER PRIMARY KEY);`);
        track(openDatabase(file, { migrationsDir: migrations, onBackup }));
        expect(backups.map((f) => path.basename(f))).toEqual([
          'crm.db.v1-20261126T020000.bak',
          'crm.db.v1-20261126T020000-2.bak',
          'crm.db.v1-20261126T020000-3.bak',
        ]);
        expect(backupsIn(dir).sort()).toEqual(backups.map((f) => path.basename(f)).sort());
      } finally {
        vi.useRealTimers();
      }
    });

    it('refuses a migration number used twice', () => {
      fs.writeFileSync(path.join(migrations, '0001_again.sql'), `SELECT 1;`);
      expect(() => loadMigrations(migrations)).toThrow(/0001_start\.sql/);
      expect(() => openDatabase(file, { migrationsDir: migrations })).toThrow(/迁移文件编号重复/);
    });

    it('applies numbers with a gap in order (branches own different numbers until merged)', () => {
      fs.writeFileSync(path.join(migrations, '0003_later.sql'), `CREATE TABLE tag (id INTEGER PRIMARY KEY);`);
      expect(loadMigrations(migrations).map((m) => m.version)).toEqual([1, 3]);
      const db = track(openDatabase(file, { migrationsDir: migrations }));
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      expect(db.prepare(`SELECT count(*) FROM tag`).pluck().get()).toBe(0);
    });
  });
});

describe('日志及维护记录 in SQL', () => {
  let app: TestApp;
  let customerId: number;
  beforeEach(() => {
    app = createTestApp();
    const adminId = app.addStaff('管理员', 'admin', 'admin');
    customerId = app.ok(app.login('admin'), 'customers.create', newCustomer(adminId)).id;
  });
  afterEach(() => app.close());

  const insertRecord = (kind: 'log' | 'followup', content: string) =>
    Number(
      app.db
        .prepare(
          `INSERT INTO record (customer_id, kind, at, content, created_at, updated_at)
           VALUES (?, ?, '2026-11-26T02:00:00Z', ?, '2026-11-26T02:00:00Z', '2026-11-26T02:00:00Z')`,
        )
        .run(customerId, kind, content).lastInsertRowid,
    );

  it('操作日志 rows can be neither updated nor deleted, even by direct SQL', () => {
    const logs = app.db.prepare(`SELECT id, content FROM record WHERE kind = 'log'`).all() as {
      id: number;
      content: string;
    }[];
    expect(logs).toHaveLength(1);
    const { id } = logs[0];
    expect(() => app.db.prepare('DELETE FROM record WHERE id = ?').run(id)).toThrow('操作日志不能删除');
    expect(() => app.db.prepare(`DELETE FROM record WHERE kind = 'log'`).run()).toThrow('操作日志不能删除');
    expect(() => app.db.prepare(`UPDATE record SET content = '改过' WHERE id = ?`).run(id)).toThrow('操作日志不能修改');
    expect(() => app.db.prepare(`UPDATE record SET kind = 'followup' WHERE id = ?`).run(id)).toThrow(
      '操作日志不能修改',
    );
    // A log row written by hand, without its chain link, is refused (0006_oplog_chain.sql).
    expect(() => insertRecord('log', '系统写入')).toThrow('操作日志缺少链接');
    expect(app.db.prepare(`SELECT content FROM record WHERE id = ?`).pluck().get(id)).toBe(logs[0].content);
    expect(app.db.prepare(`SELECT count(*) FROM record WHERE kind = 'log'`).pluck().get()).toBe(1);
  });

  it('a 维护记录 cannot be relabelled as 操作日志, nor change its 属性 at all', () => {
    const id = insertRecord('followup', '电话回访');
    expect(() => app.db.prepare(`UPDATE record SET kind = 'log' WHERE id = ?`).run(id)).toThrow('记录的属性不能更改');
    expect(() =>
      app.db
        .prepare(`UPDATE record SET kind = 'log', log_seq = 99, log_prev = ?, log_hash = ? WHERE id = ?`)
        .run('a'.repeat(64), 'b'.repeat(64), id),
    ).toThrow(/记录的属性不能更改|维护记录不能带操作日志的链接/);
    expect(app.db.prepare(`SELECT kind FROM record WHERE id = ?`).pluck().get(id)).toBe('followup');
  });

  it('维护记录 rows can be updated and deleted', () => {
    const id = insertRecord('followup', '电话回访');
    app.db.prepare(`UPDATE record SET content = '上门拜访', version = version + 1 WHERE id = ?`).run(id);
    expect(app.db.prepare(`SELECT content FROM record WHERE id = ?`).pluck().get(id)).toBe('上门拜访');
    app.db.prepare('DELETE FROM record WHERE id = ?').run(id);
    expect(app.db.prepare(`SELECT count(*) FROM record WHERE id = ?`).pluck().get(id)).toBe(0);
    expect(app.db.prepare(`SELECT count(*) FROM record WHERE kind = 'log'`).pluck().get()).toBe(1);
  });
});
