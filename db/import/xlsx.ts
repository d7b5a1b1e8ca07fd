/**
 * Reads the first sheet with data of an .xlsx file (exceljs) into a plain table: the header row
 * (the first row with anything in it) and the rows below it, each cell reduced to text, a number,
 * a boolean or a date. Formulas give their result, rich text and links their text.
 */
import ExcelJS from 'exceljs';
import { MAX_IMPORT_ROWS } from '../contract.js';
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

export async function readTable(data: Uint8Array, onRow?: (n: number) => void): Promise<ImportTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(data.buffer, data.byteOffset, data.byteLength) as never);
  } catch {
    throw new AppError(
      'bad_input',
      '无法读取这个文件：请选择 Excel 工作簿（.xlsx）。旧版 .xls 请先在 Excel 中另存为 .xlsx',
    );
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new AppError('bad_input', '文件中没有数据');
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
    if (rows.length > MAX_IMPORT_ROWS) {
      throw new AppError(
        'bad_input',
        `文件超过 ${MAX_IMPORT_ROWS} 行：每次最多导入 ${MAX_IMPORT_ROWS} 个客户，请分成几个文件导入`,
      );
    }
    onRow?.(rows.length);
  });
  if (!headers) throw new AppError('bad_input', '文件中没有数据');
  const named = headers as string[];
  // Columns without a header are named like Excel's: 'C 列'.
  const width = rows.reduce((w, r) => Math.max(w, r.cells.length), named.length);
  const all = Array.from({ length: width }, (_, i) => named[i] || `${columnLetter(i)} 列`);
  return { sheetName: sheet.name, headers: all, rows };
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
