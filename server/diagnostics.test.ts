/**
 * 帮助 › 售后服务 › 生成诊断文件: versions, mode, data folder, database size and rows per table,
 * settings without secrets, backups, the server log's last lines — and no customer data.
 */
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupFile } from '../core/contract.js';
import { ok, startTestOffice, type TestOffice } from './testing.js';

vi.setConfig({ testTimeout: 60_000 });

let office: TestOffice;
beforeEach(async () => {
  office = await startTestOffice();
});
afterEach(async () => {
  await office.close();
});

const get = (address: string) =>
  new Promise<{ status: number; type: string; body: string }>((resolve, reject) =>
    http
      .get(new URL(address, office.server.url), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      })
      .on('error', reject),
  );

describe('the diagnostic bundle', () => {
  it('says what runs where, and holds no customer data', async () => {
    const admin = await office.localClient();
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    // Customer data with values that must not leak: name, keyword, phone, region, a contact.
    const secret = {
      name: '深圳市保密测试科技有限公司',
      keyword: '保密测试',
      phone: '0755-26779999',
      region: '南山区科技园',
    };
    const created = await ok<{ id: number }>(admin, 'customers.create', {
      ...secret,
      statusId: 1,
      ownerId: 2,
      createdOn: '2026-11-26',
    });
    const contacts = await ok<{ token: string }>(admin, 'contacts.list', { customerId: created.id });
    await ok(admin, 'contacts.save', {
      customerId: created.id,
      token: contacts.token,
      created: [{ name: '欧阳保密', mobile: '13912345678', isPrimary: true }],
    });
    await ok(admin, 'settings.update', {
      companyName: '科汇软件',
      companyAccount: '6225 8888 7777 6666',
      supportPhone: '400-800-1234',
      supportContact: '刘工',
    });
    await ok(admin, 'system.backupNow');

    const file = await ok<BackupFile>(admin, 'system.diagnostics');
    expect(file.name).toMatch(/^kehu-diagnostics-\d{8}-\d{6}\.json$/);
    const res = await get(file.download!);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    expect((await get(file.download!)).status).toBe(404); // once

    const bundle = JSON.parse(res.body) as {
      app: { version: string; mode: string };
      dataDir: string;
      database: {
        schemaVersion: number;
        appSchemaVersion: number;
        bytes: number;
        rowsPerTable: Record<string, number>;
      };
      settings: Record<string, string>;
      backups: { count: number; latest: { name: string }[] };
      serverLog: string[];
      office: { port: number };
    };
    expect(bundle.app.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(bundle.app.mode).toBe('服务器（其他电脑可以连接）'); // the test office has its LAN server on
    expect(bundle.dataDir).toBe(office.server.dataDir);
    expect(bundle.database.schemaVersion).toBe(bundle.database.appSchemaVersion);
    expect(bundle.database.bytes).toBeGreaterThan(0);
    expect(bundle.database.rowsPerTable).toMatchObject({ customer: 1, contact: 1, staff: 3 });
    expect(bundle.settings).toMatchObject({
      'company.name': '科汇软件',
      'support.phone': '400-800-1234',
      'company.account': '（已设置，内容未包含）',
    });
    expect(bundle.backups.count).toBeGreaterThanOrEqual(1);
    expect(bundle.backups.latest[0].name).toMatch(/^crm-/);
    expect(bundle.serverLog.length).toBeGreaterThan(0);
    expect(bundle.serverLog.length).toBeLessThanOrEqual(200);
    expect(bundle.serverLog.join('\n')).toContain('登录：admin');

    for (const value of [...Object.values(secret), '欧阳保密', '13912345678', '6225 8888 7777 6666', 'secret1']) {
      expect(res.body, value).not.toContain(value);
    }
  });

  it('is for administrators only', async () => {
    const sales = await office.localClient();
    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    const r = await sales.invoke('system.diagnostics');
    expect(r.ok || r.error.code).toBe('forbidden');
  });
});
