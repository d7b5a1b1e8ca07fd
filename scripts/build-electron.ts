/**
 * Builds the desktop shell: electron/main.ts → dist/electron/main.mjs (ESM, Node 20),
 * electron/preload.ts → dist/electron/preload.cjs (CommonJS: sandboxed preloads cannot be ESM),
 * and copies db/migrations/*.sql to dist/electron/migrations (beside the bundle, where the
 * main process opens them). The renderer is built separately by Vite (npm run build:renderer).
 */
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKER_BUNDLE } from '../db/jobs/spawn.js';
import { HOST_WORKER_BUNDLE } from '../server/host/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'electron');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root } as const;

export const mainBuild: BuildOptions = {
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: path.join(out, 'main.mjs'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // better-sqlite3 is a native module: loaded from node_modules (rebuilt for Electron by
  // electron-builder), never bundled.
  external: ['electron', 'better-sqlite3'],
  // Bundled CommonJS dependencies may call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  },
};

/**
 * The background worker (exports, import checks: db/jobs/worker.ts) beside main.mjs, where
 * db/jobs/spawn.ts starts it from. CommonJS: the loader Electron teaches to read from app.asar
 * inside worker threads (Electron ≥ 17.3).
 */
export const workerBuild: BuildOptions = {
  ...common,
  entryPoints: ['db/jobs/worker.ts'],
  outfile: path.join(out, WORKER_BUNDLE),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3'],
};

/**
 * The data host's worker (server/host/worker.ts: the router on the database) beside main.mjs,
 * where server/host/host.ts starts it from. CommonJS like the jobs worker; its own code (and the
 * jobs it starts, and db/open.ts's migrations folder) find their files beside it through
 * import.meta.url, which a CommonJS bundle gets from __filename.
 */
export const hostWorkerBuild: BuildOptions = {
  ...common,
  entryPoints: ['server/host/worker.ts'],
  outfile: path.join(out, HOST_WORKER_BUNDLE),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3'],
  define: { 'import.meta.url': '__kehuModuleUrl' },
  banner: { js: "const __kehuModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * The PostgreSQL client's thread (db/engine/pg-worker.ts: one `pg` connection) beside the host
 * worker, where db/engine/pg-sync.ts starts it from (an office server on PostgreSQL).
 */
export const pgWorkerBuild: BuildOptions = {
  ...common,
  entryPoints: ['db/engine/pg-worker.ts'],
  outfile: path.join(out, 'pg-worker.cjs'),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
};

/** A sandboxed preload may only require('electron'): everything else is bundled in. */
export const preloadBuild: BuildOptions = {
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: path.join(out, 'preload.cjs'),
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
};

export async function buildElectron(): Promise<void> {
  fs.rmSync(out, { recursive: true, force: true });
  await build(mainBuild);
  await build(workerBuild);
  await build(hostWorkerBuild);
  await build(pgWorkerBuild);
  await build(preloadBuild);

  // The SQLite migrations, and PostgreSQL's in migrations/pg (db/engine/open-pg.ts).
  let count = 0;
  for (const sub of ['', 'pg']) {
    const from = path.join(root, 'db', 'migrations', sub);
    const to = path.join(out, 'migrations', sub);
    fs.mkdirSync(to, { recursive: true });
    const sql = fs.readdirSync(from).filter((f) => f.endsWith('.sql'));
    for (const file of sql) fs.copyFileSync(path.join(from, file), path.join(to, file));
    count += sql.length;
  }
  console.log(
    `built dist/electron: main.mjs, ${WORKER_BUNDLE}, ${HOST_WORKER_BUNDLE}, pg-worker.cjs, preload.cjs, ${count} migration(s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await buildElectron();
}
