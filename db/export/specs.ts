/**
 * One export spec per grid: its sheet title (also the file's stem), its columns (Chinese header,
 * type, width, SQL), and where its rows come from — the grid's own query builder, visibility and
 * permission checks, so an export holds exactly the rows the user sees in the grid, all of them.
 *
 * Adding a grid: a key list in core/contract/export.ts (exportColumns + its query in exportRequest),
 * and an entry here. The SQL runs in the export worker on a read-only connection; everything that
 * checks or writes (visibility notices expired delegations) runs here, in the router's transaction.
 */
import { DEPARTMENT_NAME_SQL } from '../handlers/staff.js';
import type { ExportColumnKey, ExportGrid, ParsedExportRequest } from '../../core/contract.js';
import { CUSTOMER_FIELDS, type CustomerFieldName } from '../../core/fields/customer.js';
import {
  CONTACT_FIELDS,
  PRODUCT_FIELDS,
  PURCHASE_FIELDS,
  QUOTE_FIELDS,
  RECORD_FIELDS,
  STAFF_FIELDS,
  SUPPLIER_FIELDS,
  type ColumnInfo,
} from '../../core/fields/entities.js';
import { today, type Ctx } from '../context.js';
import { AppError, forbidden } from '../errors.js';
import { productGridQuery } from '../catalog/queries.js';
import { customerGridQuery } from '../customers/grid.js';
import { arrearsQuery, feesDueQuery } from '../fees/queries.js';
import { instalmentsDueQuery, viewRange } from '../instalments/queries.js';
import { supplierGridQuery } from '../suppliers/queries.js';
import { accessCustomer } from '../visibility.js';
import { maskedNumberSql, maskParams } from '../pool/mask.js';
import type { ExportColumn } from './columns.js';

/** A column of a spec: what the sheet shows, and the SQL expression of its value. */
export interface SpecColumn<K extends string = string> extends ExportColumn {
  key: K;
  /** The value's SQL over the source's FROM; '' when the source gives a whole statement. */
  sql: string;
}

/**
 * The rows of an export, as SQL with named parameters: FROM, WHERE and ORDER BY (the columns'
 * expressions are selected), or a whole statement another module builds for its grid, whose
 * result columns are named by the column keys (extra columns are ignored).
 */
export type RowSource = (
  | {
      from: string;
      where: string;
      order: string;
      /** How to count them, when it differs (no joins, another plan). */
      count?: { from: string; where: string };
    }
  | { sql: string }
) & {
  params: Record<string, unknown>;
  /** Put into the file name after the title, e.g. the customer of a tab. */
  subject?: string;
};

type RequestOf<G extends ExportGrid> = Extract<ParsedExportRequest, { grid: G }>;

export interface ExportSpec<G extends ExportGrid> {
  /** Sheet name and default file stem, e.g. 客户资料 → 客户资料_20261126.xlsx. */
  title: string;
  columns: { [K in ExportColumnKey<G>]: Omit<SpecColumn<K>, 'key'> };
  /** Checks permission and visibility (throws), then gives the grid's rows as SQL. */
  source(ctx: Ctx, request: RequestOf<G>): RowSource;
}

const text = (header: string, sql: string, width: number) => ({ header, sql, width, type: 'text' as const });
const typed = (type: ExportColumn['type'], header: string, sql: string, width: number) => ({
  header,
  sql,
  width,
  type,
});

/** A column from a field registry (core/fields/): its header and width. */
const col = (f: ColumnInfo, sql: string, type: ExportColumn['type'] = 'text') => ({
  header: f.label,
  sql,
  width: f.width,
  type,
});

/** A customer field's column: header and width from the registry (core/fields/customer.ts). */
const field = (name: CustomerFieldName, sql: string, type: ExportColumn['type'] = 'text') =>
  col(CUSTOMER_FIELDS[name], sql, type);

