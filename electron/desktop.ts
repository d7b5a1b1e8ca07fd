/**
 * Where the desktop app's data comes from — without importing 'electron', so it is tested here:
 * - 单机使用 / host: this PC's own office server (data host in workers, the LAN server when
 *   网络设置 turned it on); each window is a peer of its hub, like a socket.
 * - 连接到办公室服务器: each window gets its own remote client to the office server, trusting
 *   the certificate the user confirmed; events come back the same way.
 * The choice lives in <userData>/connection.json; no file yet = first start (the window asks).
 */
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { Events, Result } from '../core/contract.js';
import type { HostConnection } from '../server/host/host.js';
import type { Peer } from '../server/hub.js';
import { startOfficeServer, type OfficeServer } from '../server/office-server.js';
import { connectRemote, serverUrl, type RemoteClient, type ServerIdentity } from '../server/remote-client.js';
import { sameFingerprint } from '../server/tls.js';

export interface ConnectionConfig {
  mode: 'local' | 'client';
  /** The office server this PC connects to, and the certificate confirmed for it. */
  server?: { url: string } & ServerIdentity;
}

const CONFIG = 'connection.json';

export function readConnection(userData: string): ConnectionConfig | null {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(userData, CONFIG), 'utf8')) as ConnectionConfig;
    if (raw.mode === 'local') return { mode: 'local' };
    if (raw.mode === 'client' && raw.server?.url && raw.server.fingerprint && raw.server.certPem) {
      return { mode: 'client', server: raw.server };
    }
  } catch {
    /* no choice made yet, or an unreadable file: ask again */
  }
  return null;
}

export function writeConnection(userData: string, config: ConnectionConfig): void {
  fs.mkdirSync(userData, { recursive: true });
  const file = path.join(userData, CONFIG);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(config, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** One window, as the data side sees it. */
export interface WindowPort {
  readonly id: number;
  push<E extends keyof Events>(event: E, payload: Events[E]): void;
}

/** A window's link to the data: its calls, and closing it when the window goes. */
export interface WindowLink {
  invoke(name: unknown, input: unknown): Promise<Result<unknown>>;
  close(): void;
}

export interface DesktopData {
  readonly mode: 'local' | 'client';
  attach(win: WindowPort): WindowLink;
  close(): Promise<void>;
  /** Client mode: the office server's address (shown in 关于 and 网络设置). */
  readonly serverUrl: string | null;
  /** Local mode: the office server of this PC. */
  readonly office: OfficeServer | null;
}

export interface LocalOptions {
  userData: string;
  rendererDir: string;
  /** The save dialog over a window, for exports; null = cancelled. */
  chooseTarget(windowId: number, defaultName: string): Promise<string | null>;
}

/** 单机使用 (and the host of an office): this PC's own data, through the same hub as sockets. */
export async function startLocalData(opts: LocalOptions): Promise<DesktopData> {
  const windowOf = new Map<HostConnection, number>();
  const office = await startOfficeServer({
    dataDir: opts.userData,
    rendererDir: opts.rendererDir,
    localPort: null,
    quiet: true,
    host: {
      chooseTarget: (conn, defaultName) => {
        const id = windowOf.get(conn);
        return id === undefined ? Promise.resolve(null) : opts.chooseTarget(id, defaultName);
      },
    },
  });
  return {
    mode: 'local',
    office,
    serverUrl: null,
    attach(win) {
      const peer: Peer = {
        conn: office.host.connect(),
        address: '本机',
        loginAt: null,
        lastAt: new Date().toISOString(),
        push: (event, payload) => win.push(event, payload),
        end: () => undefined, // the window stays; it was told its session ended
      };
      windowOf.set(peer.conn, win.id);
      office.hub.attach(peer);
      return {
        invoke: (name, input) => office.hub.call(peer, name, input),
        close() {
          windowOf.delete(peer.conn);
          office.hub.detach(peer);
        },
      };
    },
    close: () => office.close(),
  };
}

/** 连接到办公室服务器: each window is its own connection (its own login) to the server. */
export function startClientData(server: NonNullable<ConnectionConfig['server']>): DesktopData {
  const clients = new Set<RemoteClient>();
  return {
    mode: 'client',
    office: null,
    serverUrl: server.url,
    attach(win) {
      const client = connectRemote({ url: server.url, trust: server });
      clients.add(client);
      const offs = (['changed', 'reminders', 'sessionEnded', 'connection'] as const).map((event) =>
        client.on(event, (payload) => win.push(event, payload as never)),
      );
      return {
        invoke: (name, input) => client.invoke(String(name), input),
        close() {
          offs.forEach((off) => off());
          client.close();
          clients.delete(client);
        },
      };
    },
    async close() {
      for (const c of clients) c.close();
      clients.clear();
    },
  };
}

/**
 * Client mode's exports: the server writes the file and hands out a one-time address; the
 * desktop app fetches it over the pinned TLS connection and saves it on this PC.
 */
export function downloadExport(
  server: NonNullable<ConnectionConfig['server']>,
  downloadPath: string,
  target: string,
): Promise<void> {
  if (!/^\/download\/[0-9a-f]{16,128}$/.test(downloadPath)) return Promise.reject(new Error('下载地址无效'));
  const url = new URL(downloadPath, serverUrl(server.url));
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        ca: [server.certPem],
        checkServerIdentity: (_host, cert) =>
          sameFingerprint(cert.fingerprint256, server.fingerprint) ? undefined : new Error('服务器的证书指纹不一致'),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`下载失败（${res.statusCode}）：请重新导出`));
          return;
        }
        const tmp = `${target}.part`;
        const out = fs.createWriteStream(tmp);
        res.pipe(out);
        out.on('finish', () => fs.rename(tmp, target, (err) => (err ? reject(err) : resolve())));
        out.on('error', reject);
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

/**
 * Client mode's 从文件恢复: the chosen file is POSTed to the server's one-time upload address over
 * the pinned TLS connection; the server's refusal (too big, disk full) comes back as the error.
 */
export function uploadFile(
  server: NonNullable<ConnectionConfig['server']>,
  uploadPath: string,
  file: string,
): Promise<void> {
  if (!/^\/upload\/[0-9a-f]{48}$/.test(uploadPath)) return Promise.reject(new Error('上传地址无效'));
  const url = new URL(uploadPath, serverUrl(server.url));
  const size = fs.statSync(file).size;
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: 'POST',
        headers: { 'content-length': size, 'content-type': 'application/octet-stream' },
        ca: [server.certPem],
        checkServerIdentity: (_host, cert) =>
          sameFingerprint(cert.fingerprint256, server.fingerprint) ? undefined : new Error('服务器的证书指纹不一致'),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(Buffer.concat(chunks).toString('utf8') || `上传失败（${res.statusCode}）`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const input = fs.createReadStream(file);
    input.on('error', (err) => req.destroy(err));
    input.pipe(req);
  });
}
