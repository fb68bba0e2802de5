import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runningApi, startApi } from './api-process';
import { browserExecutable } from './browser';
import { API_LOG, API_MAIN, BASE_URL_ENV, SPA_DIR } from './paths';

/**
 * Starts the built API (which serves the built SPA) unless ADMIN_E2E_BASE_URL already points at a server.
 * The base URL reaches the tests through the environment (workers inherit it).
 */
export default async function globalSetup(): Promise<void> {
  // once, before any test's clock runs (unpacking the packaged browser takes 10–25 s on first use); the
  // path reaches the test workers through CHROMIUM_PATH
  if (process.env[BASE_URL_ENV]) {
    console.log(`\nbrowser: ${await browserExecutable()}`);
    return;
  }
  for (const [file, build] of [
    [API_MAIN, 'npx nx build api'],
    [join(SPA_DIR, 'index.html'), 'npx nx build admin'],
  ]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`${build}\` first (or \`npx nx e2e admin-e2e\`)`);
  }
  const [api, executable] = await Promise.all([startApi(), browserExecutable()]);
  console.log(`\nbrowser: ${executable}`);
  runningApi.set(api);
  process.env[BASE_URL_ENV] = api.baseUrl;
  console.log(`\nAPI + SPA on ${api.baseUrl} (log: ${API_LOG})`);
  process.once('exit', () => {
    // last resort if the teardown never runs (a crash in Jest itself)
    if (api.child.exitCode === null) api.child.kill('SIGKILL');
    rmSync(api.dataDir, { recursive: true, force: true });
  });
}
