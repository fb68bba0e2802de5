/**
 * Per-filter list totals that cost no more than the page (docs/performance.md). A count that took at least
 * `slowMs` is kept for `ttlMs`, keyed by its SQL and parameters; until then the same filter is answered from
 * memory and the page says `totalIsEstimate: true`. Counts that are cheap are never kept, so small lists (and
 * every list in the tests) stay exact. `invalidate()` (called by the owner's writes in this process) drops
 * everything, and a count that was running while it was called is not stored.
 */
export class CountCache {
  private readonly entries = new Map<string, { total: number; at: number }>();
  private generation = 0;

  constructor(
    private readonly options: { ttlMs: number; slowMs: number; maxEntries?: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  async count(key: string, run: () => Promise<number>): Promise<{ total: number; estimate: boolean }> {
    const { ttlMs, slowMs, maxEntries = 500 } = this.options;
    const hit = this.entries.get(key);
    if (hit) {
      if (this.now() - hit.at < ttlMs) return { total: hit.total, estimate: true };
      this.entries.delete(key);
    }
    const generation = this.generation;
    const started = this.now();
    const total = await run();
    const finished = this.now();
    if (ttlMs > 0 && finished - started >= slowMs && generation === this.generation) {
      if (this.entries.size >= maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(key, { total, at: finished });
    }
    return { total, estimate: false };
  }
}
