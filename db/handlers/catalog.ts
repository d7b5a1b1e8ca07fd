/**
 * 商品注册: categories (商品大类) and products, and the product picker's list.
 *
 * Permissions (the manual is silent): everyone logged in reads the catalog — salespeople quote
 * from it; only an administrator adds, edits, deletes or stops selling (a small office keeps one
 * price list). Catalog changes touch no customer, so they write no 操作日志; the renderer reports
 * each to Message.
 */
import type { Category, Parsed, Product, ProductFields, ProductPick, ProductRow } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError, badField, notFound } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { keywordWhere, PRODUCT_COLUMNS, PRODUCT_FROM, productGridQuery } from '../catalog/queries.js';

// ---------------------------------------------------------------- categories

type CategoryDbRow = { id: number; name: string; sort_order: number; product_count: number };

const CATEGORY_SELECT = `SELECT pc.id, pc.name, pc.sort_order,
  (SELECT count(*) FROM product p WHERE p.category_id = pc.id) AS product_count
  FROM product_category pc`;

const toCategory = (r: CategoryDbRow): Category => ({
  id: r.id,
  name: r.name,
  sortOrder: r.sort_order,
  productCount: r.product_count,
});

function loadCategory(ctx: Ctx, id: number): Category {
  const row = ctx.db.prepare<[number], CategoryDbRow>(`${CATEGORY_SELECT} WHERE pc.id = ?`).get(id);
  if (!row) throw notFound('商品大类');
  return toCategory(row);
}

function assertCategoryNameFree(ctx: Ctx, name: string, exceptId = 0): void {
  const clash = ctx.db
    .prepare<[string, number], { name: string }>(
      'SELECT name FROM product_category WHERE name = ? COLLATE NOCASE AND id <> ?',
    )
    .get(name, exceptId);
  if (clash) throw badField('name', '商品大类', `“${clash.name}”已存在`);
}

// ---------------------------------------------------------------- products

const FIELD_COLUMNS: Record<keyof ProductFields, string> = {
  code: 'code',
  name: 'name',
  categoryId: 'category_id',
  model: 'model',
  unit: 'unit',
  guidePriceCents: 'guide_price_cents',
  annualFeeCents: 'annual_fee_cents',
  supplierId: 'supplier_id',
  onSale: 'on_sale',
  note: 'note',
};
const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof ProductFields)[];

type ProductDbRow = Omit<Product, 'onSale'> & { onSale: number };

function toProduct(r: ProductDbRow): Product {
  return { ...r, onSale: r.onSale === 1 };
}

function toRow(r: ProductDbRow): ProductRow {
  const { version: _v, ...rest } = toProduct(r);
  return rest;
}

function loadProduct(ctx: Ctx, id: number): Product {
  const row = ctx.db
    .prepare<[number], ProductDbRow>(`SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE p.id = ?`)
    .get(id);
  if (!row) throw notFound('商品');
  return toProduct(row);
}

function assertCodeFree(ctx: Ctx, code: string, exceptId = 0): void {
  const clash = ctx.db
    .prepare<[string, number], { code: string; name: string }>(
      'SELECT code, name FROM product WHERE code = ? COLLATE NOCASE AND id <> ?',
    )
    .get(code, exceptId);
  if (clash) throw badField('code', '编号', `“${clash.code}”已被商品“${clash.name}”使用`);
}

/** The next free 'SP00001'-style code, for a product registered without one. */
function nextCode(ctx: Ctx): string {
  const taken = ctx.db.prepare<[string], { n: number }>('SELECT 1 AS n FROM product WHERE code = ? COLLATE NOCASE');
  let n = (ctx.db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) + 1 AS n FROM product').get()?.n ?? 1) - 1;
  let code: string;
  do {
    n++;
    code = `SP${String(n).padStart(5, '0')}`;
  } while (taken.get(code));
  return code;
}

function assertCategory(ctx: Ctx, categoryId: number): void {
  if (!ctx.db.prepare('SELECT 1 FROM product_category WHERE id = ?').get(categoryId)) {
    throw badField('categoryId', '商品大类', '不存在');
  }
}

