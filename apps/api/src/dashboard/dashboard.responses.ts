import { ApiProperty } from '@nestjs/swagger';
import { ChronicOutfallView } from '@outfall/monitoring';
import { PatrolScheduleResponse } from '@outfall/patrols';
import { OverduePlanList, UntracedOutfallList } from '@outfall/progress';
import { ForecastStatus, ProgressMetric, ScopeGroup } from '@outfall/shared-types';

/** What GET /dashboard answers (the swagger plugin reads the property types of these classes). */

/** One target gauge: a deadline × metric of the targets table. */
export class DashboardGauge {
  /** The target's deadline (YYYY-MM-DD); one gauge per deadline × metric in the targets table. */
  deadline: string;
  metric: ProgressMetric;
  /** The scope groups that have a target at this deadline (the rate counts only their outfalls). */
  scopes: ScopeGroup[];
  /** Weighted across the scope groups by today's denominators. */
  target: number;
  /** As of today. */
  numerator: number;
  denominator: number;
  rate: number | null;
  /** The rate on the deadline day (null while the deadline is ahead). */
  rateAtDeadline: number | null;
  /** Projected at the deadline from the last two quarters' pace (null once the deadline has passed). */
  projected: number | null;
  /** met / missed once the deadline has come (judged on the deadline day); on_track / at_risk / behind before. */
  status: ForecastStatus | null;
}

/** The four rates (null: zero denominator). */
export class ProgressRates implements Record<ProgressMetric, number | null> {
  investigation: number | null;
  plan: number | null;
  tracing: number | null;
  remediation: number | null;
}

/** One point of the quarterly trend. */
export class DashboardTrendPoint {
  /** e.g. 2024Q1; the last point is today (`now`, `current: true`). */
  quarter: string;
  asOf: string;
  current: boolean;
  rates: ProgressRates;
}

/** A township or a responsible unit with its rates. */
export class DashboardRankingRow {
  key: string;
  label: string;
  registered: number;
  rates: ProgressRates;
}

/** Townships and responsible units ranked by remediation, then tracing rate. */
export class DashboardRankings {
  townships: DashboardRankingRow[];
  units: DashboardRankingRow[];
}

/** Whose dashboard it is. */
export class DashboardScope {
  cityWide: boolean;
  divisionId: string | null;
  divisionName: string | null;
  unitId: string | null;
  /** A sector department's outfall categories (its "my outfalls"); empty otherwise. */
  categories: string[];
}

/** The first chronic exceeders and how many there are. */
export class DashboardChronicList {
  total: number;
  items: ChronicOutfallView[];
}

/** The first overdue patrol schedules and how many there are. */
export class DashboardPatrolList {
  total: number;
  items: PatrolScheduleResponse[];
}

/** Overdue work: plans, untraced outfalls, patrols. */
export class DashboardOverdue {
  plans: OverduePlanList;
  untraced: UntracedOutfallList;
  patrols: DashboardPatrolList;
}

/** Active outfalls at one furthest milestone. */
export class DashboardStage {
  stage: string;
  count: number;
}

/** What is waiting for the caller today, of one kind. */
export class DashboardTodo {
  kind: string;
  count: number;
}

export const DASHBOARD_VIEWS = ['city', 'local'] as const;

/** The 工作台 of the caller's role. */
export class Dashboard {
  asOf: string;
  /** city: the eco branch, the water bureau and admins; local: a township or a sector department. */
  @ApiProperty({ enum: DASHBOARD_VIEWS, enumName: 'DashboardView' })
  view: (typeof DASHBOARD_VIEWS)[number];
  scope: DashboardScope;
  /** City view only. */
  gauges: DashboardGauge[] | null;
  trend: DashboardTrendPoint[] | null;
  rankings: DashboardRankings | null;
  chronic: DashboardChronicList | null;
  /** Both views: active outfalls by their furthest milestone. */
  stages: DashboardStage[];
  overdue: DashboardOverdue;
  /** What is waiting for the caller today, by kind (counts; zero kinds are kept so the page can say "nothing"). */
  todos: DashboardTodo[];
}
