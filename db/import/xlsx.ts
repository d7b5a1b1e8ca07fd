/**
 * Reads the first sheet with data of an .xlsx file (exceljs) into a plain table: the header row
 * (the first row with anything in it) and the rows below it, each cell reduced to text, a number,
 * a boolean or a date. Formulas give their result, rich text and links their text.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { MAX_IMPORT_ROWS } from '../../core/contract.js';
import { AppError } from '../errors.js';

export type Cell = string | number | boolean | Date | null;

export interface ImportTable {
  sheetName: string;
  headers: string[];
  /** `row` is the row number Excel shows. Entirely empty rows are left out. */
  rows: { row: number; cells: Cell[] }[];
}

/** A cell's value without exceljs's wrappers. */
export function plainCell(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      return plainCell((value as { result?: ExcelJS.CellValue }).result);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

const isEmpty = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

const notXlsx = () =>
  new AppError('bad_input', '无法读取这个文件：请选择 Excel 工作簿（.xlsx）。旧版 .xls 请先在 Excel 中另存为 .xlsx');
const tooLong = () =>
  new AppError(
    'bad_input',
    `文件超过 ${MAX_IMPORT_ROWS} 行：每次最多导入 ${MAX_IMPORT_ROWS} 个客户，请分成几个文件导入`,
  );

/**
 * Reads the first sheet with data. First its rows are counted as they stream by (exceljs's
 * streaming reader): reading stops at the first row over MAX_IMPORT_ROWS, so a huge file is
 * refused without being parsed into memory. Only then is the workbook read whole for its values
 * (the worker's memory limit guards that step): exceljs's streaming reader decodes each chunk of
 * XML on its own and garbles a Chinese character split across two chunks, so its text is never
 * used — counting rows does not depend on it.
 */
export async function readTable(data: Uint8Array, onRow?: (n: number) => void): Promise<ImportTable> {
  try {
    await countRows(data, onRow);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // The streaming unzipper cannot read every valid zip (stored parts with data descriptors, as
    // some tools write them). A small file is safe to read whole without counting first.
    if (data.byteLength > WHOLE_READ_MAX_BYTES) throw notXlsx();
  }
  return readWhole(data);
}

/** Counts the data rows of the first sheet with data, streaming; throws at MAX_IMPORT_ROWS + 1. */
async function countRows(data: Uint8Array, onRow?: (n: number) => void): Promise<number> {
  const input = Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    let header = false;
    let rows = 0;
    for await (const row of sheet) {
      const values = row.values as ExcelJS.CellValue[];
      let empty = true;
      for (let i = 1; i < values.length && empty; i++) empty = isEmpty(plainCell(values[i]));
      if (empty) continue;
      if (!header) {
        header = true;
        continue;
      }
      rows += 1;
      if (rows > MAX_IMPORT_ROWS) throw tooLong();
      onRow?.(rows);
    }
    if (header) return rows;
  }
  return 0;
}

/** Files up to this size may be read whole when the streaming reader fails. */
export const WHOLE_READ_MAX_BYTES = 4 * 1024 * 1024;

/** Columns without a header are named like Excel's: 'C 列'. */
function withColumnNames(table: ImportTable): ImportTable {
  const width = table.rows.reduce((w, r) => Math.max(w, r.cells.length), table.headers.length);
  const named = table.headers;
  return { ...table, headers: Array.from({ length: width }, (_, i) => named[i] || `${columnLetter(i)} 列`) };
}

/** The whole workbook in memory (exceljs's load), once countRows allowed it. */
async function readWhole(data: Uint8Array): Promise<ImportTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as never);
  } catch {
    throw notXlsx();
  }
  for (const sheet of workbook.worksheets) {
    let headers: string[] | null = null;
    const rows: ImportTable['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      const values = row.values as ExcelJS.CellValue[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
      if (cells.every(isEmpty)) return;
      if (!headers) {
        headers = cells.map((c) =>
          c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim(),
        );
        return;
      }
      rows.push({ row: number, cells });
      if (rows.length > MAX_IMPORT_ROWS) throw tooLong();
    });
    if (headers) return withColumnNames({ sheetName: sheet.name, headers, rows });
  }
  throw new AppError('bad_input', '文件中没有数据');
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
