import { expect, shot, test } from './fixtures';
import type { CrmPage } from './pages';

/**
 * Issue 21, part 1: 部门 and the 销售经理. The administrator builds 销售一部 with its 小组 in
 * 人员管理 and puts a 销售经理 and two salespeople in it (one salesperson stays outside); the
 * manager signs in and sees exactly the team's customers — grid and 客户状态 counts — may
 * 转移客户 within the team, and is refused outside it.
 */

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

/** In the open 人员管理 window: 部门 › 新增部门 / 新增小组 with the name. */
async function addDepartment(crm: CrmPage, name: string, parent?: string) {
  const panel = crm.dialog('人员管理').getByRole('region', { name: '部门' });
  if (parent) {
    await panel.getByRole('treeitem', { name: new RegExp(`^${parent}`) }).click();
    await panel.getByRole('button', { name: '新增小组' }).click();
  } else await panel.getByRole('button', { name: '新增部门' }).click();
  const prompt = crm.dialog(parent ? '新增小组' : '新增部门');
  await prompt.getByLabel('部门名称').fill(name);
  await prompt.getByRole('button', { name: '确定' }).click();
  await expect(prompt).toBeHidden();
  await expect(panel.getByRole('treeitem', { name: new RegExp(`^${name}`) })).toBeVisible();
}

/** In the open 人员管理 window: 新增 a person with a login, a role and a 部门. */
async function addPerson(crm: CrmPage, p: { name: string; login: string; role: string; department: string }) {
  await crm.dialog('人员管理').getByRole('button', { name: '新增', exact: true }).click();
  const form = crm.dialog('新增人员');
  await form.getByLabel('姓名').fill(p.name);
  await form.getByLabel('角色').selectOption({ label: p.role });
  await form.getByLabel('登录账号').fill(p.login);
  await form.getByLabel('初始密码').fill('init123');
  await form.getByLabel('部门').selectOption({ label: p.department });
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form).toBeHidden();
  await expect(crm.staffRow(p.name)).toContainText(p.role);
}

/** 创建客户 for a given 业务员 (the administrator chooses). */
async function createFor(crm: CrmPage, owner: string, name: string, keyword: string, status = '潜在客户') {
  await crm.page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
  const form = crm.dialog('创建客户');
  await crm.fillCustomer(form, { name, keyword, status });
  await form.getByLabel('业务员').selectOption({ label: owner });
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form).toBeHidden();
  await expect(crm.row(name)).toBeVisible();
}

