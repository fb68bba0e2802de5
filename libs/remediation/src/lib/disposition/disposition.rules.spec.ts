import {
  Disposition,
  OutfallCategory,
  OutfallSubType,
  SetupApproval,
  SewageOrigin,
} from '@outfall/shared-types';
import { DispositionFacts, suggestDisposition } from './disposition.rules';

const facts = (over: Partial<DispositionFacts> = {}): DispositionFacts => ({
  category: OutfallCategory.Industrial,
  subType: OutfallSubType.IndustrialEnterprise,
  discoveredOn: '2023-09-01',
  zones: [],
  inSewerCoverage: false,
  sewageOrigin: null,
  enterpriseWithSeveralOutfalls: false,
  smallAquacultureNeighbours: 0,
  lastSampleExceeding: null,
  signageInstalled: true,
  setupApproval: SetupApproval.Approved,
  sharedWithoutMetering: false,
  planProblems: [],
  ...over,
});

describe('suggested disposition', () => {
  it('bans outfalls inside a protected area, with interim measures when they predate it', () => {
    const zone = { name: '水源地一级区', kind: 'drinking_water_level_1' };
    expect(suggestDisposition(facts({ zones: [{ ...zone, designatedOn: '2015-01-01' }] }))).toMatchObject({
      disposition: Disposition.Ban,
      interim: false,
    });
    expect(suggestDisposition(facts({ zones: [{ ...zone, designatedOn: '2024-01-01' }] }))).toMatchObject({
      disposition: Disposition.Ban,
      interim: true,
    });
    // an undated zone is treated as older than the outfall
    expect(suggestDisposition(facts({ zones: [{ ...zone, designatedOn: null }] })).interim).toBe(false);
  });

  it('merges domestic sewage inside sewer coverage, by sub-type or by traced origin', () => {
    const domestic = {
      category: OutfallCategory.Other,
      subType: OutfallSubType.RuralSewageFacility,
      inSewerCoverage: true,
    };
    expect(suggestDisposition(facts(domestic)).disposition).toBe(Disposition.Merge);
    expect(
      suggestDisposition(
        facts({
          subType: OutfallSubType.OtherOutfall,
          sewageOrigin: SewageOrigin.Domestic,
          inSewerCoverage: true,
        }),
      ).disposition,
    ).toBe(Disposition.Merge);
    expect(suggestDisposition(facts({ ...domestic, inSewerCoverage: false })).disposition).toBe(
      Disposition.Keep,
    );
  });

  it('merges an enterprise’s extra outfalls and clustered small aquaculture', () => {
    expect(suggestDisposition(facts({ enterpriseWithSeveralOutfalls: true })).reasons[0].rule).toBe(
      'enterprise_several_outfalls',
    );
    const pond = { category: OutfallCategory.Other, subType: OutfallSubType.SmallAquaculture };
    expect(suggestDisposition(facts({ ...pond, smallAquacultureNeighbours: 2 })).disposition).toBe(
      Disposition.Merge,
    );
    expect(suggestDisposition(facts({ ...pond, smallAquacultureNeighbours: 1 })).disposition).toBe(
      Disposition.Keep,
    );
  });

  it('standardises when problems are found, otherwise keeps', () => {
    expect(suggestDisposition(facts({ signageInstalled: false }))).toMatchObject({
      disposition: Disposition.Standardise,
      problems: ['no_signage'],
    });
    expect(suggestDisposition(facts({ setupApproval: SetupApproval.Unapproved })).problems).toEqual([
      'not_approved',
    ]);
    expect(suggestDisposition(facts({ lastSampleExceeding: true })).problems).toEqual(['exceedance']);
    expect(suggestDisposition(facts({ sharedWithoutMetering: true })).problems).toEqual([
      'shared_without_metering',
    ]);
    expect(suggestDisposition(facts({ planProblems: ['bad_layout'] })).problems).toEqual(['bad_layout']);
    // agricultural outfalls are not under setup approval
    expect(
      suggestDisposition(
        facts({
          category: OutfallCategory.Agricultural,
          subType: OutfallSubType.LivestockFarm,
          setupApproval: null,
        }),
      ).disposition,
    ).toBe(Disposition.Keep);
  });
});
