import type { Principal } from '@outfall/common';
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

export interface JobContext<TData> {
  id: string;
  data: TData;
  /** The caller who queued the job, for audit and jurisdiction inside the handler. */
  owner: Principal | null;
  attempt: number;
  updateProgress(percent: number): Promise<void>;
}

export type JobHandler<TData, TResult> = (context: JobContext<TData>) => Promise<TResult>;

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

/** What a driver must do: carry a job id to a worker that calls `execute`. */
export interface QueueDriver {
  readonly name: 'bullmq' | 'inline';
  dispatch(queue: QueueName, jobId: string, attempts: number, delayMs?: number): Promise<void>;
  schedule(definition: ScheduleDefinition): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
