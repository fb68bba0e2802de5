import { describe, expect, it } from '@jest/globals';
import { OutfallCategory } from '@outfall/shared-types';
import { outfallsOfEntity, readOutfallView, writeOutfallView, type OutfallView } from './outfall-url.util';

const ID = '0b6f2d0e-1c1a-4d5e-9f00-1234567890ab';
const params = (query: string) => new URLSearchParams(query);

describe('the directory view in the URL', () => {
  it('round-trips every filter, the page, the sort and the open outfall', () => {
    const view: OutfallView = {
      filter: {
        q: '六工',
        waterBodyId: ID,
        keyRiver: true,
        category: OutfallCategory.Industrial,
        divisionId: ID,
        banCandidate: true,
        duplicate: true,
        status: 'merged',
        entityId: ID,
      },
      page: 3,
      sort: '-discoveredOn',
      selected: ID,
    };
    expect(readOutfallView(writeOutfallView(view))).toEqual(view);
  });

  it('ignores unknown and malformed values instead of sending them to the API', () => {
    const view = readOutfallView(
      params('category=factory&waterBodyId=42&page=-2&sort=-password&status=deleted&keyRiver=yes&q=%20%20'),
    );
    expect(view).toEqual({ filter: {}, page: 1, sort: undefined, selected: undefined });
  });

  it('writes nothing for the defaults, so the plain list has a plain address', () => {
    expect(writeOutfallView({ filter: {}, page: 1 }).toString()).toBe('');
  });

  it('links to one entity’s outfalls', () => {
    expect(outfallsOfEntity(ID)).toBe(`/outfalls?entityId=${ID}`);
  });
});
