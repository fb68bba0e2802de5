import { quarterEnds, verifyDays } from './progress-rollup.command';

describe('progress:verify days', () => {
  it('takes every quarter end in the range, today instead of a future one', () => {
    expect(quarterEnds('2023-01-01', '2026-12-31', '2026-12-05')).toEqual([
      '2023-03-31',
      '2023-06-30',
      '2023-09-30',
      '2023-12-31',
      '2024-03-31',
      '2024-06-30',
      '2024-09-30',
      '2024-12-31',
      '2025-03-31',
      '2025-06-30',
      '2025-09-30',
      '2025-12-31',
      '2026-03-31',
      '2026-06-30',
      '2026-09-30',
      '2026-12-05',
    ]);
  });

  it('pairs each day with now, its own end and every later knowledge day', () => {
    expect(verifyDays(['2024-12-31'], ['2024-06-30', '2025-03-31'])).toEqual([
      { asOf: '2024-12-31', knownAt: null },
      { asOf: '2024-12-31', knownAt: '2024-12-31' },
      { asOf: '2024-12-31', knownAt: '2025-03-31' },
    ]);
  });
});
