import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOfficeStaff } from '../testing.js';
import { openDatabase } from '../../db/open.js';
import { startDataHost, type DataHost } from './host.js';

/**
 * A big file (here: every file, checkBeforeStartMaxBytes 0) opens before its integrity check;
 * the host runs the check on a reader while the first page is served, holds writes (not the
 * sign-in) until it ends, records a full check, and refuses every call once it finds damage.
 */
let dir: string;
let file: string;
let host: DataHost | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-deferred-'));
  file = path.join(dir, 'crm.db');
});
afterEach(async () => {
  await host?.close();
  host = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The office's staff and enough customers to span many pages; the weekly check's day removed. */
function makeFile(customers = 3000) {
  addOfficeStaff(dir);
  const db = openDatabase(file);
  const at = new Date().toISOString();
  const add = db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, note, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, 1, '2026-11-26', ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < customers; i++) {
      add.run(`深圳市客户${i}有限公司`, `客户${i}`, `深圳市客户${i}有限公司`, `客户${i}`, '备注'.repeat(20), at, at);
    }
  })();
  db.prepare(`DELETE FROM maintenance WHERE key LIKE 'full_check%'`).run();
  db.close();
}

const admin = async (h: DataHost) => {
  const conn = h.connect();
  const login = await h.call(conn, 'auth.login', { login: 'admin', password: 'secret1' });
  return { conn, login };
};

describe('a big file’s integrity check after the start', { timeout: 30_000 }, () => {
  it('a sound file: the host serves at once, the full check runs and is recorded, writes go through', async () => {
    makeFile();
    host = await startDataHost({ dbFile: file, readers: 1, checkBeforeStartMaxBytes: 0, sweepMinutes: 60 });
    const { conn, login } = await admin(host);
    expect(login.result.ok).toBe(true);
    const tree = await host.call(conn, 'statuses.tree', undefined);
    expect(tree.result).toMatchObject({ ok: true, value: { total: 3000 } });
    const created = await host.call(conn, 'customers.create', {
      name: '广州市新客户有限公司',
      keyword: '新客户',
      statusId: 1,
      ownerId: 1,
      createdOn: '2026-11-26',
    });
    expect(created.result.ok).toBe(true);
    expect(await host.checked()).toBeNull();
    await host.close();
    host = null;
    const after = new Database(file, { readonly: true });
    const today = after.prepare(`SELECT value FROM maintenance WHERE key = 'full_check_on'`).pluck().get();
    after.close();
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a damaged file: the start is not refused, the check finds the damage and every call is refused with its message', async () => {
    makeFile();
    const good = path.join(dir, 'backups', 'crm-2026-11-25.db');
    fs.mkdirSync(path.dirname(good), { recursive: true });
    const copy = new Database(file, { readonly: true });
    await copy.backup(good);
    copy.close();
    // Garbage over pages of customer rows, which opening does not read.
    const pageSize = 4096;
    const pages = fs.statSync(file).size / pageSize;
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize * 2, 0xa5), 0, pageSize * 2, pageSize * Math.floor(pages * 0.6));
    fs.closeSync(fd);

    const told: string[] = [];
    host = await startDataHost({
      dbFile: file,
      readers: 1,
      checkBeforeStartMaxBytes: 0,
      sweepMinutes: 60,
      onDamaged: (m) => told.push(m),
    });
    const conn = host.connect();
    // A write sent while the check runs waits for it (sent at once, without signing in, the router
    // would answer 'unauthenticated'), then is refused with the damage: nothing is written.
    const write = host.call(conn, 'customers.create', {
      name: '广州市新客户有限公司',
      keyword: '新客户',
      statusId: 1,
      ownerId: 1,
      createdOn: '2026-11-26',
    });
    const damage = await host.checked();
    expect(damage).toContain('数据库文件已损坏');
    expect(damage).toContain(good);
    expect(told).toEqual([damage]);
    expect((await write).result).toEqual({ ok: false, error: { code: 'database_damaged', message: damage } });
    // From now on every call is refused, reads and signing in too.
    for (const [name, input] of [
      ['statuses.tree', undefined],
      ['auth.login', { login: 'admin', password: 'secret1' }],
    ] as const) {
      expect((await host.call(conn, name, input)).result).toEqual({
        ok: false,
        error: { code: 'database_damaged', message: damage },
      });
    }
  });
});
