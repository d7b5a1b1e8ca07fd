/**
 * `npm test`: type check, lint, unit tests (vitest), e2e tests (Playwright in Chromium), and the
 * desktop app's smoke suite (e2e-electron/, Playwright's _electron) where the Electron binary is
 * installed. Every step runs even when an earlier one fails; the last line is the totals:
 *   tests: N passed, N failed
 * with ', N skipped' added when something was skipped (the Electron suite without its binary).
 * (the type check and the lint count as one test each).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { electronBinary } from './electron-available.js';
import { ensureChromium } from './find-chromium.js';
import { testPostgres } from './test-postgres.js';

const REPORTS = '.reports';
let passed = 0;
let failed = 0;
let skipped = 0;
const summary: string[] = [];

function run(title: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  return r.status === 0;
}

function check(title: string, cmd: string, args: string[]) {
  const ok = run(title, cmd, args);
  if (ok) passed++;
  else failed++;
  summary.push(`${title}: ${ok ? 'passed' : 'FAILED'}`);
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS, { recursive: true });

// core/ (no DOM, no Node), renderer/ (DOM), tsconfig.node.json (Node), tsconfig.json (tests: both).
check('type check', 'npm', ['run', '--silent', 'typecheck']);
check('lint', 'npx', ['eslint', '.']);
check('format', 'npx', ['prettier', '--check', '.']);

const unitOk = run('unit tests', 'npx', ['vitest', 'run']);
const unit = readJson<{ numPassedTests: number; numFailedTests: number; numTotalTests: number }>(
  `${REPORTS}/unit.json`,
);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1);
  summary.push(`unit tests: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
} else {
  failed++;
  summary.push('unit tests: FAILED to run');
}

// The data-layer suites again on PostgreSQL (vitest.pg.config.ts), on a cluster of this machine.
const pg = testPostgres();
if ('url' in pg) {
  const pgOk = run('unit tests on PostgreSQL', 'npx', ['vitest', 'run', '-c', 'vitest.pg.config.ts'], {
    KEHU_TEST_PG_URL: pg.url,
  });
  const r = readJson<{ numPassedTests: number; numFailedTests: number }>(`${REPORTS}/unit-pg.json`);
  if (r) {
    passed += r.numPassedTests;
    failed += r.numFailedTests + (pgOk || r.numFailedTests ? 0 : 1);
    summary.push(`unit tests on PostgreSQL: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  } else {
    failed++;
    summary.push('unit tests on PostgreSQL: FAILED to run');
  }
} else {
  console.log(`\n=== ${pg.skip}`);
  summary.push(pg.skip);
}

let chromium: string | null = null;
try {
  chromium = ensureChromium();
} catch (err) {
  console.error((err as Error).message);
}
if (chromium && run('build renderer', 'npx', ['vite', 'build', '--logLevel', 'error'])) {
  // With a PostgreSQL, the main specs run on it too (playwright.config.ts, project 'postgresql').
  const e2eOk = run('e2e tests', 'npx', ['playwright', 'test'], {
    CHROMIUM_PATH: chromium,
    ...('url' in pg ? { KEHU_TEST_PG_URL: pg.url } : {}),
  });
  const e2e = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(`${REPORTS}/e2e.json`);
  if (e2e) {
    passed += e2e.stats.expected;
    failed += e2e.stats.unexpected + e2e.stats.flaky + (e2eOk || e2e.stats.unexpected ? 0 : 1);
    summary.push(`e2e tests: ${e2e.stats.expected} passed, ${e2e.stats.unexpected + e2e.stats.flaky} failed`);
  } else {
    failed++;
    summary.push('e2e tests: FAILED to run');
  }
} else {
  failed++;
  summary.push(chromium ? 'e2e tests: renderer build FAILED' : 'e2e tests: no Chromium');
}

// The desktop app's smoke suite: only where the Electron binary exists (never downloaded here).
const electronTests = fs.readdirSync('e2e-electron').filter((f) => f.endsWith('.spec.ts')).length;
if (!electronBinary()) {
  skipped += electronTests;
  const line = `e2e-electron: ${electronTests} skipped — the Electron binary is not installed (node node_modules/electron/install.js)`;
  console.log(`\n=== ${line}`);
  summary.push(line);
} else if (run('build desktop app', 'npm', ['run', 'build'])) {
  const ok = run('e2e-electron', 'npx', ['playwright', 'test', '-c', 'e2e-electron/playwright.config.ts']);
  const r = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
    `${REPORTS}/e2e-electron.json`,
  );
  if (r) {
    passed += r.stats.expected;
    skipped += r.stats.skipped;
    failed += r.stats.unexpected + r.stats.flaky + (ok || r.stats.unexpected ? 0 : 1);
    summary.push(`e2e-electron: ${r.stats.expected} passed, ${r.stats.unexpected + r.stats.flaky} failed`);
  } else {
    failed++;
    summary.push('e2e-electron: FAILED to run');
  }
} else {
  failed++;
  summary.push('e2e-electron: desktop build FAILED');
}

console.log(`\n${summary.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
