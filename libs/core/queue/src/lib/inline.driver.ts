import { Logger } from '@nestjs/common';
import type { JobRunner } from './job-runner.service';
import type { QueueDriver, QueueHealth, ScheduleDefinition } from './job.types';
import type { QueueName } from './queue-name.constant';

/**
 * Runs jobs in this process, one at a time per queue, when no Redis is configured (the embedded default).
 * Same handlers, same records, same status API as BullMQ; retries are immediate. What it holds lives in
 * memory only: the database's job records are the truth, and the reconciler re-dispatches what a stopped
 * process left unfinished.
 */
export class InlineQueueDriver implements QueueDriver {
  readonly name = 'inline' as const;
  private readonly logger = new Logger(InlineQueueDriver.name);
  private readonly queues = new Map<string, string[]>();
  private readonly running = new Map<string, { jobId: string; done: Promise<void> }>();
  private readonly delayed = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly runner: JobRunner) {}

  get available(): boolean {
    return !this.closed;
  }

  async dispatch(queue: QueueName, jobId: string, _attempts = 1, delayMs = 0): Promise<void> {
    const enqueue = () => {
      const pending = this.queues.get(queue) ?? [];
      pending.push(jobId);
      this.queues.set(queue, pending);
      this.drain(queue);
    };
    if (delayMs > 0) {
      this.delayed.add(jobId);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.delayed.delete(jobId);
        enqueue();
      }, delayMs);
      this.timers.add(timer);
    } else {
      enqueue();
    }
  }

  /** Whether this process already holds the job (queued, delayed or running). */
  holds(jobId: string): boolean {
    if (this.delayed.has(jobId)) return true;
    for (const pending of this.queues.values()) if (pending.includes(jobId)) return true;
    for (const run of this.running.values()) if (run.jobId === jobId) return true;
    return false;
  }

  async ensure(queue: QueueName, jobId: string, attempts: number, delayMs = 0): Promise<boolean> {
    if (this.closed || this.holds(jobId)) return false;
    await this.dispatch(queue, jobId, attempts, delayMs);
    return true;
  }

  /** One process per embedded database: nobody to share the reconciler with. */
  async lockReconciler(): Promise<() => Promise<void>> {
    return async () => undefined;
  }

  private drain(queue: string): void {
    if (this.running.has(queue) || this.closed) return;
    const jobId = this.queues.get(queue)?.shift();
    if (!jobId) return;
    const done = (async () => {
      // let the request that queued the job answer first
      await new Promise((resolve) => setImmediate(resolve));
      const outcome = await this.runner.execute(jobId);
      if (outcome === 'retry') this.queues.get(queue)?.push(jobId);
    })()
      // the database failed under the runner: the record stays unfinished and the reconciler retries it
      .catch((error: unknown) => this.logger.error(`inline job ${jobId} crashed: ${String(error)}`))
      .finally(() => {
        this.running.delete(queue);
        this.drain(queue);
      });
    this.running.set(queue, { jobId, done });
  }

  /** In-process timers: the embedded mode has no Redis, so the schedule lives as long as this process. */
  async schedule(definition: ScheduleDefinition): Promise<void> {
    const MAX_DELAY = 2_000_000_000; // setTimeout's limit is ~24.8 days: re-arm in steps
    const arm = () => {
      if (this.closed) return;
      const at = definition.next(new Date()).getTime();
      const delay = Math.max(0, at - Date.now());
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          if (delay > MAX_DELAY) return arm();
          void this.runner.fire(definition.id).finally(arm);
        },
        Math.min(delay, MAX_DELAY),
      );
      timer.unref();
      this.timers.add(timer);
    };
    arm();
    return Promise.resolve();
  }

  /** Nothing to reconnect to: never called again after start. */
  onReady(): void {
    // the inline driver is ready from the start and never reconnects
  }

  async health(): Promise<QueueHealth> {
    return { status: this.closed ? 'down' : 'up', driver: 'inline', workers: true };
  }

  /** Resolves when every queue is empty and idle (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running.values()].map((run) => run.done));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.delayed.clear();
    await this.idle();
  }
}
