/**
 * The background worker thread: runs one task (an export, or reading and checking an import file)
 * off the main thread and reports progress and the result to its parent. Started by spawn.ts;
 * bundled for the desktop app as dist/electron/jobs-worker.cjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runExport } from '../export/run.js';
import { runImportCheck } from '../import/check.js';
import type { Report, Task } from './tasks.js';

const task = workerData as Task;
const report = (r: Report) => parentPort?.postMessage(r);

async function run(): Promise<void> {
  if (task.kind === 'export') await runExport(task, report);
  else await runImportCheck(task, report);
}

run().catch((err: unknown) => {
  report({ type: 'error', message: err instanceof Error ? err.message : String(err) });
});
