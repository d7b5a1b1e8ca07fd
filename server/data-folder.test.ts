import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../scripts/data-dir.js';
import { checkDataFolder, isNetworkPath, mountTypeOf } from './data-folder.js';

const MOUNTS = [
  '/dev/sda1 / ext4 rw,relatime 0 0',
  'server:/export /mnt/office nfs4 rw 0 0',
  '//nas/share /mnt/nas\\040drive cifs rw 0 0',
  'tmpfs /tmp tmpfs rw 0 0',
].join('\n');

describe('the data folder', () => {
  it('knows the mount a folder is on', () => {
    expect(mountTypeOf('/home/wang/crm', MOUNTS)).toBe('ext4');
    expect(mountTypeOf('/mnt/office/crm', MOUNTS)).toBe('nfs4');
    expect(mountTypeOf('/mnt/nas drive/crm', MOUNTS)).toBe('cifs');
    expect(mountTypeOf('/mnt/officer', MOUNTS)).toBe('ext4');
  });

  it('refuses network shares: UNC paths, NFS and SMB mounts', () => {
    expect(isNetworkPath('\\\\server\\share\\crm', 'win32')).toBe(true);
    expect(isNetworkPath('//server/share/crm', 'linux', MOUNTS)).toBe(true);
    expect(isNetworkPath('/mnt/office/crm', 'linux', MOUNTS)).toBe(true);
    expect(isNetworkPath('/mnt/nas drive/x', 'linux', MOUNTS)).toBe(true);
    expect(isNetworkPath('/home/wang/crm', 'linux', MOUNTS)).toBe(false);
    expect(isNetworkPath('C:\\Users\\wang\\AppData\\Roaming\\Kehu CRM', 'win32')).toBe(false);
    expect(() => checkDataFolder('//server/share/crm')).toThrow(/在网络共享上.*连接到办公室服务器/);
  });

  it('refuses a folder it cannot write, and accepts a local one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-folder-'));
    expect(() => checkDataFolder(path.join(dir, 'data'))).not.toThrow();
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    // A path under a file can never be written (also as root, who ignores folder permissions).
    expect(() => checkDataFolder(path.join(file, 'data'))).toThrow(/不能写入（(ENOTDIR|EEXIST)）/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is chosen by KEHU_DATA_DIR before the per-user folder', () => {
    expect(defaultDataDir('linux', { KEHU_DATA_DIR: '/srv/kehu' }, '/home/wang')).toBe('/srv/kehu');
    expect(defaultDataDir('linux', {}, '/home/wang')).toBe('/home/wang/.config/Kehu CRM');
  });
});
