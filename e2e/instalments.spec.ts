/**
 * 回款计划 (issue 22, part 1): a purchase registered on tab 7 gets a plan of 3 instalments (the sum
 * checked live, with the handler's words), a 收款 marks the first 已回款, tab 9's 回款计划 lists the
 * open ones, and 工作台 shows the one due within the next 7 days. The product is written straight
 * into this test's database (the catalog is another spec's).
 */
import type { Page } from '@playwright/test';
import { localDayAfter } from '../core/contract/dates';
import { expect, shot, test } from './fixtures';

const ZTE = '深圳市中兴通讯股份有限公司';
const day = (n: number) => localDayAfter(n);

async function menu(page: Page, top: string, item: string) {
  await page.getByRole('menubar').getByRole('menuitem', { name: top }).click();
  await page.getByRole('menu', { name: top }).getByRole('menuitem', { name: item, exact: true }).click();
}

test('plan 3 instalments on a purchase, a 收款 pays the first, tab 9 and 工作台 list the open ones', async ({
  app,
  crm,
  page,
}) => {
  await crm.setupAdmin();
  const at = new Date().toISOString();
  app.db.prepare(`INSERT OR IGNORE INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  app.db
    .prepare(
      `INSERT INTO product (code, name, category_id, model, unit, guide_price_cents, annual_fee_cents, created_at, updated_at)
       VALUES ('RJ-001', '用友财务软件 标准版', 1, 'T3', '套', 1280000, 0, ?, ?)`,
    )
    .run(at, at);
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });

  // Register the purchase on tab 7: 1 × 12,800.00.
  await crm.selectCustomer(ZTE);
  await crm.openTab('购买情况');
  await crm.addLines(['RJ-001']);
  await crm.cellEditor('数量').fill('1');
  await crm.cellEditor('数量').press('Enter');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存购买情况 ${ZTE}（新增 1，修改 0，删除 0）`);
  const sale = crm.draftRow('RJ-001');

  // Its 回款计划: 3 instalments split evenly, the first 10 days ago, the second moved to in 2 days.
  await crm.draftCell(sale, 'purchasedOn').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '回款计划' }).click();
  const plan = page.getByRole('dialog', { name: /回款计划/ });
  await expect(plan).toContainText('还没有回款计划');
  await plan.getByLabel('期数').fill('3');
  await plan.getByLabel('首期日期').fill(day(-10));
  await plan.getByRole('button', { name: '按期数平均分配' }).click();
  await expect(plan.getByLabel('计划金额 1')).toHaveValue('4266.67');
  await expect(plan.getByLabel('计划金额 3')).toHaveValue('4266.66');
  await expect(plan.getByRole('status')).toHaveText('回款计划合计 ¥12,800.00，与应付相等');
  await plan.getByLabel('计划回款日期 2').fill(day(2));
  // The sum is checked as one types, in the handler's own words; 保存 waits for a plan that adds up.
  await plan.getByLabel('计划金额 3').fill('3266.66');
  await expect(plan.getByRole('status')).toHaveText(
    '计划金额：回款计划合计 ¥11,800.00，比应付 ¥12,800.00 少 ¥1,000.00',
  );
  await expect(plan.getByRole('button', { name: '保存' })).toBeDisabled();
  await plan.getByLabel('计划金额 3').fill('4266.66');
  await plan.getByRole('button', { name: '保存' }).click();
  await expect(crm.messages.first()).toContainText('保存回款计划');
  await expect(crm.messages.first()).toContainText('成功');
  const rows = plan.getByRole('table', { name: '回款计划' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('逾期');
  await expect(rows.nth(1)).toContainText('未到期');
  await shot(page, 'instalments-01-plan');
  await plan.getByRole('button', { name: '关闭' }).last().click();

  // A 收款 of 4,266.67 goes to the oldest open instalment: the first is 已回款.
  await crm.draftCell(sale, 'purchasedOn').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '收款' }).click();
  const pay = crm.dialog('收款');
  await expect(pay.getByLabel('回款期次')).toHaveValue('');
  await pay.getByLabel('金额').fill('4266.67');
  await pay.getByRole('button', { name: '确定' }).click();
  await expect(pay.getByRole('status', { name: '已记录的收款' })).toBeVisible();
  await pay.getByRole('button', { name: '关闭' }).last().click();
  await crm.draftCell(sale, 'purchasedOn').click();
  await crm.draftPanel.getByRole('toolbar').getByRole('button', { name: '回款计划' }).click();
  await expect(rows.nth(0)).toContainText('已回款');
  await expect(rows.nth(0)).toContainText('4,266.67');
  await expect(rows.nth(1)).toContainText('未到期');
  await shot(page, 'instalments-02-plan-paid');
  await plan.getByRole('button', { name: '关闭' }).last().click();

  // Tab 9 › 回款计划: the two open ones, soonest first, with their totals per 业务员.
  await crm.openTab('年费催缴/欠款统计');
  await page.getByRole('button', { name: '回款计划', exact: true }).click();
  await page.getByRole('button', { name: '全部未回款' }).click();
  const list = page.getByRole('table', { name: '回款计划' });
  await expect(list.locator('tbody tr')).toHaveCount(2);
  await expect(list.locator('tbody tr').first()).toContainText(day(2));
  await expect(list.locator('tbody tr').first()).toContainText('4,266.67');
  await expect(page.getByText(/共 2 期未回款，计划合计 8,533\.33 元/)).toBeVisible();
  await shot(page, 'instalments-03-tab9');
  // Printed as shown: the view, the numbered rows and the total.
  await page.getByRole('button', { name: '打印', exact: true }).click();
  await crm.dialog('公司信息').getByRole('button', { name: '直接打印' }).click();
  const preview = page.getByRole('dialog', { name: '打印预览' });
  await expect(preview).toContainText('回款计划 — 全部未回款');
  await expect(preview).toContainText('共 2 期');
  await expect(preview).toContainText('共 2 期未回款，计划合计 8,533.33 元，未回款合计 8,533.33 元');
  await shot(page, 'instalments-05-print');
  await preview.getByRole('button', { name: '关闭' }).click();
  await expect(preview).toBeHidden();
  await page.getByRole('button', { name: '已逾期' }).click();
  await expect(list).toContainText('没有需要回款的期次');

  // 工作台: the instalment due in 2 days.
  await menu(page, '客户管理', '工作台');
  const card = page.getByRole('region', { name: '7 天内到期的回款' });
  await expect(card).toContainText(`${day(2)} ${ZTE} 第 2 期，未回款 ¥4,266.67`);
  await shot(page, 'instalments-04-workbench');
});
