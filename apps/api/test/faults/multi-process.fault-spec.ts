import { endedQuarters, parseQuarter, Quarter, quarterName } from '@outfall/progress';
import { QueueName } from '@outfall/queue';
import { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DIST, freePort, NodeProcess, ROOT } from './support/processes';
import { findRedisServer, ThrowawayRedis } from './support/redis-server';

/**
 * Issue 12 §5: two API processes (QUEUE_WORKERS=false) and two worker processes (`dist/apps/api/worker.js`),
 * spawned from the built dist, on the real PostgreSQL and a throwaway Redis with persistence. Every scheduled
 * job runs once, every submitted job completes once, and nothing runs twice — also when Redis goes away for
 * longer than the lease in the middle of an import (before, the import ran a second time on the other
 * process: a duplicate row, thousands of extra audit rows, its result overwritten).
 */
const redisServer = findRedisServer();
const why =
  'missing' in redisServer
    ? redisServer.missing
    : process.env['OUTFALL_TEST_EMBEDDED'] === 'true' || !process.env['DATABASE_URL']
      ? 'needs a real PostgreSQL: run with DATABASE_URL (a database whose name contains "test")'
      : !['main', 'worker', 'cli'].every((entry) => existsSync(join(DIST, `${entry}.js`)))
        ? 'needs the built API: run `npx nx run api:build` first (dist/apps/api/{main,worker,cli}.js)'
        : undefined;
if (why && process.env['FAULT_TESTS_REQUIRED'] === '1') throw new Error(`[multi-process] cannot run: ${why}`);
if (why) console.warn(`[multi-process] skipped: ${why}`);
const describeIfReady = why ? describe.skip : describe;

const FIRST_QUARTER = '2025Q1';
const LEASE_MS = 4000;
const LOG_DIR = join(ROOT, 'tmp', `faults-multi-process-${process.pid}`);

/** The run's database name with `_mp` before its `_test` suffix: outfall_queue_test → outfall_queue_mp_test. */
function processDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  const name = parsed.pathname.slice(1);
  parsed.pathname = `/${name.endsWith('_test') ? `${name.slice(0, -5)}_mp_test` : `${name}_mp`}`;
  return parsed.toString();
}