const customers: ExportSpec<'customers'> = {
  title: '客户资料',
  columns: {
    name: field('name', 'c.name'),
    keyword: field('keyword', 'c.keyword'),
    statusName: field('status', 's.name'),
    ownerName: field('owner', 'o.name'),
    createdOn: field('createdOn', 'c.created_on', 'date'),
    // 脱敏: the same masked value as the grid (db/pool/mask.ts; the source passes the rule's parameters).
    phone: field('phone', maskedNumberSql('c.phone')),
    region: field('region', 'c.region'),
  },
  source(ctx, { query }) {
    const grid = customerGridQuery(ctx, query);
    const counted = grid.countWhere();
    return {
      from: 'customer c JOIN customer_status s ON s.id = c.status_id JOIN staff o ON o.id = c.owner_id',
      where: grid.where.sql,
      order: grid.order,
      params: grid.where.params,
      count: { from: 'customer c', where: counted.sql },
    };
  },
};

/** A customer of a tab: visible to the user (the administrator may look at a deleted one too). */
const tabCustomer = (ctx: Ctx, customerId: number) =>
  accessCustomer(ctx, customerId, { allowDeleted: ctx.user.role === 'admin', read: true });

const contacts: ExportSpec<'contacts'> = {
  title: '联系人',
  columns: {
    name: col(CONTACT_FIELDS.name, 'k.name'),
    gender: col(CONTACT_FIELDS.gender, 'k.gender'),
    title: col(CONTACT_FIELDS.title, 'k.title'),
    mobile: col(CONTACT_FIELDS.mobile, maskedNumberSql('k.mobile')),
    phone: col(CONTACT_FIELDS.phone, maskedNumberSql('k.phone')),
    email: col(CONTACT_FIELDS.email, 'k.email'),
    im: col(CONTACT_FIELDS.im, 'k.im'),
    birthday: col(CONTACT_FIELDS.birthday, 'k.birthday', 'date'),
    isPrimary: col(CONTACT_FIELDS.isPrimary, 'k.is_primary', 'bool'),
    note: col(CONTACT_FIELDS.note, 'k.note'),
  },
  source(ctx, { query }) {
    const customer = tabCustomer(ctx, query.customerId);
    // The tab's order: the 主联系人 first, then in the order they were added.
    return {
      from: 'contact k JOIN customer c ON c.id = k.customer_id',
      where: 'k.customer_id = @customerId',
      order: 'k.is_primary DESC, k.id',
      params: { customerId: customer.id, ...maskParams(ctx) },
      count: { from: 'contact k', where: 'k.customer_id = @customerId' },
      subject: customer.name,
    };
  },
};

const records: ExportSpec<'records'> = {
  title: '日志及维护记录',
  columns: {
    kind: col(RECORD_FIELDS.kind, `CASE r.kind WHEN 'log' THEN '操作日志' ELSE '维护记录' END`),
    at: col(RECORD_FIELDS.at, 'r.at', 'datetime'),
    method: col(RECORD_FIELDS.method, 'r.method'),
    contactId: col(RECORD_FIELDS.contact, `coalesce(k.name, '')`),
    content: col(RECORD_FIELDS.content, 'r.content'),
    nextOn: col(RECORD_FIELDS.nextOn, 'r.next_on', 'date'),
    authorName: col(RECORD_FIELDS.author, `CASE WHEN r.author_id IS NULL THEN '系统' ELSE coalesce(s.name, '') END`),
  },
  source(ctx, { query }) {
    const customer = tabCustomer(ctx, query.customerId);
    const where = ['r.customer_id = @customerId'];
    if (query.kind !== 'all') where.push('r.kind = @kind');
    // Every row, the 操作日志 too (the tab lists only the newest 1000), newest first like the tab.
    return {
      from: 'record r LEFT JOIN contact k ON k.id = r.contact_id LEFT JOIN staff s ON s.id = r.author_id',
      where: where.join(' AND '),
      order: 'r.at DESC, r.id DESC',
      params: { customerId: customer.id, ...(query.kind !== 'all' ? { kind: query.kind } : {}) },
      count: { from: 'record r', where: where.join(' AND ') },
      subject: customer.name,
    };
  },
};

