import { AuditService } from '@outfall/audit';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { AuditAction, JobState } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { TestApp } from './support/test-app';

/**
 * Jobs run once, whatever the queue redelivers (issue 12 §3: an import ran a second time while Redis was
 * down, with a duplicate row, 19 999 extra audit rows and its result overwritten). The runner claims the job
 * record with a lease and a fencing token; these specs drive two runners of one job directly, as two worker
 * processes would after a redelivery.
 */
interface EffectData {
  label: string;
  /** Write the effect and the completion in one transaction (`completeIn`). */
  completeIn?: boolean;
  /** Throw after `completeIn`, inside the same transaction. */
  failAfterComplete?: boolean;
}
interface EffectResult {
  attempt: number;
  label: string;
}

/** One app for both groups of specs (booting a second one would only cost time). */
let shared: TestApp;
afterAll(() => shared?.close());

const EFFECT_JOB = defineJob<EffectData, EffectResult>(QueueName.Maintenance, 'fencing-test-effect', 2);

/** Gates the test opens to let a given attempt's handler go on. */
class Gates {
  private readonly waiting = new Map<number, () => void>();
  private readonly promises = new Map<number, Promise<void>>();
  readonly entered = new Set<number>();

  wait(attempt: number): Promise<void> {
    this.entered.add(attempt);
    let promise = this.promises.get(attempt);
    if (!promise) {
      promise = new Promise((resolve) => this.waiting.set(attempt, resolve));
      this.promises.set(attempt, promise);
    }
    return promise;
  }

  open(attempt: number): void {
    if (!this.promises.has(attempt)) {
      this.promises.set(attempt, Promise.resolve());
      return;
    }
    this.waiting.get(attempt)?.();
  }

  async entering(attempt: number): Promise<void> {
    for (let i = 0; i < 200 && !this.entered.has(attempt); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!this.entered.has(attempt)) throw new Error(`attempt ${attempt} never started`);
  }
}

