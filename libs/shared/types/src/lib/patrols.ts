import type { LabelMap } from './label';

/** What a patrol found (巡查发现问题的类型). */
export enum PatrolFindingKind {
  SignMissing = 'sign_missing',
  AbnormalDischarge = 'abnormal_discharge',
  NewPipe = 'new_pipe',
  FacilityDamaged = 'facility_damaged',
  IllegalOutfall = 'illegal_outfall',
  Other = 'other',
}

export const PATROL_FINDING_KIND_LABELS: LabelMap<PatrolFindingKind> = {
  [PatrolFindingKind.SignMissing]: { zh: '标识牌缺失或损坏', en: 'Sign missing or damaged' },
  [PatrolFindingKind.AbnormalDischarge]: { zh: '排水颜色或气味异常', en: 'Abnormal colour or odour' },
  [PatrolFindingKind.NewPipe]: { zh: '周边新增管道', en: 'New pipe nearby' },
  [PatrolFindingKind.FacilityDamaged]: { zh: '设施破损', en: 'Facility damaged' },
  [PatrolFindingKind.IllegalOutfall]: { zh: '疑似非法设置排污口', en: 'Suspected illegal outfall' },
  [PatrolFindingKind.Other]: { zh: '其他问题', en: 'Other' },
};

/** The patroller's estimate of the flow at the outfall (流量估计). */
export enum PatrolFlow {
  None = 'none',
  Small = 'small',
  Medium = 'medium',
  Large = 'large',
}

export const PATROL_FLOW_LABELS: LabelMap<PatrolFlow> = {
  [PatrolFlow.None]: { zh: '无流量', en: 'No flow' },
  [PatrolFlow.Small]: { zh: '小', en: 'Small' },
  [PatrolFlow.Medium]: { zh: '中', en: 'Medium' },
  [PatrolFlow.Large]: { zh: '大', en: 'Large' },
};

/** The checklist of a patrol (巡查内容), Chinese labels for the form, the ledger and the detail. */
export const PATROL_CHECKLIST_LABELS = {
  signIntact: { zh: '标识牌完好', en: 'Sign intact' },
  discharging: { zh: '正在排水', en: 'Discharging' },
  colourAbnormal: { zh: '颜色异常', en: 'Colour abnormal' },
  odourAbnormal: { zh: '气味异常', en: 'Odour abnormal' },
  flowEstimate: { zh: '流量估计', en: 'Flow estimate' },
  newPipesNearby: { zh: '周边有新增管道', en: 'New pipes nearby' },
} as const;

/** The default patrol distance limit: a GPS point farther than this from the outfall is flagged. */
export const DEFAULT_PATROL_DISTANCE_LIMIT_M = 200;
/** The long-term mechanism starts in 2025: an outfall never patrolled is due from this day (or its discovery). */
export const PATROL_SCHEDULE_START = '2025-01-01';
/** The interval when no rule matches (none should: the default rules end with a catch-all). */
export const DEFAULT_PATROL_INTERVAL_DAYS = 30;
