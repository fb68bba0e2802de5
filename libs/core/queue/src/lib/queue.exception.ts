import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainException } from '@outfall/common';

/** Seconds a client is told to wait before queueing again while the queue is unavailable. */
export const QUEUE_RETRY_AFTER_SECONDS = 10;

/**
 * 503 `QUEUE_UNAVAILABLE` with `Retry-After`: the job was NOT queued (no record is kept), so the user
 * submits it again later and it runs once.
 */
export function queueUnavailable(reason: string): DomainException {
  const error = new DomainException(
    CommonErrorCode.QueueUnavailable,
    `The job queue is unavailable (${reason}); nothing was queued. Try again in a moment. ` +
      '任务队列暂不可用，本次提交未入队，请稍后重试。',
    HttpStatus.SERVICE_UNAVAILABLE,
  );
  error.retryAfterSeconds = QUEUE_RETRY_AFTER_SECONDS;
  return error;
}

/** Rejects with `onTimeout()` when `promise` takes longer than `ms` (the promise itself keeps running). */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
