/**
 * The desktop app as a client of an office server (another PC's app, here a real LAN server on
 * 127.0.0.1 over TLS): the first-start choice, finding and probing the server, confirming its
 * fingerprint, each window's own connection and events, and exports saved on this PC.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent, ExportProgress, Result } from '../core/contract.js';
import { discoverServers } from '../server/discovery.js';
import { addOfficeStaff, fakeRenderer, startTestOffice, until, type TestOffice } from '../server/testing.js';
import {
  readConnection,
  startClientData,
  startLocalData,
  writeConnection,
  type DesktopData,
  type WindowLink,
} from './desktop.js';
import { shellHandlers } from './shell.js';

vi.setConfig({ testTimeout: 30_000 });

let office: TestOffice;
let userData: string;
beforeEach(async () => {
  office = await startTestOffice();
  userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-desktop-'));
});
afterEach(async () => {
  await office.close();
  fs.rmSync(userData, { recursive: true, force: true });
});

const value = async <T>(p: Promise<Result<unknown>> | Promise<unknown>) => {
  const r = (await p) as Result<T>;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('connection.json', () => {
  it('is absent at first start, and keeps the choice', () => {
    expect(readConnection(userData)).toBeNull();
    writeConnection(userData, { mode: 'local' });
    expect(readConnection(userData)).toEqual({ mode: 'local' });
    fs.writeFileSync(path.join(userData, 'connection.json'), '{"mode":"client"}');
    expect(readConnection(userData)).toBeNull(); // a client without a confirmed server: ask again
  });
});

describe('the shell: first start and connecting to the office server', () => {
  const shell = (restart = vi.fn()) => ({
    restart,
    handlers: shellHandlers({
      userData,
      running: () => 'local',
      restart,
      chooseFile: async (_w, name) => path.join(userData, name),
      discover: () => discoverServers({ port: office.server.status().port, addresses: ['127.0.0.1'], waitMs: 500 }),
    }),
  });

  it('finds the server, shows its fingerprint, and connects only to the one confirmed', async () => {
    const { handlers, restart } = shell();
    expect(await handlers.connection(undefined, 1)).toEqual({ chosen: false, mode: 'local', server: null });
    const found = (await handlers.discover(undefined, 1)) as { url: string; fingerprint: string }[];
    expect(found).toEqual([
      expect.objectContaining({ url: office.lanUrl, fingerprint: office.server.status().fingerprint }),
    ]);
    const probed = (await handlers.probe({ address: office.lanUrl }, 1)) as { url: string; fingerprint: string };
    expect(probed.fingerprint).toBe(office.server.status().fingerprint);
    await expect(handlers.connect({ url: probed.url, fingerprint: '0000 1111' }, 1)).rejects.toThrow('核对');
    expect(restart).not.toHaveBeenCalled();
    await handlers.connect({ url: probed.url, fingerprint: probed.fingerprint.toLowerCase() }, 1);
    expect(restart).toHaveBeenCalledOnce();
    expect(readConnection(userData)).toMatchObject({ mode: 'client', server: { url: office.lanUrl } });
    expect(await handlers.connection(undefined, 1)).toEqual({
      chosen: true,
      mode: 'client',
      server: { url: office.lanUrl, fingerprint: probed.fingerprint },
    });
    await handlers.useLocal(undefined, 1);
    expect(readConnection(userData)).toEqual({ mode: 'local' });
  });

  it('says clearly when nobody answers at that address', async () => {
    const { handlers } = shell();
    await expect(handlers.probe({ address: '127.0.0.1:1' }, 1)).rejects.toThrow(/无法连接 127\.0\.0\.1:1/);
    await expect(handlers.probe({}, 1)).rejects.toThrow('缺少服务器地址');
  });
});

describe('a client PC', () => {
  it('gives each window its own login on the server, pushes events, and saves exports on this PC', async () => {
    const { handlers } = (() => {
      const h = shellHandlers({
        userData,
        running: () => 'client',
        restart: () => undefined,
        chooseFile: async (_w, name) => path.join(userData, name),
      });
      return { handlers: h };
    })();
    const probed = (await handlers.probe({ address: office.lanUrl }, 1)) as { url: string; fingerprint: string };
    await handlers.connect(probed, 1);
    const config = readConnection(userData)!;
    const data = startClientData(config.server!);
    const pushed: [number, string, unknown][] = [];
    const links: WindowLink[] = [1, 2].map((id) =>
      data.attach({ id, push: (event, payload) => pushed.push([id, event, payload]) }),
    );
    try {
      await value(links[0].invoke('auth.login', { login: 'sales1', password: 'secret1' }));
      expect(await value(links[1].invoke('auth.state', undefined))).toMatchObject({ user: null });
      await value(links[1].invoke('auth.login', { login: 'admin', password: 'secret1' }));
      await value(
        links[0].invoke('customers.create', {
          name: '深圳市中兴通讯股份有限公司',
          keyword: '中兴',
          statusId: 1,
          ownerId: 2,
          createdOn: '2026-11-26',
        }),
      );
      await until(() => pushed.filter(([, e]) => e === 'changed').length === 2);
      const changed = pushed.filter(([, e]) => e === 'changed') as [number, string, ChangeEvent][];
      expect(changed.find(([id]) => id === 2)![2]).toMatchObject({ method: 'customers.create', customerIds: [1] });

      const { jobId } = await value<{ jobId: string }>(
        links[1].invoke('export.start', { grid: 'customers', query: {} }),
      );
      let p: ExportProgress;
      do {
        await new Promise((r) => setTimeout(r, 50));
        p = await value<ExportProgress>(links[1].invoke('export.progress', { jobId }));
      } while (p.state === 'running' || p.state === 'choosing');
      expect(p.state).toBe('done');
      const saved = (await handlers.saveExport({ download: p.download, fileName: p.fileName }, 2)) as {
        savedTo: string;
      };
      expect(saved.savedTo).toBe(path.join(userData, p.fileName));
      expect(fs.readFileSync(saved.savedTo).subarray(0, 2).toString()).toBe('PK'); // an .xlsx (zip)
    } finally {
      links.forEach((l) => l.close());
      await data.close();
    }
  });
});

describe('备份数据库 to a chosen file and 从文件恢复 in the desktop app', () => {
  const company = {
    name: '深圳市中兴通讯股份有限公司',
    keyword: '中兴',
    statusId: 1,
    ownerId: 2,
    createdOn: '2026-11-26',
  };
  const other = { ...company, name: '上海华为技术有限公司', keyword: '华为' };

  /** Backs up to a file through the save dialog, adds a customer, restores the file through the open dialog. */
  async function roundTrip(data: DesktopData, running: 'local' | 'client') {
    const saved = path.join(userData, 'U盘', 'crm-备份.db');
    fs.mkdirSync(path.dirname(saved), { recursive: true });
    const handlers = shellHandlers({
      userData,
      running: () => running,
      restart: () => undefined,
      chooseFile: async () => saved,
      chooseOpenFile: async () => saved,
      office: () => data.office,
    });
    const ended: unknown[] = [];
    const link = data.attach({ id: 7, push: (event, payload) => event === 'sessionEnded' && ended.push(payload) });
    try {
      await value(link.invoke('auth.login', { login: 'admin', password: 'secret1' }));
      await value(link.invoke('customers.create', company));
      const backup = await value<{ name: string; download: string }>(link.invoke('system.backupNow', undefined));
      expect(await handlers.saveDownload({ download: backup.download, fileName: backup.name }, 7)).toEqual({
        savedTo: saved,
      });
      expect(fs.readFileSync(saved).subarray(0, 15).toString()).toBe('SQLite format 3');
      await expect(handlers.saveDownload({ download: backup.download, fileName: 'x.db' }, 7)).rejects.toThrow(
        /已使用过|404/,
      );
      await value(link.invoke('customers.create', other));

      expect(await handlers.pickRestoreFile(undefined, 7)).toEqual({
        name: 'crm-备份.db',
        size: fs.statSync(saved).size,
      });
      const up = await value<{ upload: string }>(link.invoke('system.restoreUpload', undefined));
      await expect(handlers.sendRestoreFile({ upload: up.upload }, 8)).rejects.toThrow('请先选择文件'); // another window
      await handlers.sendRestoreFile({ upload: up.upload }, 7);
      const done = await value<{ customers: number }>(
        link.invoke('system.restoreFile', { upload: up.upload, name: 'crm-备份.db' }),
      );
      expect(done.customers).toBe(1);
      await until(() => ended.length === 1);
      await value(link.invoke('auth.login', { login: 'admin', password: 'secret1' }));
      const page = await value<{ rows: { name: string }[] }>(link.invoke('customers.page', {}));
      expect(page.rows.map((r) => r.name)).toEqual([company.name]);
    } finally {
      link.close();
    }
  }

  it('on a client PC: over the pinned connection to the office server', async () => {
    const handlers = shellHandlers({
      userData,
      running: () => 'client',
      restart: () => undefined,
      chooseFile: async () => null,
    });
    await handlers.connect(await handlers.probe({ address: office.lanUrl }, 1), 1);
    const data = startClientData(readConnection(userData)!.server!);
    try {
      await roundTrip(data, 'client');
    } finally {
      await data.close();
    }
  });

  it('on the PC that holds the data (单机使用)', async () => {
    const local = path.join(userData, 'local');
    fs.mkdirSync(local);
    const data = await startLocalData({
      userData: local,
      rendererDir: fakeRenderer(userData),
      chooseTarget: async () => null,
    });
    addOfficeStaff(local);
    try {
      await roundTrip(data, 'local');
    } finally {
      await data.close();
    }
  });
});
