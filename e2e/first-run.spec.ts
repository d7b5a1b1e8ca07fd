import { expect, shot, test } from './fixtures';

test('first run creates the administrator, then login and logout work', async ({ crm, page }) => {
  // The first screen of an empty database asks for the administrator.
  await expect(page.getByRole('heading', { name: '创建管理员' })).toBeVisible();
  await page.getByLabel('姓名').fill('张经理');
  await page.getByLabel('登录账号').fill('admin');
  await page.getByLabel('密码', { exact: true }).fill('admin123');
  await page.getByLabel('确认密码').fill('admin999');
  await shot(page, '01-first-run');
  await page.getByRole('button', { name: '创建管理员' }).click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  await page.getByLabel('确认密码').fill('admin123');
  await page.getByRole('button', { name: '创建管理员' }).click();

  // Lands on the 客户管理 screen: areas 1–3 and the tab strip 4–9.
  await expect(crm.status('全部客户')).toHaveText(/全部客户\s*\(0\)/);
  for (const s of ['潜在客户', '意向客户', '正式客户', '流失客户']) await expect(crm.status(s)).toBeVisible();
  for (const tab of ['联系人', '日志及维护记录', '售前报价', '购买情况', '授权', '年费催缴/欠款统计']) {
    await expect(page.getByRole('tab', { name: tab })).toBeVisible();
  }
  await expect(page.getByRole('log', { name: 'Message' })).toContainText('创建管理员');
  await shot(page, '02-customer-screen-empty');

  // 退出登录 in the 系统 menu, then a wrong password gets one message that tells nothing more.
  await crm.logout();
  await crm.login('admin', 'wrong-password');
  await expect(page.getByRole('alert')).toHaveText('登录账号或密码不正确');
  await crm.login('nobody', 'admin123');
  await expect(page.getByRole('alert')).toHaveText('登录账号或密码不正确');
  await shot(page, '03-login-refused');
  await crm.login('admin', 'admin123');
  await expect(crm.tree).toBeVisible();
  await expect(page.getByText('张经理（管理员）')).toBeVisible();
});

test('a reload keeps the data but asks to log in again (a session per window)', async ({ crm, page }) => {
  await crm.setupAdmin();
  await crm.createCustomer({ name: '北京京东世纪贸易有限公司', keyword: '京东' });
  await page.reload();
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await crm.login('admin', 'admin123');
  await expect(crm.row('北京京东世纪贸易有限公司')).toBeVisible();
  await expect(crm.status('全部客户')).toHaveText(/\(1\)/);
});
