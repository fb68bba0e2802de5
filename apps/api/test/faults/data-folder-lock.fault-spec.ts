import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, freePort, NodeProcess, ROOT } from './support/processes';

/**
 * Issue 12 §2: one process per embedded data folder, with the built server and CLI. Before, a second server
 * or `cli migrate` opened a folder a running server held (acknowledged writes were lost, once the folder was
 * destroyed). Now the second one refuses, naming the holder; `cli backup` still works through the running
 * server; the lock goes with a SIGTERM; a lock left by kill -9 is taken over.
 */
const why = !['main', 'cli'].every((entry) => existsSync(join(DIST, `${entry}.js`)))
  ? 'needs the built API: run `npx nx run api:build` first (dist/apps/api/{main,cli}.js)'
  : undefined;
if (why && process.env['FAULT_TESTS_REQUIRED'] === '1')
  throw new Error(`[data-folder-lock] cannot run: ${why}`);
if (why) console.warn(`[data-folder-lock] skipped: ${why}`);
const describeIfReady = why ? describe.skip : describe;

const LOG_DIR = join(ROOT, 'tmp', `faults-data-folder-lock-${process.pid}`);

describeIfReady('the embedded data folder: one process at a time', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'outfall-fault-lock-'));
  const lockFile = join(dataDir, 'pglite.lock');
  const env = (port: number): Record<string, string> => ({
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'log',
    PASSWORD_HASH_COST: '1024',
    PROGRESS_SCHEDULER: 'false',
  });
  let server: NodeProcess;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    server = new NodeProcess('server', 'main', env(port), LOG_DIR);
    await server.healthy(`http://127.0.0.1:${port}/health/ready`, 600_000);
  }, 660_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a second server and `cli migrate` refuse, naming the holder', async () => {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; command: string };
    expect(holder.pid).toBe(server.child.pid);
    expect(holder.command).toContain('main.js');
    const second = new NodeProcess('second-server', 'main', env(await freePort()), LOG_DIR);
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain(`in use by pid ${server.child.pid}`);
    expect(second.output()).toContain('main.js');
    const migrate = new NodeProcess('migrate', 'cli', env(await freePort()), LOG_DIR, ['migrate']);
    expect(await migrate.exited).not.toBe(0);
    expect(migrate.output()).toContain(`in use by pid ${server.child.pid}`);
    // the server did not notice
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
  }, 600_000);

  it('`cli backup` still works through the running server', async () => {
    const backup = new NodeProcess('backup', 'cli', env(await freePort()), LOG_DIR, [
      'backup',
      join(dataDir, 'backups', 'while-running'),
    ]);
    expect(await backup.exited).toBe(0);
    expect(backup.output()).toContain(`backup made by the running server (pid ${server.child.pid})`);
  }, 600_000);

  it('SIGTERM releases the lock; a lock left by kill -9 is taken over with a log line', async () => {
    expect((await server.stop()).killed).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
    port = await freePort();
    server = new NodeProcess('server-2', 'main', env(port), LOG_DIR);
    await server.healthy(`http://127.0.0.1:${port}/health/ready`, 600_000);
    const crashedPid = server.child.pid;
    server.child.kill('SIGKILL');
    await server.exited;
    expect(existsSync(lockFile)).toBe(true);
    const migrate = new NodeProcess('migrate-after-crash', 'cli', env(await freePort()), LOG_DIR, [
      'migrate',
    ]);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toMatch(new RegExp(`taking over the stale lock .* of pid ${crashedPid}`));
    expect(existsSync(lockFile)).toBe(false);
  }, 900_000);
});
