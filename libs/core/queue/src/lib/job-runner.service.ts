import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal, RequestContextStore } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { JobState } from '@outfall/shared-types';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, EntityManager } from 'typeorm';
import { JobRecord } from './job-record.entity';
import { assertFence, JobFence, JobFenceStore, JobFenceSubscriber, JobLostError } from './job-fence';
import type { JobContext, JobDefinition, JobHandler, JobOutcome } from './job.types';

interface Registered {
  definition: JobDefinition<object, object>;
  handler: JobHandler<object, object>;
}

/** Stored in the record's data next to the job's own data. */
interface StoredData {
  payload: object;
  owner: Principal | null;
}

/** The columns a claim returns (raw, snake_case). */
interface ClaimedRow {
  id: string;
  queue: string;
  name: string;
  data: StoredData;
  attempts: number;
  max_attempts: number;
  fencing_token: number;
}

/** One attempt's end as the runner saw it, for the metrics (`error`: the runner itself failed, e.g. no database). */
export interface JobAttemptEvent {
  queue: string;
  name: string;
  outcome: JobOutcome | 'error';
  durationMs: number;
}

/** This process, as lease owner: host, pid and a random suffix (a restarted pid is another owner). */
export const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Runs a job record through its handler. Both drivers call `execute`; handlers are registered by the domain
 * modules that own them.
 *
 * Exactly-once effects, whatever the queue redelivers: the runner first *claims* the record in one atomic
 * UPDATE — waiting, or running under a lease that expired (its runner stopped) — which sets a lease owner and
 * expiry and increments the fencing token. A second runner of the same job finds the claim (lease not
 * expired) or the finished state and stops. The lease is renewed while the handler runs. Every transaction
 * the handler commits, its progress and its final state are fenced: they apply only while the record still
 * carries this runner's token, so a runner whose lease was taken over (paused, cut off) commits nothing.
 */
/**
 * What a failed job tells its owner (the API shows `job.error`): the error's message, except for file-system
 * errors, whose message names the path on the server (`ENOENT: …, open '/srv/data/files/imports/….xlsx'`):
 * those say only what failed. The full message is in the server log.
 */
export function publicJobError(error: unknown): string {
  const system = error as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  if (system && typeof system === 'object' && typeof system.syscall === 'string' && 'path' in system)
    return `a stored file could not be accessed (${typeof system.code === 'string' ? system.code : 'error'})`;
  return error instanceof Error ? error.message : String(error);
}

