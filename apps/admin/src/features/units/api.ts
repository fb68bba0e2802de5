import type { Page } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../api/http-client';
import type { Liaison, PageParams, UnitFilter, UnitRow } from '../../api/types';

export function listUnits(params: PageParams & UnitFilter, signal?: AbortSignal): Promise<Page<UnitRow>> {
  return requestJson<Page<UnitRow>>('GET', withQuery('/api/v1/units', { ...params, sort: 'name' }), {
    signal,
  });
}

export function setLiaison(unitId: string, liaison: Liaison): Promise<UnitRow> {
  return requestJson<UnitRow>('PUT', `/api/v1/units/${encodeURIComponent(unitId)}/liaison`, {
    body: liaison,
  });
}
