import type { ApiOperations, SourceListKind } from '@outfall/shared-types';
import { api, dataOf } from '../../../api/api-client';
import { downloadFile } from '../../../api/file-download';
import { definedOnly, requestJson, withQuery } from '../../../api/http-client';
import type { Schemas } from '../../../api/schemas';
import { importForm } from '../../imports/api';
import type { ImportMode } from '../../imports/types';
import type { QueuedJob } from '../../jobs/types';

/** One item of a department's list, as the API answers it. */
export type SourceListItemRow = Schemas['SourceListItemResponse'];
/** A list item near an outfall, with its distance (m). */
export type CandidateSourceRow = Schemas['CandidateSourceResponse'];
export type CreateSourceListItemInput = Schemas['CreateSourceListItemDto'];
export type UpdateSourceListItemInput = Schemas['UpdateSourceListItemDto'];
export type WaterBasinRow = Schemas['WaterBody'];

type SourceListQuery = NonNullable<ApiOperations['SourceListsController_list']['parameters']['query']>;
/** The list's filters (held by the page, sent as the query and as the export's body). */
export type SourceListFilter = Omit<SourceListQuery, 'limit' | 'offset' | 'sort'>;

export type SourceListSortKey = 'name' | 'creditCode' | 'industryCode' | 'headCount' | 'areaMu' | 'updatedAt';

const BASE = '/api/v1/source-lists';

export const listSourceItems = (
  query: SourceListFilter & { limit: number; offset: number; sort?: string },
  signal?: AbortSignal,
) => dataOf(api.GET('/api/v1/source-lists/items', { params: { query }, signal }));

export const createSourceItem = (body: CreateSourceListItemInput) =>
  dataOf(api.POST('/api/v1/source-lists/items', { body: definedOnly(body) as CreateSourceListItemInput }));

export const updateSourceItem = (id: string, body: UpdateSourceListItemInput) =>
  dataOf(api.PATCH('/api/v1/source-lists/items/{id}', { params: { path: { id } }, body }));

export const deleteSourceItem = (id: string) =>
  dataOf(api.DELETE('/api/v1/source-lists/items/{id}', { params: { path: { id } } }));

export const rematchSources = () => dataOf(api.POST('/api/v1/source-lists/rematch'));

/** Multipart upload: sent as FormData through requestJson, like every import (openapi-fetch would need a serializer). */
export function startSourceImport(
  kind: SourceListKind,
  replace: boolean,
  file: File,
  mode: ImportMode,
): Promise<QueuedJob> {
  const form = importForm(file, mode);
  form.append('kind', kind);
  form.append('replace', String(replace));
  return requestJson<QueuedJob>('POST', `${BASE}/imports`, { body: form });
}

/** An XLSX download: a blob saved through the file helper, not a JSON answer. */
export function downloadSourceTemplate(kind: SourceListKind): Promise<void> {
  return downloadFile(withQuery(`${BASE}/template`, { kind }), `${kind}.xlsx`);
}

export const startSourceExport = (filter: SourceListFilter) =>
  dataOf(api.POST('/api/v1/source-lists/exports', { body: definedOnly(filter) }));

export const candidateSources = (id: string, signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/outfalls/{id}/candidate-sources', { params: { path: { id } }, signal }));

export const sourceListGeojson = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/source-lists/geojson', { signal }));

export const listWaterBasins = (signal?: AbortSignal) =>
  dataOf(api.GET('/api/v1/water-bodies', { params: { query: { limit: 200 } }, signal }));

export const setWaterBasin = (id: string, body: Schemas['WaterBodyBasinDto']) =>
  dataOf(api.PUT('/api/v1/water-bodies/{id}/basin-data', { params: { path: { id } }, body }));

/** Multipart upload, like `startSourceImport`. */
export function startBasinImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  return requestJson<QueuedJob>('POST', '/api/v1/water-bodies/basin-data/imports', {
    body: importForm(file, mode),
  });
}

/** An XLSX download, like `downloadSourceTemplate`. */
export function downloadBasinTemplate(): Promise<void> {
  return downloadFile('/api/v1/water-bodies/basin-data/template', 'basin.xlsx');
}
