import { expect, shot, test } from './fixtures';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

test('create with the keyword duplicate warning across salespeople', async ({ crm, page, app }) => {
  // A salesperson (李娜) already has 中兴; the administrator creates a second 中兴 customer.
  app.addStaff('李娜', 'lina');
  await crm.logout();
  await crm.login('lina', 'secret1');
  await crm.createCustomer({ name: '深圳市中兴通讯股份有限公司', keyword: '中兴', phone: '0755-26770000' });
  await crm.logout();
  await crm.login('admin', 'admin123');

  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
  const form = crm.dialog('创建客户');
  // Required labels are red.
  await expect(form.locator('label.required', { hasText: '客户名称' })).toHaveCSS('color', 'rgb(211, 47, 47)');
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form.getByText('不能为空').first()).toBeVisible();

  // Full-width ＺＴＥ… is irrelevant here: the new name contains the other's keyword 中兴.
  await crm.fillCustomer(form, { name: '中兴软件技术（南京）有限公司', keyword: '中兴软件' });
  await form.getByRole('button', { name: '确定' }).click();
  const warning = crm.dialog('可能重复的客户');
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('row', { name: /深圳市中兴通讯股份有限公司\s*李娜/ })).toBeVisible();
  await shot(page, '04-duplicate-warning');

  // 返回修改 goes back to the form with nothing saved; 仍然保存 saves.
  await warning.getByRole('button', { name: '返回修改' }).click();
  await expect(warning).toBeHidden();
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: '确定' }).click();
  await warning.getByRole('button', { name: '仍然保存' }).click();
  await expect(form).toBeHidden();
  await expect(crm.row('中兴软件技术（南京）有限公司')).toBeVisible();
  await expect(crm.status('全部客户')).toHaveText(/\(2\)/);
  await expect(crm.messages.first()).toContainText('创建客户 中兴软件技术（南京）有限公司');
  await expect(crm.messages.first()).toContainText('成功');
});

test('rename a status from its right-click menu', async ({ crm, page }) => {
  await crm.status('意向客户').click({ button: 'right' });
  await crm.menuItem('重命名').click();
  const prompt = crm.dialog('重命名');
  await prompt.getByLabel('状态名称').fill('');
  await prompt.getByRole('button', { name: '确定' }).click();
  await expect(prompt.getByRole('alert')).toContainText('不能为空');
  await prompt.getByLabel('状态名称').fill('正式客户');
  await prompt.getByRole('button', { name: '确定' }).click();
  await expect(prompt.getByRole('alert')).toContainText('已存在');
  await prompt.getByLabel('状态名称').fill('重点跟进');
  await prompt.getByRole('button', { name: '确定' }).click();
  await expect(prompt).toBeHidden();
  await expect(crm.status('重点跟进')).toBeVisible();
  await expect(crm.status('意向客户')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText('重命名客户状态 意向客户 → 重点跟进');
  await shot(page, '05-status-renamed');

  // Selecting a status shows its customers only.
  // A new customer starts in the selected status (重点跟进, selected by the right-click).
  await crm.createCustomer({ name: '杭州阿里巴巴网络技术有限公司', keyword: '阿里巴巴' });
  await crm.status('全部客户').click();
  await crm.createCustomer({ name: '腾讯科技（深圳）有限公司', keyword: '腾讯', status: '潜在客户' });
  await crm.status('重点跟进').click();
  await expect(crm.row('杭州阿里巴巴网络技术有限公司')).toBeVisible();
  await expect(crm.row('腾讯科技（深圳）有限公司')).toHaveCount(0);
  await expect(crm.status('重点跟进')).toHaveText(/\(1\)/);
});

test('edit and delete from the context menu; double-click edits', async ({ crm, page }) => {
  await crm.createCustomer({ name: '上海华为技术有限公司', keyword: '华为', phone: '021-11112222' });

  await crm.rightClickRow('上海华为技术有限公司');
  for (const item of ['创建客户', '编辑客户', '删除客户', '导出', '打印客户列表', '打印客户资料卡'])
    await expect(crm.menuItem(item)).toBeVisible();
  await shot(page, '06-context-menu');
  await crm.menuItem('编辑客户').click();
  const form = crm.dialog('编辑客户');
  await expect(form.getByLabel('客户名称')).toHaveValue('上海华为技术有限公司');
  await form.getByLabel('电话').fill('021-33334444');
  await form.getByLabel('客户状态').selectOption({ label: '正式客户' });
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form).toBeHidden();
  await expect(crm.row('上海华为技术有限公司')).toContainText('021-33334444');
  await expect(crm.row('上海华为技术有限公司')).toContainText('正式客户');
  await expect(crm.messages.first()).toContainText('编辑客户 上海华为技术有限公司');

  // Double-click opens the same form; 取消 closes without saving.
  await crm.row('上海华为技术有限公司').locator('.ag-cell').first().dblclick();
  await expect(crm.dialog('编辑客户')).toBeVisible();
  await crm.dialog('编辑客户').getByLabel('电话').fill('000');
  await crm.dialog('编辑客户').getByRole('button', { name: '取消' }).click();
  await expect(crm.row('上海华为技术有限公司')).toContainText('021-33334444');

  await crm.rightClickRow('上海华为技术有限公司');
  await crm.menuItem('删除客户').click();
  const confirm = crm.dialog('删除客户');
  await expect(confirm).toContainText('确定删除选中的 1 个客户吗');
  await confirm.getByRole('button', { name: '删除客户' }).click();
  await expect(crm.row('上海华为技术有限公司')).toHaveCount(0);
  await expect(crm.status('全部客户')).toHaveText(/\(0\)/);
  await expect(crm.messages.first()).toContainText('删除客户 上海华为技术有限公司');

  // Soft delete: the administrator finds it under 已删除的客户 and restores it.
  await page.getByRole('menubar').getByRole('menuitem', { name: '客户管理' }).click();
  await page.getByRole('menu', { name: '客户管理' }).getByRole('menuitem', { name: '已删除的客户' }).click();
  await crm.rightClickRow('上海华为技术有限公司');
  await crm.menuItem('恢复客户').click();
  await expect(crm.row('上海华为技术有限公司')).toHaveCount(0);
  await page.getByRole('menubar').getByRole('menuitem', { name: '客户管理' }).click();
  await page.getByRole('menu', { name: '客户管理' }).getByRole('menuitem', { name: '客户管理' }).click();
  await expect(crm.row('上海华为技术有限公司')).toBeVisible();
});

