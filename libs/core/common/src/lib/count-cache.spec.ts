import { CountCache } from './count-cache';

describe('CountCache', () => {
  let clock = 0;
  const now = () => clock;
  const slowCount = (total: number, ms: number) => async () => {
    clock += ms;
    return total;
  };

  beforeEach(() => (clock = 0));

  it('keeps only slow counts, answers them as estimates until the TTL, then counts again', async () => {
    const cache = new CountCache({ ttlMs: 10_000, slowMs: 50 }, now);
    expect(await cache.count('fast', slowCount(3, 5))).toEqual({ total: 3, estimate: false });
    expect(await cache.count('fast', slowCount(4, 5))).toEqual({ total: 4, estimate: false });
    expect(await cache.count('slow', slowCount(900, 60))).toEqual({ total: 900, estimate: false });
    expect(await cache.count('slow', slowCount(901, 60))).toEqual({ total: 900, estimate: true });
    clock += 10_000;
    expect(await cache.count('slow', slowCount(902, 60))).toEqual({ total: 902, estimate: false });
  });

  it('drops everything on invalidate, and does not keep a count that ran across one', async () => {
    const cache = new CountCache({ ttlMs: 10_000, slowMs: 50 }, now);
    await cache.count('slow', slowCount(900, 60));
    cache.invalidate();
    expect(await cache.count('slow', slowCount(901, 60))).toEqual({ total: 901, estimate: false });
    await cache.count('racing', async () => {
      clock += 60;
      cache.invalidate();
      return 7;
    });
    expect(await cache.count('racing', slowCount(8, 60))).toEqual({ total: 8, estimate: false });
  });

  it('never keeps anything with a TTL of 0', async () => {
    const cache = new CountCache({ ttlMs: 0, slowMs: 0 }, now);
    await cache.count('slow', slowCount(1, 60));
    expect(cache.size).toBe(0);
  });
});