@Injectable()
export class JobRunner implements OnModuleInit {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<string, Registered>();
  private readonly schedules = new Map<string, () => Promise<void>>();
  private readonly observers: ((event: JobAttemptEvent) => void)[] = [];
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.leaseMs = config.QUEUE_LEASE_MS;
  }

  onModuleInit(): void {
    if (!this.dataSource.subscribers.some((s) => s instanceof JobFenceSubscriber)) {
      this.dataSource.subscribers.push(new JobFenceSubscriber());
    }
  }

  get leaseDurationMs(): number {
    return this.leaseMs;
  }

  /** Tells `listener` of every attempt this runner claimed, when it ends (metrics: durations, failures). */
  observe(listener: (event: JobAttemptEvent) => void): void {
    this.observers.push(listener);
  }

  /** The callback of a recurring schedule (see `QueueService.schedule`). */
  registerSchedule(id: string, callback: () => Promise<void>): void {
    this.schedules.set(id, callback);
  }

  /** Called by the driver when a schedule fires; a failure is logged, the next firing still comes. */
  async fire(id: string): Promise<void> {
    const callback = this.schedules.get(id);
    if (!callback) {
      this.logger.warn(`schedule ${id} fired but nothing is registered for it`);
      return;
    }
    await callback().catch((error: unknown) => this.logger.error(`schedule ${id} failed: ${String(error)}`));
  }

  register<TData extends object, TResult extends object>(
    definition: JobDefinition<TData, TResult>,
    handler: JobHandler<TData, TResult>,
  ): void {
    const key = `${definition.queue}:${definition.name}`;
    if (this.handlers.has(key)) throw new Error(`Job handler ${key} registered twice`);
    this.handlers.set(key, { definition, handler: handler as unknown as JobHandler<object, object> });
  }

  hasHandler(queue: string, name: string): boolean {
    return this.handlers.has(`${queue}:${name}`);
  }

  /**
   * Claims the job and runs one attempt. `owner` names the runner in the lease (tests run two runners in one
   * process). Never throws for the job's own failure: the outcome tells the driver what to do.
   */
  async execute(jobId: string, owner = PROCESS_OWNER): Promise<JobOutcome> {
    // a job queued from inside another job's handler (inline driver) must not run under that job's fence
    return JobFenceStore.run(null, () => this.claimAndRun(jobId, owner));
  }

  private async claimAndRun(jobId: string, owner: string): Promise<JobOutcome> {
    const claimed = await this.claim(jobId, owner);
    if (!claimed) return this.whyNotClaimed(jobId);
    const started = performance.now();
    const report = (outcome: JobAttemptEvent['outcome']) => {
      const event = {
        queue: claimed.queue,
        name: claimed.name,
        outcome,
        durationMs: performance.now() - started,
      };
      for (const observer of this.observers) {
        try {
          observer(event);
        } catch {
          // an observer (metrics) never changes a job's outcome
        }
      }
    };
    try {
      const outcome = await this.runClaimed(jobId, owner, claimed);
      report(outcome);
      return outcome;
    } catch (error) {
      report('error');
      throw error;
    }
  }

  private async runClaimed(jobId: string, owner: string, claimed: ClaimedRow): Promise<JobOutcome> {
    const fence: JobFence = { jobId, token: claimed.fencing_token, lost: false };
    const finalAttempt = claimed.attempts >= claimed.max_attempts;
    const registered = this.handlers.get(`${claimed.queue}:${claimed.name}`);
    if (!registered) {
      await this.finish(fence, { state: JobState.Failed, error: 'No handler for this job' });
      return 'failed';
    }

    const abort = new AbortController();
    const renewal = this.renewWhileRunning(fence, owner, abort);
    const progress = this.progressWriter(fence);
    let completedInTransaction = false;
    const context: JobContext<object, object> = {
      id: jobId,
      data: claimed.data.payload,
      owner: claimed.data.owner,
      attempt: claimed.attempts,
      fencingToken: fence.token,
      signal: abort.signal,
      updateProgress: progress.update,
      transaction: (work) =>
        this.dataSource.transaction(async (em) => {
          const result = await work(em);
          await assertFence(em, fence);
          return result;
        }),
      assertStillOwner: (em) => assertFence(em, fence),
      completeIn: async (em, result) => {
        await assertFence(em, fence);
        await this.completeQuery(em, fence, result);
        completedInTransaction = true;
      },
    };
    try {
      const result = await RequestContextStore.run(
        { requestId: `job:${jobId}`, principal: claimed.data.owner ?? undefined },
        () => JobFenceStore.run(fence, () => registered.handler(context)),
      ).finally(async () => {
        clearInterval(renewal);
        await progress.settled();
      });
      if (completedInTransaction && (await this.holdsCompleted(fence))) return 'completed';
      const done = (await this.completeQuery(this.dataSource.manager, fence, result)) > 0;
      if (!done) {
        this.logger.warn(`job ${jobId}: finished, but its claim was taken over; the result is not kept`);
        return 'lost';
      }
      return 'completed';
    } catch (error) {
      clearInterval(renewal);
      if (error instanceof JobLostError || fence.lost) {
        this.logger.warn(
          `job ${claimed.queue}:${claimed.name} ${jobId}: claim taken over; this runner stopped`,
        );
        return 'lost';
      }
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `job ${claimed.queue}:${claimed.name} ${jobId} attempt ${claimed.attempts} failed: ${message}`,
      );
      const kept = await this.finish(fence, {
        state: finalAttempt ? JobState.Failed : JobState.Waiting,
        error: publicJobError(error).slice(0, 2000),
      });
      if (!kept) return 'lost';
      return finalAttempt ? 'failed' : 'retry';
    }
  }

  /**
   * The claim: one atomic UPDATE, so two runners can never both win. A waiting job, or one whose runner's
   * lease expired (allowed once beyond the attempts: a crash is not the job's fault).
   */
  private async claim(jobId: string, owner: string): Promise<ClaimedRow | undefined> {
    const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(
      `UPDATE job_record
          SET state = 'active', attempts = attempts + 1, fencing_token = fencing_token + 1,
              lease_owner = $2, lease_expires_at = now() + $3 * interval '1 millisecond',
              started_at = now(), finished_at = NULL, error = NULL
        WHERE id = $1
          AND (state = 'waiting'
               OR (state = 'active' AND lease_expires_at < now() AND attempts <= max_attempts))
      RETURNING id, queue, name, data, attempts, max_attempts, fencing_token`,
      [jobId, owner, this.leaseMs],
    );
    return rows[0];
  }

  private async whyNotClaimed(jobId: string): Promise<JobOutcome> {
    const record = await this.dataSource.getRepository(JobRecord).findOneBy({ id: jobId });
    if (!record) {
      this.logger.warn(`job ${jobId} has no record; dropped`);
      return 'skipped';
    }
    if (record.state === JobState.Active) {
      this.logger.log(
        `job ${jobId} is being run by ${record.leaseOwner ?? 'another runner'} (lease until ${record.leaseExpiresAt?.toISOString() ?? '?'}); not run again here`,
      );
    }
    return 'skipped';
  }

  /** Extends the lease every third of it; on a lost claim, marks the fence and aborts the handler's signal. */
  private renewWhileRunning(fence: JobFence, owner: string, abort: AbortController): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        this.dataSource
          .query<[unknown[], number]>(
            `UPDATE job_record SET lease_expires_at = now() + $4 * interval '1 millisecond'
              WHERE id = $1 AND fencing_token = $2 AND lease_owner = $3 AND state = 'active'`,
            [fence.jobId, fence.token, owner, this.leaseMs],
          )
          .then(([, affected]) => {
            if (affected === 0 && !fence.lost) {
              fence.lost = true;
              this.logger.warn(`job ${fence.jobId}: lease lost (claim ${fence.token} was taken over)`);
              abort.abort(new JobLostError(fence.jobId, fence.token));
            }
          })
          .catch((error: unknown) =>
            // the database is unreachable: keep trying; the fence stops any commit if the claim is lost
            this.logger.warn(`job ${fence.jobId}: lease not renewed: ${String(error)}`),
          );
      },
      Math.max(500, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  /**
   * Progress is written in order but not awaited: a handler may report it from inside its own transaction,
   * and on the embedded database (one connection) an awaited write would wait for that transaction forever.
   * The writes are fenced and all land before the final state.
   */
  private progressWriter(fence: JobFence) {
    let lastProgress = -1;
    let writes: Promise<unknown> = Promise.resolve();
    return {
      update: (percent: number): Promise<void> => {
        const value = Math.max(0, Math.min(100, Math.floor(percent)));
        if (value === lastProgress || fence.lost) return Promise.resolve();
        lastProgress = value;
        writes = writes
          .then(() =>
            this.dataSource.query(
              `UPDATE job_record SET progress = $3 WHERE id = $1 AND fencing_token = $2 AND state = 'active'`,
              [fence.jobId, fence.token, value],
            ),
          )
          .catch((error: unknown) =>
            this.logger.warn(`job ${fence.jobId}: progress not saved: ${String(error)}`),
          );
        return Promise.resolve();
      },
      settled: () => writes,
    };
  }

  private async completeQuery(em: EntityManager, fence: JobFence, result: object): Promise<number> {
    const [, affected] = await em.query<[unknown[], number]>(
      `UPDATE job_record
          SET state = 'completed', progress = 100, result = $3, finished_at = now(), lease_expires_at = NULL
        WHERE id = $1 AND fencing_token = $2 AND state = 'active'`,
      [fence.jobId, fence.token, JSON.stringify(result ?? null)],
    );
    return affected;
  }

  private async holdsCompleted(fence: JobFence): Promise<boolean> {
    const rows = await this.dataSource.query<{ state: string }[]>(
      `SELECT state FROM job_record WHERE id = $1 AND fencing_token = $2`,
      [fence.jobId, fence.token],
    );
    return rows[0]?.state === JobState.Completed;
  }

  /** The attempt's end (failed, or back to waiting for a retry), if the claim is still this runner's. */
  private async finish(
    fence: JobFence,
    outcome: { state: JobState.Failed | JobState.Waiting; error: string },
  ): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE job_record
          SET state = $3::varchar, error = $4, lease_expires_at = NULL,
              finished_at = CASE WHEN $3::varchar = 'failed' THEN now() ELSE NULL END
        WHERE id = $1 AND fencing_token = $2 AND state = 'active'`,
      [fence.jobId, fence.token, outcome.state, outcome.error],
    );
    return affected > 0;
  }

  newJobId(): string {
    return randomUUID();
  }
}
