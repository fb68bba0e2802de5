import { Injectable } from '@nestjs/common';
import { CountCache } from '@outfall/common';
import { AppConfig } from '@outfall/config';

/**
 * The outfall list's per-filter totals (see `CountCache`, docs/performance.md): slow counts are kept for
 * LIST_COUNT_CACHE_MS; every outfall write in this process (create, the write gate, merges, derived flags,
 * division re-derivation) clears them.
 */
@Injectable()
export class OutfallCountCache extends CountCache {
  constructor(config: AppConfig) {
    super({ ttlMs: config.LIST_COUNT_CACHE_MS, slowMs: config.LIST_COUNT_SLOW_MS });
  }
}
