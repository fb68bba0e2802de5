import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonErrorCode, DomainException } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import type { Request } from 'express';

export type PublicBucket = 'submit' | 'read';
const BUCKET_KEY = 'publicReportBucket';
/** Counts the request against the client address's budget for the bucket (submit or read). */
export const PublicRateLimit = (bucket: PublicBucket) => SetMetadata(BUCKET_KEY, bucket);

/**
 * Fixed-window counters per client address (the proxy's `X-Forwarded-For` only from loopback, see
 * `trust proxy`), held in this process. A guard runs before the multipart body is read, so a refused client's
 * photos are never parsed.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const bucket = this.reflector.get<PublicBucket | undefined>(BUCKET_KEY, context.getHandler());
    if (!bucket) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const limit =
      bucket === 'submit' ? this.config.PUBLIC_REPORT_RATE_LIMIT : this.config.PUBLIC_REPORT_READ_RATE_LIMIT;
    const windowMs = this.config.PUBLIC_REPORT_RATE_WINDOW_SECONDS * 1000;
    const now = Date.now();
    const key = `${bucket}|${request.ip ?? 'unknown'}`;
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      if (this.windows.size > 50_000) this.sweep(now, windowMs);
      entry = { start: now, count: 0 };
      this.windows.set(key, entry);
    }
    entry.count++;
    if (entry.count > limit) {
      const error = new DomainException(
        CommonErrorCode.TooManyRequests,
        '提交过于频繁，请稍后再试 / too many requests from this address; try again later',
        HttpStatus.TOO_MANY_REQUESTS,
      );
      error.retryAfterSeconds = Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000));
      throw error;
    }
    return true;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [key, entry] of this.windows) if (now - entry.start >= windowMs) this.windows.delete(key);
  }
}
