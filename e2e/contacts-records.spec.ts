import { expect, shot, test } from './fixtures';
import { CrmPage } from './pages';

const ZTE = '深圳市中兴通讯股份有限公司';
const HUAWEI = '华为技术有限公司';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
  await crm.createCustomer({ name: ZTE, keyword: '中兴' });
  await crm.createCustomer({ name: HUAWEI, keyword: '华为' });
});

test('add two contacts and save; they are in the database after reloading', async ({ crm, page }) => {
  await crm.selectCustomer(ZTE);
  const tab = page.getByRole('tab', { name: '联系人', exact: true });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(crm.draftNoRows).toBeVisible();

  const wang = await crm.addContact({ name: '王伟', title: '采购经理', mobile: '13800138000', primary: true });
  const lina = await crm.addContact({ name: '李娜', email: 'lina@zte.com.cn' });
  // Nothing is saved yet: the rows are marked new and the tab says so.
  await expect(wang).toHaveClass(/draft-new/);
  await expect(lina).toHaveClass(/draft-new/);
  await expect(tab).toHaveText('联系人 *');
  await expect(tab).toHaveAccessibleDescription('有未保存的修改');
  await expect(crm.draftPanel.getByText('有未保存的修改')).toBeVisible();
  await expect(crm.draftCell(wang, 'isPrimary').locator('input')).toBeChecked();
  await shot(page, '20-contacts-draft');

  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存联系人 ${ZTE}（新增 2，修改 0，删除 0）`);
  await expect(crm.messages.first()).toContainText('成功');
  await expect(tab).toHaveText('联系人');
  await expect(wang).not.toHaveClass(/draft-new/);
  await expect(crm.draftPanel.getByText('共 2 条')).toBeVisible();

  // A fresh page (a new session) reads them back from the database.
  await page.reload();
  await crm.login('admin', 'admin123');
  await crm.selectCustomer(ZTE);
  await expect(crm.draftRow('王伟')).toContainText('13800138000');
  await expect(crm.draftRow('王伟')).toContainText('采购经理');
  await expect(crm.draftRow('李娜')).toContainText('lina@zte.com.cn');
  await expect(crm.draftCell(crm.draftRow('王伟'), 'isPrimary').locator('input')).toBeChecked();
  // The other customer has none.
  await crm.selectCustomer(HUAWEI);
  await expect(crm.draftNoRows).toBeVisible();

  // Each save wrote its 操作日志 lines.
  await crm.selectCustomer(ZTE);
  await crm.openTab('日志及维护记录');
  await expect(crm.draftRow('新增联系人 王伟（主联系人）')).toContainText('操作日志');
  await expect(crm.draftRow('新增联系人 李娜')).toContainText('张经理');
  await shot(page, '21-contacts-saved-log');
});

test('deleted contacts stay until 保存; leaving asks 保存 / 不保存 / 取消', async ({ crm, page }) => {
  await crm.selectCustomer(ZTE);
  await crm.addContact({ name: '王伟' });
  await crm.addContact({ name: '李娜' });
  await crm.addContact({ name: '赵强' });
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');

  // Ctrl-click selects two rows; 删除 strikes them through but keeps them.
  await crm.draftCell(crm.draftRow('王伟'), 'name').click();
  await crm.draftCell(crm.draftRow('赵强'), 'name').click({ modifiers: ['Control'] });
  await crm.draftButton('删除').click();
  await expect(crm.draftRow('王伟')).toHaveClass(/draft-deleted/);
  await expect(crm.draftRow('赵强')).toHaveClass(/draft-deleted/);
  await expect(crm.draftRow('李娜')).not.toHaveClass(/draft-deleted/);
  await expect(crm.draftCell(crm.draftRow('王伟'), 'name')).toHaveCSS('text-decoration-line', 'line-through');
  // 删除 again on the same rows takes the mark off; once more puts it back.
  await crm.draftButton('删除').click();
  await expect(crm.draftRow('王伟')).not.toHaveClass(/draft-deleted/);
  await crm.draftButton('删除').click();
  await expect(crm.draftRow('王伟')).toHaveClass(/draft-deleted/);

  // Another customer: the question; 取消 keeps this customer and its draft.
  await crm.row(HUAWEI).locator('.ag-cell').first().click();
  await expect(crm.leaveDialog).toContainText('“联系人”有未保存的修改，是否保存？');
  await shot(page, '22-leave-question');
  await crm.answerLeave('取消');
  await expect(crm.draftRow('王伟')).toHaveClass(/draft-deleted/);
  await expect(crm.row(ZTE)).toHaveClass(/ag-row-selected/);
  await expect(crm.row(HUAWEI)).not.toHaveClass(/ag-row-selected/);

  // 不保存: the other customer shows, and nothing was deleted.
  await crm.row(HUAWEI).locator('.ag-cell').first().click();
  await crm.answerLeave('不保存');
  await expect(crm.draftNoRows).toBeVisible();
  await crm.selectCustomer(ZTE);
  await expect(crm.draftRow('王伟')).toBeVisible();
  await expect(crm.draftRow('赵强')).toBeVisible();
  await expect(crm.draftRow('王伟')).not.toHaveClass(/draft-deleted/);

  // Delete and 保存 removes it from the database.
  await crm.draftCell(crm.draftRow('王伟'), 'name').click();
  await crm.draftButton('删除').click();
  await crm.draftButton('保存').click();
  await expect(crm.draftRow('王伟')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText(`保存联系人 ${ZTE}（新增 0，修改 0，删除 1）`);

  // Another tab with unsaved edits asks too; 保存 saves, then the tab opens.
  await crm.draftCell(crm.draftRow('赵强'), 'name').click();
  await crm.draftButton('删除').click();
  await page.getByRole('tab', { name: '日志及维护记录', exact: true }).click();
  await crm.answerLeave('保存');
  await expect(page.getByRole('tab', { name: '日志及维护记录', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(crm.draftRow('删除联系人 赵强')).toBeVisible();
  await expect(crm.draftRow('删除联系人 王伟')).toBeVisible();

  // A cell still being typed in counts as an unsaved edit too.
  await crm.openTab('联系人');
  await crm.draftCell(crm.draftRow('李娜'), 'title').dblclick();
  await crm.cellEditor('职务').fill('经理');
  await crm.row(HUAWEI).locator('.ag-cell').first().click();
  await crm.answerLeave('不保存');
  await expect(crm.draftNoRows).toBeVisible();

  await page.reload();
  await crm.login('admin', 'admin123');
  await crm.selectCustomer(ZTE);
  await expect(crm.draftRow('李娜')).toBeVisible();
  await expect(crm.draftPanel.locator('.draft-grid .ag-row')).toHaveCount(1);
});

test('日志及维护记录: an 操作日志 cannot be deleted, a 维护记录 can; filter by 属性', async ({ crm, page }) => {
  await crm.selectCustomer(ZTE);
  await crm.addContact({ name: '王伟' });
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('成功');
  const panel = await crm.openTab('日志及维护记录');
  const log = crm.draftRow(`创建客户：${ZTE}`);
  await expect(log).toContainText('操作日志');

  // The UI refuses to delete or edit an 操作日志, with a message.
  await crm.draftCell(log, 'content').click();
  await crm.draftButton('删除').click();
  await expect(crm.messages.first()).toContainText('属性为“操作日志”的记录是系统自动生成的，不能修改或删除');
  await expect(crm.messages.first()).toContainText('删除日志及维护记录');
  await expect(crm.messages.first()).toContainText('失败');
  await expect(log).not.toHaveClass(/draft-deleted/);
  await crm.draftCell(log, 'content').dblclick();
  await expect(crm.cellEditor('内容')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText('修改日志及维护记录');
  await expect(page.getByRole('tab', { name: '日志及维护记录', exact: true })).toHaveText('日志及维护记录');

  // A new 维护记录: 内容 is edited first; 方式 and 联系人 are picked; 时间 defaults to now.
  await crm.draftButton('新增').click();
  await crm.cellEditor('内容').fill('电话沟通新版报价');
  await crm.cellEditor('内容').press('Enter');
  const rec = crm.draftRowWhere('content', '电话沟通新版报价');
  await crm.editCell(rec, 'method', '方式', '上门', { select: true });
  await crm.editCell(rec, 'contactId', '联系人', '王伟', { select: true });
  await crm.editCell(rec, 'nextOn', '下次跟进', '2030-12-01');
  await expect(rec).toContainText('维护记录');
  await expect(rec).toContainText('张经理');
  await shot(page, '23-records-draft');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText(`保存日志及维护记录 ${ZTE}（新增 1，修改 0，删除 0）`);
  await expect(rec).toContainText('上门');
  await expect(rec).toContainText('王伟');
  await expect(rec).toContainText('2030-12-01');
  await expect(crm.draftRow('新增维护记录')).toContainText('操作日志');

  // Newest first: the new 维护记录 (now) is above 创建客户 (earlier).
  expect(Number(await rec.getAttribute('row-index'))).toBeLessThan(Number(await log.getAttribute('row-index')));

  // The filter shows one kind or both.
  const show = panel.getByLabel('显示');
  await show.selectOption({ label: '维护记录' });
  await expect(rec).toBeVisible();
  await expect(log).toHaveCount(0);
  await show.selectOption({ label: '操作日志' });
  await expect(rec).toHaveCount(0);
  await expect(log).toBeVisible();
  await show.selectOption({ label: '全部' });
  await expect(rec).toBeVisible();
  await shot(page, '24-records-saved');

  // A 维护记录 can be deleted: struck through, then gone on 保存, and the deletion is logged.
  await crm.draftCell(rec, 'content').click();
  await crm.draftButton('删除').click();
  await expect(rec).toHaveClass(/draft-deleted/);
  await crm.draftButton('保存').click();
  await expect(rec).toHaveCount(0);
  await expect(crm.draftRow('删除维护记录')).toContainText('电话沟通新版报价');
  await expect(log).toBeVisible();
});

test('a bad row is refused whole and its cell marked; a conflicting save is refused', async ({
  crm,
  page,
  context,
}) => {
  await crm.selectCustomer(ZTE);
  await crm.addContact({ name: '王伟' });
  const lina = await crm.addContact({ name: '李娜', email: 'lina@' });
  // Checked as typed, and refused by the handler naming the row and field.
  await expect(crm.draftCell(lina, 'email')).toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('新增第 2 行 邮箱：邮箱格式不正确');
  await expect(crm.draftPanel.getByRole('alert')).toContainText('新增第 2 行 邮箱：邮箱格式不正确');
  await shot(page, '25-contacts-invalid');
  // Nothing was written, not even the good row: both are still new.
  await expect(crm.draftRow('王伟')).toHaveClass(/draft-new/);
  await crm.editCell(lina, 'email', '邮箱', 'lina@zte.com.cn');
  await expect(crm.draftCell(lina, 'email')).not.toHaveClass(/draft-invalid/);
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('（新增 2，修改 0，删除 0）');
  await expect(crm.draftPanel.getByRole('alert')).toHaveCount(0);

  // Someone else (another window) changes the same customer's contacts meanwhile.
  await crm.editCell(crm.draftRow('王伟'), 'title', '职务', '总经理');
  const other = await context.newPage();
  await other.goto(page.url());
  const crm2 = new CrmPage(other);
  await crm2.login('admin', 'admin123');
  await crm2.selectCustomer(ZTE);
  await crm2.addContact({ name: '赵强' });
  await crm2.draftButton('保存').click();
  await expect(crm2.messages.first()).toContainText('成功');

  // This window's save is refused as a whole, saying why; 刷新 then 不保存 shows the other's work.
  await crm.draftButton('保存').click();
  await expect(crm.draftPanel.getByRole('alert')).toContainText('该客户的联系人已被其他人修改');
  await expect(crm.messages.first()).toContainText('失败');
  await crm.draftButton('刷新').click();
  await crm.answerLeave('不保存');
  await expect(crm.draftRow('赵强')).toBeVisible();
  await expect(crm.draftRow('王伟')).not.toContainText('总经理');
  // Typing in a cell and pressing 保存 straight away counts what was typed.
  await crm.draftCell(crm.draftRow('王伟'), 'title').dblclick();
  await crm.cellEditor('职务').fill('总经理');
  await crm.draftButton('保存').click();
  await expect(crm.messages.first()).toContainText('（新增 0，修改 1，删除 0）');
  await expect(crm.draftRow('王伟')).toContainText('总经理');
  await expect(crm.draftCell(crm.draftRow('王伟'), 'title')).not.toHaveClass(/draft-changed/);

  // Closing the window with unsaved edits: the browser's leave prompt comes up.
  await crm.editCell(crm.draftRow('王伟'), 'title', '职务', '董事长');
  const prompt = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.dismiss())));
  await page.close({ runBeforeUnload: true });
  expect(await prompt).toBe('beforeunload');
  await other.close();
});
