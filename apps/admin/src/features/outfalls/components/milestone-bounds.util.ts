import { MILESTONE_ORDER, type MilestoneType } from '@outfall/shared-types';

export interface DatedEvent {
  type: MilestoneType;
  effectiveOn: string;
}

export interface MilestoneBounds {
  /** The earliest allowed day (YYYY-MM-DD) and what sets it: discovery, or an earlier milestone. */
  from: { date: string; type?: MilestoneType };
  /** The latest allowed day and what sets it: today, or a later milestone. */
  to: { date: string; type?: MilestoneType };
}

/**
 * The days the API accepts for a milestone (the same rule as OutfallsService.writeMilestone): not before
 * discovery nor before an earlier milestone; not after today nor after a later milestone.
 */
export function milestoneBounds(
  type: MilestoneType,
  events: readonly DatedEvent[],
  discoveredOn: string,
  today: string,
): MilestoneBounds {
  const rank = MILESTONE_ORDER.indexOf(type);
  let from: MilestoneBounds['from'] = { date: discoveredOn };
  let to: MilestoneBounds['to'] = { date: today };
  for (const event of events) {
    const other = MILESTONE_ORDER.indexOf(event.type);
    if (other < rank && event.effectiveOn > from.date) from = { date: event.effectiveOn, type: event.type };
    if (other > rank && event.effectiveOn < to.date) to = { date: event.effectiveOn, type: event.type };
  }
  return { from, to };
}
