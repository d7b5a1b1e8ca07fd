/**
 * 工作台 and 统计 › 销售统计 (issue 13): a salesperson logs in to today's follow-ups (and the line
 * in Message), opens one on 客户管理, marks another '已跟进'; a purchase and a payment change the
 * table of '每月销售额与收款'. Customers, records and the purchase are written straight into the
 * test's database (as the tabs would have saved them); '已跟进' and 收款 go through the UI.
 */
import type { Page } from '@playwright/test';
import { localDayAfter } from '../core/contract/dates';
import { expect, shot, test, type AppServer } from './fixtures';

/** Today + n days, local 'YYYY-MM-DD' (the server runs on this machine). */
const day = (n: number) => localDayAfter(n);

const A = '深圳市华强电子有限公司';
const B = '广州市天河贸易有限公司';
const C = '东莞市长安模具有限公司';

function seedCustomer(app: AppServer, ownerId: number, name: string, keyword: string): number {
  const at = new Date().toISOString();
  return Number(
    app.db
      .prepare(
        `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
         VALUES (?, ?, ?, ?, 2, ?, ?, ?, ?)`,
      )
      .run(name, keyword, name, keyword, ownerId, day(0), at, at).lastInsertRowid,
  );
}

function seedFollowup(app: AppServer, customerId: number, authorId: number, content: string, nextOn: string) {
  const at = new Date(Date.now() - 86_400_000).toISOString();
  app.db
    .prepare(
      `INSERT INTO record (customer_id, kind, at, method, content, next_on, author_id, created_at, updated_at)
       VALUES (?, 'followup', ?, '电话', ?, ?, ?, ?, ?)`,
    )
    .run(customerId, at, content, nextOn, authorId, at, at);
}

