/**
 * `npm test`: type check, lint, unit tests (vitest), e2e tests (Playwright in Chromium).
 * Every step runs even when an earlier one fails; the last line is the totals:
 *   tests: N passed, N failed
 * (the type check and the lint count as one test each).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { ensureChromium } from './find-chromium.js';

const REPORTS = '.reports';
let passed = 0;
let failed = 0;
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

check('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
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

let chromium: string | null = null;
try {
  chromium = ensureChromium();
} catch (err) {
  console.error((err as Error).message);
}
if (chromium && run('build renderer', 'npx', ['vite', 'build', '--logLevel', 'error'])) {
  const e2eOk = run('e2e tests', 'npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium });
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

console.log(`\n${summary.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
