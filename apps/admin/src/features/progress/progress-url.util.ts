import type { ProgressDimension } from './api';

/** The breakdowns the page offers (city and scope are the headline cards). */
export const BREAKDOWNS = ['township', 'river', 'unit', 'category', 'area'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The forecast's groupings (what the API projects). */
export const FORECAST_BY = ['township', 'unit', 'scope', 'city'] as const;
export type ForecastBy = (typeof FORECAST_BY)[number] & ProgressDimension;

/** The progress page's view, kept in the URL so it can be shared. */
export interface ProgressView {
  /** YYYY-MM-DD (Beijing day); undefined = today. */
  asOf?: string;
  by: Breakdown;
  /** Breakdown sort: `label` or a metric, `-` first for descending. */
  sort?: string;
  forecastBy: ForecastBy;
  /** The snapshot open in the drawer (snapshots tab). */
  snapshot?: string;
  /** Snapshots tab: include superseded versions. */
  all: boolean;
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT = /^-?(label|investigation|plan|tracing|remediation)$/;

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Reads the view from the query string; unknown or malformed values fall back to the defaults. */
export function readProgressView(params: URLSearchParams): ProgressView {
  const asOf = params.get('asOf');
  const sort = params.get('sort');
  const snapshot = params.get('snapshot');
  const page = Number(params.get('page'));
  return {
    asOf: asOf !== null && DATE.test(asOf) ? asOf : undefined,
    by: oneOf(BREAKDOWNS, params.get('by'), 'township'),
    sort: sort !== null && SORT.test(sort) ? sort : undefined,
    forecastBy: oneOf(FORECAST_BY, params.get('forecastBy'), 'township'),
    snapshot: snapshot !== null && UUID.test(snapshot) ? snapshot : undefined,
    all: params.get('all') === 'true',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** Writes only what differs from the defaults. */
export function writeProgressView(view: ProgressView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.asOf) params.set('asOf', view.asOf);
  if (view.by !== 'township') params.set('by', view.by);
  if (view.sort) params.set('sort', view.sort);
  if (view.forecastBy !== 'township') params.set('forecastBy', view.forecastBy);
  if (view.snapshot) params.set('snapshot', view.snapshot);
  if (view.all) params.set('all', 'true');
  if (view.page > 1) params.set('page', String(view.page));
  return params;
}
