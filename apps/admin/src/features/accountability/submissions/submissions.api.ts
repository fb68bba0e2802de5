import type {
  ArchiveItem,
  NoticeStatus,
  Page,
  SubmissionCell,
  SubmissionStatus,
  UpwardPackageStatus,
} from '@outfall/shared-types';
import { downloadFile } from '../../../api/file-download';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import type { QueuedJob } from '../../jobs/types';

const BASE = '/api/v1/accountability';

export interface HistoryStep {
  action: string;
  at: string;
  by: string;
  note: string | null;
}

export interface NoticeRow {
  id: string;
  code: string;
  unitId: string;
  unitName: string | null;
  subject: string;
  body: string;
  outfallId: string | null;
  planId: string | null;
  dueOn: string;
  status: NoticeStatus;
  response: string | null;
  responseFileIds: string[];
  respondedAt: string | null;
  reviewNote: string | null;
  history: HistoryStep[];
  sentBy: string;
  sentAt: string;
  version: number;
  overdue: boolean;
  answeredLate: boolean;
}

export interface NoticeFilter {
  unitId?: string;
  status?: NoticeStatus;
  overdue?: boolean;
}

export interface Figures {
  investigated: number;
  traced: number;
  plansSubmitted: number;
  remediated: number;
  verified: number;
  patrols: number;
}

export interface SubmissionRow {
  id: string;
  unitId: string;
  unitName: string | null;
  quarter: string;
  status: SubmissionStatus;
  figures: Figures;
  progress: string;
  problems: string;
  nextSteps: string;
  liaisonName: string;
  liaisonPhone: string;
  fileIds: string[];
  firstSubmittedAt: string;
  submittedAt: string;
  returnReason: string | null;
  history: HistoryStep[];
  version: number;
  deadline: string;
  late: boolean;
}

export interface SubmitInput {
  quarter: string;
  figures: Figures;
  progress: string;
  problems: string;
  nextSteps: string;
  liaisonName: string;
  liaisonPhone: string;
  fileIds?: string[];
  version?: number;
}

export interface MatrixCell {
  quarter: string;
  deadline: string;
  cell: SubmissionCell;
  status: SubmissionStatus | null;
  submissionId: string | null;
  firstSubmittedOn: string | null;
}

export interface Matrix {
  quarters: string[];
  asOf: string;
  units: { unitId: string; unit: string; kind: string; cells: MatrixCell[] }[];
}

export interface ScoreLine {
  key: string;
  label: string;
  weight: number;
  effectiveWeight: number;
  applicable: boolean;
  value: number | null;
  points: number;
  detail: Record<string, unknown> | string | null;
}

export interface UnitScore {
  unitId: string;
  unit: string;
  rank: number;
  score: number;
  maximum: number;
  lines: ScoreLine[];
}

export interface Assessment {
  quarter: string;
  asOf: string;
  configVersion: number | null;
  units: UnitScore[];
}

export interface ArchiveRow {
  outfallId: string;
  localCode: string;
  name: string;
  division: string | null;
  disposition: string | null;
  required: ArchiveItem[];
  missing: ArchiveItem[];
  complete: boolean;
}

export interface ArchivePage extends Page<ArchiveRow> {
  summary: { outfalls: number; complete: number; missingByItem: Record<string, number> };
}

export interface ArchiveFilter {
  divisionId?: string;
  incomplete?: boolean;
  missing?: ArchiveItem;
}

export interface UpwardPackageRow {
  id: string;
  quarter: string;
  status: UpwardPackageStatus;
  jobId: string | null;
  files: { kind: 'json' | 'xlsx'; fileName: string; sha256: string; sizeBytes: number }[];
  generatedAt: string | null;
  sentAt: string | null;
  receiptNumber: string | null;
  receiptOn: string | null;
  requestedBy: string;
  createdAt: string;
  version: number;
}

