import { OutfallArea, OutfallCategory, OutfallSubType } from '@outfall/shared-types';
import {
  OUTFALL_SORT_KEYS,
  OUTFALL_STATUSES,
  type OutfallFilter,
  type OutfallSort,
  type OutfallStatus,
} from './types';

/** What the directory shows, kept in the URL so a view can be linked, reloaded and stepped back through. */
export interface OutfallView {
  filter: OutfallFilter;
  page: number;
  sort?: OutfallSort;
  /** The outfall open in the detail drawer. */
  selected?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `value` when it is one of `values` (an enum object or a list). */
function oneOf<T extends string>(
  values: Record<string, T> | readonly T[],
  value: string | null,
): T | undefined {
  return value !== null && (Object.values(values) as string[]).includes(value) ? (value as T) : undefined;
}

function uuid(value: string | null): string | undefined {
  return value !== null && UUID.test(value) ? value : undefined;
}

function sortOf(value: string | null): OutfallSort | undefined {
  if (!value) return undefined;
  const key = value.replace(/^-/, '');
  return (OUTFALL_SORT_KEYS as readonly string[]).includes(key) ? (value as OutfallSort) : undefined;
}

/** Reads the view from the query string; unknown or malformed values are ignored. */
export function readOutfallView(params: URLSearchParams): OutfallView {
  const page = Number(params.get('page'));
  const filter: OutfallFilter = {
    q: params.get('q')?.trim() || undefined,
    waterBodyId: uuid(params.get('waterBodyId')),
    keyRiver: params.get('keyRiver') === 'true' ? true : undefined,
    category: oneOf(OutfallCategory, params.get('category')),
    subType: oneOf(OutfallSubType, params.get('subType')),
    divisionId: uuid(params.get('divisionId')),
    area: oneOf(OutfallArea, params.get('area')),
    banCandidate: params.get('banCandidate') === 'true' ? true : undefined,
    duplicate: params.get('duplicate') === 'true' ? true : undefined,
    status: oneOf<OutfallStatus>(OUTFALL_STATUSES, params.get('status')),
    entityId: uuid(params.get('entityId')),
  };
  return {
    filter: Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    ) as OutfallFilter,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: sortOf(params.get('sort')),
    selected: uuid(params.get('outfall')),
  };
}

export function writeOutfallView(view: OutfallView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (view.page > 1) params.set('page', String(view.page));
  if (view.sort) params.set('sort', view.sort);
  if (view.selected) params.set('outfall', view.selected);
  return params;
}

/** The link to the directory filtered to one responsible entity's outfalls. */
export function outfallsOfEntity(entityId: string): string {
  return `/outfalls?${writeOutfallView({ filter: { entityId }, page: 1 }).toString()}`;
}
