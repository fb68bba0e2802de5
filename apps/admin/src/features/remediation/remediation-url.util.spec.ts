import { describe, expect, it } from '@jest/globals';
import { OutfallCategory, PlanStatus } from '@outfall/shared-types';
import { readRemediationView, writeRemediationView, type RemediationView } from './remediation-url.util';

const ID = '0b6f2d0e-1c1a-4d5e-9f00-1234567890ab';
const params = (query: string) => new URLSearchParams(query);

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
