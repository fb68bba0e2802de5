import { timeOrderedUuid } from './time-ordered-uuid';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-70[0-9a-f]{2}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedUuid', () => {
  it('puts the milliseconds in the first 48 bits, then version 7 with byte 6 = 0x70, and the RFC variant', () => {
    const ms = Date.UTC(2026, 11, 6, 13, 30, 0, 123);
    const id = timeOrderedUuid(ms);
    expect(id).toMatch(UUID_V7);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
  });

  it('sorts by time and stays unique within one millisecond', () => {
    const ms = Date.UTC(2025, 0, 1);
    const earlier = Array.from({ length: 1000 }, () => timeOrderedUuid(ms));
    const later = timeOrderedUuid(ms + 1);
    expect(new Set(earlier).size).toBe(1000);
    for (const id of earlier) expect(id < later).toBe(true);
  });
});
