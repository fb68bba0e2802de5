import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { RateWindows, tooManyRequests } from '@outfall/common';
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
  private readonly windows = new RateWindows({ maxKeys: MAX_CLIENTS });
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
    this.windows.hit(
      request.ip ?? 'unknown',
      this.config.PUBLIC_RATE_LIMIT,
      this.config.PUBLIC_RATE_WINDOW_SECONDS * 1000,
      'Too many requests to the public portal; try again later',
    );
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
    throw tooManyRequests('The public portal is busy; try again in a moment', 1);
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
