/**
 * The office server: one data host (worker threads) and one hub, reached by
 * - the browser mode: plain HTTP + WebSocket on 127.0.0.1 only (this PC's own browser, tests);
 * - the LAN server (网络设置 › 允许其他电脑连接, or `npm run server`): HTTPS + WebSocket over TLS
 *   with the certificate in the data folder, answering only to this PC's own names and addresses.
 * Both serve the same renderer and the same router; settings persist in <data>/office.json.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex, Readable } from 'node:stream';
import type { BackupFile, OfficeStatus, RestoreUpload } from '../core/contract.js';
import { BackupRefused } from '../db/backup.js';
import { BACKUPS_FOLDER, listBackups, localStamp } from '../db/backup-files.js';
import { AppError } from '../db/errors.js';
import { startDataHost, type DataHost, type DataHostOptions } from './host/host.js';
import { checkDataFolder } from './data-folder.js';
import { backupStoreOf, type RestoreDone } from './backup-store.js';
import { buildDiagnostics } from './diagnostics.js';
import { startResponder, type Responder } from './discovery.js';
import { createRequestHandler, DOWNLOAD_PREFIX, UPLOAD_PREFIX, UploadRefused } from './http.js';
import { Hub, type Peer } from './hub.js';
import { ReminderTimer } from './reminder-timer.js';
import { PgOfficeState } from './office-state.js';
import { openServerLog, type ServerLog } from './log.js';
import { APP_VERSION } from '../core/protocol.js';
import { attachSockets } from './socket.js';
import { loadOrCreateCertificate, type ServerCertificate } from './tls.js';

export const DEFAULT_LAN_PORT = 5179;
/**
 * The largest database file 从文件恢复 accepts: well above a million customers with their whole
 * domain (2.4 GB, BENCHMARKS.md), well below filling an office PC's disk by mistake or malice.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3;
/** An upload address is good for one file within this time. */
const UPLOAD_TTL_MS = 30 * 60_000;
/** Where uploaded files wait for their restore (emptied at every start). */
export const UPLOADS_FOLDER = 'uploads';

export interface OfficeSettings {
  lanEnabled: boolean;
  lanPort: number;
  idleHours: number;
}

const DEFAULTS: OfficeSettings = { lanEnabled: false, lanPort: DEFAULT_LAN_PORT, idleHours: 12 };