/** A product may name only a supplier in use (one it already names may stay). */
function assertSupplier(ctx: Ctx, supplierId: number | null): void {
  if (supplierId === null) return;
  const row = ctx.db
    .prepare<[number], { name: string; active: number }>('SELECT name, active FROM supplier WHERE id = ?')
    .get(supplierId);
  if (!row) throw badField('supplierId', '供应商', '不存在');
  if (!row.active) throw badField('supplierId', '供应商', `“${row.name}”已停用`);
}

function columnValues(input: ProductFields): Record<string, unknown> {
  return Object.fromEntries(
    FIELD_KEYS.map((k) => [FIELD_COLUMNS[k], k === 'onSale' ? (input.onSale ? 1 : 0) : input[k]]),
  );
}

function update(ctx: Ctx, input: Parsed<'products.update'>): Product {
  const before = loadProduct(ctx, input.id);
  const conflict = () => new AppError('conflict', `商品“${before.name}”已被其他人修改，请关闭后重新打开再编辑`);
  if (before.version !== input.version) throw conflict();
  const after: ProductFields = { ...Object.fromEntries(FIELD_KEYS.map((k) => [k, input[k]])) } as ProductFields;
  if (!after.code) after.code = before.code;
  const changed = FIELD_KEYS.filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return before;
  if (after.code !== before.code) assertCodeFree(ctx, after.code, before.id);
  if (after.categoryId !== before.categoryId) assertCategory(ctx, after.categoryId);
  if (after.supplierId !== before.supplierId) assertSupplier(ctx, after.supplierId);
  const sets = changed.map((k) => `${FIELD_COLUMNS[k]} = @${FIELD_COLUMNS[k]}`);
  const res = ctx.db
    .prepare(
      `UPDATE product SET ${sets.join(', ')}, updated_at = @at, version = version + 1
       WHERE id = @id AND version = @version`,
    )
    .run({ ...columnValues(after), at: nowIso(ctx), id: before.id, version: input.version });
  if (res.changes !== 1) throw conflict();
  return loadProduct(ctx, before.id);
}

function uniqueProducts(ctx: Ctx, ids: number[]): { id: number; name: string; on_sale: number }[] {
  const stmt = ctx.db.prepare<[number], { id: number; name: string; on_sale: number }>(
    'SELECT id, name, on_sale FROM product WHERE id = ?',
  );
  return [...new Set(ids)].map((id) => {
    const row = stmt.get(id);
    if (!row) throw notFound('商品');
    return row;
  });
}