function seedPurchase(app: AppServer, customerId: number) {
  const at = new Date().toISOString();
  app.db.prepare(`INSERT OR IGNORE INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  const product = app.db
    .prepare(
      `INSERT INTO product (code, name, category_id, unit, guide_price_cents, created_at, updated_at)
       VALUES ('RJ-001', '用友财务软件 标准版', 1, '套', 50000, ?, ?)`,
    )
    .run(at, at).lastInsertRowid;
  app.db
    .prepare(
      `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
         amount_paid_cents, created_at, updated_at)
       VALUES (?, ?, ?, 2, 50000, 100000, 0, ?, ?)`,
    )
    .run(customerId, product, day(0), at, at);
}

async function menu(page: Page, top: string, item: string) {
  await page.getByRole('menubar').getByRole('menuitem', { name: top }).click();
  await page.getByRole('menu', { name: top }).getByRole('menuitem', { name: item, exact: true }).click();
}

/** The table of '每月销售额与收款', shown instead of its chart. */
async function moneyTable(page: Page) {
  const card = page.getByRole('region', { name: '每月销售额与收款' });
  await card.getByRole('button', { name: '表格' }).click();
  return card.getByRole('table', { name: '每月销售额与收款' });
}

test('a salesperson starts on 工作台: today’s follow-ups, 已跟进, and the charts follow purchases and payments', async ({
  crm,
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await crm.setupAdmin();
  const wangId = app.addStaff('王伟', 'wang');
  const liId = app.addStaff('李娜', 'li');
  const a = seedCustomer(app, wangId, A, '华强');
  const b = seedCustomer(app, wangId, B, '天河');
  const c = seedCustomer(app, wangId, C, '长安');
  const other = seedCustomer(app, liId, '佛山市南海陶瓷有限公司', '南海');
  seedFollowup(app, a, wangId, '报价已发，今天电话确认', day(0));
  seedFollowup(app, b, wangId, '约上门演示', day(-3));
  seedFollowup(app, c, wangId, '寄样品后回访', day(3));
  seedFollowup(app, other, liId, '李娜的客户', day(0));

  await crm.logout();
  await page.evaluate(() => localStorage.setItem('kehu.startScreen', 'workbench'));
  await crm.login('wang', 'secret1');

  // 工作台 is the screen after login; overdue first, then today, then the next 7 days.
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
  const list = page.getByRole('table', { name: '待跟进' });
  await expect(list.locator('tbody tr')).toHaveCount(3);
  await expect(list.locator('tbody tr').nth(0)).toContainText(B);
  await expect(list.locator('tbody tr').nth(0)).toContainText('逾期 3 天');
  await expect(list.locator('tbody tr').nth(1)).toContainText(A);
  await expect(list.locator('tbody tr').nth(1)).toContainText('报价已发，今天电话确认');
  await expect(list.locator('tbody tr').nth(2)).toContainText(C);
  await expect(list).not.toContainText('佛山市南海陶瓷有限公司');
  await expect(crm.messages.filter({ hasText: '待跟进提醒' })).toContainText('今天有 1 个客户待跟进，1 个已逾期');
  await shot(page, 'wb-01-workbench');

  // Double-click: the customer on 客户管理, tab 日志及维护记录.
  await list.locator('tbody tr', { hasText: A }).dblclick();
  await expect(page.getByRole('tab', { name: '日志及维护记录' })).toHaveAttribute('aria-selected', 'true');
  await expect(crm.draftRow('报价已发，今天电话确认')).toBeVisible();
  await shot(page, 'wb-02-opened-records');

  // '已跟进' writes a new 维护记录 (through the tab's batch): the item leaves the list.
  await menu(page, '客户管理', '工作台');
  await list.locator('tbody tr', { hasText: A }).click();
  await page.getByRole('button', { name: '已跟进' }).click();
  const dialog = crm.dialog(`已跟进：${A}`);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog.getByRole('alert')).toContainText('必填');
  await dialog.getByLabel('内容').fill('已电话确认，下周签合同');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(dialog).toBeHidden();
  await expect(list.locator('tbody tr')).toHaveCount(2);
  await expect(list).not.toContainText(A);
  await expect(crm.messages.first()).toContainText(`已跟进 ${A}`);
  expect(app.db.prepare(`SELECT count(*) FROM record WHERE customer_id = ? AND kind = 'followup'`).pluck().get(a)).toBe(
    2,
  );

  // 销售统计: a purchase, then a payment, change the table of 每月销售额与收款.
  const month = day(0).slice(0, 7);
  await menu(page, '统计', '销售统计');
  await expect(page.getByRole('heading', { name: '销售统计' })).toBeVisible();
  let table = await moneyTable(page);
  await expect(table.locator('tbody tr', { hasText: month })).toContainText('¥0.00');

  seedPurchase(app, a);
  await menu(page, '客户管理', '工作台');
  await menu(page, '统计', '销售统计');
  await expect(page.getByRole('region', { name: '每月销售额与收款' }).locator('svg')).toBeVisible();
  await shot(page, 'wb-03-stats');
  table = await moneyTable(page);
  await expect(table.locator('tbody tr', { hasText: month })).toContainText('¥1,000.00');
  await expect(table.locator('tbody tr', { hasText: month }).locator('td').nth(2)).toHaveText('¥0.00');

  // 收款 from 欠款统计 (tab 9).
  await menu(page, '统计', '欠款统计');
  const arrears = page.getByRole('table', { name: '欠款统计', exact: true });
  await arrears.locator('tbody > tr', { hasText: A }).getByRole('button', { name: '购买明细' }).click();
  await page
    .getByRole('table', { name: `${A} 的欠款明细` })
    .getByRole('button', { name: '收款' })
    .click();
  const pay = crm.dialog('收款');
  await pay.getByLabel('金额').fill('600');
  await pay.getByRole('button', { name: '确定' }).click();
  await expect(pay.locator('[data-field=paid]')).toHaveText('600.00');
  await pay.getByRole('button', { name: '关闭' }).last().click();

  await menu(page, '统计', '销售统计');
  table = await moneyTable(page);
  await expect(table.locator('tbody tr', { hasText: month }).locator('td').nth(1)).toHaveText('¥1,000.00');
  await expect(table.locator('tbody tr', { hasText: month }).locator('td').nth(2)).toHaveText('¥600.00');
  await shot(page, 'wb-04-stats-table');

  // The 年费到期 / 欠款 summaries on 工作台 follow too.
  await menu(page, '客户管理', '工作台');
  await expect(page.getByRole('region', { name: '欠款' })).toContainText('¥400.00');
});

test('系统 › 设置 chooses the screen after login on this PC', async ({ crm, page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await crm.setupAdmin(); // the specs start on 客户管理 (e2e/fixtures.ts)
  const choose = async (screen: '工作台' | '客户管理') => {
    await menu(page, '系统', '设置');
    const dialog = crm.dialog('设置');
    await dialog.getByLabel(screen).check();
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect(dialog).toBeHidden();
    await crm.logout();
    await crm.login('admin', 'admin123');
  };
  await choose('工作台');
  await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
  await expect(crm.tree).toBeHidden();
  await choose('客户管理');
  await expect(crm.tree).toBeVisible();
  await expect(page.getByRole('heading', { name: '工作台' })).toHaveCount(0);
});
