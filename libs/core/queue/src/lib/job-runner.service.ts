import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal, RequestContextStore } from '@outfall/common';
import { JobState } from '@outfall/shared-types';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobRecord } from './job-record.entity';
import type { JobDefinition, JobHandler } from './job.types';

interface Registered {
  definition: JobDefinition<object, object>;
  handler: JobHandler<object, object>;
}

/** Stored in the record's data next to the job's own data. */
interface StoredData {
  payload: object;
  owner: Principal | null;
}

/**
 * Runs a job record through its handler, keeping the record's state, progress, result and error. Both
 * drivers call `execute`; handlers are registered by the domain modules that own them.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<string, Registered>();
  private readonly schedules = new Map<string, () => Promise<void>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
   * Runs one attempt. Returns normally when the job completed or failed for good; throws when the
   * driver should retry (`finalAttempt` false).
   */
  async execute(jobId: string, finalAttempt: boolean): Promise<void> {
    const repo = this.dataSource.getRepository(JobRecord);
    const record = await repo.findOneBy({ id: jobId });
    if (!record) {
      this.logger.warn(`job ${jobId} has no record; dropped`);
      return;
    }
    if (record.state === JobState.Completed) return; // a redelivered job that already finished
    const registered = this.handlers.get(`${record.queue}:${record.name}`);
    if (!registered) {
      await repo.update(jobId, {
        state: JobState.Failed,
        error: 'No handler for this job',
        finishedAt: new Date(),
      });
      return;
    }
    const attempt = record.attempts + 1;
    await repo.update(jobId, {
      state: JobState.Active,
      attempts: attempt,
      startedAt: new Date(),
      error: null,
    });
    const stored = record.data as unknown as StoredData;
    let lastProgress = -1;
    // Progress is written in order but not awaited: a handler may report it from inside its own
    // transaction, and on the embedded database (one connection) an awaited write would wait for that
    // transaction forever. The writes land in order, and all of them before the final state.
    let progressWrites: Promise<unknown> = Promise.resolve();
    const context = {
      id: jobId,
      data: stored.payload,
      owner: stored.owner,
      attempt,
      updateProgress: (percent: number) => {
        const value = Math.max(0, Math.min(100, Math.floor(percent)));
        if (value === lastProgress) return Promise.resolve();
        lastProgress = value;
        progressWrites = progressWrites
          .then(() => repo.update(jobId, { progress: value }))
          .catch((error: unknown) => this.logger.warn(`job ${jobId}: progress not saved: ${String(error)}`));
        return Promise.resolve();
      },
    };
    try {
      const result = await RequestContextStore.run(
        { requestId: `job:${jobId}`, principal: stored.owner ?? undefined },
        () => registered.handler(context),
      ).finally(() => progressWrites);
      await repo.update(jobId, {
        state: JobState.Completed,
        progress: 100,
        result: result as QueryDeepPartialEntity<JobRecord>['result'],
        finishedAt: new Date(),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`job ${record.queue}:${record.name} ${jobId} attempt ${attempt} failed: ${message}`);
      await repo.update(jobId, {
        state: finalAttempt ? JobState.Failed : JobState.Waiting,
        error: message.slice(0, 2000),
        finishedAt: finalAttempt ? new Date() : null,
      });
      if (!finalAttempt) throw error;
    }
  }

  newJobId(): string {
    return randomUUID();
  }
}
