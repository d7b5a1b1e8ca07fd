/**
 * 帮助 › 使用说明 and 帮助 › 售后服务. The first test takes the guide's screenshots — in Chinese, at
 * 1366×768 — into e2e-artifacts/guide/ to be looked at; `npm run guide:shots` takes them into
 * renderer/public/guide/ instead (committed; the renderer build serves them as ./guide/), so an
 * ordinary test run leaves the checkout as it was;
 * the second opens the guide and checks its contents and pictures; the third the support page
 * and its diagnostic file (no customer data).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { zhCN } from '../renderer/src/i18n/zh-CN';
import { expect, shot, test } from './fixtures';

test.use({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });

const PUBLISHED = path.resolve('renderer/public/guide');
const GUIDE_DIR = process.env.KEHU_GUIDE_SHOTS === '1' ? PUBLISHED : path.resolve('e2e-artifacts/guide');
const guideShot = async (page: Page, name: string) => {
  fs.mkdirSync(GUIDE_DIR, { recursive: true });
  await page.mouse.move(0, 767); // no hover highlight in the picture
  await page.screenshot({ path: path.join(GUIDE_DIR, name) });
};

test('takes the guide’s screenshots', async ({ crm, page, app }) => {
  await crm.setupAdmin();
  app.addStaff('李娜', 'lina');
  await crm.logout();
  await crm.login('lina', 'secret1');
  await crm.createCustomer({
    name: '深圳市中兴通讯股份有限公司',
    keyword: '中兴',
    phone: '0755-26770000',
    region: '深圳',
  });
  await crm.logout();
  await crm.login('admin', 'admin123');
  await crm.createCustomer({ name: '上海华为技术有限公司', keyword: '华为', phone: '021-58888888', region: '上海' });
  await crm.createCustomer({
    name: '北京小米科技有限责任公司',
    keyword: '小米',
    phone: '010-60606666',
    region: '北京',
  });

  // 2 创建客户 and the keyword warning.
  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
  const form = crm.dialog('创建客户');
  await crm.fillCustomer(form, { name: '中兴软件技术（南京）有限公司', keyword: '中兴软件' });
  await form.getByRole('button', { name: '确定' }).click();
  const warning = crm.dialog('可能重复的客户');
  await expect(warning).toBeVisible();
  await guideShot(page, 'create-customer.png');
  await warning.getByRole('button', { name: '返回修改' }).click();
  await form.getByRole('button', { name: '取消' }).click();
  await crm.dialog('放弃已填写的内容？').getByRole('button', { name: '放弃' }).click();
  await expect(form).toBeHidden();

  // 1 the screen, and 3 a tab with an unsaved row.
  await crm.selectCustomer('上海华为技术有限公司');
  await crm.openTab('联系人');
  await guideShot(page, 'customers.png');
  await crm.addContact({ name: '王经理', mobile: '13800138000', title: '采购经理', primary: true });
  await guideShot(page, 'tabs.png');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('保存联系人 上海华为技术有限公司');

  // 5 供应商, 4 商品.
  await crm.openFromMenu('供应商管理', '供应商管理');
  await crm.addSupplier({ name: '深圳市科汇软件有限公司', contactName: '刘工', phone: '0755-88886666' });
  await guideShot(page, 'suppliers.png');
  await crm.dialog('供应商管理').locator('.modal-x').click();
  await crm.openFromMenu('商品管理', '商品注册');
  await crm.addCategory('管理软件');
  await crm.addProduct({
    code: 'CRM-01',
    name: '客户管理系统',
    category: '管理软件',
    unit: '套',
    guidePrice: '9800',
    annualFee: '1200',
  });
  await guideShot(page, 'products.png');
  await crm.dialog('商品注册').locator('.modal-x').click();

  // 6 人员管理.
  await crm.openStaff();
  await guideShot(page, 'staff.png');
  await crm.dialog('人员管理').locator('.modal-x').click();

  // 7 统计.
  await page.getByRole('menubar').getByRole('menuitem', { name: '统计' }).click();
  await page.getByRole('menu', { name: '统计' }).getByRole('menuitem', { name: '欠款统计', exact: true }).click();
  await expect(page.getByRole('tab', { name: '年费催缴/欠款统计' })).toHaveAttribute('aria-selected', 'true');
  await guideShot(page, 'stats.png');

  // 8 系统: backups.
  await crm.openFromMenu('系统', '备份数据库…');
  const backup = crm.dialog('备份与恢复');
  const saved = page.waitForEvent('download');
  await backup.getByRole('button', { name: '立即备份' }).click();
  await saved;
  await expect(backup.getByRole('table', { name: '服务器上的备份' }).getByRole('row')).toHaveCount(3);
  await guideShot(page, 'backup.png');

  for (const c of zhCN.guide.chapters) {
    expect(fs.existsSync(path.join(GUIDE_DIR, c.image)), c.image).toBe(true);
    expect(fs.existsSync(path.join(PUBLISHED, c.image)), `${c.image} published`).toBe(true);
  }
});

test('帮助 › 使用说明: contents, every chapter with its picture, in Chinese and English', async ({ crm, page }) => {
  await crm.setupAdmin();
  await crm.openFromMenu('帮助', '使用说明');
  const guide = crm.dialog('使用说明');
  const toc = guide.getByRole('navigation', { name: '目录' });
  await expect(toc.getByRole('link')).toHaveText(zhCN.guide.chapters.map((c) => c.title));
  await toc.getByRole('link', { name: zhCN.guide.chapters[7].title }).click();
  const system = guide.getByRole('region', { name: zhCN.guide.chapters[7].title });
  await expect(system).toBeInViewport();
  await expect(system).toContainText('从文件恢复');
  // Every picture is there (the build includes renderer/public/guide).
  const images = guide.locator('img');
  await expect(images).toHaveCount(zhCN.guide.chapters.length);
  for (const img of await images.all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1366);
  }
  await toc.getByRole('link', { name: zhCN.guide.chapters[0].title }).click();
  await shot(page, 'guide-01-zh');
  await guide.getByRole('button', { name: '关闭' }).last().click();

  await crm.openFromMenu('系统', 'English');
  await page.getByRole('menubar').getByRole('menuitem', { name: 'Help' }).click();
  await page.getByRole('menu', { name: 'Help' }).getByRole('menuitem', { name: 'User guide' }).click();
  await expect(crm.dialog('User guide').getByRole('navigation', { name: 'Contents' })).toContainText(
    '1 The nine areas of the customer screen',
  );
  await shot(page, 'guide-02-en');
});

test('帮助 › 售后服务: the office’s support contact, and a diagnostic file without customer data', async ({
  crm,
  page,
}) => {
  await crm.setupAdmin();
  await crm.createCustomer({ name: '深圳市保密测试科技有限公司', keyword: '保密测试', phone: '0755-26779999' });
  await crm.openFromMenu('帮助', '售后服务');
  await expect(crm.dialog('售后服务')).toContainText('系统 › 公司信息');
  await crm.dialog('售后服务').locator('.modal-x').click();

  await crm.openFromMenu('系统', '公司信息');
  const company = crm.dialog('公司信息');
  await company.getByLabel('售后服务电话').fill('400-800-1234');
  await company.getByLabel('售后服务联系人').fill('刘工');
  await company.getByLabel('售后服务邮箱/网址').fill('help@kehu.example');
  await company.getByRole('button', { name: '确定' }).click();
  await expect(company).toBeHidden();

  await crm.openFromMenu('帮助', '售后服务');
  const support = crm.dialog('售后服务');
  await expect(support.getByRole('definition')).toHaveText(['400-800-1234', '刘工', 'help@kehu.example']);
  const downloading = page.waitForEvent('download');
  await support.getByRole('button', { name: '生成诊断文件' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^kehu-diagnostics-\d{8}-\d{6}\.json$/);
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(JSON.parse(text)).toMatchObject({ database: { rowsPerTable: { customer: 1 } } });
  for (const secret of ['深圳市保密测试科技有限公司', '保密测试', '0755-26779999']) expect(text).not.toContain(secret);
  await shot(page, 'support-01');
});
