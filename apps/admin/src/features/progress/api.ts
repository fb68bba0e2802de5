import type { ForecastStatus, Page, ProgressMetric } from '@outfall/shared-types';
import { api, dataOf } from '../../api/api-client';
import type { Schemas } from '../../api/schemas';
import { requestJson, withQuery } from '../../api/http-client';
import type { PageParams } from '../../api/schemas';
import type { QueuedJob } from '../jobs/types';

// TODO(contract): replace with the generated schema
/** The API's breakdown dimensions (`GET /progress` groups). */
export type ProgressDimension = 'city' | 'scope' | 'river' | 'township' | 'unit' | 'category' | 'area';

// TODO(contract): replace with the generated schema
export interface MetricProgress {
  numerator: number;
  denominator: number;
  /** 0–1, null without a denominator. */
  rate: number | null;
  /** The target in force (the nearest deadline on or after the as-of day, else the last one). */
  target: number | null;
  deadline: string | null;
  gap: number | null;
  met: boolean | null;
  /** missed (未达标): the deadline has come without reaching the target; null: n/a. Absent in older snapshots. */
  status?: 'met' | 'missed' | 'open' | null;
}

// TODO(contract): replace with the generated schema
export interface ProgressGroup {
  dimension: ProgressDimension;
  key: string;
  label: string;
  metrics: Record<ProgressMetric, MetricProgress>;
}

// TODO(contract): replace with the generated schema
export interface Progress {
  asOf: string;
  remediationCounts: 'completed' | 'verified';
  groups: ProgressGroup[];
}

// TODO(contract): replace with the generated schema
export interface ForecastRow {
  dimension: ProgressDimension;
  key: string;
  label: string;
  metric: ProgressMetric;
  rate: number | null;
  previousRate: number | null;
  pace: number | null;
  deadline: string;
  target: number;
  projected: number | null;
  metOn: string | null;
  status: ForecastStatus;
}

// TODO(contract): replace with the generated schema
export interface Forecast {
  asOf: string;
  since: string;
  rows: ForecastRow[];
}

// TODO(contract): replace with the generated schema
export interface OverduePlan {
  id: string;
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  unit: string;
  deadline: string;
  status: string;
  daysOverdue: number;
}

// TODO(contract): replace with the generated schema
export interface UntracedOutfall {
  outfallId: string;
  localCode: string;
  name: string;
  township: string;
  water: string;
  tracingDeadline: string;
}

// TODO(contract): replace with the generated schema
export interface Overdue {
  asOf: string;
  /** `total` counts all; `items` holds at most the first 200 (500 in a snapshot). */
  plans: { total: number; items: OverduePlan[] };
  untraced: { total: number; items: UntracedOutfall[] };
}

/** A progress target (`GET /progress/targets`). */
export type ProgressTarget = Schemas['ProgressTarget'];

export type TargetInput = Schemas['TargetDto'];

