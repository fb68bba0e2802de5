import type { ForecastStatus, ProgressMetric, ScopeGroup } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../api/http-client';

export type Rates = Record<ProgressMetric, number | null>;

/** One target (deadline × metric) of the plan, as of today and at (or projected to) its deadline. */
export interface DashboardGauge {
  deadline: string;
  metric: ProgressMetric;
  scopes: ScopeGroup[];
  target: number;
  numerator: number;
  denominator: number;
  rate: number | null;
  rateAtDeadline: number | null;
  projected: number | null;
  status: ForecastStatus | null;
}

export interface DashboardTrendPoint {
  /** e.g. 2024Q1, or `now` for the last point (today). */
  quarter: string;
  asOf: string;
  current: boolean;
  rates: Rates;
}

export interface DashboardRankingRow {
  key: string;
  label: string;
  registered: number;
  rates: Rates;
}

export interface DashboardList<T> {
  total: number;
  items: T[];
}

export interface OverduePlanItem {
  id: string;
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  unit: string;
  deadline: string;
  daysOverdue: number;
}

export interface UntracedItem {
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  water: string;
  tracingDeadline: string;
}

export interface OverduePatrolItem {
  outfallId: string;
  localCode: string;
  name: string;
  divisionName: string;
  unitName: string | null;
  nextDueOn: string;
  daysOverdue: number;
}

export interface ChronicItem {
  outfallId: string;
  localCode: string;
  name: string;
  divisionName: string;
  waterName: string;
  recentSamples: number;
  recentExceeding: number;
}

export type TodoKind =
  | 'plansToReview'
  | 'completionsToVerify'
  | 'noticeAnswersToReview'
  | 'noticesOverdue'
  | 'plansToSubmit'
  | 'samplesMissing'
  | 'noticesToAnswer'
  | 'patrolsOverdue';

/** `GET /dashboard`: the figures of the caller's role, within its jurisdiction. */
export interface Dashboard {
  asOf: string;
  view: 'city' | 'local';
  scope: {
    cityWide: boolean;
    divisionId: string | null;
    divisionName: string | null;
    unitId: string | null;
    categories: string[];
  };
  gauges: DashboardGauge[] | null;
  trend: DashboardTrendPoint[] | null;
  rankings: { townships: DashboardRankingRow[]; units: DashboardRankingRow[] } | null;
  chronic: DashboardList<ChronicItem> | null;
  stages: { stage: string; count: number }[];
  overdue: {
    plans: DashboardList<OverduePlanItem>;
    untraced: DashboardList<UntracedItem>;
    patrols: DashboardList<OverduePatrolItem>;
  };
  todos: { kind: TodoKind; count: number }[];
}

/** The query key of today's 工作台 (the page's query and the start-up prefetch share it). */
export const DASHBOARD_KEY = ['dashboard'] as const;

export function getDashboard(asOf?: string, signal?: AbortSignal): Promise<Dashboard> {
  return requestJson<Dashboard>('GET', withQuery('/api/v1/dashboard', { asOf }), { signal });
}
