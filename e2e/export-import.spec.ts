/**
 * 导出 and 导入 in the browser: the customer grid's export is downloaded and read back with
 * exceljs (every row under the status and sort, not only the loaded page); a product export has
 * money cells; an .xlsx with a bad row is previewed with its errors, then imported.
 */
import ExcelJS from 'exceljs';
import { fold } from '../core/fold';
import { expect, shot, test } from './fixtures';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

/** Today as the office reads it, 'YYYYMMDD' (the export's file name). */
function todayStamp(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10).replace(/-/g, '');
}

async function readXlsx(path: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

test('export the customer grid: every row of the status, in the grid’s sort, read back from the download', async ({
  crm,
  page,
  app,
}) => {
  // 1,250 潜在客户 (more than the grid loads at once) and two 正式客户, straight into the database.
  const db = app.db;
  const insert = db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, phone, region,
       created_at, updated_at)
     VALUES (@name, @keyword, @nf, @kf, @status, 1, @createdOn, '0755-8888', '深圳', 'x', 'x')`,
  );
  db.transaction(() => {
    for (let i = 0; i < 1250; i++) {
      const name = `深圳市样例科技有限公司${String(i).padStart(4, '0')}`;
      const keyword = `样例${i}`;
      const createdOn = `2025-${String((i % 12) + 1).padStart(2, '0')}-15`;
      insert.run({ name, keyword, nf: fold(name), kf: fold(keyword), status: 1, createdOn });
    }
    for (const name of ['华为技术有限公司', '腾讯科技（深圳）有限公司']) {
      insert.run({
        name,
        keyword: name.slice(0, 2),
        nf: fold(name),
        kf: fold(name.slice(0, 2)),
        status: 3,
        createdOn: '2024-02-29',
      });
    }
  })();
  await page.reload();
  await crm.login('admin', 'admin123');
  await expect(crm.tree).toBeVisible();

  await crm.status('潜在客户').click();
  await expect(page.getByText('共 1,250 个客户')).toBeVisible();
  // Sort by 客户名称, descending (two clicks on the header).
  const header = page.locator('.grid-host .ag-header-cell[col-id="name"]');
  await header.click();
  await header.click();
  await expect(page.locator('.grid-host .ag-row[row-index="0"]')).toContainText('深圳市样例科技有限公司1249');

  await crm.rightClickRow('深圳市样例科技有限公司1249');
  await expect(crm.menuItem('导出')).toBeEnabled();
  await shot(page, '80-export-menu');
  const downloading = page.waitForEvent('download');
  await crm.menuItem('导出').click();
  const progress = page.getByRole('dialog', { name: '导出到 Excel' });
  await expect(progress).toBeVisible();
  await shot(page, '81-export-progress');
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`客户资料_${todayStamp()}.xlsx`);
  await expect(progress).toBeHidden();
  // Counts with thousands separators (issue 14 item 8).
  await expect(crm.messages.first()).toContainText('导出客户资料：1,250 行');

  const wb = await readXlsx(await download.path());
  expect(wb.worksheets.map((s) => s.name)).toEqual(['客户资料']);
  const ws = wb.worksheets[0];
  expect(ws.getRow(1).values).toEqual([
    undefined,
    '客户名称',
    '关键字',
    '客户状态',
    '业务员',
    '创建日期',
    '电话',
    '地区',
  ]);
  expect(ws.rowCount).toBe(1251);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ws.getCell('A2').value).toBe('深圳市样例科技有限公司1249');
  expect(ws.getCell('A1251').value).toBe('深圳市样例科技有限公司0000');
  expect(ws.getCell('C2').value).toBe('潜在客户');
  expect(ws.getCell('D2').value).toBe('张经理');
  // 1249 % 12 + 1 = 2: 创建日期 2025-02-15, an Excel date.
  const created = ws.getCell('E2');
  expect(created.value).toEqual(new Date(Date.UTC(2025, 1, 15)));
  expect(created.numFmt).toBe('yyyy-mm-dd');
});

test('export the product list from its toolbar: money as numbers with two decimals', async ({ crm, page }) => {
  await crm.openFromMenu('商品管理', '商品注册');
  await crm.addCategory('办公软件');
  await crm.addProduct({
    code: 'RJ-001',
    name: '财务软件',
    category: '办公软件',
    guidePrice: '12345.5',
    annualFee: '0.1',
  });
  await crm.addProduct({ code: 'RJ-002', name: '进销存软件', category: '办公软件', guidePrice: '800' });
  const products = crm.dialog('商品注册');
  const downloading = page.waitForEvent('download');
  await products.getByRole('button', { name: '导出', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`商品资料_${todayStamp()}.xlsx`);
  await shot(page, '84-products-exported');

  const ws = (await readXlsx(await download.path())).worksheets[0];
  expect(ws.getRow(1).values).toEqual([
    undefined,
    '编号',
    '商品名称',
    '商品大类',
    '规格型号',
    '单位',
    '指导价',
    '年服务费',
    '供应商',
    '在售',
    '备注',
  ]);
  expect(ws.rowCount).toBe(3);
  expect(ws.getCell('A2').value).toBe('RJ-001');
  expect(ws.getCell('F2').value).toBe(12345.5);
  expect(ws.getCell('F2').numFmt).toBe('#,##0.00');
  expect(ws.getCell('G2').value).toBe(0.1);
  expect(ws.getCell('I2').value).toBe('是');
});

test('import customers from Excel: the preview names the bad row; nothing is written until 导入', async ({
  crm,
  page,
  app,
}, testInfo) => {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('历史客户');
  sheet.addRow(['客户名称', '关键字', '客户状态', '创建日期', '电话', '备注']);
  sheet.addRow([
    '深圳市中兴通讯股份有限公司',
    '中兴',
    '正式客户',
    new Date(Date.UTC(2019, 2, 5)),
    '0755-26770000',
    '老客户',
  ]);
  sheet.addRow(['', '无名', '', '2020-01-01', '', '缺客户名称']);
  sheet.addRow(['华为技术有限公司', '华为', '', '2018/7/1', '', '']);
  const file = testInfo.outputPath('历史客户.xlsx');
  await wb.xlsx.writeFile(file);

  await crm.openFromMenu('客户管理', '导入客户…');
  const dialog = crm.dialog('导入客户');
  await dialog.getByLabel('选择 Excel 文件').setInputFiles(file);
  await expect(dialog.getByText('共 3 行：可导入 2 行，有错误 1 行，关键字重复 0 行')).toBeVisible();
  // The headers were matched to the fields.
  await expect(dialog.getByRole('combobox', { name: '客户名称' })).toHaveValue('0');
  await expect(dialog.getByRole('combobox', { name: '创建日期' })).toHaveValue('3');
  const bad = dialog.locator('.import-grid .ag-row', { hasText: '无名' });
  await expect(bad).toContainText('错误');
  await expect(bad).toContainText('客户名称：不能为空');
  await expect(dialog.locator('.import-grid .ag-row', { hasText: '华为技术有限公司' })).toContainText('2018-07-01');
  // With an error, nothing can be imported until the bad row is skipped.
  await expect(dialog.getByRole('button', { name: '导入', exact: true })).toBeDisabled();
  await expect(dialog.getByText(/有 1 行有错误/)).toBeVisible();
  await shot(page, '82-import-preview');
  expect(app.db.prepare('SELECT count(*) FROM customer').pluck().get()).toBe(0);

  await dialog.getByLabel('跳过有错误的行').check();
  await dialog.getByRole('button', { name: '导入', exact: true }).click();
  await expect(dialog.getByText('已导入 2 个客户，跳过 1 行')).toBeVisible();
  await expect(dialog.getByText('第 3 行：客户名称：不能为空')).toBeVisible();
  await shot(page, '83-import-report');
  await dialog.getByRole('button', { name: '关闭', exact: true }).last().click();
  await expect(dialog).toBeHidden();

  await expect(crm.row('深圳市中兴通讯股份有限公司')).toContainText('2019-03-05');
  await expect(crm.row('华为技术有限公司')).toContainText('2018-07-01');
  await expect(crm.status('正式客户')).toHaveText(/\(1\)/);
  await expect(crm.messages.first()).toContainText('导入客户（历史客户.xlsx）');
  await crm.selectCustomer('华为技术有限公司');
  const records = await crm.openTab('日志及维护记录');
  await expect(records).toContainText('导入客户：华为技术有限公司');
});
