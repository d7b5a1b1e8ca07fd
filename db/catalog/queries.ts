/**
 * The product and category queries shared by the 商品注册 handlers (db/handlers/catalog.ts) and the
 * product grid's Excel export (db/export/specs.ts): the grid's filter and order as SQL, the
 * columns a product row is read with, and the LIKE pattern every catalog search uses.
 */

/** A LIKE pattern (for ESCAPE '\') that finds what the user typed anywhere in a column. */
export function likePattern(search: string): string {
  return `%${search.normalize('NFKC').replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** Grid column → SQL. 商品大类 sorts by the categories' own order, as the list shows them. */
const SORT_SQL: Record<string, string> = {
  code: 'p.code',
  name: 'p.name',
  categoryName: 'pc.sort_order, pc.name',
  model: 'p.model',
  unit: 'p.unit',
  guidePriceCents: 'p.guide_price_cents',
  annualFeeCents: 'p.annual_fee_cents',
  supplierName: "coalesce(s.name, '')",
  onSale: 'p.on_sale',
};

export const PRODUCT_COLUMNS = `p.id, p.code, p.name, p.category_id AS categoryId, pc.name AS categoryName, p.model, p.unit,
  p.guide_price_cents AS guidePriceCents, p.annual_fee_cents AS annualFeeCents, p.supplier_id AS supplierId,
  coalesce(s.name, '') AS supplierName, p.on_sale AS onSale, p.note, p.version`;
export const PRODUCT_FROM = `product p JOIN product_category pc ON pc.id = p.category_id
  LEFT JOIN supplier s ON s.id = p.supplier_id`;

/** Matches 编号, 商品名称 or 规格型号 (case-insensitive for Latin letters, full-width folded). */
export function keywordWhere(search: string, where: string[], params: Record<string, unknown>): void {
  if (!search) return;
  where.push(`(p.code LIKE @like ESCAPE '\\' OR p.name LIKE @like ESCAPE '\\' OR p.model LIKE @like ESCAPE '\\')`);
  params.like = likePattern(search);
}

/** What the product grid is filtered and sorted by (products.page, and its Excel export). */
export interface ProductGridFilter {
  categoryId: number | null;
  onSale: boolean | null;
  search: string;
  sort: { field: string; dir: 'asc' | 'desc' } | null;
}

/**
 * The product grid's rows as SQL over PRODUCT_FROM (`product p`, `pc`, `s`): WHERE with its
 * parameters and ORDER BY (p.id last, so the order is total). Shared by products.page and the export.
 */
export function productGridQuery(q: ProductGridFilter) {
  const where: string[] = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (q.categoryId !== null) {
    where.push('p.category_id = @categoryId');
    params.categoryId = q.categoryId;
  }
  if (q.onSale !== null) {
    where.push('p.on_sale = @onSale');
    params.onSale = q.onSale ? 1 : 0;
  }
  keywordWhere(q.search, where, params);
  const dir = q.sort?.dir === 'desc' ? 'DESC' : 'ASC';
  const order = [...(q.sort ? SORT_SQL[q.sort.field] : 'p.code').split(', '), 'p.id'].map((c) => `${c} ${dir}`);
  return { where: where.join(' AND '), params, order: order.join(', '), from: PRODUCT_FROM };
}
