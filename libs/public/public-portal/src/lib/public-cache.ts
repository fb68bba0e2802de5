import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '@outfall/config';

const MAX_ENTRIES = 2000;

/**
 * The in-process cache of the public side: every public answer is kept PUBLIC_CACHE_TTL_SECONDS (short TTL),
 * and the whole cache is emptied when a publication revision takes effect. Changes of outfalls are not
 * tracked: they show on the public side within the TTL. Concurrent misses of one key share one computation,
 * so a burst of identical requests costs the database one query.
 */
@Injectable()
export class PublicCache {
  private readonly entries = new Map<string, { expires: number; value: Promise<unknown> }>();
  /** Whole answers of the public REST routes, by URL: the fast path sends them without routing or SQL. */
  private readonly responses = new Map<string, CachedResponse>();

  constructor(private readonly config: AppConfig) {}

  get ttlSeconds(): number {
    return this.config.PUBLIC_CACHE_TTL_SECONDS;
  }

  remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const ttl = this.ttlSeconds * 1000;
    if (ttl <= 0) return compute();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    if (this.entries.size >= MAX_ENTRIES) {
      for (const [k, entry] of this.entries) if (entry.expires <= now) this.entries.delete(k);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    const value = compute();
    this.entries.set(key, { expires: now + ttl, value });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }

  /** A fresh cached answer for this URL, if any. */
  response(url: string): CachedResponse | undefined {
    const hit = this.responses.get(url);
    if (!hit) return undefined;
    if (hit.expires > Date.now()) return hit;
    this.responses.delete(url);
    return undefined;
  }

  /** Keeps a 200 answer's bytes for the TTL, with a weak ETag over them. */
  keepResponse(url: string, body: string | Buffer, contentType: string): CachedResponse | undefined {
    const ttl = this.ttlSeconds * 1000;
    if (ttl <= 0) return undefined;
    const now = Date.now();
    if (this.responses.size >= MAX_ENTRIES) {
      for (const [k, entry] of this.responses) if (entry.expires <= now) this.responses.delete(k);
      if (this.responses.size >= MAX_ENTRIES)
        this.responses.delete(this.responses.keys().next().value as string);
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const etag = `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64url').slice(0, 27)}"`;
    const entry = { expires: now + ttl, body: bytes, etag, contentType };
    this.responses.set(url, entry);
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.responses.clear();
  }
}

export interface CachedResponse {
  expires: number;
  body: Buffer;
  etag: string;
  contentType: string;
}
