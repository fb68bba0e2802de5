import { AimOutlined } from '@ant-design/icons';
import { MILESTONE_LABELS, PROTECTED_AREA_KIND_LABELS, ProtectedAreaKind } from '@outfall/shared-types';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, Empty, Segmented, Spin, Tooltip, Typography } from 'antd';
import type Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import { createEmpty, extend, isEmpty } from 'ol/extent';
import 'ol/ol.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OutfallFilter } from '../../outfalls/types';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import {
  MAP_POINT_CAP,
  REFERENCE_LAYERS,
  mapConfigQuery,
  outfallPointsQuery,
  referenceLayerQuery,
  type ReferenceLayer,
} from '../api/map-layers.api';
import { useOlMap } from '../hooks/use-ol-map';
import { PROTECTED_COLOURS, withAlpha } from '../utils/layer-styles';
import {
  basemapTemplates,
  COLOUR_MODES,
  colourModeOf,
  factsFrom,
  legendOf,
  tally,
  type ColourMode,
} from '../utils/outfall-colour.util';

const FORMAT = new GeoJSON({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });
const MODE_STORAGE = 'outfall-map-colour';
const LAYER_STORAGE = 'outfall-map-layers';
const LAYER_ORDER = Object.keys(REFERENCE_LAYERS) as ReferenceLayer[];
/** On at first; the department lists only when asked for. */
const DEFAULT_VISIBLE: Record<ReferenceLayer | 'outfalls' | 'basemap', boolean> = {
  basemap: true,
  townships: true,
  protectedAreas: true,
  functionZones: true,
  keyBuffer: true,
  waters: true,
  sources: false,
  outfalls: true,
};
type LayerKey = keyof typeof DEFAULT_VISIBLE;

function storedVisibility(): typeof DEFAULT_VISIBLE {
  try {
    const stored = JSON.parse(localStorage.getItem(LAYER_STORAGE) ?? '{}') as Partial<typeof DEFAULT_VISIBLE>;
    return { ...DEFAULT_VISIBLE, ...stored };
  } catch {
    return DEFAULT_VISIBLE;
  }
}

interface Props {
  filter: OutfallFilter;
  onOpen(id: string): void;
}

/**
 * 排污口分布图 on OpenLayers (canvas): reference layers from the API as GeoJSON with a layer switcher, the
 * filtered outfalls clustered (ol/source/Cluster) and coloured by stage, overdue remediation or exceedance,
 * an optional basemap from `GET /map/config` (none: vector layers only, offline). A click on an outfall opens
 * its card; a click on a cluster zooms into it.
 */
