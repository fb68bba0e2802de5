import type { ApiOperations } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { downloadFile } from '../../../api/file-download';
import { definedOnly, requestJson } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';

/** What the API answers and takes for enforcement cases (libs/supervision/enforcement), from the contract. */
export type EnforcementCaseRow = Schemas['CaseResponse'];
export type CaseEvent = Schemas['CaseEventResponse'];
export type CaseEvidence = Schemas['EvidenceResponse'];
export type CaseDetail = Schemas['CaseDetailResponse'];
export type OpenCaseInput = Schemas['OpenCaseDto'];
export type UpdateCaseInput = Schemas['UpdateCaseDto'];
export type TransitionInput = Schemas['CaseTransitionDto'];

type CaseQuery = NonNullable<ApiOperations['EnforcementController_list']['parameters']['query']>;

/** The list's filters (held in the URL, sent to the list and the ledger). */
export type CaseFilter = Pick<
  CaseQuery,
  'kind' | 'status' | 'source' | 'divisionId' | 'outfallId' | 'overdue' | 'from' | 'to' | 'q'
>;

export const listCases = (
  params: CaseFilter & { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
) => dataOf(api.GET('/api/v1/enforcement/cases', { params: { query: params }, signal }));

export const getCase = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/enforcement/cases/{id}', { params: { path: { id } }, signal }));

// definedOnly drops blank ('') and null fields as before; the required fields are always set, so the body
// keeps the DTO's type.
export const openCase = (input: OpenCaseInput) =>
  dataOf(api.POST('/api/v1/enforcement/cases', { body: definedOnly(input) as OpenCaseInput }));

export const updateCase = (id: string, input: UpdateCaseInput) =>
  dataOf(
    api.PATCH('/api/v1/enforcement/cases/{id}', {
      params: { path: { id } },
      body: definedOnly(input) as UpdateCaseInput,
    }),
  );

export const transitionCase = (id: string, input: TransitionInput) =>
  dataOf(
    api.POST('/api/v1/enforcement/cases/{id}/transitions', {
      params: { path: { id } },
      body: definedOnly(input) as TransitionInput,
    }),
  );

/** Multipart (`file`, optional `note`): the contract's body lists the note only, so it goes through `requestJson` like every upload. */
export function uploadEvidence(id: string, file: File, note?: string): Promise<CaseEvidence> {
  const form = new FormData();
  if (note) form.append('note', note);
  form.append('file', file, file.name);
  return requestJson<CaseEvidence>('POST', `/api/v1/enforcement/cases/${encodeURIComponent(id)}/evidence`, {
    body: form,
  });
}

export const checkEvidence = (id: string, evidenceId: string) =>
  dataOf(
    api.GET('/api/v1/enforcement/cases/{id}/evidence/{evidenceId}/check', {
      params: { path: { id, evidenceId } },
    }),
  );

/** The file itself (a blob saved under its name), so the download helper, not the JSON client. */
export function downloadEvidence(evidence: CaseEvidence): Promise<void> {
  return downloadFile(
    `/api/v1/enforcement/cases/${encodeURIComponent(evidence.caseId)}/evidence/${encodeURIComponent(evidence.id)}`,
    evidence.fileName,
  );
}

export const startCaseLedger = (filter: CaseFilter) =>
  dataOf(api.POST('/api/v1/enforcement/ledger', { body: definedOnly(filter) }));
