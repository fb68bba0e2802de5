import type { EntityKind } from '@outfall/shared-types';
import type { ResponsibleEntityRow } from '../../api/types';

/** A listed entity with the fields the edit form also needs. */
export type EditableEntity = ResponsibleEntityRow & { industryCode?: string | null };

export interface EntityInput {
  name: string;
  kind: EntityKind;
  creditCode?: string;
  legalRepresentative?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  divisionId: string;
  industryCode?: string | null;
  inIndustrialPark?: boolean;
}

export interface EntityLinkInput {
  entityId: string;
  isMain: boolean;
  meteringInstalled?: boolean;
}
