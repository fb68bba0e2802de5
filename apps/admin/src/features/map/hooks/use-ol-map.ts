import OlMap from 'ol/Map';
import View from 'ol/View';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import type Feature from 'ol/Feature';
import type { Geometry } from 'ol/geom';
import TileLayer from 'ol/layer/Tile';
import VectorLayer from 'ol/layer/Vector';
import { fromLonLat } from 'ol/proj';
import Cluster from 'ol/source/Cluster';
import VectorSource from 'ol/source/Vector';
import XYZ from 'ol/source/XYZ';
import type { StyleLike } from 'ol/style/Style';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ReferenceLayer } from '../api/map-layers.api';
import {
  functionZoneStyle,
  keyBufferStyle,
  outfallClusterStyle,
  protectedAreaStyle,
  sourceStyle,
  townshipStyle,
  waterStyle,
} from '../utils/layer-styles';
import type { ColourMode } from '../utils/outfall-colour.util';

/** Pixels within which outfalls gather into one cluster. */
export const CLUSTER_DISTANCE = 36;
/** Changji's centre, the view before anything loads. */
const HOME = fromLonLat([87.3, 44.0]);

export interface OlMapHandle {
  map: OlMap;
  reference: Record<ReferenceLayer, VectorLayer<VectorSource<Feature<Geometry>>>>;
  points: VectorSource<Feature<Geometry>>;
  outfalls: VectorLayer<Cluster<Feature<Geometry>>>;
  basemap: TileLayer<XYZ>[];
  setBasemap(templates: string[], attribution: string | null): void;
}

/**
 * One OpenLayers map (canvas, EPSG:3857) on the element: the reference layers bottom to top (townships,
 * protected areas, function zones, the key-river buffer, waters, department lists) and the outfalls through
 * ol/source/Cluster on top. The colour mode is read at draw time from `mode`.
 */
export function useOlMap(
  target: RefObject<HTMLDivElement | null>,
  mode: RefObject<ColourMode>,
): OlMapHandle | null {
  const [handle, setHandle] = useState<OlMapHandle | null>(null);
  const created = useRef(false);
  useEffect(() => {
    const element = target.current;
    if (!element || created.current) return;
    created.current = true;
    const vector = (options: { style: StyleLike; zIndex: number; declutter?: boolean }) =>
      new VectorLayer({ source: new VectorSource<Feature<Geometry>>(), ...options });
    const reference = {
      townships: vector({ style: townshipStyle, zIndex: 2 }),
      protectedAreas: vector({ style: protectedAreaStyle, zIndex: 3 }),
      functionZones: vector({ style: functionZoneStyle, zIndex: 4 }),
      keyBuffer: vector({ style: keyBufferStyle, zIndex: 5 }),
      waters: vector({ style: waterStyle, zIndex: 6, declutter: true }),
      sources: vector({ style: sourceStyle, zIndex: 7 }),
    } as OlMapHandle['reference'];
    const points = new VectorSource<Feature<Geometry>>();
    const outfalls = new VectorLayer({
      source: new Cluster({ distance: CLUSTER_DISTANCE, minDistance: 8, source: points }),
      style: outfallClusterStyle(() => mode.current ?? 'stage'),
      zIndex: 10,
      updateWhileInteracting: false,
    });
    const map = new OlMap({
      target: element,
      layers: [...Object.values(reference), outfalls],
      view: new View({ center: HOME, zoom: 9, maxZoom: 19 }),
      controls: defaultControls({ attributionOptions: { collapsible: true } }).extend([
        new ScaleLine({ units: 'metric' }),
      ]),
    });
    const next: OlMapHandle = {
      map,
      reference,
      points,
      outfalls,
      basemap: [],
      setBasemap(templates, attribution) {
        for (const layer of next.basemap) map.removeLayer(layer);
        next.basemap = templates.map(
          (url, index) =>
            new TileLayer({
              source: new XYZ({
                url,
                crossOrigin: 'anonymous',
                attributions: index === 0 && attribution ? attribution : undefined,
              }),
              zIndex: index,
            }),
        );
        for (const layer of next.basemap) map.addLayer(layer);
      },
    };
    // for the browser tests: the map behind the element
    Object.assign(element, { olMap: map });
    setHandle(next);
    return () => {
      map.setTarget(undefined);
      map.dispose();
      created.current = false;
      setHandle(null);
    };
  }, [target, mode]);
  return handle;
}
