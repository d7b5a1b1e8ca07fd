/**
 * The export as the worker thread runs it: its own read-only connection to the database file
 * (WAL lets it read while the application writes), one snapshot for the count and the rows, the
 * rows streamed from SQLite (`iterate`) into the streaming .xlsx writer, progress reported.
 */
import { dialectOf } from '../engine/dialect.js';
import { openReadOnly } from '../jobs/open-read.js';
import type { ExportTask, Report } from '../jobs/tasks.js';
import { writeXlsx } from './writer.js';

export async function runExport(task: ExportTask, report: (r: Report) => void): Promise<void> {
  const db = openReadOnly(task.dbFile);
  try {
    // One read transaction: the count and the rows see the same data, whatever is saved meanwhile.
    db.exec(dialectOf(db).beginSnapshot);
    const total = db.prepare(task.countSql).pluck().get(task.params) as number;
    report({ type: 'progress', done: 0, total });
    const rows = db.prepare(task.sql).iterate(task.params) as IterableIterator<Record<string, unknown>>;
    const result = await writeXlsx({
      file: task.file,
      title: task.title,
      columns: task.columns,
      rows,
      rowLimit: task.rowLimit,
      onProgress: (done) => report({ type: 'progress', done, total }),
    });
    db.exec('COMMIT');
    report({ type: 'done', value: result });
  } finally {
    db.close();
  }
}
