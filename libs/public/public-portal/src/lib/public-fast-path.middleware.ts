import { HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import { CommonErrorCode, DomainException, RequestContextStore } from '@outfall/common';
import type { NextFunction, Request, Response } from 'express';
import { type CachedResponse, PublicCache } from './public-cache';
import { PublicRateLimiter } from './public-rate-limit.guard';

/**
 * The fast path of the public REST reads, in front of the routing: the address's rate limit first (a request
 * over it costs a 429 and nothing else), then the answer cache by URL — a hit is sent from memory (or as 304 when its
 * ETag matches) without validation, guards, SQL or serialization, so a burst of public traffic costs the
 * process little and the officials' console keeps its speed. A miss goes through the controller, and its 200
 * answer (when the global rate of uncached work allows it) is kept for PUBLIC_CACHE_TTL_SECONDS (emptied when a publication revision takes effect).
 */
@Injectable()
export class PublicFastPathMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: PublicRateLimiter,
    private readonly cache: PublicCache,
  ) {}

  /** Answers being computed, by URL: identical requests meanwhile wait for the first one's bytes. */
  private readonly inFlight = new Map<string, Promise<CachedResponse | undefined>>();

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'GET') return next();
    const url = req.originalUrl;
    const hit = this.cache.response(url);
    const pending = hit ? undefined : this.inFlight.get(url);
    try {
      this.limiter.admitAddress(req);
      if (!hit && !pending) this.limiter.takeGlobal();
    } catch (error) {
      if (!(error instanceof DomainException) || !error.retryAfterSeconds) throw error;
      // shed at once, in the shared error shape, without the exception path's work
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(HttpStatus.TOO_MANY_REQUESTS).json({
        code: CommonErrorCode.TooManyRequests,
        message: error.message,
        details: [],
        requestId: RequestContextStore.get()?.requestId ?? 'none',
      });
      return;
    }
    if (hit) return this.sendCached(req, res, hit);
    if (pending) {
      // a burst of one URL costs one computation: the others get its bytes (or go through if it failed)
      void pending.then((kept) => (kept ? this.sendCached(req, res, kept) : next()), next);
      return;
    }
    let settle: (kept: CachedResponse | undefined) => void = () => undefined;
    const mine = new Promise<CachedResponse | undefined>((resolve) => (settle = resolve));
    this.inFlight.set(url, mine);
    const done = (kept: CachedResponse | undefined) => {
      if (this.inFlight.get(url) === mine) this.inFlight.delete(url);
      settle(kept);
    };
    res.once('close', () => done(undefined));
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const type = String(res.getHeader('Content-Type') ?? 'application/json; charset=utf-8');
        const kept = this.cache.keepResponse(url, body, type);
        if (kept) res.setHeader('ETag', kept.etag);
        done(kept);
      } else done(undefined);
      return send(body);
    };
    next();
  }

  private sendCached(req: Request, res: Response, hit: CachedResponse): void {
    res.setHeader('Cache-Control', `public, max-age=${this.cache.ttlSeconds}`);
    res.setHeader('ETag', hit.etag);
    if (req.headers['if-none-match'] === hit.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', hit.contentType);
    res.setHeader('Content-Length', hit.body.length);
    res.status(200).end(hit.body);
  }
}
