import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PublicCache } from './public-cache';
import { PublicRateLimiter } from './public-rate-limit.guard';

/**
 * The fast path of the public REST reads, in front of the routing: the rate limits first (a request over them
 * costs a 429 and nothing else), then the answer cache by URL — a hit is sent from memory (or as 304 when its
 * ETag matches) without validation, guards, SQL or serialization, so a burst of public traffic costs the
 * process little and the officials' console keeps its speed. A miss goes through the controller, and its 200
 * answer is kept for PUBLIC_CACHE_TTL_SECONDS (emptied when a publication revision takes effect).
 */
@Injectable()
export class PublicFastPathMiddleware implements NestMiddleware {
  constructor(
    private readonly limiter: PublicRateLimiter,
    private readonly cache: PublicCache,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (req.method !== 'GET') return next();
    this.limiter.admit(req);
    const url = req.originalUrl;
    const hit = this.cache.response(url);
    if (hit) {
      res.setHeader('Cache-Control', `public, max-age=${this.cache.ttlSeconds}`);
      res.setHeader('ETag', hit.etag);
      if (req.headers['if-none-match'] === hit.etag) {
        res.status(304).end();
        return;
      }
      res.setHeader('Content-Type', hit.contentType);
      res.setHeader('Content-Length', hit.body.length);
      res.status(200).end(hit.body);
      return;
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const type = String(res.getHeader('Content-Type') ?? 'application/json; charset=utf-8');
        const kept = this.cache.keepResponse(url, body, type);
        if (kept) res.setHeader('ETag', kept.etag);
      }
      return send(body);
    };
    next();
  }
}
