/**
 * What an exported column is, and how a database value becomes an Excel cell. Plain data and
 * functions only: the export worker receives the columns as a message and converts every row here.
 */

import { wallClock } from '../../core/contract/dates.js';

/**
 * text: as is · date: 'YYYY-MM-DD' → an Excel date · datetime: an ISO instant → an Excel date and
 * time in this computer's time zone · money: integer cents → yuan with two decimals · number: a
 * count · bool: 1/0 → 是/否.
 */
export type ColumnType = 'text' | 'date' | 'datetime' | 'money' | 'number' | 'bool';

export interface ExportColumn {
  /** The grid's column id, and the SQL alias the row iterator gives the value. */
  key: string;
  /** The Chinese header of the sheet. */
  header: string;
  type: ColumnType;
  /** In Excel's character units. */
  width: number;
}

export type CellValue = string | number | Date | null;

/** Excel's number formats of the typed columns. */
export const NUM_FMT: Partial<Record<ColumnType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  money: '#,##0.00',
  number: '0',
};

/** An Excel cell holds at most this many characters. */
const MAX_TEXT = 32767;
/** Characters XML 1.0 cannot carry (a stray one would make the file unreadable). */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value).replace(XML_INVALID, '');
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

/** 'YYYY-MM-DD' → that day at UTC midnight (Excel stores dates without a time zone). */
export function dateCell(value: unknown): Date | string | null {
  if (value === null || value === undefined || value === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (!m) return text(value);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? text(value) : d;
}

/** An ISO instant → its wall-clock time here, as a Date at that time in UTC (what Excel shows). */
export function dateTimeCell(value: unknown): Date | string | null {
  if (value === null || value === undefined || value === '') return null;
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime())) return text(value);
  // Minutes only: the grid shows 'YYYY-MM-DD HH:mm', and whole minutes survive Excel's serial.
  const local = wallClock(d).getTime();
  return new Date(Math.floor(local / 60000) * 60000);
}

/** The Excel value of a database value in a column of this type. */
export function toCell(type: ColumnType, value: unknown): CellValue {
  switch (type) {
    case 'date':
      return dateCell(value);
    case 'datetime':
      return dateTimeCell(value);
    case 'money':
      // Cents are exact integers; yuan = cents / 100 is what Excel shows with two decimals.
      return typeof value === 'number' ? value / 100 : value === null || value === undefined ? null : text(value);
    case 'number':
      return typeof value === 'number' ? value : value === null || value === undefined ? null : text(value);
    case 'bool':
      return value === null || value === undefined ? '' : value ? '是' : '否';
    default:
      return text(value);
  }
}
