/**
 * Starts the background worker (worker.ts) for one task.
 *
 * From source (vitest, tsx, the e2e server) the worker is TypeScript: Node 20's worker threads do
 * not inherit tsx's loader, so the worker starts as a line of JavaScript that loads worker.ts
 * through tsx's tsImport. In the desktop bundle (dist/electron/main.mjs, where this code then
 * lives) the worker is jobs-worker.cjs beside it, built by scripts/build-electron.ts.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Task } from './tasks.js';

/** The worker bundle's name beside the desktop app's main.mjs. */
export const WORKER_BUNDLE = 'jobs-worker.cjs';

export function startWorker(task: Task): Worker {
  return startModuleWorker(import.meta.url, './worker.ts', WORKER_BUNDLE, { workerData: task });
}

/**
 * Starts a worker thread on a TypeScript module beside `here` (from source, through tsx), or on
 * its bundle beside the running bundle (desktop app). Used by the jobs above and the data host.
 */
export function startModuleWorker(here: string, entryTs: string, bundle: string, options: WorkerOptions): Worker {
  // Inside a worker started through tsx, module URLs carry a query (?tsx-namespace=…).
  if (new URL(here).pathname.endsWith('.ts')) {
    // require.resolve gives the CommonJS build; the worker imports the ES module beside it.
    const api = createRequire(here).resolve('tsx/esm/api');
    const tsx = pathToFileURL(fs.existsSync(api.replace(/\.cjs$/, '.mjs')) ? api.replace(/\.cjs$/, '.mjs') : api).href;
    const entry = new URL(entryTs, here).href;
    const code =
      `import(${JSON.stringify(tsx)}).then((m) => (m.tsImport ?? m.default.tsImport)(` +
      `${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(`./${bundle}`, here), options);
}
