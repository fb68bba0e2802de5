import type { Page } from '@outfall/shared-types';
import { api, refinedDataOf } from '../../api/api-client';
import type { PageParams } from '../../api/schemas';
import type { Liaison, UnitFilter, UnitRow } from './types';

export function listUnits(params: PageParams & UnitFilter, signal?: AbortSignal): Promise<Page<UnitRow>> {
  return refinedDataOf(api.GET('/api/v1/units', { params: { query: { ...params, sort: 'name' } }, signal }));
}

export function setLiaison(unitId: string, liaison: Liaison): Promise<UnitRow> {
  return refinedDataOf(
    api.PUT('/api/v1/units/{id}/liaison', { params: { path: { id: unitId } }, body: liaison }),
  );
}
