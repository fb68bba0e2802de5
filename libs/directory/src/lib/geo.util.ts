import { DomainException } from '@outfall/common';

export type LineGeometry = { type: 'LineString' | 'MultiLineString'; coordinates: unknown };
export type AreaGeometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };

const LINE_TYPES = ['LineString', 'MultiLineString'];
const AREA_TYPES = ['Polygon', 'MultiPolygon'];

function positionsValid(value: unknown, depth: number): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  if (depth === 0) {
    return (
      value.length >= 2 &&
      typeof value[0] === 'number' &&
      typeof value[1] === 'number' &&
      Math.abs(value[0]) <= 180 &&
      Math.abs(value[1]) <= 90
    );
  }
  return value.every((child) => positionsValid(child, depth - 1));
}

const DEPTH: Record<string, number> = { LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

/**
 * Checks a GeoJSON geometry's type and coordinate nesting (WGS84 longitude/latitude) before it reaches
 * PostGIS, so a bad shape is a 400 that names the field.
 */
export function assertGeometry(field: string, value: unknown, kind: 'line' | 'area'): string {
  const allowed = kind === 'line' ? LINE_TYPES : AREA_TYPES;
  const geometry = value as { type?: unknown; coordinates?: unknown } | null;
  if (
    !geometry ||
    typeof geometry !== 'object' ||
    typeof geometry.type !== 'string' ||
    !allowed.includes(geometry.type)
  ) {
    throw DomainException.invalid(field, `${field} must be a GeoJSON ${allowed.join(' or ')}`);
  }
  if (!positionsValid(geometry.coordinates, DEPTH[geometry.type])) {
    throw DomainException.invalid(
      field,
      `${field} has malformed coordinates (expected [longitude, latitude] positions)`,
    );
  }
  return JSON.stringify({ type: geometry.type, coordinates: geometry.coordinates });
}

/** SQL that turns a GeoJSON parameter into a multi-geometry in SRID 4326. */
export const MULTI_FROM_GEOJSON = (param: string) =>
  `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${param}), 4326))`;
