import type { MilestoneType, Page } from '@outfall/shared-types';
import { api, dataOf, refinedDataOf } from '../../api/api-client';
import { downloadFile } from '../../api/file-download';
import { definedOnly, requestJson } from '../../api/http-client';
import { importForm } from '../imports/api';
import type { PageParams } from '../../api/schemas';
import type { ImportMode } from '../imports/types';
import type { QueuedJob } from '../jobs/types';
import type {
  BackEntryInput,
  MilestoneInput,
  OutfallDetail,
  OutfallEvent,
  OutfallFilter,
  OutfallInput,
  OutfallPatch,
  OutfallPointProperties,
  OutfallRow,
  OutfallSort,
} from './types';
import type { FeatureCollection } from '../../shared/utils/geojson';

const BASE = '/api/v1/outfalls';

export function listOutfalls(
  params: PageParams & OutfallFilter & { sort?: OutfallSort },
  signal?: AbortSignal,
): Promise<Page<OutfallRow>> {
  return dataOf(api.GET('/api/v1/outfalls', { params: { query: params }, signal }));
}

/** The filtered outfalls as points (5 000 unless `limit` says more; field mode lists a township's from them). */
export function outfallPoints(
  filter: OutfallFilter & { limit?: number },
  signal?: AbortSignal,
): Promise<FeatureCollection<{ type: 'Point'; coordinates: [number, number] }, OutfallPointProperties>> {
  return refinedDataOf(api.GET('/api/v1/outfalls/geojson', { params: { query: filter }, signal }));
}

/** The directory card: the record with its milestones, responsible entities and suspected duplicates. */
export function getOutfall(id: string, signal?: AbortSignal): Promise<OutfallDetail> {
  return dataOf(api.GET('/api/v1/outfalls/{id}', { params: { path: { id } }, signal }));
}

export function createOutfall(input: OutfallInput): Promise<OutfallRow> {
  return dataOf(api.POST('/api/v1/outfalls', { body: input }));
}

export function updateOutfall(id: string, patch: OutfallPatch): Promise<OutfallRow> {
  return dataOf(api.PATCH('/api/v1/outfalls/{id}', { params: { path: { id } }, body: patch }));
}

/** Enters or corrects a dated milestone. */
export function setMilestone(id: string, type: MilestoneType, input: MilestoneInput): Promise<OutfallEvent> {
  return dataOf(
    api.PUT('/api/v1/outfalls/{id}/milestones/{type}', { params: { path: { id, type } }, body: input }),
  );
}

/** Merges outfall `id` (a duplicate) into `intoId`; answers the surviving outfall. */
export function mergeOutfall(id: string, intoId: string, reason: string): Promise<OutfallRow> {
  return dataOf(
    api.POST('/api/v1/outfalls/{id}/merge', { params: { path: { id } }, body: { intoId, reason } }),
  );
}

/** Queues an XLSX export of the directory with the list's filters. */
export function startOutfallExport(filter: OutfallFilter): Promise<QueuedJob> {
  return dataOf(api.POST('/api/v1/outfalls/exports', { body: definedOnly(filter) }));
}

/** Uploads an XLSX or CSV of outfalls; the API checks type and size, then queues the import job. */
export function startOutfallImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  // multipart (FormData) through requestJson, like every upload: the contract's body has no file field
  return requestJson<QueuedJob>('POST', `${BASE}/imports`, { body: importForm(file, mode) });
}

/** The XLSX import template (Chinese headers, notes and a sheet of allowed values). */
export function downloadOutfallTemplate(): Promise<void> {
  return downloadFile(`${BASE}/import-template`, '排污口名录导入模板.xlsx');
}

/** Back-enters (补录) remediation done before the platform existed: the eco branch, one call per outfall. */
export function backEnter(id: string, input: BackEntryInput): Promise<OutfallEvent[]> {
  return dataOf(api.POST('/api/v1/outfalls/{id}/back-entry', { params: { path: { id } }, body: input }));
}

/** Bulk back-entry from an XLSX or CSV (queued like the other imports). */
export function startBackEntryImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  // multipart (FormData) through requestJson, like every upload: the contract's body has no file field
  return requestJson<QueuedJob>('POST', '/api/v1/remediation/back-entries/imports', {
    body: importForm(file, mode),
  });
}

export function downloadBackEntryTemplate(): Promise<void> {
  return downloadFile('/api/v1/remediation/back-entries/template', '整治补录模板.xlsx');
}

/** Review of a hand-set workflow milestone from before the rule: it stands as a back-entry (eco branch). */
export function confirmMilestone(
  id: string,
  type: MilestoneType,
  input: { reason: string; documentRef: string },
): Promise<OutfallEvent> {
  return dataOf(
    api.POST('/api/v1/outfalls/{id}/milestones/{type}/confirm', {
      params: { path: { id, type } },
      body: input,
    }),
  );
}

/** Review: the hand-set milestone goes; what its workflow's records say (if anything) takes its place. */
export function revertMilestone(
  id: string,
  type: MilestoneType,
): Promise<{ milestone: OutfallEvent | null }> {
  return dataOf(
    api.POST('/api/v1/outfalls/{id}/milestones/{type}/revert', { params: { path: { id, type } } }),
  );
}
