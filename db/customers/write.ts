/**
 * Writing customer rows: the contract's fields → columns, one new customer (创建客户) and many at
 * once (导入客户). Used by the customer handlers (db/handlers/customers.ts) and the import
 * (db/import/customers.ts); both check permission, status, 业务员 and duplicates first.
 */
import type { CustomerFields } from '../../core/contract.js';
import { fold } from '../../core/fold.js';
import { nowIso, type Ctx } from '../context.js';

/** The contract's customer fields → the customer table's columns. */
export const FIELD_COLUMNS: Record<keyof CustomerFields, string> = {
  name: 'name',
  keyword: 'keyword',
  statusId: 'status_id',
  ownerId: 'owner_id',
  createdOn: 'created_on',
  industry: 'industry',
  source: 'source',
  region: 'region',
  address: 'address',
  phone: 'phone',
  fax: 'fax',
  website: 'website',
  email: 'email',
  note: 'note',
};

export const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof CustomerFields)[];

export function fieldValues(input: CustomerFields) {
  return Object.fromEntries(FIELD_KEYS.map((k) => [FIELD_COLUMNS[k], input[k]]));
}

/**
 * Writes a new customer row (its folded name and keyword too) and returns its id. The caller has
 * checked permission, status, 业务员 and duplicates, and writes the 操作日志 line (创建 or 导入).
 */
export function insertCustomer(ctx: Ctx, fields: CustomerFields): number {
  const at = nowIso(ctx);
  const { lastInsertRowid } = ctx.db
    .prepare(
      `INSERT INTO customer (${Object.values(FIELD_COLUMNS).join(', ')}, name_fold, keyword_fold, created_at, updated_at)
       VALUES (${Object.values(FIELD_COLUMNS)
         .map((c) => `@${c}`)
         .join(', ')}, @name_fold, @keyword_fold, @at, @at)`,
    )
    .run({ ...fieldValues(fields), name_fold: fold(fields.name), keyword_fold: fold(fields.keyword), at });
  return Number(lastInsertRowid);
}

/** Rows per INSERT of insertCustomers: FTS5 flushes its index at every statement (see seed.ts). */
const BULK_ROWS = 100;

/**
 * Writes many new customers at once (导入客户) and returns their ids, in order. Many rows per
 * statement: through the search-index trigger, one row per statement is about ten times slower.
 * The ids are given explicitly (max + 1 …): the transaction holds the only writer.
 */
export function insertCustomers(ctx: Ctx, list: CustomerFields[]): number[] {
  const at = nowIso(ctx);
  const columns = ['id', ...Object.values(FIELD_COLUMNS), 'name_fold', 'keyword_fold', 'created_at', 'updated_at'];
  const row = `(${columns.map(() => '?').join(', ')})`;
  const sql = (n: number) => `INSERT INTO customer (${columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}`;
  const full = ctx.db.prepare(sql(BULK_ROWS));
  let next = ctx.db.prepare<[], { n: number }>('SELECT coalesce(max(id), 0) + 1 AS n FROM customer').get()!.n;
  const ids: number[] = [];
  for (let from = 0; from < list.length; from += BULK_ROWS) {
    const chunk = list.slice(from, from + BULK_ROWS);
    const args: unknown[] = [];
    for (const f of chunk) {
      ids.push(next);
      args.push(next++, ...Object.values(fieldValues(f)), fold(f.name), fold(f.keyword), at, at);
    }
    (chunk.length === BULK_ROWS ? full : ctx.db.prepare(sql(chunk.length))).run(args);
  }
  return ids;
}
