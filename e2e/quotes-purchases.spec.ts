import ExcelJS from 'exceljs';
import { expect, shot, test } from './fixtures';

const ZTE = '深圳市中兴通讯股份有限公司';
const SUPPLIER = '用友网络科技股份有限公司';

/** A date as the office reads it (this machine's time zone), `years` on from today. */
function localDay(years = 0): string {
  const d = new Date();
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
  const [y, m, day] = local.toISOString().slice(0, 10).split('-').map(Number);
  const next = new Date(Date.UTC(y + years, m - 1, day));
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

// The catalog of catalog.spec.ts: a supplier, a category and three products; then a customer.
test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
  await crm.openFromMenu('供应商管理', '供应商管理');
  await crm.addSupplier({ name: SUPPLIER, shortName: '用友', contactName: '陈经理' });
  await crm.dialog('供应商管理').getByRole('button', { name: '关闭' }).last().click();
  await crm.openFromMenu('商品管理', '商品注册');
  await crm.addCategory('办公软件');
  await crm.addProduct({
    code: 'RJ-001',
    name: '用友财务软件 标准版',
    category: '办公软件',
    model: 'T3',
    unit: '套',
    guidePrice: '12800',
    annualFee: '1999.9',
    supplier: SUPPLIER,
  });
  await crm.addProduct({
    code: 'RJ-002',
    name: '用友财务软件 专业版',
    category: '办公软件',
    model: 'U8-PRO',
    unit: '套',
    guidePrice: '25,600.50',
    supplier: SUPPLIER,
  });
  await crm.addProduct({ code: 'WL-001', name: '用友加密狗', category: '办公软件', unit: '个', guidePrice: '0.10' });
  await crm.dialog('商品注册').getByRole('button', { name: '关闭' }).last().click();
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });
});

