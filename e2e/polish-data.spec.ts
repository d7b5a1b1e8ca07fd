/**
 * Issue 14, items 1, 2, 6 and 8, driven the way a person would: 服务截止期限 follows 购买日期 and
 * a new purchase line takes the quoted price; 收款 cannot be recorded twice; input as people
 * type it (full-width digits, impossible dates, 保存 with nothing changed, people by pinyin);
 * printing (公司信息 asked for, 所选/全部, no empty 报价单, 人民币大写) and '已逾期 N 天'.
 * Products, quotes and purchases are written straight into this test's database (app.db).
 */
import type { Page } from '@playwright/test';
import { localDayAfter } from '../core/contract/dates';
import { expect, shot, test, type AppServer } from './fixtures';

const ZTE = '深圳市中兴通讯股份有限公司';
const HUAWEI = '华为技术有限公司';

/** Today + n days, local 'YYYY-MM-DD' (the server runs on this machine). */
const day = (n: number) => localDayAfter(n);

const customerId = (app: AppServer, name: string) =>
  app.db.prepare('SELECT id FROM customer WHERE name = ?').pluck().get(name) as number;

function seedProduct(app: AppServer, code: string, name: string, guideCents: number, feeCents: number): number {
  const at = new Date().toISOString();
  app.db.prepare(`INSERT OR IGNORE INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  return Number(
    app.db
      .prepare(
        `INSERT INTO product (code, name, category_id, model, unit, guide_price_cents, annual_fee_cents, created_at, updated_at)
         VALUES (?, ?, 1, 'T3', '套', ?, ?, ?, ?)`,
      )
      .run(code, name, guideCents, feeCents, at, at).lastInsertRowid,
  );
}

function seedQuote(app: AppServer, customer: number, product: number, quotedOn: string, qty: number, cents: number) {
  const at = new Date().toISOString();
  app.db
    .prepare(
      `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, note, quoted_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '', 1, ?, ?)`,
    )
    .run(customer, product, quotedOn, qty, cents, at, at);
}

function seedPurchase(
  app: AppServer,
  customer: number,
  p: { productId: number; purchasedOn: string; unitCents: number; paidCents: number; feeCents: number; endOn: string },
): number {
  const at = new Date().toISOString();
  return Number(
    app.db
      .prepare(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
           amount_paid_cents, annual_fee_cents, annual_fee_remind, service_end_on, created_at, updated_at)
         VALUES (?, ?, ?, 1, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .run(customer, p.productId, p.purchasedOn, p.unitCents, p.unitCents, p.paidCents, p.feeCents, p.endOn, at, at)
      .lastInsertRowid,
  );
}

/** Double-clicks a cell of the draft grid and types into its editor (keyboard), then Enter. */
async function typeInCell(page: Page, row: ReturnType<Page['locator']>, field: string, text: string) {
  await row.locator(`.ag-cell[col-id="${field}"]`).dblclick();
  const editor = page.getByRole('tabpanel').locator('input.draft-editor');
  await expect(editor).toBeFocused();
  await editor.fill('');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(editor).toBeHidden();
}

test.beforeEach(async ({ crm, page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await crm.setupAdmin();
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });
});

test('购买情况: the quoted price is offered; 服务截止期限 follows 购买日期, a hand-set one is asked about', async ({
  crm,
  page,
  app,
}) => {
  const soft = seedProduct(app, 'RJ-001', '用友财务软件 标准版', 1280000, 199990);
  seedProduct(app, 'WL-001', '用友加密狗', 10000, 0);
  // Two quotes of RJ-001 to 中兴: the latest (11,500.00) is the one offered.
  seedQuote(app, customerId(app, ZTE), soft, '2026-01-05', 1, 1200000);
  seedQuote(app, customerId(app, ZTE), soft, '2026-02-10', 2, 1150000);

  await crm.selectCustomer(ZTE);
  await crm.openTab('购买情况');
  await crm.addLines(['RJ-001', 'WL-001']);
  await page.keyboard.press('Escape');
  const soft1 = crm.draftRow('RJ-001');
  const dongle = crm.draftRow('WL-001');
  await expect(crm.draftCell(soft1, 'unitPriceCents')).toHaveText('11,500.00');
  await expect(crm.draftCell(dongle, 'unitPriceCents')).toHaveText('100.00');
  // The Message pane says which price each line took.
  await expect(crm.messages.first()).toContainText('用友财务软件 标准版 单价 11,500.00 取自售前报价（2026-02-10）');
  await expect(crm.messages.first()).toContainText('用友加密狗 单价 100.00 取自指导价');
  await expect(crm.draftCell(soft1, 'serviceEndOn')).toHaveText(`${Number(day(0).slice(0, 4)) + 1}${day(0).slice(4)}`);

  // 购买日期 typed with full-width digits and slashes: read as 2025-03-01; 服务截止期限 follows.
  await typeInCell(page, soft1, 'purchasedOn', '２０２５／３／１');
  await expect(crm.draftCell(soft1, 'purchasedOn')).toHaveText('2025-03-01');
  await expect(crm.draftCell(soft1, 'serviceEndOn')).toHaveText('2026-03-01');
  await typeInCell(page, soft1, 'purchasedOn', '2025-03-15');
  await expect(crm.draftCell(soft1, 'serviceEndOn')).toHaveText('2026-03-15');

  // 服务截止期限 set by hand; a changed 购买日期 then asks which to keep.
  await typeInCell(page, soft1, 'serviceEndOn', '2026-06-30');
  await typeInCell(page, soft1, 'purchasedOn', '2025-04-01');
  const ask = crm.dialog('服务截止期限');
  await expect(ask).toContainText('服务截止期限 2026-06-30 是手工设定的。购买日期改为 2025-04-01 后');
  await shot(page, 'pd-01-service-end-ask');
  await ask.getByRole('button', { name: '保留 2026-06-30' }).click();
  await expect(ask).toBeHidden();
  await expect(crm.draftCell(soft1, 'serviceEndOn')).toHaveText('2026-06-30');
  await typeInCell(page, soft1, 'purchasedOn', '2025-05-01');
  // Keyboard: the first answer (follow 购买日期) has the focus; Enter takes it.
  await expect(ask.getByRole('button', { name: '改为 2026-05-01（购买日期后一年）' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(crm.draftCell(soft1, 'serviceEndOn')).toHaveText('2026-05-01');

  // An impossible date gets the app's own message, and 保存 is refused naming it.
  await typeInCell(page, dongle, 'purchasedOn', '2026-02-30');
  await expect(crm.draftCell(dongle, 'purchasedOn')).toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.draftPanel.getByRole('alert')).toContainText('购买日期：2026-02-30 不存在：2026 年 2 月只有 28 天');
  await typeInCell(page, dongle, 'purchasedOn', '2026年2月28日');
  await expect(crm.draftCell(dongle, 'purchasedOn')).not.toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');
  await shot(page, 'pd-02-purchases');
  // At 1366 px wide, 商品名称, 欠款 and 服务截止期限 are in view without scrolling sideways.
  const gridBox = (await crm.draftPanel.locator('.draft-grid').boundingBox())!;
  for (const col of ['productName', 'arrearsCents', 'serviceEndOn']) {
    const box = (await crm.draftPanel.locator(`.ag-header-cell[col-id="${col}"]`).boundingBox())!;
    expect(box.x, col).toBeGreaterThanOrEqual(gridBox.x);
    expect(box.x + box.width, col).toBeLessThanOrEqual(gridBox.x + gridBox.width);
  }
  const saved = app.db
    .prepare('SELECT purchased_on, service_end_on, unit_price_cents FROM purchase WHERE product_id = ?')
    .get(soft);
  expect(saved).toEqual({ purchased_on: '2025-05-01', service_end_on: '2026-05-01', unit_price_cents: 1150000 });

  // 保存 with nothing changed says so, and writes nothing.
  const logs = app.db.prepare('SELECT count(*) FROM record').pluck().get();
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存购买情况 ${ZTE}`);
  await expect(crm.messages.first()).toContainText('提示');
  await expect(crm.messages.first()).toContainText('没有修改，无需保存');
  expect(app.db.prepare('SELECT count(*) FROM record').pluck().get()).toBe(logs);
});

