import { z } from 'zod';
import {
  date,
  email,
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
} from './common.js';
import { CUSTOMER_FIELDS as F } from '../fields/customer.js';

export const customerLabels: Labels = {
  id: '客户',
  ids: '客户',
  name: F.name.label,
  keyword: F.keyword.label,
  statusId: F.status.label,
  ownerId: F.owner.label,
  createdOn: F.createdOn.label,
  industry: F.industry.label,
  source: F.source.label,
  region: F.region.label,
  address: F.address.label,
  phone: F.phone.label,
  fax: F.fax.label,
  website: F.website.label,
  email: F.email.label,
  note: F.note.label,
  version: '版本',
  search: '搜索',
  sort: '排序',
  field: '排序列',
  dir: '排序方向',
  offset: '起始行',
  limit: '行数',
  after: '上一块的最后一行',
  key: '排序值',
};

/** The editable fields of a customer, as the form sends them. */
export const customerFields = {
  name: requiredText(100),
  keyword: requiredText(20),
  statusId: id,
  ownerId: id,
  createdOn: date,
  industry: optionalText(50),
  source: optionalText(50),
  region: optionalText(50),
  address: optionalText(200),
  phone,
  fax: phone,
  website: optionalText(200),
  email,
  note: optionalText(2000),
};

export type CustomerFields = z.output<z.ZodObject<typeof customerFields>>;

export interface Customer extends CustomerFields {
  id: number;
  statusName: string;
  ownerName: string;
  /** Visible to this user through an active delegation, not ownership. */
  delegated: boolean;
  /** In the 公海: read-only for everyone until someone claims it (领取). */
  pool: boolean;
  /** 电话 (and the contacts' 手机) are hidden from this user (脱敏): '138****5678'. */
  masked: boolean;
  deletedAt: string | null;
  version: number;
}

/** A row of the customer grid (area 2). */
export interface CustomerRow {
  id: number;
  name: string;
  keyword: string;
  statusId: number;
  statusName: string;
  ownerId: number;
  ownerName: string;
  createdOn: string;
  phone: string;
  region: string;
  delegated: boolean;
  pool: boolean;
  masked: boolean;
  deletedAt: string | null;
}

/**
 * A block of the grid. With a quick search the total is counted only up to a cap (10,000):
 * `totalIsBound` then says the true total is larger ('超过 10,000 个').
 */
export interface CustomerPage extends Page<CustomerRow> {
  totalIsBound: boolean;
}

/** Another customer whose name or keyword overlaps: only its name and salesperson are shown. */
export interface DuplicateMatch {
  name: string;
  /** The 业务员's name, or '公海客户' for a customer in the pool (db/pool/owner.ts). */
  ownerName: string;
}

export const customerSortFields = [
  'name',
  'keyword',
  'statusName',
  'ownerName',
  'createdOn',
  'phone',
  'region',
] as const;

export const customerQuery = {
  statusId: id.nullable().default(null),
  search: optionalText(100),
  sort: z
    .strictObject({ field: z.enum(customerSortFields), dir: z.enum(['asc', 'desc']) })
    .nullable()
    .default(null),
  /** Administrator only: list soft-deleted customers instead (the recycle bin). */
  deleted: z.boolean().default(false),
  /** The 公海 instead (area 1's 公海客户): every signed-in user sees it. */
  pool: z.boolean().default(false),
};

/** The sort columns' values of a grid row (see customerCursor), then its id. */
export type CustomerSortKey = (string | number)[];

/**
 * Keyset paging: the last row of the previous block — its sort key and id — so the next block is
 * read from the sort index right after it instead of counting `offset` rows from the start.
 * `offset` is still sent (where the block starts); without `after` the server finds the place.
 */
export const customerCursor = z.strictObject({
  id,
  key: z
    .array(z.union([z.string().max(200), z.number().int()]))
    .min(1)
    .max(3),
});

/**
 * The cursor of a grid row for a sort (null: the default, newest first). The key lists the
 * values the grid sorts by, in the order of db/customers/grid.ts's SORT_SQL: 客户状态 sorts by
 * status then 创建日期, 业务员 by salesperson, status, 创建日期.
 */
export function cursorOf(
  row: Pick<CustomerRow, 'id' | 'name' | 'keyword' | 'statusId' | 'ownerId' | 'createdOn' | 'phone' | 'region'>,
  sort: { field: (typeof customerSortFields)[number] } | null,
): z.infer<typeof customerCursor> {
  const field = sort?.field ?? 'createdOn';
  const key: CustomerSortKey =
    field === 'statusName'
      ? [row.statusId, row.createdOn]
      : field === 'ownerName'
        ? [row.ownerId, row.statusId, row.createdOn]
        : [row[field]];
  return { id: row.id, key };
}

export const customersContract = {
  'customers.page': read<CustomerPage>()(
    z.strictObject({
      ...customerQuery,
      ...pageWindow,
      withTotal: z.boolean().default(false),
      after: customerCursor.nullable().default(null),
    }),
    customerLabels,
  ),
  'customers.get': read<Customer>()(z.strictObject({ id }), customerLabels),
  'customers.checkDuplicates': read<DuplicateMatch[]>()(
    z.strictObject({ name: z.string().max(100), keyword: z.string().max(20), excludeId: id.nullable().default(null) }),
    customerLabels,
  ),
  'customers.create': write<Customer>()(
    z.strictObject({ ...customerFields, confirmDuplicates: z.boolean().default(false) }),
    customerLabels,
  ),
  'customers.update': write<Customer>()(
    z.strictObject({ id, version, ...customerFields, confirmDuplicates: z.boolean().default(false) }),
    customerLabels,
  ),
  'customers.delete': write<{ count: number }>()(
    z.strictObject({ ids: z.array(id).min(1, '请至少选择一个客户').max(10000) }),
    customerLabels,
  ),
  'customers.restore': write<{ count: number }>()(
    z.strictObject({ ids: z.array(id).min(1, '请至少选择一个客户').max(10000) }),
    customerLabels,
  ),
};
