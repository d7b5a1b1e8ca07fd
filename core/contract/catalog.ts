/**
 * 商品注册 (manual 2.8): product categories (商品大类) and products, and the product picker
 * (商品选择) that quotes and purchases use. Everyone logged in reads the catalog; only an
 * administrator changes it (the handlers enforce it).
 */
import { z } from 'zod';
import {
  cents,
  empty,
  foldedText,
  id,
  optionalText,
  pageWindow,
  read,
  requiredText,
  version,
  write,
  type Labels,
  type Page,
  byFlag,
} from './common.js';
import { PRODUCT_FIELDS as P } from '../fields/entities.js';

export const categoryLabels: Labels = { id: '商品大类', name: '商品大类' };

export interface Category {
  id: number;
  name: string;
  sortOrder: number;
  /** Every product in it, on sale or not. */
  productCount: number;
}

export const productLabels: Labels = {
  id: '商品',
  ids: '商品',
  code: P.code.label,
  name: P.name.label,
  categoryId: P.category.label,
  model: P.model.label,
  unit: P.unit.label,
  guidePriceCents: P.guidePrice.label,
  annualFeeCents: P.annualFee.label,
  supplierId: P.supplier.label,
  onSale: P.onSale.label,
  note: P.note.label,
  version: '版本',
  search: '搜索关键字',
  sort: '排序',
  field: '排序列',
  dir: '排序方向',
  offset: '起始行',
  limit: '行数',
  withTotal: '合计',
};

/** The editable fields of a product, as the form sends them. Money is integer cents. */
export const productFields = {
  /** 编号: unique (ignoring case). Empty on create: the system assigns the next 'SP00001'-style code; on edit: kept. */
  code: foldedText(30).refine((s) => !/\s/.test(s), '不能包含空格'),
  name: requiredText(100),
  categoryId: id,
  model: optionalText(100),
  unit: optionalText(10),
  guidePriceCents: cents.default(0),
  annualFeeCents: cents.default(0),
  supplierId: id.nullable().default(null),
  /** 在售: a product no longer sold stays on old quotes and purchases but is not offered in the picker. */
  onSale: z.boolean({ error: '必须是“是”或“否”' }).default(true),
  note: optionalText(1000),
};

export type ProductFields = z.output<z.ZodObject<typeof productFields>>;

/** A row of the product grid (商品注册). */
export interface ProductRow extends ProductFields {
  id: number;
  categoryName: string;
  /** '' when the product names no supplier. */
  supplierName: string;
}

export interface Product extends ProductRow {
  version: number;
}

/**
 * What the product picker hands to a quote or purchase: enough to fill a new line
 * (指导价 is the default 报价/单价; 年服务费 the default annual fee).
 */
export interface ProductPick {
  id: number;
  code: string;
  name: string;
  categoryId: number;
  categoryName: string;
  model: string;
  unit: string;
  guidePriceCents: number;
  annualFeeCents: number;
}

export interface ProductPickResult {
  /** The first `limit` matching products for sale, by 编号. */
  rows: ProductPick[];
  /** How many match in all (more than rows.length when the list was cut). */
  total: number;
}

export const productSortFields = [
  'code',
  'name',
  'categoryName',
  'model',
  'unit',
  'guidePriceCents',
  'annualFeeCents',
  'supplierName',
  'onSale',
] as const;

const productIds = z.array(id).min(1, '请至少选择一个商品').max(1000, '一次最多 1000 个商品');

export const catalogContract = {
  'categories.list': read<Category[]>()(empty, categoryLabels),
  'categories.create': write<Category>()(z.strictObject({ name: requiredText(30) }), categoryLabels, {
    admin: '新增商品大类',
  }),
  'categories.rename': write<Category>()(z.strictObject({ id, name: requiredText(30) }), categoryLabels, {
    admin: '重命名商品大类',
  }),
  'categories.delete': write<null>()(z.strictObject({ id }), categoryLabels, { admin: '删除商品大类' }),

  'products.page': read<Page<ProductRow>>()(
    z.strictObject({
      /** null: 全部. */
      categoryId: id.nullable().default(null),
      /** null: on sale or not; true: 在售 only; false: 停售 only. */
      onSale: z.boolean().nullable().default(null),
      /** Matches 编号, 商品名称 and 规格型号. */
      search: optionalText(100),
      sort: z
        .strictObject({ field: z.enum(productSortFields), dir: z.enum(['asc', 'desc']) })
        .nullable()
        .default(null),
      ...pageWindow,
      withTotal: z.boolean().default(false),
    }),
    productLabels,
  ),
  'products.get': read<Product>()(z.strictObject({ id }), productLabels),
  'products.create': write<Product>()(z.strictObject(productFields), productLabels, { admin: '新增商品' }),
  'products.update': write<Product>()(z.strictObject({ id, version, ...productFields }), productLabels, {
    admin: '修改商品',
  }),
  /** Refused (nothing deleted) while a quote or purchase uses any of them. */
  'products.delete': write<{ count: number }>()(z.strictObject({ ids: productIds }), productLabels, {
    admin: '删除商品',
  }),
  /** 停售 (onSale false) or back on sale. */
  'products.setOnSale': write<{ count: number }>()(
    z.strictObject({ ids: productIds, onSale: z.boolean() }),
    productLabels,
    { admin: byFlag('onSale', '恢复商品在售', '停售商品') },
  ),
  /** The picker's list: products for sale only, by category and keyword, the first `limit`. */
  'products.pick': read<ProductPickResult>()(
    z.strictObject({
      categoryId: id.nullable().default(null),
      search: optionalText(100),
      limit: z.number().int().min(1).max(2000, '每次最多取 2000 行').default(500),
    }),
    productLabels,
  ),
};
