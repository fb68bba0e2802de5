import { Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import type { JobRunner } from './job-runner.service';
import type { QueueDriver, ScheduleDefinition } from './job.types';
import { QueueName } from './queue-name.constant';

interface CarriedData {
  jobId?: string;
  /** Set on jobs a job scheduler produces: the schedule to fire. */
  schedule?: string;
}

/** BullMQ on Redis: queues carry the job record id; workers (when enabled here) call the runner. */
export class BullMqQueueDriver implements QueueDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger(BullMqQueueDriver.name);
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue<CarriedData>>();
  private readonly workers: Worker<CarriedData>[] = [];
  private readonly workerConnections: Redis[] = [];

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    private readonly runner: JobRunner,
    runWorkers: boolean,
  ) {
    this.connection = new IORedis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn(`redis: ${error.message}`));
    for (const queue of Object.values(QueueName)) {
      this.queues.set(queue, new Queue<CarriedData>(queue, { connection: this.connection, prefix }));
      if (runWorkers) {
        const workerConnection = this.connection.duplicate();
        this.workerConnections.push(workerConnection);
        const worker = new Worker<CarriedData>(queue, (job) => this.process(job), {
          connection: workerConnection,
          prefix,
          concurrency: 1,
        });
        worker.on('error', (error) => this.logger.warn(`worker ${queue}: ${error.message}`));
        this.workers.push(worker);
      }
    }
  }

  private async process(job: Job<CarriedData>): Promise<void> {
    if (job.data.schedule) return this.runner.fire(job.data.schedule);
    if (!job.data.jobId) return;
    const attempts = job.opts.attempts ?? 1;
    await this.runner.execute(job.data.jobId, job.attemptsMade + 1 >= attempts);
  }

  /** A BullMQ job scheduler (idempotent upsert: every process may call it; Redis keeps one). */
  async schedule(definition: ScheduleDefinition): Promise<void> {
    const queue = this.queues.get(QueueName.Maintenance);
    if (!queue) throw new Error('no maintenance queue');
    await queue.upsertJobScheduler(
      definition.id,
      { pattern: definition.pattern, tz: definition.tz },
      {
        name: 'schedule',
        data: { schedule: definition.id },
        opts: { removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  }

  async dispatch(queue: QueueName, jobId: string, attempts: number, delayMs = 0): Promise<void> {
    const target = this.queues.get(queue);
    if (!target) throw new Error(`Unknown queue ${queue}`);
    await target.add(
      'run',
      { jobId },
      {
        jobId,
        attempts,
        delay: delayMs,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all(
      [this.connection, ...this.workerConnections].map((connection) =>
        connection.quit().catch(() => undefined),
      ),
    );
  }

  get keyPrefix(): string {
    return this.prefix;
  }
}
