import type { ApiOperations } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { definedOnly, requestJson, send } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

/** What the API answers and takes for patrols (libs/supervision/patrols), from the contract. */
export type PatrolFinding = Schemas['PatrolFindingResponse'];
export type PatrolPhoto = Schemas['PatrolPhotoResponse'];
export type PatrolRow = Schemas['PatrolResponse'];
export type PatrolSchedule = Schemas['PatrolScheduleResponse'];
export type OverdueByUnit = Schemas['PatrolOverdueGroupResponse'];
export type PatrolRule = Schemas['PatrolRuleResponse'];
export type PatrolRuleInput = Schemas['PatrolRuleDto'];
export type CreatePatrolInput = Schemas['CreatePatrolDto'];
export type FindingPlanInput = Schemas['PlanDto'];

type PatrolQuery = NonNullable<ApiOperations['PatrolsController_list']['parameters']['query']>;
type ScheduleQuery = NonNullable<ApiOperations['PatrolsController_schedules']['parameters']['query']>;
type Paging = 'limit' | 'offset' | 'sort';
type PageParams = { limit: number; offset: number; sort?: string };

/** The list's filters (held in the URL, sent to the list and the ledger). */
export type PatrolFilter = Omit<PatrolQuery, Paging>;

export type ScheduleFilter = Omit<ScheduleQuery, Paging>;

export const listPatrols = (params: PageParams & PatrolFilter, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/patrols', { params: { query: params }, signal }));

export const getPatrol = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/patrols/{id}', { params: { path: { id } }, signal }));

export const createPatrol = (body: CreatePatrolInput) => dataOf(api.POST('/api/v1/patrols', { body }));

export const deletePatrol = (id: string) =>
  dataOf(api.DELETE('/api/v1/patrols/{id}', { params: { path: { id } } }));

/** Multipart (`file`): the contract names no request body for it, so it goes through `requestJson` like every upload. */
export function uploadPatrolPhoto(patrolId: string, file: File): Promise<PatrolPhoto> {
  const body = new FormData();
  body.append('file', file);
  return requestJson<PatrolPhoto>('POST', `/api/v1/patrols/${encodeURIComponent(patrolId)}/photos`, { body });
}

/** A photo behind the bearer token, as an object URL for an <img> (a blob at the answer's URL, not JSON). */
export async function photoObjectUrl(photo: PatrolPhoto): Promise<string> {
  const response = await send('GET', photo.downloadUrl);
  return URL.createObjectURL(await response.blob());
}

export const openPlanFromFinding = (findingId: string, body: FindingPlanInput) =>
  dataOf(
    api.POST('/api/v1/patrols/findings/{findingId}/remediation-plan', {
      params: { path: { findingId } },
      body,
    }),
  );

export const listSchedules = (params: PageParams & ScheduleFilter, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/patrols/schedules', { params: { query: params }, signal }));

export const overdueByUnit = (signal?: AbortSignal) => dataOf(api.GET('/api/v1/patrols/overdue', { signal }));

export const outfallPatrols = (outfallId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/outfalls/{id}/patrols', { params: { path: { id: outfallId } }, signal }));

export const setScheduleOverride = (outfallId: string, body: Schemas['ScheduleOverrideDto']) =>
  dataOf(api.PUT('/api/v1/outfalls/{id}/patrol-schedule', { params: { path: { id: outfallId } }, body }));

export const removeScheduleOverride = (outfallId: string) =>
  dataOf(api.DELETE('/api/v1/outfalls/{id}/patrol-schedule', { params: { path: { id: outfallId } } }));

export const listRules = (signal?: AbortSignal) => dataOf(api.GET('/api/v1/patrols/rules', { signal }));

export const saveRule = (id: string | null, body: PatrolRuleInput) =>
  id
    ? dataOf(api.PUT('/api/v1/patrols/rules/{id}', { params: { path: { id } }, body }))
    : dataOf(api.POST('/api/v1/patrols/rules', { body }));

export const deleteRule = (id: string) =>
  dataOf(api.DELETE('/api/v1/patrols/rules/{id}', { params: { path: { id } } }));

export const getPatrolConfig = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/patrols/config', { signal }));

export const setPatrolConfig = (distanceLimitM: number) =>
  dataOf(api.PUT('/api/v1/patrols/config', { body: { distanceLimitM } }));

export const startPatrolLedger = (filter: PatrolFilter) =>
  dataOf(api.POST('/api/v1/patrols/ledger', { body: definedOnly(filter) }));
