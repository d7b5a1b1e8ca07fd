import { expect, type Locator, type Page } from '@playwright/test';

export interface NewCustomer {
  name: string;
  keyword: string;
  status?: string;
  phone?: string;
  region?: string;
  createdOn?: string;
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
}
