// Unit specs for the SPA's pure code (URL state codecs, projections, form-to-request mapping), colocated with
// it as `*.spec.ts`. They run in Node (no DOM): a spec that needs the browser belongs in apps/admin-e2e.
const preset = require('../../jest.preset');

module.exports = {
  displayName: 'admin',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: preset.moduleNameMapper,
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
