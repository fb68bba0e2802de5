import { inJurisdiction } from './principal';

describe('inJurisdiction', () => {
  const township = { cityWide: false, divisionId: 'x', divisionPath: '652301/652301101' };

  it('lets city-wide callers see everything', () => {
    expect(inJurisdiction({ cityWide: true, divisionId: null, divisionPath: null }, '652301/652301105')).toBe(
      true,
    );
  });

  it('matches the division itself and everything below it', () => {
    expect(inJurisdiction(township, '652301/652301101')).toBe(true);
    expect(inJurisdiction(township, '652301/652301101/652301101201')).toBe(true);
  });

  it('does not match siblings, parents or code prefixes that are not path segments', () => {
    expect(inJurisdiction(township, '652301/652301105')).toBe(false);
    expect(inJurisdiction(township, '652301')).toBe(false);
    expect(inJurisdiction(township, '652301/6523011019')).toBe(false);
    expect(inJurisdiction(township, null)).toBe(false);
  });
});
