import type {
  OutfallCategory,
  OutfallSubType,
  Page,
  SetupDecision,
  SetupKind,
  SetupRoute,
  SetupRule,
  SetupRuleOutcome,
  SetupStatus,
  WaterImpact,
} from '@outfall/shared-types';
import { definedOnly, requestJson, send, withQuery } from '../../../api/http-client';
import type { PageParams } from '../../../api/schemas';
import type { QueuedJob } from '../../jobs/types';

const BASE = '/api/v1/setup-review';
const app = (id: string) => `${BASE}/applications/${encodeURIComponent(id)}`;

export interface SetupRuleResult {
  rule: SetupRule;
  outcome: SetupRuleOutcome;
  reason: { zh: string; en: string };
}

export interface SetupDocument {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
}

export interface SetupApplicationRow {
  id: string;
  code: string;
  applicantId: string;
  applicantName: string | null;
  kind: SetupKind;
  route: SetupRoute;
  status: SetupStatus;
  outfallId: string | null;
  outfallCode: string | null;
  outfallName: string;
  category: OutfallCategory;
  subType: OutfallSubType;
  longitude: number;
  latitude: number;
  waterBodyId: string;
  waterBodyName: string | null;
  functionZoneId: string | null;
  functionZoneName: string | null;
  functionZoneDerived: boolean;
  divisionId: string;
  divisionName: string | null;
  expectedFlowM3d: number | null;
  pollutants: string[];
  waterImpacts: WaterImpact[];
  description: string | null;
  documents: SetupDocument[];
  submittedAt: string | null;
  consultedOn: string | null;
  consultationAuthority: string | null;
  consultationDocumentNumber: string | null;
  consultationOpinion: string | null;
  decision: SetupDecision | null;
  conditions: string | null;
  refusalReasons: string | null;
  reviewNote: string | null;
  documentNumber: string | null;
  decidedOn: string | null;
  published: boolean;
  createdAt: string;
  version: number;
  rules: SetupRuleResult[];
}

export interface SetupFilter {
  q?: string;
  status?: SetupStatus;
  route?: SetupRoute;
  kind?: SetupKind;
  category?: OutfallCategory;
  published?: boolean;
}

export interface CreateSetupInput {
  applicantId: string;
  kind: SetupKind;
  outfallId?: string;
  outfallName?: string;
  category?: OutfallCategory;
  subType?: OutfallSubType;
  longitude?: number;
  latitude?: number;
  waterBodyId?: string;
  expectedFlowM3d?: number;
  pollutants?: string[];
  waterImpacts?: WaterImpact[];
  description?: string;
}

export interface ConsultationInput {
  consultedOn: string;
  authority: string;
  documentNumber?: string;
  opinion: string;
}

export interface DecisionInput {
  decision: SetupDecision;
  conditions?: string;
  reasons?: string;
  reviewNote?: string;
  documentNumber: string;
  decidedOn: string;
}

export interface FilingInput {
  documentNumber: string;
  filedOn: string;
  reviewNote?: string;
}

export interface RouteAnswer {
  category: OutfallCategory;
  route: SetupRoute;
  reason: { zh: string; en: string };
}

export interface MultiOutfallEnterprise {
  entityId: string;
  name: string;
  creditCode: string | null;
  divisionName: string;
  outfallCount: number;
  outfallCodes: string[];
  notified: boolean;
  lastNotifiedOn: string | null;
  flagged: boolean;
}

export function listSetupApplications(
  params: PageParams & SetupFilter & { sort?: string },
  signal?: AbortSignal,
): Promise<Page<SetupApplicationRow>> {
  return requestJson('GET', withQuery(`${BASE}/applications`, { ...params }), { signal });
}

export function getSetupApplication(id: string, signal?: AbortSignal): Promise<SetupApplicationRow> {
  return requestJson('GET', app(id), { signal });
}

export function createSetupApplication(input: CreateSetupInput): Promise<SetupApplicationRow> {
  return requestJson('POST', `${BASE}/applications`, { body: input });
}

export function submitSetupApplication(id: string): Promise<SetupApplicationRow> {
  return requestJson('POST', `${app(id)}/submit`);
}

export function recordConsultation(id: string, input: ConsultationInput): Promise<SetupApplicationRow> {
  return requestJson('POST', `${app(id)}/consultation`, { body: input });
}

export function decideSetupApplication(id: string, input: DecisionInput): Promise<SetupApplicationRow> {
  return requestJson('POST', `${app(id)}/decision`, { body: input });
}

export function fileRegistration(id: string, input: FilingInput): Promise<SetupApplicationRow> {
  return requestJson('POST', `${app(id)}/filing`, { body: input });
}

export async function uploadSetupDocument(id: string, file: File): Promise<SetupDocument> {
  const form = new FormData();
  form.append('file', file);
  const response = await send('POST', `${app(id)}/documents`, { body: form });
  return (await response.json()) as SetupDocument;
}

export function setupRouteFor(category: OutfallCategory, signal?: AbortSignal): Promise<RouteAnswer> {
  return requestJson('GET', withQuery(`${BASE}/route`, { category }), { signal });
}

export function startSetupLedger(filter: SetupFilter): Promise<QueuedJob> {
  return requestJson('POST', `${BASE}/ledgers`, { body: definedOnly(filter) });
}

export function listMultiOutfallEnterprises(
  params: PageParams & { notified?: boolean },
  signal?: AbortSignal,
): Promise<Page<MultiOutfallEnterprise>> {
  return requestJson('GET', withQuery(`${BASE}/multi-outfall-enterprises`, { ...params }), { signal });
}

export function recordNotification(input: {
  entityId: string;
  notifiedOn: string;
  documentNumber?: string;
  note?: string;
}): Promise<unknown> {
  return requestJson('POST', `${BASE}/notifications`, { body: input });
}