test('收款: the focus on 金额, Enter records once, the dialog locks with 服务截止期限 old → new', async ({
  crm,
  page,
  app,
}) => {
  const soft = seedProduct(app, 'RJ-001', '用友财务软件 标准版', 1280000, 199990);
  const purchase = seedPurchase(app, customerId(app, ZTE), {
    productId: soft,
    purchasedOn: '2025-06-01',
    unitCents: 1280000,
    paidCents: 1280000,
    feeCents: 199990,
    endOn: '2026-06-01',
  });
  await crm.selectCustomer(ZTE);
  await crm.openTab('购买情况');
  await crm.draftCell(crm.draftRow('RJ-001'), 'productCode').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '收款' }).click();
  const dialog = crm.dialog('收款');
  const amount = dialog.getByLabel('金额');
  await expect(amount).toBeFocused();
  await expect(dialog.getByLabel('类型')).toHaveValue('annual_fee');
  // The date reads YYYY-MM-DD whatever the system's language: a text field, not the browser's.
  await expect(dialog.getByLabel('日期')).toHaveAttribute('type', 'text');
  await expect(dialog.getByLabel('日期')).toHaveValue(day(0));
  // Full-width digits and the Chinese full stop are folded as typed.
  await page.keyboard.press('Control+A');
  await page.keyboard.type('１９９９。９');
  await expect(amount).toHaveValue('1999.9');
  // Enter, twice in a row: one payment.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect.poll(() => app.db.prepare('SELECT count(*) FROM payment').pluck().get()).toBe(1);
  const recorded = dialog.getByRole('status', { name: '已记录的收款' });
  if (await dialog.isVisible()) {
    await expect(recorded).toContainText('已记录：年服务费 1,999.90 元');
    await expect(recorded).toContainText('服务截止期限 2026-06-01 → 2027-06-01');
    await page.keyboard.press('Enter');
  }
  await expect(dialog).toBeHidden();
  expect(app.db.prepare('SELECT count(*) FROM payment').pluck().get()).toBe(1);
  expect(app.db.prepare('SELECT service_end_on FROM purchase WHERE id = ?').pluck().get(purchase)).toBe('2027-06-01');

  // Once more, looked at: the locked dialog says what was recorded; Enter closes it.
  await crm.draftCell(crm.draftRow('RJ-001'), 'productCode').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '收款' }).click();
  await expect(amount).toBeFocused();
  await expect(amount).toHaveValue('1999.90');
  await page.keyboard.press('Enter');
  await expect(recorded).toContainText('服务截止期限 2027-06-01 → 2028-06-01');
  await expect(dialog.getByRole('button', { name: '确定' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: '关闭' }).last()).toBeFocused();
  await shot(page, 'pd-03-payment-recorded');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect(app.db.prepare('SELECT count(*) FROM payment').pluck().get()).toBe(2);
  await expect(crm.draftCell(crm.draftRow('RJ-001'), 'serviceEndOn')).toHaveText('2028-06-01');
});

