/**
 * 系统 › 备份数据库 / 恢复数据库 on an office server whose data live in PostgreSQL: a backup now
 * is a pg_dump archive in <data>/backups, listed and downloadable like SQLite's; a restore brings
 * the data back and asks every window to log in again; a damaged dump or a crm.db changes
 * nothing; 关于 and the diagnostic file describe the database — and neither the server log nor
 * the diagnostic file ever holds the password of the connection string.
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AboutInfo, BackupFile } from '../core/contract.js';
import { pgQuery } from '../db/engine/pg-backup.js';
import { freshPgDatabase } from '../db/engine/pg-testing.js';
import { loadMigrations, schemaVersion } from '../db/open.js';
import { collect, ok, startTestOffice, until, type TestOffice } from './testing.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

let database: { url: string; drop(): void };
let office: TestOffice;
beforeEach(async () => {
  database = freshPgDatabase();
  office = await startTestOffice({ pgUrl: database.url });
});
afterEach(async () => {
  await office?.close();
  database?.drop();
});

const customer = (name: string, keyword: string) => ({
  name,
  keyword,
  statusId: 1,
  ownerId: 2,
  createdOn: '2026-12-07',
  confirmDuplicates: true,
});

const get = (address: string) =>
  new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
    https
      .get(new URL(address, office.lanUrl), { rejectUnauthorized: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject),
  );

const backupsDir = () => path.join(office.dir, 'data', 'backups');

describe('backup and restore on PostgreSQL', () => {
  it('backs up to a pg_dump file, restores it after changes, and asks every window to log in again', async () => {
    const admin = await office.client();
    const sales = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    await ok(sales, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));

    const backup = await ok<BackupFile>(admin, 'system.backupNow');
    expect(backup.name).toMatch(/^crm-manual-\d{8}-\d{6}\.dump$/);
    const file = await get(backup.download!);
    expect(file.status).toBe(200);
    expect(file.body.subarray(0, 5).toString()).toBe('PGDMP');
    // The daily dump of the first start is in the same list.
    const day = new Date();
    const daily = `crm-${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}.dump`;
    await until(() => fs.existsSync(path.join(backupsDir(), daily)), 20_000);
    const listed = await ok<BackupFile[]>(admin, 'system.backups');
    expect(listed.map((b) => b.name)).toEqual(expect.arrayContaining([backup.name, daily]));

    await ok(sales, 'customers.create', customer('上海华为技术有限公司', '华为'));
    const endedAdmin = collect(admin, 'sessionEnded');
    const endedSales = collect(sales, 'sessionEnded');
    const done = await ok<{ restored: string; previous: string; customers: number }>(admin, 'system.restore', {
      name: backup.name,
    });
    expect(done).toMatchObject({
      restored: backup.name,
      customers: 1,
      previous: expect.stringMatching(/^crm-before-restore-\d{8}-\d{6}\.dump$/),
    });
    await until(() => endedAdmin.length === 1 && endedSales.length === 1);
    expect(endedSales[0].reason).toContain(`数据库已由管理员恢复到备份 ${backup.name}`);
    const page = await sales.invoke('customers.page', {});
    expect(page.ok || page.error.code).toBe('unauthenticated');

    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    const rows = await ok<{ rows: { name: string }[] }>(sales, 'customers.page', {});
    expect(rows.rows.map((r) => r.name)).toEqual(['深圳市中兴通讯股份有限公司']);
    // Search and writes go on against the restored database.
    const found = await ok<{ rows: { name: string }[] }>(sales, 'customers.page', { search: '中兴' });
    expect(found.rows.map((r) => r.name)).toEqual(['深圳市中兴通讯股份有限公司']);
    await ok(sales, 'customers.create', customer('北京小米科技有限责任公司', '小米'));
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const kept = await ok<BackupFile[]>(admin, 'system.backups');
    expect(kept.map((b) => b.name)).toEqual(expect.arrayContaining([backup.name, done.previous]));

    const about = await ok<AboutInfo>(admin, 'system.about');
    expect(about.databaseBytes).toBeGreaterThan(1_000_000);
    expect(about.dataDir).toContain(path.join(office.dir, 'data'));
    expect(about.dataDir).toMatch(/PostgreSQL：数据库 kehu_t_\S+，服务器 127\.0\.0\.1:5432/);
  });

  it('leaves the data as they were when the dump is damaged or is a crm.db', async () => {
    const admin = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const empty = await ok<BackupFile>(admin, 'system.backupNow');
    // Enough customers that the middle of the archive is their data, not its table of contents.
    await pgQuery(
      database.url,
      `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, note, created_at, updated_at)
       SELECT '客户' || i, 'k' || i, '客户' || i, 'k' || i, 1, 2, '2026-12-07',
              left(repeat(md5(i::text || random()::text), 20), 600), 'x', 'x'
         FROM generate_series(1, 2000) i`,
    );
    const good = await ok<BackupFile>(admin, 'system.backupNow');
    const bytes = fs.readFileSync(path.join(backupsDir(), good.name));
    const at = empty.size + Math.floor((bytes.length - empty.size) / 2);
    bytes.fill(0x5a, at, at + 64);
    fs.writeFileSync(path.join(backupsDir(), 'crm-damaged.dump'), bytes);
    await ok(admin, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));

    const ended = collect(admin, 'sessionEnded');
    const failed = await admin.invoke('system.restore', { name: 'crm-damaged.dump' });
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.message).toMatch(
        /^恢复失败：备份文件不完整或已损坏（pg_restore: .+），没有恢复，数据保持原样$/,
      );
    }
    await until(() => ended.length === 1);
    expect(ended[0].reason).toBe('数据库恢复没有完成，数据保持原样，请重新登录。');
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const [row] = await pgQuery<{ n: number }>(database.url, 'SELECT count(*)::int AS n FROM customer');
    expect(row.n).toBe(2001);
    const found = await ok<{ rows: { name: string }[] }>(admin, 'customers.page', { search: '中兴' });
    expect(found.rows.map((r) => r.name)).toEqual(['深圳市中兴通讯股份有限公司']);

    // A SQLite backup: refused before anything closes, pointing at migrate:pg.
    const sqlite = new Database(path.join(backupsDir(), 'crm-2026-01-05.db'));
    sqlite.exec('CREATE TABLE customer (id INTEGER PRIMARY KEY)');
    sqlite.close();
    const refused = await admin.invoke('system.restore', { name: 'crm-2026-01-05.db' });
    expect(refused.ok || refused.error.message).toContain('npm run migrate:pg');
    expect(await ok<{ rows: unknown[] }>(admin, 'customers.page', {})).toBeTruthy(); // still signed in
  });

  it('never writes the password into the server log or the diagnostic file', async () => {
    const u = new URL(database.url);
    const user = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    // What must not appear: the password (where it is not also the user's name), the pair, the URL.
    const secrets = [`${user}:${password}@`, `${u.username}:${u.password}@`, database.url, 'PGPASSWORD'];
    if (password && password !== user && password.length >= 4) secrets.push(password);

    const admin = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    await ok(admin, 'system.backupNow');
    fs.writeFileSync(path.join(backupsDir(), 'crm-bad.dump'), 'PGDMP and then nothing');
    await admin.invoke('system.restore', { name: 'crm-bad.dump' });
    const about = await ok<AboutInfo>(admin, 'system.about');
    const bundleFile = await ok<BackupFile>(admin, 'system.diagnostics');
    const bundle = (await get(bundleFile.download!)).body.toString('utf8');
    const parsed = JSON.parse(bundle) as { database: Record<string, unknown>; serverLog: string[] };
    const version = schemaVersion(loadMigrations());
    expect(parsed.database).toMatchObject({ engine: 'PostgreSQL', schemaVersion: version, appSchemaVersion: version });
    expect(parsed.database.rowsPerTable).toMatchObject({ staff: 3, customer: 0 });
    expect(parsed.serverLog.join('\n')).toContain('已备份数据库');
    const logs = fs
      .readdirSync(path.join(office.dir, 'data', 'logs'))
      .map((f) => fs.readFileSync(path.join(office.dir, 'data', 'logs', f), 'utf8'))
      .join('\n');
    expect(logs).toContain('已备份数据库');
    for (const text of [logs, bundle, JSON.stringify(about)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