test('quote two products Ctrl-clicked in the picker, register a purchase with 欠款, reload: all there', async ({
  crm,
  page,
}) => {
  await crm.selectCustomer(ZTE);
  const quotesTab = page.getByRole('tab', { name: '售前报价', exact: true });
  await crm.openTab('售前报价');
  await expect(crm.draftNoRows).toBeVisible();

  // 新增 opens the picker; Ctrl-click two products; 确定 adds a line for each.
  await crm.draftButton('新增').click();
  await crm.pickInPicker(['RJ-001', 'RJ-002']);
  const t3 = crm.draftRow('RJ-001');
  const u8 = crm.draftRow('RJ-002');
  await expect(t3).toHaveClass(/draft-new/);
  await expect(u8).toHaveClass(/draft-new/);
  await expect(crm.draftRow('WL-001')).toHaveCount(0);
  // The first new line's 数量 is ready to type in.
  const qty = crm.cellEditor('数量');
  await expect(qty).toBeFocused();
  await qty.fill('2');
  await qty.press('Enter');
  await expect(qty).toBeHidden();
  // 报价 defaults to the 指导价; 金额 = 数量 × 报价; today; the user as 报价人.
  await expect(crm.draftCell(t3, 'productName')).toHaveText('用友财务软件 标准版');
  await expect(crm.draftCell(t3, 'productModel')).toHaveText('T3');
  await expect(crm.draftCell(t3, 'quotedOn')).toHaveText(localDay());
  await expect(crm.draftCell(t3, 'priceCents')).toHaveText('12,800.00');
  await expect(crm.draftCell(t3, 'amountCents')).toHaveText('25,600.00');
  await expect(crm.draftCell(t3, 'quotedByName')).toHaveText('张经理');
  await expect(crm.draftCell(u8, 'quantity')).toHaveText('1');
  await expect(crm.draftCell(u8, 'amountCents')).toHaveText('25,600.50');
  // The 报价 is editable: a discount on the second line.
  await crm.editCell(u8, 'priceCents', '报价', '24000');
  await expect(crm.draftCell(u8, 'amountCents')).toHaveText('24,000.00');
  await expect(crm.lineTotals).toContainText('合计');
  await expect(crm.lineTotals).toContainText('金额 49,600.00');
  await expect(quotesTab).toHaveText('售前报价 *');
  await shot(page, '70-quotes-draft');

  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存售前报价 ${ZTE}（新增 2，修改 0，删除 0）`);
  await expect(crm.messages.first()).toContainText('成功');
  await expect(quotesTab).toHaveText('售前报价');
  await expect(t3).not.toHaveClass(/draft-new/);
  await expect(crm.draftPanel.getByText('共 2 条')).toBeVisible();

  // An amount with three decimals is marked at once and refused on 保存, saying why.
  await crm.editCell(t3, 'priceCents', '报价', '12.345');
  await expect(crm.draftCell(t3, 'priceCents')).toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.draftPanel.getByRole('alert')).toHaveText('修改第 1 行 报价：金额最多两位小数（精确到分）');
  await expect(crm.messages.first()).toContainText('失败');
  await shot(page, '71-quotes-invalid');
  await crm.editCell(t3, 'priceCents', '报价', '12800');
  await expect(crm.draftCell(t3, 'priceCents')).not.toHaveClass(/draft-invalid/);
  await expect(quotesTab).toHaveText('售前报价');

  // 购买情况: the same picker; one product.
  await crm.openTab('购买情况');
  await expect(crm.draftNoRows).toBeVisible();
  await crm.addLines(['RJ-001']);
  await crm.cellEditor('数量').fill('2');
  await crm.cellEditor('数量').press('Enter');
  const sale = crm.draftRow('RJ-001');
  await expect(crm.draftCell(sale, 'unitPriceCents')).toHaveText('12,800.00');
  await expect(crm.draftCell(sale, 'amountDueCents')).toHaveText('25,600.00');
  await expect(crm.draftCell(sale, 'amountPaidCents')).toHaveText('0.00');
  await expect(crm.draftCell(sale, 'arrearsCents')).toHaveText('25,600.00');
  await expect(crm.draftCell(sale, 'annualFeeCents')).toHaveText('1,999.90');
  await expect(crm.draftCell(sale, 'annualFeeRemind').locator('input')).toBeChecked();
  await expect(crm.draftCell(sale, 'serviceEndOn')).toHaveText(localDay(1));
  await expect(crm.draftCell(sale, 'salespersonName')).toHaveText('张经理');

  // 已付 above 应付 is marked and refused with the amounts.
  await crm.editCell(sale, 'amountPaidCents', '已付金额', '30000');
  await expect(crm.draftCell(sale, 'amountPaidCents')).toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.draftPanel.getByRole('alert')).toHaveText('新增第 1 行 已付金额：不能大于应付金额 25,600.00');
  await shot(page, '72-purchase-overpaid');

  // 已付 below 应付: 欠款 is shown, marked, and totalled.
  await crm.editCell(sale, 'amountPaidCents', '已付金额', '20000');
  await expect(crm.draftCell(sale, 'amountPaidCents')).not.toHaveClass(/draft-invalid/);
  await expect(crm.draftCell(sale, 'arrearsCents')).toHaveText('5,600.00');
  await expect(crm.draftCell(sale, 'arrearsCents')).toHaveClass(/line-arrears/);
  await expect(crm.lineTotals).toContainText('应付金额 25,600.00');
  await expect(crm.lineTotals).toContainText('已付金额 20,000.00');
  await expect(crm.lineTotals).toContainText('欠款 5,600.00');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存购买情况 ${ZTE}（新增 1，修改 0，删除 0）`);
  await expect(crm.messages.first()).toContainText('成功');
  await expect(sale).not.toHaveClass(/draft-new/);
  await shot(page, '73-purchase-arrears');

  // A fresh page (a new session) reads both back from the database.
  await page.reload();
  await crm.login('admin', 'admin123');
  await crm.selectCustomer(ZTE);
  await crm.openTab('售前报价');
  await expect(crm.draftCell(crm.draftRow('RJ-001'), 'amountCents')).toHaveText('25,600.00');
  await expect(crm.draftCell(crm.draftRow('RJ-002'), 'priceCents')).toHaveText('24,000.00');
  await expect(crm.lineTotals).toContainText('金额 49,600.00');
  await crm.openTab('购买情况');
  const saved = crm.draftRow('RJ-001');
  await expect(crm.draftCell(saved, 'quantity')).toHaveText('2');
  await expect(crm.draftCell(saved, 'amountPaidCents')).toHaveText('20,000.00');
  await expect(crm.draftCell(saved, 'arrearsCents')).toHaveText('5,600.00');
  await expect(crm.draftCell(saved, 'arrearsCents')).toHaveClass(/line-arrears/);
  await expect(crm.draftCell(saved, 'serviceEndOn')).toHaveText(localDay(1));
  await expect(crm.lineTotals).toContainText('欠款 5,600.00');
  await shot(page, '74-purchases-reloaded');
  // The columns on the right: 年服务费, its reminder flag, 服务截止期限, 业务员.
  await crm.draftCell(saved, 'note').scrollIntoViewIfNeeded();
  await expect(crm.draftCell(saved, 'annualFeeCents')).toHaveText('1,999.90');
  await expect(crm.draftCell(saved, 'annualFeeRemind').locator('input')).toBeChecked();
  await shot(page, '77-purchases-fee-columns');

  // 收款 on the selected line, from the tab's own toolbar: the rest is paid and 欠款 drops to zero.
  await crm.draftCell(saved, 'purchasedOn').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '收款' }).click();
  const pay = crm.dialog('收款');
  await expect(pay.getByLabel('类型')).toHaveValue('goods');
  await expect(pay.getByLabel('金额')).toHaveValue('5600.00');
  await pay.getByRole('button', { name: '确定' }).click();
  await expect(pay.locator('[data-field=arrears]')).toHaveText('0.00');
  await pay.getByRole('button', { name: '关闭' }).last().click();
  await expect(pay).toBeHidden();
  await expect(crm.draftCell(crm.draftRow('RJ-001'), 'amountPaidCents')).toHaveText('25,600.00');
  await expect(crm.draftCell(crm.draftRow('RJ-001'), 'arrearsCents')).toHaveText('0.00');
  await expect(crm.lineTotals).toContainText('欠款 0.00');

  // 导出 from tab 7: the saved lines as an .xlsx, money as numbers.
  const downloading = page.waitForEvent('download');
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '导出' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^购买情况_深圳市中兴通讯股份有限公司_\d{8}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  expect(headers).toEqual(expect.arrayContaining(['应付金额', '已付金额', '欠款']));
  expect(ws.rowCount).toBe(2);
  expect(ws.getRow(2).getCell(headers.indexOf('应付金额') + 1).value).toBe(25600);
  expect(ws.getRow(2).getCell(headers.indexOf('欠款') + 1).value).toBe(0);

  // 打印报价单 from tab 6: the sheet lists the saved quotes with their total.
  await crm.openTab('售前报价');
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '打印报价单' }).click();
  // The first print without 公司信息 asks for it (once per window).
  await crm.dialog('公司信息').getByRole('button', { name: '直接打印' }).click();
  const preview = page.getByRole('dialog', { name: '打印预览' });
  await expect(preview).toContainText('用友财务软件 专业版');
  await expect(preview).toContainText('49,600.00');
  await shot(page, '78-quote-sheet');
  await preview.getByRole('button', { name: '关闭' }).click();
  await expect(preview).toBeHidden();

  // Every save wrote its 操作日志 on the customer.
  await crm.openTab('日志及维护记录');
  await expect(crm.draftRow('新增报价 RJ-001 用友财务软件 标准版')).toContainText('金额 25,600.00');
  await expect(crm.draftRow('新增报价 RJ-002 用友财务软件 专业版')).toContainText('报价 24,000.00');
  await expect(crm.draftRow('新增购买记录 RJ-001 用友财务软件 标准版')).toContainText('欠款 5,600.00');
  await shot(page, '75-quote-purchase-logs');
});

