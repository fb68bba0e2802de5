import type { LabelMap } from './label';

/** What the case is about (违法行为类型). */
export enum ViolationKind {
  IllegalOutfall = 'illegal_outfall',
  OverStandard = 'over_standard',
  HiddenPipe = 'hidden_pipe',
  BorrowedDischarge = 'borrowed_discharge',
  NoSignage = 'no_signage',
  RefusingInspection = 'refusing_inspection',
  Other = 'other',
}

export const VIOLATION_KIND_LABELS: LabelMap<ViolationKind> = {
  [ViolationKind.IllegalOutfall]: { zh: '私设暗管/未经批准设置排污口', en: 'Illegal or unapproved outfall' },
  [ViolationKind.OverStandard]: { zh: '超标排放', en: 'Discharge over standard' },
  [ViolationKind.HiddenPipe]: {
    zh: '通过他人排污口私设暗管',
    en: 'Hidden pipe into another’s outfall',
  },
  [ViolationKind.BorrowedDischarge]: { zh: '借道排放', en: 'Borrowed discharge' },
  [ViolationKind.NoSignage]: { zh: '未树标立牌', en: 'No signage' },
  [ViolationKind.RefusingInspection]: { zh: '拒绝检查', en: 'Refusing inspection' },
  [ViolationKind.Other]: { zh: '其他', en: 'Other' },
};

/** How the case came to the branch's attention (案件来源). */
export enum CaseSource {
  Inspection = 'inspection',
  MonitoringAlert = 'monitoring_alert',
  PublicReport = 'public_report',
  UnitReport = 'unit_report',
}

export const CASE_SOURCE_LABELS: LabelMap<CaseSource> = {
  [CaseSource.Inspection]: { zh: '现场检查', en: 'On-site inspection' },
  [CaseSource.MonitoringAlert]: { zh: '监测预警', en: 'Monitoring alert' },
  [CaseSource.PublicReport]: { zh: '群众举报', en: 'Public report' },
  [CaseSource.UnitReport]: { zh: '排污单位举报', en: 'Report by a discharging unit' },
};

/** The record the case was opened from (kept as a link on the case). */
export enum CaseOrigin {
  Manual = 'manual',
  Exceedance = 'exceedance',
  Chronic = 'chronic',
  Patrol = 'patrol',
  PublicReport = 'public_report',
}

export const CASE_ORIGIN_LABELS: LabelMap<CaseOrigin> = {
  [CaseOrigin.Manual]: { zh: '直接立案', en: 'Opened directly' },
  [CaseOrigin.Exceedance]: { zh: '超标记录', en: 'Exceedance' },
  [CaseOrigin.Chronic]: { zh: '长期超标排污口', en: 'Chronic exceeder' },
  [CaseOrigin.Patrol]: { zh: '巡查发现', en: 'Patrol finding' },
  [CaseOrigin.PublicReport]: { zh: '群众举报', en: 'Public report' },
};

/** 立案 → 调查 → 处罚决定 → 整改中 → 结案; 不予立案/撤销 with a reason. */
export enum CaseStatus {
  Registered = 'registered',
  Investigating = 'investigating',
  PenaltyDecided = 'penalty_decided',
  Rectifying = 'rectifying',
  Closed = 'closed',
  Dismissed = 'dismissed',
}

export const CASE_STATUS_LABELS: LabelMap<CaseStatus> = {
  [CaseStatus.Registered]: { zh: '立案', en: 'Registered' },
  [CaseStatus.Investigating]: { zh: '调查', en: 'Investigating' },
  [CaseStatus.PenaltyDecided]: { zh: '处罚决定', en: 'Penalty decided' },
  [CaseStatus.Rectifying]: { zh: '整改中', en: 'Rectifying' },
  [CaseStatus.Closed]: { zh: '结案', en: 'Closed' },
  [CaseStatus.Dismissed]: { zh: '不予立案/撤销', en: 'Dismissed' },
};

/** A workflow step of a case. */
export enum CaseAction {
  Investigate = 'investigate',
  DecidePenalty = 'decide_penalty',
  OrderRectification = 'order_rectification',
  Close = 'close',
  Dismiss = 'dismiss',
}

export const CASE_ACTION_LABELS: LabelMap<CaseAction> = {
  [CaseAction.Investigate]: { zh: '开始调查', en: 'Investigate' },
  [CaseAction.DecidePenalty]: { zh: '作出处罚决定', en: 'Decide the penalty' },
  [CaseAction.OrderRectification]: { zh: '责令改正', en: 'Order rectification' },
  [CaseAction.Close]: { zh: '结案', en: 'Close' },
  [CaseAction.Dismiss]: { zh: '不予立案/撤销', en: 'Dismiss' },
};
