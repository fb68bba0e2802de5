import { DivisionLevel, type Page } from '@outfall/shared-types';
import { api, dataOf } from '../../api/api-client';
import type { DivisionRow, WaterBodyRow } from './types';

/** The API's largest page: the city has a few dozen water bodies and townships at most. */
const ALL = 200;

export function listWaterBodies(signal?: AbortSignal): Promise<Page<WaterBodyRow>> {
  return dataOf(api.GET('/api/v1/water-bodies', { params: { query: { limit: ALL } }, signal }));
}

/** Townships and sub-districts (the level outfalls and entities are filed under), by code. */
export async function listTownships(signal?: AbortSignal): Promise<DivisionRow[]> {
  const pages = await Promise.all(
    [DivisionLevel.Township, DivisionLevel.SubDistrict].map((level) =>
      dataOf(api.GET('/api/v1/divisions', { params: { query: { level, limit: ALL } }, signal })),
    ),
  );
  return pages.flatMap((page) => page.items).sort((a, b) => a.code.localeCompare(b.code));
}
