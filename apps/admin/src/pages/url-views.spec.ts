import { describe, expect, it } from '@jest/globals';
import { OutfallCategory, PlanStatus, SampleSource } from '@outfall/shared-types';
import { readMonitoringView, sortFor, writeMonitoringView } from './monitoring-url.util';
import { outfallsOfEntity, readOutfallView, writeOutfallView, type OutfallView } from './outfall-url.util';
import { readProgressView, writeProgressView, type ProgressView } from './progress-url.util';
import { readRemediationView, writeRemediationView, type RemediationView } from './remediation-url.util';

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

describe('the monitoring view in the URL', () => {
  it('round-trips filters, including exceeding=false', () => {
    const view = {
      filter: {
        waterBodyId: ID,
        category: OutfallCategory.UrbanWwtp,
        indicator: 'cod',
        from: '2024-01-01',
        to: '2024-03-31',
        source: SampleSource.Online,
        exceeding: false,
      },
      page: 2,
      sort: '-sampledAt',
      selected: ID,
    };
    expect(readMonitoringView(writeMonitoringView(view))).toEqual(view);
  });

  it('drops a malformed date, indicator or source', () => {
    const view = readMonitoringView(params('from=2024-1-1&indicator=COD;drop&source=fax&exceeding=maybe'));
    expect(view.filter).toEqual({});
  });

  it('keeps a sort only when the tab accepts its key', () => {
    expect(sortFor('-sampledAt', ['sampledAt', 'value'] as const)).toBe('-sampledAt');
    expect(sortFor('name', ['sampledAt'] as const)).toBeUndefined();
    expect(sortFor(undefined, ['sampledAt'] as const)).toBeUndefined();
  });
});

describe('the progress view in the URL', () => {
  it('writes only what differs from the defaults and reads it back', () => {
    const view: ProgressView = {
      asOf: '2024-12-31',
      by: 'river',
      sort: '-remediation',
      forecastBy: 'unit',
      snapshot: ID,
      all: true,
      page: 2,
    };
    expect(readProgressView(writeProgressView(view))).toEqual(view);
    const defaults = readProgressView(params(''));
    expect(defaults).toEqual({ by: 'township', forecastBy: 'township', all: false, page: 1 });
    expect(writeProgressView(defaults).toString()).toBe('');
  });

  it('falls back to the defaults for an unknown breakdown, sort or date', () => {
    expect(readProgressView(params('by=planet&sort=-salary&asOf=31/12/2024&forecastBy=x'))).toEqual({
      by: 'township',
      forecastBy: 'township',
      all: false,
      page: 1,
    });
  });
});

describe('the remediation view in the URL', () => {
  it('round-trips filters, decided=false and the township grouping', () => {
    const view: RemediationView = {
      filter: {
        status: PlanStatus.Approved,
        responsibleUnitId: ID,
        divisionId: ID,
        category: OutfallCategory.Agricultural,
        overdue: true,
        decided: false,
      },
      page: 4,
      sort: 'deadline',
      plan: ID,
      by: 'township',
    };
    expect(readRemediationView(writeRemediationView(view))).toEqual(view);
  });

  it('groups by unit unless told otherwise', () => {
    expect(readRemediationView(params('by=county')).by).toBe('unit');
    expect(writeRemediationView({ filter: {}, page: 1, by: 'unit' }).toString()).toBe('');
  });
});
