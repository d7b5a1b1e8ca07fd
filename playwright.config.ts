import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium';

/** The specs that run on PostgreSQL too: the customer screen, tabs 4–7, export, 交接, two servers. */
const PG_SPECS = [
  'customers.spec.ts',
  'contacts-records.spec.ts',
  'quotes-purchases.spec.ts',
  'export-import.spec.ts',
  'handover.spec.ts',
  /\.pg\.spec\.ts$/,
];

// E2E: the browser mode (scripts/web-server.ts) in Debian's Chromium; each test starts its own
// server on a free port with a fresh data folder (e2e/fixtures.ts). Browsers are never downloaded.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  projects: [
    { name: 'sqlite', testIgnore: /\.pg\.spec\.ts$/ },
    // The main specs again against a server on PostgreSQL (a fresh database per test), and the
    // spec of two servers on one database — where npm test found a PostgreSQL (KEHU_TEST_PG_URL).
    ...(process.env.KEHU_TEST_PG_URL ? [{ name: 'postgresql', testMatch: PG_SPECS, timeout: 120_000 }] : []),
  ],
  use: {
    locale: 'zh-CN',
    viewport: { width: 1366, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS },
  },
});
