import type { Page } from '@outfall/shared-types';
import { requestJson, send, withQuery } from '../../../api/http-client';

export type ReportStatus = 'received' | 'assigned' | 'closed';
export type ReportOutcome = 'valid' | 'invalid' | 'duplicate';

export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: string;
  bbox: [number, number, number, number];
}

export interface CreatedReport {
  trackingNo: string;
  secret: string;
  receivedOn: string;
  photos: number;
}

export interface TrackedReport {
  trackingNo: string;
  status: ReportStatus;
  receivedOn: string;
  outcome: ReportOutcome | null;
  reply: string | null;
  closedOn: string | null;
  timeline: { action: string; on: string; text: string | null }[];
}

export interface PublicReportRow {
  id: string;
  trackingNo: string;
  longitude: number;
  latitude: number;
  divisionId: string | null;
  divisionName: string | null;
  description: string;
  contact: string | null;
  status: ReportStatus;
  receivedOn: string;
  assignedUnitId: string | null;
  assignedUnitName: string | null;
  assignedOn: string | null;
  dueOn: string | null;
  overdue: boolean;
  outcome: ReportOutcome | null;
  outcomeNote: string | null;
  publicReply: string | null;
  closedOn: string | null;
  outfallId: string | null;
  remediationPlanId: string | null;
  duplicateOfId: string | null;
  enforcementCaseId: string | null;
  demo: boolean;
  version: number;
}

export interface Candidate {
  kind: 'outfall' | 'report';
  id: string;
  code: string;
  name: string;
  distance: number;
  status: string | null;
}

export interface PublicReportDetail extends PublicReportRow {
  events: {
    id: string;
    action: string;
    on: string;
    publicText: string | null;
    note: string | null;
    actorName: string;
    at: string;
  }[];
  photos: { id: string; contentType: string; sizeBytes: number; sha256: string }[];
  candidates: Candidate[];
  candidateMeters: number;
}

export interface ReportFilter {
  status?: ReportStatus;
  overdue?: boolean;
  unitId?: string;
  divisionId?: string;
  from?: string;
  to?: string;
  q?: string;
}

/* ---------- public side (no login) ---------- */

export const getChallenge = () =>
  requestJson<Challenge>('GET', '/api/v1/public/reports/challenge', { anonymous: true });

export function submitReport(fields: Record<string, string>, photos: File[]): Promise<CreatedReport> {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  for (const photo of photos) body.append('photos', photo, photo.name);
  return requestJson<CreatedReport>('POST', '/api/v1/public/reports', { body, anonymous: true });
}

export const trackReport = (number: string, secret: string) =>
  requestJson<TrackedReport>('GET', withQuery('/api/v1/public/reports/track', { number, secret }), {
    anonymous: true,
  });

/* ---------- triage ---------- */

export const listReports = (
  params: ReportFilter & { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
) =>
  requestJson<Page<PublicReportRow>>('GET', withQuery('/api/v1/public-reports', { ...params }), { signal });

export const getReport = (id: string, signal?: AbortSignal) =>
  requestJson<PublicReportDetail>('GET', `/api/v1/public-reports/${id}`, { signal });

export const assignReport = (
  id: string,
  body: { unitId: string; dueOn?: string; note?: string; version: number },
) => requestJson<PublicReportRow>('POST', `/api/v1/public-reports/${id}/assign`, { body });

export interface OutcomeInput {
  outcome: ReportOutcome;
  publicReply: string;
  note?: string;
  outfallId?: string;
  remediationPlanId?: string;
  duplicateOfId?: string;
  enforcementCaseId?: string;
  openCase?: { kind: string };
  version: number;
}

export const recordOutcome = (id: string, body: OutcomeInput) =>
  requestJson<PublicReportRow>('POST', `/api/v1/public-reports/${id}/outcome`, { body });

export const replyReport = (id: string, body: { publicReply: string; version: number }) =>
  requestJson<PublicReportRow>('POST', `/api/v1/public-reports/${id}/reply`, { body });

/** A photo as an object URL (the route needs the session's token, so an <img src> cannot load it directly). */
export async function photoUrl(reportId: string, photoId: string): Promise<string> {
  const response = await send('GET', `/api/v1/public-reports/${reportId}/photos/${photoId}`);
  return URL.createObjectURL(await response.blob());
}
