import { createRouter } from '../db/router';
import type { Connection } from '../db/context';
import type { Input, MethodName } from '../core/contract';
import { expect, shot, test, type AppServer } from './fixtures';
import type { CrmPage } from './pages';

/**
 * Issue 21, item 4: 离职交接. 王伟 (销售一部) leaves with six customers, follow-ups, a quote, a
 * purchase in arrears and delegations both ways: the administrator's 停用 opens the 交接 with its
 * preview, hands everything to 赵磊 and 钱经理 in turn, prints the 交接单, and each customer's
 * 操作日志 says so. Then 钱经理 (销售经理 of 销售一部) signs in: 工作台 names each customer's 业务员,
 * and 离职交接 offers the people of the 部门 only.
 */

/** The office behind the screen, set up through the data core (the router) on the test's database. */
function office(app: AppServer) {
  const router = createRouter(app.db);
  const admin: Connection = { session: null };
  const login = router.dispatch(admin, 'auth.login', { login: 'admin', password: 'admin123' });
  if (!login.ok) throw new Error(login.error.message);
  const ok = <N extends MethodName>(name: N, input?: Input<N>) => {
    const r = router.dispatch(admin, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.value as never;
  };
  ok('settings.update', { companyName: '深圳市科华商贸有限公司', companyPhone: '0755-86001234' });
  const one = ok('departments.create', { name: '销售一部' }) as { id: number };
  const two = ok('departments.create', { name: '销售二部' }) as { id: number };
  const wang = app.addStaff('王伟', 'wang');
  const zhao = app.addStaff('赵磊', 'zhao');
  const qian = app.addStaff('钱经理', 'qian');
  const li = app.addStaff('李娜', 'lina');
  const dept = app.db.prepare('UPDATE staff SET department_id = ?, role = ? WHERE id = ?');
  dept.run(one.id, 'sales', wang);
  dept.run(one.id, 'sales', zhao);
  dept.run(one.id, 'manager', qian);
  dept.run(two.id, 'sales', li);
  const customer = (ownerId: number, name: string, keyword: string, statusId: number) =>
    (ok('customers.create', { name, keyword, statusId, ownerId, createdOn: '2026-11-02' }) as { id: number }).id;
  const ids = [
    customer(wang, '深圳市中兴通讯股份有限公司', '中兴', 1),
    customer(wang, '深圳市华强电子有限公司', '华强', 1),
    customer(wang, '深圳市大族激光科技有限公司', '大族', 1),
    customer(wang, '广州市白云电器有限公司', '白云', 2),
    customer(wang, '东莞市宝环实业有限公司', '宝环', 2),
    customer(wang, '佛山市美的家电有限公司', '美的', 3),
  ];
  const lis = customer(li, '珠海市格力配件有限公司', '格力', 1);
  const today = new Date().toISOString().slice(0, 10);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const record = (customerId: number, nextOn: string) => {
    const token = (ok('records.list', { customerId }) as { token: string }).token;
    ok('records.save', {
      customerId,
      token,
      created: [{ at: new Date().toISOString(), method: '电话', content: '电话回访，约下次', nextOn }],
    });
  };
  record(ids[0], day(-2));
  record(ids[3], day(3));
  const at = new Date().toISOString();
  app.db.prepare(`INSERT INTO product_category (id, name) VALUES (1, '办公软件')`).run();
  const product = Number(
    app.db
      .prepare(
        `INSERT INTO product (code, name, category_id, unit, guide_price_cents, created_at, updated_at)
         VALUES ('RJ-001', '用友财务软件', 1, '套', 1280000, ?, ?)`,
      )
      .run(at, at).lastInsertRowid,
  );
  app.db
    .prepare(
      `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, created_at, updated_at)
       VALUES (?, ?, ?, 1, 1280000, ?, ?)`,
    )
    .run(ids[1], product, today, at, at);
  app.db
    .prepare(
      `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
         amount_paid_cents, created_at, updated_at) VALUES (?, ?, ?, 1, 1280000, 1280000, 280000, ?, ?)`,
    )
    .run(ids[5], product, today, at, at);
  ok('delegations.grant', { customerIds: [ids[2]], toId: zhao });
  ok('delegations.grant', { customerIds: [lis], toId: wang });
  return { ids };
}

async function signIn(crm: CrmPage, login: string, password: string) {
  await crm.page.reload();
  const button = crm.page.getByRole('button', { name: '登录' });
  if (await button.isVisible().catch(() => false)) await crm.login(login, password);
  // Signing in runs scrypt (N = 2^17): slow on a busy machine.
  await expect(crm.page.getByRole('menubar')).toBeVisible({ timeout: 30_000 });
}

test('离职交接: preview, two colleagues in turn, the 交接单, the 操作日志, and a manager within the 部门', async ({
  crm,
  page,
  app,
}) => {
  test.setTimeout(180_000);
  await crm.setupAdmin();
  office(app);
  await signIn(crm, 'admin', 'admin123');

  // 人员管理 › 停用 on 王伟, who still has customers: the 交接 opens with its preview.
  const win = await crm.openStaff();
  await crm.staffRow('王伟').locator('.ag-cell').first().click();
  await win.getByRole('button', { name: '停用', exact: true }).click();
  const dialog = crm.dialog('离职交接');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('交接人')).toHaveValue(/\d+/);
  const preview = dialog.getByRole('table', { name: '将要交接的内容' });
  const line = (label: string) => preview.getByRole('row', { name: new RegExp(`^${label}`) });
  await expect(line('客户')).toHaveText(/客户\s*6 个/);
  await expect(line('潜在客户')).toContainText('3 个');
  await expect(line('意向客户')).toContainText('2 个');
  await expect(line('正式客户')).toContainText('1 个');
  await expect(line('未完成的跟进')).toContainText('2 个，其中已逾期 1 个');
  await expect(line('售前报价')).toContainText('1 条');
  await expect(line('欠款的购买记录')).toContainText('1 个客户 1 笔，共 ¥10,000.00');
  await expect(line('给出的授权')).toContainText('1 项');
  await expect(line('收到的授权')).toContainText('1 项');

  // Several colleagues in turn: 赵磊 then 钱经理.
  await dialog.getByLabel('依次分配给多位同事（按客户轮流分配）').check();
  await dialog.getByLabel('赵磊（业务员）').check();
  await dialog.getByLabel('钱经理（销售经理）').check();
  await expect(dialog.getByText('每人约 3 个客户')).toBeVisible();
  await shot(page, '95-handover-preview');
  await dialog.getByRole('button', { name: '确认交接' }).click();
  const confirm = crm.dialog('确认交接');
  await expect(confirm).toContainText('确定把王伟的 6 个客户交接给赵磊、钱经理，并停用王伟吗？');
  await confirm.getByRole('button', { name: '确认交接' }).click();
  const done = crm.dialog('交接完成');
  await expect(done).toContainText('王伟的 6 个客户已交接，王伟已停用。');
  await expect(done).toContainText('赵磊：3 个客户');
  await expect(done).toContainText('钱经理：3 个客户');
  await expect(crm.messages.first()).toContainText('交接 王伟 → 赵磊、钱经理');
  await expect(crm.messages.first()).toContainText('成功');
  await shot(page, '96-handover-done');

  // The 交接单.
  await done.getByRole('button', { name: '打印交接单' }).click();
  const print = crm.dialog('打印预览');
  await expect(print).toBeVisible();
  const sheet = print.locator('.handover-sheet');
  await expect(sheet.getByRole('heading', { name: '交接单' })).toBeVisible();
  // (The '：' after each label is the style's.)
  const fact = (label: string) => sheet.locator('.sheet-facts > div', { has: page.getByText(label, { exact: true }) });
  await expect(fact('交接人')).toHaveText('交接人王伟');
  await expect(fact('经办人')).toHaveText('经办人张经理');
  await expect(fact('接收人')).toHaveText('接收人赵磊：3 个客户；钱经理：3 个客户');
  await expect(fact('客户')).toHaveText('客户6 个（潜在客户 3 个，意向客户 2 个，正式客户 1 个）');
  await expect(fact('欠款的购买记录')).toHaveText('欠款的购买记录1 个客户 1 笔，共 ¥10,000.00');
  await expect(sheet.locator('tbody tr')).toHaveCount(6);
  await expect(sheet.locator('tbody tr', { hasText: '深圳市中兴通讯股份有限公司' })).toContainText('赵磊');
  await expect(sheet.locator('tbody tr', { hasText: '深圳市华强电子有限公司' })).toContainText('钱经理');
  await shot(page, '97-handover-sheet');
  await print.getByRole('button', { name: '关闭' }).click();
  await done.getByText('关闭', { exact: true }).click();
  await expect(crm.staffRow('王伟')).toContainText('否');
  await win.locator('.modal-x').click();

  // The 操作日志 of a customer that moved: the 交接, and the delegation it revoked.
  await crm.row('深圳市大族激光科技有限公司').locator('.ag-cell').first().click();
  await expect(crm.row('深圳市大族激光科技有限公司')).toContainText('赵磊');
  await page.getByRole('tab', { name: '日志及维护记录' }).click();
  await expect(crm.draftPanel.getByText('交接：王伟 → 赵磊').first()).toBeVisible();
  await expect(crm.draftPanel.getByText('收回授权：赵磊（交接：王伟 → 赵磊）')).toBeVisible();
  await shot(page, '98-handover-log');

  // 钱经理 (销售经理): 工作台 names the 业务员; 离职交接 offers the 部门's people only.
  await crm.logout();
  await crm.login('qian', 'secret1');
  await expect(page.getByText('钱经理（销售经理）')).toBeVisible();
  await crm.openFromMenu('客户管理', '工作台');
  const followups = page.getByRole('table', { name: '待跟进' });
  await expect(followups.getByRole('columnheader', { name: '业务员' })).toBeVisible();
  await expect(followups.getByRole('row', { name: /深圳市中兴通讯股份有限公司/ })).toContainText('赵磊');
  await expect(followups.getByRole('row', { name: /广州市白云电器有限公司/ })).toContainText('钱经理');
  await shot(page, '99-manager-workbench-owner');
  await page.getByRole('menubar').getByRole('menuitem', { name: '人员管理' }).click();
  const staffMenu = page.getByRole('menu', { name: '人员管理' });
  await expect(staffMenu.getByRole('menuitem', { name: '人员管理', exact: true })).toHaveCount(0);
  await staffMenu.getByRole('menuitem', { name: '离职交接…' }).click();
  const mine = crm.dialog('离职交接');
  const from = mine.getByLabel('交接人');
  await expect(from.locator('option', { hasText: '李娜' })).toHaveCount(0);
  await expect(from.locator('option', { hasText: '钱经理' })).toHaveCount(0);
  await from.selectOption({ label: '赵磊（业务员）' });
  await expect(mine.getByRole('table', { name: '将要交接的内容' }).getByRole('row', { name: /^客户/ })).toContainText(
    '3 个',
  );
  const to = mine.getByLabel('接收人');
  await expect(to.locator('option', { hasText: '李娜' })).toHaveCount(0);
  await to.selectOption({ label: '钱经理（销售经理）' });
  await shot(page, '99b-manager-handover');
  await mine.getByRole('button', { name: '确认交接' }).click();
  await crm.dialog('确认交接').getByRole('button', { name: '确认交接' }).click();
  await expect(crm.dialog('交接完成')).toContainText('赵磊的 3 个客户已交接，赵磊已停用。');
});
