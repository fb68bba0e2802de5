import { DomainException } from '@outfall/common';
import { assertGeometry } from './geo.util';

describe('assertGeometry', () => {
  it('accepts lines and areas of the right nesting', () => {
    expect(
      assertGeometry(
        'centerline',
        {
          type: 'LineString',
          coordinates: [
            [87.1, 44.0],
            [87.2, 44.1],
          ],
        },
        'line',
      ),
    ).toContain('LineString');
    const square = [
      [
        [87, 44],
        [87.1, 44],
        [87.1, 44.1],
        [87, 44],
      ],
    ];
    expect(assertGeometry('geometry', { type: 'Polygon', coordinates: square }, 'area')).toContain('Polygon');
  });

  it('names the field when the type or coordinates are wrong', () => {
    const wrongType = () => assertGeometry('geometry', { type: 'Point', coordinates: [87, 44] }, 'area');
    expect(wrongType).toThrow(DomainException);
    expect(wrongType).toThrow('geometry must be a GeoJSON Polygon or MultiPolygon');
    expect(() =>
      assertGeometry('centerline', { type: 'LineString', coordinates: [[200, 44]] }, 'line'),
    ).toThrow(/malformed/);
    expect(() => assertGeometry('centerline', 'LINESTRING(1 2)', 'line')).toThrow(/must be a GeoJSON/);
  });
});
