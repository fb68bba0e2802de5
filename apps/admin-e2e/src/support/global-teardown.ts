import { rmSync } from 'node:fs';
import { runningApi, stopApi } from './api-process';

export default async function globalTeardown(): Promise<void> {
  const api = runningApi.get();
  if (!api) return;
  await stopApi(api.child);
  rmSync(api.dataDir, { recursive: true, force: true });
  runningApi.set(undefined);
}
