import type { ApiOperations, ArchiveItem } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { downloadFile } from '../../../api/file-download';
import { definedOnly, requestJson } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';
import type { QueuedJob } from '../../jobs/types';

export type HistoryStep = Schemas['HistoryStep'];
export type NoticeRow = Schemas['NoticeResponse'];
export type Figures = Schemas['FiguresResponse'];
export type SubmissionRow = Schemas['SubmissionResponse'];
export type SubmitInput = Schemas['SubmitDto'];
export type MatrixCell = Schemas['MatrixCellResponse'];
export type Matrix = Schemas['MatrixResponse'];
export type ScoreLine = Schemas['ScoreLineResponse'];
export type UnitScore = Schemas['UnitScoreResponse'];
export type Assessment = Schemas['AssessmentResponse'];
export type ArchiveRow = Schemas['ArchiveRowResponse'];
export type ArchivePage = Schemas['ArchivePageResponse'];
export type UpwardPackageRow = Schemas['PackageResponse'];
/** The scoring configuration as the JSON editor sends it. */
export type AssessmentConfig = Schemas['SaveConfigDto']['config'];

type NoticeQuery = NonNullable<ApiOperations['SubmissionsController_listNotices']['parameters']['query']>;
type SubmissionQuery = NonNullable<
  ApiOperations['SubmissionsController_listSubmissions']['parameters']['query']
>;
type ArchiveQuery = NonNullable<ApiOperations['SubmissionsController_archiveList']['parameters']['query']>;

/** The notices list's filter (the URL-free form state of the tab). */
export type NoticeFilter = Pick<NoticeQuery, 'unitId' | 'status' | 'overdue'>;

/** The archive list's filter; `missing` is one of the archive items (the contract says only string). */
export type ArchiveFilter = Pick<ArchiveQuery, 'divisionId' | 'incomplete'> & { missing?: ArchiveItem };

export const listNotices = (query: NoticeQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/notices', { params: { query }, signal }));
export const sendNotice = (body: Schemas['SendNoticeDto']) =>
  dataOf(api.POST('/api/v1/accountability/notices', { body }));
export const respondNotice = (id: string, body: Schemas['RespondNoticeDto']) =>
  dataOf(api.POST('/api/v1/accountability/notices/{id}/response', { params: { path: { id } }, body }));
export const reviewNotice = (id: string, body: Schemas['ReviewNoticeDto']) =>
  dataOf(api.POST('/api/v1/accountability/notices/{id}/review', { params: { path: { id } }, body }));

export const listSubmissions = (query: SubmissionQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/submissions', { params: { query }, signal }));
export const getMatrix = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/submissions/matrix', { signal }));
export const submitQuarterly = (body: SubmitInput) =>
  dataOf(api.POST('/api/v1/accountability/submissions', { body }));
export const reviewSubmission = (id: string, body: Schemas['ReviewSubmissionDto']) =>
  dataOf(api.POST('/api/v1/accountability/submissions/{id}/review', { params: { path: { id } }, body }));

export const getAssessment = (quarter: string | undefined, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/assessment', { params: { query: { quarter } }, signal }));
export const getConfig = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/config', { signal }));
export const saveConfig = (config: AssessmentConfig, note?: string) =>
  dataOf(api.PUT('/api/v1/accountability/config', { body: { config, note } }));

export const listArchive = (query: ArchiveQuery, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/archive-completeness', { params: { query }, signal }));
export const exportArchive = (filter: ArchiveFilter): Promise<QueuedJob> =>
  dataOf(
    api.POST('/api/v1/accountability/archive-completeness/export', {
      // the body DTO is the list's query (paging included, which the contract marks required); the export
      // ignores paging and the API defaults it, so only the filter is sent
      body: definedOnly(filter) as Schemas['ArchiveQueryDto'],
    }),
  );

export const listPackages = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/accountability/packages', { signal }));
export const generatePackage = (quarter: string) =>
  dataOf(api.POST('/api/v1/accountability/packages', { body: { quarter } }));
export const recordReceipt = (id: string, body: Schemas['PackageReceiptDto']) =>
  dataOf(api.PUT('/api/v1/accountability/packages/{id}/receipt', { params: { path: { id } }, body }));
/** A file download (JSON or XLSX blob): stays on the download helper, openapi-fetch would parse the body. */
export const downloadPackageFile = (pkg: UpwardPackageRow, kind: 'json' | 'xlsx') =>
  downloadFile(
    `/api/v1/accountability/packages/${encodeURIComponent(pkg.id)}/files/${kind}`,
    `upward-${pkg.quarter}.${kind}`,
  );

/**
 * Uploads an attachment of the caller's unit (PDF, image, Office, ZIP; ≤ 20 MB). Multipart: sent as FormData
 * through requestJson like every upload (the contract does not describe the form), typed by its answer.
 */
export function uploadFile(file: File): Promise<Schemas['AccountabilityFileResponse']> {
  const body = new FormData();
  body.append('file', file);
  return requestJson<Schemas['AccountabilityFileResponse']>('POST', '/api/v1/accountability/files', { body });
}
