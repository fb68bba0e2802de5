import { describe, expect, it } from '@jest/globals';
import { readProgressView, writeProgressView, type ProgressView } from './progress-url.util';

const ID = '0b6f2d0e-1c1a-4d5e-9f00-1234567890ab';
const params = (query: string) => new URLSearchParams(query);

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
