/**
 * The data-layer suites again, on PostgreSQL (`npm test`'s "unit tests on PostgreSQL" step sets
 * KEHU_TEST_ENGINE=pg and KEHU_TEST_PG_URL): the same fixtures and the same assertions, so SQL
 * that drifts between the engines fails a test. db/engine/pg-testing.ts gives each test app a
 * database of its own.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export const PG_SUITES = ['db/**/*.pg.test.ts', 'db/handlers/contacts.test.ts', 'db/handlers/records.test.ts'];

export default defineConfig({
  test: {
    ...base.test,
    include: PG_SUITES,
    exclude: ['**/node_modules/**'],
    env: { ...base.test?.env, KEHU_TEST_ENGINE: 'pg' },
    reporters: ['default', ['json', { outputFile: '.reports/unit-pg.json' }]],
  },
});
