import {
  DEFAULT_PATROL_INTERVAL_DAYS,
  OutfallArea,
  OutfallCategory,
  PATROL_SCHEDULE_START,
} from '@outfall/shared-types';

export interface RuleLike {
  category: OutfallCategory | null;
  area: OutfallArea | null;
  keyRiver: boolean | null;
  intervalDays: number;
}

export interface OutfallTraits {
  category: OutfallCategory;
  area: OutfallArea;
  keyRiver: boolean;
}

/**
 * The default rules (written by the migration, editable afterwards): industrial outfalls in a key area
 * weekly; industrial and urban-WWTP outfalls, and any outfall in a key area or on a key river, every 14
 * days; everything else monthly.
 */
export const DEFAULT_PATROL_RULES: RuleLike[] = [
  { category: OutfallCategory.Industrial, area: OutfallArea.Key, keyRiver: null, intervalDays: 7 },
  { category: OutfallCategory.Industrial, area: null, keyRiver: null, intervalDays: 14 },
  { category: OutfallCategory.UrbanWwtp, area: null, keyRiver: null, intervalDays: 14 },
  { category: null, area: OutfallArea.Key, keyRiver: null, intervalDays: 14 },
  { category: null, area: null, keyRiver: true, intervalDays: 14 },
  { category: null, area: null, keyRiver: null, intervalDays: 30 },
];

const specificity = (rule: RuleLike) =>
  Number(rule.category !== null) + Number(rule.area !== null) + Number(rule.keyRiver !== null);

/** The rule that applies: the most specific match, then the shortest interval (same order as the SQL). */
export function matchRule<T extends RuleLike>(rules: T[], outfall: OutfallTraits): T | null {
  const matches = rules.filter(
    (r) =>
      (r.category === null || r.category === outfall.category) &&
      (r.area === null || r.area === outfall.area) &&
      (r.keyRiver === null || r.keyRiver === outfall.keyRiver),
  );
  matches.sort((a, b) => specificity(b) - specificity(a) || a.intervalDays - b.intervalDays);
  return matches[0] ?? null;
}

export const addDays = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/**
 * The next due day: the last patrol day plus the interval; never patrolled → from the later of the
 * outfall's discovery and the start of the long-term mechanism (2025-01-01). Overdue when before today.
 */
export function nextDue(
  lastPatrolDay: string | null,
  discoveredOn: string,
  intervalDays: number | null,
): string {
  const start = discoveredOn > PATROL_SCHEDULE_START ? discoveredOn : PATROL_SCHEDULE_START;
  return addDays(lastPatrolDay ?? start, intervalDays ?? DEFAULT_PATROL_INTERVAL_DAYS);
}

export const isPatrolOverdue = (nextDueOn: string, today: string): boolean => nextDueOn < today;
