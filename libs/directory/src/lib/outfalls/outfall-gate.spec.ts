import type { Principal } from '@outfall/common';
import { ApiKeyScope, OutfallCategory, Permission, Role } from '@outfall/shared-types';
import { gateRefusal, sectorCategoriesOf, sectorMessage } from './outfall-gate';

const CITY = { cityWide: true, divisionId: null, divisionPath: null };
const LIUGONG = { cityWide: false, divisionId: 'l', divisionPath: '652301/652301101' };

function principal(overrides: Partial<Principal>): Principal {
  return {
    kind: 'user',
    id: 'u',
    name: 'u',
    unitId: null,
    role: Role.EcologyBranch,
    apiKeyScope: null,
    permissions: [Permission.DirectoryWrite],
    jurisdiction: CITY,
    sectorCategories: [],
    ...overrides,
  };
}

const agri = principal({
  role: Role.SectorDepartment,
  sectorCategories: [OutfallCategory.Agricultural, OutfallCategory.Other],
});
const township = principal({ role: Role.Township, jurisdiction: LIUGONG });
const at = (category: OutfallCategory, divisionPath: string) => ({ category, divisionPath });

describe('the outfall write gate', () => {
  it('keeps townships and division-scoped keys inside their division', () => {
    const key = principal({
      kind: 'api_key',
      role: null,
      apiKeyScope: ApiKeyScope.ReadWrite,
      jurisdiction: LIUGONG,
    });
    for (const caller of [township, key]) {
      expect(gateRefusal(caller, at(OutfallCategory.Industrial, '652301/652301101'))).toBeNull();
      expect(gateRefusal(caller, at(OutfallCategory.Industrial, '652301/652301101/652301101201'))).toBeNull();
      expect(gateRefusal(caller, at(OutfallCategory.Industrial, '652301/652301105'))).toBe('jurisdiction');
      expect(gateRefusal(caller, at(OutfallCategory.Industrial, undefined as never))).toBe('jurisdiction');
    }
  });

  it('keeps sector departments to their categories, city-wide, samples and tracing included', () => {
    expect(gateRefusal(agri, at(OutfallCategory.Agricultural, '652301/652301105'))).toBeNull();
    expect(gateRefusal(agri, at(OutfallCategory.Other, '652301/652301101'))).toBeNull();
    expect(gateRefusal(agri, at(OutfallCategory.Industrial, '652301/652301101'))).toBe('sector');
  });

  it('lets a sector department whose unit lists no category write nothing, not everything', () => {
    const none = principal({ role: Role.SectorDepartment, sectorCategories: [] });
    expect(sectorCategoriesOf(none)).toEqual([]);
    for (const category of Object.values(OutfallCategory))
      expect(gateRefusal(none, at(category, '652301/652301101'))).toBe('sector');
    expect(sectorMessage(none, OutfallCategory.Industrial)).toMatch(
      /未分配排污口类别.*no outfall categories/,
    );
  });

  it('leaves the ecology branch, the water bureau and city-wide keys city-wide for what their role permits', () => {
    for (const caller of [
      principal({ role: Role.EcologyBranch }),
      principal({ role: Role.WaterBureau }),
      principal({ kind: 'api_key', role: null, apiKeyScope: ApiKeyScope.ReadWrite }),
    ]) {
      expect(sectorCategoriesOf(caller)).toBeNull();
      for (const category of Object.values(OutfallCategory))
        expect(gateRefusal(caller, at(category, '652301/652301105'))).toBeNull();
    }
  });

  it('checks the jurisdiction first, so another township’s record is not revealed by a sector answer', () => {
    const limited = principal({
      role: Role.SectorDepartment,
      sectorCategories: [OutfallCategory.Agricultural],
      jurisdiction: LIUGONG,
    });
    expect(gateRefusal(limited, at(OutfallCategory.Industrial, '652301/652301105'))).toBe('jurisdiction');
  });

  it('says what the unit may write, in Chinese and English', () => {
    expect(sectorMessage(agri, OutfallCategory.Industrial)).toBe(
      '您的单位只负责农业排污口、其他排污口，不能修改工业排污口 / your unit writes only agricultural, other outfalls, not industrial',
    );
  });
});