describe('fenced job execution: a job’s effects apply once', () => {
  let t: TestApp;
  let runner: JobRunner;
  let dataSource: DataSource;
  let gates: Gates;

  const effects = (label: string) =>
    t.count('audit_log', `entity_type = 'fencing-test' AND after->>'label' = $1`, [label]);

  /** A job record as the queue would write it, without handing it to a driver (the test runs it). */
  async function record(data: EffectData): Promise<string> {
    const [{ id }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO job_record (queue, name, state, data, owner_kind, max_attempts)
       VALUES ($1, $2, 'waiting', $3, 'system', 2) RETURNING id`,
      [EFFECT_JOB.queue, EFFECT_JOB.name, JSON.stringify({ payload: data, owner: null })],
    );
    return id;
  }

  const job = (id: string) => dataSource.getRepository(JobRecord).findOneByOrFail({ id });

  beforeAll(async () => {
    t = await TestApp.create();
    shared = t;
    runner = t.app.get(JobRunner);
    dataSource = t.dataSource;
    const audit = t.app.get(AuditService);
    runner.register(EFFECT_JOB, async (context: JobContext<EffectData, EffectResult>) => {
      await gates.wait(context.attempt);
      const result = { attempt: context.attempt, label: context.data.label };
      const write = async (em: EntityManager) => {
        await audit.record(em, {
          action: AuditAction.Create,
          entityType: 'fencing-test',
          entityId: context.id,
          after: { label: context.data.label, attempt: context.attempt },
        });
        if (context.data.completeIn) await context.completeIn(em, result);
        if (context.data.failAfterComplete) throw new Error('failed after the final write');
      };
      // the handler opens a plain transaction: the runner fences it without being asked
      await dataSource.transaction(write);
      return result;
    });
  }, 240_000);
  beforeEach(() => {
    gates = new Gates();
  });

  it('a second runner of a running job sees the claim and stops; the effect and result are the first’s', async () => {
    const id = await record({ label: 'concurrent' });
    const first = runner.execute(id, 'runner-a');
    await gates.entering(1);
    const running = await job(id);
    expect(running).toMatchObject({
      state: JobState.Active,
      attempts: 1,
      fencingToken: 1,
      leaseOwner: 'runner-a',
    });
    expect(running.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());

    expect(await runner.execute(id, 'runner-b')).toBe('skipped');
    gates.open(1);
    expect(await first).toBe('completed');
    expect(await runner.execute(id, 'runner-c')).toBe('skipped'); // a redelivery after completion
    expect(await effects('concurrent')).toBe(1);
    expect(await job(id)).toMatchObject({
      state: JobState.Completed,
      attempts: 1,
      result: { attempt: 1, label: 'concurrent' },
      leaseExpiresAt: null,
    });
  });

  it('a runner whose lease was taken over commits nothing and does not overwrite the result', async () => {
    const id = await record({ label: 'takeover' });
    const stale = runner.execute(id, 'runner-a');
    await gates.entering(1);
    // runner A stalls past its lease (paused process, lost connection): runner B takes the job over
    await dataSource.query(
      `UPDATE job_record SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    gates.open(2);
    expect(await runner.execute(id, 'runner-b')).toBe('completed');
    // A wakes up and tries to commit its effect
    gates.open(1);
    expect(await stale).toBe('lost');
    expect(await effects('takeover')).toBe(1);
    const done = await job(id);
    expect(done).toMatchObject({
      state: JobState.Completed,
      attempts: 2,
      fencingToken: 2,
      leaseOwner: 'runner-b',
      result: { attempt: 2, label: 'takeover' },
    });
    const [row] = await dataSource.query<{ after: { attempt: number } }[]>(
      `SELECT after FROM audit_log WHERE entity_type = 'fencing-test' AND entity_id = $1`,
      [id],
    );
    expect(row.after.attempt).toBe(2);
  });

  it('completeIn: the final effect and the completion commit together, or neither does', async () => {
    const together = await record({ label: 'together', completeIn: true });
    gates.open(1);
    expect(await runner.execute(together, 'runner-a')).toBe('completed');
    expect(await effects('together')).toBe(1);
    expect(await job(together)).toMatchObject({ state: JobState.Completed, result: { attempt: 1 } });

    const failing = await record({ label: 'rolled-back', completeIn: true, failAfterComplete: true });
    gates.open(1);
    gates.open(2);
    expect(await runner.execute(failing, 'runner-a')).toBe('retry');
    expect(await effects('rolled-back')).toBe(0);
    expect(await job(failing)).toMatchObject({ state: JobState.Waiting, attempts: 1, result: null });
    expect(await runner.execute(failing, 'runner-a')).toBe('failed');
    expect(await job(failing)).toMatchObject({ state: JobState.Failed, attempts: 2 });
    expect(await effects('rolled-back')).toBe(0);
  });

  it('the reconciler resumes a job whose runner stopped, once, and fails one that used its last attempt', async () => {
    const abandoned = await record({ label: 'abandoned' });
    // a runner claimed it and died (kill -9): its lease ran out
    await dataSource.query(
      `UPDATE job_record SET state = 'active', attempts = 1, fencing_token = 1, lease_owner = 'dead',
              lease_expires_at = now() - interval '1 second', created_at = now() - interval '1 minute' WHERE id = $1`,
      [abandoned],
    );
    const exhausted = await record({ label: 'exhausted' });
    await dataSource.query(
      `UPDATE job_record SET state = 'active', attempts = 3, fencing_token = 3, lease_owner = 'dead',
              lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [exhausted],
    );
    gates.open(1);
    gates.open(2);
    const queue = t.app.get(QueueService);
    await queue.reconcile();
    const resumed = await t.waitForJob(abandoned);
    expect(resumed).toMatchObject({ state: JobState.Completed, attempts: 2, fencingToken: 2 });
    expect(await effects('abandoned')).toBe(1);
    expect(await job(exhausted)).toMatchObject({ state: JobState.Failed, fencingToken: 4 });
    expect((await job(exhausted)).error).toMatch(/stopped/);
    expect(await effects('exhausted')).toBe(0);
    // and again: nothing more runs
    await queue.reconcile();
    await t.waitForJob(abandoned);
    expect(await effects('abandoned')).toBe(1);
  });

  it('two processes queueing the same keyed job at once get one record', async () => {
    const queue = t.app.get(QueueService);
    const jobs = await Promise.all(
      [1, 2, 3].map(() => queue.enqueue(EFFECT_JOB, { label: 'keyed' }, { dedupeKey: 'fencing-test:keyed' })),
    );
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    gates.open(1);
    await t.waitForJob(jobs[0].id);
    expect(await t.count('job_record', `dedupe_key = 'fencing-test:keyed'`)).toBe(1);
    expect(await effects('keyed')).toBe(1);
  });
});

describe('health endpoints', () => {
  const t = {
    get http() {
      return shared.http;
    },
  };

  it('/health/live, /health/ready and /health answer with each component, quickly and without auth', async () => {
    const live = await t.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ status: 'ok', details: { process: { status: 'up' } } });

    const started = Date.now();
    const ready = await t.http.get('/health/ready');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        database: { status: 'up', mode: expect.stringMatching(/^(embedded|postgres)$/) },
        queue: { status: 'up', driver: process.env['REDIS_URL'] ? 'bullmq' : 'inline', workers: true },
      },
      error: {},
    });

    // the first clients' fields stay
    const legacy = await t.http.get('/health');
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({
      status: 'ok',
      database: { status: 'up' },
      queue: { status: 'up', driver: process.env['REDIS_URL'] ? 'bullmq' : 'inline' },
      version: expect.any(String),
    });
  });
});
