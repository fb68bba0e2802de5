import { DivisionLevel, type Page } from '@outfall/shared-types';
import { requestJson, withQuery } from '../../api/http-client';
import type { DivisionRow, WaterBodyRow } from '../../api/types';

/** The API's largest page: the city has a few dozen water bodies and townships at most. */
const ALL = 200;

export function listWaterBodies(signal?: AbortSignal): Promise<Page<WaterBodyRow>> {
  return requestJson<Page<WaterBodyRow>>('GET', withQuery('/api/v1/water-bodies', { limit: ALL }), {
    signal,
  });
}

/** Townships and sub-districts (the level outfalls and entities are filed under), by code. */
export async function listTownships(signal?: AbortSignal): Promise<DivisionRow[]> {
  const pages = await Promise.all(
    [DivisionLevel.Township, DivisionLevel.SubDistrict].map((level) =>
      requestJson<Page<DivisionRow>>('GET', withQuery('/api/v1/divisions', { level, limit: ALL }), {
        signal,
      }),
    ),
  );
  return pages.flatMap((page) => page.items).sort((a, b) => a.code.localeCompare(b.code));
}
