/**
 * The desktop app's first start on a new office PC: '单机使用' or '连接到办公室服务器'. The Electron
 * binary cannot run here, so the page gets `window.crmShell` from this test process, backed by
 * the desktop app's real shell handlers (electron/shell.ts) — only the IPC hop is replaced — and
 * the office server is a real LAN server on 127.0.0.1 over TLS.
 */
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConnection } from '../electron/desktop';
import { shellHandlers } from '../electron/shell';
import { discoverServers } from '../server/discovery';
import { startWebServer, type WebServer } from '../scripts/web-server';
import { addOfficeStaff } from '../server/testing';
import { shot } from './fixtures';

const test = base.extend<{ host: WebServer; pc: { url: string; userData: string; restarts: number[] } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring, even empty.
  host: async ({}, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-host-'));
    const server = await startWebServer({
      port: 0,
      dataDir,
      quiet: true,
      host: { readers: 1 },
      lan: { port: 0, bindHost: '127.0.0.1' },
    });
    addOfficeStaff(dataDir);
    await use(server);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
  pc: async ({ page, host }, use) => {
    // This PC: its own (empty) data until it chooses, like the desktop app's first start.
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-pc-'));
    const local = await startWebServer({ port: 0, dataDir: userData, quiet: true, host: { readers: 1 } });
    const restarts: number[] = [];
    const handlers = shellHandlers({
      userData,
      running: () => 'local',
      restart: () => restarts.push(Date.now()),
      chooseFile: async () => null,
      discover: () => discoverServers({ port: host.status().port, addresses: ['127.0.0.1'], waitMs: 500 }),
    });
    await page.exposeFunction('__kehuShell', async (name: string, input: unknown) => {
      try {
        return { ok: true, value: (await handlers[name]?.(input, 1)) ?? null };
      } catch (err) {
        return { ok: false, error: { code: 'bad_input', message: (err as Error).message } };
      }
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __kehuShell(n: string, i: unknown): Promise<unknown>; crmShell: unknown };
      w.crmShell = { call: (name: string, input?: unknown) => w.__kehuShell(name, input) };
    });
    await use({ url: local.url, userData, restarts });
    await local.close();
    fs.rmSync(userData, { recursive: true, force: true });
  },
});

test('a new PC finds the office server, compares its fingerprint and connects to it', async ({ page, host, pc }) => {
  await page.goto(pc.url);
  const card = page.getByRole('region', { name: '这台电脑如何使用' });
  await expect(card.getByRole('button', { name: /单机使用/ })).toBeVisible();
  await shot(page, 'office-07-first-start');
  await card.getByRole('button', { name: /连接到办公室服务器/ }).click();

  // A wrong address says so; 查找 offers the server on the network.
  await card.getByLabel('服务器地址').fill('127.0.0.1:1');
  await card.getByRole('button', { name: '连接', exact: true }).click();
  await expect(card.getByRole('alert')).toContainText('无法连接 127.0.0.1:1');
  await card.getByRole('button', { name: '查找局域网中的服务器' }).click();
  const lan = `https://127.0.0.1:${host.status().port}/`;
  await card
    .getByRole('list', { name: '找到的服务器' })
    .getByRole('button', { name: new RegExp(lan) })
    .click();

  const confirm = card.getByRole('group', { name: '核对证书指纹' });
  await expect(confirm.getByLabel('证书指纹')).toHaveText(host.status().fingerprint);
  await shot(page, 'office-08-compare-fingerprint');
  expect(pc.restarts).toEqual([]);
  await confirm.getByRole('button', { name: '指纹一致，确认连接' }).click();
  await expect.poll(() => pc.restarts.length).toBe(1);
  expect(readConnection(pc.userData)).toMatchObject({
    mode: 'client',
    server: { url: lan, fingerprint: host.status().fingerprint },
  });
});

test('单机使用 goes on to this PC’s own first run', async ({ page, pc }) => {
  await page.goto(pc.url);
  await page.getByRole('button', { name: /单机使用/ }).click();
  await expect(page.getByRole('button', { name: '创建管理员' })).toBeVisible();
  expect(readConnection(pc.userData)).toEqual({ mode: 'local' });
  expect(pc.restarts).toEqual([]);
});
