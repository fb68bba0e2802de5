import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_LOG, API_MAIN, SPA_DIR, TMP, WORKSPACE } from './paths';

export interface RunningApi {
  baseUrl: string;
  child: ChildProcess;
  dataDir: string;
}

/** Jest runs the global setup and teardown in one process: the child is handed over on globalThis. */
const holder = globalThis as typeof globalThis & { __adminE2eApi?: RunningApi };
export const runningApi = {
  get: (): RunningApi | undefined => holder.__adminE2eApi,
  set: (api: RunningApi | undefined): void => {
    holder.__adminE2eApi = api;
  },
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** One GET /health without keep-alive (no socket outlives the check). */
function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function logTail(lines = 40): string {
  try {
    return readFileSync(API_LOG, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts `node dist/apps/api/main.js` on a free port with a fresh embedded database (demo data seeded on
 * first start) and the in-process queue, and waits until GET /health answers 200. Output goes to tmp/.
 */
export async function startApi(timeoutMs = 300_000): Promise<RunningApi> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'outfall-admin-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: 'true',
    SPA_DIR,
    LOG_LEVEL: 'log',
    // every test signs in through the form; keep the per-user limit well above what one run uses
    LOGIN_RATE_LIMIT: '100',
    // the webhook spec's receiver listens on 127.0.0.1
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  };
  delete env['DATABASE_URL'];
  delete env['REDIS_URL'];

  // this project may run alone on a fresh clone: nothing else has made tmp/ yet
  mkdirSync(TMP, { recursive: true });
  const log = createWriteStream(API_LOG);
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: WORKSPACE,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the API exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${logTail()}`,
      );
    }
    if (await healthy(`${baseUrl}/health`)) return { baseUrl, child, dataDir };
    if (Date.now() > deadline) {
      await stopApi(child);
      throw new Error(`the API was not healthy within ${timeoutMs / 1000} s:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** SIGTERM (the API closes its embedded database cleanly), then SIGKILL if it has not exited in 20 s. */
export async function stopApi(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
