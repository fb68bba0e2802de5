import { api, dataOf } from '../../../api/api-client';
import { downloadFile } from '../../../api/file-download';
import type { Schemas } from '../../../api/schemas';

/** `GET /progress/snapshots/:id/dispatch-report`. */
export type DispatchReport = Schemas['DispatchReportView'];

export type DispatchReportInput = Schemas['UpdateDispatchReportDto'];

const path = (id: string) => ({ params: { path: { id } } });

export const getDispatchReport = (snapshotId: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/progress/snapshots/{id}/dispatch-report', { ...path(snapshotId), signal }));

export const saveDispatchReport = (snapshotId: string, body: DispatchReportInput) =>
  dataOf(api.PUT('/api/v1/progress/snapshots/{id}/dispatch-report', { ...path(snapshotId), body }));

export const submitDispatchReport = (snapshotId: string) =>
  dataOf(api.POST('/api/v1/progress/snapshots/{id}/dispatch-report/submit', path(snapshotId)));

export const returnDispatchReport = (snapshotId: string, reason: string) =>
  dataOf(
    api.POST('/api/v1/progress/snapshots/{id}/dispatch-report/return', {
      ...path(snapshotId),
      body: { reason },
    }),
  );

export const issueDispatchReport = (snapshotId: string) =>
  dataOf(api.POST('/api/v1/progress/snapshots/{id}/dispatch-report/issue', path(snapshotId)));

/** A file download (XLSX/HTML blob): stays on the download helper, openapi-fetch would parse the body. */
export const downloadIssuedReport = (report: DispatchReport, format: 'xlsx' | 'html') =>
  downloadFile(
    `/api/v1/progress/snapshots/${report.snapshotId}/dispatch-report/download?format=${format}`,
    `季度调度报告-${report.quarter}-v${report.snapshotVersion}.${format}`,
  );
