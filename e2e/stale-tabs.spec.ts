import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { CrmPage } from './pages';

// Tabs never show what the user may no longer see: the selected customer deleted, transferred or
// its delegation revoked — in another window (another session) or in this one.
test.use({ viewport: { width: 1366, height: 768 } });

const ZTE = '深圳市中兴通讯股份有限公司';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

async function secondWindow(page: Page, url: string, login: string): Promise<CrmPage> {
  const other = await page.context().newPage();
  await other.goto(url);
  const crm = new CrmPage(other);
  await crm.login(login, 'secret1');
  await expect(crm.tree).toBeVisible();
  return crm;
}

/** The salesperson's tabs show the customer, then must clear with a Message line saying why. */
async function expectCleared(crm: CrmPage, why: RegExp) {
  const panel = crm.page.getByRole('tabpanel');
  await expect(panel).toContainText('请在上方选中一个客户');
  await expect(panel).not.toContainText('无权查看');
  await expect(crm.page.locator('.current-customer')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText(`客户“${ZTE}”`);
  await expect(crm.messages.first()).toContainText(why);
  // A long line is cut to one row; the whole text is on hover.
  await expect(crm.messages.first()).toHaveAttribute('title', new RegExp(`客户“${ZTE}”.*${why.source}`));
  await expect(crm.messages.first()).toHaveCSS('white-space', 'nowrap');
}

test('deleted by the administrator in another window: the salesperson’s tabs clear, saying why', async ({
  crm: admin,
  page,
  app,
}) => {
  app.addStaff('王伟', 'wang');
  const wang = await secondWindow(page, app.url, 'wang');
  await wang.createCustomer({ name: ZTE, keyword: '中兴' });
  await wang.selectCustomer(ZTE);
  const contacts = await wang.openTab('联系人');
  await expect(contacts.getByRole('button', { name: '新增' })).toBeVisible();
  await expect(wang.page.locator('.current-customer')).toHaveText(ZTE);

  // The administrator deletes it (right-click → 删除客户 → 确定).
  await expect(admin.row(ZTE)).toBeVisible();
  await admin.rightClickRow(ZTE);
  await admin.menuItem('删除客户').click();
  await admin.dialog('删除客户').getByRole('button', { name: '删除客户' }).click();
  await expect(admin.row(ZTE)).toHaveCount(0);

  await expectCleared(wang, /已被删除/);
  await shot(wang.page, 'stale-01-deleted-elsewhere');
});

test('transferred to another salesperson by the administrator: the old owner’s tabs clear', async ({
  crm: admin,
  page,
  app,
}) => {
  app.addStaff('王伟', 'wang');
  app.addStaff('李娜', 'lina');
  const wang = await secondWindow(page, app.url, 'wang');
  await wang.createCustomer({ name: ZTE, keyword: '中兴' });
  await wang.selectCustomer(ZTE);
  await wang.openTab('购买情况');
  await expect(wang.page.locator('.current-customer')).toHaveText(ZTE);

  await admin.rightClickRow(ZTE);
  await admin.menuItem('转移客户').click();
  const dialog = admin.dialog('转移客户');
  await dialog.getByLabel('转移给').selectOption({ label: '李娜（业务员）' });
  await dialog.getByRole('button', { name: '转移' }).click();
  await expect(dialog).toBeHidden();

  await expectCleared(wang, /已转移/);
  await expect(wang.row(ZTE)).toHaveCount(0);
});

test('a revoked delegation clears the delegate’s tabs; the owner revoking in their own window keeps theirs', async ({
  crm: admin,
  page,
  app,
}) => {
  app.addStaff('王伟', 'wang');
  app.addStaff('李娜', 'lina');
  await admin.logout();
  const wang = admin;
  await wang.login('wang', 'secret1');
  await wang.createCustomer({ name: ZTE, keyword: '中兴' });
  await wang.delegateSelected(ZTE, '李娜');
  const lina = await secondWindow(page, app.url, 'lina');
  await lina.selectCustomer(ZTE);
  await lina.openTab('日志及维护记录');
  await expect(lina.page.locator('.current-customer')).toHaveText(ZTE);

  // 王伟 revokes it on his 授权 tab.
  await wang.selectCustomer(ZTE);
  const tab = await wang.openTab('授权');
  await tab.getByRole('row', { name: /李娜/ }).getByRole('button', { name: '收回授权' }).click();
  await wang.dialog('收回授权').getByRole('button', { name: '收回授权' }).click();

  await expectCleared(lina, /授权已收回/);
  await shot(lina.page, 'stale-02-revoked');
  // The owner still sees it: his tabs stay on the customer.
  await expect(page.locator('.current-customer')).toHaveText(ZTE);
});

test('deleted in this window with the keyboard: the tabs clear', async ({ crm, page }) => {
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });
  await expect(page.locator('.current-customer')).toHaveText(ZTE);
  await crm.row(ZTE).locator('.ag-cell').first().focus();
  await page.keyboard.press('Delete');
  const ask = crm.dialog('删除客户');
  await expect(ask.getByRole('button', { name: '删除客户' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(crm.row(ZTE)).toHaveCount(0);
  await expect(page.getByRole('tabpanel')).toContainText('请在上方选中一个客户');
  await expect(page.locator('.current-customer')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText(`删除客户 ${ZTE}`);
});