export const catalogHandlers: HandlersOf<'categories'> & HandlersOf<'products'> = {
  'categories.list': (ctx) =>
    ctx.db.prepare<[], CategoryDbRow>(`${CATEGORY_SELECT} ORDER BY pc.sort_order, pc.id`).all().map(toCategory),

  'categories.create': (ctx, input) => {
    assertCategoryNameFree(ctx, input.name);
    const next =
      ctx.db.prepare<[], { n: number }>('SELECT coalesce(max(sort_order), 0) + 1 AS n FROM product_category').get()
        ?.n ?? 1;
    const { lastInsertRowid } = ctx.db
      .prepare('INSERT INTO product_category (name, sort_order) VALUES (?, ?)')
      .run(input.name, next);
    return loadCategory(ctx, Number(lastInsertRowid));
  },

  'categories.rename': (ctx, input) => {
    const row = loadCategory(ctx, input.id);
    if (row.name === input.name) return row;
    assertCategoryNameFree(ctx, input.name, row.id);
    ctx.db.prepare('UPDATE product_category SET name = ? WHERE id = ?').run(input.name, row.id);
    return loadCategory(ctx, row.id);
  },

  'categories.delete': (ctx, input) => {
    const row = loadCategory(ctx, input.id);
    if (row.productCount > 0) {
      throw new AppError('forbidden', `商品大类“${row.name}”下还有 ${row.productCount} 个商品（含停售的），不能删除`);
    }
    ctx.db.prepare('DELETE FROM product_category WHERE id = ?').run(row.id);
    return null;
  },

  'products.page': (ctx, input) => {
    const { where, params, order } = productGridQuery(input);
    const rows = ctx.db
      .prepare<Record<string, unknown>, ProductDbRow>(
        `SELECT ${PRODUCT_COLUMNS} FROM ${PRODUCT_FROM} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: input.limit, offset: input.offset })
      .map(toRow);
    const total = input.withTotal
      ? (ctx.db
          .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM product p WHERE ${where}`)
          .get(params)?.n ?? 0)
      : null;
    return { rows, total };
  },

  'products.get': (ctx, input) => loadProduct(ctx, input.id),

  'products.create': (ctx, input) => {
    const fields: ProductFields = { ...input, code: input.code || nextCode(ctx) };
    if (input.code) assertCodeFree(ctx, fields.code);
    assertCategory(ctx, fields.categoryId);
    assertSupplier(ctx, fields.supplierId);
    const at = nowIso(ctx);
    const columns = Object.values(FIELD_COLUMNS);
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO product (${columns.join(', ')}, created_at, updated_at)
         VALUES (${columns.map((c) => `@${c}`).join(', ')}, @at, @at)`,
      )
      .run({ ...columnValues(fields), at });
    return loadProduct(ctx, Number(lastInsertRowid));
  },

  'products.update': (ctx, input) => update(ctx, input),

  'products.delete': (ctx, input) => {
    const targets = uniqueProducts(ctx, input.ids);
    const uses = ctx.db.prepare<[number, number], { quotes: number; purchases: number }>(
      `SELECT (SELECT count(*) FROM quote WHERE product_id = ?) AS quotes,
              (SELECT count(*) FROM purchase WHERE product_id = ?) AS purchases`,
    );
    for (const t of targets) {
      const u = uses.get(t.id, t.id);
      if (u && (u.quotes > 0 || u.purchases > 0)) {
        const where = [u.quotes ? `${u.quotes} 条报价` : '', u.purchases ? `${u.purchases} 条购买记录` : '']
          .filter(Boolean)
          .join('和');
        throw new AppError('forbidden', `商品“${t.name}”已用于 ${where}，不能删除；可以改为停售`);
      }
    }
    const del = ctx.db.prepare('DELETE FROM product WHERE id = ?');
    for (const t of targets) del.run(t.id);
    return { count: targets.length };
  },

  'products.setOnSale': (ctx, input) => {
    const targets = uniqueProducts(ctx, input.ids);
    const stmt = ctx.db.prepare(
      'UPDATE product SET on_sale = ?, updated_at = ?, version = version + 1 WHERE id = ? AND on_sale <> ?',
    );
    const at = nowIso(ctx);
    const flag = input.onSale ? 1 : 0;
    let count = 0;
    for (const t of targets) count += stmt.run(flag, at, t.id, flag).changes;
    return { count };
  },

  'products.pick': (ctx, input) => {
    const where = ['p.on_sale = 1'];
    const params: Record<string, unknown> = {};
    if (input.categoryId !== null) {
      where.push('p.category_id = @categoryId');
      params.categoryId = input.categoryId;
    }
    keywordWhere(input.search, where, params);
    // By 编号: the unique index on code, or (category_id, code) under a category, gives the order.
    const rows = ctx.db
      .prepare<Record<string, unknown>, ProductPick>(
        `SELECT p.id, p.code, p.name, p.category_id AS categoryId, pc.name AS categoryName, p.model, p.unit,
                p.guide_price_cents AS guidePriceCents, p.annual_fee_cents AS annualFeeCents
         FROM product p JOIN product_category pc ON pc.id = p.category_id
         WHERE ${where.join(' AND ')} ORDER BY p.code LIMIT @limit`,
      )
      .all({ ...params, limit: input.limit });
    const total =
      rows.length < input.limit
        ? rows.length
        : (ctx.db
            .prepare<Record<string, unknown>, { n: number }>(
              `SELECT count(*) AS n FROM product p WHERE ${where.join(' AND ')}`,
            )
            .get(params)?.n ?? 0);
    return { rows, total };
  },
};
