import type { ApiOperations, OutfallCategory } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { definedOnly, send } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

export type SetupApplicationRow = Schemas['SetupApplicationViewDto'];
export type SetupRuleResult = Schemas['SetupRuleResult'];
export type SetupDocument = Schemas['SetupDocument'];
export type MultiOutfallEnterprise = Schemas['MultiOutfallEnterpriseDto'];

type SetupQuery = NonNullable<ApiOperations['SetupReviewController_list']['parameters']['query']>;
type MultiOutfallQuery = NonNullable<
  ApiOperations['SetupReviewController_multiOutfall']['parameters']['query']
>;
/** The list's filters (held by the page, sent as the query and as the ledger's body). */
export type SetupFilter = Omit<SetupQuery, 'limit' | 'offset' | 'sort'>;

export const listSetupApplications = (query: SetupQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/setup-review/applications', { params: { query }, signal }));

export const getSetupApplication = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/setup-review/applications/{id}', { params: { path: { id } }, signal }));

export const createSetupApplication = (body: Schemas['CreateSetupApplicationDto']) =>
  dataOf(api.POST('/api/v1/setup-review/applications', { body }));

export const submitSetupApplication = (id: string) =>
  dataOf(api.POST('/api/v1/setup-review/applications/{id}/submit', { params: { path: { id } } }));

export const recordConsultation = (id: string, body: Schemas['SetupConsultationDto']) =>
  dataOf(api.POST('/api/v1/setup-review/applications/{id}/consultation', { params: { path: { id } }, body }));

export const decideSetupApplication = (id: string, body: Schemas['SetupDecisionDto']) =>
  dataOf(api.POST('/api/v1/setup-review/applications/{id}/decision', { params: { path: { id } }, body }));

export const fileRegistration = (id: string, body: Schemas['SetupFilingDto']) =>
  dataOf(api.POST('/api/v1/setup-review/applications/{id}/filing', { params: { path: { id } }, body }));

/** Multipart upload: sent as FormData through `send` (openapi-fetch would need a body serializer). */
export async function uploadSetupDocument(id: string, file: File): Promise<SetupDocument> {
  const form = new FormData();
  form.append('file', file);
  const response = await send(
    'POST',
    `/api/v1/setup-review/applications/${encodeURIComponent(id)}/documents`,
    {
      body: form,
    },
  );
  return (await response.json()) as SetupDocument;
}

export const setupRouteFor = (category: OutfallCategory, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/setup-review/route', { params: { query: { category } }, signal }));

export const startSetupLedger = (filter: SetupFilter) =>
  dataOf(api.POST('/api/v1/setup-review/ledgers', { body: definedOnly(filter) }));

export const listMultiOutfallEnterprises = (query: MultiOutfallQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/setup-review/multi-outfall-enterprises', { params: { query }, signal }));

export const recordNotification = (body: Schemas['SetupNotificationDto']) =>
  dataOf(api.POST('/api/v1/setup-review/notifications', { body }));
