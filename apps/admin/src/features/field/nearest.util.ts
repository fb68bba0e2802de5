/** A point as the API sends it: WGS 84 longitude and latitude in degrees. */
export interface LonLat {
  longitude: number;
  latitude: number;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance in metres (haversine; within a few metres of the geodesic at a city's scale). */
export function distanceMetres(a: LonLat, b: LonLat): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The outfalls nearest first from `here`, each with its distance; without a position, in code order (the
 * order a township's ledger uses). Ties keep code order, so the list does not jump between renders.
 */
export function nearestFirst<T extends LonLat & { localCode: string }>(
  outfalls: readonly T[],
  here: LonLat | null,
): (T & { distanceM: number | null })[] {
  const byCode = [...outfalls].sort((a, b) => a.localCode.localeCompare(b.localCode));
  if (!here) return byCode.map((outfall) => ({ ...outfall, distanceM: null }));
  return byCode
    .map((outfall) => ({ ...outfall, distanceM: distanceMetres(here, outfall) }))
    .sort((a, b) => a.distanceM - b.distanceM);
}

/** "850 米" / "1.2 公里" (zh) or "850 m" / "1.2 km" (en). */
export function formatDistance(metres: number, lang: 'zh' | 'en'): string {
  const km = lang === 'zh' ? '公里' : 'km';
  const m = lang === 'zh' ? '米' : 'm';
  if (metres < 1000) return `${Math.round(metres)} ${m}`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} ${km}`;
}

/** Case- and width-insensitive match of the search text against code and name. */
export function matchesSearch(outfall: { localCode: string; name: string }, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return outfall.localCode.toLowerCase().includes(needle) || outfall.name.toLowerCase().includes(needle);
}
