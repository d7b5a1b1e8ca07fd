/**
 * Office mode: methods answered by the server hosting the data (not by the database router):
 * 网络设置 (allow other PCs to connect) and 在线用户 (who is connected; disconnect a session).
 * Administrators only; the host checks the session and the input exactly like the router.
 */
import { z } from 'zod';
import { empty, id, type Method } from './common.js';

export interface OfficeStatus {
  /** Whether other PCs may connect (the LAN server is on). */
  enabled: boolean;
  port: number;
  /** Listening now (false when turned off, or when the port was taken: see error). */
  listening: boolean;
  error: string | null;
  /** https://<address>:<port>/ for each of this PC's network addresses. */
  addresses: string[];
  /** SHA-256 of the server's certificate, in short groups a person compares by eye. */
  fingerprint: string;
  /** Idle sessions are logged out after this many hours. */
  idleHours: number;
  /** Where this window's data comes from. */
  mode: 'local' | 'host' | 'client';
}

export interface OnlineSession {
  id: number;
  name: string;
  login: string;
  /** The computer's network address (本机 for this PC). */
  address: string;
  loginAt: string;
  lastAt: string;
  /** This window's own session. */
  self: boolean;
}

export interface BackupFile {
  /** The file's name in <data>/backups (crm-2026-12-01.db, manual-20261201-093000.db …). */
  name: string;
  size: number;
  /** When it was written (ISO). */
  at: string;
  /** A one-time address to download it (browser); null when listing. */
  download: string | null;
}

export interface RestoreUpload {
  /** POST the file's bytes here (once, within 30 minutes). */
  upload: string;
  /** Larger files are refused (413). */
  maxBytes: number;
}

const hostMethod =
  <O>(write: boolean) =>
  <I extends z.ZodType>(
    input: I,
    labels: Record<string, string> = {},
  ): Method<I, O> & { host: true; role: 'admin' } => ({
    input,
    labels,
    write,
    host: true,
    role: 'admin',
  });

export interface AboutInfo {
  version: string;
  /** The data folder on the PC that holds the data. */
  dataDir: string;
  /** 单机 (this PC only) or 服务器 (other PCs may connect). */
  mode: 'local' | 'host';
  databaseBytes: number;
  lastBackup: { name: string; at: string } | null;
}

export const officeContract = {
  /** 帮助 › 关于: what is running where (any signed-in user). */
  'system.about': { ...hostMethod<AboutInfo>(false)(empty), role: undefined },
  'office.status': hostMethod<OfficeStatus>(false)(empty),
  'office.configure': hostMethod<OfficeStatus>(false)(
    z.strictObject({
      enabled: z.boolean({ error: '必须是是或否' }),
      port: z
        .number({ error: '必须是端口号' })
        .int('必须是整数')
        .min(1024, '端口应在 1024–65535 之间')
        .max(65535, '端口应在 1024–65535 之间'),
      idleHours: z.number({ error: '必须是小时数' }).min(0.1, '至少 0.1 小时').max(720, '最多 720 小时').optional(),
    }),
    { enabled: '允许其他电脑连接', port: '端口', idleHours: '空闲退出（小时）' },
  ),
  'sessions.list': hostMethod<OnlineSession[]>(false)(empty),
  /** 系统 › 备份数据库: the backups kept in the data folder, newest first. */
  'system.backups': hostMethod<BackupFile[]>(false)(empty),
  /** 立即备份: a consistent copy now (SQLite's online backup), with a one-time download address. */
  'system.backupNow': hostMethod<BackupFile>(true)(empty),
  /** A one-time download address of a kept backup. */
  'system.downloadBackup': hostMethod<BackupFile>(false)(
    z.strictObject({ name: z.string({ error: '请选择备份' }).min(1, '请选择备份').max(200) }),
    { name: '备份' },
  ),
  /**
   * 恢复数据库: checks the backup, backs up the current database first, switches over; every
   * window (on every PC) is asked to log in again.
   */
  'system.restore': hostMethod<{ restored: string; previous: string | null; customers: number }>(true)(
    z.strictObject({ name: z.string({ error: '请选择备份' }).min(1, '请选择备份').max(200) }),
    { name: '备份' },
  ),
  /**
   * 恢复数据库 › 从文件恢复…: a one-time upload address for a database file the administrator
   * chose on their PC (POSTed to it, at most maxBytes), to restore with system.restoreFile.
   */
  'system.restoreUpload': hostMethod<RestoreUpload>(false)(empty),
  /**
   * Restores the uploaded file: the same checks and steps as system.restore (ours, not newer,
   * integrity, the current database backed up first, every window asked to log in again).
   */
  'system.restoreFile': hostMethod<{ restored: string; previous: string | null; customers: number }>(true)(
    z.strictObject({
      upload: z.string({ error: '请先上传文件' }).regex(/^\/upload\/[0-9a-f]{48}$/, '上传地址无效，请重新选择文件'),
      name: z.string({ error: '必须是文件名' }).trim().min(1, '必须是文件名').max(200, '文件名太长'),
    }),
    { upload: '上传的文件', name: '文件名' },
  ),
  /**
   * 帮助 › 售后服务 › 生成诊断文件: a .json for the office's support person — versions, mode, data
   * folder, database size and rows per table, settings (no secrets), backups, the last 200 lines
   * of the server log — and no customer data; offered at a one-time download address.
   */
  'system.diagnostics': hostMethod<BackupFile>(false)(empty),
  'sessions.disconnect': hostMethod<null>(false)(z.strictObject({ id }), { id: '会话' }),
} satisfies Record<string, Method>;
