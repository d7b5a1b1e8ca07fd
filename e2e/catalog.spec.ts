import { expect, shot, test } from './fixtures';

test.beforeEach(async ({ crm }) => {
  await crm.setupAdmin();
});

const SUPPLIER = '用友网络科技股份有限公司';

test('register a category, a supplier and three products; the picker returns exactly the two Ctrl-clicked', async ({
  crm,
  page,
}) => {
  // 供应商管理
  await crm.openFromMenu('供应商管理', '供应商管理');
  const suppliers = crm.dialog('供应商管理');
  await crm.addSupplier({ name: SUPPLIER, shortName: '用友', contactName: '陈经理', phone: '010-62436688' });
  await expect(suppliers.getByText('共 1 个供应商')).toBeVisible();
  await expect(suppliers.getByRole('status')).toContainText(`新增供应商 ${SUPPLIER}`);
  await shot(page, '40-suppliers');
  await suppliers.getByRole('button', { name: '关闭' }).last().click();
  await expect(suppliers).toBeHidden();

  // 商品管理 › 商品注册: two categories, three products.
  await crm.openFromMenu('商品管理', '商品注册');
  const products = crm.dialog('商品注册');
  await expect(products.getByRole('button', { name: '新增', exact: true })).toBeDisabled(); // no category yet
  await crm.addCategory('办公软件');
  await crm.addCategory('网络设备');
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
    annualFee: '3000',
    supplier: SUPPLIER,
  });
  await crm.addProduct({ code: 'WL-001', name: '用友加密狗', category: '网络设备', unit: '个', guidePrice: '0.10' });

  // A product saved into another category than the one listed switches the list to it.
  await expect(
    products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^网络设备/ }),
  ).toHaveAttribute('aria-selected', 'true');
  await products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^全部/ }).click();
  // Money is shown with two decimals; the category list counts its products.
  await expect(crm.gridRow(products, 'RJ-001')).toContainText('12,800.00');
  await expect(crm.gridRow(products, 'RJ-001')).toContainText('1,999.90');
  await expect(crm.gridRow(products, 'RJ-001')).toContainText(SUPPLIER);
  await expect(crm.gridRow(products, 'WL-001')).toContainText('0.10');
  await expect(
    products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^办公软件/ }),
  ).toHaveText(/\(2\)/);
  await expect(products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^全部/ })).toHaveText(
    /\(3\)/,
  );
  await expect(crm.messages.first()).toContainText('新增商品 用友加密狗');
  await expect(crm.messages.first()).toContainText('成功');
  await expect(products.getByRole('status')).toContainText('新增商品 用友加密狗');

  // Selecting a category shows its products only; the search box filters in SQL.
  await products
    .getByRole('listbox', { name: '商品大类' })
    .getByRole('option', { name: /^网络设备/ })
    .click();
  await expect(crm.gridRow(products, 'WL-001')).toBeVisible();
  await expect(crm.gridRow(products, 'RJ-001')).toHaveCount(0);
  await products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^全部/ }).click();
  await products.getByRole('searchbox', { name: '搜索关键字' }).fill('pro');
  await products.getByRole('searchbox', { name: '搜索关键字' }).press('Enter');
  await expect(crm.gridRow(products, 'RJ-002')).toBeVisible();
  await expect(crm.gridRow(products, 'RJ-001')).toHaveCount(0);
  await expect(products.getByText('共 1 个商品')).toBeVisible();
  await products.getByRole('searchbox', { name: '搜索关键字' }).fill('');
  await expect(crm.gridRow(products, 'RJ-001')).toBeVisible();
  await shot(page, '41-products');

  // Double-click edits; the form shows the stored cents as yuan.
  await crm.gridRow(products, 'RJ-001').locator('.ag-cell').nth(1).dblclick();
  const edit = crm.dialog('编辑商品');
  await expect(edit.getByLabel('指导价')).toHaveValue('12800.00');
  await expect(edit.getByLabel('年服务费')).toHaveValue('1999.90');
  await edit.getByLabel('指导价').fill('12.345');
  await edit.getByRole('button', { name: '确定' }).click();
  await expect(edit.getByRole('alert').first()).toContainText('最多两位小数');
  await shot(page, '42-product-form');
  await edit.getByLabel('指导价').fill('12800.00');
  await edit.getByRole('button', { name: '取消' }).click();
  await products.getByRole('button', { name: '关闭' }).last().click();

  // 商品管理 › 商品查询 opens the picker at once.
  await crm.openFromMenu('商品管理', '商品查询');
  const picker = crm.dialog('商品选择');
  await expect(picker).toBeVisible();
  await expect(crm.gridRow(picker, 'RJ-001')).toBeVisible();
  await expect(crm.gridRow(picker, 'RJ-002')).toBeVisible();
  await expect(crm.gridRow(picker, 'WL-001')).toBeVisible();
  await expect(picker.getByText('共 3 个在售商品')).toBeVisible();

  // Keyword over 编号, 商品名称, 规格型号: 'U8' is RJ-002's model only.
  await picker.getByRole('searchbox', { name: '搜索关键字' }).fill('u8');
  await expect(crm.gridRow(picker, 'RJ-001')).toHaveCount(0);
  await expect(crm.gridRow(picker, 'WL-001')).toHaveCount(0);
  await expect(crm.gridRow(picker, 'RJ-002')).toBeVisible();
  // Keyword '用友' matches all three; the category narrows to 办公软件.
  await picker.getByRole('searchbox', { name: '搜索关键字' }).fill('用友');
  await expect(crm.gridRow(picker, 'WL-001')).toBeVisible();
  await picker.getByLabel('商品大类').selectOption({ label: '办公软件' });
  await expect(crm.gridRow(picker, 'WL-001')).toHaveCount(0);
  await expect(picker.getByText('共 2 个在售商品')).toBeVisible();

  // Click one, Ctrl-click the other: both selected.
  await crm.gridRow(picker, 'RJ-001').locator('.ag-cell').first().click();
  await crm
    .gridRow(picker, 'RJ-002')
    .locator('.ag-cell')
    .first()
    .click({ modifiers: ['Control'] });
  await expect(crm.gridRow(picker, 'RJ-001')).toHaveClass(/ag-row-selected/);
  await expect(crm.gridRow(picker, 'RJ-002')).toHaveClass(/ag-row-selected/);
  await expect(picker.getByText('已选 2 个')).toBeVisible();
  await shot(page, '43-picker');
  await picker.getByRole('button', { name: '确定' }).click();
  await expect(picker).toBeHidden();

  // '确定' handed back exactly those two: the lookup lists them with exact totals.
  const lookup = crm.dialog('商品查询');
  const table = lookup.getByRole('table', { name: '商品查询' });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').nth(0)).toContainText('RJ-001');
  await expect(table.locator('tbody tr').nth(1)).toContainText('RJ-002');
  await expect(table.locator('tbody')).not.toContainText('WL-001');
  await expect(table.locator('tfoot')).toContainText('合计（2）');
  await expect(table.locator('tfoot')).toContainText('38,400.50');
  await expect(table.locator('tfoot')).toContainText('4,999.90');
  await shot(page, '44-lookup');
});

