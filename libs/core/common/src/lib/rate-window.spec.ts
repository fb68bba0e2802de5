import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainException } from './domain.exception';
import { RateWindows } from './rate-window';

function refusal(run: () => void): DomainException {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error('expected a 429');
}

describe('RateWindows', () => {
  it('admits up to the limit in a window, then answers 429 with the seconds left as Retry-After', () => {
    const windows = new RateWindows();
    for (let i = 0; i < 3; i++) windows.hit('a', 3, 60_000, 'slow down', 1_000 + i);
    const error = refusal(() => windows.hit('a', 3, 60_000, 'slow down', 11_000));
    expect(error.code).toBe(CommonErrorCode.TooManyRequests);
    expect(error.status).toBe(HttpStatus.TOO_MANY_REQUESTS);
    expect(error.retryAfterSeconds).toBe(50);
  });

  it('counts each key apart and starts a new window when the old one ends', () => {
    const windows = new RateWindows();
    windows.hit('a', 1, 1_000, 'x', 0);
    windows.hit('b', 1, 1_000, 'x', 0);
    expect(() => windows.hit('a', 1, 1_000, 'x', 999)).toThrow(DomainException);
    expect(() => windows.hit('a', 1, 1_000, 'x', 1_000)).not.toThrow();
  });

  it('never asks to retry in less than a second', () => {
    const windows = new RateWindows();
    windows.hit('a', 1, 1_000, 'x', 0);
    expect(refusal(() => windows.hit('a', 1, 1_000, 'x', 999_999_999 % 1_000)).retryAfterSeconds).toBe(1);
  });

  it('forgets a key on reset', () => {
    const windows = new RateWindows();
    windows.hit('a', 1, 60_000, 'x', 0);
    windows.reset('a');
    expect(() => windows.hit('a', 1, 60_000, 'x', 1)).not.toThrow();
  });

  it('sweeps expired windows so the map holds only active keys, and stays bounded under a flood', () => {
    const windows = new RateWindows({ maxKeys: 100, sweepEvery: 50 });
    for (let i = 0; i < 100; i++) windows.hit(`old${i}`, 5, 1_000, 'x', 0);
    windows.hit('new', 5, 1_000, 'x', 5_000);
    expect(windows.size).toBe(1);
    for (let i = 0; i < 1_000; i++) windows.hit(`flood${i}`, 5, 60_000, 'x', 10_000);
    expect(windows.size).toBeLessThanOrEqual(100);
  });
});
