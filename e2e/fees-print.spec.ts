/**
 * Area 9 (年费催缴/欠款统计), 收款 and printing. Customers are created through the UI; products
 * and purchases are written straight into this test's database (app.db) — the 购买情况
 * tab is another area's, and these tests are about what happens to a purchase once it exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { localDayAfter } from '../core/contract/dates';
import { expect, shot, test, type AppServer } from './fixtures';

const ZTE = '深圳市中兴通讯股份有限公司';
const HUAWEI = '华为技术有限公司';
const COMPANY = '深圳市科汇软件有限公司';

/** Today + n days, local 'YYYY-MM-DD' (the server runs on this machine). */
const day = (n: number) => localDayAfter(n);

function customerId(app: AppServer, name: string): number {
  return app.db.prepare('SELECT id FROM customer WHERE name = ?').pluck().get(name) as number;
}

function seedProduct(app: AppServer, code: string, name: string, unit = '套'): number {
  const at = new Date().toISOString();
  const db = app.db;
  db.prepare(`INSERT OR IGNORE INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  return Number(
    db
      .prepare(
        `INSERT INTO product (code, name, category_id, model, unit, guide_price_cents, annual_fee_cents, created_at, updated_at)
         VALUES (?, ?, 1, 'T3', ?, 1280000, 199990, ?, ?)`,
      )
      .run(code, name, unit, at, at).lastInsertRowid,
  );
}

/** A purchase line as the 购买情况 tab would have saved it. */
function seedPurchase(
  app: AppServer,
  customer: number,
  p: {
    productId: number;
    purchasedOn: string;
    quantity: number;
    unitCents: number;
    paidCents: number;
    feeCents?: number;
    endOn?: string;
  },
): number {
  const at = new Date().toISOString();
  return Number(
    app.db
      .prepare(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
           amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        customer,
        p.productId,
        p.purchasedOn,
        p.quantity,
        p.unitCents,
        p.quantity * p.unitCents,
        p.paidCents,
        p.feeCents ?? 0,
        p.endOn ? 1 : 0,
        p.endOn ?? null,
        at,
        at,
      ).lastInsertRowid,
  );
}

/** 中兴 owes 20,000.00 on a sale (2 × 12,800.00, 5,600.00 paid); its annual fee of 1,999.90 ends in `feeIn` days. */
function seedZte(app: AppServer, feeIn: number) {
  const zte = customerId(app, ZTE);
  const soft = seedProduct(app, 'RJ-001', '用友财务软件 标准版');
  const sale = seedPurchase(app, zte, {
    productId: soft,
    purchasedOn: '2026-03-15',
    quantity: 2,
    unitCents: 1280000,
    paidCents: 560000,
  });
  const fee = seedPurchase(app, zte, {
    productId: soft,
    purchasedOn: '2025-06-01',
    quantity: 1,
    unitCents: 1280000,
    paidCents: 1280000,
    feeCents: 199990,
    endOn: day(feeIn),
  });
  return { zte, sale, fee };
}

/** Opens area 9 from the 统计 menu, on the given view. */
async function openFees(page: Page, view: '年费催缴' | '欠款统计') {
  await page.getByRole('menubar').getByRole('menuitem', { name: '统计' }).click();
  await page.getByRole('menu', { name: '统计' }).getByRole('menuitem', { name: view, exact: true }).click();
  await expect(page.getByRole('tab', { name: '年费催缴/欠款统计' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: view, exact: true })).toHaveAttribute('aria-pressed', 'true');
  return page.getByRole('table', { name: view, exact: true });
}

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
  await crm.createCustomer({ name: ZTE, keyword: '中兴', phone: '0755-26770000' });
});

test('a purchase in arrears shows in 欠款统计 and leaves it after a 货款 payment; fees due remind at login', async ({
  crm,
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 960 });
  await crm.createCustomer({ name: HUAWEI, keyword: '华为' });
  const { sale } = seedZte(app, 10);
  // 华为 paid everything: never in arrears.
  seedPurchase(app, customerId(app, HUAWEI), {
    productId: seedProduct(app, 'WL-001', '用友加密狗', '个'),
    purchasedOn: '2026-01-10',
    quantity: 3,
    unitCents: 10,
    paidCents: 30,
  });

  // Logging in again: one line in Message about the fee falling due.
  await crm.logout();
  await crm.login('admin', 'admin123');
  await expect(crm.messages.filter({ hasText: '检查年服务费到期' })).toContainText('有 1 笔年服务费将在 30 天内到期');

  const arrears = await openFees(page, '欠款统计');
  const row = arrears.locator('tbody > tr', { hasText: ZTE });
  await expect(row).toContainText('25,600.00');
  await expect(row).toContainText('5,600.00');
  await expect(row).toContainText('20,000.00');
  await expect(row).toContainText('2026-03-15');
  await expect(arrears.locator('tbody > tr', { hasText: HUAWEI })).toHaveCount(0);
  await expect(arrears.locator('tfoot')).toContainText('合计（1 个客户）');
  await expect(
    page.getByText('共 1 个客户欠款，涉及 1 笔购买记录；应付合计 25,600.00，已付合计 5,600.00，欠款合计 20,000.00 元'),
  ).toBeVisible();

  // The row expands to its purchases in arrears.
  await row.getByRole('button', { name: '购买明细' }).click();
  const lines = page.getByRole('table', { name: `${ZTE} 的欠款明细` });
  await expect(lines.locator('tbody tr')).toHaveCount(1);
  await expect(lines).toContainText('用友财务软件 标准版');
  await expect(lines).toContainText('12,800.00');
  await shot(page, '90-arrears');

  // 收款: 货款 is chosen and the amount owed filled in; more than is owed is refused.
  await lines.getByRole('button', { name: '收款' }).click();
  const dialog = crm.dialog('收款');
  await expect(dialog.getByLabel('类型')).toHaveValue('goods');
  await expect(dialog.getByLabel('金额')).toHaveValue('20000.00');
  await expect(dialog.getByLabel('经手人')).toHaveValue(/\d+/);
  await dialog.getByLabel('金额').fill('20000.01');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('不能超过欠款 20,000.00 元（应付 25,600.00，已付 5,600.00）');
  await expect(crm.messages.first()).toContainText('失败');

  // A part payment first, then the rest.
  await dialog.getByLabel('金额').fill('8000');
  await expect(dialog.getByText('收款后已付金额 13,600.00，尚欠 12,000.00')).toBeVisible();
  await dialog.getByLabel('备注').fill('银行转账');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.locator('[data-field=paid]')).toHaveText('13,600.00');
  // Recorded: the form locks and says what was recorded; '再收一笔' opens it again on purpose.
  await expect(dialog.getByRole('status', { name: '已记录的收款' })).toContainText('已付金额 5,600.00 → 13,600.00');
  await dialog.getByRole('button', { name: '再收一笔' }).click();
  await expect(dialog.getByLabel('金额')).toHaveValue('12000.00');
  await expect(crm.messages.first()).toContainText(`收款（货款）8,000.00 ${ZTE} 用友财务软件 标准版`);
  await expect(crm.messages.first()).toContainText('成功');
  // The table under the dialog has already reloaded.
  await expect(row).toContainText('12,000.00');
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.locator('[data-field=arrears]')).toHaveText('0.00');
  const history = dialog.getByRole('table', { name: '收款记录' });
  await expect(history.locator('tbody tr')).toHaveCount(2);
  await expect(history.locator('tbody tr').last()).toContainText('银行转账');
  await shot(page, '91-payment');
  await dialog.getByRole('button', { name: '关闭' }).last().click();
  await expect(dialog).toBeHidden();

  // Paid in full: the customer leaves 欠款统计.
  await expect(arrears.locator('tbody > tr', { hasText: ZTE })).toHaveCount(0);
  await expect(arrears).toContainText('没有欠款的客户');
  const paid = app.db.prepare('SELECT amount_paid_cents, version FROM purchase WHERE id = ?').get(sale);
  expect(paid).toEqual({ amount_paid_cents: 2560000, version: 3 });

  // Both payments are in the customer's 操作日志.
  await crm.selectCustomer(ZTE);
  await crm.openTab('日志及维护记录');
  await expect(crm.draftRow('收款（货款）用友财务软件 标准版（购买日期 2026-03-15）：金额 8,000.00')).toBeVisible();
  await expect(crm.draftRow('已付金额 13,600.00 → 25,600.00（已付清）')).toBeVisible();
});

test('年费催缴: soonest first with the days left; a 年服务费 payment moves 服务截止期限 on by a year', async ({
  crm,
  page,
  app,
}) => {
  const { fee } = seedZte(app, -3);
  const later = seedPurchase(app, customerId(app, ZTE), {
    productId: seedProduct(app, 'RJ-002', '用友财务软件 专业版'),
    purchasedOn: '2025-12-01',
    quantity: 1,
    unitCents: 2560050,
    paidCents: 2560050,
    feeCents: 300000,
    endOn: day(30),
  });
  seedPurchase(app, customerId(app, ZTE), {
    productId: seedProduct(app, 'RJ-003', '用友财务软件 旗舰版'),
    purchasedOn: '2025-12-01',
    quantity: 1,
    unitCents: 100,
    paidCents: 100,
    feeCents: 500000,
    endOn: day(31),
  });

  const due = await openFees(page, '年费催缴');
  const rows = due.locator('tbody > tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('用友财务软件 标准版');
  await expect(rows.nth(0).locator('.days-left')).toHaveText('已逾期 3 天');
  await expect(rows.nth(0)).toHaveClass(/fee-overdue/);
  await expect(rows.nth(1)).toContainText('3,000.00');
  await expect(rows.nth(1).locator('.days-left')).toHaveText('30 天后到期');
  await expect(
    page.getByText('共 2 笔年服务费在 30 天内到期，其中已过期 1 笔；年服务费合计 4,999.90 元'),
  ).toBeVisible();

  // N is settable: 31 days takes the third in.
  await page.getByLabel('提前天数').fill('31');
  await expect(rows).toHaveCount(3);
  await page.getByLabel('提前天数').fill('30');
  await expect(rows).toHaveCount(2);
  await shot(page, '93-fees-due');

  await rows.nth(0).getByRole('button', { name: '收款' }).click();
  const dialog = crm.dialog('收款');
  await expect(dialog.getByLabel('类型')).toHaveValue('annual_fee');
  await expect(dialog.getByLabel('金额')).toHaveValue('1999.90');
  const next = `${Number(day(-3).slice(0, 4)) + 1}${day(-3).slice(4)}`;
  await expect(dialog.getByText(`收款后服务截止期限 ${day(-3)} → ${next}`)).toBeVisible();
  await dialog.getByRole('button', { name: '确定' }).click();
  await expect(dialog.locator('[data-field=serviceEndOn]')).toHaveText(next);
  await dialog.getByRole('button', { name: '关闭' }).last().click();

  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('用友财务软件 专业版');
  const moved = app.db.prepare('SELECT service_end_on FROM purchase WHERE id = ?').pluck().get(fee);
  expect(moved).toBe(next);
  expect(later).toBeGreaterThan(0);
});

test('催缴单: the company, the customer, the amounts owed and the fees due, laid out for A4', async ({
  crm,
  page,
  app,
}) => {
  // 系统 › 公司信息 (administrator).
  await crm.openFromMenu('系统', '公司信息');
  const company = crm.dialog('公司信息');
  await company.getByLabel('公司名称').fill(COMPANY);
  await company.getByLabel('公司电话').fill('0755-88886666');
  await company.getByLabel('开户行').fill('招商银行深圳科技园支行');
  await company.getByLabel('账号').fill('7559 1234 5678 001');
  await expect(company.getByLabel('年费提前提醒天数')).toHaveValue('30');
  await shot(page, '94-company');
  await company.getByRole('button', { name: '确定' }).click();
  await expect(company).toBeHidden();
  await expect(crm.messages.first()).toContainText('修改公司信息');

  seedZte(app, -3);
  const arrears = await openFees(page, '欠款统计');
  await arrears.locator('tbody > tr', { hasText: ZTE }).getByRole('button', { name: '催缴单' }).click();

  const preview = page.getByRole('dialog', { name: '打印预览' });
  await expect(preview).toBeVisible();
  const sheet = preview.locator('.reminder-sheet');
  await expect(sheet.getByRole('heading', { name: '催缴单' })).toBeVisible();
  await expect(sheet).toContainText(COMPANY);
  await expect(sheet).toContainText(ZTE);
  await expect(sheet).toContainText(`日期：${day(0)}`);
  await expect(sheet).toContainText('业务员：张经理');
  const [arrearsTable, feesTable] = [sheet.locator('table').nth(0), sheet.locator('table').nth(1)];
  await expect(arrearsTable).toContainText('2026-03-15');
  await expect(arrearsTable.locator('tfoot')).toContainText('25,600.00');
  await expect(arrearsTable.locator('tfoot')).toContainText('5,600.00');
  await expect(arrearsTable.locator('tfoot')).toContainText('20,000.00');
  await expect(feesTable).toContainText(day(-3));
  await expect(feesTable).toContainText('已逾期 3 天');
  await expect(feesTable).toContainText('1,999.90');
  await expect(sheet.locator('.sheet-grand')).toContainText('21,999.90');
  await expect(sheet).toContainText('招商银行深圳科技园支行');
  await shot(page, '95-cuijiaodan-preview');

  // '打印' hands the page to the print dialog (window.print: the system's in Electron, the browser's here).
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => void w.printed++;
  });
  await preview.getByRole('button', { name: '打印' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // As printed: the application is hidden, the toolbar too; only the sheet remains.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#root')).toBeHidden();
  await expect(preview.getByRole('toolbar')).toBeHidden();
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('.sheet-grand')).toContainText('21,999.90');
  await shot(page, '96-cuijiaodan-print');
  await page.emulateMedia({ media: 'screen' });

  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  fs.mkdirSync('e2e-artifacts', { recursive: true });
  fs.writeFileSync(path.join('e2e-artifacts', '96-cuijiaodan.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  await preview.getByRole('button', { name: '关闭' }).click();
  await expect(preview).toBeHidden();
});

test('打印 in the customer grid: the list under its filter, the details card, the quote sheet', async ({
  crm,
  page,
  app,
}) => {
  await crm.createCustomer({ name: HUAWEI, keyword: '华为', region: '深圳' });
  // A second 中兴: the keyword warning first, then '仍然保存'.
  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
  const form = crm.dialog('创建客户');
  await crm.fillCustomer(form, { name: '中兴软件技术（南京）有限公司', keyword: '中兴软件', region: '南京' });
  await form.getByRole('button', { name: '确定' }).click();
  await page.getByRole('button', { name: '仍然保存' }).click();
  await expect(form).toBeHidden();

  // The list as the grid shows it: quick search '中兴'.
  await page.getByRole('searchbox', { name: '快速搜索' }).fill('中兴');
  await page.getByRole('searchbox', { name: '快速搜索' }).press('Enter');
  await expect(crm.row(HUAWEI)).toHaveCount(0);
  await crm.rightClickRow(ZTE);
  await crm.menuItem('打印客户列表').click();
  // The first print without 公司信息 asks for it (once per window).
  await crm.dialog('公司信息').getByRole('button', { name: '直接打印' }).click();
  const preview = page.getByRole('dialog', { name: '打印预览' });
  const list = preview.locator('.list-sheet');
  await expect(list.getByRole('heading', { name: '客户列表' })).toBeVisible();
  await expect(list).toContainText('客户状态：全部客户；搜索：“中兴”');
  await expect(list).toContainText('共 2 个客户');
  await expect(list.locator('tbody tr')).toHaveCount(2);
  await expect(list).not.toContainText(HUAWEI);
  await shot(page, '97-customer-list-print');
  await preview.getByRole('button', { name: '关闭' }).click();

  // The details card of the selected customer, with its contacts.
  await crm.selectCustomer(ZTE);
  await crm.openTab('联系人');
  await crm.addContact({ name: '张三', mobile: '13800138000', primary: true });
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');
  await crm.rightClickRow(ZTE);
  await crm.menuItem('打印客户资料卡').click();
  const card = preview.locator('.card-sheet');
  await expect(card.getByRole('heading', { name: '客户资料卡' })).toBeVisible();
  await expect(card.getByRole('table', { name: '客户资料卡' })).toContainText(ZTE);
  await expect(card).toContainText('0755-26770000');
  await expect(card).toContainText('13800138000');
  await shot(page, '98-customer-card-print');
  await preview.getByRole('button', { name: '关闭' }).click();

  // 报价单 of the customer's 售前报价.
  const soft = seedProduct(app, 'RJ-001', '用友财务软件 标准版');
  const at = new Date().toISOString();
  app.db
    .prepare(
      `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, note, quoted_by, created_at, updated_at)
       VALUES (?, ?, '2026-11-20', 3, 1250050, '含安装', 1, ?, ?)`,
    )
    .run(customerId(app, ZTE), soft, at, at);
  await crm.rightClickRow(ZTE);
  await crm.menuItem('打印报价单').click();
  const quote = preview.locator('.quote-sheet');
  await expect(quote.getByRole('heading', { name: '报价单' })).toBeVisible();
  await expect(quote).toContainText('张三 13800138000');
  await expect(quote.locator('tbody tr')).toHaveCount(1);
  await expect(quote.locator('tfoot')).toContainText('37,501.50');
  await expect(quote).toContainText('报价人：张经理');
  await shot(page, '99-quote-sheet-print');
});
