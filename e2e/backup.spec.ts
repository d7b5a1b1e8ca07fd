import { expect, shot, test } from './fixtures';

test('系统 › 备份数据库 and 恢复数据库 from the menu; 帮助 › 关于 says what runs where', async ({ crm, page, app }) => {
  await crm.setupAdmin();
  await crm.createCustomer({ name: '深圳市中兴通讯股份有限公司', keyword: '中兴' });

  await crm.openFromMenu('系统', '备份数据库…');
  const dialog = crm.dialog('备份与恢复');
  const saved = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '立即备份' }).click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/^crm-manual-\d{8}-\d{6}\.db$/);
  const list = dialog.getByRole('table', { name: '服务器上的备份' });
  const row = list.getByRole('row', { name: new RegExp(file.suggestedFilename()) });
  await expect(row).toBeVisible();
  await shot(page, 'backup-01-dialog');
  await dialog.locator('.modal-x').click();

  await crm.createCustomer({ name: '上海华为技术有限公司', keyword: '华为' });
  await crm.openFromMenu('系统', '恢复数据库…');
  await row.getByRole('button', { name: '恢复' }).click();
  await crm.dialog('恢复').getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('status')).toContainText('数据库已由管理员恢复到备份');
  await shot(page, 'backup-02-restored-relogin');
  await crm.login('admin', 'admin123');
  await expect(page.getByRole('button', { name: '登录' })).toBeHidden();
  await page.locator('.modal-x').click();
  await expect(crm.row('深圳市中兴通讯股份有限公司')).toBeVisible();
  await expect(crm.row('上海华为技术有限公司')).toBeHidden();
  await expect(crm.status('全部客户')).toHaveText(/\(1\)/);

  await crm.openFromMenu('帮助', '关于');
  const about = crm.dialog('关于').getByRole('definition');
  await expect(about.nth(1)).toHaveText('单机使用（数据在这台电脑上）');
  await expect(about.nth(2)).toHaveText(app.url.replace(/\/$/, '')); // the address this window uses
  await expect(about.nth(3)).toHaveText(app.dataDir);
  await expect(about.nth(5)).toContainText('crm-before-restore');
  await shot(page, 'backup-03-about');
});
