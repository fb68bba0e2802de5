import type { LabelMap } from './label';

/** Where a monitoring record comes from. */
export enum SampleSource {
  Manual = 'manual',
  Supervisory = 'supervisory',
  Online = 'online',
  SelfMonitoring = 'self',
}

export const SAMPLE_SOURCE_LABELS: LabelMap<SampleSource> = {
  [SampleSource.Manual]: { zh: '人工采样', en: 'Manual sampling' },
  [SampleSource.Supervisory]: { zh: '监督性监测', en: 'Supervisory monitoring' },
  [SampleSource.Online]: { zh: '在线监测', en: 'Online monitoring' },
  [SampleSource.SelfMonitoring]: { zh: '企业自行监测', en: 'Self-monitoring by the entity' },
};

/** How a reading should be read. */
export enum ValueQualifier {
  Measured = 'measured',
  BelowDetection = 'below_detection',
  Estimated = 'estimated',
}

export const VALUE_QUALIFIER_LABELS: LabelMap<ValueQualifier> = {
  [ValueQualifier.Measured]: { zh: '实测', en: 'Measured' },
  [ValueQualifier.BelowDetection]: { zh: '未检出（低于检出限）', en: 'Below detection limit' },
  [ValueQualifier.Estimated]: { zh: '估算', en: 'Estimated' },
};

/** Which side of the allowed values a reading lies on (range and minimum bounds, e.g. pH). */
export enum DeviationDirection {
  Below = 'below',
  Above = 'above',
}

/** The indicators the plan requires for every outfall; they cannot be removed from the catalogue. */
export const REQUIRED_INDICATORS = ['flow', 'temperature', 'ph', 'cod', 'nh3n', 'tp', 'tn'] as const;

export enum PlantGrade {
  A1 = '1A',
  B1 = '1B',
  II = 'II',
  III = 'III',
}

export const PLANT_GRADE_LABELS: LabelMap<PlantGrade> = {
  [PlantGrade.A1]: { zh: '一级A', en: 'Grade 1A' },
  [PlantGrade.B1]: { zh: '一级B', en: 'Grade 1B' },
  [PlantGrade.II]: { zh: '二级', en: 'Grade II' },
  [PlantGrade.III]: { zh: '三级', en: 'Grade III' },
};

export enum TracingMethod {
  SiteSurvey = 'site_survey',
  PipeInspection = 'pipe_inspection',
  DyeTest = 'dye_test',
  ComparisonSampling = 'comparison_sampling',
  RecordsReview = 'records_review',
  Other = 'other',
}

export const TRACING_METHOD_LABELS: LabelMap<TracingMethod> = {
  [TracingMethod.SiteSurvey]: { zh: '现场踏勘', en: 'Site survey' },
  [TracingMethod.PipeInspection]: { zh: '管网排查（CCTV）', en: 'Pipe inspection / CCTV' },
  [TracingMethod.DyeTest]: { zh: '示踪试验', en: 'Dye test' },
  [TracingMethod.ComparisonSampling]: { zh: '对比采样', en: 'Comparison sampling' },
  [TracingMethod.RecordsReview]: { zh: '资料核查', en: 'Records review' },
  [TracingMethod.Other]: { zh: '其他', en: 'Other' },
};

export enum SewageOrigin {
  Industrial = 'industrial',
  Domestic = 'domestic',
  Agricultural = 'agricultural',
  Mixed = 'mixed',
  Storm = 'storm',
}

export const SEWAGE_ORIGIN_LABELS: LabelMap<SewageOrigin> = {
  [SewageOrigin.Industrial]: { zh: '工业废水', en: 'Industrial' },
  [SewageOrigin.Domestic]: { zh: '生活污水', en: 'Domestic' },
  [SewageOrigin.Agricultural]: { zh: '农业退水', en: 'Agricultural' },
  [SewageOrigin.Mixed]: { zh: '混合污水', en: 'Mixed' },
  [SewageOrigin.Storm]: { zh: '雨水', en: 'Storm water' },
};
