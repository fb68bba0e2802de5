import { describe, expect, it } from '@jest/globals';
import { MilestoneType } from '@outfall/shared-types';
import { byRow, spans } from './import-row-errors.util';
import { milestoneBounds } from './milestone-bounds.util';
import { beijingDay, sampleVerdict } from './verification-samples.util';

describe('milestone date bounds', () => {
  it('run from discovery (or the latest earlier milestone) to today (or the earliest later one)', () => {
    expect(milestoneBounds(MilestoneType.Investigated, [], '2023-05-01', '2026-12-05')).toEqual({
      from: { date: '2023-05-01' },
      to: { date: '2026-12-05' },
    });
    const events = [
      { type: MilestoneType.Registered, effectiveOn: '2023-06-01' },
      { type: MilestoneType.Traced, effectiveOn: '2023-09-10' },
    ];
    expect(milestoneBounds(MilestoneType.Investigated, events, '2023-05-01', '2026-12-05')).toEqual({
      from: { date: '2023-06-01', type: MilestoneType.Registered },
      to: { date: '2023-09-10', type: MilestoneType.Traced },
    });
  });
});

describe('which sample qualifies for 核查销号', () => {
  const judged = [{ compliant: true, limitText: '≤ 50' }];
  const at = (iso: string, extra: Partial<Parameters<typeof sampleVerdict>[0]> = {}) => ({
    id: iso,
    sampledAt: iso,
    exceeding: false,
    values: judged,
    ...extra,
  });

  it('counts Beijing days: 23:30 UTC is the next day in Changji', () => {
    expect(beijingDay('2024-06-23T16:30:00Z')).toBe('2024-06-24');
    expect(sampleVerdict(at('2024-06-23T16:30:00Z'), '2024-06-24')).toBe('qualifies');
    expect(sampleVerdict(at('2024-06-23T15:30:00Z'), '2024-06-24')).toBe('beforeCompletion');
  });

  it('says why a sample does not qualify', () => {
    expect(sampleVerdict(at('2024-07-01T02:00:00Z', { exceeding: true }), '2024-06-24')).toBe('exceeding');
    expect(
      sampleVerdict(
        at('2024-07-01T02:00:00Z', { values: [...judged, { compliant: null, limitText: '6–9' }] }),
        '2024-06-24',
      ),
    ).toBe('undetermined');
    expect(
      sampleVerdict(
        at('2024-07-01T02:00:00Z', { values: [{ compliant: null, limitText: null }] }),
        '2024-06-24',
      ),
    ).toBe('noLimit');
    expect(sampleVerdict(at('2024-07-01T02:00:00Z'), null)).toBe('beforeCompletion');
  });
});

describe('import problems by row', () => {
  it('keeps every problem of a row together, the row number spanning them', () => {
    const errors = [
      { row: 5, field: '类别', message: 'a' },
      { row: 3, field: '名称', message: 'b' },
      { row: 5, field: '经度', message: 'c' },
      { row: 0, field: '', message: 'missing column' },
    ];
    const sorted = byRow(errors);
    expect(sorted.map((error) => error.message)).toEqual(['missing column', 'b', 'a', 'c']);
    expect(spans(sorted)).toEqual([1, 1, 2, 0]);
  });
});