test('the picker: Shift-click selects a range, Ctrl-click removes one, double-click picks one, 取消 picks none', async ({
  crm,
  page,
}) => {
  await crm.openFromMenu('商品管理', '商品注册');
  await crm.addCategory('耗材');
  for (const [code, price] of [
    ['HC-1', '0.10'],
    ['HC-2', '0.20'],
    ['HC-3', '0.30'],
    ['HC-4', '0.40'],
  ]) {
    await crm.addProduct({ code, name: `打印纸${code}`, category: '耗材', guidePrice: price });
  }
  await crm.dialog('商品注册').getByRole('button', { name: '关闭' }).last().click();

  await crm.openFromMenu('商品管理', '商品查询');
  const picker = crm.dialog('商品选择');
  const lookup = crm.dialog('商品查询');
  const rows = lookup.getByRole('table', { name: '商品查询' }).locator('tbody tr');

  // 取消: nothing added.
  await expect(crm.gridRow(picker, 'HC-4')).toBeVisible();
  await picker.getByRole('button', { name: '取消' }).click();
  await expect(picker).toBeHidden();
  await expect(rows).toHaveText(['尚未选择商品']);

  // Shift-click from HC-1 to HC-4 selects four; Ctrl-click takes HC-3 out again.
  await lookup.getByRole('button', { name: '选择商品' }).click();
  await crm.gridRow(picker, 'HC-1').locator('.ag-cell').first().click();
  await crm
    .gridRow(picker, 'HC-4')
    .locator('.ag-cell')
    .first()
    .click({ modifiers: ['Shift'] });
  await expect(picker.getByText('已选 4 个')).toBeVisible();
  await crm
    .gridRow(picker, 'HC-3')
    .locator('.ag-cell')
    .first()
    .click({ modifiers: ['Control'] });
  await expect(picker.getByText('已选 3 个')).toBeVisible();
  await expect(crm.gridRow(picker, 'HC-3')).not.toHaveClass(/ag-row-selected/);
  await picker.getByRole('button', { name: '确定' }).click();
  await expect(rows).toHaveCount(3);
  await expect(lookup.locator('tfoot')).toContainText('0.70');

  // Double-click picks that one product at once; one already listed is not listed twice.
  await lookup.getByRole('button', { name: '选择商品' }).click();
  await crm.gridRow(picker, 'HC-3').locator('.ag-cell').first().dblclick();
  await expect(picker).toBeHidden();
  await expect(rows).toHaveCount(4);
  await lookup.getByRole('button', { name: '选择商品' }).click();
  await crm.gridRow(picker, 'HC-1').locator('.ag-cell').first().dblclick();
  await expect(rows).toHaveCount(4);
  // 0.10 + 0.20 + 0.30 + 0.40, exactly.
  await expect(lookup.locator('tfoot')).toContainText('1.00');
  await shot(page, '45-lookup-range');
});

