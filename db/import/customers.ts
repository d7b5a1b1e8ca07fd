/**
 * The rules of 导入客户, shared by the preview (in the worker, on a read-only connection) and the
 * commit (in the router's transaction): which column is which field, what a row becomes, and
 * what is wrong with it. A row is validated by the customers handler's own schema
 * (customerFields) and checked for keyword duplicates by its own finder (findDuplicates).
 */
import { z } from 'zod';
import {
  customerFields,
  isMaskedNumber,
  importFieldOf,
  importFields,
  requiredImportFields,
  type CustomerFields,
  type DuplicateMatch,
  type ImportField,
  type ImportMapping,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportReport,
  type Role,
} from '../../core/contract.js';
import { CUSTOMER_FIELDS } from '../../core/fields/customer.js';
import { today, type Ctx } from '../context.js';
import { AppError, badField } from '../errors.js';
import { fold } from '../../core/fold.js';
import { findDuplicates } from '../customers/duplicates.js';
import { insertCustomers } from '../customers/write.js';
import { writeLog } from '../oplog.js';
import type { DB } from '../open.js';
import type { Cell, ImportTable } from './xlsx.js';

/** The label of each field, and the headers that mean it (compared after folding, without spaces). */
export const IMPORT_FIELD_INFO = Object.fromEntries(
  importFields.map((f) => {
    const info = CUSTOMER_FIELDS[importFieldOf[f]];
    return [f, { label: info.label, headers: [info.label, ...info.headers] }];
  }),
) as Record<ImportField, { label: string; headers: string[] }>;

/** A header as compared: folded, without spaces, required-marks and brackets' notes. */
const headerKey = (h: string) =>
  fold(h)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊:：]/g, '');

/** The column of each field whose header names it; each column is used once. */
export function suggestMapping(headers: string[], role: Role): ImportMapping {
  const keys = headers.map(headerKey);
  const used = new Set<number>();
  const mapping: ImportMapping = {};
  for (const field of importFields) {
    if (field === 'ownerName' && role !== 'admin') continue;
    const wanted = IMPORT_FIELD_INFO[field].headers.map(headerKey);
    // The first synonym found wins: '客户名称' before a loose '名称'.
    let found: number | null = null;
    for (const w of wanted) {
      const i = keys.findIndex((k, idx) => k === w && !used.has(idx));
      if (i >= 0) {
        found = i;
        break;
      }
    }
    if (found !== null) used.add(found);
    mapping[field] = found;
  }
  return mapping;
}

/** A mapping this user may use with these headers (else a clear error naming the field). */
export function checkMapping(mapping: ImportMapping, headers: string[], role: Role): void {
  for (const field of requiredImportFields) {
    const col = mapping[field];
    if (col === undefined || col === null) {
      throw badField(`mapping.${field}`, IMPORT_FIELD_INFO[field].label, '请选择文件中对应的列（必填）');
    }
  }
  const seen = new Map<number, ImportField>();
  for (const field of importFields) {
    const col = mapping[field];
    if (col === undefined || col === null) continue;
    const label = IMPORT_FIELD_INFO[field].label;
    if (col >= headers.length) throw badField(`mapping.${field}`, label, '文件中没有这一列');
    if (field === 'ownerName' && role !== 'admin') {
      throw badField(`mapping.${field}`, label, '业务员只能把客户导入到自己名下，不能指定业务员列');
    }
    const other = seen.get(col);
    if (other) {
      throw badField(`mapping.${field}`, label, `“${headers[col]}”列已对应到${IMPORT_FIELD_INFO[other].label}`);
    }
    seen.set(col, field);
  }
}

/** What importing needs to know of the database and the user. */
export interface ImportLookup {
  statuses: Map<string, { id: number; name: string }>;
  defaultStatus: { id: number; name: string };
  /** Active staff by folded name (several when names repeat). */
  staff: Map<string, { id: number; name: string }[]>;
  user: { id: number; name: string; role: Role };
  today: string;
}

export function loadLookup(db: DB, user: ImportLookup['user'], day: string): ImportLookup {
  const statuses = db
    .prepare<[], { id: number; name: string }>('SELECT id, name FROM customer_status ORDER BY sort_order, id')
    .all();
  if (!statuses.length) throw new AppError('internal', '没有客户状态');
  const staff = new Map<string, { id: number; name: string }[]>();
  for (const s of db
    .prepare<[], { id: number; name: string }>('SELECT id, name FROM staff WHERE active = 1 ORDER BY id')
    .all()) {
    const key = fold(s.name);
    staff.set(key, [...(staff.get(key) ?? []), s]);
  }
  return {
    statuses: new Map(statuses.map((s) => [fold(s.name), s])),
    defaultStatus: statuses[0],
    staff,
    user,
    today: day,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** A cell as text: numbers as written (a phone typed as a number), dates as 'YYYY-MM-DD'. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(15)));
  return cell.trim();
}

