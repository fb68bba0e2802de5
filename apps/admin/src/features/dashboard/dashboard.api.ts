import type { Schemas } from '../../api/schemas';
import { api, refinedDataOf } from '../../api/api-client';

/** `GET /dashboard` and its parts, as the contract types them. */
export type Rates = Schemas['ProgressRates'];
export type DashboardGauge = Schemas['DashboardGauge'];
export type DashboardTrendPoint = Schemas['DashboardTrendPoint'];
export type DashboardRankingRow = Schemas['DashboardRankingRow'];
export type OverduePlanItem = Schemas['OverduePlanRow'];
export type UntracedItem = Schemas['UntracedOutfallRow'];
export type OverduePatrolItem = Schemas['PatrolScheduleResponse'];
export type ChronicItem = Schemas['ChronicOutfallView'];

/** A list on the dashboard: its first rows and the total (the list page has the rest). */
export interface DashboardList<T> {
  total: number;
  items: T[];
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

/** `GET /dashboard`: the figures of the caller's role; the contract types a to-do's kind as a string. */
export type Dashboard = Omit<Schemas['Dashboard'], 'todos'> & { todos: { kind: TodoKind; count: number }[] };

/** The query key of today's 工作台 (the page's query and the start-up prefetch share it). */
export const DASHBOARD_KEY = ['dashboard'] as const;

export function getDashboard(asOf?: string, signal?: AbortSignal): Promise<Dashboard> {
  return refinedDataOf<Dashboard>(api.GET('/api/v1/dashboard', { params: { query: { asOf } }, signal }));
}
