import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';
import { CrmPage } from './pages';

// Keyboard only: after the first click-free setup every step here is a key press (focus() on the
// menu bar's button stands for the Tab presses that reach it).
test.use({ viewport: { width: 1366, height: 768 } });

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return {
      label:
        a?.getAttribute('aria-label') ?? (a?.id ? document.querySelector(`label[for="${a.id}"]`)?.textContent : null),
      text: a?.textContent ?? '',
      inDialog: a?.closest('[role=dialog]')?.getAttribute('aria-labelledby')
        ? document.getElementById(a.closest('[role=dialog]')!.getAttribute('aria-labelledby')!)?.textContent
        : null,
      inGrid: !!a?.closest('.grid-host'),
      row: a?.closest('.ag-row')?.textContent ?? null,
    };
  });

async function createByKeyboard(page: Page, name: string, keyword: string) {
  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: '创建客户' });
  await expect(form.getByLabel('客户名称')).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(form.getByLabel('关键字')).toBeFocused();
  await page.keyboard.type(keyword);
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
}

test('the customer form by keyboard: focus on open, on the field in error, Enter saves, the new customer is selected', async ({
  crm,
  page,
}) => {
  await page.locator('.menubar').getByRole('button', { name: '创建客户' }).focus();
  await page.keyboard.press('Enter');
  const form = crm.dialog('创建客户');
  // The first empty required field has the focus.
  await expect(form.getByLabel('客户名称')).toBeFocused();
  await page.keyboard.type('深圳市中兴通讯股份有限公司');
  // Enter with 关键字 missing: refused, and the focus goes to 关键字 (the field in error).
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('关键字')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('关键字')).toBeFocused();
  // Tab stays inside the dialog: all the way round and back to the first field.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    expect((await focused(page)).inDialog).toBe('创建客户');
  }
  await form.getByLabel('关键字').focus();
  await page.keyboard.type('中兴');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(crm.messages.first()).toContainText('创建客户 深圳市中兴通讯股份有限公司');
  // The new customer is the selected row, and its name stands above the tabs.
  await expect(crm.row('深圳市中兴通讯股份有限公司')).toHaveClass(/ag-row-selected/);
  await expect(page.getByRole('heading', { name: /当前客户：深圳市中兴通讯股份有限公司/ })).toBeVisible();
  // The focus went back to the button it came from.
  await expect(page.locator('.menubar').getByRole('button', { name: '创建客户' })).toBeFocused();
});

