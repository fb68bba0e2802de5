import type { ApiOperations } from '@outfall/shared-types';
import { anonymousApi, api, dataOf } from '../../../api/api-client';
import { requestJson, send } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

export type ReportStatus = Schemas['PublicReportStatus'];
export type ReportOutcome = Schemas['PublicReportOutcome'];
export type Challenge = Schemas['ChallengeResponse'];
export type CreatedReport = Schemas['CreatedPublicReportResponse'];
export type TrackedReport = Schemas['TrackResponse'];
export type PublicReportRow = Schemas['PublicReportResponse'];
export type PublicReportDetail = Schemas['PublicReportDetailResponse'];
export type OutcomeInput = Schemas['OutcomeDto'];

type ReportQuery = NonNullable<ApiOperations['PublicReportsController_list']['parameters']['query']>;
/** The inbox's filters (held in the URL). */
export type ReportFilter = Omit<ReportQuery, 'limit' | 'offset' | 'sort'>;

/* ---------- public side (no login) ---------- */

export const getChallenge = () => dataOf(anonymousApi.GET('/api/v1/public/reports/challenge'));

/**
 * Multipart (the fields and the photos): sent as FormData through requestJson, like every upload; the answer is
 * typed by the contract.
 */
export function submitReport(fields: Record<string, string>, photos: File[]): Promise<CreatedReport> {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  for (const photo of photos) body.append('photos', photo, photo.name);
  return requestJson<CreatedReport>('POST', '/api/v1/public/reports', { body, anonymous: true });
}

export const trackReport = (number: string, secret: string) =>
  dataOf(anonymousApi.GET('/api/v1/public/reports/track', { params: { query: { number, secret } } }));

/* ---------- triage ---------- */

export const listReports = (query: ReportQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/public-reports', { params: { query }, signal }));

export const getReport = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/public-reports/{id}', { params: { path: { id } }, signal }));

export const assignReport = (id: string, body: Schemas['AssignPublicReportDto']) =>
  dataOf(api.POST('/api/v1/public-reports/{id}/assign', { params: { path: { id } }, body }));

export const recordOutcome = (id: string, body: OutcomeInput) =>
  dataOf(api.POST('/api/v1/public-reports/{id}/outcome', { params: { path: { id } }, body }));

export const replyReport = (id: string, body: Schemas['ReplyDto']) =>
  dataOf(api.POST('/api/v1/public-reports/{id}/reply', { params: { path: { id } }, body }));

/**
 * A photo as an object URL (the route needs the session's token, so an <img src> cannot load it directly). A blob,
 * not JSON: read through `send`.
 */
export async function photoUrl(reportId: string, photoId: string): Promise<string> {
  const response = await send(
    'GET',
    `/api/v1/public-reports/${encodeURIComponent(reportId)}/photos/${encodeURIComponent(photoId)}`,
  );
  return URL.createObjectURL(await response.blob());
}
