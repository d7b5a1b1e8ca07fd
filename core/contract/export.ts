/**
 * 导出 to Excel (.xlsx) from every grid: the rows the user sees under the grid's current filter,
 * search and sort — all of them, not only the loaded page — with the grid's visible columns.
 * The export runs in the background (a worker thread): 'export.start' returns at once, the
 * window polls 'export.progress' and may 'export.cancel'. Pure zod, no Node: the renderer imports it.
 */
import { z } from 'zod';
import { id, optionalText, read, type Labels } from './common.js';
import { customerQuery } from './customers.js';
import { productSortFields } from './catalog.js';
import { arrearsFilter, arrearsSortFields, feeDueFilter } from './fees.js';
import { instalmentFilter } from './instalments.js';
import { supplierSortFields } from './suppliers.js';

/** The exportable grids, each with the keys (the grid's column ids) of its columns. */
export const exportColumns = {
  customers: ['name', 'keyword', 'statusName', 'ownerName', 'createdOn', 'phone', 'region'],
  contacts: ['name', 'gender', 'title', 'mobile', 'phone', 'email', 'im', 'birthday', 'isPrimary', 'note'],
  records: ['kind', 'at', 'method', 'contactId', 'content', 'nextOn', 'authorName'],
  products: [
    'code',
    'name',
    'categoryName',
    'model',
    'unit',
    'guidePriceCents',
    'annualFeeCents',
    'supplierName',
    'onSale',
    'note',
  ],
  suppliers: [
    'name',
    'shortName',
    'active',
    'productCount',
    'contactName',
    'phone',
    'mobile',
    'email',
    'address',
    'bank',
    'account',
  ],
  staff: ['name', 'login', 'role', 'department', 'title', 'mobile', 'email', 'hiredOn', 'active', 'customerCount'],
  quotes: [
    'productCode',
    'productName',
    'productModel',
    'productUnit',
    'quotedOn',
    'quantity',
    'priceCents',
    'amountCents',
    'note',
    'quotedByName',
  ],
  purchases: [
    'productCode',
    'productName',
    'productModel',
    'purchasedOn',
    'quantity',
    'unitPriceCents',
    'amountDueCents',
    'amountPaidCents',
    'arrearsCents',
    'annualFeeCents',
    'annualFeeRemind',
    'serviceEndOn',
    'salespersonName',
    'note',
  ],
  /** Tab 9, 年费催缴. */
  feesDue: [
    'customerName',
    'productCode',
    'productName',
    'purchasedOn',
    'annualFeeCents',
    'serviceEndOn',
    'daysLeft',
    'ownerName',
    'salespersonName',
  ],
  /** Tab 9, 欠款统计. */
  arrears: ['customerName', 'ownerName', 'purchaseCount', 'dueCents', 'paidCents', 'arrearsCents', 'earliestOn'],
  /** Tab 9, 回款计划. */
  instalments: [
    'customerName',
    'productCode',
    'productName',
    'seq',
    'dueOn',
    'amountCents',
    'paidCents',
    'openCents',
    'daysLeft',
    'ownerName',
    'note',
  ],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type ExportGrid = keyof typeof exportColumns;
export type ExportColumnKey<G extends ExportGrid> = (typeof exportColumns)[G][number];

/** Which columns, in the grid's order; absent: all of them. */
const columnsOf = <K extends readonly [string, ...string[]]>(keys: K) =>
  z
    .array(z.enum(keys, { error: '不是这个表格的列' }))
    .min(1, '请至少导出一列')
    .max(keys.length)
    .refine((list) => new Set(list).size === list.length, '列不能重复')
    .optional();

const sortOf = <K extends readonly [string, ...string[]]>(keys: K) =>
  z
    .strictObject({ field: z.enum(keys), dir: z.enum(['asc', 'desc']) })
    .nullable()
    .default(null);

/** What each grid's export is filtered and sorted by: the same as the grid's own query. */
export const exportRequest = z.discriminatedUnion(
  'grid',
  [
    z.strictObject({
      grid: z.literal('customers'),
      query: z.strictObject(customerQuery),
      columns: columnsOf(exportColumns.customers),
    }),
    z.strictObject({
      grid: z.literal('contacts'),
      query: z.strictObject({ customerId: id }),
      columns: columnsOf(exportColumns.contacts),
    }),
    z.strictObject({
      grid: z.literal('records'),
      query: z.strictObject({
        customerId: id,
        /** The tab's 显示 filter: all rows, 维护记录 only or 操作日志 only. */
        kind: z.enum(['all', 'followup', 'log']).default('all'),
      }),
      columns: columnsOf(exportColumns.records),
    }),
    z.strictObject({
      grid: z.literal('products'),
      query: z.strictObject({
        categoryId: id.nullable().default(null),
        onSale: z.boolean().nullable().default(null),
        search: optionalText(100),
        sort: sortOf(productSortFields),
      }),
      columns: columnsOf(exportColumns.products),
    }),
    z.strictObject({
      grid: z.literal('suppliers'),
      query: z.strictObject({
        active: z.boolean().nullable().default(null),
        search: optionalText(100),
        sort: sortOf(supplierSortFields),
      }),
      columns: columnsOf(exportColumns.suppliers),
    }),
    z.strictObject({
      grid: z.literal('staff'),
      query: z.strictObject({ sort: sortOf(exportColumns.staff) }),
      columns: columnsOf(exportColumns.staff),
    }),
    z.strictObject({
      grid: z.literal('quotes'),
      query: z.strictObject({ customerId: id }),
      columns: columnsOf(exportColumns.quotes),
    }),
    z.strictObject({
      grid: z.literal('purchases'),
      query: z.strictObject({ customerId: id }),
      columns: columnsOf(exportColumns.purchases),
    }),
    z.strictObject({
      grid: z.literal('feesDue'),
      query: z.strictObject(feeDueFilter),
      columns: columnsOf(exportColumns.feesDue),
    }),
    z.strictObject({
      grid: z.literal('arrears'),
      query: z.strictObject({ ...arrearsFilter, sort: sortOf(arrearsSortFields) }),
      columns: columnsOf(exportColumns.arrears),
    }),
    z.strictObject({
      grid: z.literal('instalments'),
      query: z.strictObject(instalmentFilter),
      columns: columnsOf(exportColumns.instalments),
    }),
  ],
  { error: '不能导出这个表格' },
);

export type ExportRequest = z.input<typeof exportRequest>;
export type ParsedExportRequest = z.output<typeof exportRequest>;

export const exportLabels: Labels = {
  grid: '导出的表格',
  query: '导出条件',
  columns: '导出的列',
  statusId: '客户状态',
  search: '搜索',
  sort: '排序',
  field: '排序列',
  dir: '排序方向',
  deleted: '已删除的客户',
  customerId: '客户',
  kind: '属性',
  categoryId: '商品大类',
  onSale: '在售',
  active: '在用',
  days: '提前天数',
  ownerId: '业务员',
  from: '开始日期',
  to: '结束日期',
  jobId: '导出任务',
  view: '列表',
};

/**
 * choosing: the desktop's save dialog is open · running: rows are being written · done · cancelled
 * (by the user, or the save dialog was closed) · failed.
 */
export type ExportState = 'choosing' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ExportStarted {
  jobId: string;
  /** The default file name, e.g. 客户资料_20261126.xlsx. */
  fileName: string;
}

export interface ExportProgress {
  jobId: string;
  /** The sheet name and file stem, e.g. 客户资料. */
  title: string;
  fileName: string;
  state: ExportState;
  /** Rows written so far. */
  done: number;
  /** Rows to write; null until counted. */
  total: number | null;
  /** Sheets written (a sheet holds at most 1,048,575 rows). */
  sheets: number;
  error: string | null;
  /** Browser mode, when done: the one-time address the file downloads from. */
  download: string | null;
  /** Desktop, when done: where the file was saved. */
  savedTo: string | null;
}

const jobId = z.string().regex(/^[0-9a-f-]{36}$/, '不是有效的导出任务');

export const exportContract = {
  /** Starts an export in the background; permissions and visibility are the grid's own. */
  'export.start': read<ExportStarted>()(exportRequest, exportLabels, { onWriter: true }),
  'export.progress': read<ExportProgress>()(z.strictObject({ jobId }), exportLabels, { onWriter: true }),
  /** Stops a running export and deletes the partly written file. */
  'export.cancel': read<ExportProgress>()(z.strictObject({ jobId }), exportLabels, { onWriter: true }),
};
