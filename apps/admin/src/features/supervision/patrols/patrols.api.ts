import type {
  OutfallArea,
  OutfallCategory,
  Page,
  PatrolFindingKind,
  PatrolFlow,
} from '@outfall/shared-types';
import { definedOnly, requestJson, send, withQuery } from '../../../api/http-client';
import type { QueuedJob } from '../../jobs/types';

/** What the API answers and takes for patrols (libs/supervision/patrols). */
export interface PatrolFinding {
  id: string;
  patrolId: string;
  kind: PatrolFindingKind;
  description: string;
  remediationPlanId: string | null;
  enforcementCaseId: string | null;
}

export interface PatrolPhoto {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  downloadUrl: string;
}

export interface PatrolRow {
  id: string;
  outfallId: string;
  outfall: {
    id: string;
    localCode: string;
    name: string;
    category: OutfallCategory;
    longitude: number;
    latitude: number;
  };
  unitId: string;
  unit: { id: string; name: string } | null;
  recordedBy: string;
  patrollerNames: string;
  patrolledAt: string;
  patrolDay: string;
  longitude: number;
  latitude: number;
  distanceM: number;
  distanceLimitM: number;
  distanceFlagged: boolean;
  signIntact: boolean;
  discharging: boolean;
  colourAbnormal: boolean;
  odourAbnormal: boolean;
  flowEstimate: PatrolFlow;
  newPipesNearby: boolean;
  notes: string | null;
  findingCount: number;
  findings?: PatrolFinding[];
  photos?: PatrolPhoto[];
  version: number;
}

export interface PatrolFilter {
  unitId?: string;
  divisionId?: string;
  outfallId?: string;
  from?: string;
  to?: string;
  hasFindings?: boolean;
  overdue?: boolean;
  distanceFlagged?: boolean;
}

export interface PatrolSchedule {
  outfallId: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  area: OutfallArea;
  keyRiver: boolean;
  divisionId: string;
  divisionName: string;
  unitId: string | null;
  unitName: string | null;
  ruleDays: number | null;
  overrideDays: number | null;
  overrideReason: string | null;
  intervalDays: number;
  lastPatrolDay: string | null;
  nextDueOn: string;
  overdue: boolean;
  daysOverdue: number;
}

export interface ScheduleFilter {
  unitId?: string;
  divisionId?: string;
  category?: OutfallCategory;
  overdue?: boolean;
  q?: string;
}

export interface OverdueByUnit {
  unitId: string | null;
  unitName: string | null;
  outfalls: number;
  overdue: number;
}

export interface PatrolRule {
  id: string;
  category: OutfallCategory | null;
  area: OutfallArea | null;
  keyRiver: boolean | null;
  intervalDays: number;
  note: string | null;
  version: number;
}

export type PatrolRuleInput = Omit<PatrolRule, 'id' | 'version'>;

export interface PatrolInput {
  patrolledAt: string;
  patrollerNames: string;
  longitude: number;
  latitude: number;
  signIntact: boolean;
  discharging: boolean;
  colourAbnormal: boolean;
  odourAbnormal: boolean;
  flowEstimate: PatrolFlow;
  newPipesNearby: boolean;
  notes?: string;
}

export interface CreatePatrolInput extends PatrolInput {
  outfallId: string;
  findings?: { kind: PatrolFindingKind; description: string }[];
}

export interface FindingPlanInput {
  problems?: string[];
  measures: string;
  targetState: string;
  responsibleUnitId: string;
  responsiblePerson: string;
  responsiblePhone: string;
  deadline: string;
}

type PageParams = { limit: number; offset: number; sort?: string };

export const listPatrols = (params: PageParams & PatrolFilter, signal?: AbortSignal) =>
  requestJson<Page<PatrolRow>>('GET', withQuery('/api/v1/patrols', { ...params }), { signal });

export const getPatrol = (id: string, signal?: AbortSignal) =>
  requestJson<PatrolRow>('GET', `/api/v1/patrols/${encodeURIComponent(id)}`, { signal });

export const createPatrol = (input: CreatePatrolInput) =>
  requestJson<PatrolRow>('POST', '/api/v1/patrols', { body: input });

export const deletePatrol = (id: string) =>
  requestJson<void>('DELETE', `/api/v1/patrols/${encodeURIComponent(id)}`);

export function uploadPatrolPhoto(patrolId: string, file: File): Promise<PatrolPhoto> {
  const body = new FormData();
  body.append('file', file);
  return requestJson<PatrolPhoto>('POST', `/api/v1/patrols/${encodeURIComponent(patrolId)}/photos`, { body });
}

/** A photo behind the bearer token, as an object URL for an <img>. */
export async function photoObjectUrl(photo: PatrolPhoto): Promise<string> {
  const response = await send('GET', photo.downloadUrl);
  return URL.createObjectURL(await response.blob());
}

export const openPlanFromFinding = (findingId: string, input: FindingPlanInput) =>
  requestJson<PatrolFinding>(
    'POST',
    `/api/v1/patrols/findings/${encodeURIComponent(findingId)}/remediation-plan`,
    { body: input },
  );

export const listSchedules = (params: PageParams & ScheduleFilter, signal?: AbortSignal) =>
  requestJson<Page<PatrolSchedule>>('GET', withQuery('/api/v1/patrols/schedules', { ...params }), { signal });

export const overdueByUnit = (signal?: AbortSignal) =>
  requestJson<OverdueByUnit[]>('GET', '/api/v1/patrols/overdue', { signal });

export const outfallPatrols = (outfallId: string, signal?: AbortSignal) =>
  requestJson<{ schedule: PatrolSchedule; recent: PatrolRow[] }>(
    'GET',
    `/api/v1/outfalls/${encodeURIComponent(outfallId)}/patrols`,
    { signal },
  );

export const setScheduleOverride = (outfallId: string, input: { intervalDays: number; reason: string }) =>
  requestJson<PatrolSchedule>('PUT', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/patrol-schedule`, {
    body: input,
  });

export const removeScheduleOverride = (outfallId: string) =>
  requestJson<PatrolSchedule>('DELETE', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/patrol-schedule`);

export const listRules = (signal?: AbortSignal) =>
  requestJson<PatrolRule[]>('GET', '/api/v1/patrols/rules', { signal });

export const saveRule = (id: string | null, input: PatrolRuleInput) =>
  id
    ? requestJson<PatrolRule>('PUT', `/api/v1/patrols/rules/${encodeURIComponent(id)}`, { body: input })
    : requestJson<PatrolRule>('POST', '/api/v1/patrols/rules', { body: input });

export const deleteRule = (id: string) =>
  requestJson<void>('DELETE', `/api/v1/patrols/rules/${encodeURIComponent(id)}`);

export const getPatrolConfig = (signal?: AbortSignal) =>
  requestJson<{ distanceLimitM: number }>('GET', '/api/v1/patrols/config', { signal });

export const setPatrolConfig = (distanceLimitM: number) =>
  requestJson<{ distanceLimitM: number }>('PUT', '/api/v1/patrols/config', { body: { distanceLimitM } });

export const startPatrolLedger = (filter: PatrolFilter) =>
  requestJson<QueuedJob>('POST', '/api/v1/patrols/ledger', { body: definedOnly(filter) });
