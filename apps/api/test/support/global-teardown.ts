import { rmSync } from 'node:fs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- globalSetup runs outside Jest's moduleNameMapper
import type { EmbeddedPostgres } from '../../../../libs/core/database/src/lib/embedded-postgres';
import IORedis from 'ioredis';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __EMBEDDED__?: EmbeddedPostgres }).__EMBEDDED__;
  await embedded?.stop();
  const redisUrl = process.env['REDIS_URL'];
  if (redisUrl) {
    // remove this run's BullMQ keys
    const redis = new IORedis(redisUrl);
    const keys = await redis.keys(`${process.env['QUEUE_PREFIX']}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
  const runDir = process.env['OUTFALL_TEST_RUN_DIR'];
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
