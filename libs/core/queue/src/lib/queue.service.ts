import { HttpStatus, Inject, Injectable } from '@nestjs/common';
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
import { JobState, Role } from '@outfall/shared-types';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { JobRecord } from './job-record.entity';
import { EnqueueOptions, JobDefinition, QUEUE_DRIVER, QueueDriver, ScheduleDefinition } from './job.types';
import { JobRunner } from './job-runner.service';

/** When this process started: jobs created before it and never finished were left by an earlier one. */
const PROCESS_STARTED_AT = new Date();

/** Queue a job, read its status. What runs it (BullMQ or inline) is the driver's business. */
@Injectable()
export class QueueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly runner: JobRunner,
  ) {}

  /** Registers a recurring callback and arms it on the driver (BullMQ job scheduler, or in-process timer). */
  async schedule(definition: ScheduleDefinition, callback: () => Promise<void>): Promise<void> {
    this.runner.registerSchedule(definition.id, callback);
    await this.driver.schedule(definition);
  }

  get driverName(): string {
    return this.driver.name;
  }

  ping(): Promise<boolean> {
    return this.driver.ping();
  }

  /**
   * Records the job and hands it to the driver. With `em`, the record is written in the caller's
   * transaction and dispatched only after it commits (call `dispatch` yourself then).
   */
  async enqueue<TData extends object, TResult extends object>(
    definition: JobDefinition<TData, TResult>,
    data: TData,
    options: EnqueueOptions = {},
  ): Promise<JobRecord> {
    const owner = RequestContextStore.get()?.principal ?? null;
    const repo = this.dataSource.getRepository(JobRecord);
    if (options.dedupeKey) {
      const existing = await repo.findOne({
        where: {
          dedupeKey: options.dedupeKey,
          state: In(
            options.dedupeInFlightOnly
              ? [JobState.Waiting, JobState.Active]
              : [JobState.Waiting, JobState.Active, JobState.Completed],
          ),
        },
        order: { createdAt: 'DESC' },
      });
      if (existing) return existing;
    }
    const record = await this.insert(repo.manager, definition, data, owner, options.dedupeKey ?? null);
    await this.driver.dispatch(definition.queue, record.id, definition.attempts ?? 1, options.delayMs);
    return record;
  }

  private async insert(
    em: EntityManager,
    definition: JobDefinition<object, object>,
    data: object,
    owner: Principal | null,
    dedupeKey: string | null,
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
        dedupeKey,
        ownerKind: owner?.kind ?? 'system',
        ownerId: owner?.id ?? null,
      }),
    );
  }

  /**
   * Re-dispatches jobs left waiting or running when the process stopped. Only the inline driver needs it
   * (BullMQ keeps its queue in Redis); the server calls it once at start.
   */
  async resumeUnfinished(): Promise<number> {
    if (this.driver.name !== 'inline') return 0;
    const repo = this.dataSource.getRepository(JobRecord);
    // only jobs an earlier process left behind: this process's own are already in the inline queue
    const unfinished = await repo.find({
      where: { state: In([JobState.Waiting, JobState.Active]), createdAt: LessThan(PROCESS_STARTED_AT) },
    });
    for (const record of unfinished) {
      await repo.update(record.id, { state: JobState.Waiting });
      await this.driver.dispatch(record.queue as JobDefinition<object, object>['queue'], record.id, 1);
    }
    return unfinished.length;
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
