/** 受理 → 办理中 (assigned) → 已办结 (closed, with an outcome). */
export enum PublicReportStatus {
  Received = 'received',
  Assigned = 'assigned',
  Closed = 'closed',
}

export enum PublicReportOutcome {
  Valid = 'valid',
  Invalid = 'invalid',
  Duplicate = 'duplicate',
}

export const PUBLIC_REPORT_STATUS_LABELS: Record<PublicReportStatus, { zh: string; en: string }> = {
  [PublicReportStatus.Received]: { zh: '已受理', en: 'Received' },
  [PublicReportStatus.Assigned]: { zh: '办理中', en: 'In progress' },
  [PublicReportStatus.Closed]: { zh: '已办结', en: 'Closed' },
};

export const PUBLIC_REPORT_OUTCOME_LABELS: Record<PublicReportOutcome, { zh: string; en: string }> = {
  [PublicReportOutcome.Valid]: { zh: '属实', en: 'Valid' },
  [PublicReportOutcome.Invalid]: { zh: '不属实', en: 'Invalid' },
  [PublicReportOutcome.Duplicate]: { zh: '重复举报', en: 'Duplicate' },
};
