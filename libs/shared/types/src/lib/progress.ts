import type { LabelMap } from './label';

/** The four rates the plan sets targets for. */
export enum ProgressMetric {
  Investigation = 'investigation',
  Plan = 'plan',
  Tracing = 'tracing',
  Remediation = 'remediation',
}

export const PROGRESS_METRIC_LABELS: LabelMap<ProgressMetric> = {
  [ProgressMetric.Investigation]: { zh: '排查率', en: 'Investigation rate' },
  [ProgressMetric.Plan]: { zh: '一口一策报送率', en: 'Plan (一口一策) submission rate' },
  [ProgressMetric.Tracing]: { zh: '溯源率', en: 'Tracing rate' },
  [ProgressMetric.Remediation]: { zh: '整治率', en: 'Remediation rate' },
};

/** Target scope groups: the two key rivers, and the other (county-level) rivers. */
export enum ScopeGroup {
  KeyRivers = 'key_rivers',
  OtherRivers = 'other_rivers',
}

export const SCOPE_GROUP_LABELS: LabelMap<ScopeGroup> = {
  [ScopeGroup.KeyRivers]: { zh: '重点河流（头屯河、三屯河）', en: 'Key rivers (Toutun, Santun)' },
  [ScopeGroup.OtherRivers]: { zh: '其他县市级河流', en: 'Other county-level rivers' },
};

export enum ForecastStatus {
  Met = 'met',
  OnTrack = 'on_track',
  AtRisk = 'at_risk',
  Behind = 'behind',
  /** The deadline has come (on the day itself or later) and the target is not reached: 未达标. */
  Missed = 'missed',
}

export const FORECAST_STATUS_LABELS: LabelMap<ForecastStatus> = {
  [ForecastStatus.Met]: { zh: '已达标', en: 'Met' },
  [ForecastStatus.OnTrack]: { zh: '进度正常', en: 'On track' },
  [ForecastStatus.AtRisk]: { zh: '存在风险', en: 'At risk' },
  [ForecastStatus.Behind]: { zh: '进度滞后', en: 'Behind' },
  [ForecastStatus.Missed]: { zh: '未达标', en: 'Missed' },
};
