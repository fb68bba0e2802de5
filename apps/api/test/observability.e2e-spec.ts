import { loadAppConfig } from '@outfall/config';
import { defineJob, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { TestApp } from './support/test-app';

/**
 * Issue 12 §7, operators can see what happens: JSON log lines with the request id and the user, the
 * X-Request-Id round trip, slow-request and slow-query logs over their thresholds, and the Prometheus
 * endpoint (behind METRICS_TOKEN) with per-route latency, queue gauges, job and database-pool metrics.
 */
describe('observability: logs and metrics', () => {
  const TOKEN = 'observability-spec-token-0123456789';
  const ENV = {
    LOG_LEVEL: 'log',
    METRICS_TOKEN: TOKEN,
    SLOW_REQUEST_MS: '600',
    SLOW_QUERY_MS: '400',
    // the spec inserts a waiting record by hand; the periodic reconciler must not pick it up meanwhile
    QUEUE_RECONCILE_INTERVAL_MS: '3600000',
  };
  const saved: Record<string, string | undefined> = {};
  const lines: string[] = [];
  let t: TestApp;

  /** The JSON log lines written so far. */
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

  /** Waits for a log line (the access log is written when the response has been sent). */
  async function logLine(
    match: (entry: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const found = entries().find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such log line; got:\n${lines.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function userId(username: string): Promise<string> {
    const [row] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM app_user WHERE username = $1`, [
      username,
    ]);
    return row.id;
  }

  async function scrape(): Promise<string> {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  }

  /** The value of one sample line (`name{labels} value`), or undefined when absent. */
  function sample(text: string, series: string): number | undefined {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  }

  beforeAll(async () => {
    for (const [key, value] of Object.entries(ENV)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    loadAppConfig(true);
    t = await TestApp.create({ logStream: { write: (line: string) => lines.push(line) } });
    // what main.ts does: Nest's own loggers (services, the exception filter, slow queries) write through pino
    t.app.useLogger(t.app.get(PinoNestLogger));
    // the first spec on a fresh embedded database migrates it (PostGIS included): slow on a busy machine
  }, 240_000);

  afterAll(async () => {
    await t?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    loadAppConfig(true);
  });

  it('writes one JSON access-log line per request, with the request id and the user', async () => {
    const res = await t.http.get('/api/v1/outfalls').set(await t.auth('eco_officer'));
    expect(res.status).toBe(200);
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const line = await logLine((e) => e['requestId'] === requestId && e['route'] === '/api/v1/outfalls');
    expect(line).toMatchObject({
      level: 'info',
      requestId,
      user: { kind: 'user', id: await userId('eco_officer'), role: expect.any(String) },
      method: 'GET',
      route: '/api/v1/outfalls',
      status: 200,
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // never the caller's credentials
    expect(lines.join('')).not.toContain((await t.auth('eco_officer')).Authorization.slice(7));
  });

  it("keeps a caller's X-Request-Id: in the response header, the error body and the log line", async () => {
    const mine = 'ops-trace-4711';
    const ok = await t.http
      .get('/api/v1/outfalls')
      .set(await t.auth('eco_officer'))
      .set('X-Request-Id', mine);
    expect(ok.headers['x-request-id']).toBe(mine);
    await logLine((e) => e['requestId'] === mine && e['status'] === 200);

    const missing = await t.http
      .get('/api/v1/outfalls/00000000-0000-4000-8000-000000000000')
      .set(await t.auth('eco_officer'))
      .set('X-Request-Id', 'ops-trace-4712');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-request-id']).toBe('ops-trace-4712');
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'ops-trace-4712' });
    expect(await logLine((e) => e['requestId'] === 'ops-trace-4712' && e['status'] === 404)).toMatchObject({
      route: '/api/v1/outfalls/:id',
      user: { id: await userId('eco_officer') },
    });

    // an unusable id (spaces, too long) is replaced by a generated one
    const bad = await t.http.get('/health/live').set('X-Request-Id', 'not a usable id');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a slow request and a slow query over their thresholds, with the request id', async () => {
    // hold a lock on the outfall table so the list query has to wait ~900 ms
    // (signed in first: on the embedded database the blocker's transaction holds the one session)
    const auth = await t.auth('eco_officer');
    expect((await t.http.get('/api/v1/outfalls').set(auth).set('X-Request-Id', 'fast-one')).status).toBe(200);
    const blocker = new Client({ connectionString: process.env['DATABASE_URL'] });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE outfall IN ACCESS EXCLUSIVE MODE');
      const pending = t.http
        .get('/api/v1/outfalls')
        .set(auth)
        .set('X-Request-Id', 'slow-one')
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 900));
      await blocker.query('COMMIT');
      expect((await pending).status).toBe(200);
    } finally {
      await blocker.end();
    }

    const slowRequest = await logLine(
      (e) => e['requestId'] === 'slow-one' && e['route'] === '/api/v1/outfalls',
    );
    expect(slowRequest).toMatchObject({
      level: 'warn',
      slow: true,
      slowRequestMs: 600,
      user: { id: await userId('eco_officer') },
      msg: expect.stringMatching(/^slow request: GET \/api\/v1\/outfalls 200 in \d+ ms$/),
    });
    expect(slowRequest['durationMs']).toBeGreaterThanOrEqual(600);

    const slowQuery = await logLine(
      (e) => e['requestId'] === 'slow-one' && /^slow query: \d+ ms -- /.test(String(e['msg'])),
    );
    // (on PostgreSQL the outfall query waits for the lock; on the embedded database, one session, the first
    // query of the request already waits, before the caller is known)
    expect(slowQuery).toMatchObject({
      level: 'warn',
      context: 'Database',
      req: { method: 'GET', url: '/api/v1/outfalls' },
      msg: expect.stringMatching(/^slow query: \d+ ms -- SELECT .* FROM /),
    });
    // parameters are never logged, only counted
    expect(String(slowQuery['msg'])).toMatch(/\(\d+ parameters\)$/);

    const text = await scrape();
    expect(sample(text, 'outfall_http_slow_requests_total{method="GET",route="/api/v1/outfalls"}')).toBe(1);
    expect(sample(text, 'outfall_db_slow_queries_total{database="postgresql"}')).toBeGreaterThanOrEqual(1);
    // a fast request is not slow: its line stays at info
    expect(await logLine((e) => e['requestId'] === 'fast-one' && e['status'] === 200)).toMatchObject({
      level: 'info',
    });
    expect(await logLine((e) => e['requestId'] === 'fast-one' && e['status'] === 200)).not.toHaveProperty(
      'slow',
    );
  });

  it('/metrics refuses without the token, and with it shows per-route latency by template', async () => {
    const none = await t.http.get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED', requestId: expect.any(String) });
    expect(JSON.stringify(none.body)).not.toContain('outfall_');
    expect(
      (await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789abcdef')).status,
    ).toBe(401);
    // a user's access token is not the metrics token
    expect((await t.http.get('/metrics').set(await t.auth('admin'))).status).toBe(401);

    const eco = await t.auth('eco_officer');
    const outfall = await t.http.get('/api/v1/outfalls?limit=1').set(eco);
    const unknown = await t.http.get('/api/v1/outfalls/00000000-0000-4000-8000-00000000abcd').set(eco);
    expect(unknown.status).toBe(404);
    const before = await scrape();
    const series =
      'outfall_http_request_duration_seconds_count{method="GET",route="/api/v1/outfalls",status_class="2xx"}';
    const listed = sample(before, series) ?? 0;
    expect(listed).toBeGreaterThanOrEqual(1);
    await t.http.get('/api/v1/outfalls').set(eco);
    expect(sample(await scrape(), series)).toBe(listed + 1);

    expect(outfall.status).toBe(200);
    // the raw URL never becomes a label: ids collapse into the template
    expect(
      sample(
        before,
        'outfall_http_request_duration_seconds_count{method="GET",route="/api/v1/outfalls/:id",status_class="4xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(before).not.toContain('00000000-0000-4000-8000-00000000abcd');
    expect(before).toMatch(
      /^outfall_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/v1\/outfalls",status_class="2xx"\} \d+$/m,
    );
    // process metrics (event-loop lag and the like)
    expect(before).toContain('outfall_nodejs_eventloop_lag_seconds');
  });

  it('shows queue depth and the oldest waiting age per queue, from the job records', async () => {
    const empty = await scrape();
    for (const queue of Object.values(QueueName)) {
      for (const state of ['waiting', 'delayed', 'active']) {
        expect(sample(empty, `outfall_queue_jobs{queue="${queue}",state="${state}"}`)).toEqual(
          expect.any(Number),
        );
      }
      expect(sample(empty, `outfall_queue_oldest_job_age_seconds{queue="${queue}",state="waiting"}`)).toEqual(
        expect.any(Number),
      );
    }

    // a job left waiting for 90 s (its queue stalled)
    const [stalled] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO job_record (queue, name, state, data, owner_kind, created_at)
       VALUES ('maintenance', 'observability-stalled', 'waiting', '{}'::jsonb, 'system', now() - interval '90 seconds')
       RETURNING id`,
    );
    try {
      const text = await scrape();
      expect(sample(text, 'outfall_queue_jobs{queue="maintenance",state="waiting"}')).toBe(1);
      expect(
        sample(text, 'outfall_queue_oldest_job_age_seconds{queue="maintenance",state="waiting"}'),
      ).toBeGreaterThanOrEqual(90);
      expect(sample(text, 'outfall_queue_oldest_job_age_seconds{queue="exports",state="waiting"}')).toBe(0);
    } finally {
      await t.dataSource.query(`DELETE FROM job_record WHERE id = $1`, [stalled.id]);
    }
  });

  it('counts job attempts with their durations and failures, and database pool waits', async () => {
    const queued = await t.http
      .post('/api/v1/audit-logs/exports')
      .set(await t.auth('eco_officer'))
      .send({});
    expect(queued.status).toBe(202);
    expect((await t.waitForJob(queued.body.id)).state).toBe('completed');

    // a job whose handler fails on its only attempt
    const failing = defineJob<object, object>(QueueName.Maintenance, 'observability-failing', 1);
    t.app.get(JobRunner).register(failing, () => Promise.reject(new Error('the probe fails on purpose')));
    const record = await t.app.get(QueueService).enqueue(failing, {});
    expect(await t.waitForJob(record.id)).toMatchObject({
      state: 'failed',
      error: 'the probe fails on purpose',
    });

    const text = await scrape();
    const done = '{queue="exports",name="audit-export",outcome="completed"}';
    expect(sample(text, `outfall_job_attempts_total${done}`)).toBe(1);
    expect(sample(text, `outfall_job_duration_seconds_count${done}`)).toBe(1);
    expect(sample(text, `outfall_job_duration_seconds_sum${done}`)).toBeGreaterThan(0);
    expect(
      sample(
        text,
        'outfall_job_attempts_total{queue="maintenance",name="observability-failing",outcome="failed"}',
      ),
    ).toBe(1);
    expect(sample(text, 'outfall_job_failures_total{queue="maintenance",name="observability-failing"}')).toBe(
      1,
    );
    expect(sample(text, 'outfall_job_failures_total{queue="exports",name="audit-export"}')).toBeUndefined();
    // the failed attempt is a JSON warning that names the job
    expect(
      await logLine((e) => String(e['msg']).includes(record.id) && /attempt 1 failed/.test(String(e['msg']))),
    ).toMatchObject({ level: 'warn', context: 'JobRunner' });

    // every connection checkout is timed; the pool's waiting count is reported
    expect(sample(text, 'outfall_db_pool_acquire_seconds_count{database="postgresql"}')).toBeGreaterThan(10);
    expect(sample(text, 'outfall_db_pool_waiting{database="postgresql"}')).toEqual(expect.any(Number));
    expect(
      sample(text, 'outfall_db_pool_connections{database="postgresql",state="total"}'),
    ).toBeGreaterThanOrEqual(1);
  });
});
