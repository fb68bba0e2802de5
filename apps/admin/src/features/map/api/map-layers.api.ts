import { queryOptions } from '@tanstack/react-query';
import { requestJson, withQuery } from '../../../api/http-client';
import type { OutfallFilter } from '../../outfalls/types';

/** A GeoJSON FeatureCollection as the map reads it (OpenLayers parses the geometry). */
export interface LayerCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: string; geometry: unknown; properties: Record<string, unknown> }[];
}

/** `GET /map/config`: the runtime basemap (null = vector layers only) and the key-area distance. */
export interface MapConfig {
  basemap: { url: string; attribution: string | null } | null;
  keyAreaDistanceM: number;
}

/** The most points the map loads (the API's cap): the whole filtered directory of a city. */
export const MAP_POINT_CAP = 100_000;
const LAYER_STALE_MS = 5 * 60_000;

/** The reference layers, each one GeoJSON endpoint (built in SQL, bbox-capable). */
export const REFERENCE_LAYERS = {
  townships: '/api/v1/divisions/boundaries',
  protectedAreas: '/api/v1/protected-areas/geojson',
  functionZones: '/api/v1/function-zones/geojson',
  keyBuffer: '/api/v1/water-bodies/key-buffer/geojson',
  waters: '/api/v1/water-bodies/geojson',
  sources: '/api/v1/source-lists/geojson',
} as const;
export type ReferenceLayer = keyof typeof REFERENCE_LAYERS;

export const mapKeys = {
  all: ['map'] as const,
  config: () => [...mapKeys.all, 'config'] as const,
  layer: (layer: ReferenceLayer) => [...mapKeys.all, 'layer', layer] as const,
  // under 'outfalls' so that every outfall write that invalidates ['outfalls'] refreshes the points
  points: (filter: OutfallFilter) => ['outfalls', 'map-points', filter] as const,
};

export const mapConfigQuery = () =>
  queryOptions({
    queryKey: mapKeys.config(),
    queryFn: ({ signal }) => requestJson<MapConfig>('GET', '/api/v1/map/config', { signal }),
    staleTime: LAYER_STALE_MS,
  });

export const referenceLayerQuery = (layer: ReferenceLayer, enabled = true) =>
  queryOptions({
    queryKey: mapKeys.layer(layer),
    queryFn: ({ signal }) => requestJson<LayerCollection>('GET', REFERENCE_LAYERS[layer], { signal }),
    staleTime: LAYER_STALE_MS,
    enabled,
  });

/** The filtered outfalls as points with their colouring facts (the list's filters, one request). */
export const outfallPointsQuery = (filter: OutfallFilter) =>
  queryOptions({
    queryKey: mapKeys.points(filter),
    queryFn: ({ signal }) =>
      requestJson<LayerCollection>(
        'GET',
        withQuery('/api/v1/outfalls/geojson', { ...filter, limit: MAP_POINT_CAP }),
        { signal },
      ),
  });
