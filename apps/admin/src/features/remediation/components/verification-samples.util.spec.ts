import { describe, expect, it } from '@jest/globals';
import { beijingDay, sampleVerdict } from './verification-samples.util';

describe('which sample qualifies for 核查销号', () => {
  const judged = [{ compliant: true, limitText: '≤ 50' }];
  const at = (iso: string, extra: Partial<Parameters<typeof sampleVerdict>[0]> = {}) => ({
    id: iso,
    sampledAt: iso,
    exceeding: false,
    values: judged,
    ...extra,
  });

  it('counts Beijing days: 23:30 UTC is the next day in Changji', () => {
    expect(beijingDay('2024-06-23T16:30:00Z')).toBe('2024-06-24');
    expect(sampleVerdict(at('2024-06-23T16:30:00Z'), '2024-06-24')).toBe('qualifies');
    expect(sampleVerdict(at('2024-06-23T15:30:00Z'), '2024-06-24')).toBe('beforeCompletion');
  });

  it('says why a sample does not qualify', () => {
    expect(sampleVerdict(at('2024-07-01T02:00:00Z', { exceeding: true }), '2024-06-24')).toBe('exceeding');
    expect(
      sampleVerdict(
        at('2024-07-01T02:00:00Z', { values: [...judged, { compliant: null, limitText: '6–9' }] }),
        '2024-06-24',
      ),
    ).toBe('undetermined');
    expect(
      sampleVerdict(
        at('2024-07-01T02:00:00Z', { values: [{ compliant: null, limitText: null }] }),
        '2024-06-24',
      ),
    ).toBe('noLimit');
    expect(sampleVerdict(at('2024-07-01T02:00:00Z'), null)).toBe('beforeCompletion');
  });
});
