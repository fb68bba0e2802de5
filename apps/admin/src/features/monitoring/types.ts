import type { Schemas } from '../../api/schemas';
import type { OutfallCategory, SampleSource, ValueQualifier, ZoneTargetStatus } from '@outfall/shared-types';

/** `GET /indicators`: the indicator catalogue. */
export type Indicator = Schemas['Indicator'];

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
export type SampleValue = Omit<Schemas['SampleValue'], 'sample' | 'sampleId'>;

export type DeviationDirection = 'below' | 'above';

/** The outfall reference the sample, plan and tracing lists embed (the schemas name the whole Outfall). */
export interface OutfallRef {
  id: string;
  localCode: string;
  name: string;
  category: OutfallCategory;
  waterBodyId?: string;
  divisionId?: string;
}

/** A sample as the list answers it: the schema's view with `outfall` the reference the list fills in. */
export type SampleRow = Omit<Schemas['SampleViewDto'], 'outfall' | 'values'> & {
  outfall: OutfallRef;
  values: SampleValue[];
};

export const SAMPLE_SORT_KEYS = ['sampledAt'] as const;

export const EXCEEDANCE_SORT_KEYS = ['sampledAt', 'exceedanceMultiple'] as const;

export type ExceedanceSortKey = (typeof EXCEEDANCE_SORT_KEYS)[number];

export type ExceedanceSort = ExceedanceSortKey | `-${ExceedanceSortKey}`;

// TODO(contract): replace with the generated schema
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

// TODO(contract): replace with the generated schema
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

export type SampleValueInput = Schemas['SampleValueDto'];

export type SampleInput = Schemas['CreateSampleDto'];

// TODO(contract): replace with the generated schema
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

export type TracingSource = Pick<Schemas['TracingSource'], 'entityId' | 'description'> & { id?: string };

/** A tracing record (溯源) with its sources, as the list and the write answer it. */
export type TracingRow = Omit<Schemas['TracingRecord'], 'outfall' | 'sources'> & { sources: TracingSource[] };

export type TracingInput = Schemas['TracingDto'];

export const MONITORING_LEDGER_KINDS = ['water_quality', 'tracing', 'pollution_sources'] as const;

export type MonitoringLedgerKind = (typeof MONITORING_LEDGER_KINDS)[number];
