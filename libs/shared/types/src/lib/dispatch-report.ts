import type { LabelMap } from './label';

/** The quarterly dispatch report's sign-off workflow: 草稿 → 待签发 → 已签发 (frozen). */
export enum DispatchReportStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Issued = 'issued',
}

export const DISPATCH_REPORT_STATUS_LABELS: LabelMap<DispatchReportStatus> = {
  [DispatchReportStatus.Draft]: { zh: '草稿', en: 'Draft' },
  [DispatchReportStatus.Submitted]: { zh: '待签发', en: 'Submitted for sign-off' },
  [DispatchReportStatus.Issued]: { zh: '已签发', en: 'Issued' },
};

/** One next-quarter task (调度事项) of a dispatch report. */
export interface DispatchReportTask {
  /** What is to be done, e.g. `六工镇加快推进剩余排污口整治`. */
  content: string;
  /** Lead unit (牵头单位), free text. */
  leadUnit?: string | null;
  /** Due Beijing day, `YYYY-MM-DD`. */
  dueOn?: string | null;
}
