/**
 * 系统 › 备份数据库 / 恢复数据库 on the office server: a backup while connected, its one-time
 * download, a restore that switches the data host and signs every window out.
 */
import https from 'node:https';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupFile } from '../core/contract.js';
import { collect, ok, startTestOffice, until, type TestOffice } from './testing.js';

vi.setConfig({ testTimeout: 60_000 });

let office: TestOffice;
beforeEach(async () => {
  office = await startTestOffice();
});
afterEach(async () => {
  await office.close();
});

const customer = (name: string, keyword: string) => ({
  name,
  keyword,
  statusId: 1,
  ownerId: 2,
  createdOn: '2026-11-26',
  confirmDuplicates: true,
});

const get = (path: string) =>
  new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
    https
      .get(new URL(path, office.lanUrl), { rejectUnauthorized: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject),
  );

describe('backup and restore', () => {
  it('backs up while connected, restores it, and asks every window to log in again', async () => {
    const admin = await office.client();
    const sales = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    await ok(sales, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));

    const refused = await sales.invoke('system.backupNow');
    expect(refused.ok || refused.error.code).toBe('forbidden');
    const backup = await ok<BackupFile>(admin, 'system.backupNow');
    expect(backup.name).toMatch(/^crm-manual-\d{8}-\d{6}\.db$/);
    const file = await get(backup.download!);
    expect(file.status).toBe(200);
    expect(file.body.subarray(0, 15).toString()).toBe('SQLite format 3');
    expect((await get(backup.download!)).status).toBe(404); // once

    await ok(sales, 'customers.create', customer('上海华为技术有限公司', '华为'));
    const endedAdmin = collect(admin, 'sessionEnded');
    const endedSales = collect(sales, 'sessionEnded');
    const done = await ok<{ restored: string; previous: string; customers: number }>(admin, 'system.restore', {
      name: backup.name,
    });
    expect(done).toMatchObject({
      restored: backup.name,
      customers: 1,
      previous: expect.stringMatching(/^crm-before-restore/),
    });
    await until(() => endedAdmin.length === 1 && endedSales.length === 1);
    expect(endedSales[0].reason).toContain(`数据库已由管理员恢复到备份 ${backup.name}`);
    const page = await sales.invoke('customers.page', {});
    expect(page.ok || page.error.code).toBe('unauthenticated');

    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    const rows = await ok<{ rows: { name: string }[] }>(sales, 'customers.page', {});
    expect(rows.rows.map((r) => r.name)).toEqual(['深圳市中兴通讯股份有限公司']);
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    const kept = await ok<BackupFile[]>(admin, 'system.backups');
    expect(kept.map((b) => b.name)).toEqual(expect.arrayContaining([backup.name, done.previous]));
    // Writes go on against the restored file.
    await ok(sales, 'customers.create', customer('北京小米科技有限责任公司', '小米'));
  });

  it('restores only a backup of the list, by name', async () => {
    const admin = await office.client();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    for (const name of ['../crm.db', 'crm.db', 'nope.db']) {
      const r = await admin.invoke('system.restore', { name });
      expect(r.ok || r.error.code).toBe('not_found');
    }
    const bad = await admin.invoke('system.restore', {});
    expect(bad.ok || bad.error.message).toBe('备份：请选择备份');
  });
});
