import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, Product } from '../../core/contract.js';
import type { Connection } from '../context.js';
import { formatMoney, parseMoney, sumCents } from '../../core/money.js';
import { createTestApp, failure, newCustomer, planOf, testEngine, type TestApp } from '../testing.js';

let app: TestApp;
let adminId: number;
let admin: Connection;
let wang: Connection;

beforeEach(() => {
  app = createTestApp();
  adminId = app.addStaff('张经理', 'admin', 'admin');
  app.addStaff('王伟', 'wang');
  admin = app.login('admin');
  wang = app.login('wang');
});
afterEach(() => app.close());

const yuan = (text: string) => {
  const r = parseMoney(text);
  if (!r.ok) throw new Error(r.error);
  return r.cents;
};

const category = (name: string) => app.ok(admin, 'categories.create', { name });

function product(categoryId: number, over: Partial<Input<'products.create'>> = {}): Product {
  return app.ok(admin, 'products.create', { name: '用友财务软件', categoryId, ...over });
}

/** A quote or purchase of a product, written straight into the tables the tabs will own. */
function useProduct(productId: number, table: 'quote' | 'purchase') {
  const customer = app.ok(admin, 'customers.create', { ...newCustomer(adminId), confirmDuplicates: true });
  const at = app.clock.now().toISOString();
  if (table === 'quote') {
    app.db
      .prepare(
        `INSERT INTO quote (customer_id, product_id, quoted_on, quantity, price_cents, created_at, updated_at)
         VALUES (?, ?, '2026-11-26', 1, 100, ?, ?)`,
      )
      .run(customer.id, productId, at, at);
  } else {
    app.db
      .prepare(
        `INSERT INTO purchase (customer_id, product_id, purchased_on, quantity, unit_price_cents, amount_due_cents,
           created_at, updated_at)
         VALUES (?, ?, '2026-11-26', 2, 100, 200, ?, ?)`,
      )
      .run(customer.id, productId, at, at);
  }
}

describe('categories', () => {
  it('adds, lists in order with product counts, and renames', () => {
    expect(app.ok(wang, 'categories.list')).toEqual([]);
    const soft = category('软件');
    const hard = category('硬件');
    product(soft.id);
    product(soft.id, { name: '金蝶KIS', onSale: false });
    expect(app.ok(wang, 'categories.list')).toEqual([
      { id: soft.id, name: '软件', sortOrder: 1, productCount: 2 },
      { id: hard.id, name: '硬件', sortOrder: 2, productCount: 0 },
    ]);
    expect(app.ok(admin, 'categories.rename', { id: hard.id, name: '办公设备' })).toMatchObject({
      name: '办公设备',
      productCount: 0,
    });
    expect(app.ok(admin, 'categories.list').map((c) => c.name)).toEqual(['软件', '办公设备']);
  });

  it('refuses a name that exists (ignoring case) or is empty, naming the field', () => {
    const a = category('ERP');
    category('服务');
    const dup = failure(app.call(admin, 'categories.create', { name: 'erp' }));
    expect(dup).toMatchObject({ code: 'bad_input', fields: { name: '“ERP”已存在' } });
    expect(dup.message).toBe('商品大类：“ERP”已存在');
    expect(failure(app.call(admin, 'categories.rename', { id: a.id, name: '服务' })).message).toBe(
      '商品大类：“服务”已存在',
    );
    expect(failure(app.call(admin, 'categories.create', { name: '  ' })).message).toBe('商品大类：不能为空');
    // Renaming to its own name (another case) is fine.
    expect(app.ok(admin, 'categories.rename', { id: a.id, name: 'Erp' }).name).toBe('Erp');
    expect(app.count('SELECT count(*) FROM product_category')).toBe(2);
  });

  it('deletes only an empty category', () => {
    const soft = category('软件');
    const empty = category('空的');
    const p = product(soft.id, { onSale: false });
    const refused = failure(app.call(admin, 'categories.delete', { id: soft.id }));
    expect(refused).toMatchObject({ code: 'forbidden' });
    expect(refused.message).toBe('商品大类“软件”下还有 1 个商品（含停售的），不能删除');
    app.ok(admin, 'categories.delete', { id: empty.id });
    app.ok(admin, 'products.delete', { ids: [p.id] });
    app.ok(admin, 'categories.delete', { id: soft.id });
    expect(app.ok(admin, 'categories.list')).toEqual([]);
    expect(failure(app.call(admin, 'categories.delete', { id: soft.id })).code).toBe('not_found');
  });

  it('lets only an administrator change categories', () => {
    const soft = category('软件');
    expect(failure(app.call(wang, 'categories.create', { name: '硬件' }))).toMatchObject({
      code: 'forbidden',
      message: '只有管理员可以新增商品大类',
    });
    expect(failure(app.call(wang, 'categories.rename', { id: soft.id, name: '软' })).code).toBe('forbidden');
    expect(failure(app.call(wang, 'categories.delete', { id: soft.id })).code).toBe('forbidden');
    expect(app.ok(wang, 'categories.list').map((c) => c.name)).toEqual(['软件']);
  });
});

