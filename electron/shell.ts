/**
 * The desktop shell's own calls ('crm:shell'), for the first start and 网络设置 on a client PC:
 * which data this app uses, finding and probing an office server, confirming its fingerprint,
 * switching (the app restarts on the new data side), saving a client's export on this PC.
 * No 'electron' import: main.ts passes in what it needs (restart, the save dialog).
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverServers, type FoundServer } from '../server/discovery.js';
import type { OfficeServer } from '../server/office-server.js';
import { probeServer, type ServerIdentity } from '../server/remote-client.js';
import { sameFingerprint } from '../server/tls.js';
import { downloadExport, readConnection, uploadFile, writeConnection, type ConnectionConfig } from './desktop.js';
import type { ShellHandlers } from './ipc.js';

export interface ShellOptions {
  userData: string;
  /** The data side this run started with (null: none yet). */
  running(): ConnectionConfig['mode'] | null;
  /** Restart the app so it starts on the newly chosen data side. */
  restart(): void;
  /** The save dialog over a window; null when cancelled. */
  chooseFile(windowId: number, defaultName: string): Promise<string | null>;
  /** The system's open dialog over a window (从文件恢复); null when cancelled. */
  chooseOpenFile?(windowId: number): Promise<string | null>;
  /** This PC's own office server (单机使用 / host), or null on a client PC. */
  office?(): Pick<OfficeServer, 'takeDownload' | 'receiveUpload'> | null;
  /** A reminder's desktop notification (electron/notify.ts); absent: none. */
  notify?(input: unknown, windowId: number): Promise<boolean>;
  /** Tests point discovery at 127.0.0.1 and a port. */
  discover?: () => Promise<FoundServer[]>;
}

export interface ConnectionInfo {
  /** Whether the user has chosen (first start: false). */
  chosen: boolean;
  mode: 'local' | 'client';
  server: { url: string; fingerprint: string } | null;
}

const text = (input: unknown, key: string): string => {
  const v = (input as Record<string, unknown> | null)?.[key];
  if (typeof v !== 'string' || v.trim() === '' || v.length > 300)
    throw new Error(`缺少${key === 'address' ? '服务器地址' : key}`);
  return v.trim();
};

const DOWNLOAD = /^\/download\/([0-9a-f]{16,128})$/;
const UPLOAD = /^\/upload\/([0-9a-f]{48})$/;

export function shellHandlers(opts: ShellOptions): ShellHandlers {
  /** Certificates seen by 'probe', by fingerprint: 'connect' trusts only what was shown to the user. */
  const probed = new Map<string, ServerIdentity & { url: string }>();
  /** The file each window picked for 从文件恢复 (the page never sends a path). */
  const picked = new Map<number, string>();

  return {
    async connection(): Promise<ConnectionInfo> {
      const c = readConnection(opts.userData);
      return {
        chosen: !!c,
        mode: c?.mode ?? opts.running() ?? 'local',
        server: c?.server ? { url: c.server.url, fingerprint: c.server.fingerprint } : null,
      };
    },

    async discover() {
      return (opts.discover ?? (() => discoverServers()))();
    },

    async probe(input) {
      const identity = await probeServer(text(input, 'address'));
      probed.set(identity.fingerprint, identity);
      return { url: identity.url, fingerprint: identity.fingerprint };
    },

    /** The user compared the fingerprint and confirmed: remember the server, restart on it. */
    async connect(input) {
      const fingerprint = text(input, 'fingerprint');
      const identity = [...probed.values()].find((p) => sameFingerprint(p.fingerprint, fingerprint));
      if (!identity || identity.url !== text(input, 'url')) throw new Error('请先连接服务器并核对它的证书指纹');
      writeConnection(opts.userData, { mode: 'client', server: identity });
      opts.restart();
      return null;
    },

    /** 单机使用: this PC's own data (restarts only when it was a client). */
    /** A rung reminder's desktop notification (Electron's Notification, electron/notify.ts). */
    async notify(input, windowId) {
      return opts.notify ? opts.notify(input, windowId) : false;
    },

    async useLocal() {
      writeConnection(opts.userData, { mode: 'local' });
      if (opts.running() !== 'local') opts.restart();
      return null;
    },

    /** A client's export: fetched from the server over the pinned connection, saved where asked. */
    async saveExport(input, windowId) {
      const c = readConnection(opts.userData);
      if (c?.mode !== 'client' || !c.server) throw new Error('只有连接到办公室服务器时才需要下载');
      const target = await opts.chooseFile(windowId, text(input, 'fileName'));
      if (!target) return { savedTo: null };
      await downloadExport(c.server, text(input, 'download'), target);
      return { savedTo: target };
    },

    /**
     * 备份数据库 (or 售后服务's diagnostic file) to a chosen file: what the server made
     * (system.backupNow / downloadBackup / diagnostics, administrators only — its one-time address
     * is the permission) saved where the user says.
     */
    async saveDownload(input, windowId) {
      const download = text(input, 'download');
      const token = DOWNLOAD.exec(download)?.[1];
      if (!token) throw new Error('下载地址无效');
      const target = await opts.chooseFile(windowId, path.basename(text(input, 'fileName')));
      if (!target) return { savedTo: null };
      const c = readConnection(opts.userData);
      if (c?.mode === 'client' && c.server) {
        await downloadExport(c.server, download, target);
        return { savedTo: target };
      }
      const taken = await opts.office?.()?.takeDownload(token);
      if (!taken) throw new Error('下载链接无效或已使用过，请重试');
      const part = `${target}.part`;
      await fs.promises.copyFile(taken.file, part);
      await fs.promises.rename(part, target);
      if (!taken.keep) await fs.promises.rm(taken.file, { force: true });
      return { savedTo: target };
    },

    /** 从文件恢复, step 1: the system's open dialog; the page learns only the name and size. */
    async pickRestoreFile(_input, windowId) {
      const file = (await opts.chooseOpenFile?.(windowId)) ?? null;
      if (!file) return null;
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw new Error(`${path.basename(file)} 不是文件`);
      picked.set(windowId, file);
      return { name: path.basename(file), size: stat.size };
    },

    /** Step 2: sends the picked file to the upload address the administrator was given. */
    async sendRestoreFile(input, windowId) {
      const upload = text(input, 'upload');
      const token = UPLOAD.exec(upload)?.[1];
      const file = picked.get(windowId);
      if (!token) throw new Error('上传地址无效');
      if (!file) throw new Error('请先选择文件');
      picked.delete(windowId);
      const c = readConnection(opts.userData);
      if (c?.mode === 'client' && c.server) {
        await uploadFile(c.server, upload, file);
        return null;
      }
      const office = opts.office?.();
      if (!office) throw new Error('尚未选择数据的位置');
      await office.receiveUpload(token, fs.createReadStream(file), fs.statSync(file).size);
      return null;
    },
  };
}
