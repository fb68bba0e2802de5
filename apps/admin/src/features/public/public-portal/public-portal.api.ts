import type { ApiOperations } from '@outfall/shared-types';
import { anonymousApi, api, dataOf, refinedDataOf } from '../../../api/api-client';
import { send, withQuery } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

export type PublicField = Schemas['PublicField'];

/** The catalogue of publishable outfall fields in the order the form lists them (code is always public). */
export const PUBLIC_FIELDS = [
  'code',
  'name',
  'location',
  'receivingWater',
  'township',
  'responsibleEntity',
  'category',
  'remediationStatus',
  'latestCompliance',
  'sign',
] as const satisfies readonly PublicField[];

/** A published outfall: only the public fields are present. */
export type PublicOutfall = Schemas['PublicOutfallDto'];

type PublicOutfallsQuery = NonNullable<ApiOperations['PublicController_list']['parameters']['query']>;
/** The list's filters (held by the page). */
export type PublicOutfallQuery = Omit<PublicOutfallsQuery, 'limit' | 'offset'>;

/** The published outfalls as points; the schema leaves a feature's geometry and properties untyped. */
export type PublicMap = Omit<Schemas['GeoJsonFeatureCollectionDto'], 'features'> & {
  features: { geometry: { coordinates: [number, number] }; properties: PublicOutfall }[];
};

export const listPublicOutfalls = (query: PublicOutfallsQuery, signal?: AbortSignal) =>
  dataOf(anonymousApi.GET('/api/v1/public/outfalls', { params: { query }, signal }));
export const getPublicOutfall = (code: string, signal?: AbortSignal) =>
  dataOf(anonymousApi.GET('/api/v1/public/outfalls/{code}', { params: { path: { code } }, signal }));
export const getPublicFilters = (signal?: AbortSignal) =>
  dataOf(anonymousApi.GET('/api/v1/public/outfalls/filters', { signal }));
export const getPublicMap = (signal?: AbortSignal) =>
  refinedDataOf<PublicMap>(anonymousApi.GET('/api/v1/public/outfalls/map', { signal }));
export const listPublicApprovals = (query: { limit: number; offset: number }, signal?: AbortSignal) =>
  dataOf(anonymousApi.GET('/api/v1/public/approvals', { params: { query }, signal }));

// ---- admin ----

export type PublicationStatus = Schemas['PublicationStatus'];
export type PublicationRevision = Schemas['PublicationConfig'];
export type PublicationDraftInput = Schemas['PublicationDraftDto'];

export const getPublicationState = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/publication', { signal }));
export const listPublicationRevisions = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/publication/revisions', { params: { query: { limit: 50 } }, signal }));
export const savePublicationDraft = (body: PublicationDraftInput) =>
  dataOf(api.PUT('/api/v1/publication/draft', { body }));
export const submitPublicationDraft = (version: number) =>
  dataOf(api.POST('/api/v1/publication/draft/submit', { body: { version } }));
export const approvePublicationDraft = (version: number, reviewNote?: string) =>
  dataOf(api.POST('/api/v1/publication/draft/approve', { body: { version, reviewNote } }));
export const rejectPublicationDraft = (version: number, reviewNote: string) =>
  dataOf(api.POST('/api/v1/publication/draft/reject', { body: { version, reviewNote } }));

/**
 * Fetches the printable sign sheets (behind the bearer token) and opens them in a new window to print. An HTML
 * page, not JSON: read as text through `send`, so it stays off the typed client.
 */
export async function openSignSheets(query: { outfallIds?: string[]; divisionId?: string }): Promise<void> {
  const target = window.open('', '_blank');
  const response = await send(
    'GET',
    withQuery('/api/v1/publication/sign-sheets', {
      outfallIds: query.outfallIds?.join(','),
      divisionId: query.divisionId,
    }),
  );
  const html = await response.text();
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  if (target) target.location.href = url;
  else window.location.href = url;
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
