import { describe, expect, it } from '@jest/globals';
import { OutfallCategory, SampleSource } from '@outfall/shared-types';
import { readMonitoringView, sortFor, writeMonitoringView } from './monitoring-url.util';

const ID = '0b6f2d0e-1c1a-4d5e-9f00-1234567890ab';
const params = (query: string) => new URLSearchParams(query);

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