/**
 * A cell as a date 'YYYY-MM-DD': an Excel date, an Excel serial number, 20261126, or text
 * 'YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYY年M月D日' (a time after it is ignored).
 * Returns the text unchanged when it is none of these (the schema then names the error).
 */
export function cellDate(cell: Cell): string {
  if (cell instanceof Date) {
    // exceljs reads a date cell as that day at UTC midnight (plus the time of day, if any).
    return ymd(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 29991231) {
      return ymd(Math.floor(cell / 10000), Math.floor(cell / 100) % 100, cell % 100);
    }
    if (cell >= 1 && cell < 2958466) {
      // Days since 1899-12-30 (Excel's serial, its 1900 leap-year bug included).
      const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86400000);
      return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    return String(cell);
  }
  const s = cellText(cell).normalize('NFKC');
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : s;
}

// A masked number ('138****5678', from an export of hidden numbers) is no number to import.
const rowSchema = z.strictObject({
  ...customerFields,
  phone: customerFields.phone.refine((s) => !isMaskedNumber(s), '是隐藏的号码（带 ****），请填写完整的号码'),
  fax: customerFields.fax.refine((s) => !isMaskedNumber(s), '是隐藏的号码（带 ****），请填写完整的号码'),
});

/** One row of the file: its values, the customer fields it makes, or what is wrong. */
export function checkRow(
  cells: Cell[],
  mapping: ImportMapping,
  lookup: ImportLookup,
): { values: ImportPreviewRow['values']; errors: ImportPreviewRow['errors']; fields: CustomerFields | null } {
  const cell = (f: ImportField): Cell => {
    const col = mapping[f];
    return col === undefined || col === null ? null : (cells[col] ?? null);
  };
  const errors: ImportPreviewRow['errors'] = {};
  const values: ImportPreviewRow['values'] = {};
  for (const f of importFields) {
    if (f === 'statusName' || f === 'ownerName' || f === 'createdOn') continue;
    values[f] = cellText(cell(f));
  }

  const statusText = cellText(cell('statusName'));
  const status = statusText ? lookup.statuses.get(fold(statusText)) : lookup.defaultStatus;
  values.statusName = status?.name ?? statusText;
  if (!status) errors.statusName = `没有叫“${statusText}”的客户状态`;

  let ownerId = lookup.user.id;
  values.ownerName = lookup.user.name;
  const ownerText = lookup.user.role === 'admin' ? cellText(cell('ownerName')) : '';
  if (ownerText) {
    const found = lookup.staff.get(fold(ownerText)) ?? [];
    values.ownerName = ownerText;
    if (found.length === 1) {
      ownerId = found[0].id;
      values.ownerName = found[0].name;
    } else {
      errors.ownerName = found.length
        ? `有 ${found.length} 位在职人员叫“${ownerText}”，无法确定是哪一位`
        : `没有叫“${ownerText}”的在职人员`;
    }
  }

  const dateCell = cell('createdOn');
  values.createdOn = dateCell === null || cellText(dateCell) === '' ? lookup.today : cellDate(dateCell);

  const parsed = rowSchema.safeParse({
    name: values.name,
    keyword: values.keyword,
    statusId: status?.id ?? 0,
    ownerId,
    createdOn: values.createdOn,
    industry: values.industry,
    source: values.source,
    region: values.region,
    address: values.address,
    phone: values.phone,
    fax: values.fax,
    website: values.website,
    email: values.email,
    note: values.note,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      const field = (key === 'statusId' ? 'statusName' : key === 'ownerId' ? 'ownerName' : key) as ImportField;
      errors[field] ??= issue.message;
    }
  }
  const ok = parsed.success && Object.keys(errors).length === 0;
  return { values, errors, fields: ok ? parsed.data : null };
}

