import { defineConfig } from '@playwright/test';

// The desktop app itself through Playwright's _electron: runs where the Electron binary is
// installed (node node_modules/electron/install.js), after `npm run build`; skipped elsewhere
// (scripts/test.ts says so in one line and counts it as skipped).
export default defineConfig({
  testDir: '.',
  outputDir: '../test-results/electron',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../.reports/e2e-electron.json' }]],
});
