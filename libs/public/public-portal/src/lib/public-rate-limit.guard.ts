import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { CommonErrorCode, DomainException } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import type { Request } from 'express';

const MAX_CLIENTS = 100_000;

/**
 * Per-address rate limit of the public side (REST /api/v1/public/* and the public GraphQL queries): a fixed
 * window of PUBLIC_RATE_WINDOW_SECONDS with PUBLIC_RATE_LIMIT requests, in process memory. Over the limit the
 * answer is 429 TOO_MANY_REQUESTS with `Retry-After` (REST) / `extensions.retryAfter` (GraphQL). A GraphQL
 * operation counts once however many public fields it asks for. Before the per-address window, a global token
 * bucket (PUBLIC_GLOBAL_RATE_LIMIT a second) caps what the whole public side may take of the process.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly counted = new WeakSet<object>();
  /** The global token bucket (PUBLIC_GLOBAL_RATE_LIMIT a second, burst of one second). */
  private tokens = -1;
  private refilled = 0;

  constructor(private readonly config: AppConfig) {}

  /**
   * Counts the request once against the global rate and the address's window and throws 429 over either (the
   * guards of the public REST routes and GraphQL queries).
   */
  admit(request: Request): void {
    if (this.counted.has(request)) return;
    this.counted.add(request);
    this.takeGlobal();
    this.takeAddress(request);
  }

  /**
   * The REST fast path: the address's window only, and the request is marked counted; the global rate is taken
   * (`takeGlobal`) only by answers that are not in the cache, since a cached answer costs the process little.
   */
  admitAddress(request: Request): void {
    if (this.counted.has(request)) return;
    this.counted.add(request);
    this.takeAddress(request);
  }

  private takeAddress(request: Request): void {
    const key = request.ip ?? 'unknown';
    const now = Date.now();
    const windowMs = this.config.PUBLIC_RATE_WINDOW_SECONDS * 1000;
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      if (!entry && this.windows.size >= MAX_CLIENTS) this.sweep(now, windowMs);
      entry = { start: now, count: 0 };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    if (entry.count <= this.config.PUBLIC_RATE_LIMIT) return;
    const error = new DomainException(
      CommonErrorCode.TooManyRequests,
      'Too many requests to the public portal; try again later',
      HttpStatus.TOO_MANY_REQUESTS,
    );
    error.retryAfterSeconds = Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000));
    throw error;
  }

  /** Sheds public load beyond the global rate before any work is done: 429, retry in a second. */
  takeGlobal(): void {
    const rate = this.config.PUBLIC_GLOBAL_RATE_LIMIT;
    if (rate <= 0) return;
    const now = Date.now();
    if (this.tokens < 0) this.tokens = rate;
    else this.tokens = Math.min(rate, this.tokens + ((now - this.refilled) / 1000) * rate);
    this.refilled = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return;
    }
    const error = new DomainException(
      CommonErrorCode.TooManyRequests,
      'The public portal is busy; try again in a moment',
      HttpStatus.TOO_MANY_REQUESTS,
    );
    error.retryAfterSeconds = 1;
    throw error;
  }

  private sweep(now: number, windowMs: number): void {
    for (const [k, v] of this.windows) if (now - v.start >= windowMs) this.windows.delete(k);
    if (this.windows.size >= MAX_CLIENTS) this.windows.clear();
  }
}

/**
 * The guard of the public REST routes and GraphQL queries. Its state is the one PublicRateLimiter of the module
 * (a guard named in @UseGuards is an instance of its own, apart from the module's providers), which the REST
 * fast path shares.
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: PublicRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const request =
      context.getType<string>() === 'graphql'
        ? GqlExecutionContext.create(context).getContext<{ req: Request }>().req
        : context.switchToHttp().getRequest<Request>();
    this.limiter.admit(request);
    return true;
  }
}
