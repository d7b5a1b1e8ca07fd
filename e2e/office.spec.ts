/**
 * Office mode: two PCs' worth of app (two browser contexts) on one server over TLS — the LAN
 * server on 127.0.0.1 with its own self-signed certificate.
 */
import { test as base, expect, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWebServer, type WebServer } from '../scripts/web-server';
import { addOfficeStaff } from '../server/testing';
import { shot, startOnCustomers } from './fixtures';
import { CrmPage } from './pages';

interface Office {
  dataDir: string;
  server: WebServer;
  lanPort: number;
  url: string;
  restart(): Promise<void>;
  open(login: string): Promise<CrmPage>;
}

const start = (dataDir: string, lanPort = 0) =>
  startWebServer({
    port: 0,
    dataDir,
    quiet: true,
    host: { readers: 1 },
    lan: { port: lanPort, bindHost: '127.0.0.1' },
  });

const test = base.extend<{ office: Office }>({
  office: async ({ browser }: { browser: Browser }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kehu-e2e-office-'));
    let server = await start(dataDir);
    addOfficeStaff(dataDir);
    const lanPort = server.status().port;
    const office: Office = {
      dataDir,
      get server() {
        return server;
      },
      lanPort,
      url: `https://127.0.0.1:${lanPort}/`,
      async restart() {
        await server.close();
        server = await start(dataDir, lanPort);
      },
      async open(login) {
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        const page: Page = await context.newPage();
        await startOnCustomers(page);
        await page.goto(office.url);
        const crm = new CrmPage(page);
        await crm.login(login, 'secret1');
        await expect(crm.tree).toBeVisible();
        return crm;
      },
    };
    await use(office);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

test('B sees A’s new customer and A’s status change within a second, without reloading', async ({ office }) => {
  const a = await office.open('sales1');
  const b = await office.open('admin');
  await expect(b.status('全部客户')).toHaveText(/\(0\)/);

  await a.createCustomer({ name: '深圳市中兴通讯股份有限公司', keyword: '中兴' });
  await expect(b.row('深圳市中兴通讯股份有限公司')).toBeVisible({ timeout: 1000 });
  await expect(b.status('全部客户')).toHaveText(/\(1\)/, { timeout: 1000 });

  await a.row('深圳市中兴通讯股份有限公司').dblclick();
  const form = a.dialog('编辑客户');
  await a.fillCustomer(form, { status: '正式客户' });
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form).toBeHidden();
  await expect(b.status('正式客户')).toHaveText(/\(1\)/, { timeout: 1000 });
  await expect(b.row('深圳市中兴通讯股份有限公司')).toContainText('正式客户', { timeout: 1000 });
  await shot(b.page, 'office-01-live-refresh');

  // 系统 › 网络设置 on the host: the addresses and the fingerprint the other PCs compare.
  await b.openFromMenu('系统', '网络设置');
  const dialog = b.dialog('网络设置');
  await expect(dialog.getByLabel('允许其他电脑连接')).toBeChecked();
  await expect(dialog.getByLabel('证书指纹')).toHaveText(office.server.status().fingerprint);
  await expect(dialog.getByRole('list', { name: '其他电脑连接时使用的地址' })).toContainText(office.url);
  await shot(b.page, 'office-02-network-settings');
  await dialog.locator('.modal-x').click();
  await expect(dialog).toBeHidden();

  // 系统 › 在线用户: both PCs, and 断开 ends A's session (A keeps its screen, asked to log in).
  await b.openFromMenu('系统', '在线用户');
  const online = b.dialog('在线用户');
  await expect(online.getByRole('row', { name: /王芳（sales1）/ })).toBeVisible();
  await shot(b.page, 'office-03-online-users');
  await online
    .getByRole('row', { name: /王芳（sales1）/ })
    .getByRole('button', { name: '断开' })
    .click();
  await b.dialog('断开').getByRole('button', { name: '确定' }).click();
  await expect(a.page.getByRole('status')).toContainText('管理员已断开您的连接');
  await expect(a.page.getByRole('button', { name: '登录' })).toBeVisible();
});

test('B’s unsaved edit of a customer A changed is refused on 保存, and B’s edit stays', async ({ office }) => {
  const a = await office.open('admin');
  const b = await office.open('admin');
  await a.createCustomer({ name: '上海华为技术有限公司', keyword: '华为', phone: '021-11111111' });
  await expect(b.row('上海华为技术有限公司')).toBeVisible();

  await b.row('上海华为技术有限公司').dblclick();
  const formB = b.dialog('编辑客户');
  await formB.getByLabel('电话').fill('021-22222222');

  await a.row('上海华为技术有限公司').dblclick();
  const formA = a.dialog('编辑客户');
  await formA.getByLabel('电话').fill('021-33333333');
  await formA.getByRole('button', { name: '确定' }).click();
  await expect(formA).toBeHidden();

  await formB.getByRole('button', { name: '确定' }).click();
  await expect(formB.getByRole('alert')).toContainText('已被其他人修改');
  await expect(formB.getByLabel('电话')).toHaveValue('021-22222222');
  await shot(b.page, 'office-04-conflict');
});

test('the server restarts: banner, reconnect by itself, log in again, the unsaved contact is still there', async ({
  office,
}) => {
  const a = await office.open('sales1');
  await a.createCustomer({ name: '北京小米科技有限责任公司', keyword: '小米' });
  await a.selectCustomer('北京小米科技有限责任公司');
  await a.openTab('联系人');
  await a.addContact({ name: '雷军', mobile: '13800000000' });

  await office.server.close();
  const banner = a.page.locator('.connection-banner[role=alert]');
  await expect(banner).toHaveText('与服务器的连接已断开，正在重连…');
  await a.draftButton('保存').click();
  await expect(a.page.getByText('与服务器的连接已断开').first()).toBeVisible();
  await expect(a.draftRow('雷军')).toBeVisible();
  await shot(a.page, 'office-05-disconnected');

  await office.restart();
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await expect(a.page.getByRole('button', { name: '登录' })).toBeVisible();
  await expect(a.page.getByRole('status')).toContainText('未保存的修改仍然保留');
  await shot(a.page, 'office-06-relogin');
  await a.login('sales1', 'secret1');
  await expect(a.page.getByRole('button', { name: '登录' })).toBeHidden();
  await expect(a.draftRow('雷军')).toBeVisible();
  await a.draftButton('保存').click();
  await expect(a.messages.first()).toContainText('保存联系人');
});