test('Ctrl-click selects several rows and delete works on the selection; quick search', async ({ crm, page }) => {
  const names = ['成都小米科技有限公司', '广州网易计算机系统有限公司', '南京苏宁易购集团股份有限公司'];
  await crm.createCustomer({ name: names[0], keyword: '小米', region: '四川成都' });
  await crm.createCustomer({ name: names[1], keyword: '网易', region: '广东广州' });
  await crm.createCustomer({ name: names[2], keyword: '苏宁', region: '江苏南京' });

  await crm.row(names[0]).locator('.ag-cell').first().click();
  await crm
    .row(names[2])
    .locator('.ag-cell')
    .first()
    .click({ modifiers: ['Control'] });
  await expect(crm.row(names[0])).toHaveClass(/ag-row-selected/);
  await expect(crm.row(names[2])).toHaveClass(/ag-row-selected/);
  await expect(crm.row(names[1])).not.toHaveClass(/ag-row-selected/);
  await expect(page.getByText('已选 2 个')).toBeVisible();
  await shot(page, '07-multi-select');

  await crm.rightClickRow(names[2]);
  await crm.menuItem('删除客户').click();
  await expect(crm.dialog('删除客户')).toContainText('确定删除选中的 2 个客户吗');
  await crm.dialog('删除客户').getByRole('button', { name: '删除客户' }).click();
  await expect(crm.row(names[0])).toHaveCount(0);
  await expect(crm.row(names[2])).toHaveCount(0);
  await expect(crm.row(names[1])).toBeVisible();
  await expect(crm.status('全部客户')).toHaveText(/\(1\)/);

  // Quick search runs in SQL: a region, then a name fragment.
  await crm.createCustomer({ name: '广州白云山医药集团股份有限公司', keyword: '白云山', region: '广东广州' });
  await page.getByRole('searchbox', { name: '快速搜索' }).fill('网易');
  await page.getByRole('searchbox', { name: '快速搜索' }).press('Enter');
  await expect(crm.row(names[1])).toBeVisible();
  await expect(crm.row('广州白云山医药集团股份有限公司')).toHaveCount(0);
  await expect(page.getByText('共 1 个客户')).toBeVisible();
});

test('scrolling on asks for the rows after the previous block’s last row (keyset paging)', async ({
  crm,
  page,
  app,
}) => {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && sent.push(f.payload)));
  // A fresh page, so that its connection's messages are seen.
  await page.reload();
  await crm.login('admin', 'admin123');
  const owner = app.db.prepare(`SELECT id FROM staff WHERE login = 'admin'`).pluck().get() as number;
  const at = new Date().toISOString();
  const insert = app.db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, '2026-11-01', ?, ?)`,
  );
  app.db.transaction(() => {
    for (let i = 1; i <= 450; i++) {
      const name = `滚动测试${String(i).padStart(4, '0')}有限公司`;
      insert.run(name, `滚${i}`, name, `滚${i}`, owner, at, at);
    }
  })();
  // Sorting by 客户名称 reloads the grid from the database.
  await page.locator('.ag-header-cell', { hasText: '客户名称' }).click();
  await expect(crm.row('滚动测试0001有限公司')).toBeVisible();
  // Scroll with the mouse wheel over the grid, a screenful at a time, as a user does.
  const box = (await page.locator('.grid-host').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(200);
  }
  await expect(crm.row('滚动测试0450有限公司')).toBeVisible();
  await expect(page.getByText('共 450 个客户')).toBeVisible();
  await shot(page, '08-keyset-scrolled');
  const pages = sent.filter((s) => s.includes('customers.page'));
  expect(pages.some((s) => /"after":\{"id":\d+,"key":\["滚动测试0100有限公司"\]\}/.test(s))).toBe(true);
});
