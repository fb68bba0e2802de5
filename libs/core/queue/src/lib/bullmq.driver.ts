import { Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { JobRunner } from './job-runner.service';
import type { QueueDriver, QueueHealth, ScheduleDefinition } from './job.types';
import { QueueName } from './queue-name.constant';
import { queueUnavailable, withTimeout } from './queue.exception';

interface CarriedData {
  jobId?: string;
  /** Set on jobs a job scheduler produces: the schedule to fire. */
  schedule?: string;
}

export interface BullMqDriverOptions {
  redisUrl: string;
  prefix: string;
  runWorkers: boolean;
  /** The runner's lease: BullMQ's lock duration and stalled-check interval follow it. */
  leaseMs: number;
}

/** A Redis command the driver sends on a request's path never waits longer than this. */
const COMMAND_TIMEOUT_MS = 1500;
const PING_TIMEOUT_MS = 500;

/** The Redis URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis';
  }
}

/**
 * BullMQ on Redis: queues carry the job record id; workers (when enabled here) call the runner.
 *
 * Redis may be down at start, go away and come back, or come back empty. None of that blocks the process:
 * the producer connection has no offline queue (a command while Redis is unreachable fails at once), so
 * dispatching fails fast with 503 `QUEUE_UNAVAILABLE`; schedules are armed whenever Redis becomes ready;
 * ready listeners (the reconciler) run at start and after every reconnect. Workers use their own
 * connections, which wait for Redis as long as it takes.
 */
export class BullMqQueueDriver implements QueueDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger(BullMqQueueDriver.name);
  private readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue<CarriedData>>();
  private readonly workers: Worker<CarriedData>[] = [];
  private readonly schedules = new Map<string, ScheduleDefinition>();
  private readonly readyListeners: (() => void)[] = [];
  private readonly target: string;
  private lastError: string | undefined;
  private unavailableLogged = false;
  private everReady = false;
  private closing = false;

  constructor(
    private readonly options: BullMqDriverOptions,
    private readonly runner: JobRunner,
  ) {
    this.target = redact(options.redisUrl);
    this.connection = new IORedis(options.redisUrl, {
      // fail fast instead of queueing commands while Redis is unreachable
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(250 * times, 2000),
    });
    this.connection.on('error', (error: Error) => this.onError(error));
    this.connection.on('ready', () => this.onConnectionReady());
    for (const queue of Object.values(QueueName)) {
      const producer = new Queue<CarriedData>(queue, { connection: this.connection, prefix: options.prefix });
      // connection errors are reported once by the connection's own listener
      producer.on('error', () => undefined);
      this.queues.set(queue, producer);
      if (options.runWorkers) this.workers.push(this.createWorker(queue));
    }
  }

  private createWorker(queue: QueueName): Worker<CarriedData> {
    const worker = new Worker<CarriedData>(queue, (job) => this.process(job), {
      // workers wait for Redis however long it is away (BullMQ requires maxRetriesPerRequest: null)
      connection: {
        url: this.options.redisUrl,
        maxRetriesPerRequest: null,
        retryStrategy: (times: number) => Math.min(250 * times, 2000),
      },
      prefix: this.options.prefix,
      concurrency: 1,
      lockDuration: this.options.leaseMs,
      stalledInterval: this.options.leaseMs,
      maxStalledCount: 1,
    });
    const lastLogged = new Map<string, number>();
    worker.on('error', (error) => {
      // while Redis is away the connection's own warning says it all; the same message at most once a minute
      const at = lastLogged.get(error.message) ?? 0;
      if (!this.available || Date.now() - at < 60_000) return;
      if (lastLogged.size > 100) lastLogged.clear();
      lastLogged.set(error.message, Date.now());
      this.logger.warn(`worker ${queue}: ${error.message}`);
    });
    return worker;
  }

  private onError(error: Error): void {
    this.lastError = error.message;
    if (this.closing || this.unavailableLogged) return;
    this.unavailableLogged = true;
    this.logger.warn(
      `Redis at ${this.target} is unavailable (${error.message}): imports, exports, reports and snapshots ` +
        'cannot be queued (503 QUEUE_UNAVAILABLE) until it returns; everything else keeps working. ' +
        'Reconnecting in the background.',
    );
  }

  private onConnectionReady(): void {
    if (this.closing) return;
    if (this.unavailableLogged || !this.everReady) {
      this.logger.log(
        this.everReady
          ? `Redis at ${this.target} is back: schedules re-armed, unfinished jobs reconciled`
          : `Redis at ${this.target} is ready`,
      );
    }
    this.everReady = true;
    this.unavailableLogged = false;
    this.lastError = undefined;
    void this.armSchedules(true);
    for (const listener of this.readyListeners) listener();
  }

  private async process(job: Job<CarriedData>): Promise<void> {
    if (job.data.schedule) return this.runner.fire(job.data.schedule);
    if (!job.data.jobId) return;
    const outcome = await this.runner.execute(job.data.jobId);
    // BullMQ retries with backoff while the job's attempts last (the record counts them too)
    if (outcome === 'retry') throw new Error(`job ${job.data.jobId}: the attempt failed; retrying`);
  }

  get available(): boolean {
    return !this.closing && this.connection.status === 'ready';
  }

  private queue(name: QueueName): Queue<CarriedData> {
    const target = this.queues.get(name);
    if (!target) throw new Error(`Unknown queue ${name}`);
    return target;
  }

  /** Redis commands on a request's path: refused at once when Redis is unreachable, bounded otherwise. */
  private command<T>(run: () => Promise<T>): Promise<T> {
    if (!this.available) {
      return Promise.reject(queueUnavailable(`Redis is ${this.connection.status}`));
    }
    return withTimeout(
      run().catch((error: unknown) => {
        throw queueUnavailable(error instanceof Error ? error.message : String(error));
      }),
      COMMAND_TIMEOUT_MS,
      () => queueUnavailable(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`),
    );
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  /** A BullMQ job scheduler (idempotent upsert: every process may call it; Redis keeps one). */
  async schedule(definition: ScheduleDefinition): Promise<void> {
    this.schedules.set(definition.id, definition);
    if (this.available) await this.armSchedules(true);
  }

  /**
   * Registers the schedulers in Redis: always after a (re)connect (Redis may have come back empty), and on
   * each reconciler pass for any that went missing.
   */
  async armSchedules(force: boolean): Promise<void> {
    const maintenance = this.queue(QueueName.Maintenance);
    for (const definition of this.schedules.values()) {
      try {
        if (!force && (await this.command(() => maintenance.getJobScheduler(definition.id)))) continue;
        await this.command(() =>
          maintenance.upsertJobScheduler(
            definition.id,
            { pattern: definition.pattern, tz: definition.tz },
            {
              name: 'schedule',
              data: { schedule: definition.id },
              opts: { removeOnComplete: 100, removeOnFail: 100 },
            },
          ),
        );
        if (!force) this.logger.log(`schedule ${definition.id} was missing in Redis: registered again`);
      } catch (error) {
        this.logger.warn(`schedule ${definition.id} not registered yet: ${String(error)}`);
      }
    }
  }

  async dispatch(queue: QueueName, jobId: string, attempts: number, delayMs = 0): Promise<void> {
    const target = this.queue(queue);
    await this.command(() =>
      target.add(
        'run',
        { jobId },
        {
          jobId,
          attempts: Math.max(1, attempts),
          delay: delayMs,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      ),
    );
  }

  /**
   * Re-adds a job that Redis no longer holds. A finished BullMQ copy of it (a redelivery that found the job
   * claimed elsewhere, whose runner then stopped) is removed first, since BullMQ keeps one job per id.
   */
  async ensure(queue: QueueName, jobId: string, attempts: number, delayMs = 0): Promise<boolean> {
    const target = this.queue(queue);
    const state = await this.command(() => target.getJobState(jobId));
    if (state === 'completed' || state === 'failed') {
      await this.command(() => target.remove(jobId));
    } else if (state !== 'unknown') {
      return false;
    }
    await this.dispatch(queue, jobId, attempts, delayMs);
    return true;
  }

  /**
   * One reconciler pass at a time across processes: a Redis lock, released by `unlock` (its expiry only
   * covers a process that died mid-pass).
   */
  async lockReconciler(ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = `${this.options.prefix}:reconciler:lock`;
    const token = randomUUID();
    const answer = await this.command(() => this.connection.set(key, token, 'PX', ttlMs, 'NX'));
    if (answer !== 'OK') return null;
    return async () => {
      await this.command(() =>
        this.connection.eval(
          `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`,
          1,
          key,
          token,
        ),
      ).catch(() => undefined);
    };
  }

  async health(): Promise<QueueHealth> {
    const base = { driver: this.name, workers: this.options.runWorkers, redis: this.connection.status };
    if (!this.available) {
      return { ...base, status: 'down', message: this.lastError ?? `Redis is ${this.connection.status}` };
    }
    try {
      await withTimeout(
        this.connection.ping(),
        PING_TIMEOUT_MS,
        () => new Error(`no PONG within ${PING_TIMEOUT_MS} ms`),
      );
      return { ...base, status: 'up' };
    } catch (error) {
      return { ...base, status: 'down', message: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {
    const reachable = this.available;
    this.closing = true;
    // with Redis reachable, running jobs finish first; without it they cannot report to BullMQ anyway
    // (their database records stay the truth: leases expire and the reconciler re-runs what is unfinished)
    await Promise.all(
      this.workers.map((worker) =>
        withTimeout(worker.close(!reachable), reachable ? 60_000 : 2_000, () => new Error('timeout')).catch(
          () => worker.disconnect(),
        ),
      ),
    );
    await Promise.all(
      [...this.queues.values()].map((queue) =>
        withTimeout(queue.close(), 2_000, () => new Error('timeout')).catch(() => queue.disconnect()),
      ),
    );
    if (reachable) await this.connection.quit().catch(() => this.connection.disconnect());
    else this.connection.disconnect();
  }

  get keyPrefix(): string {
    return this.options.prefix;
  }
}
