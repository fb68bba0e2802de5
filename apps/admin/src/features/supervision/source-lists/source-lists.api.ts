import type { Page, SourceListKind } from '@outfall/shared-types';
import { downloadFile } from '../../../api/file-download';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import { importForm } from '../../imports/api';
import type { ImportMode } from '../../imports/types';
import type { QueuedJob } from '../../jobs/types';
import type { WaterBodyRow } from '../../../shared/reference-data/types';

/** One item of a department's list, as the API answers it. */
export interface SourceListItemRow {
  id: string;
  kind: SourceListKind;
  ownerUnitId: string;
  ownerUnitName: string | null;
  name: string;
  creditCode: string | null;
  longitude: number;
  latitude: number;
  address: string | null;
  divisionId: string | null;
  divisionName: string | null;
  industryCode: string | null;
  species: string | null;
  headCount: number | null;
  areaMu: number | null;
  matchedEntityId: string | null;
  matchedEntityName: string | null;
  matched: boolean;
  demo: boolean;
  distanceM: number | null;
  version: number;
}

export interface SourceListFilter {
  kind?: SourceListKind;
  ownerUnitId?: string;
  divisionId?: string;
  industryCode?: string;
  matched?: boolean;
  q?: string;
}

export type SourceListSortKey = 'name' | 'creditCode' | 'industryCode' | 'headCount' | 'areaMu' | 'updatedAt';

export interface SourceListItemInput {
  kind?: SourceListKind;
  ownerUnitId?: string;
  name?: string;
  creditCode?: string | null;
  longitude?: number;
  latitude?: number;
  address?: string | null;
  divisionId?: string | null;
  industryCode?: string | null;
  species?: string | null;
  headCount?: number | null;
  areaMu?: number | null;
  version?: number;
}

export type WaterBasinRow = WaterBodyRow & {
  basinAreaKm2: number | null;
  riverLengthKm: number | null;
  version: number;
};

const BASE = '/api/v1/source-lists';

export function listSourceItems(
  params: SourceListFilter & { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
): Promise<Page<SourceListItemRow>> {
  return requestJson('GET', withQuery(`${BASE}/items`, { ...params }), { signal });
}

export function createSourceItem(input: SourceListItemInput): Promise<SourceListItemRow> {
  return requestJson('POST', `${BASE}/items`, { body: definedOnly(input) });
}

export function updateSourceItem(id: string, input: SourceListItemInput): Promise<SourceListItemRow> {
  return requestJson('PATCH', `${BASE}/items/${encodeURIComponent(id)}`, { body: input });
}

export async function deleteSourceItem(id: string): Promise<void> {
  await requestJson('DELETE', `${BASE}/items/${encodeURIComponent(id)}`);
}

export function rematchSources(): Promise<{ items: number; matched: number; entitiesUpdated: number }> {
  return requestJson('POST', `${BASE}/rematch`);
}

export function startSourceImport(
  kind: SourceListKind,
  replace: boolean,
  file: File,
  mode: ImportMode,
): Promise<QueuedJob> {
  const form = importForm(file, mode);
  form.append('kind', kind);
  form.append('replace', String(replace));
  return requestJson('POST', `${BASE}/imports`, { body: form });
}

export function downloadSourceTemplate(kind: SourceListKind): Promise<void> {
  return downloadFile(withQuery(`${BASE}/template`, { kind }), `${kind}.xlsx`);
}

export function startSourceExport(filter: SourceListFilter): Promise<QueuedJob> {
  return requestJson('POST', `${BASE}/exports`, { body: definedOnly(filter) });
}

export function candidateSources(
  outfallId: string,
  signal?: AbortSignal,
): Promise<{ outfallId: string; distanceM: number; items: SourceListItemRow[] }> {
  return requestJson('GET', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/candidate-sources`, {
    signal,
  });
}

export interface SourcePointFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; kind: SourceListKind; name: string; matched: boolean };
}

export function sourceListGeojson(signal?: AbortSignal): Promise<{ features: SourcePointFeature[] }> {
  return requestJson('GET', `${BASE}/geojson`, { signal });
}

export function listWaterBasins(signal?: AbortSignal): Promise<Page<WaterBasinRow>> {
  return requestJson('GET', withQuery('/api/v1/water-bodies', { limit: 200 }), { signal });
}

export function setWaterBasin(
  id: string,
  input: { basinAreaKm2: number | null; riverLengthKm: number | null; version: number },
): Promise<WaterBasinRow> {
  return requestJson('PUT', `/api/v1/water-bodies/${encodeURIComponent(id)}/basin-data`, { body: input });
}

export function startBasinImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  return requestJson('POST', '/api/v1/water-bodies/basin-data/imports', { body: importForm(file, mode) });
}

export function downloadBasinTemplate(): Promise<void> {
  return downloadFile('/api/v1/water-bodies/basin-data/template', 'basin.xlsx');
}