describe('products', () => {
  let soft: number;
  let hard: number;
  beforeEach(() => {
    soft = category('软件').id;
    hard = category('硬件').id;
  });

  it('registers a product with every field; money in exact cents', () => {
    const sup = app.ok(admin, 'suppliers.create', { name: '用友网络科技股份有限公司' });
    const p = product(soft, {
      code: 'U8-STD',
      name: '用友U8 标准版',
      model: 'V16.0',
      unit: '套',
      guidePriceCents: yuan('12800.10'),
      annualFeeCents: yuan('1999.99'),
      supplierId: sup.id,
      note: '含一年服务',
    });
    expect(p).toEqual({
      id: p.id,
      code: 'U8-STD',
      name: '用友U8 标准版',
      categoryId: soft,
      categoryName: '软件',
      model: 'V16.0',
      unit: '套',
      guidePriceCents: 1280010,
      annualFeeCents: 199999,
      supplierId: sup.id,
      supplierName: '用友网络科技股份有限公司',
      onSale: true,
      note: '含一年服务',
      version: 1,
    });
    expect(app.ok(wang, 'products.get', { id: p.id })).toEqual(p);
    expect(formatMoney(p.guidePriceCents)).toBe('12800.10');
  });

  it('assigns a code when none is given, and keeps codes unique ignoring case', () => {
    const a = product(soft);
    const b = product(soft, { name: '金蝶KIS' });
    expect([a.code, b.code]).toEqual(['SP00001', 'SP00002']);
    // A hand-typed code that takes the next automatic one is skipped over.
    product(soft, { code: 'SP00004', name: '速达' });
    product(soft, { code: 'sp00003', name: '管家婆' });
    expect(product(soft, { name: '畅捷通' }).code).toBe('SP00005');

    const dup = failure(app.call(admin, 'products.create', { code: 'Sp00001', name: '重复', categoryId: soft }));
    expect(dup).toMatchObject({ code: 'bad_input', fields: { code: '“SP00001”已被商品“用友财务软件”使用' } });
    expect(dup.message).toBe('编号：“SP00001”已被商品“用友财务软件”使用');
    const clash = failure(
      app.call(admin, 'products.update', { ...fieldsOf(b), id: b.id, version: b.version, code: 'sp00001' }),
    );
    expect(clash.fields).toEqual({ code: '“SP00001”已被商品“用友财务软件”使用' });
    expect(app.count('SELECT count(*) FROM product')).toBe(5);
  });

  it('names each bad field in Chinese and writes nothing', () => {
    const bad = failure(
      app.call(admin, 'products.create', {
        code: 'A 1',
        name: '',
        categoryId: 0,
        guidePriceCents: 12.3,
        annualFeeCents: -1,
      }),
    );
    expect(bad.code).toBe('bad_input');
    expect(bad.message).toContain('编号：不能包含空格');
    expect(bad.message).toContain('商品名称：不能为空');
    expect(bad.message).toContain('商品大类：必须是编号');
    expect(bad.message).toContain('指导价：金额必须精确到分');
    expect(bad.message).toContain('年服务费：不能为负数');
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(
      ['annualFeeCents', 'categoryId', 'code', 'guidePriceCents', 'name'].sort(),
    );
    expect(failure(app.call(admin, 'products.create', { name: 'x', categoryId: 999 })).message).toBe(
      '商品大类：不存在',
    );
    expect(failure(app.call(admin, 'products.create', { name: 'x', categoryId: soft, supplierId: 999 })).message).toBe(
      '供应商：不存在',
    );
    expect(app.count('SELECT count(*) FROM product')).toBe(0);
  });

  it('offers only suppliers in use for new choices, but keeps a disabled one already named', () => {
    const sup = app.ok(admin, 'suppliers.create', { name: '华为技术有限公司' });
    const p = product(hard, { supplierId: sup.id });
    app.ok(admin, 'suppliers.setActive', { ids: [sup.id], active: false });
    expect(
      failure(app.call(admin, 'products.create', { name: 'x', categoryId: hard, supplierId: sup.id })).message,
    ).toBe('供应商：“华为技术有限公司”已停用');
    const edited = app.ok(admin, 'products.update', { ...fieldsOf(p), id: p.id, version: p.version, unit: '台' });
    expect(edited).toMatchObject({ supplierId: sup.id, unit: '台', version: 2 });
  });

  it('edits with the version it read; a stale version is a conflict', () => {
    const p = product(soft, { guidePriceCents: 100 });
    const edited = app.ok(admin, 'products.update', {
      ...fieldsOf(p),
      id: p.id,
      version: p.version,
      name: '用友畅捷通T+',
      categoryId: hard,
      guidePriceCents: yuan('0.30'),
    });
    expect(edited).toMatchObject({ name: '用友畅捷通T+', categoryName: '硬件', guidePriceCents: 30, version: 2 });
    const stale = failure(app.call(admin, 'products.update', { ...fieldsOf(p), id: p.id, version: 1, unit: '个' }));
    expect(stale).toMatchObject({ code: 'conflict' });
    expect(stale.message).toContain('已被其他人修改');
    // Nothing changed: nothing written, the version stays.
    expect(app.ok(admin, 'products.update', { ...fieldsOf(edited), id: p.id, version: 2 }).version).toBe(2);
    // An empty code on edit keeps the code it has.
    expect(app.ok(admin, 'products.update', { ...fieldsOf(edited), id: p.id, version: 2, code: '' }).code).toBe(p.code);
  });

  it('refuses deleting a product a quote or purchase uses; it can be taken off sale instead', () => {
    const quoted = product(soft, { name: '报价过的' });
    const bought = product(soft, { name: '买过的' });
    const unused = product(soft, { name: '没用过的' });
    useProduct(quoted.id, 'quote');
    useProduct(bought.id, 'purchase');

    const q = failure(app.call(admin, 'products.delete', { ids: [quoted.id] }));
    expect(q).toMatchObject({ code: 'forbidden', message: '商品“报价过的”已用于 1 条报价，不能删除；可以改为停售' });
    expect(failure(app.call(admin, 'products.delete', { ids: [bought.id] })).message).toBe(
      '商品“买过的”已用于 1 条购买记录，不能删除；可以改为停售',
    );
    // All or nothing: the unused one in the same request stays too.
    failure(app.call(admin, 'products.delete', { ids: [unused.id, bought.id] }));
    expect(app.count('SELECT count(*) FROM product')).toBe(3);

    expect(app.ok(admin, 'products.delete', { ids: [unused.id, unused.id] })).toEqual({ count: 1 });
    expect(app.ok(admin, 'products.setOnSale', { ids: [quoted.id, bought.id], onSale: false })).toEqual({ count: 2 });
    expect(app.ok(admin, 'products.setOnSale', { ids: [quoted.id], onSale: false })).toEqual({ count: 0 });
    expect(app.ok(admin, 'products.get', { id: quoted.id })).toMatchObject({ onSale: false, version: 2 });
    // The quote and purchase still reach their product.
    expect(app.count('SELECT count(*) FROM quote q JOIN product p ON p.id = q.product_id')).toBe(1);
    expect(app.count('SELECT count(*) FROM purchase b JOIN product p ON p.id = b.product_id')).toBe(1);
    expect(failure(app.call(admin, 'products.delete', { ids: [999] })).code).toBe('not_found');
  });

  it('lets a salesperson read the catalog but not change it', () => {
    const p = product(soft);
    expect(app.ok(wang, 'products.page', {}).rows.map((r) => r.id)).toEqual([p.id]);
    expect(app.ok(wang, 'products.pick', {}).rows.map((r) => r.id)).toEqual([p.id]);
    const refusals = [
      app.call(wang, 'products.create', { name: 'x', categoryId: soft }),
      app.call(wang, 'products.update', { ...fieldsOf(p), id: p.id, version: 1, name: 'y' }),
      app.call(wang, 'products.delete', { ids: [p.id] }),
      app.call(wang, 'products.setOnSale', { ids: [p.id], onSale: false }),
    ].map((r) => failure(r));
    expect(refusals.map((e) => e.message)).toEqual([
      '只有管理员可以新增商品',
      '只有管理员可以修改商品',
      '只有管理员可以删除商品',
      '只有管理员可以停售商品',
    ]);
    expect(app.ok(admin, 'products.get', { id: p.id })).toEqual(p);
  });

  it('pages with filters by category, on sale and keyword, and sorts on the server', () => {
    product(soft, { code: 'S-001', name: '用友U8', model: 'V16', guidePriceCents: 300 });
    product(soft, { code: 'S-002', name: '金蝶K3', model: 'wise', guidePriceCents: 100, onSale: false });
    product(hard, { code: 'H-001', name: '联想服务器', model: 'SR650', guidePriceCents: 200 });
    product(hard, { code: 'H-002', name: '100%纯铜网线_6类', model: '', guidePriceCents: 50 });
    const codes = (input: Input<'products.page'>) => app.ok(admin, 'products.page', input).rows.map((r) => r.code);

    expect(codes({})).toEqual(['H-001', 'H-002', 'S-001', 'S-002']);
    expect(codes({ categoryId: soft })).toEqual(['S-001', 'S-002']);
    expect(codes({ onSale: false })).toEqual(['S-002']);
    expect(codes({ onSale: true, categoryId: soft })).toEqual(['S-001']);
    // Keyword: 编号, 商品名称 or 规格型号, Latin letters in any case, full-width typed the same.
    expect(codes({ search: 's-00' })).toEqual(['S-001', 'S-002']);
    expect(codes({ search: '服务器' })).toEqual(['H-001']);
    expect(codes({ search: 'WISE' })).toEqual(['S-002']);
    expect(codes({ search: 'ｓｒ６５０' })).toEqual(['H-001']);
    // % and _ are plain characters, not wildcards.
    expect(codes({ search: '%' })).toEqual(['H-002']);
    expect(codes({ search: '_' })).toEqual(['H-002']);
    expect(codes({ search: '1_0' })).toEqual([]);

    expect(codes({ sort: { field: 'guidePriceCents', dir: 'desc' } })).toEqual(['S-001', 'H-001', 'S-002', 'H-002']);
    expect(codes({ sort: { field: 'categoryName', dir: 'asc' } })).toEqual(['S-001', 'S-002', 'H-001', 'H-002']);
    expect(codes({ sort: { field: 'name', dir: 'asc' }, offset: 1, limit: 2 })).toHaveLength(2);

    const first = app.ok(admin, 'products.page', { limit: 3, withTotal: true });
    expect(first.total).toBe(4);
    expect(first.rows).toHaveLength(3);
    expect(first.rows[0]).not.toHaveProperty('version');
    expect(app.ok(admin, 'products.page', { offset: 3, limit: 3 })).toEqual({ rows: [expect.anything()], total: null });

    const bad = failure(app.call(admin, 'products.page', { sort: { field: 'price' as never, dir: 'asc' } }));
    expect(bad.message).toContain('排序列');
  });

  it('picks products for sale only, by category and keyword, and sums their prices exactly', () => {
    const prices = ['0.10', '0.20', '19.99', '1.15', '4.35'];
    prices.forEach((p, i) => product(soft, { code: `P${i}`, name: `配件${i}`, guidePriceCents: yuan(p) }));
    product(soft, { code: 'P9', name: '停售的配件', onSale: false, guidePriceCents: 999 });
    product(hard, { code: 'H1', name: '主机', model: '配件柜', annualFeeCents: yuan('0.10') });

    const all = app.ok(wang, 'products.pick', {});
    expect(all.total).toBe(6);
    expect(all.rows.map((r) => r.code)).toEqual(['H1', 'P0', 'P1', 'P2', 'P3', 'P4']);
    expect(all.rows[1]).toEqual({
      id: expect.any(Number),
      code: 'P0',
      name: '配件0',
      categoryId: soft,
      categoryName: '软件',
      model: '',
      unit: '',
      guidePriceCents: 10,
      annualFeeCents: 0,
    });
    const inSoft = app.ok(wang, 'products.pick', { categoryId: soft });
    expect(inSoft.rows.map((r) => r.code)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
    expect(formatMoney(sumCents(inSoft.rows.map((r) => r.guidePriceCents)))).toBe('25.79');
    // '配件' is in names and in H1's 规格型号; the stopped one is never offered.
    expect(app.ok(wang, 'products.pick', { search: '配件' }).total).toBe(6);
    expect(app.ok(wang, 'products.pick', { search: '配件', categoryId: hard }).rows.map((r) => r.code)).toEqual(['H1']);
    expect(app.ok(wang, 'products.pick', { search: '停售' })).toEqual({ rows: [], total: 0 });
    // A cut list says how many match in all.
    const cut = app.ok(wang, 'products.pick', { limit: 2 });
    expect(cut.rows.map((r) => r.code)).toEqual(['H1', 'P0']);
    expect(cut.total).toBe(6);
  });

  it('adds many 0.10 prices to an exact total', () => {
    const insert = app.db.prepare(
      `INSERT INTO product (code, name, category_id, guide_price_cents, created_at, updated_at)
       VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    app.db.transaction(() => {
      for (let i = 0; i < 1000; i++)
        insert.run(`D${String(i).padStart(4, '0')}`, `一毛钱的商品${i}`, soft, yuan('0.10'));
    })();
    const picked = app.ok(wang, 'products.pick', { limit: 2000 });
    expect(picked.rows).toHaveLength(1000);
    expect(formatMoney(sumCents(picked.rows.map((r) => r.guidePriceCents)))).toBe('100.00');
    expect(app.count('SELECT sum(guide_price_cents) FROM product')).toBe(10000);
  });
});

describe('10,000 products', () => {
  it('pages and picks correctly from a large catalog, through the indexes', () => {
    const cats = ['软件', '硬件', '耗材', '服务', '网络'].map((name) => category(name).id);
    const insert = app.db.prepare(
      `INSERT INTO product (code, name, category_id, model, guide_price_cents, on_sale, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    app.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        // Codes inserted out of order, so the order has to come from the query.
        const n = (i * 7919) % 10_000;
        insert.run(
          `C${String(n).padStart(5, '0')}`,
          `商品${n}号`,
          cats[n % 5],
          `M-${n % 100}`,
          n,
          n % 10 === 9 ? 0 : 1,
        );
      }
    })();

    // 软件 = every n with n % 5 == 0: 2,000 products, of which n % 10 == 9 never hits, so all on sale.
    const soft = app.ok(wang, 'products.pick', { categoryId: cats[0], limit: 50 });
    expect(soft.total).toBe(2000);
    expect(soft.rows.map((r) => r.code)).toEqual(
      Array.from({ length: 50 }, (_, k) => `C${String(k * 5).padStart(5, '0')}`),
    );
    // 网络 = n % 5 == 4: half of its 2,000 are n % 10 == 9, stopped.
    expect(app.ok(wang, 'products.pick', { categoryId: cats[4], limit: 1 }).total).toBe(1000);
    expect(app.ok(wang, 'products.pick', { limit: 1 }).total).toBe(9000);

    // Keyword over 编号 and 规格型号: 'M-42' is the model of n % 100 == 42 (n % 5 == 2: 耗材), 100 of them.
    const m42 = app.ok(wang, 'products.pick', { search: 'm-42', categoryId: cats[2], limit: 2000 });
    expect(m42.total).toBe(100);
    expect(m42.rows.every((r) => r.model === 'M-42' && r.categoryName === '耗材')).toBe(true);
    expect(app.ok(wang, 'products.pick', { search: 'C09999' }).rows).toEqual([]); // n = 9999: stopped
    expect(app.ok(wang, 'products.pick', { search: '商品9998号' }).rows.map((r) => r.code)).toEqual(['C09998']);

    // Paging deep into the grid returns the right block, and the total.
    const page = app.ok(admin, 'products.page', { offset: 9_990, limit: 20, withTotal: true });
    expect(page.total).toBe(10_000);
    expect(page.rows.map((r) => r.code)).toEqual(
      Array.from({ length: 10 }, (_, k) => `C${String(9_990 + k).padStart(5, '0')}`),
    );
    const stopped = app.ok(admin, 'products.page', { onSale: false, categoryId: cats[4], withTotal: true, limit: 5 });
    expect(stopped.total).toBe(1000);
    expect(stopped.rows.map((r) => r.code)).toEqual(['C00009', 'C00019', 'C00029', 'C00039', 'C00049']);

    // The picker's queries read in index order (no sort of the whole catalog).
    // A sort: SQLite's temporary B-tree, PostgreSQL's Sort node.
    const sorts = testEngine() === 'pg' ? /\bSort\b/ : /TEMP B-TREE/;
    const byCategory = planOf(
      app.db,
      `SELECT p.id FROM product p JOIN product_category pc ON pc.id = p.category_id
       WHERE p.on_sale = 1 AND p.category_id = ? ORDER BY p.code LIMIT 500`,
      cats[0],
    );
    expect(byCategory).toContain('product_category_idx');
    expect(byCategory).not.toMatch(sorts);
    const all = planOf(
      app.db,
      `SELECT p.id FROM product p JOIN product_category pc ON pc.id = p.category_id
       WHERE p.on_sale = 1 ORDER BY p.code LIMIT 500`,
    );
    expect(all).not.toMatch(sorts);
  });
});

function fieldsOf(p: Product): Input<'products.create'> {
  return {
    code: p.code,
    name: p.name,
    categoryId: p.categoryId,
    model: p.model,
    unit: p.unit,
    guidePriceCents: p.guidePriceCents,
    annualFeeCents: p.annualFeeCents,
    supplierId: p.supplierId,
    onSale: p.onSale,
    note: p.note,
  };
}
