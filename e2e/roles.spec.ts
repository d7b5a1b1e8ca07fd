import { expect, shot, test } from './fixtures';

// Menus follow the role; the screen in English; splitters remembered. At 1366×768.
test.use({ viewport: { width: 1366, height: 768 } });

const ZTE = '深圳市中兴通讯股份有限公司';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

test('a salesperson sees no administrator menus; on a delegated customer 删除客户 and 授权 are disabled with the reason', async ({
  crm,
  page,
  app,
}) => {
  app.addStaff('王伟', 'wang');
  app.addStaff('李娜', 'lina');
  const menubar = page.getByRole('menubar');
  // The administrator: 人员管理 and the administrator's 系统 items.
  await expect(menubar.getByRole('menuitem', { name: '人员管理' })).toBeVisible();
  await crm.logout();
  await crm.login('wang', 'secret1');
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });
  await crm.delegateSelected(ZTE, '李娜');
  await crm.logout();
  await crm.login('lina', 'secret1');
  await expect(page.getByText('李娜（业务员）')).toBeVisible();

  // No 人员管理, no administrator items under 系统.
  await expect(menubar.getByRole('menuitem', { name: '客户管理' })).toBeVisible();
  await expect(menubar.getByRole('menuitem', { name: '人员管理' })).toHaveCount(0);
  await menubar.getByRole('menuitem', { name: '系统' }).focus();
  await page.keyboard.press('Enter');
  const system = page.getByRole('menu', { name: '系统' });
  await expect(system.getByRole('menuitem').first()).toBeFocused();
  for (const item of ['公司信息', '网络设置', '在线用户', '备份数据库…', '恢复数据库…'])
    await expect(system.getByRole('menuitem', { name: item })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(system).toBeHidden();
  await expect(menubar.getByRole('menuitem', { name: '系统' })).toBeFocused();

  // The delegated customer: 删除客户 and 授权给其他业务员 disabled, saying why; no 转移客户.
  await crm.rightClickRow(ZTE);
  await expect(crm.menuItem('删除客户')).toHaveAttribute('aria-disabled', 'true');
  await expect(crm.menuItem('删除客户')).toHaveAttribute('title', `客户“${ZTE}”是授权给您代管的，不能删除`);
  await expect(crm.menuItem('授权给其他业务员')).toHaveAttribute('aria-disabled', 'true');
  await expect(crm.menuItem('授权给其他业务员')).toHaveAttribute('title', /授权代管的客户不能再授权/);
  await expect(crm.menuItem('转移客户')).toHaveCount(0);
  await shot(page, 'roles-01-delegate-menu');
  // The menu by keyboard: ↓ moves, Esc closes back to the row.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  await expect(crm.menu).toBeHidden();
  // The Delete key refuses too, in Message.
  await crm.row(ZTE).locator('.ag-cell').first().focus();
  await page.keyboard.press('Delete');
  await expect(crm.dialog('删除客户')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText('不能删除');
  await expect(crm.row(ZTE)).toBeVisible();

  // 商品注册: why 新增 is disabled is written beside it.
  await crm.openFromMenu('商品管理', '商品注册');
  const products = crm.dialog('商品注册');
  await expect(products.getByRole('button', { name: '新增', exact: true })).toBeDisabled();
  await expect(products).toContainText('只有管理员可以维护商品资料');
});

test('English: labels, role names and the data side’s refusals; nothing cut off', async ({ crm, page }) => {
  await crm.createCustomer({ name: ZTE, keyword: '中兴', phone: '0755-26770000' });
  await crm.openFromMenu('系统', 'English');
  const menubar = page.getByRole('menubar');
  await expect(menubar.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await expect(page.getByText('张经理 (Administrator)')).toBeVisible();

  // A refused save, by keyboard: the form's message and the Message line are English.
  await page.locator('.menubar').getByRole('button', { name: 'New customer' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'New customer' });
  await expect(form.getByLabel('Customer name')).toBeFocused();
  await page.keyboard.type('华为技术有限公司');
  await page.keyboard.press('Enter');
  await expect(form.getByRole('alert').first()).toBeVisible();
  await expect(form).toContainText('Keyword: cannot be empty');
  await expect(form).not.toContainText('不能为空');
  await expect(form.getByLabel('Keyword')).toBeFocused();
  // No field label of the form is cut off.
  const cutLabels = await form.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.field .label')]
      .filter((l) => l.scrollWidth > l.clientWidth + 1)
      .map((l) => l.textContent),
  );
  expect(cutLabels).toEqual([]);
  await shot(page, 'roles-02-english-form-error');
  await page.keyboard.press('Escape');
  await page
    .getByRole('dialog', { name: 'Discard what you entered?' })
    .getByRole('button', { name: 'Discard' })
    .focus();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  // The customer screen in English, its name above the tabs.
  await crm.selectCustomer(ZTE);
  await expect(page.locator('.current-customer')).toHaveText(ZTE);
  await shot(page, 'roles-03-english-customer-screen');
  // No tab label, menu title or toolbar button is cut off.
  const cut = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        '[role=tab], .menu > button, .grid-toolbar button, .draft-toolbar button',
      ),
    ]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent),
  );
  expect(cut).toEqual([]);
});

test('splitter positions are remembered (moved with the keyboard)', async ({ crm, page }) => {
  const splitter = page.getByRole('separator', { name: '调整标签页高度' });
  const tabs = page.locator('.tabs-pane');
  const before = (await tabs.boundingBox())!.height;
  // At 1366×768 the tabs show at least 6 rows of 30 px below their toolbar and header.
  expect(before).toBeGreaterThan(6 * 30 + 32 + 40 + 34);
  await splitter.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await tabs.boundingBox())!.height).toBeLessThan(before - 20);
  const moved = (await tabs.boundingBox())!.height;
  await page.waitForTimeout(400);
  // A new session in this browser (reload = log in again): the same position.
  await page.reload();
  await crm.login('admin', 'admin123');
  await expect(crm.tree).toBeVisible();
  await expect.poll(async () => Math.round((await tabs.boundingBox())!.height)).toBe(Math.round(moved));
});