export function readOfficeSettings(dataDir: string): OfficeSettings {
  try {
    const raw = JSON.parse(fs.readFileSync(path.join(dataDir, 'office.json'), 'utf8')) as Partial<OfficeSettings>;
    return {
      lanEnabled: typeof raw.lanEnabled === 'boolean' ? raw.lanEnabled : DEFAULTS.lanEnabled,
      lanPort:
        Number.isInteger(raw.lanPort) && raw.lanPort! > 0 && raw.lanPort! < 65536 ? raw.lanPort! : DEFAULTS.lanPort,
      idleHours: typeof raw.idleHours === 'number' && raw.idleHours > 0 ? raw.idleHours : DEFAULTS.idleHours,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

function writeOfficeSettings(dataDir: string, s: OfficeSettings) {
  const file = path.join(dataDir, 'office.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(s, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

/** This PC's IPv4 addresses on the office network (not loopback). */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

export interface OfficeServerOptions {
  dataDir: string;
  rendererDir: string;
  /** The browser mode's port on 127.0.0.1 (0 = any free port); null = no plain listener. */
  localPort: number | null;
  /** Force the LAN server on (npm run server) with this port / bind address; else office.json decides. */
  lan?: { port?: number; bindHost?: string };
  quiet?: boolean;
  /** Passed to the data host (tests: fewer readers). */
  host?: Partial<DataHostOptions>;
  /** 从文件恢复's size cap (default DEFAULT_MAX_UPLOAD_BYTES; tests: small). */
  maxUploadBytes?: number;
}

export interface OfficeServer {
  /** http://127.0.0.1:<port>/ of the browser mode, when it listens. */
  localUrl: string | null;
  dataDir: string;
  host: DataHost;
  hub: Hub;
  /** Rings each minute's reminders (server/reminder-timer.ts); tests move its clock. */
  reminders: ReminderTimer;
  log: ServerLog;
  status(): OfficeStatus;
  /** Where the listeners are bound (null: not listening). */
  listening(): { local: AddressInfo | null; lan: AddressInfo | null };
  configure(input: { enabled: boolean; port: number; idleHours?: number }): Promise<OfficeStatus>;
  /** The file behind a one-time download address (the desktop app saves a backup with it). */
  takeDownload(token: string): Promise<{ file: string; fileName: string; keep?: boolean } | null>;
  /** Fills a one-time upload address (HTTP POST, or the desktop app's open dialog). */
  receiveUpload(token: string, body: Readable, declaredBytes: number | null): Promise<void>;
  close(): Promise<void>;
}

/** A request the HTTP parser refused (not HTTP, headers too large …): a clear 4xx, then closed. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: http.Server, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, bind, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

export async function startOfficeServer(opts: OfficeServerOptions): Promise<OfficeServer> {
  const rendererDir = path.resolve(opts.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`找不到界面文件 ${rendererDir}/index.html：请先运行 npm run build:renderer`);
  }
  checkDataFolder(opts.dataDir); // not on a network share, and writable — before anything opens
  const log = openServerLog(opts.dataDir, { echo: !opts.quiet });
  let settings = readOfficeSettings(opts.dataDir);
  if (opts.lan) settings = { ...settings, lanEnabled: true, lanPort: opts.lan.port ?? settings.lanPort };

  let hub: Hub | null = null;
  const hostOptions = {
    dbFile: path.join(opts.dataDir, 'crm.db'),
    onSystemWrite: (method: string, ids: number[]) => hub?.broadcast(method, ids),
    onDamaged: (message: string) => log.warn(message),
    ...opts.host,
  };
  // Several servers on one PostgreSQL database share sessions, the throttle and change events.
  const state = hostOptions.pgUrl ? await PgOfficeState.open(hostOptions.pgUrl, (t) => log.warn(t)) : undefined;
  hub = new Hub(await startDataHost(hostOptions), { log, idleMs: () => settings.idleHours * 3600_000, state });
  const theHub = hub;
  const reminders = new ReminderTimer(theHub);
  theHub.onSignIn = (peer) => {
    if (peer.conn.session) void reminders.ring([peer.conn.session.id]).catch(() => undefined);
  };
  reminders.start();

  // One-time download addresses of backups (系统 › 备份数据库); exports have their own in the host.
  // The diagnostic bundle (帮助 › 售后服务) too: its file goes once sent (keep: false).
  const backupDownloads = new Map<string, { file: string; fileName: string; keep: boolean; until: number }>();
  const takeDownload = async (token: string) => {
    const backup = backupDownloads.get(token);
    if (backup) {
      backupDownloads.delete(token);
      return backup.until > Date.now() ? backup : null;
    }
    return theHub.host.takeDownload(token);
  };
  const backupsDir = path.join(opts.dataDir, BACKUPS_FOLDER);
  // crm.db or the PostgreSQL database: backups, restore, 关于 and the diagnostic file's database part.
  const store = backupStoreOf({ dataDir: opts.dataDir, pgUrl: hostOptions.pgUrl });
  const backupFile = (file: string): BackupFile => {
    const stat = fs.statSync(file);
    return { name: path.basename(file), size: stat.size, at: stat.mtime.toISOString(), download: null };
  };
  const withDownload = (b: BackupFile): BackupFile => {
    const token = randomBytes(24).toString('hex');
    backupDownloads.set(token, {
      file: path.join(backupsDir, b.name),
      fileName: b.name,
      keep: true,
      until: Date.now() + 600_000,
    });
    return { ...b, download: `${DOWNLOAD_PREFIX}${token}` };
  };
  /** A backup of the list, by name (never a path from the caller). */
  const keptBackup = (name: string) => {
    const found = listBackups(backupsDir).find((b) => path.basename(b.file) === name);
    if (!found) throw new AppError('not_found', `找不到备份 ${name}`);
    return found.file;
  };

  // 从文件恢复: one-time upload addresses; the file waits in <data>/uploads for system.restoreFile.
  const uploadsDir = path.join(opts.dataDir, UPLOADS_FOLDER);
  fs.rmSync(uploadsDir, { recursive: true, force: true }); // left by a restore that never came
  const uploads = new Map<string, { file: string; until: number; state: 'waiting' | 'receiving' | 'received' }>();
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const tooBig = () =>
    new UploadRefused(
      413,
      `文件太大（超过 ${(maxUploadBytes / 1024 ** 2).toFixed(0)} MB），不是本程序的数据库备份，没有恢复，数据保持原样`,
    );
  const dropUpload = (token: string) => {
    const slot = uploads.get(token);
    uploads.delete(token);
    if (slot) fs.rmSync(slot.file, { force: true });
  };

  /**
   * Streams an upload into its file, counting bytes: a declared or actual size over the cap, a
   * full disk or a broken connection removes the partial file and the address.
   */
  async function receiveUpload(token: string, body: Readable, declared: number | null): Promise<void> {
    const slot = uploads.get(token);
    if (!slot || slot.state !== 'waiting' || slot.until < Date.now()) {
      throw new UploadRefused(404, '上传地址无效或已使用过，请重新选择文件');
    }
    if (declared !== null && declared > maxUploadBytes) {
      dropUpload(token);
      throw tooBig();
    }
    slot.state = 'receiving';
    fs.mkdirSync(uploadsDir, { recursive: true });
    if (declared !== null) {
      const free = (() => {
        try {
          const s = fs.statfsSync(uploadsDir);
          return s.bavail * s.bsize;
        } catch {
          return Infinity;
        }
      })();
      // The upload, then the restored copy and the backup of the current file: room for three.
      if (declared * 3 > free) {
        dropUpload(token);
        throw new UploadRefused(507, '磁盘空间不足，无法接收并恢复这个文件，数据保持原样');
      }
    }
    let bytes = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const out = fs.createWriteStream(slot.file, { flags: 'wx' });
        let failed = false;
        const fail = (err: unknown) => {
          if (failed) return;
          failed = true;
          body.pause();
          out.destroy();
          reject(err);
        };
        body.on('data', (chunk: Buffer) => {
          if (failed) return;
          bytes += chunk.length;
          if (bytes > maxUploadBytes) return fail(tooBig());
          if (!out.write(chunk)) {
            body.pause();
            out.once('drain', () => !failed && body.resume());
          }
        });
        body.on('end', () => !failed && out.end());
        body.on('aborted', () => fail(new UploadRefused(400, '上传没有完成（连接中断），请重新选择文件')));
        body.on('error', fail);
        out.on('error', (err: NodeJS.ErrnoException) =>
          fail(err.code === 'ENOSPC' ? new UploadRefused(507, '磁盘空间不足，无法接收这个文件，数据保持原样') : err),
        );
        out.on('finish', () => !failed && resolve());
      });
      if (bytes === 0) throw new UploadRefused(400, '文件是空的，不是数据库备份，没有恢复');
    } catch (err) {
      dropUpload(token);
      throw err;
    }
    slot.state = 'received';
  }

  /**
   * A restore from a backup file (kept or uploaded): checked before anything closes; the data host
   * closed, the backup restored (backup-store.ts: crm.db replaced after its integrity checks, or
   * pg_restore in one transaction on PostgreSQL; the current database backed up first either way),
   * the host started again — on the restored data, or on the data as they were when the restore
   * failed — and every window asked to log in again. `label` names the file to people (never a
   * temp path).
   */
  async function restoreFrom(peer: Peer, file: string, label: string) {
    const named = (message: string) => message.split(file).join(label);
    try {
      await store.inspect(file);
    } catch (err) {
      if (err instanceof BackupRefused)
        throw new AppError('bad_input', named(err.message), { name: named(err.message) });
      throw err;
    }
    log.info(`恢复数据库：${label}（${peer.conn.session?.login ?? '?'}，${peer.address}）`);
    await theHub.host.close();
    let restored: RestoreDone | null = null;
    let failure: unknown = null;
    try {
      restored = await store.restore(file);
    } catch (err) {
      failure = err;
    }
    // Back on the restored database — or, when the restore was refused, on the one as it was.
    const next = await startDataHost(hostOptions);
    const reason = restored
      ? `数据库已由管理员恢复到备份 ${label}，请重新登录。`
      : '数据库恢复没有完成，数据保持原样，请重新登录。';
    theHub.switchHost(next, reason);
    if (!restored) {
      const message = store.redact(named(failure instanceof Error ? failure.message : String(failure)));
      log.warn(`恢复失败：${message}`);
      throw new AppError('bad_input', `恢复失败：${message}`, { name: message });
    }
    log.info(`已恢复数据库：${label}，当前数据库先备份为 ${restored.previous ?? '（无）'}`);
    return {
      restored: label,
      previous: restored.previous ? path.basename(restored.previous) : null,
      customers: restored.customers,
    };
  }

  // The browser mode: 127.0.0.1 only, plain HTTP.
  let localServer: http.Server | null = null;
  let localPort = 0;
  const localHosts = () => [`127.0.0.1:${localPort}`, `localhost:${localPort}`];
  let localSockets: ReturnType<typeof attachSockets> | null = null;
  if (opts.localPort !== null) {
    localServer = http.createServer(
      createRequestHandler({
        rendererDir,
        takeDownload,
        receiveUpload,
        scheme: 'http',
        allowedHosts: localHosts,
        log,
      }),
    );
    localSockets = attachSockets(localServer, { hub, log, scheme: 'http', allowedHosts: localHosts });
    localServer.on('clientError', answerClientError);
    localPort = await listen(localServer, opts.localPort, '127.0.0.1');
  }

  // The LAN server: HTTPS on every address (or the one given), this PC's names only.
  let cert: ServerCertificate | null = null;
  let lan: {
    server: https.Server;
    sockets: ReturnType<typeof attachSockets>;
    port: number;
    responder: Responder;
  } | null = null;
  let lanError: string | null = null;
  const lanHosts = () => {
    if (!lan) return [];
    const names = ['127.0.0.1', 'localhost', '[::1]', os.hostname(), `${os.hostname()}.local`, ...lanAddresses()];
    if (opts.lan?.bindHost && !['0.0.0.0', '::'].includes(opts.lan.bindHost)) names.push(opts.lan.bindHost);
    return names.map((n) => `${n.toLowerCase()}:${lan!.port}`);
  };

  async function startLan(port: number) {
    cert ??= await loadOrCreateCertificate(opts.dataDir);
    const server = https.createServer({ key: cert.key, cert: cert.cert, minVersion: 'TLSv1.2' });
    server.on(
      'request',
      createRequestHandler({ rendererDir, takeDownload, receiveUpload, scheme: 'https', allowedHosts: lanHosts, log }),
    );
    server.on('clientError', answerClientError);
    server.on('tlsClientError', () => undefined);
    const sockets = attachSockets(server, { hub: theHub, log, scheme: 'https', allowedHosts: lanHosts });
    try {
      const bind = opts.lan?.bindHost ?? '0.0.0.0';
      const bound = await listen(server, port, bind);
      const fingerprint = cert.fingerprint;
      // New PCs find this server by a UDP question on the same port number (server/discovery.ts).
      const responder = startResponder(bound, bind, () => ({ port: bound, fingerprint }));
      lan = { server, sockets, port: bound, responder };
      lanError = null;
      log.info(`局域网服务已启动：端口 ${bound}，证书指纹 ${cert.fingerprint}`);
    } catch (err) {
      sockets.close();
      const code = (err as NodeJS.ErrnoException).code;
      lanError =
        code === 'EADDRINUSE'
          ? `端口 ${port} 已被其他程序占用，请换一个端口`
          : code === 'EACCES'
            ? `没有权限使用端口 ${port}，请换一个端口（1024 以上）`
            : `无法启动局域网服务：${(err as Error).message}`;
      log.warn(lanError);
    }
  }

  async function stopLan() {
    if (!lan) return;
    const { server, sockets, responder } = lan;
    lan = null;
    responder.close();
    sockets.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    log.info('局域网服务已关闭');
  }

  if (settings.lanEnabled) await startLan(settings.lanPort);

  function status(): OfficeStatus {
    const port = lan?.port ?? settings.lanPort;
    return {
      enabled: settings.lanEnabled,
      port,
      listening: !!lan,
      error: lanError,
      addresses: ['127.0.0.1', ...lanAddresses(), os.hostname()].map((a) => `https://${a}:${port}/`),
      fingerprint: cert?.fingerprint ?? '',
      idleHours: settings.idleHours,
      mode: lan ? 'host' : 'local',
    };
  }

  async function configure(input: { enabled: boolean; port: number; idleHours?: number }) {
    const portChanged = input.port !== settings.lanPort;
    settings = { lanEnabled: input.enabled, lanPort: input.port, idleHours: input.idleHours ?? settings.idleHours };
    writeOfficeSettings(opts.dataDir, settings);
    if (!input.enabled || portChanged) await stopLan();
    if (input.enabled && !lan) await startLan(input.port);
    if (!input.enabled) lanError = null;
    cert ??= await loadOrCreateCertificate(opts.dataDir);
    return status();
  }

  hub.setHostHandlers({
    'office.status': () => status(),
    'office.configure': async (_peer, input) => {
      const result = await configure(input);
      if (input.enabled && !result.listening)
        throw new AppError('bad_input', result.error ?? '无法启动局域网服务', { port: result.error ?? '' });
      return result;
    },
    'sessions.list': (peer) => theHub.onlineEverywhere(peer),
    'system.about': async () => {
      // On PostgreSQL: the data folder and which database (never the password); pg_database_size.
      const { location, bytes } = await store.about();
      const last = listBackups(backupsDir)[0];
      return {
        version: APP_VERSION,
        dataDir: location,
        mode: lan ? 'host' : 'local',
        databaseBytes: bytes,
        lastBackup: last ? { name: path.basename(last.file), at: last.mtime.toISOString() } : null,
      };
    },
    'system.backups': () => listBackups(backupsDir).map((b) => backupFile(b.file)),
    'system.backupNow': async () => {
      fs.mkdirSync(backupsDir, { recursive: true });
      const file = path.join(backupsDir, `crm-manual-${localStamp(new Date())}${store.ext}`);
      try {
        await theHub.host.backupTo(file); // the online backup, or pg_dump (server/host/host.ts)
      } catch (err) {
        const message = store.redact((err as Error)?.message ?? String(err));
        log.warn(message);
        throw new AppError('bad_input', message);
      }
      log.info(`已备份数据库：${file}`);
      return withDownload(backupFile(file));
    },
    'system.downloadBackup': (_peer, input) => withDownload(backupFile(keptBackup(input.name))),
    'system.restore': (peer, input) => restoreFrom(peer, keptBackup(input.name), input.name),
    'system.restoreUpload': (): RestoreUpload => {
      for (const [token, slot] of uploads) if (slot.until < Date.now() && slot.state !== 'receiving') dropUpload(token);
      const token = randomBytes(24).toString('hex');
      uploads.set(token, {
        file: path.join(uploadsDir, `${token}.db`),
        until: Date.now() + UPLOAD_TTL_MS,
        state: 'waiting',
      });
      return { upload: `${UPLOAD_PREFIX}${token}`, maxBytes: maxUploadBytes };
    },
    'system.restoreFile': async (peer, input) => {
      const token = input.upload.slice(UPLOAD_PREFIX.length);
      const slot = uploads.get(token);
      if (slot?.state !== 'received')
        throw new AppError('not_found', '没有收到上传的文件，请重新选择文件', { upload: '没有收到上传的文件' });
      try {
        return await restoreFrom(peer, slot.file, input.name);
      } finally {
        dropUpload(token);
      }
    },
    'system.diagnostics': async (peer): Promise<BackupFile> => {
      const dir = path.join(opts.dataDir, 'diagnostics');
      fs.rmSync(dir, { recursive: true, force: true }); // earlier bundles never downloaded
      fs.mkdirSync(dir, { recursive: true });
      const now = new Date();
      const fileName = `kehu-diagnostics-${localStamp(now)}.json`;
      const file = path.join(dir, fileName);
      const s = status();
      const database = await store.diagnostics();
      const bundle = buildDiagnostics({
        dataDir: opts.dataDir,
        appVersion: APP_VERSION,
        mode: s.mode === 'host' ? 'host' : 'local',
        office: {
          lanEnabled: s.enabled,
          port: s.port,
          listening: s.listening,
          idleHours: s.idleHours,
          fingerprint: s.fingerprint,
        },
        sessions: theHub.online(peer).length,
        logTail: log.tail(200),
        now,
        database,
      });
      // Nothing secret leaves in it: on PostgreSQL no password, wherever a message may have put it.
      fs.writeFileSync(file, `${store.redact(JSON.stringify(bundle, null, 2))}\n`);
      log.info(`已生成诊断文件：${fileName}`);
      const token = randomBytes(24).toString('hex');
      backupDownloads.set(token, { file, fileName, keep: false, until: Date.now() + 600_000 });
      return {
        name: fileName,
        size: fs.statSync(file).size,
        at: now.toISOString(),
        download: `${DOWNLOAD_PREFIX}${token}`,
      };
    },
    'sessions.disconnect': async (peer, input) => {
      if (input.id === theHub.sessionId(peer.conn.id))
        throw new AppError('bad_input', '不能断开自己的会话（请用 系统 › 退出登录）');
      if (!(await theHub.endAnySession(input.id, '管理员已断开您的连接。')))
        throw new AppError('not_found', '该会话已不在线');
      return null;
    },
  });

  log.info(`服务已启动：数据 ${opts.dataDir}${localServer ? `，本机 http://127.0.0.1:${localPort}/` : ''}`);

  return {
    localUrl: localServer ? `http://127.0.0.1:${localPort}/` : null,
    dataDir: opts.dataDir,
    get host() {
      return theHub.host;
    },
    hub,
    reminders,
    log,
    status,
    listening: () => ({
      local: (localServer?.address() as AddressInfo | null) ?? null,
      lan: (lan?.server.address() as AddressInfo | null) ?? null,
    }),
    configure,
    takeDownload,
    receiveUpload,
    async close() {
      reminders.stop();
      await theHub.close();
      localSockets?.close();
      await stopLan();
      if (localServer) {
        localServer.closeAllConnections();
        await new Promise<void>((resolve) => localServer!.close(() => resolve()));
      }
      await theHub.host.close();
      log.info('服务已停止');
    },
  };
}
