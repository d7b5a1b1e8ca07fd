import { expect, type Locator, type Page } from '@playwright/test';

export interface NewCustomer {
  name: string;
  keyword: string;
  status?: string;
  phone?: string;
  region?: string;
  createdOn?: string;
}

export interface NewProduct {
  code?: string;
  name: string;
  category: string;
  model?: string;
  unit?: string;
  guidePrice?: string;
  annualFee?: string;
  supplier?: string;
}

export interface NewSupplier {
  name: string;
  shortName?: string;
  contactName?: string;
  phone?: string;
  mobile?: string;
}

/** Page object of the customer screen: the names are the manual's Chinese words. */
export class CrmPage {
  constructor(readonly page: Page) {}

  async setupAdmin(name = '张经理', login = 'admin', password = 'admin123') {
    await expect(this.page.getByRole('heading', { name: '创建管理员' })).toBeVisible();
    await this.page.getByLabel('姓名').fill(name);
    await this.page.getByLabel('登录账号').fill(login);
    await this.page.getByLabel('密码', { exact: true }).fill(password);
    await this.page.getByLabel('确认密码').fill(password);
    await this.page.getByRole('button', { name: '创建管理员' }).click();
    await expect(this.tree).toBeVisible();
  }

  async login(login: string, password: string) {
    await this.page.getByLabel('登录账号').fill(login);
    await this.page.getByLabel('密码', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: '登录' }).click();
  }

  async logout() {
    await this.page.getByRole('menubar').getByRole('menuitem', { name: '系统' }).click();
    await this.page.getByRole('menu', { name: '系统' }).getByRole('menuitem', { name: '退出登录' }).click();
    await expect(this.page.getByRole('button', { name: '登录' })).toBeVisible();
  }

  get tree(): Locator {
    return this.page.getByRole('tree', { name: '客户状态' });
  }

  status(name: string): Locator {
    return this.tree.getByRole('treeitem', { name: new RegExp(`^${name}`) });
  }

  get grid(): Locator {
    return this.page.getByRole('treegrid').or(this.page.getByRole('grid')).first();
  }

  row(customerName: string): Locator {
    return this.page.locator('.grid-host .ag-row', { hasText: customerName });
  }

  get messages(): Locator {
    return this.page.getByRole('log', { name: 'Message' }).getByRole('listitem');
  }

  get menu(): Locator {
    return this.page.locator('.context-menu[role=menu]');
  }

  dialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** Fills the open customer form. */
  async fillCustomer(form: Locator, c: Partial<NewCustomer>) {
    if (c.name !== undefined) await form.getByLabel('客户名称').fill(c.name);
    if (c.keyword !== undefined) await form.getByLabel('关键字').fill(c.keyword);
    if (c.status) await form.getByLabel('客户状态').selectOption({ label: c.status });
    if (c.phone !== undefined) await form.getByLabel('电话').fill(c.phone);
    if (c.region !== undefined) await form.getByLabel('地区').fill(c.region);
    if (c.createdOn !== undefined) await form.getByLabel('创建日期').fill(c.createdOn);
  }

  /** Creates a customer with the '创建客户' button at the top; expects no duplicate warning. */
  async createCustomer(c: NewCustomer) {
    await this.page.locator('.menubar').getByRole('button', { name: '创建客户' }).click();
    const form = this.dialog('创建客户');
    await this.fillCustomer(form, c);
    await form.getByRole('button', { name: '确定' }).click();
    await expect(form).toBeHidden();
    await expect(this.row(c.name)).toBeVisible();
  }

  async rightClickRow(customerName: string, modifiers: ('Control' | 'Shift')[] = []) {
    await this.row(customerName).locator('.ag-cell').first().click({ button: 'right', modifiers });
    await expect(this.menu).toBeVisible();
  }

  menuItem(name: string): Locator {
    return this.menu.getByRole('menuitem', { name, exact: true });
  }

  /** Chooses an entry of a menu bar menu, e.g. ('商品管理', '商品注册'). */
  async openFromMenu(menu: string, item: string) {
    await this.page.getByRole('menubar').getByRole('menuitem', { name: menu }).click();
    await this.page.getByRole('menu', { name: menu }).getByRole('menuitem', { name: item, exact: true }).click();
  }

  /** A row of an AG Grid inside a dialog, found by text in it (a product's 编号, a supplier's name). */
  gridRow(dialog: Locator, text: string): Locator {
    return dialog.locator('.ag-row', { hasText: text });
  }

  /** In the open 商品注册 window: right-click the 商品大类 list → 新增大类. */
  async addCategory(name: string) {
    const products = this.dialog('商品注册');
    await products.getByRole('listbox', { name: '商品大类' }).click({ button: 'right' });
    await this.menuItem('新增大类').click();
    const prompt = this.dialog('新增大类');
    await prompt.getByLabel('商品大类').fill(name);
    await prompt.getByRole('button', { name: '确定' }).click();
    await expect(prompt).toBeHidden();
    await expect(
      products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: new RegExp(`^${name}`) }),
    ).toBeVisible();
  }

  /** In the open 商品注册 window: 新增 → fill the form → 确定. */
  async addProduct(p: NewProduct) {
    const products = this.dialog('商品注册');
    await products.getByRole('button', { name: '新增', exact: true }).click();
    const form = this.dialog('新增商品');
    if (p.code !== undefined) await form.getByLabel('编号').fill(p.code);
    await form.getByLabel('商品名称').fill(p.name);
    await form.getByLabel('商品大类').selectOption({ label: p.category });
    if (p.model !== undefined) await form.getByLabel('规格型号').fill(p.model);
    if (p.unit !== undefined) await form.getByLabel('单位').fill(p.unit);
    if (p.guidePrice !== undefined) await form.getByLabel('指导价').fill(p.guidePrice);
    if (p.annualFee !== undefined) await form.getByLabel('年服务费').fill(p.annualFee);
    if (p.supplier !== undefined) await form.getByLabel('供应商').selectOption({ label: p.supplier });
    await form.getByRole('button', { name: '确定' }).click();
    await expect(form).toBeHidden();
    await expect(this.gridRow(products, p.code ?? p.name)).toBeVisible();
  }

  /** In the open 供应商管理 window: 新增 → fill the form → 确定. */
  async addSupplier(s: NewSupplier) {
    const suppliers = this.dialog('供应商管理');
    await suppliers.getByRole('button', { name: '新增', exact: true }).click();
    const form = this.dialog('新增供应商');
    await form.getByLabel('供应商名称').fill(s.name);
    if (s.shortName !== undefined) await form.getByLabel('简称').fill(s.shortName);
    if (s.contactName !== undefined) await form.getByLabel('联系人').fill(s.contactName);
    if (s.phone !== undefined) await form.getByLabel('电话').fill(s.phone);
    if (s.mobile !== undefined) await form.getByLabel('手机').fill(s.mobile);
    await form.getByRole('button', { name: '确定' }).click();
    await expect(form).toBeHidden();
    await expect(this.gridRow(suppliers, s.name)).toBeVisible();
  }

  /** Selects a customer row: it becomes the customer of the tabs (areas 4–9). */
  async selectCustomer(customerName: string) {
    await this.row(customerName).locator('.ag-cell').first().click();
    await expect(this.row(customerName)).toHaveClass(/ag-row-selected/);
  }

  /** Opens one of the customer's tabs (联系人 … 授权) and returns its panel. */
  async openTab(name: string): Promise<Locator> {
    await this.page.getByRole('tab', { name, exact: true }).click();
    return this.page.getByRole('tabpanel', { name });
  }

  /** Right-click → '授权给其他业务员' on the selected rows, pick the salesperson, optional 结束日期, 确定. */
  async delegateSelected(onRow: string, to: string, endOn?: string) {
    await this.rightClickRow(onRow);
    await this.menuItem('授权给其他业务员').click();
    const dialog = this.dialog('授权给其他业务员');
    await dialog.getByLabel('授权给').selectOption({ label: to });
    if (endOn) await dialog.getByLabel('结束日期').fill(endOn);
    await dialog.getByRole('button', { name: '确定' }).click();
    await expect(dialog).toBeHidden();
  }

  /** The 人员管理 window (administrator), opened from the menu bar. */
  async openStaff(): Promise<Locator> {
    await this.openFromMenu('人员管理', '人员管理');
    const win = this.dialog('人员管理');
    await expect(win).toBeVisible();
    return win;
  }

  /** In the 人员管理 window: a member of staff's row, by a text in it (name, login). */
  staffRow(text: string): Locator {
    return this.gridRow(this.dialog('人员管理'), text);
  }

  /** The forced or voluntary 修改密码 dialog: 原密码, 新密码, 确认新密码, 确定. */
  async changePassword(oldPassword: string, newPassword: string, confirm = newPassword) {
    const dialog = this.dialog('修改密码');
    await dialog.getByLabel('原密码').fill(oldPassword);
    await dialog.getByLabel('新密码', { exact: true }).fill(newPassword);
    await dialog.getByLabel('确认新密码').fill(confirm);
    await dialog.getByRole('button', { name: '确定' }).click();
  }

  // ── Draft tabs (联系人, 日志及维护记录 …): edited in place, written by '保存' ──

  /** The open tab's panel. */
  get draftPanel(): Locator {
    return this.page.getByRole('tabpanel');
  }

  /** A button of the draft tab's toolbar: 新增, 删除, 保存, 刷新. */
  draftButton(name: '新增' | '删除' | '保存' | '刷新'): Locator {
    return this.draftPanel.getByRole('toolbar').getByRole('button', { name, exact: true });
  }

  /** A row of the draft grid, by a text in it. */
  draftRow(text: string): Locator {
    return this.draftPanel.locator('.draft-grid .ag-row', { hasText: text });
  }

  /** A row of the draft grid whose cell in `field` reads exactly `text`. */
  draftRowWhere(field: string, text: string): Locator {
    const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    return this.draftPanel
      .locator('.draft-grid .ag-row')
      .filter({ has: this.page.locator(`.ag-cell[col-id="${field}"]`, { hasText: exact }) });
  }

  /** The empty draft grid's '没有记录'. */
  get draftNoRows(): Locator {
    return this.draftPanel.locator('.ag-overlay-no-rows-center');
  }

  /** One cell of a draft row, by its field ('name', 'mobile', 'content' …). */
  draftCell(row: Locator, field: string): Locator {
    return row.locator(`.ag-cell[col-id="${field}"]`);
  }

  /** The cell editor open now, named by its column's header ('姓名', '内容' …). */
  cellEditor(header: string): Locator {
    return this.draftPanel.getByLabel(header, { exact: true });
  }

  /** Edits a cell in place: double-click, then type and Enter (or pick an option). */
  async editCell(row: Locator, field: string, header: string, value: string, opts: { select?: boolean } = {}) {
    await this.draftCell(row, field).dblclick();
    const editor = this.cellEditor(header);
    if (opts.select) {
      await editor.selectOption({ label: value });
    } else {
      await editor.fill(value);
      await editor.press('Enter');
    }
    await expect(editor).toBeHidden();
  }

  /** '新增' in 联系人, then 姓名 and the other given cells (not saved yet). */
  async addContact(c: { name: string; mobile?: string; email?: string; title?: string; primary?: boolean }) {
    await this.draftButton('新增').click();
    const name = this.cellEditor('姓名');
    await name.fill(c.name);
    await name.press('Enter');
    const row = this.draftRow(c.name);
    if (c.title) await this.editCell(row, 'title', '职务', c.title);
    if (c.mobile) await this.editCell(row, 'mobile', '手机', c.mobile);
    if (c.email) await this.editCell(row, 'email', '邮箱', c.email);
    if (c.primary) await this.draftCell(row, 'isPrimary').locator('input[type=checkbox]').click();
    return row;
  }

  /** The question before leaving unsaved edits: 保存 / 不保存 / 取消. */
  get leaveDialog(): Locator {
    return this.dialog('保存修改');
  }

  async answerLeave(choice: '保存' | '不保存' | '取消') {
    await this.leaveDialog.getByRole('button', { name: choice, exact: true }).click();
    await expect(this.leaveDialog).toBeHidden();
  }

  // ── 售前报价 and 购买情况: lines added with the product picker ──

  /**
   * In the open 商品选择: click the first product (by 编号), Ctrl-click the others, '确定'.
   * The picker closes and hands them back in the order it shows them.
   */
  async pickInPicker(codes: string[]) {
    const picker = this.dialog('商品选择');
    await expect(picker).toBeVisible();
    for (const [i, code] of codes.entries()) {
      await this.gridRow(picker, code)
        .locator('.ag-cell')
        .first()
        .click({ modifiers: i === 0 ? [] : ['Control'] });
      await expect(this.gridRow(picker, code)).toHaveClass(/ag-row-selected/);
    }
    await expect(picker.getByText(`已选 ${codes.length} 个`)).toBeVisible();
    await picker.getByRole('button', { name: '确定' }).click();
    await expect(picker).toBeHidden();
  }

  /** '新增' in 售前报价 or 购买情况: the picker, then a line per product (not saved yet). */
  async addLines(codes: string[]) {
    await this.draftButton('新增').click();
    await this.pickInPicker(codes);
    for (const code of codes) await expect(this.draftRow(code)).toBeVisible();
  }

  /** The totals under the open tab's grid (合计 …). */
  get lineTotals(): Locator {
    return this.draftPanel.getByRole('status', { name: '合计' });
  }
}