const products: ExportSpec<'products'> = {
  title: '商品资料',
  columns: {
    code: col(PRODUCT_FIELDS.code, 'p.code'),
    name: col(PRODUCT_FIELDS.name, 'p.name'),
    categoryName: col(PRODUCT_FIELDS.category, 'pc.name'),
    model: col(PRODUCT_FIELDS.model, 'p.model'),
    unit: col(PRODUCT_FIELDS.unit, 'p.unit'),
    guidePriceCents: col(PRODUCT_FIELDS.guidePrice, 'p.guide_price_cents', 'money'),
    annualFeeCents: col(PRODUCT_FIELDS.annualFee, 'p.annual_fee_cents', 'money'),
    supplierName: col(PRODUCT_FIELDS.supplier, `coalesce(s.name, '')`),
    onSale: col(PRODUCT_FIELDS.onSale, 'p.on_sale', 'bool'),
    note: col(PRODUCT_FIELDS.note, 'p.note'),
  },
  // Everyone logged in reads the catalog (salespeople quote from it).
  source(_ctx, { query }) {
    const grid = productGridQuery(query);
    return {
      from: grid.from,
      where: grid.where,
      order: grid.order,
      params: grid.params,
      count: { from: 'product p', where: grid.where },
    };
  },
};

const suppliers: ExportSpec<'suppliers'> = {
  title: '供应商',
  columns: {
    name: col(SUPPLIER_FIELDS.name, 's.name'),
    shortName: col(SUPPLIER_FIELDS.shortName, 's.short_name'),
    active: col(SUPPLIER_FIELDS.active, 's.active', 'bool'),
    productCount: typed('number', '商品数', '(SELECT count(*) FROM product p WHERE p.supplier_id = s.id)', 8),
    contactName: col(SUPPLIER_FIELDS.contactName, 's.contact_name'),
    phone: col(SUPPLIER_FIELDS.phone, 's.phone'),
    mobile: col(SUPPLIER_FIELDS.mobile, 's.mobile'),
    email: col(SUPPLIER_FIELDS.email, 's.email'),
    address: col(SUPPLIER_FIELDS.address, 's.address'),
    bank: col(SUPPLIER_FIELDS.bank, 's.bank'),
    account: col(SUPPLIER_FIELDS.account, 's.account'),
  },
  source(_ctx, { query }) {
    const grid = supplierGridQuery(query);
    return { from: 'supplier s', where: grid.where, order: grid.order, params: grid.params };
  },
};

const staff: ExportSpec<'staff'> = {
  title: '人员',
  columns: {
    name: col(STAFF_FIELDS.name, 's.name'),
    login: col(STAFF_FIELDS.login, `coalesce(s.login, '')`),
    role: col(
      STAFF_FIELDS.role,
      `CASE s.role WHEN 'admin' THEN '管理员' WHEN 'manager' THEN '销售经理' ELSE '业务员' END`,
    ),
    // The 部门 of the tree (0014), else the free text of earlier versions.
    department: col(STAFF_FIELDS.department, `coalesce(${DEPARTMENT_NAME_SQL}, s.department)`),
    title: col(STAFF_FIELDS.title, 's.title'),
    mobile: col(STAFF_FIELDS.mobile, 's.mobile'),
    email: col(STAFF_FIELDS.email, 's.email'),
    hiredOn: col(STAFF_FIELDS.hiredOn, 's.hired_on', 'date'),
    active: col(STAFF_FIELDS.active, 's.active', 'bool'),
    customerCount: typed(
      'number',
      '客户数',
      '(SELECT count(*) FROM customer c WHERE c.owner_id = s.id AND c.deleted_at IS NULL)',
      8,
    ),
  },
  source(ctx, { query }) {
    // The same rule as staff.list: 人员管理 is the administrator's.
    if (ctx.user.role !== 'admin') throw forbidden('只有管理员可以管理人员');
    const dir = query.sort?.dir === 'desc' ? 'DESC' : 'ASC';
    // The list's own order, or the sorted column (the role and 在职 by their stored values).
    const order = query.sort
      ? `${staffSortSql[query.sort.field] ?? staff.columns[query.sort.field].sql} ${dir}, s.id ${dir}`
      : 's.active DESC, s.role, s.id';
    return { from: 'staff s', where: '1 = 1', order, params: {} };
  },
};

const staffSortSql: Partial<Record<ExportColumnKey<'staff'>, string>> = { role: 's.role' };

