import type {
  FindingKind,
  FindingStatus,
  MonitoringFrequency,
  Page,
  PermitExpiry,
} from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import type { PageParams } from '../../../api/schemas';
import type { QueuedJob } from '../../jobs/types';

export interface PermitDuty {
  id: string;
  indicatorCode: string;
  frequency: MonitoringFrequency;
}

export interface PermitOutlet {
  id: string;
  code: string;
  name: string | null;
  outfallId: string;
  outfall?: { id: string; localCode: string; name: string; divisionId: string };
  duties: PermitDuty[];
}

export interface Permit {
  id: string;
  permitNumber: string;
  entityId: string;
  entity: { id: string; name: string; creditCode: string | null; divisionId: string };
  issuingAuthority: string;
  validFrom: string;
  validTo: string;
  notes: string | null;
  demo: boolean;
  expiry: PermitExpiry;
  daysLeft: number;
  outlets: PermitOutlet[];
  version: number;
  updatedAt: string;
}

export interface PermitInput {
  permitNumber: string;
  entityId: string;
  issuingAuthority: string;
  validFrom: string;
  validTo: string;
  notes?: string;
  outlets: {
    code: string;
    name?: string;
    outfallId: string;
    duties: { indicatorCode: string; frequency: MonitoringFrequency }[];
  }[];
}

export interface PermitFilter {
  q?: string;
  divisionId?: string;
  entityId?: string;
  expiry?: PermitExpiry;
}

export interface Finding {
  id: string;
  kind: FindingKind;
  status: FindingStatus;
  outfallId: string;
  outfallCode: string;
  outfallName: string;
  divisionId: string;
  divisionName: string;
  entityId: string | null;
  entityName: string | null;
  unitName: string | null;
  permitNumber: string | null;
  outletCode: string | null;
  indicatorCode: string | null;
  indicatorName: string | null;
  frequency: MonitoringFrequency;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  receivedAt: string | null;
}

export interface FindingFilter {
  kind?: FindingKind;
  status?: FindingStatus;
  divisionId?: string;
  entityId?: string;
  outfallId?: string;
  indicatorCode?: string;
  periodFrom?: string;
  periodTo?: string;
}

export interface Schedule {
  id: string;
  outfallId: string;
  outfall: { id: string; localCode: string; name: string; divisionId: string };
  unitId: string;
  unit: { id: string; name: string };
  frequency: MonitoringFrequency;
  startOn: string;
  endOn: string | null;
  indicatorCodes: string[];
  notes: string | null;
  version: number;
}

export interface ScheduleInput {
  outfallId: string;
  unitId: string;
  frequency: MonitoringFrequency;
  startOn: string;
  endOn?: string;
  indicatorCodes?: string[];
  notes?: string;
}

export interface PermitStatus {
  outfallId: string;
  outlets: {
    permitId: string;
    permitNumber: string;
    entityName: string;
    validTo: string;
    expiry: PermitExpiry;
    daysLeft: number;
    outletCode: string;
    duties: string[];
  }[];
  schedules: Schedule[];
  permitExpiring: boolean;
  permitExpired: boolean;
  nonReceiptCount: number;
  missedSampleCount: number;
  recentFindings: Finding[];
}

export type PermitsLedger = 'permits' | 'findings';

export const listPermits = (params: PageParams & PermitFilter & { sort?: string }, signal?: AbortSignal) =>
  requestJson<Page<Permit>>('GET', withQuery('/api/v1/permits', { ...params }), { signal });

export const getPermit = (id: string, signal?: AbortSignal) =>
  requestJson<Permit>('GET', `/api/v1/permits/${encodeURIComponent(id)}`, { signal });

export const createPermit = (input: PermitInput) =>
  requestJson<Permit>('POST', '/api/v1/permits', { body: input });

export const updatePermit = (id: string, input: PermitInput & { version: number }) =>
  requestJson<Permit>('PATCH', `/api/v1/permits/${encodeURIComponent(id)}`, { body: input });

export const listFindings = (params: PageParams & FindingFilter & { sort?: string }, signal?: AbortSignal) =>
  requestJson<Page<Finding>>('GET', withQuery('/api/v1/monitoring-findings', { ...params }), { signal });

export const listSchedules = (
  params: PageParams & { outfallId?: string; divisionId?: string; sort?: string },
  signal?: AbortSignal,
) => requestJson<Page<Schedule>>('GET', withQuery('/api/v1/monitoring-schedules', { ...params }), { signal });

export const createSchedule = (input: ScheduleInput) =>
  requestJson<Schedule>('POST', '/api/v1/monitoring-schedules', { body: input });

export const updateSchedule = (id: string, input: ScheduleInput & { version: number }) =>
  requestJson<Schedule>('PATCH', `/api/v1/monitoring-schedules/${encodeURIComponent(id)}`, { body: input });

export const getPermitStatus = (outfallId: string, signal?: AbortSignal) =>
  requestJson<PermitStatus>('GET', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/permit-status`, {
    signal,
  });

export const startPermitsLedger = (ledger: PermitsLedger, filter: PermitFilter & FindingFilter) =>
  requestJson<QueuedJob>('POST', '/api/v1/permits/ledgers', { body: { ledger, ...definedOnly(filter) } });
