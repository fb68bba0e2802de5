import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@outfall/common';
import { JobDto } from '@outfall/queue';
import { ForecastStatus, PlanStatus, ProgressMetric, ScopeGroup } from '@outfall/shared-types';
import { ProgressSnapshot } from './progress.entities';

/** What the progress routes answer (the swagger plugin reads the property types of these classes). */

export const DIMENSIONS = ['city', 'scope', 'river', 'township', 'unit', 'category', 'area'] as const;
/** A breakdown of the rates: the city, scope group, river, township, responsible unit, category, area. */
export type Dimension = (typeof DIMENSIONS)[number];

export const TARGET_STATUSES = ['met', 'missed', 'open'] as const;
/** A rate against the target in force (see MetricProgress.status). */
export type TargetStatus = (typeof TARGET_STATUSES)[number];

export const REMEDIATION_COUNTS = ['completed', 'verified'] as const;
/** Which milestone counts as remediated (PROGRESS_REMEDIATION_COUNTS). */
export type RemediationCounts = (typeof REMEDIATION_COUNTS)[number];

/** One rate: numerator over denominator, against the target in force. */
export class MetricProgress {
  numerator: number;
  denominator: number;
  rate: number | null;
  /** The target in force: the nearest deadline on or after the as-of day (else the last one). */
  target: number | null;
  deadline: string | null;
  gap: number | null;
  met: boolean | null;
  /**
   * met; missed (未达标: the deadline has come — on the day itself or later — and the rate is below the target);
   * open (not met, deadline still ahead); null when there is nothing to judge (zero denominator: n/a, or no target).
   */
  @ApiProperty({ enum: TARGET_STATUSES, enumName: 'TargetStatus', nullable: true })
  status: TargetStatus | null;
}

/** The four rates of one group. */
export class ProgressMetrics implements Record<ProgressMetric, MetricProgress> {
  investigation: MetricProgress;
  plan: MetricProgress;
  tracing: MetricProgress;
  remediation: MetricProgress;
}

/** A numerator and its denominator. */
export class ProgressCount {
  numerator: number;
  denominator: number;
}

/** The counts of the four rates. */
export class ProgressMetricCounts implements Record<ProgressMetric, ProgressCount> {
  investigation: ProgressCount;
  plan: ProgressCount;
  tracing: ProgressCount;
  remediation: ProgressCount;
}

/** Counts per scope group (a group without outfalls of a scope group has no entry for it). */
export class ProgressScopeCounts implements Partial<Record<ScopeGroup, ProgressMetricCounts>> {
  key_rivers?: ProgressMetricCounts;
  other_rivers?: ProgressMetricCounts;
}

/** The rates of one group of one breakdown (the city, a scope group, a river, a township …). */
export class ProgressGroup {
  @ApiProperty({ enum: DIMENSIONS, enumName: 'ProgressDimension' })
  dimension: Dimension;
  key: string;
  label: string;
  metrics: ProgressMetrics;
  /** Denominators per scope group, for weighting targets of mixed groups. */
  scopes: ProgressScopeCounts;
}

/** The rates as of a Beijing day, for the city and by every breakdown. */
export class Progress {
  asOf: string;
  /** The Beijing day whose knowledge the answer reproduces (null: everything known now). */
  knownAt: string | null;
  @ApiProperty({ enum: REMEDIATION_COUNTS, enumName: 'RemediationCounts' })
  remediationCounts: RemediationCounts;
  groups: ProgressGroup[];
}

/** One group's projected rate at one upcoming deadline. */
export class ForecastRow {
  @ApiProperty({ enum: DIMENSIONS, enumName: 'ProgressDimension' })
  dimension: Dimension;
  key: string;
  label: string;
  metric: ProgressMetric;
  rate: number | null;
  previousRate: number | null;
  /** Rate points per day over the last two quarters. */
  pace: number | null;
  deadline: string;
  target: number;
  projected: number | null;
  metOn: string | null;
  status: ForecastStatus;
}

/** Projected rates at the upcoming deadlines from the pace since `since` (182 days before `asOf`). */
export class ProgressForecast {
  asOf: string;
  since: string;
  rows: ForecastRow[];
}

/** A remediation plan past its deadline and not completed. */
export class OverduePlanRow {
  id: string;
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  unit: string;
  /** YYYY-MM-DD */
  deadline: string;
  status: PlanStatus;
  daysOverdue: number;
}

/** An active outfall not traced after its scope group's first tracing deadline. */
export class UntracedOutfallRow {
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  water: string;
  /** YYYY-MM-DD */
  tracingDeadline: string;
}

/** The first overdue plans and how many there are. */
export class OverduePlanList {
  total: number;
  items: OverduePlanRow[];
}

/** The first untraced outfalls and how many there are. */
export class UntracedOutfallList {
  total: number;
  items: UntracedOutfallRow[];
}

/** Overdue work as of a Beijing day. */
export class ProgressOverdue {
  asOf: string;
  plans: OverduePlanList;
  untraced: UntracedOutfallList;
}

export const QUARTER_CLOSE_KINDS = ['city', 'auto', 'legacy'] as const;
/** How a quarter was closed: by the city, by itself N days after its end, or before closing existed. */
export type QuarterCloseKind = (typeof QUARTER_CLOSE_KINDS)[number];

/** Who closed a quarter, how and when. */
export class QuarterClosure {
  @ApiProperty({ enum: QUARTER_CLOSE_KINDS, enumName: 'QuarterCloseKind' })
  kind: QuarterCloseKind;
  closedAt: Date;
  closedBy: string;
  reason: string | null;
}

/** The snapshot version in force for a quarter. */
export class QuarterSnapshotVersion {
  id: string;
  version: number;
  createdAt: Date;
}

/** An ended quarter: open or closed, the day it closes itself, its snapshot in force. */
export class QuarterState {
  quarter: string;
  /** The quarter's last Beijing day. */
  end: string;
  /** The Beijing day it closes itself, or null if it ended before the platform went live (the city closes it). */
  autoCloseOn: string | null;
  closed: QuarterClosure | null;
  /** The version in force, if computed. */
  snapshot: QuarterSnapshotVersion | null;
}

/** A closed quarter and the snapshot job it queued (null when none was needed). */
export class QuarterCloseResult {
  quarter: QuarterState;
  job: JobDto | null;
}

/** One version of a quarter's snapshot, and when it was computed. */
export class SnapshotRef {
  id: string;
  quarter: string;
  version: number;
  current: boolean;
  computedAt: Date;
  reason: string | null;
}

/** Which versions a quarter's report compares, and when each was computed. */
export class SnapshotComparison {
  snapshot: SnapshotRef;
  /** The latest version of the previous quarter, or null if that quarter has none yet. */
  previous: SnapshotRef | null;
}

export class ProgressSnapshotPage extends PageOf(ProgressSnapshot) {}
