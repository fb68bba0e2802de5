import { AUDIT_EXPORT_JOB } from '@outfall/audit';
import { QueueService, QUEUE_DRIVER, QueueDriver } from '@outfall/queue';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

/**
 * The queue seam, proven with the audit export job. The embedded run uses the inline driver; the
 * real-services run (REDIS_URL set) runs the same job through BullMQ on Redis.
 */
describe('queue seam: audit export job', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('uses the driver the configuration asks for', () => {
    const driver = t.app.get<QueueDriver>(QUEUE_DRIVER);
    expect(driver.name).toBe(process.env['REDIS_URL'] ? 'bullmq' : 'inline');
  });

  it('queues an export, reports progress and state, and serves the XLSX', async () => {
    const eco = await t.auth('eco_officer');
    const queued = await t.http.post('/api/v1/audit-logs/exports').set(eco).send({ entityType: 'unit' });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({
      id: expect.any(String),
      queue: 'exports',
      name: 'audit-export',
      state: 'waiting',
      progress: 0,
    });

    const job = await t.waitForJob(queued.body.id);
    expect(job.error).toBeNull();
    const status = await t.http.get(`/api/v1/jobs/${job.id}`).set(eco);
    expect(status.body).toMatchObject({
      state: 'completed',
      progress: 100,
      attempts: 1,
      result: { rows: 24 },
    });

    const file = await t.http
      .get(`/api/v1/jobs/${job.id}/download`)
      .set(eco)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as never);
    const sheet = workbook.getWorksheet('审计日志')!;
    expect(sheet.rowCount).toBe(25);
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('时间');
    expect(sheet.getRow(2).getCell(6).value).toBe('单位'); // the entity type in Chinese (unit)

    const list = await t.http.get('/api/v1/jobs').set(eco);
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(job.id);

    const gql = await t.graphql('eco_officer', `{ job(id: "${job.id}") { state progress result } }`);
    expect(gql.body.data.job).toMatchObject({ state: 'completed', progress: 100 });
  });

  it('a job is visible only to whoever queued it (and system admins)', async () => {
    const queued = await t.http
      .post('/api/v1/audit-logs/exports')
      .set(await t.auth('eco_officer'))
      .send({});
    await t.waitForJob(queued.body.id);
    expectError(
      await t.http.get(`/api/v1/jobs/${queued.body.id}`).set(await t.auth('township_liugong')),
      404,
      'NOT_FOUND',
    );
    expectError(
      await t.http.get(`/api/v1/jobs/${queued.body.id}/download`).set(await t.auth('water_officer')),
      404,
      'NOT_FOUND',
    );
    expect((await t.http.get(`/api/v1/jobs/${queued.body.id}`).set(await t.auth('admin'))).status).toBe(200);
    expect((await t.http.get('/api/v1/jobs').set(await t.auth('township_liugong'))).body.total).toBe(0);
  });

  it('a job with a dedupe key is queued once', async () => {
    const queue = t.app.get(QueueService);
    const first = await queue.enqueue(
      AUDIT_EXPORT_JOB,
      { filter: {} },
      { dedupeKey: 'audit-export:nightly' },
    );
    const second = await queue.enqueue(
      AUDIT_EXPORT_JOB,
      { filter: {} },
      { dedupeKey: 'audit-export:nightly' },
    );
    expect(second.id).toBe(first.id);
    await t.waitForJob(first.id);
    expect(await t.count('job_record', `dedupe_key = 'audit-export:nightly'`)).toBe(1);
  });

  it('rejects bad export filters with field messages', async () => {
    const before = await t.count('job_record');
    const bad = await t.http
      .post('/api/v1/audit-logs/exports')
      .set(await t.auth('eco_officer'))
      .send({ action: 'drop', from: 'x' });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['action', 'from']);
    expect(await t.count('job_record')).toBe(before);
  });

  it('a job that keeps failing ends failed with its error; a download of it is refused', async () => {
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO job_record (queue, name, state, data, owner_kind) VALUES ('exports', 'no-such-job', 'waiting', '{"payload":{},"owner":null}', 'system') RETURNING id`,
    );
    const driver = t.app.get<QueueDriver>(QUEUE_DRIVER);
    await driver.dispatch('exports' as never, id, 1);
    const job = await t.waitForJob(id);
    expect(job.state).toBe('failed');
    expect(job.error).toBe('No handler for this job');
    expectError(await t.http.get(`/api/v1/jobs/${id}/download`).set(await t.auth('admin')), 409, 'CONFLICT');
  });
});
