import type { EntityKind } from '@outfall/shared-types';
import type { Schemas } from '../../api/schemas';

export type ResponsibleEntity = Schemas['ResponsibleEntity'];

/** A listed entity (责任主体) with its outfall count, as `GET /responsible-entities` answers it. */
export type ResponsibleEntityRow = Schemas['ResponsibleEntityView'];

/** A listed entity with the fields the edit form also needs. */
export type EditableEntity = ResponsibleEntityRow;

/** The entity list's filters (view state; `GET /responsible-entities` checks them). */
export interface EntityFilter {
  q?: string;
  kind?: EntityKind;
  divisionId?: string;
  multipleOutfalls?: boolean;
}

export type EntitySortKey = 'name' | 'kind';
export type EntitySort = EntitySortKey | `-${EntitySortKey}`;

/**
 * `POST /responsible-entities`; the PATCH takes the same fields, all optional, with `version`. The schema
 * types `industryCode` as an object (its `string | null` reaches the document as `Object`): described here.
 */
export type EntityInput = Omit<Schemas['CreateEntityDto'], 'industryCode'> & { industryCode?: string | null };
export type EntityPatch = Omit<Schemas['UpdateEntityDto'], 'industryCode'> & { industryCode?: string | null };

/** One responsible-entity link of an outfall (`PUT /outfalls/:id/entities`). */
export type EntityLinkInput = Schemas['EntityLinkDto'];
