/**
 * The data-layer suites again, on PostgreSQL (`npm test`'s "unit tests on PostgreSQL" step sets
 * KEHU_TEST_ENGINE=pg and KEHU_TEST_PG_URL): the same fixtures and the same assertions, so SQL
 * that drifts between the engines fails a test. db/engine/pg-testing.ts gives each test app a
 * database of its own.
 *
 * Not listed: the suites with no database of the engine under test — SQLite's files and
 * migrations (backup, integrity, migrations; PostgreSQL's are db/engine/*.pg.test.ts) and pure
 * code (batch, fields, export/writer, import/xlsx); and export/spreadsheet (LibreOffice opening our
 * files: the same files on either engine, 25 s — the data's way through PostgreSQL is
 * export.test's and import.test's).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export const PG_SUITES = [
  'db/**/*.pg.test.ts',
  'server/**/*.pg.test.ts',
  'db/engine/pg-sql.test.ts',
  'db/handlers/contacts.test.ts',
  'db/handlers/records.test.ts',
  'db/handlers/purchases.test.ts',
  'db/handlers/quotes.test.ts',
  'db/handlers/settings.test.ts',
  'db/customers/keyset.test.ts',
  'db/handlers/delegations.test.ts',
  'db/handlers/payments.test.ts',
  'db/handlers/instalments.test.ts',
  'db/instalments/counters.test.ts',
  'db/reminders/reminders.test.ts',
  'db/handlers/targets.test.ts',
  'db/handlers/staff.test.ts',
  'db/handlers/departments.test.ts',
  'db/handlers/handover.test.ts',
  'db/handlers/pool.test.ts',
  'db/handlers/statuses.test.ts',
  'db/visibility.test.ts',
  'db/router.test.ts',
  'db/child-rows.test.ts',
  'db/handlers/catalog.test.ts',
  'db/handlers/suppliers.test.ts',
  'db/handlers/fees.test.ts',
  'db/handlers/arrears-summary.test.ts',
  'db/handlers/stats-counters.test.ts',
  'db/handlers/workbench.test.ts',
  'db/customers/search.test.ts',
  'db/customers/counters.test.ts',
  'db/customers/sortsearch.test.ts',
  'db/handlers/customers.test.ts',
  'db/fees/fee-due-counts.test.ts',
  'db/fees/fee-due-plans.test.ts',
  'db/fees/fee-due-purchase.test.ts',
  'db/customers/plans.test.ts',
  'db/export/export.test.ts',
  'db/import/import.test.ts',
  'db/policy.test.ts',
  'db/failures.test.ts',
  'db/oplog-chain.test.ts',
  // Opening SQLite files (engine-independent), and the 操作日志 guards of the engine under test.
  'db/open.test.ts',
];

export default defineConfig({
  test: {
    ...base.test,
    include: PG_SUITES,
    exclude: ['**/node_modules/**'],
    // Each statement is a round trip to the server: the grid's far-jump tests need longer.
    testTimeout: 30_000,
    env: { ...base.test?.env, KEHU_TEST_ENGINE: 'pg' },
    reporters: ['default', ['json', { outputFile: '.reports/unit-pg.json' }]],
  },
});
