// Fault specs (issue 12): Redis stopped and restarted, two API processes and two workers. They need a
// redis-server binary (and, for the multi-process spec, a real PostgreSQL in DATABASE_URL and the built
// dist/apps/api), skip with a message when those are missing, and are not part of `npm test`:
// `npm run test:faults` or CI's fault step runs them. Also: a PostgreSQL outage on a throwaway cluster
// (initdb/pg_ctl with PostGIS, FAULT_PG_PORT) and the embedded data-folder lock (the built server and CLI).
const preset = require('../../jest.preset');

module.exports = {
  testTimeout: 180_000,
  projects: [
    {
      ...preset,
      displayName: 'faults',
      testMatch: ['<rootDir>/apps/api/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/apps/api/test/support/global-teardown.ts',
      setupFiles: ['<rootDir>/apps/api/test/support/env.ts'],
    },
  ],
};
