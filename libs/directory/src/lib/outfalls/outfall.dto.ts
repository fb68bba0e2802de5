import { OmitType } from '@nestjs/swagger';
import { OutfallAttachment } from './outfall-attachment.entity';
import { OutfallEntityLink } from '../entities/outfall-entity-link.entity';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';
import { OutfallEvent } from './outfall-event.entity';
import { Outfall } from './outfall.entity';

/** The REST view of an outfall (the entity minus internal columns). */
export type OutfallView = Omit<
  Outfall,
  'location' | 'waterBody' | 'division' | 'mergedInto' | 'boundaryDivision'
> & {
  division: { id: string; name: string; code: string } | null;
};

const INTERNAL = new Set(['location', 'waterBody', 'division', 'mergedInto', 'boundaryDivision']);
/** The entity's columns that the view leaves out (relations are not columns). */
export const OUTFALL_INTERNAL_COLUMNS: ReadonlySet<string> = INTERNAL;

export function toOutfallView(outfall: Outfall): OutfallView {
  // a plain loop: object rest on the entity (CopyDataProperties with excluded keys) was the list's hottest
  // function, ~0.1 ms an outfall (docs/performance.md)
  const view: Record<string, unknown> = {};
  for (const key in outfall) {
    if (!INTERNAL.has(key)) view[key] = (outfall as unknown as Record<string, unknown>)[key];
  }
  const { division } = outfall;
  view['division'] = division ? { id: division.id, name: division.name, code: division.code } : null;
  return view as OutfallView;
}

/** The division an outfall lies in. */
export class OutfallDivisionRef {
  id: string;
  name: string;
  /** Administrative division code */
  code: string;
}

/** The REST view of an outfall (the entity minus internal columns): what `OutfallView` is, as a schema. */
export class OutfallViewDto extends OmitType(Outfall, [
  'location',
  'waterBody',
  'division',
  'mergedInto',
  'boundaryDivision',
] as const) {
  division: OutfallDivisionRef | null;
}

/** An outfall attachment as the API shows it: never where it is stored, but where to download it. */
export class OutfallAttachmentViewDto extends OmitType(OutfallAttachment, [
  'storageKey',
  'outfall',
] as const) {
  /** Where to download the file */
  downloadUrl: string;
}

/** A registered outfall close to this one (a possible duplicate). */
export class OutfallDuplicateRef {
  id: string;
  localCode: string;
  name: string;
  /** Why it was flagged */
  reason: string;
  /** Distance in metres */
  distanceM: number;
}

/** One outfall with its history, its responsible entities and its possible duplicates. */
/** A responsible-entity link on the card, its entity loaded. */
export class OutfallEntityLinkViewDto extends OmitType(OutfallEntityLink, ['outfall', 'entity'] as const) {
  entity: ResponsibleEntity;
}

export class OutfallDetailDto extends OutfallViewDto {
  events: OutfallEvent[];
  entities: OutfallEntityLinkViewDto[];
  duplicates: OutfallDuplicateRef[];
}
