import type { Outfall } from './outfall.entity';

/** The REST view of an outfall (the entity minus internal columns). */
export type OutfallView = Omit<
  Outfall,
  'location' | 'waterBody' | 'division' | 'mergedInto' | 'boundaryDivision'
> & {
  division: { id: string; name: string; code: string } | null;
};

export function toOutfallView(outfall: Outfall): OutfallView {
  const { location: _l, waterBody: _w, mergedInto: _m, boundaryDivision: _b, division, ...rest } = outfall;
  return {
    ...rest,
    division: division ? { id: division.id, name: division.name, code: division.code } : null,
  };
}
