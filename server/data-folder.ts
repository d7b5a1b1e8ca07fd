/**
 * Where the data may live: on a local disk this PC can write. A database on a network share
 * (\\\\server\\share, a mapped drive, NFS/SMB) would be corrupted by SQLite's WAL; a read-only folder
 * would fail at the first save. Both are refused before anything is opened, with the reason and
 * the way out (office mode: one PC holds the data, the others connect to it).
 */
import fs from 'node:fs';
import path from 'node:path';

const NETWORK_FS = /^(nfs|nfs4|cifs|smb|smbfs|smb2|smb3|afs|9p|fuse\.sshfs|fuse\.rclone|davfs|fuse\.davfs2|ncpfs)$/;

export const NETWORK_REFUSAL = (dir: string) =>
  `数据文件夹 ${dir} 在网络共享上：数据库不能放在网络文件夹里（多台电脑同时使用会损坏数据）。` +
  '请把数据放在这台电脑的本地磁盘上；要让多台电脑共用数据，请在保存数据的电脑上打开 系统 › 网络设置 › 允许其他电脑连接，其他电脑选择 连接到办公室服务器。';

/** The file system type of the mount holding `dir`, from /proc/mounts text (Linux). */
export function mountTypeOf(dir: string, mounts: string): string | null {
  let best: { point: string; type: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [, point, type] = line.split(' ');
    if (!point || !type) continue;
    const p = point.replace(/\\040/g, ' ');
    if ((dir === p || dir.startsWith(p.endsWith('/') ? p : `${p}/`)) && (!best || p.length > best.point.length)) {
      best = { point: p, type };
    }
  }
  return best?.type ?? null;
}

export function isNetworkPath(dir: string, platform = process.platform, mounts?: string): boolean {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(dir)) return true; // \\server\share or //server/share
  if (platform === 'linux') {
    let text = mounts;
    if (text === undefined) {
      try {
        text = fs.readFileSync('/proc/mounts', 'utf8');
      } catch {
        return false;
      }
    }
    const type = mountTypeOf(path.resolve(dir), text);
    return !!type && NETWORK_FS.test(type);
  }
  return false;
}

/** Throws a clear Chinese error when the data folder is on a network share or cannot be written. */
export function checkDataFolder(dir: string): void {
  if (isNetworkPath(dir)) throw new Error(NETWORK_REFUSAL(dir));
  const probe = path.join(dir, `.kehu-write-test-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
  } catch (err) {
    throw new Error(
      `数据文件夹 ${dir} 不能写入（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）：` +
        '请换一个有写入权限的本地文件夹（--data 或环境变量 KEHU_DATA_DIR），或请管理员开放这个文件夹的写入权限。',
    );
  }
}
