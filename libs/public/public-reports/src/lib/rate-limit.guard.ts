import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateWindows } from '@outfall/common';
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
  private readonly windows = new RateWindows();

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
    this.windows.hit(
      `${bucket}|${request.ip ?? 'unknown'}`,
      limit,
      this.config.PUBLIC_REPORT_RATE_WINDOW_SECONDS * 1000,
      '提交过于频繁，请稍后再试 / too many requests from this address; try again later',
    );
    return true;
  }
}