// TODO(contract): replace with the generated schema
export interface SnapshotRow {
  id: string;
  quarter: string;
  asOf: string;
  version: number;
  current: boolean;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

// TODO(contract): replace with the generated schema
/** What a snapshot froze; a township account gets only its own rows and no overdue lists. */
export interface SnapshotData {
  progress: Progress;
  forecast: Forecast;
  overdue?: Overdue;
  ledgers?: Record<string, number>;
  computedAt?: string;
}

// TODO(contract): replace with the generated schema
export interface Snapshot extends SnapshotRow {
  data: SnapshotData;
}

export type ReportFormat = Schemas['ReportFormat'];

const BASE = '/api/v1/progress';

export function getProgress(asOf: string, signal?: AbortSignal): Promise<Progress> {
  return requestJson<Progress>('GET', withQuery(BASE, { asOf }), { signal });
}

export function getForecast(asOf: string, signal?: AbortSignal): Promise<Forecast> {
  return requestJson<Forecast>('GET', withQuery(`${BASE}/forecast`, { asOf }), { signal });
}

export function getOverdue(asOf: string, signal?: AbortSignal): Promise<Overdue> {
  return requestJson<Overdue>('GET', withQuery(`${BASE}/overdue`, { asOf }), { signal });
}

export function listTargets(signal?: AbortSignal): Promise<ProgressTarget[]> {
  return dataOf(api.GET('/api/v1/progress/targets', { signal }));
}

export function createTarget(input: TargetInput): Promise<ProgressTarget> {
  return dataOf(api.POST('/api/v1/progress/targets', { body: input }));
}

export function updateTarget(id: string, input: Schemas['UpdateTargetDto']): Promise<ProgressTarget> {
  return dataOf(api.PUT('/api/v1/progress/targets/{id}', { params: { path: { id } }, body: input }));
}

export function removeTarget(id: string): Promise<void> {
  return dataOf(api.DELETE('/api/v1/progress/targets/{id}', { params: { path: { id } } }));
}

export function listSnapshots(
  params: PageParams & { all?: boolean },
  signal?: AbortSignal,
): Promise<Page<SnapshotRow>> {
  return requestJson<Page<SnapshotRow>>('GET', withQuery(`${BASE}/snapshots`, { ...params }), { signal });
}

export function getSnapshot(id: string, signal?: AbortSignal): Promise<Snapshot> {
  return requestJson<Snapshot>('GET', `${BASE}/snapshots/${encodeURIComponent(id)}`, { signal });
}

/** Queues a snapshot for every ended quarter that has none (none queued when all have one). */
export function catchUpSnapshots(): Promise<QueuedJob[]> {
  return requestJson<QueuedJob[]>('POST', `${BASE}/snapshots/catch-up`);
}

/** Recomputes an ended quarter: a new version becomes current, the old one is kept. */
export function recomputeSnapshot(quarter: string, reason: string): Promise<QueuedJob> {
  return dataOf(api.POST('/api/v1/progress/snapshots/recompute', { body: { quarter, reason } }));
}

/** Queues the quarterly dispatch report (季度调度报告) of a snapshot (city-wide accounts only). */
export function startDispatchReport(id: string, format: ReportFormat): Promise<QueuedJob> {
  return dataOf(
    api.POST('/api/v1/progress/snapshots/{id}/report', { params: { path: { id } }, body: { format } }),
  );
}

// TODO(contract): replace with the generated schema
/** An ended quarter: open or closed, the day it closes itself (null: the city closes it), its version in force. */
export interface QuarterState {
  quarter: string;
  end: string;
  autoCloseOn: string | null;
  closed: {
    kind: 'city' | 'auto' | 'legacy';
    closedAt: string;
    closedBy: string;
    reason: string | null;
  } | null;
  snapshot: { id: string; version: number; createdAt: string } | null;
}

// TODO(contract): replace with the generated schema
export interface SnapshotRef {
  id: string;
  quarter: string;
  version: number;
  current: boolean;
  computedAt: string;
  reason: string | null;
}

export function listQuarters(signal?: AbortSignal): Promise<QuarterState[]> {
  return requestJson<QuarterState[]>('GET', `${BASE}/quarters`, { signal });
}

/** The city (eco branch) closes an ended quarter; its snapshot is queued. */
export function closeQuarter(quarter: string): Promise<{ quarter: QuarterState; job: QueuedJob | null }> {
  return requestJson('POST', `${BASE}/quarters/${encodeURIComponent(quarter)}/close`, { body: {} });
}

/** Which versions a snapshot's report compares (the previous quarter's latest) and when each was computed. */
export function getComparison(
  id: string,
  signal?: AbortSignal,
): Promise<{ snapshot: SnapshotRef; previous: SnapshotRef | null }> {
  return requestJson('GET', `${BASE}/snapshots/${encodeURIComponent(id)}/comparison`, { signal });
}
