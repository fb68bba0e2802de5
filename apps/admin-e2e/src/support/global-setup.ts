import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');
export const STATE_FILE = join(tmpdir(), 'outfall-admin-e2e.json');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** GET without keep-alive, so no socket outlives the check. */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(5_000, () => req.destroy());
  });
}

/** Starts the built API on a fresh embedded database and waits for /health. */
export default async function globalSetup(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'outfall-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  };
  delete env['DATABASE_URL'];
  delete env['REDIS_URL'];
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    if (await healthy(`${baseUrl}/health`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('API did not become healthy within 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  writeFileSync(STATE_FILE, JSON.stringify({ baseUrl, pid: child.pid, dataDir }));
  (globalThis as { __API__?: typeof child }).__API__ = child;
}
