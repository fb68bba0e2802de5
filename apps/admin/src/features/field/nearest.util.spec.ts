import { describe, expect, it } from '@jest/globals';
import { distanceMetres, formatDistance, matchesSearch, nearestFirst } from './nearest.util';

// 昌吉市: two points on the 头屯河 about 1 km apart, and one across the city
const A = { localCode: 'CJ-002', name: '六工镇排口', longitude: 87.3, latitude: 44.0 };
const B = { localCode: 'CJ-001', name: '头屯河排口', longitude: 87.3, latitude: 44.009 };
const C = { localCode: 'CJ-003', name: '三工镇排口', longitude: 87.35, latitude: 44.05 };

describe('distanceMetres', () => {
  it('measures a degree of latitude as about 111 km, and 0.009° as about a kilometre', () => {
    expect(distanceMetres({ longitude: 87, latitude: 44 }, { longitude: 87, latitude: 45 })).toBeCloseTo(
      111_195,
      -2,
    );
    expect(distanceMetres(A, B)).toBeCloseTo(1_000.8, 0);
    expect(distanceMetres(A, A)).toBe(0);
  });

  it('shrinks a degree of longitude with the cosine of the latitude', () => {
    const east = distanceMetres({ longitude: 87, latitude: 44 }, { longitude: 88, latitude: 44 });
    expect(east / 111_195).toBeCloseTo(Math.cos((44 * Math.PI) / 180), 3);
  });
});

describe('nearestFirst', () => {
  it('orders by distance from the phone, with the distance', () => {
    const list = nearestFirst([C, A, B], { longitude: 87.3, latitude: 44.008 });
    expect(list.map((o) => o.localCode)).toEqual(['CJ-001', 'CJ-002', 'CJ-003']);
    expect(list[0].distanceM).toBeCloseTo(111, 0);
  });

  it('falls back to code order, without distances, when the position is unknown', () => {
    const list = nearestFirst([C, A, B], null);
    expect(list.map((o) => [o.localCode, o.distanceM])).toEqual([
      ['CJ-001', null],
      ['CJ-002', null],
      ['CJ-003', null],
    ]);
  });

  it('keeps code order between outfalls at the same distance', () => {
    const twin = { ...A, localCode: 'CJ-000' };
    expect(nearestFirst([A, twin], A).map((o) => o.localCode)).toEqual(['CJ-000', 'CJ-002']);
  });
});

describe('formatDistance', () => {
  it('says metres below a kilometre and kilometres above, in the UI language', () => {
    expect(formatDistance(849.6, 'zh')).toBe('850 米');
    expect(formatDistance(1_234, 'zh')).toBe('1.2 公里');
    expect(formatDistance(12_345, 'en')).toBe('12 km');
    expect(formatDistance(5, 'en')).toBe('5 m');
  });
});

describe('matchesSearch', () => {
  it('matches the code or the name, ignoring case and surrounding spaces', () => {
    expect(matchesSearch(A, ' cj-002 ')).toBe(true);
    expect(matchesSearch(A, '六工')).toBe(true);
    expect(matchesSearch(A, '三工')).toBe(false);
    expect(matchesSearch(A, '')).toBe(true);
  });
});
