import { requestJson } from '../../api/http-client';
import type { OutfallEntityLink } from '../../api/types';
import type { EditableEntity, EntityInput, EntityLinkInput } from './entities.types';

const BASE = '/api/v1/responsible-entities';

export const createEntity = (input: EntityInput) =>
  requestJson<EditableEntity>('POST', BASE, { body: input });
export const updateEntity = (id: string, input: Partial<EntityInput> & { version: number }) =>
  requestJson<EditableEntity>('PATCH', `${BASE}/${encodeURIComponent(id)}`, { body: input });

/** Replaces an outfall's responsible entities (exactly one main; none → the township stands in). */
export const setOutfallEntities = (outfallId: string, links: EntityLinkInput[]) =>
  requestJson<OutfallEntityLink[]>('PUT', `/api/v1/outfalls/${encodeURIComponent(outfallId)}/entities`, {
    body: { links },
  });
