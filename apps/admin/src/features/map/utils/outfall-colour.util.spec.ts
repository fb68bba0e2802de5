import { describe, expect, it } from '@jest/globals';
import { MILESTONE_ORDER, MilestoneType } from '@outfall/shared-types';
import {
  basemapTemplates,
  classOf,
  clusterClassOf,
  clusterRadius,
  colourModeOf,
  colourOf,
  FLAGGED_COLOUR,
  legendOf,
  NO_STAGE_COLOUR,
  STAGE_COLOURS,
  tally,
  type ColourFacts,
} from './outfall-colour.util';

const at = (stage: MilestoneType | null, overdue = false, exceeding = false): ColourFacts => ({
  stage,
  overdue,
  exceeding,
});

describe('outfall colours', () => {
  it('colours by stage, and grey for an outfall without a milestone', () => {
    expect(colourOf(at(MilestoneType.Verified), 'stage')).toBe(STAGE_COLOURS[MilestoneType.Verified]);
    expect(colourOf(at(null), 'stage')).toBe(NO_STAGE_COLOUR);
    expect(colourOf(at(MilestoneType.Registered, true), 'overdue')).toBe(FLAGGED_COLOUR);
    expect(classOf(at(MilestoneType.Registered, true, false), 'exceedance')).toBe('clear');
  });

  it('has a legend entry for every class a point can take, in stage order', () => {
    expect(legendOf('stage').map((entry) => entry.key)).toEqual([...MILESTONE_ORDER, 'none']);
    for (const mode of ['overdue', 'exceedance'] as const)
      expect(legendOf(mode).map((entry) => entry.key)).toEqual(['flagged', 'clear']);
  });

  it('gives a cluster its most common stage (a tie: the earlier, where work remains), or flagged if one is', () => {
    const members = [at(MilestoneType.Traced), at(MilestoneType.Verified), at(MilestoneType.Verified)];
    expect(clusterClassOf(members, 'stage')).toBe(MilestoneType.Verified);
    expect(clusterClassOf([at(MilestoneType.Traced), at(MilestoneType.Verified)], 'stage')).toBe(
      MilestoneType.Traced,
    );
    expect(clusterClassOf([...members, at(null, false, true)], 'exceedance')).toBe('flagged');
    expect(clusterClassOf(members, 'overdue')).toBe('clear');
  });

  it('counts the classes for the legend', () => {
    const counts = tally([at(null), at(null), at(MilestoneType.Monitored)], 'stage');
    expect(Object.fromEntries(counts)).toEqual({ none: 2, [MilestoneType.Monitored]: 1 });
  });

  it('grows clusters with the log of their size, within 10–24 px', () => {
    expect(clusterRadius(1)).toBe(10);
    expect(clusterRadius(1000)).toBeCloseTo(23.5, 5);
    expect(clusterRadius(1_000_000)).toBe(24);
  });

  it('reads an unknown colour mode as stage', () => {
    expect(colourModeOf('overdue')).toBe('overdue');
    expect(colourModeOf('rainbow')).toBe('stage');
    expect(colourModeOf(null)).toBe('stage');
  });

  it('takes only http(s) tile templates with x, y and z from MAP_BASEMAP_URL', () => {
    const map = 'https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
    const labels = 'https://t0.tianditu.gov.cn/cva_w/wmts?tk=KEY&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}';
    expect(basemapTemplates(`${map} | ${labels}`)).toEqual([map, labels]);
    expect(basemapTemplates('javascript:alert(1)/{x}{y}{z}')).toEqual([]);
    expect(basemapTemplates('https://tiles.example/{z}/{x}.png')).toEqual([]);
    expect(basemapTemplates(undefined)).toEqual([]);
  });
});
