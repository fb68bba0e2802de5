import type {
  OutfallCategory,
  SampleSource,
  SewageOrigin,
  TracingMethod,
  ValueQualifier,
  ZoneTargetStatus,
} from '@outfall/shared-types';

/** `GET /indicators`: the indicator catalogue. */
export interface Indicator {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string | null;
  decimals: number;
  required: boolean;
  physicalMin: number | null;
  physicalMax: number | null;
  sortOrder: number;
}

/** Filters shared by the sample, exceedance, chronic and tracing lists (and the monitoring ledgers). */
export interface MonitoringFilter {
  outfallId?: string;
  waterBodyId?: string;
  divisionId?: string;
  category?: OutfallCategory;
  indicator?: string;
  /** YYYY-MM-DD, Beijing days, inclusive. */
  from?: string;
  to?: string;
  source?: SampleSource;
  /** Samples: only those with an exceeding reading (true) or without (false). */
  exceeding?: boolean;
}

/** One reading with its assessment against the resolved standard grade. */
export interface SampleValue {
  indicatorCode: string;
  value: number;
  qualifier: ValueQualifier;
  detectionLimit: number | null;
  limitText: string | null;
  limitValue: number | null;
  ruleSource: string | null;
  /** null: no limit for this indicator, or undetermined (below detection above the limit). */
  compliant: boolean | null;
  /** Maximum limits only; null for pH (a range), which reports `deviation`. */
  exceedanceMultiple: number | null;
  /** Range limits (pH): how far outside the allowed range, 0 inside. */
  deviation?: number | null;
  deviationDirection?: DeviationDirection | null;
  /** What the assessment did (stricter limit for a missing input, pH deviation), or null. */
  explanationZh?: string | null;
  explanationEn?: string | null;
}

export type DeviationDirection = 'below' | 'above';

export interface OutfallRef {
  id: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  waterBodyId?: string;
  divisionId?: string;
}

export interface SampleRow {
  id: string;
  outfallId: string;
  sampledAt: string;
  source: SampleSource;
  laboratory: string | null;
  standardId: string | null;
  exceeding: boolean;
  exceedingCount: number;
  notes: string | null;
  outfall: OutfallRef;
  values: SampleValue[];
  /** Required indicators (the seven and the requirement rules') this sample lacks. */
  missingIndicators?: string[];
}

export const SAMPLE_SORT_KEYS = ['sampledAt'] as const;

export const EXCEEDANCE_SORT_KEYS = ['sampledAt', 'exceedanceMultiple'] as const;

export type ExceedanceSortKey = (typeof EXCEEDANCE_SORT_KEYS)[number];

export type ExceedanceSort = ExceedanceSortKey | `-${ExceedanceSortKey}`;

export interface ExceedanceRow {
  sampleId: string;
  outfallId: string;
  outfallCode: string;
  outfallName: string;
  sampledAt: string;
  source: SampleSource;
  indicator: string;
  value: number;
  qualifier: ValueQualifier;
  limitText: string | null;
  limitValue: number | null;
  /** Null for pH (a range): see `deviation`. */
  exceedanceMultiple: number | null;
  deviation?: number | null;
  deviationDirection?: DeviationDirection | null;
  explanationZh?: string | null;
  explanationEn?: string | null;
  standardId: string;
  ruleSource: string | null;
}

export interface ChronicRow {
  outfallId: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  waterName: string | null;
  divisionName: string | null;
  recentSamples: number;
  recentExceeding: number;
  lastSampledAt: string | null;
}

export interface SampleValueInput {
  indicator: string;
  value: number;
  qualifier?: ValueQualifier;
  detectionLimit?: number;
}

export interface SampleInput {
  outfallId: string;
  /** ISO 8601 with the +08:00 offset. */
  sampledAt: string;
  source: SampleSource;
  laboratory?: string;
  notes?: string;
  values: SampleValueInput[];
}

/** `GET /outfalls/:id/monitoring-status`. */
export interface MonitoringStatus {
  outfallId: string;
  standardId: string | null;
  standardName: string | null;
  explanation: { zh: string; en: string } | null;
  /** The receiving function zone; an unknown target status (未知) needs review. */
  zone?: {
    name: string;
    targetClass: string;
    targetStatus: ZoneTargetStatus;
    needsReview: boolean;
  } | null;
  lastSampledAt: string | null;
  latest: {
    indicator: string;
    value: number;
    qualifier: ValueQualifier;
    sampledAt: string;
    sampleId: string;
    limitText: string | null;
    compliant: boolean | null;
    exceedanceMultiple: number | null;
    deviation?: number | null;
    deviationDirection?: DeviationDirection | null;
    explanationZh?: string | null;
    explanationEn?: string | null;
  }[];
  samplesLast12Months: number;
  exceedingLast12Months: number;
  recentSamples: number;
  recentExceeding: number;
  chronic: boolean;
  chronicRule: { count: number; window: number };
}

export interface TracingSource {
  id?: string;
  entityId: string | null;
  description: string | null;
}

export interface TracingRow {
  id: string;
  outfallId: string;
  tracedOn: string;
  method: TracingMethod;
  sewageOrigin: SewageOrigin | null;
  mainFactors: string[];
  conclusion: string | null;
  complete: boolean;
  completedOn: string | null;
  sources: TracingSource[];
  createdAt: string;
  version: number;
}

export interface TracingInput {
  tracedOn: string;
  method: TracingMethod;
  sewageOrigin?: SewageOrigin;
  mainFactors?: string[];
  conclusion?: string;
  complete?: boolean;
  completedOn?: string;
  sources?: { entityId?: string; description?: string; candidateSourceId?: string }[];
}

export const MONITORING_LEDGER_KINDS = ['water_quality', 'tracing', 'pollution_sources'] as const;

export type MonitoringLedgerKind = (typeof MONITORING_LEDGER_KINDS)[number];
