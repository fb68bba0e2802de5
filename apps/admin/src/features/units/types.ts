import type { UnitKind } from '@outfall/shared-types';
import type { Schemas } from '../../api/schemas';

/** A unit's liaison (联络员), as `PUT /units/:id/liaison` takes it. */
export type Liaison = Schemas['LiaisonDto'];

/** A unit as `GET /units` answers it; the schema leaves `division` and `liaison` untyped, described here. */
export type UnitRow = Omit<Schemas['UnitDto'], 'division' | 'liaison'> & {
  division: { id: string; name: string } | null;
  liaison: Liaison | null;
};

/** The unit list's filters (the URL's view state; `GET /units` checks them). */
export interface UnitFilter {
  q?: string;
  kind?: UnitKind;
}
