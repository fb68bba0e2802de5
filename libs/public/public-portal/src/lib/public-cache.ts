import { Injectable } from '@nestjs/common';
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

  clear(): void {
    this.entries.clear();
  }
}
