/**
 * Backups of a PostgreSQL office (db/engine/pg-backup.ts): pg_dump archives in <data>/backups,
 * their checks, a restore in one transaction (a damaged dump changes nothing), the migrations
 * after an older dump, the servers' own kehu_* state left alone, the daily backup and its
 * retention, and no password on a command line or in a message.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupRefused } from '../backup.js';
import { dailyBackupName, listBackups } from '../backup-files.js';
import { defaultMigrationsDir, loadMigrations, schemaVersion } from '../open.js';
import { dialectOf } from './dialect.js';
import { openPgDatabase } from './open-pg.js';
import {
  checkRestorable,
  describePg,
  inspectPgBackup,
  pgBackupTo,
  pgDailyBackup,
  pgDatabaseBytes,
  pgQuery,
  pgTarget,
  restorePgBackup,
} from './pg-backup.js';
import { freshPgDatabase } from './pg-testing.js';

vi.setConfig({ testTimeout: 60_000 });

/** The app's schema version (what a fresh database and its dumps are at). */
const VERSION = schemaVersion(loadMigrations(defaultMigrationsDir()));
const NEXT = String(VERSION + 1).padStart(4, '0');

let dir: string;
let fresh: { url: string; drop(): void };
let url: string;
const at = '2026-12-01T00:00:00.000Z';

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-backup-'));
  fresh = freshPgDatabase();
  url = fresh.url;
  await pgQuery(
    url,
    `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at) VALUES ('张经理', 'admin', 'x', 'admin', $1, $1)`,
    [at],
  );
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fresh?.drop();
});

