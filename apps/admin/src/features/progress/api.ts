import type { Page } from '@outfall/shared-types';
import { api, dataOf, refinedDataOf } from '../../api/api-client';
import type { PageParams, Schemas } from '../../api/schemas';
import type { QueuedJob } from '../jobs/types';

/** The API's breakdown dimensions (`GET /progress` groups). */
export type ProgressDimension = Schemas['ProgressDimension'];

export type MetricProgress = Schemas['MetricProgress'];

export type ProgressGroup = Schemas['ProgressGroup'];

export type Progress = Schemas['Progress'];

export type ForecastRow = Schemas['ForecastRow'];

export type Forecast = Schemas['ProgressForecast'];

export type OverduePlan = Schemas['OverduePlanRow'];

export type UntracedOutfall = Schemas['UntracedOutfallRow'];

export type Overdue = Schemas['ProgressOverdue'];

/** A progress target (`GET /progress/targets`). */
export type ProgressTarget = Schemas['ProgressTarget'];

export type TargetInput = Schemas['TargetDto'];

export type SnapshotRow = Omit<Schemas['ProgressSnapshot'], 'data'>;

/** What a snapshot froze; a township account gets only its own rows and no overdue lists. */
export interface SnapshotData {
  progress: Progress;
  forecast: Forecast;
  overdue?: Overdue;
  ledgers?: Record<string, number>;
  computedAt?: string;
}

/** The contract keeps a snapshot's frozen figures free-form (`data`); they have the live answers' shapes. */
export interface Snapshot extends SnapshotRow {
  data: SnapshotData;
}

export type ReportFormat = Schemas['ReportFormat'];

export function getProgress(asOf: string, signal?: AbortSignal): Promise<Progress> {
  return dataOf(api.GET('/api/v1/progress', { params: { query: { asOf } }, signal }));
}

export function getForecast(asOf: string, signal?: AbortSignal): Promise<Forecast> {
  return dataOf(api.GET('/api/v1/progress/forecast', { params: { query: { asOf } }, signal }));
}

export function getOverdue(asOf: string, signal?: AbortSignal): Promise<Overdue> {
  return dataOf(api.GET('/api/v1/progress/overdue', { params: { query: { asOf } }, signal }));
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
  return dataOf(api.GET('/api/v1/progress/snapshots', { params: { query: params }, signal }));
}

export function getSnapshot(id: string, signal?: AbortSignal): Promise<Snapshot> {
  return refinedDataOf<Snapshot>(
    api.GET('/api/v1/progress/snapshots/{id}', { params: { path: { id } }, signal }),
  );
}

/** Queues a snapshot for every ended quarter that has none (none queued when all have one). */
export function catchUpSnapshots(): Promise<QueuedJob[]> {
  return dataOf(api.POST('/api/v1/progress/snapshots/catch-up'));
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

/** An ended quarter: open or closed, the day it closes itself (null: the city closes it), its version in force. */
export type QuarterState = Schemas['QuarterState'];

export type SnapshotRef = Schemas['SnapshotRef'];

export function listQuarters(signal?: AbortSignal): Promise<QuarterState[]> {
  return dataOf(api.GET('/api/v1/progress/quarters', { signal }));
}

/** The city (eco branch) closes an ended quarter; its snapshot is queued. */
export function closeQuarter(quarter: string): Promise<Schemas['QuarterCloseResult']> {
  return dataOf(
    api.POST('/api/v1/progress/quarters/{quarter}/close', { params: { path: { quarter } }, body: {} }),
  );
}

/** Which versions a snapshot's report compares (the previous quarter's latest) and when each was computed. */
export function getComparison(id: string, signal?: AbortSignal): Promise<Schemas['SnapshotComparison']> {
  return dataOf(api.GET('/api/v1/progress/snapshots/{id}/comparison', { params: { path: { id } }, signal }));
}
