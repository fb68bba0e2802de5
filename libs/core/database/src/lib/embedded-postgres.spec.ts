import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedChild } from './testing/embedded-child.util';

// PGlite cannot start inside Jest's VM: each database runs in a child process (testing/embedded-child.ts)
jest.setTimeout(180_000);

const hostOf = (url: string) => new URL(url).searchParams.get('host') ?? '';

async function serve(env: Record<string, string> = {}) {
  const child = new EmbeddedChild('serve', env);
  const [line] = await child.waitFor(/^\{.*\}$/m);
  return { child, info: JSON.parse(line) as { url: string; externalPort?: number; pid: number } };
}

async function stop(child: EmbeddedChild) {
  child.child.kill('SIGTERM');
  return child.exited;
}

describe('EmbeddedPostgres: the loopback socket', () => {
  it('opens no TCP port unless configured: the API connects through an owner-only Unix socket folder', async () => {
    const { child, info } = await serve();
    try {
      expect(info.externalPort).toBeUndefined();
      const dir = hostOf(info.url);
      expect(dir.startsWith('/')).toBe(true);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const client = new Client({ connectionString: info.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    } finally {
      await stop(child);
    }
  });

  it('refuses an operator port without a password', async () => {
    const child = new EmbeddedChild('serve', { EXTERNAL_PORT: '0' });
    expect((await child.exited).code).toBe(1);
    expect(child.stderr).toMatch(/needs a password \(EMBEDDED_SOCKET_PASSWORD\)/);
  });

  describe('with an operator port', () => {
    let child: EmbeddedChild;
    let info: { url: string; externalPort?: number };
    let api: Client;
    const external = (password?: string) =>
      new Client({
        host: '127.0.0.1',
        port: info.externalPort,
        user: 'postgres',
        password,
        database: 'postgres',
      });

    beforeAll(async () => {
      ({ child, info } = await serve({ EXTERNAL_PORT: '0', EXTERNAL_PASSWORD: 's3cret-operator' }));
      api = new Client({ connectionString: info.url });
      await api.connect();
      await api.query('CREATE TABLE item (id int PRIMARY KEY, name text)');
    });
    afterAll(async () => {
      await api.end();
      await stop(child);
    });

    it('rejects a wrong or missing password', async () => {
      await expect(external('wrong').connect()).rejects.toThrow(/password authentication failed/);
      await expect(external('').connect()).rejects.toThrow();
      expect((await api.query('SELECT count(*)::int AS n FROM item')).rows[0].n).toBe(0);
    });

    it('serves an operator client with the password without disturbing the API connection', async () => {
      const operator = external('s3cret-operator');
      await operator.connect();
      await api.query("INSERT INTO item VALUES (1, 'from the api')");
      // a pg_dump-like snapshot transaction on the operator connection
      await operator.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      expect((await operator.query('SELECT name FROM item')).rows).toEqual([{ name: 'from the api' }]);
      await operator.query('COMMIT');
      await operator.query("INSERT INTO item VALUES (2, 'from the operator')");
      // a failing statement on the operator side does not stop the shared queue
      await expect(operator.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
      await operator.end();
      expect((await api.query('SELECT id, name FROM item ORDER BY id')).rows).toEqual([
        { id: 1, name: 'from the api' },
        { id: 2, name: 'from the operator' },
      ]);
    });

    it('rolls back an operator that disconnects mid-transaction; the API keeps answering', async () => {
      const operator = external('s3cret-operator');
      operator.on('error', () => undefined);
      await operator.connect();
      await operator.query('BEGIN');
      await operator.query("INSERT INTO item VALUES (3, 'never committed')");
      // the socket is cut without a goodbye (a killed pg_dump)
      (operator as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      await new Promise((done) => setTimeout(done, 300));
      expect((await api.query('SELECT id FROM item ORDER BY id')).rows).toEqual([{ id: 1 }, { id: 2 }]);
      await api.query("INSERT INTO item VALUES (4, 'after')");
      expect((await api.query('SELECT count(*)::int AS n FROM item')).rows[0].n).toBe(3);
    });

    it('drops a client that never finishes the handshake without effect on the API', async () => {
      const raw = connect(info.externalPort ?? 0, '127.0.0.1');
      await new Promise((done) => raw.once('connect', done));
      raw.write(Buffer.from([0, 0, 0, 9, 0, 3, 0, 0, 0])); // a truncated startup message
      raw.destroy();
      expect((await api.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });
});

describe('EmbeddedPostgres: one process per data folder', () => {
  it('refuses a second process on a held folder, naming the holder; released on SIGTERM', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'outfall-lock-')), 'pglite');
    const { child: first } = await serve({ DATA_DIR: dataDir });
    const lock = JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')) as { pid: number; command: string };
    expect(lock.pid).toBe(first.pid);
    const second = new EmbeddedChild('serve', { DATA_DIR: dataDir });
    expect((await second.exited).code).toBe(1);
    expect(second.stderr).toContain(`in use by pid ${first.pid}`);
    expect(second.stderr).toContain('embedded-child.ts serve');
    expect((await stop(first)).code).toBe(0);
    expect(() => statSync(`${dataDir}.lock`)).toThrow(/ENOENT/);
    // free again: a new process opens it
    const { child: third } = await serve({ DATA_DIR: dataDir });
    await stop(third);
  });

  it('takes over a stale lock left by a process that is gone, with a log line', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'outfall-lock-')), 'pglite');
    const gone = new EmbeddedChild('check', { DATA_DIR: '' }); // any short-lived process: its pid is then free
    await gone.exited;
    writeFileSync(
      `${dataDir}.lock`,
      JSON.stringify({
        pid: gone.pid,
        hostname: require('node:os').hostname(),
        startedAt: 'earlier',
        command: 'crashed',
      }),
    );
    const { child } = await serve({ DATA_DIR: dataDir });
    expect(child.stdout).toMatch(new RegExp(`taking over the stale lock .* of pid ${gone.pid} \\(crashed`));
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(child.pid);
    await stop(child);
  });
});

describe('EmbeddedPostgres: crash safety', () => {
  it('kill -9 during writes, three times, leaves a folder that opens with every acknowledged commit', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'outfall-crash-')), 'pglite');
    let acknowledged = 0;
    for (let round = 1; round <= 3; round++) {
      const writer = new EmbeddedChild('write', { DATA_DIR: dataDir });
      // some commits, then a kill in the middle of the next ones
      await writer.waitFor(
        new RegExp(`committed (\\d+)\\n(.|\\n)*committed \\d+\\n(.|\\n)*committed \\d+\\n`),
      );
      await new Promise((done) => setTimeout(done, 50 * round));
      writer.child.kill('SIGKILL');
      expect((await writer.exited).signal).toBe('SIGKILL');
      const totals = [...writer.stdout.matchAll(/committed (\d+)/g)].map((match) => Number(match[1]));
      expect(totals.length).toBeGreaterThan(0);
      acknowledged = totals[totals.length - 1];
      const check = new EmbeddedChild('check', { DATA_DIR: dataDir });
      const [line] = await check.waitFor(/^\{.*\}$/m);
      expect((await check.exited).code).toBe(0);
      const { rows, counter } = JSON.parse(line) as { rows: number; counter: number };
      // the folder opens, is consistent (the counter is committed with its rows) and lost no acknowledged commit
      expect(rows).toBe(counter);
      expect(rows).toBeGreaterThanOrEqual(acknowledged);
    }
  });
});