const quotes: ExportSpec<'quotes'> = {
  title: '售前报价',
  columns: {
    productCode: col(PRODUCT_FIELDS.code, 'p.code'),
    productName: col(PRODUCT_FIELDS.name, 'p.name'),
    productModel: col(PRODUCT_FIELDS.model, 'p.model'),
    productUnit: col(PRODUCT_FIELDS.unit, 'p.unit'),
    quotedOn: col(QUOTE_FIELDS.quotedOn, 'q.quoted_on', 'date'),
    quantity: col(QUOTE_FIELDS.quantity, 'q.quantity', 'number'),
    priceCents: col(QUOTE_FIELDS.price, 'q.price_cents', 'money'),
    amountCents: col(QUOTE_FIELDS.amount, 'q.quantity * q.price_cents', 'money'),
    note: col(QUOTE_FIELDS.note, 'q.note'),
    quotedByName: col(QUOTE_FIELDS.quotedBy, `coalesce(s.name, '')`),
  },
  source(ctx, { query }) {
    const customer = tabCustomer(ctx, query.customerId);
    // The tab's order: by 报价日期 (the index quote_customer).
    return {
      from: 'quote q JOIN product p ON p.id = q.product_id LEFT JOIN staff s ON s.id = q.quoted_by',
      where: 'q.customer_id = @customerId',
      order: 'q.quoted_on, q.id',
      params: { customerId: customer.id },
      count: { from: 'quote q', where: 'q.customer_id = @customerId' },
      subject: customer.name,
    };
  },
};

const purchases: ExportSpec<'purchases'> = {
  title: '购买情况',
  columns: {
    productCode: col(PRODUCT_FIELDS.code, 'p.code'),
    productName: col(PRODUCT_FIELDS.name, 'p.name'),
    productModel: col(PRODUCT_FIELDS.model, 'p.model'),
    purchasedOn: col(PURCHASE_FIELDS.purchasedOn, 'u.purchased_on', 'date'),
    quantity: col(PURCHASE_FIELDS.quantity, 'u.quantity', 'number'),
    unitPriceCents: col(PURCHASE_FIELDS.unitPrice, 'u.unit_price_cents', 'money'),
    amountDueCents: col(PURCHASE_FIELDS.amountDue, 'u.amount_due_cents', 'money'),
    amountPaidCents: col(PURCHASE_FIELDS.amountPaid, 'u.amount_paid_cents', 'money'),
    arrearsCents: col(PURCHASE_FIELDS.arrears, 'u.amount_due_cents - u.amount_paid_cents', 'money'),
    annualFeeCents: col(PURCHASE_FIELDS.annualFee, 'u.annual_fee_cents', 'money'),
    annualFeeRemind: col(PURCHASE_FIELDS.annualFeeRemind, 'u.annual_fee_remind', 'bool'),
    serviceEndOn: col(PURCHASE_FIELDS.serviceEndOn, 'u.service_end_on', 'date'),
    salespersonName: col(PURCHASE_FIELDS.salesperson, `coalesce(s.name, '')`),
    note: col(PURCHASE_FIELDS.note, 'u.note'),
  },
  source(ctx, { query }) {
    const customer = tabCustomer(ctx, query.customerId);
    // The tab's order: by 购买日期 (the index purchase_customer).
    return {
      from: 'purchase u JOIN product p ON p.id = u.product_id LEFT JOIN staff s ON s.id = u.salesperson_id',
      where: 'u.customer_id = @customerId',
      order: 'u.purchased_on, u.id',
      params: { customerId: customer.id },
      count: { from: 'purchase u', where: 'u.customer_id = @customerId' },
      subject: customer.name,
    };
  },
};

/**
 * Tab 9's views run the statements of db/fees/queries.ts, as the handlers do (visibility included); their
 * result columns are the keys below, so the columns carry no SQL of their own.
 */
const feesDue: ExportSpec<'feesDue'> = {
  title: '年费催缴',
  columns: {
    customerName: field('name', ''),
    productCode: text('商品编号', '', 12),
    productName: text('商品名称', '', 30),
    purchasedOn: typed('date', '购买日期', '', 12),
    annualFeeCents: typed('money', '年服务费', '', 13),
    serviceEndOn: typed('date', '服务截止期限', '', 13),
    daysLeft: typed('number', '剩余天数', '', 10),
    ownerName: field('owner', ''),
    salespersonName: text('销售业务员', '', 10),
  },
  source(ctx, { query }) {
    const q = feesDueQuery(ctx, query);
    return { sql: q.sql, params: q.params };
  },
};