test('exact cents, the reminder flag fills 服务截止期限, products no longer for sale stay, deletion on 保存', async ({
  crm,
  page,
  app,
}) => {
  await crm.selectCustomer(ZTE);
  await crm.openTab('售前报价');
  // 0.10 × 3 is 0.30, not 0.30000000000000004.
  await crm.addLines(['WL-001']);
  await crm.cellEditor('数量').fill('3');
  await crm.cellEditor('数量').press('Enter');
  await expect(crm.draftCell(crm.draftRow('WL-001'), 'amountCents')).toHaveText('0.30');
  // A negative quantity is refused, naming it.
  await crm.editCell(crm.draftRow('WL-001'), 'quantity', '数量', '-1');
  await crm.draftButton('保存').click();
  await expect(crm.draftPanel.getByRole('alert')).toHaveText('新增第 1 行 数量：必须大于 0（不能为负数或 0）');
  await crm.editCell(crm.draftRow('WL-001'), 'quantity', '数量', '3');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');
  await expect(crm.lineTotals).toContainText('金额 0.30');

  // A product without 年服务费: no reminder until the flag is set, which fills 服务截止期限.
  await crm.openTab('购买情况');
  await crm.addLines(['WL-001']);
  await crm.cellEditor('数量').press('Escape');
  const dongle = crm.draftRow('WL-001');
  await expect(crm.draftCell(dongle, 'annualFeeRemind').locator('input')).not.toBeChecked();
  await expect(crm.draftCell(dongle, 'serviceEndOn')).toHaveText('');
  await crm.draftCell(dongle, 'annualFeeRemind').locator('input[type=checkbox]').click();
  await expect(crm.draftCell(dongle, 'serviceEndOn')).toHaveText(localDay(1));
  await crm.editCell(dongle, 'amountPaidCents', '已付金额', '0.10');
  await expect(crm.draftCell(dongle, 'arrearsCents')).toHaveText('0.00');
  await expect(crm.draftCell(dongle, 'arrearsCents')).not.toHaveClass(/line-arrears/);
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');

  // Stopped products (停售) still show on old lines.
  app.db.prepare(`UPDATE product SET on_sale = 0 WHERE code = 'WL-001'`).run();
  await crm.draftButton('刷新').click();
  await expect(crm.draftCell(dongle, 'productName')).toHaveText('用友加密狗（停售）');
  await crm.draftCell(dongle, 'productCode').scrollIntoViewIfNeeded();
  await shot(page, '76-purchase-off-sale');

  // 删除 marks the line; 保存 removes it and logs it.
  await crm.draftCell(dongle, 'productCode').click();
  await crm.draftButton('删除').click();
  await expect(dongle).toHaveClass(/draft-deleted/);
  await expect(crm.lineTotals).toContainText('应付金额 0.00');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存购买情况 ${ZTE}（新增 0，修改 0，删除 1）`);
  await expect(crm.draftNoRows).toBeVisible();
  await crm.openTab('日志及维护记录');
  await expect(crm.draftRow('删除购买记录 WL-001 用友加密狗')).toBeVisible();
});