/** `n` customers named 客户1 … with a note of `noteChars` characters each (bulk: one statement). */
async function addCustomers(n: number, noteChars = 10) {
  await pgQuery(
    url,
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, note, created_at, updated_at)
     SELECT '客户' || i, 'k' || i, '客户' || i, 'k' || i, 1, (SELECT min(id) FROM staff), '2026-12-01',
            left(repeat(md5(i::text || random()::text), $2 / 32 + 1), $2), $1, $1
       FROM generate_series(1, $3) i`,
    [at, noteChars, n],
  );
}
const names = async () =>
  (await pgQuery<{ name: string }>(url, 'SELECT name FROM customer ORDER BY id')).map((r) => r.name);
const tableCount = async () =>
  Number((await pgQuery<{ n: string }>(url, `SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`))[0].n);
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupRefused);
  return (err as Error).message;
};

describe('pg_dump backups', () => {
  it('writes a custom-format dump that is ours, and restores it after changes (the current state kept first)', async () => {
    await addCustomers(3);
    const file = path.join(dir, 'backups', 'crm-manual-20261201-090000.dump');
    const done = await pgBackupTo(url, file);
    expect(done.file).toBe(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no .part left
    expect(listBackups(path.join(dir, 'backups')).map((b) => path.basename(b.file))).toEqual([path.basename(file)]);
    const info = await inspectPgBackup(file);
    expect(info).toMatchObject({ version: VERSION, appVersion: VERSION, needsMigration: false });

    await pgQuery(url, `UPDATE customer SET name = '改过的名字' WHERE name = '客户1'`);
    await pgQuery(url, `DELETE FROM customer WHERE name = '客户3'`);
    const restored = await restorePgBackup(url, dir, file, { now: new Date(2026, 11, 2, 8, 0, 0) });
    expect(restored.info.customers).toBe(3);
    expect(await names()).toEqual(['客户1', '客户2', '客户3']);
    // The identity goes on after the restored rows, and the triggers are back (counts, search).
    await addCustomers(1);
    expect((await pgQuery<{ id: number }>(url, `SELECT max(id)::int AS id FROM customer`))[0].id).toBe(4);
    const previous = restored.previous;
    expect(path.basename(previous)).toBe('crm-before-restore-20261202-080000.dump');
    // The copy taken before is a real backup: restoring it brings the changes back.
    await restorePgBackup(url, dir, previous);
    expect(await names()).toEqual(['改过的名字', '客户2']);
    // The app opens the restored database as usual.
    const db = openPgDatabase(url);
    expect(db.prepare('SELECT count(*) AS n FROM customer').get()).toEqual({ n: 2 });
    db.close();
  });

  it('leaves the database as it was when the dump is damaged inside', async () => {
    // The archive of the empty office: its table of contents (every definition) and small data.
    const head = (await pgBackupTo(url, path.join(dir, 'empty.dump'))).bytes;
    await addCustomers(3000, 600);
    const file = path.join(dir, 'backups', 'good.dump');
    await pgBackupTo(url, file);
    const bytes = fs.readFileSync(file);
    // Past the table of contents the file is mostly the customers' compressed data: damage in its
    // middle leaves the contents and schema_meta readable, so only the restore itself finds it.
    const bad = Buffer.from(bytes);
    const mid = head + Math.floor((bad.length - head) / 2);
    bad.fill(0x5a, mid, mid + 64);
    const damaged = path.join(dir, 'damaged.dump');
    fs.writeFileSync(damaged, bad);
    expect((await inspectPgBackup(damaged)).version).toBe(VERSION);

    await pgQuery(url, `UPDATE customer SET name = '改过的名字' WHERE name = '客户1'`);
    const tables = await tableCount();
    const message = await refusal(restorePgBackup(url, dir, damaged));
    expect(message).toMatch(/^备份文件不完整或已损坏（pg_restore: .+），没有恢复，数据保持原样$/);
    // Nothing changed: the rows, the tables, the version; and it still takes writes.
    expect(await tableCount()).toBe(tables);
    const [row] = await pgQuery<{ n: number; changed: number }>(
      url,
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE name = '改过的名字')::int AS changed FROM customer`,
    );
    expect(row).toEqual({ n: 3000, changed: 1 });
    expect((await pgQuery<{ v: string }>(url, `SELECT v FROM schema_meta WHERE k = 'user_version'`))[0].v).toBe(
      String(VERSION),
    );
    await addCustomers(1);

    // A copy cut off part way is refused before anything happens.
    const cut = path.join(dir, 'cut.dump');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(await refusal(restorePgBackup(url, dir, cut))).toContain('已损坏或不完整');
    expect((await names()).length).toBe(3001);
  });

  it('refuses what is not a dump of this app, with what to do instead', async () => {
    const sqlite = path.join(dir, 'crm-2026-12-01.db');
    const s = new Database(sqlite);
    s.exec('CREATE TABLE t (x)');
    s.close();
    expect(await refusal(inspectPgBackup(sqlite))).toContain('npm run migrate:pg');

    const text = path.join(dir, 'notes.dump');
    fs.writeFileSync(text, '这不是备份');
    expect(await refusal(inspectPgBackup(text))).toContain('不是数据库备份');
    expect(await refusal(inspectPgBackup(path.join(dir, 'nope.dump')))).toContain('找不到文件');

    // Another database's dump: no customer tables.
    const other = freshPgDatabase({ empty: true });
    try {
      await pgQuery(other.url, 'CREATE TABLE orders (id int PRIMARY KEY)');
      const file = path.join(dir, 'other.dump');
      await pgBackupTo(other.url, file);
      expect(await refusal(inspectPgBackup(file))).toContain('不是本程序的备份');
    } finally {
      other.drop();
    }

    // A dump written by a newer app.
    await pgQuery(url, `UPDATE schema_meta SET v = '99' WHERE k = 'user_version'`);
    const newer = path.join(dir, 'newer.dump');
    await pgBackupTo(url, newer);
    expect(await refusal(restorePgBackup(url, dir, newer))).toContain('由更新版本的程序写入（文件的数据结构版本为 99');
  });

  it('restores an older dump completely (objects of later versions go) and the migrations bring it up to date', async () => {
    // An app one version ahead: its next migration adds a table on both engines.
    const migrations = path.join(dir, 'migrations');
    fs.cpSync(defaultMigrationsDir(), migrations, { recursive: true });
    fs.writeFileSync(path.join(migrations, `${NEXT}_later.sql`), 'CREATE TABLE later_thing (id INTEGER PRIMARY KEY);');
    fs.writeFileSync(
      path.join(migrations, 'pg', `${NEXT}_later.sql`),
      'CREATE TABLE later_thing (id bigint PRIMARY KEY);',
    );
    await addCustomers(2);
    const old = path.join(dir, 'older.dump');
    await pgBackupTo(url, old);

    openPgDatabase(url, { migrationsDir: migrations }).close();
    await pgQuery(url, 'INSERT INTO later_thing VALUES (1)');
    await addCustomers(1);
    const info = await inspectPgBackup(old, { migrationsDir: migrations });
    expect(info).toMatchObject({ version: VERSION, appVersion: VERSION + 1, needsMigration: true });
    await restorePgBackup(url, dir, old, { migrationsDir: migrations });
    expect(await names()).toEqual(['客户1', '客户2']);
    expect((await pgQuery(url, `SELECT to_regclass('later_thing') AS t`))[0].t).toBeNull();
    const db = openPgDatabase(url, { migrationsDir: migrations });
    expect(db.pragma('user_version', { simple: true })).toBe(VERSION + 1);
    expect(db.prepare('SELECT count(*) AS n FROM later_thing').get()).toEqual({ n: 0 });
    db.close();
  });

  it("leaves the servers' own kehu_* state out of backups and alone in a restore", async () => {
    await pgQuery(url, 'CREATE UNLOGGED TABLE kehu_state_probe (k text PRIMARY KEY, v text)');
    await pgQuery(url, `INSERT INTO kehu_state_probe VALUES ('session', 'before')`);
    const file = path.join(dir, 'state.dump');
    await pgBackupTo(url, file);
    expect((await inspectPgBackup(file)).toc).not.toContain('kehu_state_probe');
    await pgQuery(url, `UPDATE kehu_state_probe SET v = 'after'`);
    await restorePgBackup(url, dir, file);
    expect(await pgQuery(url, 'SELECT k, v FROM kehu_state_probe')).toEqual([{ k: 'session', v: 'after' }]);
  });

  it("moves the database's revision on in a restore, so no server's grid keeps what it read before", async () => {
    const db = openPgDatabase(url);
    const revision = () => dialectOf(db).dataRevision(db);
    const before = revision();
    const file = path.join(dir, 'revision.dump');
    await pgBackupTo(url, file);
    expect(revision()).toBe(before); // a dump reads only
    await restorePgBackup(url, dir, file);
    // The same data as the dump, but a revision never seen before (the counter is servers' state:
    // kept through the restore, and bumped in its transaction).
    expect(revision()).not.toBe(before);
    db.close();
  });

  it('takes the daily backup once a day and prunes old daily dumps only', async () => {
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    const old = ['2025-06-03', '2025-06-10', '2026-10-01', '2026-10-20'];
    for (const day of old) fs.writeFileSync(path.join(backups, dailyBackupName(day, '.dump')), 'x');
    fs.writeFileSync(path.join(backups, dailyBackupName('2025-06-10', '.db')), 'sqlite');
    fs.writeFileSync(path.join(backups, 'crm-before-restore-20250101-000000.dump'), 'x');
    const now = new Date(2026, 11, 7, 9, 0, 0);
    const first = await pgDailyBackup(url, dir, { now });
    expect(first.created).toBe(true);
    expect(path.basename(first.file)).toBe('crm-2026-12-07.dump');
    expect((await inspectPgBackup(first.file)).version).toBe(VERSION);
    expect(first.removed.map((f) => path.basename(f)).sort()).toEqual([
      'crm-2025-06-03.dump',
      'crm-2025-06-10.dump',
      'crm-2026-10-20.dump', // more than 30 days old, and not the first of its month
    ]);
    const again = await pgDailyBackup(url, dir, { now: new Date(2026, 11, 7, 17, 0, 0) });
    expect(again).toMatchObject({ created: false, removed: [] });
    expect(fs.readdirSync(backups).sort()).toEqual([
      'crm-2025-06-10.db',
      'crm-2026-10-01.dump',
      'crm-2026-12-07.dump',
      'crm-before-restore-20250101-000000.dump',
    ]);
  });

  it('makes one daily dump a day between several servers of the database; a dead claim is taken over', async () => {
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-pg-backup-2-'));
    try {
      const now = new Date(2026, 11, 8, 9, 0, 0);
      const [a, b] = await Promise.all([pgDailyBackup(url, dir, { now }), pgDailyBackup(url, second, { now })]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      const made = a.created ? a.file : b.file;
      expect((await inspectPgBackup(made)).version).toBe(VERSION);
      expect([fs.existsSync(a.file), fs.existsSync(b.file)].sort()).toEqual([false, true]);
      // The next day, a server claimed the dump and died before it was written: after two hours
      // another server makes it.
      const next = new Date(2026, 11, 9, 9, 0, 0);
      await pgQuery(
        url,
        `INSERT INTO kehu_daily_backup (day, host, started_at) VALUES ('2026-12-09', 'gone:1', now() - interval '3 hours')`,
      );
      expect((await pgDailyBackup(url, second, { now: next })).created).toBe(true);
      expect((await pgDailyBackup(url, dir, { now: next })).created).toBe(false);
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });

  it('keeps the password off the command line and out of messages', async () => {
    const secret = 'Wr0ng-p@ss:w0rd/x';
    const u = new URL(url);
    u.password = encodeURIComponent(secret);
    const target = pgTarget(u.toString());
    expect(target.password).toBe(secret);
    expect(target.dbname).not.toContain(encodeURIComponent(secret));
    expect(target.dbname).toBe(url.replace(/:[^:@/]*@/, '@'));
    expect(pgTarget(`${url}?ssl=true`).dbname).toContain('sslmode=require');
    expect(describePg(u.toString())).toMatch(/^PostgreSQL：数据库 kehu_t_\S+，服务器 127\.0\.0\.1:5432，账号 \S+$/);
    expect(describePg(u.toString())).not.toContain('p@ss');

    // A wrong password: the backup fails with the tool's message, never with the password.
    const message = await refusal(pgBackupTo(u.toString(), path.join(dir, 'x.dump')));
    expect(message).toContain('password authentication failed');
    expect(message).not.toContain('p@ss');
    expect(fs.readdirSync(dir)).toEqual([]); // no half-written file
    expect(await pgDatabaseBytes(url)).toBeGreaterThan(1_000_000);
  });

  /**
   * The README's owner and app roles (docs/pg-roles.sql). Making roles takes a superuser: where the
   * tests run as root beside the cluster (CI's .ci/run, npm test on Debian) it is `postgres`
   * through runuser; elsewhere this test is skipped.
   */
  const port = new URL(process.env.KEHU_TEST_PG_URL ?? 'postgres://x@127.0.0.1:5432/').port || '5432';
  const asPostgres = (sql: string) =>
    spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-p', port, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], {
      encoding: 'utf8',
    });
  const superuser = process.getuid?.() === 0 && asPostgres('SELECT 1').status === 0;

  // Needs a superuser to make the two roles (root, as npm test and CI run, with runuser -u
  // postgres); elsewhere it is skipped — the app role's own backup and restore are tested above.
  it.skipIf(!superuser)(
    'with an owner role and an app role: the app backs up, cannot touch the 操作日志 guard or restore; the owner restores',
    async () => {
      const tag = crypto.randomBytes(3).toString('hex');
      const owner = `kehu_t_owner_${tag}`;
      const app = `kehu_t_app_${tag}`;
      const db = `kehu_t_roles_${tag}`;
      const must = (r: ReturnType<typeof asPostgres>) => expect(r.stderr.replace(/NOTICE:.*\n?/g, '')).toBe('');
      must(asPostgres(`CREATE ROLE ${owner} LOGIN PASSWORD 'owner-${tag}'`));
      must(asPostgres(`CREATE ROLE ${app} LOGIN PASSWORD 'app-${tag}'`));
      must(asPostgres(`CREATE DATABASE ${db} OWNER ${owner}`));
      const ownerUrl = `postgres://${owner}:owner-${tag}@127.0.0.1:${port}/${db}`;
      const appUrl = `postgres://${app}:app-${tag}@127.0.0.1:${port}/${db}`;
      try {
        const grants = spawnSync(
          'psql',
          [
            '-X',
            '-q',
            '-v',
            `owner=${owner}`,
            '-v',
            `app=${app}`,
            '-v',
            `db=${db}`,
            '-f',
            'docs/pg-roles.sql',
            '-d',
            `postgres://${owner}@127.0.0.1:${port}/${db}`,
          ],
          { encoding: 'utf8', env: { ...process.env, PGPASSWORD: `owner-${tag}` } },
        );
        expect(grants.status, grants.stderr).toBe(0);
        openPgDatabase(ownerUrl).close(); // the owner's first start migrates
        const db1 = openPgDatabase(appUrl); // the app role opens (no migration due) and writes
        db1
          .prepare(
            `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at) VALUES ('张经理', 'admin', 'x', 'admin', ?, ?)`,
          )
          .run(at, at);
        db1.close();
        url = appUrl;
        await addCustomers(2);
        await pgQuery(appUrl, `UPDATE customer SET note = '可以改' WHERE name = '客户1'`);

        // The app role makes backups …
        const file = path.join(dir, 'backups', 'crm-manual-20261207-100000.dump');
        await pgBackupTo(appUrl, file);
        expect((await inspectPgBackup(file)).version).toBe(VERSION);
        // … but cannot switch off what guards the 操作日志, nor restore.
        for (const sql of [
          'ALTER TABLE record DISABLE TRIGGER record_log_no_update',
          'DROP TRIGGER record_log_no_delete ON record',
          'TRUNCATE record',
          'CREATE TABLE sneaky (id int)',
        ]) {
          await expect(pgQuery(appUrl, sql)).rejects.toThrow(/must be owner|permission denied/);
        }
        await expect(checkRestorable(appUrl)).rejects.toThrow(`数据库账号 ${app} 不是数据表的所有者`);
        await pgQuery(appUrl, `UPDATE customer SET name = '改过' WHERE name = '客户2'`);
        expect(await refusal(restorePgBackup(appUrl, dir, file))).toContain('用所有者账号运行 pg_restore');
        expect(await names()).toEqual(['客户1', '改过']);

        // The owner restores as the README says; the app role's grants come back with the tables.
        const restore = spawnSync(
          'pg_restore',
          [
            '--clean',
            '--if-exists',
            '--single-transaction',
            '--exit-on-error',
            `--dbname=postgres://${owner}@127.0.0.1:${port}/${db}`,
            file,
          ],
          { encoding: 'utf8', env: { ...process.env, PGPASSWORD: `owner-${tag}` } },
        );
        expect(restore.status, restore.stderr).toBe(0);
        expect(await names()).toEqual(['客户1', '客户2']);
        await addCustomers(1);
        const [owned] = await pgQuery<{ owner: string }>(
          appUrl,
          `SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'record'`,
        );
        expect(owned.owner).toBe(owner);
      } finally {
        url = fresh.url;
        asPostgres(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
        asPostgres(`DROP ROLE IF EXISTS ${app}`);
        asPostgres(`DROP ROLE IF EXISTS ${owner}`);
      }
    },
  );
});
