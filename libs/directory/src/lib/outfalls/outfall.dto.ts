import type { Outfall } from './outfall.entity';

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
