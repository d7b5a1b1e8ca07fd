/**
 * The supplier grid's query, shared by suppliers.page (db/handlers/suppliers.ts) and its Excel
 * export (db/export/specs.ts).
 */
import { likePattern } from '../catalog/queries.js';

const SORT_SQL: Record<string, string> = {
  name: 's.name',
  shortName: 's.short_name',
  contactName: 's.contact_name',
  phone: 's.phone',
  mobile: 's.mobile',
  email: 's.email',
  address: 's.address',
  active: 's.active',
  // The expression rather than the column alias: an export may leave the column out.
  productCount: '(SELECT count(*) FROM product p WHERE p.supplier_id = s.id)',
};

/** What the supplier grid is filtered and sorted by (suppliers.page, and its Excel export). */
export interface SupplierGridFilter {
  active: boolean | null;
  search: string;
  sort: { field: string; dir: 'asc' | 'desc' } | null;
}

/**
 * The supplier grid's rows as SQL over `supplier s`: WHERE with its parameters and ORDER BY
 * (s.id last, so the order is total). Shared by suppliers.page and the export.
 */
export function supplierGridQuery(q: SupplierGridFilter) {
  const where: string[] = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (q.active !== null) {
    where.push('s.active = @active');
    params.active = q.active ? 1 : 0;
  }
  if (q.search) {
    where.push(
      `(s.name LIKE @like ESCAPE '\\' OR s.short_name LIKE @like ESCAPE '\\' OR s.contact_name LIKE @like ESCAPE '\\'
        OR s.phone LIKE @like ESCAPE '\\' OR s.mobile LIKE @like ESCAPE '\\')`,
    );
    params.like = likePattern(q.search);
  }
  const dir = q.sort?.dir === 'desc' ? 'DESC' : 'ASC';
  const order = `${q.sort ? SORT_SQL[q.sort.field] : 's.name'} ${dir}, s.id ${dir}`;
  return { where: where.join(' AND '), params, order };
}
