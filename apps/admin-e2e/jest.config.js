// Browser tests: the built API (embedded database, demo data) serves the built SPA; chromium drives it.
const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'browser',
  testMatch: ['<rootDir>/apps/admin-e2e/src/**/*.e2e.ts'],
  globalSetup: '<rootDir>/apps/admin-e2e/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/apps/admin-e2e/src/support/global-teardown.ts',
  testTimeout: 120_000,
};
