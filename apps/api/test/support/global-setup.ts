import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- globalSetup runs outside Jest's moduleNameMapper
import { assertTestDatabase } from '../../../../libs/core/database/src/lib/data-source-options';
// eslint-disable-next-line @nx/enforce-module-boundaries -- globalSetup runs outside Jest's moduleNameMapper
import { EmbeddedPostgres } from '../../../../libs/core/database/src/lib/embedded-postgres';
import { Client } from 'pg';

/**
 * One database for the whole run: the embedded PGlite (in memory) unless DATABASE_URL points at a real
 * server, whose database name must contain "test" and whose schema is wiped first. With REDIS_URL, the run
 * gets its own BullMQ key prefix.
 */
export default async function globalSetup(): Promise<void> {
  const runDir = join(__dirname, '..', '..', '..', '..', 'tmp', `api-test-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: runDir,
    PASSWORD_HASH_COST: '1024',
    LOGIN_RATE_LIMIT: '5',
    // specs fire the quarterly snapshot catch-up themselves
    PROGRESS_SCHEDULER: 'false',
    LOG_LEVEL: 'error',
    QUEUE_PREFIX: `outfall-test-${process.pid}`,
    DEMO_DATA: 'true',
  };
  if (process.env['DATABASE_URL']) {
    assertTestDatabase(process.env['DATABASE_URL']);
    const client = new Client({ connectionString: process.env['DATABASE_URL'] });
    await client.connect();
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.end();
  } else {
    const embedded = await EmbeddedPostgres.start({});
    (globalThis as { __EMBEDDED__?: EmbeddedPostgres }).__EMBEDDED__ = embedded;
    const url = embedded.url.replace('/postgres?', '/outfall_test?');
    assertTestDatabase(url);
    env['DATABASE_URL'] = url;
    env['DATABASE_POOL_SIZE'] = '1';
    // specs that need a real server (several processes on one database) skip on the embedded one
    env['OUTFALL_TEST_EMBEDDED'] = 'true';
  }
  Object.assign(process.env, env);
  writeFileSync(join(runDir, 'env.json'), JSON.stringify(env));
  process.env['OUTFALL_TEST_RUN_DIR'] = runDir;
}
