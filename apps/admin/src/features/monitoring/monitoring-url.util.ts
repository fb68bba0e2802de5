import { OutfallCategory, SampleSource } from '@outfall/shared-types';
import type { MonitoringFilter } from './types';

/** The monitoring page's filters, page and sort, kept in the URL (shared by its tabs). */
export interface MonitoringView {
  filter: MonitoringFilter;
  page: number;
  /** A sort key, `-` first for descending; each tab accepts its own keys. */
  sort?: string;
  /** The outfall open in the detail drawer. */
  selected?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z][a-z0-9_]{0,31}$/;

function oneOf<T extends string>(values: Record<string, T>, value: string | null): T | undefined {
  return value !== null && (Object.values(values) as string[]).includes(value) ? (value as T) : undefined;
}

const uuid = (value: string | null) => (value !== null && UUID.test(value) ? value : undefined);
const date = (value: string | null) => (value !== null && DATE.test(value) ? value : undefined);
const bool = (value: string | null) => (value === 'true' ? true : value === 'false' ? false : undefined);

/** The sort when its key is one of `keys`. */
export function sortFor<K extends string>(
  sort: string | undefined,
  keys: readonly K[],
): K | `-${K}` | undefined {
  if (!sort) return undefined;
  return (keys as readonly string[]).includes(sort.replace(/^-/, '')) ? (sort as K | `-${K}`) : undefined;
}

/** Reads the view from the query string; unknown or malformed values are ignored. */
export function readMonitoringView(params: URLSearchParams): MonitoringView {
  const page = Number(params.get('page'));
  const indicator = params.get('indicator');
  const filter: MonitoringFilter = {
    waterBodyId: uuid(params.get('waterBodyId')),
    divisionId: uuid(params.get('divisionId')),
    category: oneOf(OutfallCategory, params.get('category')),
    indicator: indicator !== null && CODE.test(indicator) ? indicator : undefined,
    from: date(params.get('from')),
    to: date(params.get('to')),
    source: oneOf(SampleSource, params.get('source')),
    exceeding: bool(params.get('exceeding')),
  };
  return {
    filter: Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    ) as MonitoringFilter,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: params.get('sort') || undefined,
    selected: uuid(params.get('outfall')),
  };
}

export function writeMonitoringView(view: MonitoringView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (view.page > 1) params.set('page', String(view.page));
  if (view.sort) params.set('sort', view.sort);
  if (view.selected) params.set('outfall', view.selected);
  return params;
}
