import type {
  CaseAction,
  CaseOrigin,
  CaseSource,
  CaseStatus,
  Page,
  ViolationKind,
} from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import { downloadFile } from '../../../api/file-download';
import type { QueuedJob } from '../../jobs/types';

export interface EnforcementCaseRow {
  id: string;
  caseNo: string;
  outfallId: string;
  outfallCode: string;
  outfallName: string;
  divisionId: string;
  divisionName: string;
  entityId: string | null;
  entityName: string | null;
  kind: ViolationKind;
  kindOther: string | null;
  source: CaseSource;
  status: CaseStatus;
  description: string;
  legalBasis: string | null;
  origin: CaseOrigin;
  sampleId: string | null;
  indicatorCode: string | null;
  patrolRecordId: string | null;
  publicReportId: string | null;
  originDetail: {
    sampledAt?: string;
    value?: number;
    limitText?: string | null;
    recentSamples?: number;
    recentExceeding?: number;
  } | null;
  registeredOn: string;
  penaltyAmount: number | null;
  penaltyDocumentNo: string | null;
  penaltyDecidedOn: string | null;
  rectificationOrder: string | null;
  rectificationOrderedOn: string | null;
  rectificationDeadline: string | null;
  closedOn: string | null;
  closingNote: string | null;
  overdue: boolean;
  nextActions: CaseAction[];
  version: number;
}

export interface CaseEvent {
  id: string;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  on: string;
  note: string | null;
  actorName: string;
  at: string;
}

export interface CaseEvidence {
  id: string;
  caseId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  note: string | null;
  uploadedBy: string | null;
  createdAt: string;
}

export interface CaseDetail extends EnforcementCaseRow {
  events: CaseEvent[];
  evidence: CaseEvidence[];
}

export interface CaseFilter {
  kind?: ViolationKind;
  status?: CaseStatus;
  source?: CaseSource;
  divisionId?: string;
  outfallId?: string;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
}

export interface OpenCaseInput {
  outfallId?: string;
  entityId?: string;
  kind: ViolationKind;
  kindOther?: string;
  source?: CaseSource;
  origin?: CaseOrigin;
  sampleId?: string;
  indicatorCode?: string;
  patrolRecordId?: string;
  publicReportId?: string;
  description: string;
  legalBasis?: string;
  registeredOn?: string;
}

export interface TransitionInput {
  action: CaseAction;
  version: number;
  on?: string;
  note?: string;
  legalBasis?: string;
  penaltyAmount?: number;
  penaltyDocumentNo?: string;
  penaltyDecidedOn?: string;
  rectificationOrder?: string;
  rectificationDeadline?: string;
}

const BASE = '/api/v1/enforcement';
const one = (id: string) => `${BASE}/cases/${encodeURIComponent(id)}`;

export function listCases(
  params: CaseFilter & { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
): Promise<Page<EnforcementCaseRow>> {
  return requestJson('GET', withQuery(`${BASE}/cases`, { ...params }), { signal });
}

export function getCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return requestJson('GET', one(id), { signal });
}

export function openCase(input: OpenCaseInput): Promise<EnforcementCaseRow> {
  return requestJson('POST', `${BASE}/cases`, { body: definedOnly(input) });
}

export function updateCase(
  id: string,
  input: Pick<OpenCaseInput, 'entityId' | 'kind' | 'kindOther' | 'description' | 'legalBasis'> & {
    version: number;
  },
): Promise<EnforcementCaseRow> {
  return requestJson('PATCH', one(id), { body: definedOnly(input) });
}

export function transitionCase(id: string, input: TransitionInput): Promise<EnforcementCaseRow> {
  return requestJson('POST', `${one(id)}/transitions`, { body: definedOnly(input) });
}

export function uploadEvidence(id: string, file: File, note?: string): Promise<CaseEvidence> {
  const form = new FormData();
  if (note) form.append('note', note);
  form.append('file', file, file.name);
  return requestJson('POST', `${one(id)}/evidence`, { body: form });
}

export function checkEvidence(
  id: string,
  evidenceId: string,
): Promise<{ id: string; stored: string; actual: string; intact: boolean }> {
  return requestJson('GET', `${one(id)}/evidence/${encodeURIComponent(evidenceId)}/check`);
}

export function downloadEvidence(evidence: CaseEvidence): Promise<void> {
  return downloadFile(
    `${one(evidence.caseId)}/evidence/${encodeURIComponent(evidence.id)}`,
    evidence.fileName,
  );
}

export function startCaseLedger(filter: CaseFilter): Promise<QueuedJob> {
  return requestJson('POST', `${BASE}/ledger`, { body: definedOnly(filter) });
}
