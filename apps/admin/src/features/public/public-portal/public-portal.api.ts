import type { Page } from '@outfall/shared-types';
import { requestJson, send, withQuery } from '../../../api/http-client';

/** The catalogue of publishable outfall fields (code is always public). */
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
] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];

/** A published outfall: only the public fields are present. */
export interface PublicOutfall {
  code: string;
  name?: string | null;
  longitude?: number | null;
  latitude?: number | null;
  receivingWater?: string | null;
  township?: string | null;
  responsibleEntity?: string | null;
  category?: string | null;
  remediationStatus?: string | null;
  latestCompliance?: { status: 'compliant' | 'exceeding'; sampledOn: string } | null;
  sign?: {
    installed: boolean;
    installedOn: string | null;
    supervisingDepartment: string | null;
    supervisingPhone: string | null;
  } | null;
}

export interface PublicFilters {
  fields: PublicField[];
  waters: { id: string; name: string }[];
  townships: { id: string; name: string }[];
  categories: string[];
}

export interface PublicOutfallQuery {
  waterBodyId?: string;
  divisionId?: string;
  category?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface PublicMap {
  type: 'FeatureCollection';
  features: { geometry: { coordinates: [number, number] }; properties: PublicOutfall }[];
}

export interface PublishedApproval {
  code: string;
  outfallName: string;
  outfallCode: string | null;
  applicantName: string;
  kind: string;
  route: string;
  decision: string;
  documentNumber: string;
  decidedOn: string;
  receivingWater: string;
  functionZone: string | null;
}

const anonymous = { anonymous: true } as const;

export const listPublicOutfalls = (query: PublicOutfallQuery, signal?: AbortSignal) =>
  requestJson<Page<PublicOutfall>>('GET', withQuery('/api/v1/public/outfalls', { ...query }), {
    ...anonymous,
    signal,
  });
export const getPublicOutfall = (code: string, signal?: AbortSignal) =>
  requestJson<PublicOutfall>('GET', `/api/v1/public/outfalls/${encodeURIComponent(code)}`, {
    ...anonymous,
    signal,
  });
export const getPublicFilters = (signal?: AbortSignal) =>
  requestJson<PublicFilters>('GET', '/api/v1/public/outfalls/filters', { ...anonymous, signal });
export const getPublicMap = (signal?: AbortSignal) =>
  requestJson<PublicMap>('GET', '/api/v1/public/outfalls/map', { ...anonymous, signal });
export const listPublicApprovals = (query: { limit: number; offset: number }, signal?: AbortSignal) =>
  requestJson<Page<PublishedApproval>>('GET', withQuery('/api/v1/public/approvals', { ...query }), {
    ...anonymous,
    signal,
  });

// ---- admin ----

export type PublicationStatus = 'draft' | 'submitted' | 'effective' | 'superseded' | 'rejected';

export interface PublicationRevision {
  id: string;
  revision: number;
  status: PublicationStatus;
  fields: PublicField[];
  categories: string[];
  signedOnly: boolean;
  note: string | null;
  reviewNote: string | null;
  editedByName: string | null;
  submittedAt: string | null;
  reviewedByName: string | null;
  reviewedAt: string | null;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  createdAt: string;
  version: number;
}

export interface PublicationState {
  effective: PublicationRevision | null;
  open: PublicationRevision | null;
  catalogue: PublicField[];
}

export interface PublicationDraftInput {
  fields: PublicField[];
  categories: string[];
  signedOnly: boolean;
  note?: string;
  version?: number;
}

export const getPublicationState = (signal?: AbortSignal) =>
  requestJson<PublicationState>('GET', '/api/v1/publication', { signal });
export const listPublicationRevisions = (signal?: AbortSignal) =>
  requestJson<Page<PublicationRevision>>('GET', '/api/v1/publication/revisions?limit=50', { signal });
export const savePublicationDraft = (input: PublicationDraftInput) =>
  requestJson<PublicationRevision>('PUT', '/api/v1/publication/draft', { body: input });
export const submitPublicationDraft = (version: number) =>
  requestJson<PublicationRevision>('POST', '/api/v1/publication/draft/submit', { body: { version } });
export const approvePublicationDraft = (version: number, reviewNote?: string) =>
  requestJson<PublicationRevision>('POST', '/api/v1/publication/draft/approve', {
    body: { version, reviewNote },
  });
export const rejectPublicationDraft = (version: number, reviewNote: string) =>
  requestJson<PublicationRevision>('POST', '/api/v1/publication/draft/reject', {
    body: { version, reviewNote },
  });

/** Fetches the printable sign sheets (behind the bearer token) and opens them in a new window to print. */
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
