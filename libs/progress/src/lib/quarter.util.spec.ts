import { beijingDay } from '@outfall/common';
import { endedQuarters, nextQuarterStart, parseQuarter, quarterEnd, quarterName } from './quarter.util';

describe('quarters in Beijing time', () => {
  it('ends each quarter on its last Beijing day', () => {
    expect(quarterEnd({ year: 2024, q: 4 })).toBe('2024-12-31');
    expect(quarterEnd({ year: 2024, q: 1 })).toBe('2024-03-31');
    expect(quarterEnd({ year: 2023, q: 3 })).toBe('2023-09-30');
    expect(parseQuarter('2024Q5')).toBeNull();
  });

  it('counts a quarter as ended only after Beijing midnight', () => {
    const first = { year: 2024, q: 3 } as const;
    // 2024-12-31 23:59 Beijing: Q4 has not ended
    expect(endedQuarters(first, new Date('2024-12-31T15:59:00Z')).map(quarterName)).toEqual(['2024Q3']);
    // 2025-01-01 00:00 Beijing: it has
    expect(endedQuarters(first, new Date('2024-12-31T16:00:00Z')).map(quarterName)).toEqual([
      '2024Q3',
      '2024Q4',
    ]);
    expect(beijingDay(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01');
  });

  it('schedules the next snapshot at 00:05 Beijing on the first day of the next quarter', () => {
    expect(nextQuarterStart(new Date('2024-11-28T10:00:00Z')).toISOString()).toBe('2024-12-31T16:05:00.000Z');
    expect(nextQuarterStart(new Date('2024-12-31T16:04:00Z')).toISOString()).toBe('2025-03-31T16:05:00.000Z');
  });
});
