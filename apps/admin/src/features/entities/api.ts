import type { Page } from '@outfall/shared-types';
import { definedOnly, requestJson, withQuery } from '../../api/http-client';
import { importForm } from '../imports/api';
import type {
  EntityFilter,
  EntitySort,
  ImportMode,
  OutfallEntityLink,
  PageParams,
  QueuedJob,
  ResponsibleEntityRow,
} from '../../api/types';
import type { EditableEntity, EntityInput, EntityLinkInput } from './entities.types';

const BASE = '/api/v1/responsible-entities';

export function listResponsibleEntities(
  params: PageParams & EntityFilter & { sort?: EntitySort },
  signal?: AbortSignal,
): Promise<Page<ResponsibleEntityRow>> {
  return requestJson<Page<ResponsibleEntityRow>>('GET', withQuery(BASE, { ...params }), { signal });
}

export function getResponsibleEntity(id: string, signal?: AbortSignal): Promise<ResponsibleEntityRow> {
  return requestJson<ResponsibleEntityRow>('GET', `${BASE}/${encodeURIComponent(id)}`, { signal });
}

/** Queues an XLSX export of the responsible-entity list with the list's filters. */
export function startEntityExport(filter: EntityFilter): Promise<QueuedJob> {
  return requestJson<QueuedJob>('POST', `${BASE}/exports`, { body: definedOnly(filter) });
}

/** Uploads an XLSX or CSV of responsible entities; queued like the outfall import. */
export function startEntityImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  return requestJson<QueuedJob>('POST', `${BASE}/imports`, { body: importForm(file, mode) });
}

export const createEntity = (input: EntityInput) =>
  requestJson<EditableEntity>('POST', BASE, { body: input });
export const updateEntity = (id: string, input: Partial<EntityInput> & { version: number }) =>
  requestJson<EditableEntity>('PATCH', `${BASE}/${encodeURIComponent(id)}`, { body: input });

/** Replaces an outfall's responsible entities (exactly one main; none → the township stands in). */
export const setOutfallEntities = (outfallId: string, links: EntityLinkInput[]) =>
  requestJson<OutfallEntityLink[]>('PUT', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/entities`, {
    body: { links },
  });
