// Two projects: fast unit specs beside the code, and integration specs that boot the real app against a
// real PostgreSQL (embedded PGlite unless DATABASE_URL is set) and, with REDIS_URL, BullMQ on real Redis.
const preset = require('../../jest.preset');

module.exports = {
  testTimeout: 60_000,
  projects: [
    {
      ...preset,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/api/src/**/*.spec.ts'],
    },
    {
      ...preset,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/api/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/apps/api/test/support/env.ts'],
    },
  ],
};
