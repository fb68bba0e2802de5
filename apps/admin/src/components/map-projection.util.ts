import type { Geometry, Position } from '../api/types';

export interface Bounds {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** The SVG's own coordinate space; the element scales to its container. */
export const MAP_WIDTH = 1000;
export const MAP_HEIGHT = 640;
const PADDING = 28;
/** Never zoom the fit closer than this (degrees), so one point still shows its surroundings. */
const MIN_SPAN = 0.02;

export type Project = (position: Position) => [number, number];

export function extend(bounds: Bounds | null, [lon, lat]: Position): Bounds {
  if (!bounds) return { minLon: lon, minLat: lat, maxLon: lon, maxLat: lat };
  return {
    minLon: Math.min(bounds.minLon, lon),
    minLat: Math.min(bounds.minLat, lat),
    maxLon: Math.max(bounds.maxLon, lon),
    maxLat: Math.max(bounds.maxLat, lat),
  };
}

/** Every position of a geometry, flattened. */
export function positionsOf(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
  }
}

export function boundsOf(positions: Iterable<Position>): Bounds | null {
  let bounds: Bounds | null = null;
  for (const position of positions) bounds = extend(bounds, position);
  return bounds;
}

/**
 * An equirectangular projection (longitude shrunk by the cosine of the middle latitude, which is
 * accurate enough at city scale) that fits the bounds into the map with a margin, centred.
 */
export function fitProjection(bounds: Bounds): Project {
  const midLon = (bounds.minLon + bounds.maxLon) / 2;
  const midLat = (bounds.minLat + bounds.maxLat) / 2;
  const shrink = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max(bounds.maxLon - bounds.minLon, MIN_SPAN) * shrink;
  const spanY = Math.max(bounds.maxLat - bounds.minLat, MIN_SPAN);
  const scale = Math.min((MAP_WIDTH - 2 * PADDING) / spanX, (MAP_HEIGHT - 2 * PADDING) / spanY);
  return ([lon, lat]) => [
    MAP_WIDTH / 2 + (lon - midLon) * shrink * scale,
    MAP_HEIGHT / 2 - (lat - midLat) * scale,
  ];
}

/** Map units per metre at the projection's scale (for the scale bar). */
export function unitsPerMetre(project: Project, bounds: Bounds): number {
  const lat = (bounds.minLat + bounds.maxLat) / 2;
  const [x0] = project([bounds.minLon, lat]);
  const [x1] = project([bounds.minLon + 0.01, lat]);
  const metres = 0.01 * 111_320 * Math.cos((lat * Math.PI) / 180);
  return (x1 - x0) / metres;
}

const round = (value: number) => Math.round(value * 10) / 10;

function ring(positions: Position[], project: Project, close: boolean): string {
  const parts = positions.map((position, index) => {
    const [x, y] = project(position);
    return `${index === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
  });
  return parts.join('') + (close ? 'Z' : '');
}

/** An SVG path for a line or polygon geometry (points have no path). */
export function pathOf(geometry: Geometry, project: Project): string {
  switch (geometry.type) {
    case 'Point':
      return '';
    case 'LineString':
      return ring(geometry.coordinates, project, false);
    case 'MultiLineString':
      return geometry.coordinates.map((line) => ring(line, project, false)).join('');
    case 'Polygon':
      return geometry.coordinates.map((r) => ring(r, project, true)).join('');
    case 'MultiPolygon':
      return geometry.coordinates.flatMap((polygon) => polygon.map((r) => ring(r, project, true))).join('');
  }
}

/** Where to write a water body's name: the middle of its longest part. */
export function labelAnchor(geometry: Geometry): Position | null {
  const parts: Position[][] =
    geometry.type === 'LineString'
      ? [geometry.coordinates]
      : geometry.type === 'MultiLineString'
        ? geometry.coordinates
        : geometry.type === 'Polygon'
          ? [geometry.coordinates[0] ?? []]
          : geometry.type === 'MultiPolygon'
            ? geometry.coordinates.map((polygon) => polygon[0] ?? [])
            : [[geometry.coordinates]];
  const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), [] as Position[]);
  if (!longest.length) return null;
  const [a, b] = [Math.floor((longest.length - 1) / 2), Math.ceil((longest.length - 1) / 2)];
  return [(longest[a][0] + longest[b][0]) / 2, (longest[a][1] + longest[b][1]) / 2];
}

export function isArea(geometry: Geometry): boolean {
  return geometry.type === 'Polygon' || geometry.type === 'MultiPolygon';
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

/** The bounds grown by a share of their size on every side. */
export function grow(bounds: Bounds, share: number): Bounds {
  const dLon = (bounds.maxLon - bounds.minLon) * share;
  const dLat = (bounds.maxLat - bounds.minLat) * share;
  return {
    minLon: bounds.minLon - dLon,
    minLat: bounds.minLat - dLat,
    maxLon: bounds.maxLon + dLon,
    maxLat: bounds.maxLat + dLat,
  };
}

/**
 * What the map fits: the outfalls, plus any area (e.g. a protected area) that reaches near them so it is not
 * cut off at the edge; with no outfalls, all the layers.
 */
export function frameBounds(
  points: Bounds | null,
  areas: readonly Bounds[],
  layers: Bounds | null,
): Bounds | null {
  if (!points) return layers;
  const near = grow(points, 0.25);
  return areas
    .filter((area) => overlaps(area, near))
    .reduce(
      (bounds, area) => extend(extend(bounds, [area.minLon, area.minLat]), [area.maxLon, area.maxLat]),
      points,
    );
}
