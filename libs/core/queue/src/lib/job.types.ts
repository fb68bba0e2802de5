import type { Principal } from '@outfall/common';
import type { EntityManager } from 'typeorm';
import type { QueueName } from './queue-name.constant';

/** A kind of job: its queue and name, typed by its data and result. */
export interface JobDefinition<TData extends object, TResult extends object> {
  queue: QueueName;
  name: string;
  /** Attempts before the job is marked failed (BullMQ retries with exponential backoff). */
  attempts?: number;
  /** Phantom fields that carry the types. */
  readonly __data?: TData;
  readonly __result?: TResult;
}

export function defineJob<TData extends object, TResult extends object>(
  queue: QueueName,
  name: string,
  attempts = 3,
): JobDefinition<TData, TResult> {
  return { queue, name, attempts };
}

export interface JobContext<TData, TResult extends object = object> {
  id: string;
  data: TData;
  /** The caller who queued the job, for audit and jurisdiction inside the handler. */
  owner: Principal | null;
  attempt: number;
  /** The fencing token of this runner's claim on the job record (incremented by every claim). */
  fencingToken: number;
  /** Aborted when this runner loses the job (its lease was taken over): stop early, commit nothing more. */
  signal: AbortSignal;
  updateProgress(percent: number): Promise<void>;
  /**
   * A transaction that commits only while this runner still holds the job. Every transaction a handler
   * commits is fenced anyway (a subscriber checks the claim before COMMIT); this names it in the code.
   */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Inside your own transaction: locks the job record until it ends and throws `JobLostError` unless this
   * runner still holds the job. Call it last, right before the transaction commits.
   */
  assertStillOwner(em: EntityManager): Promise<void>;
  /**
   * Inside the transaction that writes the job's final effect: marks the job completed with `result` in
   * that same transaction (fenced), so the effect and the completion commit together — a crash can never
   * leave the effect applied and the job still to run. The handler then returns the same result.
   */
  completeIn(em: EntityManager, result: TResult): Promise<void>;
}

export type JobHandler<TData, TResult extends object> = (
  context: JobContext<TData, TResult>,
) => Promise<TResult>;

export interface EnqueueOptions {
  /** A job with the same key that is waiting, running or completed is returned instead of a new one. */
  dedupeKey?: string;
  /** Dedupe only against jobs still waiting or running (a finished one does not stop a new run). */
  dedupeInFlightOnly?: boolean;
  /** Delay before it may start, in ms. */
  delayMs?: number;
}

/**
 * A recurring trigger (e.g. every quarter end, Beijing time). BullMQ runs it as a job scheduler from
 * `pattern` + `tz` (so one instance fires however many API processes run); the inline driver arms a timer
 * with `next`. Either way the runner's callback for `id` is called.
 */
export interface ScheduleDefinition {
  id: string;
  /** cron pattern, e.g. '5 0 1 1,4,7,10 *' */
  pattern: string;
  tz: string;
  /** The first firing time after `now` (must agree with `pattern`). */
  next(now: Date): Date;
}

/** What the driver reports for `/health`. */
export interface QueueHealth {
  status: 'up' | 'down';
  driver: 'bullmq' | 'inline';
  /** Whether this process runs the job processors. */
  workers: boolean;
  /** BullMQ: the Redis connection's state (`ready`, `connecting`, `reconnecting`, …). */
  redis?: string;
  message?: string;
}

/** What a driver must do: carry a job id to a worker that calls `execute`. */
export interface QueueDriver {
  readonly name: 'bullmq' | 'inline';
  /** False while jobs cannot be accepted (Redis unreachable): enqueueing then fails fast. */
  readonly available: boolean;
  /** Hands a newly recorded job to the queue; rejects within about two seconds when it cannot. */
  dispatch(queue: QueueName, jobId: string, attempts: number, delayMs?: number): Promise<void>;
  /**
   * Makes sure a job the database says is unfinished is queued: re-adds it when the queue lost it (Redis
   * restarted empty, a process stopped). Returns whether it had to.
   */
  ensure(queue: QueueName, jobId: string, attempts: number, delayMs?: number): Promise<boolean>;
  /** One reconciler pass at a time across processes: the unlock function, or null when another runs. */
  lockReconciler(ttlMs: number): Promise<(() => Promise<void>) | null>;
  /** Arms a recurring schedule; never waits for Redis (re-armed whenever the driver reconnects). */
  schedule(definition: ScheduleDefinition): Promise<void>;
  /** `listener` runs whenever the driver becomes ready (at start and after every reconnect). */
  onReady(listener: () => void): void;
  health(): Promise<QueueHealth>;
  close(): Promise<void>;
}

/** The outcome of one `JobRunner.execute` call, for the driver. */
export type JobOutcome =
  /** the handler finished (or the job was already finished): nothing more to do */
  | 'completed'
  | 'failed'
  /** the attempt failed and attempts remain: the driver retries */
  | 'retry'
  /** another runner holds the job, or it no longer needs running: nothing to do here */
  | 'skipped'
  /** this runner lost its claim while running: whoever took over finishes it */
  | 'lost';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
