/**
 * Writes rows to an .xlsx file with exceljs's streaming WorkbookWriter: each row is committed as
 * it is written, so memory stays flat however many rows there are. Every sheet has a bold header
 * row frozen at the top; typed columns carry their number format (dates, money with two decimals).
 * A sheet holds at most 1,048,575 data rows (Excel's 1,048,576 rows less the header); the rows
 * after that continue on '<title> (2)', '<title> (3)' ….
 */
import ExcelJS from 'exceljs';
import { NUM_FMT, toCell, type ExportColumn } from './columns.js';

/** Excel's last row is 1,048,576: one header row and this many data rows per sheet. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

export interface WriteXlsxOptions {
  file: string;
  /** Sheet name (Excel allows 31 characters). */
  title: string;
  columns: ExportColumn[];
  rows: Iterable<Record<string, unknown>>;
  /** Data rows per sheet; tests make it small. */
  rowLimit?: number;
  /** Called every `progressEvery` rows and at the end, with the rows written so far. */
  onProgress?(done: number): void;
  progressEvery?: number;
}

export interface WriteXlsxResult {
  rows: number;
  sheets: number;
}

/** The parts of exceljs's sheet stream (a StreamBuf piped into the zip) that show its backlog. */
interface SheetStream {
  buffers?: unknown[];
  pipes?: {
    _writableState?: { length: number; needDrain: boolean };
    once(e: 'drain', cb: () => void): void;
    off(e: 'drain', cb: () => void): void;
  }[];
}

/** Above this many bytes waiting for the zip, writing pauses. */
const BACKLOG = 4 * 1024 * 1024;

/**
 * Waits until the committed rows have gone on to the zip and the file. exceljs writes into the zip
 * without heeding backpressure: left alone, a million rows would wait in memory (about 80 MB per
 * 100,000 rows) while the compressor catches up.
 */
async function drain(sheet: ExcelJS.Worksheet): Promise<void> {
  const stream = (sheet as unknown as { _stream?: SheetStream })._stream;
  for (;;) {
    const target = stream?.pipes?.[0];
    const state = target?._writableState;
    const waiting = (state?.length ?? 0) + (stream?.buffers?.length ?? 0) * 65536;
    if (waiting < BACKLOG) break;
    await new Promise<void>((resolve) => {
      // One listener at a time: the one of a wait that timed out is removed (left attached, a
      // long export piled up hundreds of them — MaxListenersExceededWarning).
      const done = () => {
        clearTimeout(timer);
        target?.off('drain', done);
        resolve();
      };
      const timer = setTimeout(done, 50);
      if (target && state?.needDrain) target.once('drain', done);
    });
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Excel refuses these characters in a sheet name, and names longer than 31. */
function sheetName(title: string, n: number): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet';
  const suffix = n > 1 ? ` (${n})` : '';
  return base.slice(0, 31 - suffix.length) + suffix;
}

export async function writeXlsx(opts: WriteXlsxOptions): Promise<WriteXlsxResult> {
  const limit = opts.rowLimit ?? EXCEL_MAX_DATA_ROWS;
  if (!Number.isInteger(limit) || limit < 1 || limit > EXCEL_MAX_DATA_ROWS) {
    throw new RangeError(`每个工作表的行数必须在 1 到 ${EXCEL_MAX_DATA_ROWS} 之间：${limit}`);
  }
  const every = opts.progressEvery ?? 1000;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: opts.file,
    useStyles: true,
    // Inline strings: a shared-string table would grow in memory with every distinct text.
    useSharedStrings: false,
  });
  workbook.creator = '客户关系管理系统';
  workbook.created = new Date();

  let sheet: ExcelJS.Worksheet | null = null;
  let sheets = 0;
  let inSheet = 0;
  const newSheet = () => {
    sheet?.commit();
    sheets++;
    sheet = workbook.addWorksheet(sheetName(opts.title, sheets), {
      views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    });
    sheet.columns = opts.columns.map((c) => ({
      key: c.key,
      width: c.width,
      style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {},
    }));
    const header = sheet.addRow(opts.columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.font = { bold: true };
      cell.numFmt = '@';
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F5F8' } };
      cell.alignment = { vertical: 'middle' };
    });
    header.commit();
    inSheet = 0;
  };

  newSheet();
  let done = 0;
  for (const row of opts.rows) {
    if (inSheet === limit) newSheet();
    sheet!.addRow(opts.columns.map((c) => toCell(c.type, row[c.key]))).commit();
    inSheet++;
    done++;
    if (done % every === 0) {
      opts.onProgress?.(done);
      await drain(sheet!);
    }
  }
  (sheet as ExcelJS.Worksheet | null)?.commit();
  await workbook.commit();
  opts.onProgress?.(done);
  return { rows: done, sheets };
}
