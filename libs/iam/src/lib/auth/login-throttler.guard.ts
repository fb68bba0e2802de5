import { HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { CommonErrorCode, DomainException } from '@outfall/common';
import type { Request } from 'express';

/** Login attempts are limited per client address and username, so one user's lock-out does not lock others. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const body = request.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username.slice(0, 64).toLowerCase() : '';
    return `${request.ip ?? 'unknown'}|${username}`;
  }

  /**
   * The throttler names its header after the limiter (`Retry-After-login`), which no client understands: the
   * refusal carries the standard `Retry-After` (seconds) instead, set by the error filter like every 429/503.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the throttler's own signature
  protected override setResponseHeader(res: Record<string, any>, name: string, value: string | number): void {
    if (/^Retry-After-/i.test(name)) return;
    super.setResponseHeader(res, name, value);
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const error = new DomainException(
      CommonErrorCode.TooManyRequests,
      'Too many login attempts; try again later',
      HttpStatus.TOO_MANY_REQUESTS,
    );
    error.retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw error;
  }
}