test('input as typed: full-width phone and 手机 folded, impossible dates named beside the field, people by pinyin', async ({
  crm,
  page,
  app,
}) => {
  app.addStaff('张伟', 'zhangwei');
  app.addStaff('王经理', 'wang');
  app.addStaff('李娜', 'lina');
  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
  const form = crm.dialog('创建客户');
  // 业务员 in pinyin order (by character code it would be 张, 张, 李, 王).
  await expect(form.getByLabel('业务员').locator('option')).toHaveText(['李娜', '王经理', '张经理', '张伟']);
  await form.getByLabel('客户名称').fill(HUAWEI);
  await form.getByLabel('关键字').fill('华为');
  await form.getByLabel('电话').fill('（０７５５）２８７８－００００');
  await expect(form.getByLabel('电话')).toHaveValue('(0755)2878-0000');
  const created = form.getByLabel('创建日期');
  await expect(created).toHaveAttribute('type', 'text');
  await created.fill('2026-02-30');
  await created.press('Tab');
  await expect(form.getByText('2026-02-30 不存在：2026 年 2 月只有 28 天')).toBeVisible();
  await shot(page, 'pd-04-impossible-date');
  // The contract says the same if it is sent anyway; the error goes as soon as the date is valid.
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form.getByRole('alert').first()).toContainText('2026-02-30 不存在');
  await created.fill('２０２５年３月１日');
  await expect(form.getByText('2026-02-30 不存在：2026 年 2 月只有 28 天')).toHaveCount(0);
  await created.press('Tab');
  await expect(created).toHaveValue('2025-03-01');
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form).toBeHidden();
  const row = app.db.prepare('SELECT phone, created_on FROM customer WHERE name = ?').get(HUAWEI);
  expect(row).toEqual({ phone: '(0755)2878-0000', created_on: '2025-03-01' });

  // 编辑客户, then 确定 with nothing changed: said so, nothing written.
  const version = app.db.prepare('SELECT version FROM customer WHERE name = ?').pluck().get(HUAWEI);
  await crm.row(HUAWEI).locator('.ag-cell').first().dblclick();
  const edit = crm.dialog('编辑客户');
  await expect(edit.getByLabel('客户名称')).toHaveValue(HUAWEI);
  await edit.getByRole('button', { name: '确定' }).click();
  await expect(edit).toBeHidden();
  await expect(crm.messages.first()).toContainText(`编辑客户 ${HUAWEI}`);
  await expect(crm.messages.first()).toContainText('没有修改，无需保存');
  expect(app.db.prepare('SELECT version FROM customer WHERE name = ?').pluck().get(HUAWEI)).toBe(version);

  // 联系人: 手机 typed with full-width digits is folded and saved (it used to be refused).
  await crm.selectCustomer(HUAWEI);
  await crm.openTab('联系人');
  await crm.addContact({ name: '李四', mobile: '１３８－００１３－８０００' });
  await expect(crm.draftCell(crm.draftRow('李四'), 'mobile')).toHaveText('138-0013-8000');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');
  expect(app.db.prepare(`SELECT mobile FROM contact WHERE name = '李四'`).pluck().get()).toBe('138-0013-8000');
});

