/**
 * 导入客户 from Excel (the manual's 补录历史客户, 2.1): open an .xlsx, map its columns to customer
 * fields (Chinese headers are matched automatically), look at the preview — every row's errors and
 * keyword duplicates — before anything is written, then import in one transaction.
 *
 * Reading and checking a file runs in the background (a worker thread): 'import.open' and
 * 'import.preview' return at once, the window polls 'import.progress'. 'import.commit' checks every
 * row again and writes them all, or none. Pure zod, no Node: the renderer imports it too.
 */
import { z } from 'zod';
import { read, requiredText, write, type Labels } from './common.js';
import type { DuplicateMatch } from './customers.js';
import { CUSTOMER_FIELDS, type CustomerFieldName } from '../fields/customer.js';

/** The customer fields a column of the file can fill. 客户状态 and 业务员 are given by name. */
export const importFields = [
  'name',
  'keyword',
  'statusName',
  'ownerName',
  'createdOn',
  'industry',
  'source',
  'region',
  'address',
  'phone',
  'fax',
  'website',
  'email',
  'note',
] as const;
export type ImportField = (typeof importFields)[number];

/** Each importable column's customer field in the registry (core/fields/customer.ts). */
export const importFieldOf: Record<ImportField, CustomerFieldName> = {
  name: 'name',
  keyword: 'keyword',
  statusName: 'status',
  ownerName: 'owner',
  createdOn: 'createdOn',
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

/** Fields that must have a column. */
export const requiredImportFields: readonly ImportField[] = ['name', 'keyword'];

/** The largest file accepted. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** The most rows one import takes (one transaction). */
export const MAX_IMPORT_ROWS = 20_000;

/** Field → the file's column (0-based, in `headers`), or null: not imported. */
export type ImportMapping = Partial<Record<ImportField, number | null>>;

export const importMapping = z.partialRecord(
  z.enum(importFields, { error: '不是可导入的字段' }),
  z.number().int().min(0).max(1000).nullable(),
);

const importId = z.string().regex(/^[0-9a-f-]{36}$/, '不是有效的导入');

export const importLabels: Labels = {
  fileName: '文件名',
  fileBase64: '文件',
  importId: '导入',
  mapping: '列的对应',
  skipRowsWithErrors: '跳过有错误的行',
  skipDuplicates: '跳过关键字重复的行',
  ...Object.fromEntries(importFields.map((f) => [f, CUSTOMER_FIELDS[importFieldOf[f]].label])),
};

/** reading: opening the file · checking: checking every row · ready: the preview is there · failed. */
export type ImportState = 'reading' | 'checking' | 'ready' | 'failed';

export interface ImportStarted {
  importId: string;
}

/** One row of the file as it would be imported, with what is wrong with it. */
export interface ImportPreviewRow {
  /** The row number in the sheet (as Excel shows it). */
  row: number;
  /** The mapped values as they would be saved (客户状态 and 业务员 by name, 创建日期 'YYYY-MM-DD'). */
  values: Partial<Record<ImportField, string>>;
  /** Field → what is wrong; the row cannot be imported while there is any. */
  errors: Partial<Record<ImportField, string>>;
  /** Existing customers whose keyword or name overlaps (a warning, as when creating one). */
  duplicates: DuplicateMatch[];
  /** An earlier row of the file with the same keyword, or null. */
  sameAsRow: number | null;
}

export interface ImportPreview {
  sheetName: string;
  headers: string[];
  /** The mapping these rows were checked with. */
  mapping: ImportMapping;
  /** What the headers suggest (the first preview uses it). */
  suggested: ImportMapping;
  /** Whether this user may map a 业务员 column (administrators); salespeople import into their own name. */
  ownerMappable: boolean;
  rows: ImportPreviewRow[];
  counts: { rows: number; ok: number; errors: number; duplicates: number };
  /** Why this mapping cannot be imported (a required field without a column …), or null. */
  mappingError: string | null;
}

export interface ImportProgress {
  importId: string;
  fileName: string;
  state: ImportState;
  done: number;
  total: number | null;
  error: string | null;
  preview: ImportPreview | null;
}

/** What 'import.commit' did. */
export interface ImportReport {
  fileName: string;
  imported: number;
  skipped: { row: number; reason: string }[];
}

export const importContract = {
  /** Reads the file (sent as base64) and checks it with the suggested mapping. */
  'import.open': read<ImportStarted>()(
    z.strictObject({
      fileName: requiredText(255),
      fileBase64: z
        .string({ error: '请选择文件' })
        .min(1, '请选择文件')
        .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4, `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`),
    }),
    importLabels,
    { onWriter: true },
  ),
  /** Checks the file again with another mapping. */
  'import.preview': read<ImportStarted>()(z.strictObject({ importId, mapping: importMapping }), importLabels, {
    onWriter: true,
  }),
  'import.progress': read<ImportProgress>()(z.strictObject({ importId }), importLabels, { onWriter: true }),
  /**
   * Imports the checked rows in one transaction. A row with errors refuses the whole import unless
   * skipRowsWithErrors; keyword duplicates are imported (as when creating a customer after the
   * warning) unless skipDuplicates.
   */
  'import.commit': write<ImportReport>()(
    z.strictObject({
      importId,
      mapping: importMapping,
      skipRowsWithErrors: z.boolean().default(false),
      skipDuplicates: z.boolean().default(false),
    }),
    importLabels,
  ),
  /** Forgets the file. */
  'import.close': read<null>()(z.strictObject({ importId }), importLabels, { onWriter: true }),
};