test('a 销售经理 sees the team’s customers only, counts included, and 转移客户 within the 部门', async ({
  crm,
  page,
}) => {
  // Four people and four customers through the forms: longer than the default minute on a busy machine.
  test.setTimeout(180_000);
  // 人员管理: 销售一部 › 一组, and 销售二部.
  const win = await crm.openStaff();
  await addDepartment(crm, '销售一部');
  await addDepartment(crm, '一组', '销售一部');
  await addDepartment(crm, '销售二部');
  await addPerson(crm, { name: '钱经理', login: 'qian', role: '销售经理', department: '销售一部' });
  await addPerson(crm, { name: '王伟', login: 'wang', role: '业务员', department: '销售一部 › 一组' });
  await addPerson(crm, { name: '赵磊', login: 'zhao', role: '业务员', department: '销售一部' });
  await addPerson(crm, { name: '李娜', login: 'lina', role: '业务员', department: '销售二部' });
  await expect(crm.staffRow('王伟')).toContainText('销售一部 › 一组');
  const tree = win.getByRole('region', { name: '部门' });
  await expect(tree.getByRole('treeitem', { name: /^销售一部/ })).toContainText('3 人');
  // A 部门 with people in it is not deleted: the refusal names them.
  await tree.getByRole('treeitem', { name: /^销售二部/ }).click();
  await tree.getByRole('button', { name: '删除' }).click();
  await crm.dialog('删除').getByRole('button', { name: '删除' }).click();
  await expect(tree.getByRole('alert')).toHaveText(
    '部门“销售二部”还有 1 名人员（李娜），不能删除；请先把他们调到其他部门',
  );
  await shot(page, '90-staff-departments');
  await win.locator('.modal-x').click();

  // The administrator registers customers of each.
  await createFor(crm, '王伟', '深圳市中兴通讯股份有限公司', '中兴');
  await createFor(crm, '赵磊', '深圳市中科软件有限公司', '中科', '意向客户');
  await createFor(crm, '钱经理', '深圳市中华印刷有限公司', '中华', '正式客户');
  await createFor(crm, '李娜', '深圳市中信科技有限公司', '中信');
  await expect(crm.status('全部客户')).toHaveText(/\(4\)/);

  // The manager signs in (first a password of their own).
  await crm.logout();
  await crm.login('qian', 'init123');
  await crm.changePassword('init123', 'qian2026');
  await expect(page.getByText('钱经理（销售经理）')).toBeVisible();
  await expect(crm.status('全部客户')).toHaveText(/\(3\)/);
  await expect(crm.status('潜在客户')).toHaveText(/\(1\)/);
  await expect(crm.status('意向客户')).toHaveText(/\(1\)/);
  await expect(crm.status('正式客户')).toHaveText(/\(1\)/);
  await expect(crm.row('深圳市中兴通讯股份有限公司')).toBeVisible();
  await expect(crm.row('深圳市中科软件有限公司')).toBeVisible();
  await expect(crm.row('深圳市中华印刷有限公司')).toBeVisible();
  await expect(crm.row('深圳市中信科技有限公司')).toHaveCount(0);
  await expect(page.getByText('共 3 个客户')).toBeVisible();
  // Quick search, one character: still only the team's.
  const search = page.getByRole('searchbox', { name: '快速搜索' });
  await search.fill('中');
  await search.press('Enter');
  await expect(page.getByText('共 3 个客户')).toBeVisible();
  await expect(crm.row('深圳市中信科技有限公司')).toHaveCount(0);
  await search.fill('');
  await search.press('Enter');
  await shot(page, '91-manager-grid');

  // 转移客户 within the team: 王伟's customer to 赵磊; 李娜 (销售二部) is not offered.
  await crm.rightClickRow('深圳市中兴通讯股份有限公司');
  await crm.menuItem('转移客户').click();
  const transfer = crm.dialog('转移客户');
  const to = transfer.getByLabel('转移给');
  await expect(to.locator('option', { hasText: '李娜' })).toHaveCount(0);
  await expect(to.locator('option', { hasText: '赵磊' })).toHaveCount(1);
  await to.selectOption({ label: '赵磊（业务员）' });
  await shot(page, '92-manager-transfer');
  await transfer.getByRole('button', { name: '转移' }).click();
  await expect(transfer).toBeHidden();
  await expect(crm.messages.first()).toContainText('成功');
  await expect(crm.row('深圳市中兴通讯股份有限公司')).toContainText('赵磊');

  // Outside the 部门: the data core refuses, saying why.
  await crm.row('深圳市中科软件有限公司').locator('.ag-cell').first().dblclick();
  const form = crm.dialog('编辑客户');
  await form.getByLabel('业务员').selectOption({ label: '李娜' });
  await form.getByRole('button', { name: '确定' }).click();
  await expect(form.getByText('销售经理只能在本部门的人员之间变更业务员').first()).toBeVisible();
  await shot(page, '93-manager-refused-outside');
  await form.getByRole('button', { name: '取消' }).click();
  const discard = crm.dialog('放弃已填写的内容？');
  if (await discard.isVisible()) await discard.getByRole('button', { name: '放弃' }).click();
  await expect(crm.row('深圳市中科软件有限公司')).toContainText('赵磊');
  await expect(crm.status('全部客户')).toHaveText(/\(3\)/);

  // 销售统计: the manager's filters offer their 部门 and its 小组, and its members only.
  await crm.openFromMenu('统计', '销售统计');
  const dept = page.getByRole('combobox', { name: '部门', exact: true });
  await expect(dept.locator('option')).toHaveText(['全部部门', '销售一部', '销售一部 › 一组']);
  const owner = page.getByRole('combobox', { name: '业务员', exact: true });
  await expect(owner.locator('option', { hasText: '李娜' })).toHaveCount(0);
  await expect(owner.locator('option', { hasText: '王伟' })).toHaveCount(1);
  await dept.selectOption({ label: '销售一部 › 一组' });
  await shot(page, '94-manager-stats');
});
