import type { Schemas } from '../../api/schemas';
import type { OutfallCategory, SampleSource } from '@outfall/shared-types';

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

/** The contract types `source` as a string (the GraphQL twin's field); the list answers the enum. */
export type ExceedanceRow = Omit<Schemas['ExceedanceView'], 'source'> & { source: SampleSource };

/** The contract types `category` as a string (the GraphQL twin's field); the list answers the enum. */
export type ChronicRow = Omit<Schemas['ChronicOutfallView'], 'category'> & { category: OutfallCategory };

export type SampleValueInput = Schemas['SampleValueDto'];

export type SampleInput = Schemas['CreateSampleDto'];

/** `GET /outfalls/:id/monitoring-status`. */
export type MonitoringStatus = Schemas['OutfallMonitoringStatus'];

export type TracingSource = Pick<Schemas['TracingSource'], 'entityId' | 'description'> & { id?: string };

/** A tracing record (溯源) with its sources, as the list and the write answer it. */
export type TracingRow = Omit<Schemas['TracingRecord'], 'outfall' | 'sources'> & { sources: TracingSource[] };

export type TracingInput = Schemas['TracingDto'];

export const MONITORING_LEDGER_KINDS = ['water_quality', 'tracing', 'pollution_sources'] as const;

export type MonitoringLedgerKind = (typeof MONITORING_LEDGER_KINDS)[number];
