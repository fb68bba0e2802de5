import { DiscoveryModule } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { PlatformExpressAdapter } from '@outfall/common';
import { LOG_DESTINATION } from '@outfall/observability';
import { QUEUE_DRIVER, QueueDriver, InlineQueueDriver, JobRecord } from '@outfall/queue';
import { JobState } from '@outfall/shared-types';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app/app.module';
import { configureApp } from '../../src/app/configure-app';
import { SeedService } from '../../src/seed/seed.service';
import { OutfallCountCache } from '@outfall/directory';
import { IdentityCache } from '@outfall/iam';

export const DEMO_PASSWORD = 'Demo@2023!';
/** A UUID in the version 7 layout (RFC 9562): what time-ordered ids look like. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Tables that are part of the schema, not of the data. */
const KEEP = new Set(['migrations', 'spatial_ref_sys']);

/** The real app, booted the way `main.ts` boots it, against the run's database. */
export class TestApp {
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly app: NestExpressApplication,
    readonly dataSource: DataSource,
    private readonly demoOutfalls: number,
    private readonly demoBoundaries: boolean,
  ) {}

  /**
   * `outfalls`: how many demo outfalls the seed adds (default none; the layers and entities always).
   * `boundaries`: load the demo's synthetic township boundaries (default off: specs place outfalls by hand,
   * with the township they name).
   */
  static async create(
    options: { outfalls?: number; boundaries?: boolean; logStream?: { write(line: string): unknown } } = {},
  ): Promise<TestApp> {
    const builder = Test.createTestingModule({ imports: [AppModule, DiscoveryModule] });
    // `logStream`: where the JSON logger writes instead of standard output (a spec reads the lines)
    if (options.logStream) builder.overrideProvider(LOG_DESTINATION).useValue(options.logStream);
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>(new PlatformExpressAdapter(), {
      bodyParser: false,
      logger: ['error'],
    });
    await configureApp(app);
    await app.init();
    const testApp = new TestApp(app, app.get(DataSource), options.outfalls ?? 0, options.boundaries ?? false);
    await testApp.reset();
    return testApp;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** Empties every table and loads the demo data again. */
  async reset(): Promise<void> {
    await this.settleJobs();
    const tables = await this.dataSource.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
    );
    const names = tables.map((t) => `"${t.tablename}"`).filter((t) => !KEEP.has(t.slice(1, -1)));
    if (names.length) await this.dataSource.query(`TRUNCATE ${names.join(', ')} CASCADE`);
    this.tokens.clear();
    // the raw TRUNCATE bypasses the write listeners: drop the identities and list totals kept in memory
    this.app.get(IdentityCache, { strict: false }).invalidate();
    this.app.get(OutfallCountCache, { strict: false }).invalidate();
    await this.app
      .get(SeedService)
      .run({ outfalls: this.demoOutfalls, monitoring: false, boundaries: this.demoBoundaries });
  }

  async token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const res = await this.http.post('/api/v1/auth/login').send({ username, password });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    const token = (res.body as { accessToken: string }).accessToken;
    this.tokens.set(username, token);
    return token;
  }

  async auth(username: string): Promise<{ Authorization: string }> {
    return { Authorization: `Bearer ${await this.token(username)}` };
  }

  async graphql(username: string | null, query: string, variables?: Record<string, unknown>) {
    const req = this.http.post('/graphql').send({ query, variables });
    if (username) void req.set(await this.auth(username));
    return req;
  }

  async count(table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM ${table} WHERE ${where}`,
      params,
    );
    return Number(row.count);
  }

  /** Waits for a job to complete and downloads its file. */
  async download(jobId: string, username = 'eco_officer'): Promise<Buffer> {
    const job = await this.waitForJob(jobId);
    expect({ state: job.state, error: job.error }).toEqual({ state: 'completed', error: null });
    const file = await this.http
      .get(`/api/v1/jobs/${jobId}/download`)
      .set(await this.auth(username))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return file.body as Buffer;
  }

  /** Waits until a job leaves the waiting/active states (either driver), or fails the test. */
  async waitForJob(id: string, timeoutMs = 30_000): Promise<JobRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.dataSource.getRepository(JobRecord).findOneByOrFail({ id });
      if (job.state === JobState.Completed || job.state === JobState.Failed) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async settleJobs(): Promise<void> {
    const driver = this.app.get<QueueDriver>(QUEUE_DRIVER);
    if (driver instanceof InlineQueueDriver) await driver.idle();
  }

  async close(): Promise<void> {
    await this.settleJobs();
    await this.app.close();
  }
}

/** Asserts the API's one error shape, the status and the code. */
export function expectError(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({ status, code });
  expect(res.body).toEqual(
    expect.objectContaining({
      message: expect.any(String),
      details: expect.any(Array),
      requestId: expect.any(String),
    }),
  );
  expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|SELECT |INSERT |node_modules/);
}