test('refusals: a used product cannot be deleted but can stop selling; categories and suppliers in use stay', async ({
  crm,
  page,
  app,
}) => {
  await crm.openFromMenu('供应商管理', '供应商管理');
  await crm.addSupplier({ name: '华为技术有限公司', shortName: '华为' });
  await crm.addSupplier({ name: '没有商品的供应商' });
  await crm.dialog('供应商管理').getByRole('button', { name: '关闭' }).last().click();

  await crm.openFromMenu('商品管理', '商品注册');
  const products = crm.dialog('商品注册');
  await crm.addCategory('网络设备');
  await crm.addProduct({ code: 'SW-1', name: '华为交换机', category: '网络设备', supplier: '华为技术有限公司' });
  await crm.addProduct({ code: 'SW-2', name: '华为路由器', category: '网络设备' });

  // A customer was quoted SW-1 (the quote tab is another issue's: write the row directly).
  const at = new Date().toISOString();
  const db = app.db;
  const customerId = Number(
    db
      .prepare(
        `INSERT INTO customer (name, keyword, name_fold, keyword_fold, status_id, owner_id, created_on, created_at, updated_at)
         VALUES ('测试客户', '测试', '测试客户', '测试', 1, 1, '2026-01-01', ?, ?)`,
      )
      .run(at, at).lastInsertRowid,
  );
  const productId = db.prepare(`SELECT id FROM product WHERE code = 'SW-1'`).pluck().get();
  db.prepare(
    `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, created_at, updated_at)
     VALUES (?, ?, '2026-01-01', 1, 100, ?, ?)`,
  ).run(customerId, productId, at, at);

  // Delete SW-1: refused, said in Message and in the window.
  await crm.gridRow(products, 'SW-1').locator('.ag-cell').first().click();
  await products.getByRole('button', { name: '删除', exact: true }).click();
  await crm.dialog('删除').getByRole('button', { name: '删除' }).click();
  await expect(products.getByRole('status')).toContainText('已用于 1 条报价，不能删除；可以改为停售');
  await expect(crm.messages.first()).toContainText('删除商品 华为交换机');
  await expect(crm.messages.first()).toContainText('失败');
  await expect(crm.gridRow(products, 'SW-1')).toBeVisible();

  // 停售 instead: the row says 否, the button offers 恢复在售, and the picker no longer offers it.
  await products.getByRole('button', { name: '停售' }).click();
  await expect(crm.gridRow(products, 'SW-1').locator('[col-id=onSale]')).toHaveText('否');
  await expect(products.getByRole('button', { name: '恢复在售' })).toBeVisible();
  await expect(crm.messages.first()).toContainText('停售商品 华为交换机');
  await products.getByLabel('在售').selectOption({ label: '停售' });
  await expect(crm.gridRow(products, 'SW-2')).toHaveCount(0);
  await expect(crm.gridRow(products, 'SW-1')).toBeVisible();
  await products.getByLabel('在售').selectOption({ label: '全部' });

  // SW-2 is unused: deleted.
  await crm.gridRow(products, 'SW-2').locator('.ag-cell').first().click({ button: 'right' });
  await crm.menuItem('删除').click();
  await crm.dialog('删除').getByRole('button', { name: '删除' }).click();
  await expect(crm.gridRow(products, 'SW-2')).toHaveCount(0);
  await expect(crm.messages.first()).toContainText('删除商品 华为路由器');
  await expect(crm.messages.first()).toContainText('成功');

  // The category still holds SW-1: delete refused.
  await products
    .getByRole('listbox', { name: '商品大类' })
    .getByRole('option', { name: /^网络设备/ })
    .click({ button: 'right' });
  await crm.menuItem('删除大类').click();
  await crm.dialog('删除大类').getByRole('button', { name: '删除大类' }).click();
  await expect(products.getByRole('status')).toContainText('下还有 1 个商品');
  await expect(
    products.getByRole('listbox', { name: '商品大类' }).getByRole('option', { name: /^网络设备/ }),
  ).toBeVisible();
  await shot(page, '46-refusals');
  await products.getByRole('button', { name: '关闭' }).last().click();

  await crm.openFromMenu('商品管理', '商品查询');
  // SW-1 stopped, SW-2 deleted: nothing left to offer.
  await expect(crm.dialog('商品选择').getByText('共 0 个在售商品')).toBeVisible();
  await expect(crm.dialog('商品选择').locator('.ag-overlay-no-rows-center')).toHaveText('没有符合条件的在售商品');
  await crm.dialog('商品选择').getByRole('button', { name: '取消' }).click();
  await crm.dialog('商品查询').getByRole('button', { name: '关闭' }).last().click();

  // The supplier SW-1 names cannot be deleted; it can be disabled. The other one can be deleted.
  await crm.openFromMenu('供应商管理', '供应商管理');
  const suppliers = crm.dialog('供应商管理');
  await crm.gridRow(suppliers, '华为技术有限公司').locator('.ag-cell').first().click();
  await suppliers.getByRole('button', { name: '删除', exact: true }).click();
  await crm.dialog('删除').getByRole('button', { name: '删除' }).click();
  await expect(suppliers.getByRole('status')).toContainText('还有 1 个商品，不能删除；可以改为停用');
  await suppliers.getByRole('button', { name: '停用' }).click();
  await expect(crm.gridRow(suppliers, '华为技术有限公司').locator('[col-id=active]')).toHaveText('否');
  await expect(crm.messages.first()).toContainText('停用供应商 华为技术有限公司');
  await crm.gridRow(suppliers, '没有商品的供应商').locator('.ag-cell').first().click();
  await suppliers.getByRole('button', { name: '删除', exact: true }).click();
  await crm.dialog('删除').getByRole('button', { name: '删除' }).click();
  await expect(crm.gridRow(suppliers, '没有商品的供应商')).toHaveCount(0);
  await expect(suppliers.getByText('共 1 个供应商')).toBeVisible();
  await shot(page, '47-suppliers-refusal');
});

