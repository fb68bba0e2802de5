import { Logger } from '@nestjs/common';
import type { JobRunner } from './job-runner.service';
import type { QueueDriver, ScheduleDefinition } from './job.types';
import type { QueueName } from './queue-name.constant';

interface Pending {
  jobId: string;
  attemptsLeft: number;
}

/**
 * Runs jobs in this process, one at a time per queue, when no Redis is configured (the embedded default).
 * Same handlers, same records, same status API as BullMQ; retries are immediate.
 */
export class InlineQueueDriver implements QueueDriver {
  readonly name = 'inline' as const;
  private readonly logger = new Logger(InlineQueueDriver.name);
  private readonly queues = new Map<string, Pending[]>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly runner: JobRunner) {}

  async dispatch(queue: QueueName, jobId: string, attempts: number, delayMs = 0): Promise<void> {
    const enqueue = () => {
      const pending = this.queues.get(queue) ?? [];
      pending.push({ jobId, attemptsLeft: attempts });
      this.queues.set(queue, pending);
      this.drain(queue);
    };
    if (delayMs > 0) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        enqueue();
      }, delayMs);
      this.timers.add(timer);
    } else {
      enqueue();
    }
  }

  private drain(queue: string): void {
    if (this.running.has(queue) || this.closed) return;
    const next = this.queues.get(queue)?.shift();
    if (!next) return;
    const run = (async () => {
      // let the request that queued the job answer first
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.runner.execute(next.jobId, next.attemptsLeft <= 1);
      } catch {
        this.queues.get(queue)?.push({ jobId: next.jobId, attemptsLeft: next.attemptsLeft - 1 });
      }
    })()
      .catch((error: unknown) => this.logger.error(`inline job ${next.jobId} crashed: ${String(error)}`))
      .finally(() => {
        this.running.delete(queue);
        this.drain(queue);
      });
    this.running.set(queue, run);
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

  /** Resolves when every queue is empty and idle (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running.values()]);
    }
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    await this.idle();
  }
}
