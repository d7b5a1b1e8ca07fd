/**
 * 供应商管理. Everyone logged in reads suppliers; only an administrator adds, edits, disables
 * (停用) or deletes them — the same rule as the catalog (see catalog.ts). A supplier named by a
 * product cannot be deleted; it can be disabled, which keeps its products and stops offering it
 * for new ones.
 */
import type { Parsed, Supplier, SupplierFields, SupplierOption, SupplierRow } from '../../core/contract.js';
import { nowIso, type Ctx } from '../context.js';
import { AppError, badField, notFound } from '../errors.js';
import type { HandlersOf } from '../router.js';
import { supplierGridQuery } from '../suppliers/queries.js';

const FIELD_COLUMNS: Record<keyof SupplierFields, string> = {
  name: 'name',
  shortName: 'short_name',
  contactName: 'contact_name',
  phone: 'phone',
  mobile: 'mobile',
  address: 'address',
  email: 'email',
  bank: 'bank',
  account: 'account',
  note: 'note',
  active: 'active',
};
const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof SupplierFields)[];

const SUPPLIER_COLUMNS = `s.id, s.name, s.short_name AS shortName, s.contact_name AS contactName, s.phone, s.mobile,
  s.address, s.email, s.bank, s.account, s.note, s.active, s.version,
  (SELECT count(*) FROM product p WHERE p.supplier_id = s.id) AS productCount`;

type SupplierDbRow = Omit<Supplier, 'active'> & { active: number };

const toSupplier = (r: SupplierDbRow): Supplier => ({ ...r, active: r.active === 1 });

function toRow(r: SupplierDbRow): SupplierRow {
  const { version: _v, ...rest } = toSupplier(r);
  return rest;
}

function loadSupplier(ctx: Ctx, id: number): Supplier {
  const row = ctx.db
    .prepare<[number], SupplierDbRow>(`SELECT ${SUPPLIER_COLUMNS} FROM supplier s WHERE s.id = ?`)
    .get(id);
  if (!row) throw notFound('供应商');
  return toSupplier(row);
}

function assertNameFree(ctx: Ctx, name: string, exceptId = 0): void {
  const clash = ctx.db
    .prepare<[string, number], { name: string }>('SELECT name FROM supplier WHERE name = ? COLLATE NOCASE AND id <> ?')
    .get(name, exceptId);
  if (clash) throw badField('name', '供应商名称', `“${clash.name}”已存在`);
}

function columnValues(input: SupplierFields): Record<string, unknown> {
  return Object.fromEntries(
    FIELD_KEYS.map((k) => [FIELD_COLUMNS[k], k === 'active' ? (input.active ? 1 : 0) : input[k]]),
  );
}

function uniqueSuppliers(ctx: Ctx, ids: number[]): Supplier[] {
  return [...new Set(ids)].map((id) => loadSupplier(ctx, id));
}

function update(ctx: Ctx, input: Parsed<'suppliers.update'>): Supplier {
  const before = loadSupplier(ctx, input.id);
  const conflict = () => new AppError('conflict', `供应商“${before.name}”已被其他人修改，请关闭后重新打开再编辑`);
  if (before.version !== input.version) throw conflict();
  const after = Object.fromEntries(FIELD_KEYS.map((k) => [k, input[k]])) as unknown as SupplierFields;
  const changed = FIELD_KEYS.filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return before;
  if (after.name !== before.name) assertNameFree(ctx, after.name, before.id);
  const sets = changed.map((k) => `${FIELD_COLUMNS[k]} = @${FIELD_COLUMNS[k]}`);
  const res = ctx.db
    .prepare(
      `UPDATE supplier SET ${sets.join(', ')}, updated_at = @at, version = version + 1
       WHERE id = @id AND version = @version`,
    )
    .run({ ...columnValues(after), at: nowIso(ctx), id: before.id, version: input.version });
  if (res.changes !== 1) throw conflict();
  return loadSupplier(ctx, before.id);
}

export const suppliersHandlers: HandlersOf<'suppliers'> = {
  'suppliers.page': (ctx, input) => {
    const { where, params, order } = supplierGridQuery(input);
    const rows = ctx.db
      .prepare<Record<string, unknown>, SupplierDbRow>(
        `SELECT ${SUPPLIER_COLUMNS} FROM supplier s WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: input.limit, offset: input.offset })
      .map(toRow);
    const total = input.withTotal
      ? (ctx.db
          .prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM supplier s WHERE ${where}`)
          .get(params)?.n ?? 0)
      : null;
    return { rows, total };
  },

  'suppliers.options': (ctx) =>
    ctx.db
      .prepare<[], Omit<SupplierOption, 'active'> & { active: number }>(
        'SELECT id, name, short_name AS shortName, active FROM supplier ORDER BY active DESC, name, id',
      )
      .all()
      .map((r) => ({ ...r, active: r.active === 1 })),

  'suppliers.get': (ctx, input) => loadSupplier(ctx, input.id),

  'suppliers.create': (ctx, input) => {
    assertNameFree(ctx, input.name);
    const at = nowIso(ctx);
    const columns = Object.values(FIELD_COLUMNS);
    const { lastInsertRowid } = ctx.db
      .prepare(
        `INSERT INTO supplier (${columns.join(', ')}, created_at, updated_at)
         VALUES (${columns.map((c) => `@${c}`).join(', ')}, @at, @at)`,
      )
      .run({ ...columnValues(input), at });
    return loadSupplier(ctx, Number(lastInsertRowid));
  },

  'suppliers.update': (ctx, input) => update(ctx, input),

  'suppliers.setActive': (ctx, input) => {
    const targets = uniqueSuppliers(ctx, input.ids);
    const flag = input.active ? 1 : 0;
    const stmt = ctx.db.prepare(
      'UPDATE supplier SET active = ?, updated_at = ?, version = version + 1 WHERE id = ? AND active <> ?',
    );
    const at = nowIso(ctx);
    let count = 0;
    for (const t of targets) count += stmt.run(flag, at, t.id, flag).changes;
    return { count };
  },

  'suppliers.delete': (ctx, input) => {
    const targets = uniqueSuppliers(ctx, input.ids);
    for (const t of targets) {
      if (t.productCount > 0) {
        throw new AppError('forbidden', `供应商“${t.name}”还有 ${t.productCount} 个商品，不能删除；可以改为停用`);
      }
    }
    const del = ctx.db.prepare('DELETE FROM supplier WHERE id = ?');
    for (const t of targets) del.run(t.id);
    return { count: targets.length };
  },
};