export function OutfallMap({ filter, onOpen }: Props) {
  const { t, label } = useI18n();
  const target = useRef<HTMLDivElement>(null);
  const [mode, setMode] = useState<ColourMode>(() => colourModeOf(localStorage.getItem(MODE_STORAGE)));
  const modeRef = useRef<ColourMode>(mode);
  const [visible, setVisible] = useState(storedVisibility);
  const handle = useOlMap(target, modeRef);
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;

  const config = useQuery(mapConfigQuery());
  const points = useQuery({ ...outfallPointsQuery(filter), placeholderData: keepPreviousData });
  const layers = useQueries({
    queries: LAYER_ORDER.map((layer) => referenceLayerQuery(layer, visible[layer])),
  });
  const templates = useMemo(() => basemapTemplates(config.data?.basemap?.url), [config.data]);

  // the basemap, when one is configured
  useEffect(() => {
    handle?.setBasemap(templates, config.data?.basemap?.attribution ?? null);
  }, [handle, templates, config.data]);

  // reference layers: parse once per response
  const layerData = layers.map((query) => query.data);
  useEffect(() => {
    if (!handle) return;
    LAYER_ORDER.forEach((layer, index) => {
      const data = layerData[index];
      const source = handle.reference[layer].getSource();
      if (!source || !data || source.get('data') === data) return;
      source.clear(true);
      source.addFeatures(FORMAT.readFeatures(data));
      source.set('data', data);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handle, ...layerData]);

  // the outfalls: replace the points; on a new filter, fit them (or the waters when there are none). A refetch
  // of the same filter (after an edit) keeps the view where the user left it.
  const pointData = points.data;
  const filterKey = JSON.stringify(filter);
  const fittedFor = useRef<string | null>(null);
  const placeholder = points.isPlaceholderData;
  useEffect(() => {
    if (!handle || !pointData) return;
    if (handle.points.get('data') !== pointData) {
      handle.points.clear(true);
      handle.points.addFeatures(FORMAT.readFeatures(pointData));
      handle.points.set('data', pointData);
    }
    if (placeholder || fittedFor.current === filterKey) return;
    fittedFor.current = filterKey;
    const extent = handle.points.getExtent() ?? createEmpty();
    const fallback = handle.reference.waters.getSource()?.getExtent() ?? createEmpty();
    const frame = !isEmpty(extent) ? extent : fallback;
    if (!isEmpty(frame)) {
      handle.map.getView().fit(frame, { padding: [40, 40, 40, 40], maxZoom: 15, duration: 0 });
    }
  }, [handle, pointData, placeholder, filterKey]);

  // visibility and colour mode
  useEffect(() => {
    if (!handle) return;
    for (const layer of LAYER_ORDER) handle.reference[layer].setVisible(visible[layer]);
    handle.outfalls.setVisible(visible.outfalls);
    for (const tile of handle.basemap) tile.setVisible(visible.basemap);
    localStorage.setItem(LAYER_STORAGE, JSON.stringify(visible));
  }, [handle, visible, templates]);
  useEffect(() => {
    modeRef.current = mode;
    handle?.outfalls.changed();
    localStorage.setItem(MODE_STORAGE, mode);
  }, [handle, mode]);

  // click: one outfall → its card; a cluster → zoom into it (at the deepest zoom, the first one's card)
  useEffect(() => {
    if (!handle) return;
    const { map, outfalls } = handle;
    const membersAt = (pixel: number[]) =>
      map.forEachFeatureAtPixel(pixel, (feature) => feature.get('features') as unknown[] | undefined, {
        layerFilter: (layer) => layer === outfalls,
        hitTolerance: 4,
      });
    const click = map.on('singleclick', (event) => {
      const members = membersAt(event.pixel) as Feature[] | undefined;
      if (!members?.length) return;
      const view = map.getView();
      if (members.length === 1 || (view.getZoom() ?? 0) >= (view.getMaxZoom() ?? 19) - 0.5) {
        onOpenRef.current(String(members[0].get('id')));
        return;
      }
      const extent = createEmpty();
      for (const member of members) extend(extent, member.getGeometry()?.getExtent() ?? createEmpty());
      view.fit(extent, { padding: [60, 60, 60, 60], duration: 250, maxZoom: view.getMaxZoom() });
    });
    const move = map.on('pointermove', (event) => {
      if (event.dragging) return;
      const members = membersAt(event.pixel) as Feature[] | undefined;
      const element = map.getTargetElement();
      if (!element) return;
      element.style.cursor = members?.length ? 'pointer' : '';
      element.title = members?.length === 1 ? `${members[0].get('localCode')} ${members[0].get('name')}` : '';
    });
    return () => {
      map.un('singleclick', click.listener);
      map.un('pointermove', move.listener);
    };
  }, [handle]);

  const total = pointData?.features.length ?? 0;
  const counts = useMemo(
    () =>
      tally(
        (pointData?.features ?? []).map((f) => factsFrom((key) => f.properties?.[key])),
        mode,
      ),
    [pointData, mode],
  );
  const kinds = useMemo(
    () => [
      ...new Set(
        (layerData[LAYER_ORDER.indexOf('protectedAreas')]?.features ?? []).map(
          (f) => f.properties?.['kind'] as ProtectedAreaKind,
        ),
      ),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [layerData[LAYER_ORDER.indexOf('protectedAreas')]],
  );

  const error = points.error ?? config.error ?? layers.find((query) => query.error)?.error;
  const toggle = (key: LayerKey, on: boolean) => setVisible((current) => ({ ...current, [key]: on }));
  const fit = () => {
    if (!handle) return;
    const extent = handle.points.getExtent();
    if (extent && !isEmpty(extent))
      handle.map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom: 15 });
  };
  const loaded = LAYER_ORDER.filter((layer, index) => visible[layer] && layers[index].data).concat(
    visible.outfalls && pointData ? ['outfalls' as ReferenceLayer] : [],
  );

  return (
    <div className="map-layout">
      <div className="map-frame">
        {error && (
          <ApiErrorAlert
            error={error}
            title={t('common.loadError')}
            onRetry={() =>
              void Promise.all([
                points.refetch(),
                config.refetch(),
                ...layers.filter((query) => query.error).map((query) => query.refetch()),
              ])
            }
            className="section-alert"
          />
        )}
        <div
          ref={target}
          className="ol-outfall-map"
          role="application"
          aria-label={t('map.title')}
          data-testid="outfall-map"
          data-layers={loaded.join(',')}
          data-mode={mode}
          data-ready={handle && pointData && !points.isFetching ? 'true' : 'false'}
        />
        <div className="map-controls">
          <Tooltip title={t('olmap.fit')} placement="left">
            <Button size="small" icon={<AimOutlined />} onClick={fit} aria-label={t('olmap.fit')} />
          </Tooltip>
        </div>
        {points.isFetching && (
          <div className="map-busy">
            <Spin />
          </div>
        )}
        {points.isSuccess && total === 0 && (
          <div className="map-empty">
            <Empty description={t('outfalls.empty')} />
          </div>
        )}
      </div>
      <aside className="map-legend" data-testid="map-legend">
        <Typography.Text strong>{t('map.legend')}</Typography.Text>
        <div className="map-legend-count" data-testid="map-count">
          {t('map.count', { count: total })}
        </div>
        {total >= MAP_POINT_CAP && (
          <Typography.Text type="warning" className="cell-note">
            {t('map.truncated', { count: MAP_POINT_CAP })}
          </Typography.Text>
        )}
        <div className="map-legend-mode">
          <Typography.Text type="secondary">{t('olmap.colourBy')}</Typography.Text>
          <Segmented<ColourMode>
            size="small"
            block
            value={mode}
            onChange={setMode}
            options={COLOUR_MODES.map((value) => ({ value, label: t(`olmap.mode.${value}`) }))}
            data-testid="map-colour-mode"
          />
        </div>
        <ul data-testid="map-colour-legend">
          {legendOf(mode).map((entry) => (
            <li key={entry.key}>
              <span className="map-swatch-dot" style={{ background: entry.colour }} />
              <span>
                {entry.milestone
                  ? label(MILESTONE_LABELS, entry.milestone)
                  : t(entry.message ?? 'olmap.noStage')}
              </span>
              <Typography.Text type="secondary">{counts.get(entry.key) ?? 0}</Typography.Text>
            </li>
          ))}
          <li>
            <span className="map-swatch-dot map-swatch-cluster">9</span>
            <span className="cell-note">{t('olmap.cluster')}</span>
          </li>
        </ul>
        <div className="map-layer-switcher" data-testid="map-layers">
          <Typography.Text type="secondary">{t('olmap.layers')}</Typography.Text>
          {(['outfalls', ...[...LAYER_ORDER].reverse(), 'basemap'] as LayerKey[]).map((key) =>
            key === 'basemap' && !templates.length ? (
              <Typography.Text key={key} type="secondary" className="cell-note" data-testid="map-no-basemap">
                {t('olmap.noBasemap')}
              </Typography.Text>
            ) : (
              <Checkbox
                key={key}
                checked={visible[key]}
                onChange={(event) => toggle(key, event.target.checked)}
                data-testid={`map-layer-${key}`}
              >
                <LayerSwatch layer={key} />
                {t(`olmap.layer.${key}`)}
              </Checkbox>
            ),
          )}
        </div>
        {visible.protectedAreas && kinds.length > 0 && (
          <ul>
            {kinds.map((kind) => (
              <li key={kind}>
                <span
                  className="map-swatch-area"
                  style={{
                    background: withAlpha(PROTECTED_COLOURS[kind], 0.25),
                    borderColor: PROTECTED_COLOURS[kind],
                  }}
                />
                <span>{label(PROTECTED_AREA_KIND_LABELS, kind)}</span>
              </li>
            ))}
          </ul>
        )}
        <Typography.Text type="secondary" className="cell-note">
          {t('olmap.hint')}
        </Typography.Text>
      </aside>
    </div>
  );
}

const SWATCHES: Partial<Record<LayerKey, { background: string; border: string }>> = {
  townships: { background: 'transparent', border: '#8c8c8c' },
  functionZones: { background: 'rgba(82, 196, 26, 0.15)', border: '#389e0d' },
  keyBuffer: { background: 'rgba(9, 88, 217, 0.1)', border: '#0958d9' },
  waters: { background: '#4096ff', border: '#0958d9' },
  sources: { background: '#722ed1', border: '#722ed1' },
  protectedAreas: { background: 'rgba(245, 34, 45, 0.18)', border: '#f5222d' },
  outfalls: { background: '#1677ff', border: '#fff' },
};

function LayerSwatch({ layer }: { layer: LayerKey }) {
  const swatch = SWATCHES[layer];
  if (!swatch) return null;
  return (
    <span
      className="map-swatch-area"
      style={{ background: swatch.background, borderColor: swatch.border }}
      aria-hidden
    />
  );
}
