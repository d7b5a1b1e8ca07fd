import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, test } from './fixtures';

test('系统 › 恢复数据库 › 从文件恢复…: a file from elsewhere restores; a file that is not ours is refused, nothing changed', async ({
  crm,
  page,
  app,
}, testInfo) => {
  // One listener for the whole test keeps Chromium's file-chooser interception switched on: turning
  // it off and on again between the two choosers races the click (the second chooser was missed).
  page.on('filechooser', () => undefined);
  await crm.setupAdmin();
  await crm.createCustomer({ name: '深圳市中兴通讯股份有限公司', keyword: '中兴' });

  // 备份数据库 to a file of the user's choice: the browser's download.
  await crm.openFromMenu('系统', '备份数据库…');
  const dialog = crm.dialog('备份与恢复');
  const saved = page.waitForEvent('download');
  await dialog.getByRole('button', { name: '立即备份' }).click();
  const usb = testInfo.outputPath('U盘备份.db');
  await (await saved).saveAs(usb);
  await dialog.locator('.modal-x').click();
  await crm.createCustomer({ name: '上海华为技术有限公司', keyword: '华为' });

  // A spreadsheet renamed to .db is refused with the reason; the data stays as it was.
  const notes = testInfo.outputPath('客户名单.db');
  fs.writeFileSync(notes, '客户名称,电话\n中兴,0755-1234\n');
  await crm.openFromMenu('系统', '恢复数据库…');
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '从文件恢复…' }).click();
  await (await chooser).setFiles(notes);
  await crm.dialog('恢复').getByRole('button', { name: '确定' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('客户名单.db 不是数据库文件，不能用来恢复');
  await shot(page, 'restore-file-01-refused');
  await dialog.locator('.modal-x').click();
  await expect(crm.row('上海华为技术有限公司')).toBeVisible();
  expect(fs.readdirSync(path.join(app.dataDir, 'backups')).some((f) => f.startsWith('crm-before-restore'))).toBe(false);

  // The backup saved on the "USB stick" restores; every window logs in again.
  await crm.openFromMenu('系统', '恢复数据库…');
  const chooser2 = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: '从文件恢复…' }).click();
  await (await chooser2).setFiles(usb);
  await expect(page.getByRole('dialog', { name: '恢复', exact: true })).toContainText('用文件 U盘备份.db');
  await crm.dialog('恢复').getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('status')).toContainText('数据库已由管理员恢复到备份 U盘备份.db');
  await shot(page, 'restore-file-02-relogin');
  await crm.login('admin', 'admin123');
  await expect(page.getByRole('button', { name: '登录' })).toBeHidden();
  await expect(crm.row('深圳市中兴通讯股份有限公司')).toBeVisible();
  await expect(crm.row('上海华为技术有限公司')).toBeHidden();
});
