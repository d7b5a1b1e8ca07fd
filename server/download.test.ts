/**
 * Browser mode's export download, end to end over the real server: WebSocket calls, the worker,
 * then GET /download/<token> — once, only from our own host, with the UTF-8 file name.
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ExportProgress, Result } from '../core/contract.js';
import { hashPassword } from '../db/password.js';
import { openDatabase } from '../db/open.js';
import { contentDisposition } from './http.js';
import { startWebServer, type WebServer } from '../scripts/web-server.js';

// Each export or import check starts a worker thread (about a second from source under tsx).
vi.setConfig({ testTimeout: 30_000 });
let dir: string;
let server: WebServer;
let ws: WebSocket;
let nextId = 1;
const pending = new Map<number, (r: Result<unknown>) => void>();

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-web-download-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  server = await startWebServer({
    port: 0,
    dataDir: path.join(dir, 'data'),
    rendererDir,
    quiet: true,
    host: { readers: 1 },
  });
  const at = new Date().toISOString();
  const db = openDatabase(path.join(dir, 'data', 'crm.db'));
  db.prepare(
    `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run('张经理', 'admin', hashPassword('secret1'), 'admin', at, at);
  db.close();
  const origin = server.url.replace(/\/$/, '');
  ws = new WebSocket(`${origin.replace('http', 'ws')}/crm`, { origin });
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    pending.get(msg.id)?.(msg.result);
  });
  await new Promise((resolve) => ws.once('open', resolve));
});

afterEach(async () => {
  ws.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function call<T>(name: string, input?: unknown): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(new Error(r.error.message))));
    ws.send(JSON.stringify({ id, name, input }));
  });
}

async function exported(): Promise<ExportProgress> {
  await call('auth.login', { login: 'admin', password: 'secret1' });
  await call('customers.create', {
    name: '深圳市中兴通讯股份有限公司',
    keyword: '中兴',
    statusId: 1,
    ownerId: 1,
    createdOn: '2026-11-26',
  });
  const { jobId } = await call<{ jobId: string }>('export.start', { grid: 'customers', query: {} });
  for (;;) {
    const p = await call<ExportProgress>('export.progress', { jobId });
    if (p.state !== 'running' && p.state !== 'choosing') return p;
    await new Promise((r) => setTimeout(r, 30));
  }
}

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

describe('GET /download/<token>', () => {
  it('sends the finished export once, named in UTF-8, and deletes it', async () => {
    const p = await exported();
    expect(p).toMatchObject({ state: 'done', download: expect.stringMatching(/^\/download\/[0-9a-f]{48}$/) });
    const url = new URL(p.download!, server.url).href;

    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(contentDisposition(p.fileName));
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(p.fileName)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets[0].getCell('A1').value).toBe('客户名称');
    expect(wb.worksheets[0].getCell('A2').value).toBe('深圳市中兴通讯股份有限公司');

    expect((await get(url)).status).toBe(404);
  });

  it('refuses another Host (DNS rebinding), other methods and made-up tokens', async () => {
    const p = await exported();
    const url = new URL(p.download!, server.url).href;
    expect((await get(url, { host: 'evil.example' })).status).toBe(403);
    expect((await get(new URL(`/download/${'a'.repeat(48)}`, server.url).href)).status).toBe(404);
    // Still there for the real page.
    expect((await get(url)).status).toBe(200);
  });

  it('is gone once the window that exported it closes', async () => {
    const p = await exported();
    ws.close();
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(new URL(p.download!, server.url).href)).status).toBe(404);
  });
});

describe('contentDisposition', () => {
  it('gives the UTF-8 name and an ASCII fallback', () => {
    expect(contentDisposition('客户资料_20261126.xlsx')).toBe(
      `attachment; filename="export_20261126.xlsx"; filename*=UTF-8''${encodeURIComponent('客户资料_20261126.xlsx')}`,
    );
  });
});
