import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CommonErrorCode,
  DomainException,
  ListQueryDto,
  PageResult,
  paginate,
  Principal,
  RequestContextStore,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { JobState, Role } from '@outfall/shared-types';
import { DataSource, EntityManager, In } from 'typeorm';
import { JobRecord } from './job-record.entity';
import {
  EnqueueOptions,
  JobDefinition,
  QUEUE_DRIVER,
  QueueDriver,
  QueueHealth,
  ScheduleDefinition,
} from './job.types';
import { JobRunner } from './job-runner.service';
import type { QueueName } from './queue-name.constant';
import { queueUnavailable } from './queue.exception';

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } }).driverError?.code === '23505';
}

/** A waiting record younger than this is left to the enqueue that is dispatching it right now. */
const RECONCILE_GRACE_MS = 5_000;
const RECONCILE_BATCH = 500;

interface UnfinishedRow {
  id: string;
  queue: string;
  attempts: number;
  max_attempts: number;
  delay_ms: number;
}

/**
 * Queue a job, read its status. What runs it (BullMQ or inline) is the driver's business; the database's job
 * records are the source of truth for what still has to run (see `reconcile`).
 */
@Injectable()
export class QueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private readonly catchUps = new Map<string, () => Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<number> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly runner: JobRunner,
    private readonly config: AppConfig,
  ) {}

  /** Reconciles once at start (what an earlier process left unfinished), then periodically and on reconnect. */
  onApplicationBootstrap(): void {
    this.driver.onReady(() => {
      void this.reconcile();
      this.runCatchUps();
    });
    void this.reconcile();
    this.timer = setInterval(() => void this.reconcile(), this.config.QUEUE_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling;
  }

  /**
   * Registers a recurring callback and arms it on the driver (BullMQ job scheduler, or in-process timer);
   * never waits for Redis. With `catchUp`, the callback also runs now and whenever Redis comes back, so
   * firings missed while nothing could fire are made up (the callback must be idempotent).
   */
  async schedule(
    definition: ScheduleDefinition,
    callback: () => Promise<void>,
    options: { catchUp?: boolean } = {},
  ): Promise<void> {
    this.runner.registerSchedule(definition.id, callback);
    await this.driver.schedule(definition);
    if (!options.catchUp) return;
    this.catchUps.set(definition.id, callback);
    if (this.driver.available) await this.runCatchUp(definition.id, callback);
  }

  private runCatchUps(): void {
    for (const [id, callback] of this.catchUps) void this.runCatchUp(id, callback);
  }

  private runCatchUp(id: string, callback: () => Promise<void>): Promise<void> {
    return callback().catch((error: unknown) =>
      this.logger.error(`schedule ${id}: catch-up failed: ${String(error)}`),
    );
  }

  get driverName(): string {
    return this.driver.name;
  }

  /** The queue's state for `/health` (answers within about half a second). */
  health(): Promise<QueueHealth> {
    return this.driver.health();
  }

  /**
   * Records the job and hands it to the driver. While the queue is unavailable (Redis unreachable) it fails
   * at once with 503 `QUEUE_UNAVAILABLE` and `Retry-After`, and keeps no record: the caller submits again
   * later and the job runs once. A record whose dispatch fails is removed again for the same reason.
   */
  async enqueue<TData extends object, TResult extends object>(
    definition: JobDefinition<TData, TResult>,
    data: TData,
    options: EnqueueOptions = {},
  ): Promise<JobRecord> {
    if (!this.driver.available) throw queueUnavailable('Redis is unreachable');
    const owner = RequestContextStore.get()?.principal ?? null;
    const repo = this.dataSource.getRepository(JobRecord);
    if (options.dedupeKey) {
      const existing = await this.findByDedupeKey(options.dedupeKey, options.dedupeInFlightOnly ?? false);
      if (existing) return existing;
    }
    let record: JobRecord;
    try {
      record = await this.insert(repo.manager, definition, data, owner, options);
    } catch (error) {
      // another process queued the same job a moment ago: the key is unique among unfinished jobs
      const existing =
        options.dedupeKey && isUniqueViolation(error)
          ? await this.findByDedupeKey(options.dedupeKey, true)
          : null;
      if (existing) return existing;
      throw error;
    }
    try {
      await this.driver.dispatch(definition.queue, record.id, record.maxAttempts, options.delayMs);
    } catch (error) {
      await repo.delete({ id: record.id, state: JobState.Waiting, attempts: 0 }).catch(() => undefined);
      throw error instanceof DomainException
        ? error
        : queueUnavailable(error instanceof Error ? error.message : String(error));
    }
    return record;
  }

  /** The job with this dedupe key that is still waiting or running, if any. */
  findInFlight(key: string): Promise<JobRecord | null> {
    return this.findByDedupeKey(key, true);
  }

  private findByDedupeKey(key: string, inFlightOnly: boolean): Promise<JobRecord | null> {
    return this.dataSource.getRepository(JobRecord).findOne({
      where: {
        dedupeKey: key,
        state: In(
          inFlightOnly
            ? [JobState.Waiting, JobState.Active]
            : [JobState.Waiting, JobState.Active, JobState.Completed],
        ),
      },
      order: { createdAt: 'DESC' },
    });
  }

  private async insert(
    em: EntityManager,
    definition: JobDefinition<object, object>,
    data: object,
    owner: Principal | null,
    options: EnqueueOptions,
  ): Promise<JobRecord> {
    const repo = em.getRepository(JobRecord);
    return repo.save(
      repo.create({
        queue: definition.queue,
        name: definition.name,
        state: JobState.Waiting,
        progress: 0,
        data: { payload: data, owner } as unknown as Record<string, unknown>,
        result: null,
        error: null,
        maxAttempts: Math.max(1, definition.attempts ?? 1),
        notBefore: options.delayMs ? new Date(Date.now() + options.delayMs) : null,
        dedupeKey: options.dedupeKey ?? null,
        ownerKind: owner?.kind ?? 'system',
        ownerId: owner?.id ?? null,
      }),
    );
  }

  /**
   * The reconciler: the database's job records are the truth. Jobs it says are waiting, or running under a
   * lease that expired (the runner stopped), are handed to the driver again when the queue no longer holds
   * them (Redis restarted empty, a process was killed); jobs whose runner stopped on their last attempt are
   * failed. Runs at start, every QUEUE_RECONCILE_INTERVAL_MS and when Redis comes back; one process at a
   * time. Safe to repeat: the runner's claim lets only one runner run a job. Returns the jobs re-dispatched.
   */
  reconcile(): Promise<number> {
    if (!this.reconciling) {
      this.reconciling = this.reconcileOnce()
        .catch((error: unknown) => {
          this.logger.warn(`reconciler: ${error instanceof Error ? error.message : String(error)}`);
          return 0;
        })
        .finally(() => (this.reconciling = undefined));
    }
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<number> {
    if (!this.driver.available) return 0;
    const unlock = await this.driver.lockReconciler(60_000);
    if (!unlock) return 0;
    try {
      return await this.reconcileLocked();
    } finally {
      await unlock();
    }
  }

  private async reconcileLocked(): Promise<number> {
    const [abandoned] = await this.dataSource.query<[{ id: string }[], number]>(
      `UPDATE job_record
          SET state = 'failed', finished_at = now(), lease_expires_at = NULL, fencing_token = fencing_token + 1,
              error = 'The process running the job stopped (crash, restart or lost connection) on its last attempt'
        WHERE state = 'active' AND lease_expires_at < now() AND attempts > max_attempts
      RETURNING id`,
    );
    if (abandoned.length) this.logger.warn(`reconciler: failed ${abandoned.length} abandoned job(s)`);
    const unfinished = await this.dataSource.query<UnfinishedRow[]>(
      `SELECT id, queue, attempts, max_attempts,
              GREATEST(0, (EXTRACT(EPOCH FROM (not_before - now())) * 1000)::int) AS delay_ms
         FROM job_record
        WHERE (state = 'waiting' AND created_at < now() - $1 * interval '1 millisecond')
           OR (state = 'active' AND lease_expires_at < now())
        ORDER BY created_at
        LIMIT ${RECONCILE_BATCH}`,
      [RECONCILE_GRACE_MS],
    );
    let requeued = 0;
    for (const row of unfinished) {
      const attemptsLeft = Math.max(1, row.max_attempts - row.attempts);
      if (await this.driver.ensure(row.queue as QueueName, row.id, attemptsLeft, row.delay_ms ?? 0))
        requeued++;
    }
    if (requeued && this.driver.name === 'bullmq') {
      this.logger.warn(`reconciler: re-queued ${requeued} unfinished job(s) that the queue no longer held`);
    } else if (requeued) {
      this.logger.log(`reconciler: resumed ${requeued} unfinished job(s)`);
    }
    return requeued;
  }

  /** A job the caller queued (system admins see every job); anything else is 404. */
  async get(principal: Principal, id: string): Promise<JobRecord> {
    const record = await this.dataSource.getRepository(JobRecord).findOneBy({ id });
    if (!record || !this.canSee(principal, record)) throw DomainException.notFound('Job', id);
    return record;
  }

  async list(principal: Principal, query: ListQueryDto): Promise<PageResult<JobRecord>> {
    const qb = this.dataSource.getRepository(JobRecord).createQueryBuilder('job');
    if (principal.role !== Role.SystemAdmin) {
      qb.where('job.ownerKind = :kind AND job.ownerId = :id', { kind: principal.kind, id: principal.id });
    }
    return paginate(
      qb,
      query,
      { createdAt: 'job.createdAt', state: 'job.state', name: 'job.name' },
      '-createdAt',
      'job.id',
    );
  }

  /** The completed job's file, for download. */
  async fileOf(
    principal: Principal,
    id: string,
  ): Promise<{ storageKey: string; fileName: string; contentType: string }> {
    const record = await this.get(principal, id);
    const file = record.result?.['file'] as
      { storageKey: string; fileName: string; contentType: string } | undefined;
    if (record.state !== JobState.Completed || !file) {
      throw new DomainException(
        CommonErrorCode.Conflict,
        'The job has no file to download (yet)',
        HttpStatus.CONFLICT,
      );
    }
    return file;
  }

  private canSee(principal: Principal, record: JobRecord): boolean {
    return (
      principal.role === Role.SystemAdmin ||
      (record.ownerKind === principal.kind && record.ownerId === principal.id)
    );
  }
}