test('Esc on a filled-in create form asks before discarding; on an empty one it just closes', async ({ crm, page }) => {
  const create = page.locator('.menubar').getByRole('button', { name: '创建客户' });
  await create.focus();
  await page.keyboard.press('Enter');
  const form = crm.dialog('创建客户');
  await expect(form.getByLabel('客户名称')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(create).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(form.getByLabel('客户名称')).toBeFocused();
  await page.keyboard.type('华为技术有限公司');
  await page.keyboard.press('Escape');
  const ask = crm.dialog('放弃已填写的内容？');
  await expect(ask).toBeVisible();
  // The question takes the focus; Esc answers 取消: the form and its text stay.
  await expect(ask.getByRole('button', { name: '放弃' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();
  await expect(form.getByLabel('客户名称')).toHaveValue('华为技术有限公司');
  await expect(form.getByLabel('客户名称')).toBeFocused();
  // Esc again, then Enter on 放弃: the form closes without saving.
  await page.keyboard.press('Escape');
  await expect(ask).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(crm.row('华为技术有限公司')).toHaveCount(0);
  await expect(create).toBeFocused();
});

test('the grid by keyboard: arrows move the selection and the tabs follow, Enter edits, Esc returns to the row, Tab leaves', async ({
  crm,
  page,
}) => {
  await createByKeyboard(page, '阿里巴巴（中国）有限公司', '阿里');
  await createByKeyboard(page, '百度在线网络技术有限公司', '百度');
  await createByKeyboard(page, '腾讯科技（深圳）有限公司', '腾讯');
  const heading = page.locator('.current-customer');
  await expect(heading).toHaveText('腾讯科技（深圳）有限公司');

  // The rows in the grid's order (newest first).
  await expect(page.locator('.grid-host .ag-row [col-id=name]')).toHaveCount(3);
  const order = await page.$$eval('.grid-host .ag-row', (rows) =>
    rows
      .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
      .map((r) => r.querySelector('[col-id=name]')?.textContent ?? ''),
  );
  expect(order).toHaveLength(3);
  const [first, second, third] = order;
  // Into the grid: the first row's cell, then ↓ moves the selection with the focus.
  await crm.row(first).locator('.ag-cell').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(crm.row(second)).toHaveClass(/ag-row-selected/);
  await expect(crm.row(first)).not.toHaveClass(/ag-row-selected/);
  await expect(heading).toHaveText(second);
  await page.keyboard.press('ArrowDown');
  await expect(crm.row(third)).toHaveClass(/ag-row-selected/);
  await expect(heading).toHaveText(third);
  await page.keyboard.press('ArrowUp');
  await expect(heading).toHaveText(second);
  await expect(crm.row(second)).toHaveClass(/ag-row-selected/);
  await expect(crm.row(third)).not.toHaveClass(/ag-row-selected/);

  // Enter edits the selected customer; the dialog has the focus, arrows stay in it, Esc closes.
  await page.keyboard.press('Enter');
  const form = crm.dialog('编辑客户');
  await expect(form.getByLabel('客户名称')).toHaveValue(second);
  expect((await focused(page)).inDialog).toBe('编辑客户');
  await page.keyboard.press('ArrowDown');
  await expect(crm.row(second)).toHaveClass(/ag-row-selected/);
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  // Back on the row it came from.
  const back = await focused(page);
  expect(back.inGrid).toBe(true);
  expect(back.row).toContain(second);

  // Enter, change the phone, Enter saves; the selection and the focus are still on the row.
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('客户名称')).toBeFocused();
  await form.getByLabel('电话').focus();
  await page.keyboard.type('010-59928888');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(crm.row(second)).toContainText('010-59928888');
  await expect(crm.row(second)).toHaveClass(/ag-row-selected/);
  await expect(heading).toHaveText(second);

  // Tab leaves the grid for what follows it, instead of walking through the cells.
  await crm.row(second).locator('.ag-cell').first().focus();
  await page.keyboard.press('Tab');
  const after = await focused(page);
  expect(after.inGrid).toBe(false);
  await shot(page, 'keyboard-01-customer-screen');
});

test('the grid keeps its selection and scroll when another window’s save refreshes it', async ({ crm, page, app }) => {
  test.setTimeout(120_000);
  // 80 customers (written straight into the file), then a reload shows them.
  const at = new Date().toISOString();
  const insert = app.db.prepare(
    `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, 1, ?, ?, ?)`,
  );
  for (let i = 1; i <= 80; i++) {
    const name = `测试客户${String(i).padStart(3, '0')}`;
    insert.run(name, `测${i}`, name, `测${i}`, `2026-01-${String((i % 28) + 1).padStart(2, '0')}`, at, at);
  }
  await page.reload();
  await crm.login('admin', 'admin123');
  await expect(page.getByText('共 80 个客户')).toBeVisible({ timeout: 30_000 });
  // Down the list with the keyboard: the grid scrolls.
  await page.locator('.grid-host .ag-row[row-index="0"] .ag-cell').first().focus();
  for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowDown');
  const selected = page.locator('.grid-host .ag-row.ag-row-selected');
  await expect(selected).toHaveAttribute('row-index', '30');
  const name = (await selected.locator('[col-id=name]').textContent())!;
  // Scrolled: row 30 is in view, row 0 is not.
  await expect(page.locator('.grid-host .ag-row[row-index="0"]')).not.toBeInViewport();
  const y = (await selected.boundingBox())!.y;

  // Another window (the same administrator in a second session) creates a customer.
  const other = await page.context().newPage();
  await other.goto(app.url);
  const second = new CrmPage(other);
  await second.login('admin', 'admin123');
  await second.createCustomer({ name: '另一个窗口新建的客户', keyword: '另一个' });
  await expect(page.getByText('共 81 个客户')).toBeVisible({ timeout: 30_000 });
  // Same row selected, same customer above the tabs, same scroll position, focus still on it.
  await expect(page.locator('.grid-host .ag-row.ag-row-selected [col-id=name]')).toHaveText(name);
  await expect(page.locator('.current-customer')).toHaveText(name);
  expect(Math.abs((await page.locator('.grid-host .ag-row.ag-row-selected').boundingBox())!.y - y)).toBeLessThan(31);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.grid-host .ag-row.ag-row-selected')).toHaveCount(1);
});
