import { OutfallCategory, PlanStatus } from '@outfall/shared-types';
import type { PlanFilter } from './types';

/** The remediation page's filters (plans; the disposition tab uses township, category and decided). */
export interface RemediationFilter extends Omit<PlanFilter, 'outfallId' | 'waterBodyId'> {
  decided?: boolean;
}

export type OverdueGrouping = 'unit' | 'township';

export interface RemediationView {
  filter: RemediationFilter;
  page: number;
  sort?: string;
  /** The plan open in the detail drawer. */
  plan?: string;
  /** The overdue summary's grouping. */
  by: OverdueGrouping;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: Record<string, T>, value: string | null): T | undefined {
  return value !== null && (Object.values(values) as string[]).includes(value) ? (value as T) : undefined;
}
const uuid = (value: string | null) => (value !== null && UUID.test(value) ? value : undefined);
const bool = (value: string | null) => (value === 'true' ? true : value === 'false' ? false : undefined);

export function readRemediationView(params: URLSearchParams): RemediationView {
  const page = Number(params.get('page'));
  const filter: RemediationFilter = {
    status: oneOf(PlanStatus, params.get('status')),
    responsibleUnitId: uuid(params.get('responsibleUnitId')),
    divisionId: uuid(params.get('divisionId')),
    category: oneOf(OutfallCategory, params.get('category')),
    overdue: params.get('overdue') === 'true' ? true : undefined,
    decided: bool(params.get('decided')),
  };
  return {
    filter: Object.fromEntries(
      Object.entries(filter).filter(([, value]) => value !== undefined),
    ) as RemediationFilter,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    sort: params.get('sort') || undefined,
    plan: uuid(params.get('plan')),
    by: params.get('by') === 'township' ? 'township' : 'unit',
  };
}

export function writeRemediationView(view: RemediationView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (view.page > 1) params.set('page', String(view.page));
  if (view.sort) params.set('sort', view.sort);
  if (view.plan) params.set('plan', view.plan);
  if (view.by !== 'unit') params.set('by', view.by);
  return params;
}
