import type { DispatchReportStatus, DispatchReportTask } from '@outfall/shared-types';
import { downloadFile } from '../../../api/file-download';
import { requestJson } from '../../../api/http-client';

export interface DispatchNarrative {
  /** 达标情况 */
  achievement: string[];
  /** 主要问题 */
  problems: string[];
  /** 落后单位 */
  behind: string[];
}

export type DispatchReportAction = 'edit' | 'submit' | 'issue' | 'return' | 'download';

/** `GET /progress/snapshots/:id/dispatch-report`. */
export interface DispatchReport {
  id: string | null;
  snapshotId: string;
  quarter: string;
  snapshotVersion: number;
  snapshotCurrent: boolean;
  status: DispatchReportStatus;
  statusLabel: string;
  tasks: Required<DispatchReportTask>[];
  narrativeOverride: string | null;
  narrative: DispatchNarrative;
  returnReason: string | null;
  preparedByName: string | null;
  submittedAt: string | null;
  issuedByName: string | null;
  issuedAt: string | null;
  xlsxSha256: string | null;
  htmlSha256: string | null;
  version: number;
  actions: DispatchReportAction[];
}

export interface DispatchReportInput {
  tasks: DispatchReportTask[];
  narrativeOverride?: string | null;
  version?: number;
}

const base = (snapshotId: string) => `/api/v1/progress/snapshots/${snapshotId}/dispatch-report`;

export const getDispatchReport = (snapshotId: string, signal?: AbortSignal) =>
  requestJson<DispatchReport>('GET', base(snapshotId), { signal });

export const saveDispatchReport = (snapshotId: string, body: DispatchReportInput) =>
  requestJson<DispatchReport>('PUT', base(snapshotId), { body });

export const submitDispatchReport = (snapshotId: string) =>
  requestJson<DispatchReport>('POST', `${base(snapshotId)}/submit`, { body: {} });

export const returnDispatchReport = (snapshotId: string, reason: string) =>
  requestJson<DispatchReport>('POST', `${base(snapshotId)}/return`, { body: { reason } });

export const issueDispatchReport = (snapshotId: string) =>
  requestJson<DispatchReport>('POST', `${base(snapshotId)}/issue`, { body: {} });

export const downloadIssuedReport = (report: DispatchReport, format: 'xlsx' | 'html') =>
  downloadFile(
    `${base(report.snapshotId)}/download?format=${format}`,
    `季度调度报告-${report.quarter}-v${report.snapshotVersion}.${format}`,
  );