export interface PageQuery {
  limit: number;
  offset: number;
  sort?: string;
}

export const listNotices = (params: PageQuery & NoticeFilter, signal?: AbortSignal) =>
  requestJson<Page<NoticeRow>>('GET', withQuery(`${BASE}/notices`, { ...params }), { signal });
export const sendNotice = (input: {
  unitId: string;
  subject: string;
  body: string;
  dueOn: string;
  outfallId?: string;
}) => requestJson<NoticeRow>('POST', `${BASE}/notices`, { body: input });
export const respondNotice = (id: string, input: { response: string; fileIds?: string[]; version: number }) =>
  requestJson<NoticeRow>('POST', `${BASE}/notices/${encodeURIComponent(id)}/response`, { body: input });
export const reviewNotice = (
  id: string,
  input: { action: 'close' | 'return'; note?: string; version: number },
) => requestJson<NoticeRow>('POST', `${BASE}/notices/${encodeURIComponent(id)}/review`, { body: input });

export const listSubmissions = (
  params: PageQuery & { quarter?: string; status?: SubmissionStatus },
  signal?: AbortSignal,
) => requestJson<Page<SubmissionRow>>('GET', withQuery(`${BASE}/submissions`, { ...params }), { signal });
export const getMatrix = (signal?: AbortSignal) =>
  requestJson<Matrix>('GET', `${BASE}/submissions/matrix`, { signal });
export const submitQuarterly = (input: SubmitInput) =>
  requestJson<SubmissionRow>('POST', `${BASE}/submissions`, { body: input });
export const reviewSubmission = (
  id: string,
  input: { action: 'accept' | 'return'; reason?: string; version: number },
) =>
  requestJson<SubmissionRow>('POST', `${BASE}/submissions/${encodeURIComponent(id)}/review`, { body: input });

export const getAssessment = (quarter: string | undefined, signal?: AbortSignal) =>
  requestJson<Assessment>('GET', withQuery(`${BASE}/assessment`, { quarter }), { signal });
export const getConfig = (signal?: AbortSignal) =>
  requestJson<{ version: number | null; config: object }>('GET', `${BASE}/config`, { signal });
export const saveConfig = (config: object, note?: string) =>
  requestJson<{ version: number }>('PUT', `${BASE}/config`, { body: { config, note } });

export const listArchive = (params: PageQuery & ArchiveFilter, signal?: AbortSignal) =>
  requestJson<ArchivePage>('GET', withQuery(`${BASE}/archive-completeness`, { ...params }), { signal });
export const exportArchive = (filter: ArchiveFilter) =>
  requestJson<QueuedJob>('POST', `${BASE}/archive-completeness/export`, { body: definedOnly(filter) });

export const listPackages = (signal?: AbortSignal) =>
  requestJson<UpwardPackageRow[]>('GET', `${BASE}/packages`, { signal });
export const generatePackage = (quarter: string) =>
  requestJson<UpwardPackageRow>('POST', `${BASE}/packages`, { body: { quarter } });
export const recordReceipt = (
  id: string,
  input: { sentAt: string; receiptNumber: string; receiptOn: string; version: number },
) =>
  requestJson<UpwardPackageRow>('PUT', `${BASE}/packages/${encodeURIComponent(id)}/receipt`, { body: input });
export const downloadPackageFile = (pkg: UpwardPackageRow, kind: 'json' | 'xlsx') =>
  downloadFile(
    `${BASE}/packages/${encodeURIComponent(pkg.id)}/files/${kind}`,
    `upward-${pkg.quarter}.${kind}`,
  );

/** Uploads an attachment of the caller's unit (PDF, image, Office, ZIP; ≤ 20 MB). */
export function uploadFile(file: File): Promise<{ id: string; fileName: string }> {
  const body = new FormData();
  body.append('file', file);
  return requestJson<{ id: string; fileName: string }>('POST', `${BASE}/files`, { body });
}
