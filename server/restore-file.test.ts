/**
 * 恢复数据库 › 从文件恢复… on the office server: a database file the administrator chose is
 * POSTed to a one-time upload address and restored through the same path as a kept backup; every
 * hostile file is refused with a clear message and nothing changes.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackupFile, RestoreUpload } from '../core/contract.js';
import { UPLOADS_FOLDER } from './office-server.js';
import { collect, ok, startTestOffice, type TestOffice } from './testing.js';
import type { RemoteClient } from './remote-client.js';

vi.setConfig({ testTimeout: 60_000 });

const MAX = 2 * 1024 * 1024;
let office: TestOffice;
let admin: RemoteClient;
beforeEach(async () => {
  office = await startTestOffice({ maxUploadBytes: MAX });
  admin = await office.client();
  await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
  await ok(admin, 'customers.create', customer('深圳市中兴通讯股份有限公司', '中兴'));
});
afterEach(async () => {
  await office.close();
});

function customer(name: string, keyword: string) {
  return { name, keyword, statusId: 1, ownerId: 2, createdOn: '2026-11-26', confirmDuplicates: true };
}

/** POSTs bytes to an upload address of the browser mode (chunked when `chunked`). */
function post(address: string, body: Buffer, chunked = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(address, office.server.url),
      { method: 'POST', headers: chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    if (chunked) {
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

async function names(): Promise<string[]> {
  const page = await ok<{ rows: { name: string }[] }>(admin, 'customers.page', {});
  return page.rows.map((r) => r.name).sort();
}

/** A backup of the current database, as a file on "the administrator's PC". */
async function backupBytes(): Promise<Buffer> {
  const b = await ok<BackupFile>(admin, 'system.backupNow');
  return fs.readFileSync(path.join(office.server.dataDir, 'backups', b.name));
}

const beforeRestore = () =>
  fs.readdirSync(path.join(office.server.dataDir, 'backups')).filter((f) => f.startsWith('crm-before-restore'));

describe('restore from a chosen file', () => {
  it('uploads a backup and restores it; every window logs in again', async () => {
    const bytes = await backupBytes();
    await ok(admin, 'customers.create', customer('上海华为技术有限公司', '华为'));
    expect(await names()).toHaveLength(2);

    const up = await ok<RestoreUpload>(admin, 'system.restoreUpload');
    expect(up.maxBytes).toBe(MAX);
    expect(await post(up.upload, bytes)).toEqual({ status: 200, text: 'ok' });
    expect((await post(up.upload, bytes)).status).toBe(404); // one file per address
    const ended = collect(admin, 'sessionEnded');
    const done = await ok<{ restored: string; previous: string; customers: number }>(admin, 'system.restoreFile', {
      upload: up.upload,
      name: 'U盘上的备份.db',
    });
    expect(done).toMatchObject({ restored: 'U盘上的备份.db', customers: 1 });
    expect(done.previous).toMatch(/^crm-before-restore/);
    expect(ended[0]?.reason).toContain('数据库已由管理员恢复到备份 U盘上的备份.db');
    await ok(admin, 'auth.login', { login: 'admin', password: 'secret1' });
    expect(await names()).toEqual(['深圳市中兴通讯股份有限公司']);
    // The uploaded file is gone; the address cannot be used again.
    expect(fs.readdirSync(path.join(office.server.dataDir, UPLOADS_FOLDER))).toEqual([]);
    const again = await admin.invoke('system.restoreFile', { upload: up.upload, name: 'x.db' });
    expect(again.ok || again.error.code).toBe('not_found');
  });

  /** Uploads `bytes` and asks for the restore: refused with `message`, nothing changed. */
  async function refused(bytes: Buffer, message: RegExp) {
    const up = await ok<RestoreUpload>(admin, 'system.restoreUpload');
    expect((await post(up.upload, bytes)).status).toBe(200);
    const ended = collect(admin, 'sessionEnded');
    const r = await admin.invoke('system.restoreFile', { upload: up.upload, name: 'chosen.db' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('bad_input');
    expect(r.error.message).toMatch(message);
    expect(r.error.message).toContain('chosen.db'); // the file as the user knows it, not a temporary path
    expect(r.error.message).not.toContain(UPLOADS_FOLDER);
    expect(ended).toEqual([]); // still signed in: nothing was switched
    expect(await names()).toEqual(['深圳市中兴通讯股份有限公司']);
    expect(beforeRestore()).toEqual([]);
    expect(fs.readdirSync(path.join(office.server.dataDir, UPLOADS_FOLDER))).toEqual([]);
  }

  it('refuses a file that is not a database', async () => {
    await refused(Buffer.from('客户名称,电话\n中兴,123\n'.repeat(200)), /不是数据库文件/);
  });

  it("refuses another program's SQLite database", async () => {
    const file = path.join(office.dir, 'other.db');
    const db = new Database(file);
    db.exec(`CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg')`);
    db.close();
    await refused(fs.readFileSync(file), /不是本程序的备份/);
    const withId = new Database(file);
    withId.pragma('application_id = 1234');
    withId.close();
    await refused(fs.readFileSync(file), /其他程序的数据库/);
  });

  it('refuses a database written by a newer version, naming both versions', async () => {
    const file = path.join(office.dir, 'newer.db');
    fs.writeFileSync(file, await backupBytes());
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    await refused(fs.readFileSync(file), /更新版本.*版本为 99.*只支持到版本 \d+/);
  });

  it('refuses a truncated or damaged database', async () => {
    const bytes = await backupBytes();
    expect(bytes.length).toBeGreaterThan(40 * 4096); // the schema alone spans many pages
    await refused(bytes.subarray(0, Math.floor(bytes.length / 2)), /已损坏|不完整|无法读取|完整性检查/);
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, 8192, 8192 + 4096 * 6); // garbage over a few pages in the middle
    await refused(damaged, /已损坏|不完整|无法读取|完整性检查/);
  });

  it('refuses an upload over the size cap, declared or streamed, and keeps nothing', async () => {
    const huge = Buffer.alloc(MAX + 1, 0x41);
    for (const chunked of [false, true]) {
      const up = await ok<RestoreUpload>(admin, 'system.restoreUpload');
      const answer = await post(up.upload, huge, chunked).catch(() => ({ status: 0, text: '' }));
      // The refusal is 413 with the reason; a client still sending may see the connection closed instead.
      if (answer.status) expect(answer).toMatchObject({ status: 413, text: expect.stringContaining('文件太大') });
      const r = await admin.invoke('system.restoreFile', { upload: up.upload, name: 'huge.db' });
      expect(r.ok || r.error.code).toBe('not_found');
    }
    expect(fs.readdirSync(path.join(office.server.dataDir, UPLOADS_FOLDER))).toEqual([]);
    expect(await names()).toEqual(['深圳市中兴通讯股份有限公司']);
  });

  it('is for administrators only, and checks its input', async () => {
    const sales = await office.client();
    await ok(sales, 'auth.login', { login: 'sales1', password: 'secret1' });
    const r = await sales.invoke('system.restoreUpload');
    expect(r.ok || r.error.code).toBe('forbidden');
    const bad = await admin.invoke('system.restoreFile', { upload: '/upload/../../crm.db', name: 'a.db' });
    expect(bad.ok || bad.error.message).toMatch(/^上传的文件：/);
    expect((await post(`/upload/${'0'.repeat(48)}`, Buffer.from('x'))).status).toBe(404);
  });
});
