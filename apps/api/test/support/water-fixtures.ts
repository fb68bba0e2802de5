import type { TestApp } from './test-app';

/** A square polygon of ±0.05° around a point (for function zones). */
export const square = (lon: number, lat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - 0.05, lat - 0.05],
      [lon + 0.05, lat - 0.05],
      [lon + 0.05, lat + 0.05],
      [lon - 0.05, lat + 0.05],
      [lon - 0.05, lat - 0.05],
    ],
  ],
});

/**
 * A county water body running north from (lon, 44.0) with one class III function zone around (lon, 44.05),
 * created over REST (an outfall at latitude 44.05 on that longitude falls in the zone).
 */
export async function waterWithZone(
  t: TestApp,
  headers: { Authorization: string },
  { code, kind = 'river', lon, targetMet }: { code: string; kind?: string; lon: number; targetMet?: boolean },
): Promise<{ waterId: string; zone: { id: string; targetMet: boolean | null } }> {
  const res = await t.http
    .post('/api/v1/water-bodies')
    .set(headers)
    .send({
      code,
      name: `${code}水体`,
      kind,
      level: 'county',
      isKey: false,
      centerline: {
        type: 'LineString',
        coordinates: [
          [lon, 44.0],
          [lon, 44.1],
        ],
      },
    });
  expect(res.status).toBe(201);
  const zone = await t.http
    .post('/api/v1/function-zones')
    .set(headers)
    .send({
      name: `${code}功能区`,
      waterBodyId: res.body.id,
      targetClass: 'III',
      geometry: square(lon, 44.05),
      ...(targetMet === undefined ? {} : { targetMet }),
    });
  expect(zone.status).toBe(201);
  return { waterId: res.body.id as string, zone: zone.body as { id: string; targetMet: boolean | null } };
}
