/**
 * Reading and checking an import file, as the worker thread runs it: the .xlsx is read (exceljs),
 * every row checked with the mapping (the suggested one the first time) and looked up for keyword
 * duplicates on the worker's own read-only connection. The table comes back too: the commit
 * checks it again in the router's transaction.
 */
import type { ImportMapping, ImportPreview, Role } from '../../core/contract.js';
import { systemClock, type Ctx } from '../context.js';
import { findDuplicates } from '../customers/duplicates.js';
import { openReadOnly } from '../jobs/open-read.js';
import type { Report } from '../jobs/tasks.js';
import { checkMapping, checkTable, loadLookup, suggestMapping } from './customers.js';
import { readTable, type ImportTable } from './xlsx.js';

export interface ImportCheckTask {
  kind: 'import';
  dbFile: string;
  user: { id: number; name: string; role: Role };
  today: string;
  /** The file, the first time; afterwards the table read from it. */
  file: Uint8Array | null;
  table: ImportTable | null;
  /** null: the suggested mapping. */
  mapping: ImportMapping | null;
}

export interface ImportChecked {
  table: ImportTable;
  preview: ImportPreview;
}

/**
 * Characters of a cell shown in the preview. The preview travels with every 'import.progress'
 * answer once ready: a file of very long cells once made each answer 14.7 MB. The import itself
 * uses the full table (checked again at commit), never the preview.
 */
export const PREVIEW_CELL_CHARS = 200;

/** A long text cut for the preview: its start, then how long it really is. */
export function clip(text: string, max = PREVIEW_CELL_CHARS): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…（共 ${chars.length} 字）`;
}

function clipValues<T extends Partial<Record<string, string>>>(values: T): T {
  const out: Partial<Record<string, string>> = {};
  for (const [k, v] of Object.entries(values)) out[k] = v === undefined ? v : clip(v);
  return out as T;
}

export async function runImportCheck(task: ImportCheckTask, report: (r: Report) => void): Promise<void> {
  const table =
    task.table ??
    (await readTable(task.file!, (n) => n % 1000 === 0 && report({ type: 'progress', done: n, total: null })));
  report({ type: 'progress', done: 0, total: table.rows.length });
  const suggested = suggestMapping(table.headers, task.user.role);
  const mapping = task.mapping ?? suggested;
  const db = openReadOnly(task.dbFile);
  try {
    const lookup = loadLookup(db, task.user, task.today);
    let mappingError: string | null = null;
    try {
      checkMapping(mapping, table.headers, task.user.role);
    } catch (err) {
      mappingError = (err as Error).message;
    }
    // Only the database is read here: the finder needs nothing else of a handler's context.
    const ctx = { db, conn: { session: null }, clock: systemClock, user: task.user } as unknown as Ctx;
    // With a mapping that cannot be imported the rows are still shown, without the duplicate look-up.
    const finder = mappingError ? null : (n: string, k: string) => findDuplicates(ctx, n, k, null);
    const checked = checkTable(table, mapping, lookup, finder, (done) =>
      report({ type: 'progress', done, total: table.rows.length }),
    );
    const preview: ImportPreview = {
      sheetName: table.sheetName,
      mapping,
      suggested,
      ownerMappable: task.user.role === 'admin',
      headers: table.headers.map((h) => clip(h)),
      rows: checked.rows.map(({ fields: _f, ...row }) => ({ ...row, values: clipValues(row.values) })),
      counts: checked.counts,
      mappingError,
    };
    report({ type: 'done', value: { table, preview } });
  } finally {
    db.close();
  }
}
