// Browser tests: the built API (embedded database, demo data) serves the built SPA; the Chromium that `npm ci`
// brings (@sparticuz/chromium, or CHROMIUM_PATH) drives it through playwright-core. Run with `npx nx e2e admin-e2e`.
module.exports = {
  displayName: 'admin-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.e2e.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
