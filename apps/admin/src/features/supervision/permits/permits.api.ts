import type { ApiOperations, PermitExpiry } from '@outfall/shared-types';
import { api, dataOf, refinedDataOf } from '../../../api/api-client';
import { definedOnly } from '../../../api/http-client';
import type { PageParams, Schemas } from '../../../api/schemas';

/** The outfall reference the permit and schedule answers embed (the schemas name the whole Outfall). */
type OutfallRef = Pick<Schemas['Outfall'], 'id' | 'localCode' | 'name' | 'divisionId' | 'category'>;

export type PermitDuty = Omit<Schemas['PermitDuty'], 'outlet'>;

/** An outlet as the permit answers carry it: its duties and its outfall's reference. */
export type PermitOutlet = Omit<Schemas['PermitOutlet'], 'outfall' | 'duties' | 'permit'> & {
  outfall: OutfallRef;
  duties: PermitDuty[];
};

/**
 * A permit as the API answers it: the schema's entity with the holder, the outlets and the computed expiry the
 * service always fills in (the schema leaves them optional, as on the entity).
 */
export type Permit = Omit<Schemas['DischargePermit'], 'entity' | 'outlets' | 'expiry' | 'daysLeft'> & {
  entity: Pick<Schemas['ResponsibleEntity'], 'id' | 'name' | 'creditCode' | 'divisionId'>;
  outlets: PermitOutlet[];
  expiry: PermitExpiry;
  daysLeft: number;
};

export type PermitInput = Schemas['PermitDto'];

export type Finding = Schemas['MonitoringFinding'];

/** A self-monitoring schedule with the outfall and unit references the service joins in. */
export type Schedule = Omit<Schemas['MonitoringSchedule'], 'outfall' | 'unit'> & {
  outfall: OutfallRef;
  unit: Pick<Schemas['Unit'], 'id' | 'name'>;
};

export type ScheduleInput = Schemas['ScheduleDto'];

/** `GET /outfalls/:id/permit-status`, its schedules as the list answers them. */
export type PermitStatus = Omit<Schemas['OutfallPermitStatus'], 'schedules'> & { schedules: Schedule[] };

type Paging = 'limit' | 'offset' | 'sort';
type PermitQuery = NonNullable<ApiOperations['PermitsController_list']['parameters']['query']>;
type FindingQuery = NonNullable<ApiOperations['PermitsController_findingList']['parameters']['query']>;
type ScheduleQuery = NonNullable<ApiOperations['PermitsController_scheduleList']['parameters']['query']>;

/** The filters the permits tab keeps in the URL. */
export type PermitFilter = Pick<PermitQuery, 'q' | 'divisionId' | 'entityId' | 'expiry'>;

/** The filters the findings tab keeps in the URL. */
export type FindingFilter = Pick<
  FindingQuery,
  'kind' | 'status' | 'divisionId' | 'entityId' | 'outfallId' | 'indicatorCode' | 'periodFrom' | 'periodTo'
>;

export type PermitsLedger = Schemas['PermitsLedgerDto']['ledger'];

export const listPermits = (params: PageParams & PermitFilter & { sort?: string }, signal?: AbortSignal) =>
  refinedDataOf<Omit<Schemas['DischargePermitPage'], 'items'> & { items: Permit[] }>(
    api.GET('/api/v1/permits', { params: { query: params }, signal }),
  );

export const getPermit = (id: string, signal?: AbortSignal) =>
  refinedDataOf<Permit>(api.GET('/api/v1/permits/{id}', { params: { path: { id } }, signal }));

export const createPermit = (body: PermitInput) =>
  refinedDataOf<Permit>(api.POST('/api/v1/permits', { body }));

export const updatePermit = (id: string, body: Schemas['UpdatePermitDto']) =>
  refinedDataOf<Permit>(api.PATCH('/api/v1/permits/{id}', { params: { path: { id } }, body }));

export const listFindings = (params: PageParams & FindingFilter & { sort?: string }, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/monitoring-findings', { params: { query: params }, signal }));

export const listSchedules = (
  params: PageParams & Pick<ScheduleQuery, 'outfallId' | 'divisionId'> & Pick<ScheduleQuery, Paging>,
  signal?: AbortSignal,
) =>
  refinedDataOf<Omit<Schemas['MonitoringSchedulePage'], 'items'> & { items: Schedule[] }>(
    api.GET('/api/v1/monitoring-schedules', { params: { query: params }, signal }),
  );

export const createSchedule = (body: ScheduleInput) =>
  refinedDataOf<Schedule>(api.POST('/api/v1/monitoring-schedules', { body }));

export const updateSchedule = (id: string, body: Schemas['UpdateScheduleDto']) =>
  refinedDataOf<Schedule>(api.PATCH('/api/v1/monitoring-schedules/{id}', { params: { path: { id } }, body }));

export const getPermitStatus = (outfallId: string, signal?: AbortSignal) =>
  refinedDataOf<PermitStatus>(
    api.GET('/api/v1/outfalls/{id}/permit-status', { params: { path: { id: outfallId } }, signal }),
  );

export const startPermitsLedger = (ledger: PermitsLedger, filter: PermitFilter & FindingFilter) =>
  dataOf(api.POST('/api/v1/permits/ledgers', { body: { ledger, ...definedOnly(filter) } }));