test('a salesperson reads the catalog but cannot change it', async ({ crm, page, app }) => {
  await crm.openFromMenu('商品管理', '商品注册');
  await crm.addCategory('软件');
  await crm.addProduct({ code: 'RJ-9', name: '金蝶KIS', category: '软件', guidePrice: '980' });
  await crm.dialog('商品注册').getByRole('button', { name: '关闭' }).last().click();
  app.addStaff('李娜', 'lina');
  await crm.logout();
  await crm.login('lina', 'secret1');

  await crm.openFromMenu('商品管理', '商品注册');
  const products = crm.dialog('商品注册');
  await expect(crm.gridRow(products, 'RJ-9')).toContainText('980.00');
  await expect(products.getByRole('button', { name: '新增', exact: true })).toBeDisabled();
  await crm.gridRow(products, 'RJ-9').locator('.ag-cell').first().click();
  await expect(products.getByRole('button', { name: '删除', exact: true })).toBeDisabled();
  await expect(products.getByRole('button', { name: '停售' })).toBeDisabled();
  // Double-click shows the product read-only.
  await crm.gridRow(products, 'RJ-9').locator('.ag-cell').first().dblclick();
  const view = crm.dialog('商品资料');
  await expect(view.getByLabel('商品名称')).toHaveValue('金蝶KIS');
  await expect(view.getByLabel('商品名称')).toBeDisabled();
  await expect(view.getByRole('button', { name: '确定' })).toHaveCount(0);
  await shot(page, '48-sales-readonly');
  await view.getByRole('button', { name: '关闭' }).last().click();
  await products
    .getByRole('listbox', { name: '商品大类' })
    .getByRole('option', { name: /^软件/ })
    .click({ button: 'right' });
  await expect(crm.menuItem('新增大类')).toHaveAttribute('aria-disabled', 'true');
});
