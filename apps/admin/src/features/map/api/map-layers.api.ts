import { queryOptions } from '@tanstack/react-query';
import { api, dataOf } from '../../../api/api-client';
import type { Schemas } from '../../../api/schemas';
import type { OutfallFilter } from '../../outfalls/types';

/**
 * A GeoJSON FeatureCollection as the map reads it (OpenLayers parses the geometry): the contract's generic
 * collection, which the layers with typed properties (township boundaries, sources) also fit.
 */
export type LayerCollection = Schemas['GeoJsonFeatureCollectionDto'];

/** `GET /map/config`: the runtime basemap (null = vector layers only) and the key-area distance. */
export type MapConfig = Schemas['MapConfigDto'];

/** The most points the map loads (the API's cap): the whole filtered directory of a city. */
export const MAP_POINT_CAP = 100_000;
const LAYER_STALE_MS = 5 * 60_000;

type LayerFetch = (signal: AbortSignal) => Promise<LayerCollection>;

/** The reference layers, each one GeoJSON endpoint (built in SQL, bbox-capable). */
export const REFERENCE_LAYERS = {
  townships: (signal) => dataOf(api.GET('/api/v1/divisions/boundaries', { signal })),
  protectedAreas: (signal) => dataOf(api.GET('/api/v1/protected-areas/geojson', { signal })),
  functionZones: (signal) => dataOf(api.GET('/api/v1/function-zones/geojson', { signal })),
  keyBuffer: (signal) => dataOf(api.GET('/api/v1/water-bodies/key-buffer/geojson', { signal })),
  waters: (signal) => dataOf(api.GET('/api/v1/water-bodies/geojson', { signal })),
  sources: (signal) => dataOf(api.GET('/api/v1/source-lists/geojson', { signal })),
} as const satisfies Record<string, LayerFetch>;
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
    queryFn: ({ signal }) => dataOf(api.GET('/api/v1/map/config', { signal })),
    staleTime: LAYER_STALE_MS,
  });

export const referenceLayerQuery = (layer: ReferenceLayer, enabled = true) =>
  queryOptions({
    queryKey: mapKeys.layer(layer),
    queryFn: ({ signal }): Promise<LayerCollection> => REFERENCE_LAYERS[layer](signal),
    staleTime: LAYER_STALE_MS,
    enabled,
  });

/** The filtered outfalls as points with their colouring facts (the list's filters, one request). */
export const outfallPointsQuery = (filter: OutfallFilter) =>
  queryOptions({
    queryKey: mapKeys.points(filter),
    queryFn: ({ signal }) =>
      dataOf(
        api.GET('/api/v1/outfalls/geojson', {
          params: { query: { ...filter, limit: MAP_POINT_CAP } },
          signal,
        }),
      ),
  });
