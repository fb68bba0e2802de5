import type { Page } from '@outfall/shared-types';
import { api, dataOf } from '../../api/api-client';
import type { PageParams, Schemas } from '../../api/schemas';
import { definedOnly, requestJson } from '../../api/http-client';
import { importForm } from '../imports/api';
import type { ImportMode } from '../imports/types';
import type { QueuedJob } from '../jobs/types';
import type {
  EditableEntity,
  EntityFilter,
  EntityInput,
  EntityLinkInput,
  EntityPatch,
  EntitySort,
  ResponsibleEntityRow,
} from './entities.types';

export function listResponsibleEntities(
  params: PageParams & EntityFilter & { sort?: EntitySort },
  signal?: AbortSignal,
): Promise<Page<ResponsibleEntityRow>> {
  return dataOf(api.GET('/api/v1/responsible-entities', { params: { query: params }, signal }));
}

export function getResponsibleEntity(id: string, signal?: AbortSignal): Promise<ResponsibleEntityRow> {
  return dataOf(api.GET('/api/v1/responsible-entities/{id}', { params: { path: { id } }, signal }));
}

/** Queues an XLSX export of the responsible-entity list with the list's filters. */
export function startEntityExport(filter: EntityFilter): Promise<QueuedJob> {
  return dataOf(api.POST('/api/v1/responsible-entities/exports', { body: definedOnly(filter) }));
}

/** Uploads an XLSX or CSV of responsible entities; queued like the outfall import. */
export function startEntityImport(file: File, mode: ImportMode): Promise<QueuedJob> {
  // multipart: sent as FormData through requestJson, like every upload
  return requestJson<QueuedJob>('POST', '/api/v1/responsible-entities/imports', {
    body: importForm(file, mode),
  });
}

/** The schema's `industryCode` is an untyped object (see EntityInput): the body is otherwise the DTO's. */
type EntityBody<T> = Omit<T, 'industryCode'> & { industryCode?: Schemas['CreateEntityDto']['industryCode'] };

export const createEntity = (input: EntityInput): Promise<EditableEntity> =>
  dataOf(api.POST('/api/v1/responsible-entities', { body: input as EntityBody<EntityInput> }));
export const updateEntity = (id: string, input: EntityPatch): Promise<EditableEntity> =>
  dataOf(
    api.PATCH('/api/v1/responsible-entities/{id}', {
      params: { path: { id } },
      body: input as EntityBody<EntityPatch>,
    }),
  );

/** Replaces an outfall's responsible entities (exactly one main; none → the township stands in). */
export const setOutfallEntities = (
  outfallId: string,
  links: EntityLinkInput[],
): Promise<Schemas['OutfallEntityLink'][]> =>
  dataOf(api.PUT('/api/v1/outfalls/{id}/entities', { params: { path: { id: outfallId } }, body: { links } }));
