import { OutfallArea, OutfallCategory } from '@outfall/shared-types';
import { DEFAULT_PATROL_RULES, isPatrolOverdue, matchRule, nextDue } from './schedule.rules';

describe('patrol schedule rules', () => {
  it('picks the most specific rule, then the shortest interval', () => {
    const at = (category: OutfallCategory, area: OutfallArea, keyRiver: boolean) =>
      matchRule(DEFAULT_PATROL_RULES, { category, area, keyRiver })?.intervalDays;
    expect(at(OutfallCategory.Industrial, OutfallArea.Key, true)).toBe(7);
    expect(at(OutfallCategory.Industrial, OutfallArea.General, false)).toBe(14);
    expect(at(OutfallCategory.Agricultural, OutfallArea.Key, false)).toBe(14);
    expect(at(OutfallCategory.Other, OutfallArea.General, true)).toBe(14);
    expect(at(OutfallCategory.Agricultural, OutfallArea.General, false)).toBe(30);
  });

  it('counts the next due day from the last patrol, or from 2025-01-01 / discovery', () => {
    expect(nextDue(null, '2023-05-01', 30)).toBe('2025-01-31');
    expect(nextDue(null, '2025-03-01', 7)).toBe('2025-03-08');
    expect(nextDue('2025-06-28', '2023-05-01', 7)).toBe('2025-07-05');
    expect(isPatrolOverdue('2025-07-05', '2025-07-05')).toBe(false);
    expect(isPatrolOverdue('2025-07-05', '2025-07-06')).toBe(true);
  });
});
