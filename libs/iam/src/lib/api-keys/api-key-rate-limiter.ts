import { Injectable } from '@nestjs/common';
import { RateWindows } from '@outfall/common';

const WINDOW_MS = 60_000;

/**
 * Per-key request limits: a fixed one-minute window per API key (the shared RateWindows, in this process's
 * memory). With several API processes behind a balancer each counts its own share, so the effective limit is
 * the configured one per process; documented in docs/webhooks.md.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly windows = new RateWindows();

  /** Counts one request of `keyId`; throws 429 TOO_MANY_REQUESTS with Retry-After when over `limit`. */
  hit(keyId: string, limit: number, now = Date.now()): void {
    this.windows.hit(
      keyId,
      limit,
      WINDOW_MS,
      `This API key may make ${limit} requests a minute; try again later`,
      now,
    );
  }

  /** Forgets a key's window (after its limit changed). */
  reset(keyId: string): void {
    this.windows.reset(keyId);
  }
}
