import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'db/**/*.test.ts',
      'electron/**/*.test.ts',
      'scripts/**/*.test.ts',
      'server/**/*.test.ts',
      'renderer/src/**/*.test.ts',
      'renderer/src/**/*.test.tsx',
    ],
    // *.pg.test.ts: PostgreSQL only (vitest.pg.config.ts).
    exclude: ['**/node_modules/**', '**/*.pg.test.ts'],
    environment: 'node',
    pool: 'forks',
    // scrypt at 2^14 instead of the product's 2^17: only the unit tests' many logins (db/password.ts).
    env: { KEHU_SCRYPT_LOG2N: '14' },
    reporters: ['default', ['json', { outputFile: '.reports/unit.json' }]],
  },
});