async function workbook(prefix: string, rows: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('名录');
  sheet.addRow([
    '排污口名称',
    '排污口类别',
    '排污口类型',
    '受纳水体',
    '乡镇（街道）',
    '经度',
    '纬度',
    '发现日期',
  ]);
  for (let i = 0; i < rows; i++) {
    // inside 宁边路街道 (652301001) of the demo's synthetic boundaries (lon 87.315–87.9, lat 44.0–44.2): a point
    // in another township's boundary is a row error
    const lon = (87.32 + (i % 400) * 0.0014).toFixed(5);
    const lat = (44.005 + Math.floor(i / 400) * 0.003 + (prefix.length % 7) * 0.025).toFixed(5);
    sheet.addRow([
      `${prefix}-${i}`,
      'other',
      'urban_stormwater',
      '洛克伦河',
      '652301001',
      lon,
      lat,
      '2024-03-02',
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describeIfReady('two API processes and two workers on PostgreSQL and Redis', () => {
  const redis = new ThrowawayRedis(Number(process.env['FAULT_REDIS_MP_PORT'] ?? 6392), true);
  const databaseUrl = processDatabaseUrl(process.env['DATABASE_URL'] ?? 'postgres://localhost/none_test');
  const prefix = `outfall-mp-${process.pid}`;
  const apis: { process: NodeProcess; url: string }[] = [];
  const workers: { process: NodeProcess; url: string }[] = [];
  let db: Client;
  let token = '';

  const env = (extra: Record<string, string>): Record<string, string> => ({
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: prefix,
    QUEUE_LEASE_MS: String(LEASE_MS),
    QUEUE_RECONCILE_INTERVAL_MS: '2000',
    PROGRESS_SCHEDULER: 'true',
    PROGRESS_FIRST_QUARTER: FIRST_QUARTER,
    DATA_DIR: join(LOG_DIR, 'data'),
    DEMO_DATA: 'true',
    PASSWORD_HASH_COST: '1024',
    DB_MIGRATIONS_RUN: 'false',
    LOG_LEVEL: 'log',
    SPA_DIR: join(LOG_DIR, 'no-spa'),
    ...extra,
  });

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await db.query(sql, params)).rows as T[];
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await query<{ count: string }>(sql, params))[0].count);

  async function submit(apiIndex: number, path: string, body?: object, file?: Buffer): Promise<string> {
    const url = `${apis[apiIndex % apis.length].url}/api/v1/${path}`;
    let init: RequestInit;
    if (file) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'import.xlsx');
      form.append('mode', 'all_or_nothing');
      init = { method: 'POST', body: form, headers: { Authorization: `Bearer ${token}` } };
    } else {
      init = {
        method: 'POST',
        body: JSON.stringify(body ?? {}),
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      };
    }
    const res = await fetch(url, init);
    const json = (await res.json()) as { id: string };
    if (res.status !== 202) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.id;
  }

  async function finished(ids: string[], timeoutMs = 120_000) {
    return until(
      `${ids.length} job(s) finished`,
      async () => {
        const rows = await query<{
          id: string;
          state: string;
          attempts: number;
          result: Record<string, unknown> | null;
          error: string | null;
        }>(`SELECT id, state, attempts, result, error FROM job_record WHERE id = ANY($1)`, [ids]);
        return (
          rows.length === ids.length &&
          rows.every((r) => r.state === 'completed' || r.state === 'failed') &&
          rows
        );
      },
      timeoutMs,
    );
  }

  beforeAll(async () => {
    const admin = new Client({ connectionString: process.env['DATABASE_URL'] });
    await admin.connect();
    const name = new URL(databaseUrl).pathname.slice(1);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await redis.start();
    // migrations and demo data once, before the servers (they start with DB_MIGRATIONS_RUN=false)
    const seed = new NodeProcess(
      'seed',
      'cli',
      env({ DB_MIGRATIONS_RUN: 'true', QUEUE_WORKERS: 'false' }),
      LOG_DIR,
      ['seed'],
    );
    if ((await seed.exited) !== 0) throw new Error(`cli seed failed:\n${seed.tail()}`);
    // the city has closed every ended quarter (a new database freezes no past quarter by itself)
    for (const quarter of endedQuarters(parseQuarter(FIRST_QUARTER) as Quarter, new Date()).map(quarterName))
      await db.query(
        `INSERT INTO progress_quarter_close (quarter, kind, closed_by) VALUES ($1, 'city', 'test')`,
        [quarter],
      );
    for (const n of [1, 2]) {
      const port = await freePort();
      apis.push({
        process: new NodeProcess(
          `api-${n}`,
          'main',
          env({ PORT: String(port), QUEUE_WORKERS: 'false' }),
          LOG_DIR,
        ),
        url: `http://127.0.0.1:${port}`,
      });
      const healthPort = await freePort();
      workers.push({
        process: new NodeProcess(
          `worker-${n}`,
          'worker',
          env({ WORKER_HEALTH_PORT: String(healthPort) }),
          LOG_DIR,
        ),
        url: `http://127.0.0.1:${healthPort}`,
      });
    }
    await Promise.all([
      ...apis.map((api) => api.process.healthy(`${api.url}/health/ready`)),
      ...workers.map((worker) => worker.process.healthy(`${worker.url}/health/ready`)),
    ]);
    const login = await fetch(`${apis[0].url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Demo@2023!' }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  }, 300_000);

  afterAll(async () => {
    const stopped = await Promise.all([...apis, ...workers].map(({ process: p }) => p.stop()));
    await db?.end();
    await redis.dispose();
    // every process shut down on SIGTERM by itself (Nest re-raises the signal once its hooks ran)
    expect(stopped.filter((s) => s.killed)).toEqual([]);
  }, 120_000);

  it('the quarterly catch-up, started by all four processes at once, makes one job and one snapshot per quarter', async () => {
    const quarters = await until(
      'catch-up snapshots',
      async () => {
        const rows = await query<{ quarter: string; snapshots: string; jobs: string; runs: string }>(
          `SELECT j.dedupe_key AS quarter, count(DISTINCT s.id) AS snapshots, count(DISTINCT j.id) AS jobs,
                  sum(j.attempts) AS runs
             FROM job_record j LEFT JOIN progress_snapshot s ON 'progress-snapshot:' || s.quarter = j.dedupe_key
            WHERE j.name = 'progress-snapshot' GROUP BY j.dedupe_key`,
        );
        const done = await count(
          `SELECT count(*) FROM job_record WHERE name = 'progress-snapshot' AND state <> 'completed'`,
        );
        return rows.length > 0 && done === 0 && rows;
      },
      120_000,
    );
    expect(quarters.length).toBeGreaterThanOrEqual(4); // 2025Q1 … the last ended quarter
    for (const row of quarters) {
      expect({
        quarter: row.quarter,
        snapshots: Number(row.snapshots),
        jobs: Number(row.jobs),
        runs: Number(row.runs),
      }).toEqual({
        quarter: row.quarter,
        snapshots: 1,
        jobs: 1,
        runs: 1,
      });
    }
    expect(await count(`SELECT count(*) FROM progress_snapshot WHERE version > 1`)).toBe(0);
  });

  it('every submitted job, through either API, completes once on the workers, with its effects once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(await submit(i, 'outfalls/imports', undefined, await workbook(`mp-import-${i}`, 120)));
    for (let i = 0; i < 3; i++) ids.push(await submit(i, 'audit-logs/exports', {}));
    for (let i = 0; i < 2; i++) ids.push(await submit(i, 'outfalls/exports', {}));
    const jobs = await finished(ids);
    for (const job of jobs)
      expect({ id: job.id, state: job.state, attempts: job.attempts, error: job.error }).toEqual({
        id: job.id,
        state: 'completed',
        attempts: 1,
        error: null,
      });
    for (let i = 0; i < 3; i++) {
      expect(await count(`SELECT count(*) FROM outfall WHERE name LIKE $1`, [`mp-import-${i}-%`])).toBe(120);
      expect(
        await count(
          `SELECT count(*) FROM audit_log WHERE entity_type = 'outfall' AND action = 'create'
              AND entity_id IN (SELECT id::text FROM outfall WHERE name LIKE $1)`,
          [`mp-import-${i}-%`],
        ),
      ).toBe(120);
    }
    // both workers took jobs (the work is shared, not run twice)
    const ran = await query<{ owner: string }>(
      `SELECT DISTINCT split_part(lease_owner, ':', 2) AS owner FROM job_record WHERE id = ANY($1)`,
      [ids],
    );
    expect(ran.length).toBeGreaterThanOrEqual(1);
  });

  it('under load through both APIs: every optimistic-lock update applies or answers 409, no job lost or run twice', async () => {
    const [outfall] = await query<{ id: string; version: number; name: string }>(
      `SELECT id, version, name FROM outfall WHERE status = 'active' ORDER BY local_code LIMIT 1`,
    );
    const auditBefore = await count(
      `SELECT count(*) FROM audit_log WHERE entity_type = 'outfall' AND entity_id = $1 AND action = 'update'`,
      [outfall.id],
    );
    const call = async (apiIndex: number, method: string, path: string, body?: object) => {
      const res = await fetch(`${apis[apiIndex % apis.length].url}/api/v1/${path}`, {
        method,
        body: body ? JSON.stringify(body) : undefined,
        headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    // 8 clients, 4 on each API, each reading the outfall and writing it back with the version it read
    const applied: number[] = [];
    const statuses = new Map<number, number>();
    const client = async (c: number) => {
      for (let k = 0; k < 12; k++) {
        const read = await call(c, 'GET', `outfalls/${outfall.id}`);
        expect(read.status).toBe(200);
        const write = await call(c + 1, 'PATCH', `outfalls/${outfall.id}`, {
          name: `${outfall.name}·${c}-${k}`,
          version: read.body.version,
        });
        statuses.set(write.status, (statuses.get(write.status) ?? 0) + 1);
        if (write.status === 200) applied.push(write.body.version as number);
        else
          expect({ status: write.status, code: write.body.code }).toEqual({
            status: 409,
            code: 'VERSION_CONFLICT',
          });
      }
    };
    // jobs submitted through both APIs while the updates run
    const submitted = Promise.all(Array.from({ length: 10 }, (_, i) => submit(i, 'audit-logs/exports', {})));
    await Promise.all(Array.from({ length: 8 }, (_, c) => client(c)));
    const jobs = await finished(await submitted);

    expect([...statuses.keys()].every((status) => status === 200 || status === 409)).toBe(true);
    expect(applied.length).toBeGreaterThan(0);
    // no lost update: each applied update made its own version, the row counts them all, one audit row each
    expect(new Set(applied).size).toBe(applied.length);
    const [after] = await query<{ version: number }>(`SELECT version FROM outfall WHERE id = $1`, [
      outfall.id,
    ]);
    expect(after.version).toBe(outfall.version + applied.length);
    expect(Math.max(...applied)).toBe(after.version);
    expect(
      await count(
        `SELECT count(*) FROM audit_log WHERE entity_type = 'outfall' AND entity_id = $1 AND action = 'update'`,
        [outfall.id],
      ),
    ).toBe(auditBefore + applied.length);
    // no job lost, none run twice
    expect(jobs).toHaveLength(10);
    for (const job of jobs)
      expect({ id: job.id, state: job.state, attempts: job.attempts }).toEqual({
        id: job.id,
        state: 'completed',
        attempts: 1,
      });
  });

  it('Redis away for longer than the lease during an import: the import runs once, its result kept', async () => {
    const rows = 1000;
    const id = await submit(0, 'outfalls/imports', undefined, await workbook('mp-outage', rows));
    await until(
      'import running',
      async () =>
        (await count(`SELECT count(*) FROM job_record WHERE id = $1 AND state = 'active'`, [id])) === 1,
      60_000,
    );
    await redis.stop('SIGTERM'); // the append-only file keeps the queue (docker-compose runs Redis like this)
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 2 + 1000));
    await redis.start();
    const [job] = await finished([id], 300_000);
    expect(job).toMatchObject({ state: 'completed', attempts: 1, error: null });
    expect(job.result).toMatchObject({ created: rows, committed: true });
    expect(await count(`SELECT count(*) FROM outfall WHERE name LIKE 'mp-outage-%'`)).toBe(rows);
    expect(
      await count(
        `SELECT count(*) FROM audit_log WHERE entity_type = 'outfall' AND action = 'create'
            AND entity_id IN (SELECT id::text FROM outfall WHERE name LIKE 'mp-outage-%')`,
      ),
    ).toBe(rows);
    await Promise.all(apis.map((api) => api.process.healthy(`${api.url}/health/ready`, 30_000)));
  });

  it('each firing of the quarterly schedule is taken by one worker and makes the missing snapshot once', async () => {
    const [{ quarter }] = await query<{ quarter: string }>(
      `SELECT max(quarter) AS quarter FROM progress_snapshot`,
    );
    await db.query(`DELETE FROM progress_snapshot WHERE quarter = $1`, [quarter]);
    // fire the real schedule every second for a while (the workers process it), then restore it
    const maintenance = new Queue(QueueName.Maintenance, { connection: { url: redis.url }, prefix });
    const template = { name: 'schedule', data: { schedule: 'quarterly-progress-snapshot' } };
    await maintenance.upsertJobScheduler('quarterly-progress-snapshot', { every: 1000 }, template);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    await maintenance.upsertJobScheduler(
      'quarterly-progress-snapshot',
      { pattern: '5 0 * * *', tz: 'Asia/Shanghai' },
      template,
    );
    await maintenance.close();
    await until(
      'snapshot made again',
      async () => (await count(`SELECT count(*) FROM progress_snapshot WHERE quarter = $1`, [quarter])) === 1,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await count(`SELECT count(*) FROM progress_snapshot WHERE quarter = $1`, [quarter])).toBe(1);
    expect(
      await count(
        `SELECT count(*) FROM job_record WHERE dedupe_key = $1 AND state = 'completed' AND attempts = 1`,
        [`progress-snapshot:${quarter}`],
      ),
    ).toBe(2); // the catch-up's at start and the one a firing made
    expect(
      await count(`SELECT count(*) FROM job_record WHERE dedupe_key = $1`, [`progress-snapshot:${quarter}`]),
    ).toBe(2);
  });
});
