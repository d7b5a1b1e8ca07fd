/** Test helpers for the office server: a real server in a temporary folder, real clients. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Events, Result } from '../core/contract.js';
import { openPgDatabase } from '../db/engine/open-pg.js';
import { openDatabase } from '../db/open.js';
import { hashPassword } from '../db/password.js';
import { startWebServer, type WebServer } from '../scripts/web-server.js';
import { connectRemote, probeServer, type RemoteClient, type RemoteOptions } from './remote-client.js';

export interface TestOffice {
  dir: string;
  server: WebServer;
  /** https://127.0.0.1:<port>/ of the LAN server. */
  lanUrl: string;
  /** A client of the LAN server over TLS, trusting the server's real certificate. */
  client(opts?: Partial<RemoteOptions>): Promise<RemoteClient>;
  /** A client of the browser mode's plain socket on 127.0.0.1. */
  localClient(opts?: Partial<RemoteOptions>): Promise<RemoteClient>;
  close(): Promise<void>;
}

/** A stand-in renderer folder, for tests that only need the server to start. */
export function fakeRenderer(dir: string): string {
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  return rendererDir;
}

/**
 * admin (管理员 张经理) and sales1 / sales2 (业务员 王芳 / 李娜), all with password 'secret1' — in
 * the folder's crm.db, or in the PostgreSQL database the server runs on.
 */
export function addOfficeStaff(dataDir: string, pgUrl?: string): void {
  const db = pgUrl ? openPgDatabase(pgUrl) : openDatabase(path.join(dataDir, 'crm.db'));
  const at = new Date().toISOString();
  const hash = hashPassword('secret1');
  const insert = db.prepare(
    `INSERT INTO staff (name, login, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  insert.run('张经理', 'admin', hash, 'admin', at, at);
  insert.run('王芳', 'sales1', hash, 'sales', at, at);
  insert.run('李娜', 'sales2', hash, 'sales', at, at);
  db.close();
}

export async function startTestOffice(
  opts: { staff?: boolean; maxUploadBytes?: number; pgUrl?: string } = {},
): Promise<TestOffice> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-office-'));
  const dataDir = path.join(dir, 'data');
  const server = await startWebServer({
    port: 0,
    dataDir,
    rendererDir: fakeRenderer(dir),
    quiet: true,
    host: { readers: 1, pgUrl: opts.pgUrl },
    lan: { port: 0, bindHost: '127.0.0.1' },
    maxUploadBytes: opts.maxUploadBytes,
  });
  if (opts.staff !== false) addOfficeStaff(dataDir, opts.pgUrl);
  const lanUrl = `https://127.0.0.1:${server.status().port}/`;
  const clients: RemoteClient[] = [];
  const track = async (c: RemoteClient) => {
    clients.push(c);
    await c.ready;
    return c;
  };
  return {
    dir,
    server,
    lanUrl,
    async client(o = {}) {
      const trust = o.trust ?? (await probeServer(lanUrl));
      return track(connectRemote({ url: lanUrl, trust, reconnect: false, ...o }));
    },
    localClient(o = {}) {
      const origin = server.url.replace(/\/$/, '');
      return track(connectRemote({ url: `${origin.replace('http', 'ws')}/crm`, origin, reconnect: false, ...o }));
    },
    async close() {
      clients.forEach((c) => c.close());
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Calls and returns the value; throws with the error's code and message on failure. */
export async function ok<T = unknown>(client: RemoteClient, name: string, input?: unknown): Promise<T> {
  const r = (await client.invoke(name, input)) as Result<T>;
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Collects a client's events of one kind. */
export function collect<E extends keyof Events>(client: RemoteClient, event: E): Events[E][] {
  const seen: Events[E][] = [];
  client.on(event, (p) => seen.push(p));
  return seen;
}

/** Waits until check() holds (polling), or fails after the timeout. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
