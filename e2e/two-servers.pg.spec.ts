/**
 * Two office servers on one PostgreSQL database, a PC on each (issue 20): what one PC saves
 * appears on the other within a second, 在线用户 lists both, and the other PC's 保存 of a stale
 * customer is refused as on one server. Runs in the 'postgresql' project only.
 */
import { test, expect, type Browser } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshPgDatabase } from '../db/engine/pg-testing';
import { startWebServer, type WebServer } from '../scripts/web-server';
import { addOfficeStaff } from '../server/testing';
import { shot, startOnCustomers } from './fixtures';
import { CrmPage } from './pages';

let database: { url: string; drop(): void };
const servers: WebServer[] = [];
const dirs: string[] = [];

test.beforeEach(async () => {
  database = freshPgDatabase();
  for (let i = 0; i < 2; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kehu-e2e-pg${i}-`));
    dirs.push(dataDir);
    servers.push(
      await startWebServer({
        port: 0,
        dataDir,
        quiet: true,
        host: { readers: 1, pgUrl: database.url },
        lan: { port: 0, bindHost: '127.0.0.1' },
      }),
    );
  }
  addOfficeStaff(dirs[0], database.url);
});

test.afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  database.drop();
});

async function pcOn(browser: Browser, server: WebServer, login: string): Promise<CrmPage> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await startOnCustomers(page);
  await page.goto(`https://127.0.0.1:${server.status().port}/`);
  const crm = new CrmPage(page);
  await crm.login(login, 'secret1');
  await expect(crm.tree).toBeVisible();
  return crm;
}

test('a PC on each server: live changes, 在线用户 of both, a stale 保存 refused', async ({ browser }) => {
  const a = await pcOn(browser, servers[0], 'sales1');
  const b = await pcOn(browser, servers[1], 'admin');
  await expect(b.status('全部客户')).toHaveText(/\(0\)/);

  await a.createCustomer({ name: '杭州阿里巴巴网络技术有限公司', keyword: '阿里', phone: '0571-11111111' });
  await expect(b.row('杭州阿里巴巴网络技术有限公司')).toBeVisible({ timeout: 1000 });
  await expect(b.status('全部客户')).toHaveText(/\(1\)/, { timeout: 1000 });
  await shot(b.page, 'two-servers-01-live');

  // 系统 › 在线用户 on the second server lists the PC of the first.
  await b.openFromMenu('系统', '在线用户');
  const online = b.dialog('在线用户');
  await expect(online.getByRole('row', { name: /王芳（sales1）/ })).toBeVisible();
  await expect(online.getByRole('row', { name: /张经理（admin）/ })).toBeVisible();
  await shot(b.page, 'two-servers-02-online');
  await online.locator('.modal-x').click();

  // Both open the customer; A saves first (server 1), B's 保存 (server 2) is refused and keeps B's edit.
  await b.row('杭州阿里巴巴网络技术有限公司').dblclick();
  const formB = b.dialog('编辑客户');
  await formB.getByLabel('电话').fill('0571-22222222');
  await a.row('杭州阿里巴巴网络技术有限公司').dblclick();
  const formA = a.dialog('编辑客户');
  await formA.getByLabel('电话').fill('0571-33333333');
  await formA.getByRole('button', { name: '确定' }).click();
  await expect(formA).toBeHidden();
  await formB.getByRole('button', { name: '确定' }).click();
  await expect(formB.getByRole('alert')).toContainText('已被其他人修改');
  await expect(formB.getByLabel('电话')).toHaveValue('0571-22222222');
  await shot(b.page, 'two-servers-03-conflict');
});