const arrears: ExportSpec<'arrears'> = {
  title: '欠款统计',
  columns: {
    customerName: field('name', ''),
    ownerName: field('owner', ''),
    purchaseCount: typed('number', '笔数', '', 8),
    dueCents: typed('money', '应付合计', '', 15),
    paidCents: typed('money', '已付合计', '', 15),
    arrearsCents: typed('money', '欠款合计', '', 15),
    earliestOn: typed('date', '最早欠款日期', '', 13),
  },
  source(ctx, { query }) {
    const q = arrearsQuery(ctx, query);
    return { sql: q.sql, params: q.params };
  },
};

/** Tab 9's 回款计划: the list's own statement (db/instalments/queries.ts), visibility included. */
const instalments: ExportSpec<'instalments'> = {
  title: '回款计划',
  columns: {
    customerName: field('name', ''),
    productCode: text('商品编号', '', 12),
    productName: text('商品名称', '', 30),
    seq: typed('number', '期次', '', 6),
    dueOn: typed('date', '计划回款日期', '', 13),
    amountCents: typed('money', '计划金额', '', 14),
    paidCents: typed('money', '已回款', '', 14),
    openCents: typed('money', '未回款', '', 14),
    daysLeft: typed('number', '剩余天数', '', 10),
    ownerName: field('owner', ''),
    note: text('备注', '', 30),
  },
  source(ctx, { query }) {
    const q = instalmentsDueQuery(ctx, viewRange(query.view, today(ctx)), query.ownerId);
    return { sql: q.sql, params: q.params };
  },
};

const specs: { [G in ExportGrid]: ExportSpec<G> } = {
  customers,
  contacts,
  records,
  products,
  suppliers,
  staff,
  quotes,
  purchases,
  feesDue,
  arrears,
  instalments,
};

/** What the export worker needs: the statement, its count, the columns and where to write. */
export interface BuiltExport {
  title: string;
  fileName: string;
  columns: ExportColumn[];
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
}

/** Windows and macOS refuse these in file names. */
const fileSafe = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40);

/** The spec of a request's grid, its permission checks, and the SQL of the chosen columns. */
export function buildExport(ctx: Ctx, request: ParsedExportRequest): BuiltExport {
  const spec = specs[request.grid] as ExportSpec<ExportGrid>;
  if (!spec) throw new AppError('bad_input', `不能导出这个表格：${request.grid}`);
  const source = spec.source(ctx, request as never);
  const all = spec.columns as Record<string, Omit<SpecColumn, 'key'>>;
  const keys = request.columns ?? Object.keys(all);
  const columns: SpecColumn[] = keys.map((key) => ({ key, ...all[key] }));
  let sql: string;
  let countSql: string;
  if ('sql' in source) {
    sql = source.sql;
    countSql = `SELECT count(*) FROM (${source.sql})`;
  } else {
    const select = columns.map((c) => `${c.sql} AS "${c.key}"`).join(', ');
    const count = source.count ?? { from: source.from, where: source.where };
    sql = `SELECT ${select} FROM ${source.from} WHERE ${source.where} ORDER BY ${source.order}`;
    countSql = `SELECT count(*) FROM ${count.from} WHERE ${count.where}`;
  }
  const day = today(ctx).replace(/-/g, '');
  const stem = [spec.title, source.subject ? fileSafe(source.subject) : '', day].filter(Boolean).join('_');
  return {
    title: spec.title,
    fileName: `${stem}.xlsx`,
    columns: columns.map(({ key, header, type, width }) => ({ key, header, type, width })),
    sql,
    countSql,
    params: source.params,
  };
}

/** The Chinese headers of a grid's columns, in order (tests, and anyone building a template). */
export function exportHeaders(grid: ExportGrid): string[] {
  return Object.values(specs[grid].columns as Record<string, { header: string }>).map((c) => c.header);
}

/** A grid's columns as the sheet has them: header and type, in order (the spreadsheet test). */
export function exportColumnTypes(grid: ExportGrid): Pick<ExportColumn, 'header' | 'type'>[] {
  return Object.values(specs[grid].columns as Record<string, Omit<ExportColumn, 'key'>>).map(({ header, type }) => ({
    header,
    type,
  }));
}
