import { HttpStatus, Injectable } from '@nestjs/common';
import { CommonErrorCode, DomainException } from '@outfall/common';

const WINDOW_MS = 60_000;
/** Windows of keys not seen for this long are dropped, so the map stays as small as the set of active keys. */
const SWEEP_EVERY = 1_000;

interface Window {
  startedAt: number;
  count: number;
}

/**
 * Per-key request limits: a fixed one-minute window per key, counted in this process's memory (no database
 * or Redis round trip on the request path). With several API processes behind a balancer each counts its
 * own share, so the effective limit is the configured one per process; documented in docs/webhooks.md.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly windows = new Map<string, Window>();
  private calls = 0;

  /** Counts one request of `keyId`; throws 429 TOO_MANY_REQUESTS with Retry-After when over `limit`. */
  hit(keyId: string, limit: number, now = Date.now()): void {
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(now);
    let window = this.windows.get(keyId);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(keyId, window);
    }
    window.count++;
    if (window.count <= limit) return;
    const error = new DomainException(
      CommonErrorCode.TooManyRequests,
      `This API key may make ${limit} requests a minute; try again later`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
    error.retryAfterSeconds = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000));
    throw error;
  }

  /** Forgets a key's window (after its limit changed). */
  reset(keyId: string): void {
    this.windows.delete(keyId);
  }

  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(id);
  }
}
