/**
 * 供应商管理 (manual 2.9). Everyone logged in reads suppliers (the product form offers them);
 * only an administrator changes them (the handlers enforce it).
 */
import { z } from 'zod';
import {
  email,
  empty,
  foldedText,
  id,
  optionalText,
  pageWindow,
  phone,
  read,
  requiredText,
  version,
  write,
  type Labels,
  type Page,
  byFlag,
} from './common.js';
import { labelsOf, SUPPLIER_FIELDS } from '../fields/entities.js';

export const supplierLabels: Labels = {
  id: '供应商',
  ids: '供应商',
  ...labelsOf(SUPPLIER_FIELDS),
  version: '版本',
  search: '搜索',
  sort: '排序',
  field: '排序列',
  dir: '排序方向',
  offset: '起始行',
  limit: '行数',
  withTotal: '合计',
};

/** The editable fields of a supplier, as the form sends them. */
export const supplierFields = {
  /** 供应商名称: unique, ignoring case. */
  name: requiredText(100),
  shortName: optionalText(30),
  contactName: optionalText(30),
  phone,
  mobile: phone,
  address: optionalText(200),
  email,
  bank: optionalText(100),
  account: foldedText(50).refine((s) => s === '' || /^[\d\s-]+$/.test(s), '账号只能包含数字、空格和短横线'),
  note: optionalText(1000),
  /** 在用: a disabled supplier keeps its products but is no longer offered for new ones. */
  active: z.boolean({ error: '必须是“是”或“否”' }).default(true),
};

export type SupplierFields = z.output<z.ZodObject<typeof supplierFields>>;

/** A row of the supplier grid. */
export interface SupplierRow extends SupplierFields {
  id: number;
  /** Products that name this supplier (a supplier with products cannot be deleted). */
  productCount: number;
}

export interface Supplier extends SupplierRow {
  version: number;
}

/** A supplier as offered in the product form's 供应商 list. */
export interface SupplierOption {
  id: number;
  name: string;
  shortName: string;
  active: boolean;
}

export const supplierSortFields = [
  'name',
  'shortName',
  'contactName',
  'phone',
  'mobile',
  'email',
  'address',
  'active',
  'productCount',
] as const;

const supplierIds = z.array(id).min(1, '请至少选择一个供应商').max(1000, '一次最多 1000 个供应商');

export const suppliersContract = {
  'suppliers.page': read<Page<SupplierRow>>()(
    z.strictObject({
      /** null: both; true: 在用 only; false: 停用 only. */
      active: z.boolean().nullable().default(null),
      /** Matches 供应商名称, 简称, 联系人, 电话 and 手机. */
      search: optionalText(100),
      sort: z
        .strictObject({ field: z.enum(supplierSortFields), dir: z.enum(['asc', 'desc']) })
        .nullable()
        .default(null),
      ...pageWindow,
      withTotal: z.boolean().default(false),
    }),
    supplierLabels,
  ),
  /** Every supplier, in-use ones first, by name: the product form's list. */
  'suppliers.options': read<SupplierOption[]>()(empty, supplierLabels),
  'suppliers.get': read<Supplier>()(z.strictObject({ id }), supplierLabels),
  'suppliers.create': write<Supplier>()(z.strictObject(supplierFields), supplierLabels, { admin: '新增供应商' }),
  'suppliers.update': write<Supplier>()(z.strictObject({ id, version, ...supplierFields }), supplierLabels, {
    admin: '修改供应商',
  }),
  /** 停用 (active false) or 启用. */
  'suppliers.setActive': write<{ count: number }>()(
    z.strictObject({ ids: supplierIds, active: z.boolean() }),
    supplierLabels,
    { admin: byFlag('active', '启用供应商', '停用供应商') },
  ),
  /** Refused (nothing deleted) while a product names any of them. */
  'suppliers.delete': write<{ count: number }>()(z.strictObject({ ids: supplierIds }), supplierLabels, {
    admin: '删除供应商',
  }),
};
