// The map's outfall layer as the SPA builds it (GeoJSON → ol/source/Cluster → the SPA's cluster style), on N
// synthetic points spread over Changji, timed in the browser. Driven by bench/map-layers.js.
import OlMap from 'ol/Map';
import View from 'ol/View';
import GeoJSON from 'ol/format/GeoJSON';
import VectorLayer from 'ol/layer/Vector';
import Cluster from 'ol/source/Cluster';
import VectorSource from 'ol/source/Vector';
import { CLUSTER_DISTANCE } from '../../apps/admin/src/features/map/hooks/use-ol-map';
import { outfallClusterStyle } from '../../apps/admin/src/features/map/utils/layer-styles';
import type { ColourMode } from '../../apps/admin/src/features/map/utils/outfall-colour.util';

const STAGES = [
  null,
  'registered',
  'investigated',
  'monitored',
  'traced',
  'remediation_decided',
  'remediation_completed',
  'verified',
];
const CATEGORIES = ['industrial', 'urban_wwtp', 'agricultural', 'other'];

/** A seeded generator (mulberry32), so every run draws the same points. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The API's body for n points (the same properties as GET /outfalls/geojson). */
function body(n: number): string {
  const next = random(42);
  const features = [];
  for (let i = 0; i < n; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    features.push({
      type: 'Feature',
      id,
      geometry: { type: 'Point', coordinates: [86.8 + next(), 43.55 + next() * 0.9] },
      properties: {
        id,
        localCode: `BENCH-${String(i).padStart(7, '0')}`,
        name: `排污口 ${i}`,
        category: CATEGORIES[i % 4],
        area: next() < 0.3 ? 'key' : 'general',
        banCandidate: next() < 0.05,
        duplicateCount: 0,
        stage: STAGES[Math.floor(next() * STAGES.length)],
        overdue: next() < 0.1,
        exceeding: next() < 0.15,
      },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

const rendered = (map: OlMap) => new Promise<void>((resolve) => map.once('rendercomplete', () => resolve()));

async function run(n: number) {
  const element = document.getElementById('map') as HTMLDivElement;
  element.replaceChildren();
  const text = body(n);
  let mode: ColourMode = 'stage';
  const points = new VectorSource();
  const layer = new VectorLayer({
    source: new Cluster({ distance: CLUSTER_DISTANCE, minDistance: 8, source: points }),
    style: outfallClusterStyle(() => mode),
    updateWhileInteracting: false,
  });
  const map = new OlMap({ target: element, layers: [layer], view: new View({ center: [0, 0], zoom: 2 }) });
  await rendered(map);

  const t0 = performance.now();
  const parsed = JSON.parse(text);
  const tJson = performance.now();
  const features = new GeoJSON({ featureProjection: 'EPSG:3857' }).readFeatures(parsed);
  const t1 = performance.now();
  points.addFeatures(features);
  map.getView().fit(points.getExtent() ?? [0, 0, 1, 1], { padding: [40, 40, 40, 40] });
  await rendered(map);
  const t2 = performance.now();

  // zoom in twice (each re-clusters), then pan in 20 steps of 60 px
  const zooms: number[] = [];
  for (let step = 0; step < 2; step += 1) {
    const start = performance.now();
    map.getView().setZoom((map.getView().getZoom() ?? 9) + 1);
    await rendered(map);
    zooms.push(performance.now() - start);
  }
  const pans: number[] = [];
  for (let step = 0; step < 20; step += 1) {
    const start = performance.now();
    const [x, y] = map.getView().getCenter() ?? [0, 0];
    map.getView().setCenter([x + 60 * (map.getView().getResolution() ?? 1), y]);
    await rendered(map);
    pans.push(performance.now() - start);
  }
  const modeStart = performance.now();
  mode = 'overdue';
  layer.changed();
  await rendered(map);
  const modeMs = performance.now() - modeStart;
  const clusters = (layer.getSource()?.getFeatures() ?? []).length;
  map.setTarget(undefined);
  map.dispose();
  const round = (value: number) => Math.round(value * 10) / 10;
  pans.sort((a, b) => a - b);
  return {
    points: n,
    bodyMB: round(text.length / 1e6),
    jsonParseMs: round(tJson - t0),
    readFeaturesMs: round(t1 - tJson),
    firstDrawMs: round(t2 - t1),
    zoomMs: round(Math.max(...zooms)),
    panP50Ms: round(pans[Math.floor(pans.length / 2)]),
    panMaxMs: round(pans[pans.length - 1]),
    modeSwitchMs: round(modeMs),
    clustersDrawn: clusters,
  };
}

Object.assign(window, { bench: run });
