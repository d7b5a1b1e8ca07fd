/**
 * What the background worker is asked to do, and what it reports back. Plain data: tasks cross
 * into the worker thread as `workerData`, reports come back with postMessage.
 */
import type { ExportColumn } from '../export/columns.js';
import type { ImportCheckTask, ImportChecked } from '../import/check.js';

/** Write the rows of one statement to an .xlsx file. */
export interface ExportTask {
  kind: 'export';
  /** The database file, opened read-only by the worker. */
  dbFile: string;
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
  title: string;
  columns: ExportColumn[];
  file: string;
  /** Data rows per sheet (Excel's limit unless a test makes it small). */
  rowLimit?: number;
}

export type Task = ExportTask | ImportCheckTask;

/** A report from the worker. */
export type Report =
  | { type: 'progress'; done: number; total: number | null }
  | { type: 'done'; value: { rows: number; sheets: number } | ImportChecked }
  | { type: 'error'; message: string };
