import { describe, expect, it } from '@jest/globals';
import { MilestoneType } from '@outfall/shared-types';
import { milestoneBounds } from './milestone-bounds.util';

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