/** Every row checked; `duplicates` looks a row's name and keyword up among existing customers. */
export function checkTable(
  table: ImportTable,
  mapping: ImportMapping,
  lookup: ImportLookup,
  duplicates: ((name: string, keyword: string) => DuplicateMatch[]) | null,
  onProgress?: (done: number) => void,
): { rows: (ImportPreviewRow & { fields: CustomerFields | null })[]; counts: ImportPreview['counts'] } {
  const firstWithKeyword = new Map<string, number>();
  const rows: (ImportPreviewRow & { fields: CustomerFields | null })[] = [];
  const counts = { rows: 0, ok: 0, errors: 0, duplicates: 0 };
  for (const { row, cells } of table.rows) {
    const checked = checkRow(cells, mapping, lookup);
    let sameAsRow: number | null = null;
    let matches: DuplicateMatch[] = [];
    if (checked.fields) {
      const key = fold(checked.fields.keyword);
      sameAsRow = firstWithKeyword.get(key) ?? null;
      if (sameAsRow === null) firstWithKeyword.set(key, row);
      if (duplicates) matches = duplicates(checked.fields.name, checked.fields.keyword);
    }
    rows.push({ row, ...checked, duplicates: matches, sameAsRow });
    counts.rows++;
    if (!checked.fields) counts.errors++;
    else if (matches.length || sameAsRow !== null) counts.duplicates++;
    else counts.ok++;
    if (counts.rows % 200 === 0) onProgress?.(counts.rows);
  }
  onProgress?.(counts.rows);
  return { rows, counts };
}

/** What is wrong with a row, in one line: '客户名称：不能为空；创建日期：2026-02-30 不存在…'. */
export function describeErrors(errors: ImportPreviewRow['errors']): string {
  return importFields
    .filter((f) => errors[f])
    .map((f) => `${IMPORT_FIELD_INFO[f].label}：${errors[f]}`)
    .join('；');
}

export function describeDuplicates(row: Pick<ImportPreviewRow, 'duplicates' | 'sameAsRow'>): string {
  const parts: string[] = [];
  if (row.sameAsRow !== null) parts.push(`与文件第 ${row.sameAsRow} 行关键字相同`);
  if (row.duplicates.length) {
    parts.push(
      `关键字与已有客户重复：${row.duplicates
        .slice(0, 3)
        .map((m) => `${m.name}（${m.ownerName}）`)
        .join('、')}${row.duplicates.length > 3 ? ` 等 ${row.duplicates.length} 个` : ''}`,
    );
  }
  return parts.join('；');
}

export interface CommitOptions {
  fileName: string;
  mapping: ImportMapping;
  skipRowsWithErrors: boolean;
  skipDuplicates: boolean;
}

/**
 * Imports the table in the caller's transaction (the router's): every row is checked again here —
 * the preview is never trusted — and written with its 操作日志 and the 创建日期 of the file.
 * A row with errors refuses the whole import unless skipRowsWithErrors.
 */
export function commitImport(ctx: Ctx, table: ImportTable, opts: CommitOptions): ImportReport {
  checkMapping(opts.mapping, table.headers, ctx.user.role);
  const lookup = loadLookup(ctx.db, { id: ctx.user.id, name: ctx.user.name, role: ctx.user.role }, today(ctx));
  const finder = opts.skipDuplicates ? (n: string, k: string) => findDuplicates(ctx, n, k, null) : null;
  const { rows } = checkTable(table, opts.mapping, lookup, finder);
  const bad = rows.filter((r) => !r.fields);
  if (bad.length && !opts.skipRowsWithErrors) {
    const first = bad
      .slice(0, 5)
      .map((r) => `第 ${r.row} 行 ${describeErrors(r.errors)}`)
      .join('；');
    throw new AppError(
      'bad_input',
      `${bad.length} 行有错误，没有导入任何客户：${first}${bad.length > 5 ? ' …' : ''}`,
      undefined,
      { rows: bad.slice(0, 200).map((r) => ({ row: r.row, errors: r.errors })) },
    );
  }
  const statusName = new Map([...lookup.statuses.values()].map((s) => [s.id, s.name]));
  const skipped: ImportReport['skipped'] = [];
  const take: { row: number; fields: CustomerFields }[] = [];
  for (const r of rows) {
    if (!r.fields) skipped.push({ row: r.row, reason: describeErrors(r.errors) });
    else if (opts.skipDuplicates && (r.duplicates.length || r.sameAsRow !== null)) {
      skipped.push({ row: r.row, reason: describeDuplicates(r) });
    } else take.push({ row: r.row, fields: r.fields });
  }
  const ids = insertCustomers(
    ctx,
    take.map((t) => t.fields),
  );
  take.forEach(({ row, fields: f }, i) =>
    writeLog(
      ctx,
      ids[i],
      `导入客户：${f.name}（关键字 ${f.keyword}，${statusName.get(f.statusId) ?? ''}，创建日期 ${f.createdOn}，` +
        `来自 ${opts.fileName} 第 ${row} 行）`,
    ),
  );
  const imported = take.length;
  return { fileName: opts.fileName, imported, skipped };
}
