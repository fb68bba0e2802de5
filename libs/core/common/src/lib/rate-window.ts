import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainException } from './domain.exception';

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Fixed-window request counters per key (an address, an API key), held in this process's memory: no
 * database or Redis round trip on the request path. With several API processes behind a balancer each counts
 * its own share, so a configured limit is per process. Expired windows are swept when the map grows past
 * `maxKeys` (and every `sweepEvery` hits), so it stays as small as the set of active keys.
 */
export class RateWindows {
  private readonly windows = new Map<string, Window>();
  private hits = 0;

  constructor(private readonly options: { maxKeys?: number; sweepEvery?: number } = {}) {}

  /**
   * Counts one request of `key` in a window of `windowMs`; throws 429 TOO_MANY_REQUESTS with Retry-After
   * (the seconds until the window ends) and `message` when it is the request past `limit`.
   */
  hit(key: string, limit: number, windowMs: number, message: string, now = Date.now()): void {
    const { maxKeys = 100_000, sweepEvery = 1_000 } = this.options;
    if (++this.hits % sweepEvery === 0) this.sweep(now, windowMs);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      if (!window && this.windows.size >= maxKeys) this.sweep(now, windowMs);
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= limit) return;
    throw tooManyRequests(message, Math.ceil((window.startedAt + windowMs - now) / 1000));
  }

  /** Forgets a key's window (e.g. after its limit changed). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, window] of this.windows)
      if (now - window.startedAt >= windowMs) this.windows.delete(key);
    // still full of live windows (a flood of addresses): start over rather than grow without bound
    if (this.windows.size >= (this.options.maxKeys ?? 100_000)) this.windows.clear();
  }
}

/** The 429 answer: TOO_MANY_REQUESTS with `Retry-After` (at least one second). */
export function tooManyRequests(message: string, retryAfterSeconds: number): DomainException {
  const error = new DomainException(CommonErrorCode.TooManyRequests, message, HttpStatus.TOO_MANY_REQUESTS);
  error.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  return error;
}