test('printing: 公司信息 asked for once, 所选/全部, no empty 报价单, 人民币大写 on 报价单 and 催缴单, 已逾期 N 天', async ({
  crm,
  page,
  app,
}) => {
  await crm.createCustomer({ name: HUAWEI, keyword: '华为' });
  const preview = page.getByRole('dialog', { name: '打印预览' });

  // 华为 has no quotes: the first print asks for 公司信息, then nothing is printed, saying why.
  await crm.rightClickRow(HUAWEI);
  await crm.menuItem('打印报价单').click();
  const company = crm.dialog('公司信息');
  await expect(company).toContainText('还没有填写公司信息');
  await company.getByRole('button', { name: '直接打印' }).click();
  await expect(crm.messages.first()).toContainText(`${HUAWEI}没有售前报价，没有可打印的内容`);
  await expect(preview).toBeHidden();

  // 中兴's 报价单 from the 售前报价 tab, one line selected: '所选 1 行' or '全部'.
  const soft = seedProduct(app, 'RJ-001', '用友财务软件 标准版', 1280000, 199990);
  const pro = seedProduct(app, 'RJ-002', '用友财务软件 专业版', 2560050, 0);
  seedQuote(app, customerId(app, ZTE), soft, '2026-02-10', 3, 1250050);
  seedQuote(app, customerId(app, ZTE), pro, '2026-02-11', 1, 2500000);
  await crm.selectCustomer(ZTE);
  await crm.openTab('售前报价');
  await crm.draftCell(crm.draftRow('RJ-002'), 'productCode').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '打印报价单' }).click();
  // Asked once per window: no second question about 公司信息.
  const scope = crm.dialog('打印');
  await expect(scope).toContainText('已选中 1 行，打印哪些？');
  await scope.getByRole('button', { name: '全部' }).click();
  const quote = preview.locator('.quote-sheet');
  await expect(quote.locator('tbody tr')).toHaveCount(2);
  await expect(quote.locator('tfoot')).toContainText('62,501.50');
  await expect(quote.locator('[data-field=uppercase]')).toHaveText('人民币大写：陆万贰仟伍佰零壹元伍角（¥62,501.50）');
  await shot(page, 'pd-05-quote-sheet-uppercase');
  await preview.getByRole('button', { name: '关闭' }).click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '打印报价单' }).click();
  await crm.dialog('打印').getByRole('button', { name: '所选 1 行' }).click();
  await expect(quote.locator('tbody tr')).toHaveCount(1);
  await expect(quote.locator('[data-field=uppercase]')).toContainText('贰万伍仟元整');
  await preview.getByRole('button', { name: '关闭' }).click();

  // 催缴单 with a fee 16 days overdue: '已逾期 16 天', and the grand total in 大写.
  seedPurchase(app, customerId(app, ZTE), {
    productId: soft,
    purchasedOn: '2025-01-01',
    unitCents: 1280000,
    paidCents: 280000,
    feeCents: 199990,
    endOn: day(-16),
  });
  await page.getByRole('menubar').getByRole('menuitem', { name: '统计' }).click();
  await page.getByRole('menu', { name: '统计' }).getByRole('menuitem', { name: '年费催缴', exact: true }).click();
  const due = page.getByRole('table', { name: '年费催缴', exact: true });
  await expect(due.locator('tbody > tr').first().locator('.days-left')).toHaveText('已逾期 16 天');
  await shot(page, 'pd-06-fees-overdue');
  await due.locator('tbody > tr').first().getByRole('button', { name: '催缴单' }).click();
  const reminder = preview.locator('.reminder-sheet');
  await expect(reminder).toContainText('已逾期 16 天');
  // 欠款 10,000.00 + 年服务费 1,999.90 = 11,999.90.
  await expect(reminder.locator('[data-field=uppercase]')).toHaveText('人民币大写：壹万壹仟玖佰玖拾玖元玖角');
  await shot(page, 'pd-07-reminder-uppercase');
});
