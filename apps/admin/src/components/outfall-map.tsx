import { AimOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OUTFALL_CATEGORY_LABELS,
  OutfallCategory,
  PROTECTED_AREA_KIND_LABELS,
  ProtectedAreaKind,
} from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Space, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent, type MouseEvent } from 'react';
import { protectedAreasGeojson, waterBodiesGeojson } from '../api/layers.api';
import { outfallPoints } from '../api/outfalls.api';
import type { OutfallFilter, Position } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ApiErrorAlert } from './api-error-alert';
import {
  SourceListLayerToggle,
  SourceListMapLayer,
} from '../features/supervision/source-lists/source-list-map-layer';
import {
  boundsOf,
  fitProjection,
  frameBounds,
  isArea,
  labelAnchor,
  MAP_HEIGHT,
  MAP_WIDTH,
  pathOf,
  positionsOf,
  unitsPerMetre,
  type Bounds,
} from './map-projection.util';

export const CATEGORY_COLORS: Record<OutfallCategory, string> = {
  [OutfallCategory.Industrial]: '#d4380d',
  [OutfallCategory.UrbanWwtp]: '#722ed1',
  [OutfallCategory.Agricultural]: '#389e0d',
  [OutfallCategory.Other]: '#d48806',
};

const PROTECTED_COLORS: Record<ProtectedAreaKind, string> = {
  [ProtectedAreaKind.EcologicalRedLine]: '#f5222d',
  [ProtectedAreaKind.DrinkingWaterLevel1]: '#08979c',
  [ProtectedAreaKind.DrinkingWaterLevel2]: '#5cdbd3',
  [ProtectedAreaKind.NatureReserve]: '#52c41a',
  [ProtectedAreaKind.OtherProtected]: '#faad14',
};

/** The API's cap on the points of one request. */
const POINT_CAP = 5000;
const LAYER_STALE_MS = 5 * 60_000;
const MAX_ZOOM = 40;
const POINT_RADIUS = 4.5;
/** A press that moves less than this (pixels) is a click, not a drag. */
const CLICK_SLOP = 4;

interface View {
  zoom: number;
  /** The top-left corner of the visible part, in map units. */
  x: number;
  y: number;
}

const HOME: View = { zoom: 1, x: 0, y: 0 };

function clampView(view: View): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(1, view.zoom));
  const width = MAP_WIDTH / zoom;
  const height = MAP_HEIGHT / zoom;
  return {
    zoom,
    x: Math.min(MAP_WIDTH - width, Math.max(0, view.x)),
    y: Math.min(MAP_HEIGHT - height, Math.max(0, view.y)),
  };
}

/** Zooms by `factor` keeping the map point (mx, my) where it is on screen. */
function zoomAt(view: View, factor: number, mx: number, my: number): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(1, view.zoom * factor));
  const ratio = view.zoom / zoom;
  return clampView({ zoom, x: mx - (mx - view.x) * ratio, y: my - (my - view.y) * ratio });
}

/** A round length for the scale bar, at most `max` metres. */
function niceLength(max: number): number {
  const power = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((step) => step * power).find((length) => length <= max) ?? power;
}

interface Props {
  filter: OutfallFilter;
  onOpen(id: string): void;
}

/**
 * The filtered outfalls on an SVG map with the water bodies (key rivers thicker) and the protected areas,
 * fitted to the outfalls (or to the layers when there are none). Wheel or buttons zoom, dragging pans,
 * a point opens its record. No tiles: the platform runs without internet access.
 */
export function OutfallMap({ filter, onOpen }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const points = useQuery({
    queryKey: ['outfalls', 'points', filter],
    queryFn: ({ signal }) => outfallPoints(filter, signal),
    placeholderData: keepPreviousData,
  });
  const [showSources, setShowSources] = useState(false);
  const waters = useQuery({
    queryKey: ['layers', 'water-bodies'],
    queryFn: ({ signal }) => waterBodiesGeojson(signal),
    staleTime: LAYER_STALE_MS,
  });
  const areas = useQuery({
    queryKey: ['layers', 'protected-areas'],
    queryFn: ({ signal }) => protectedAreasGeojson(signal),
    staleTime: LAYER_STALE_MS,
  });

  const features = points.data?.features;
  const waterFeatures = waters.data?.features;
  const areaFeatures = areas.data?.features;

  // fit the outfalls (and protected areas reaching near them); without any outfall, the layers
  const frame = useMemo(() => {
    const areaBounds = (areaFeatures ?? [])
      .map((feature) => boundsOf(positionsOf(feature.geometry)))
      .filter((bounds): bounds is Bounds => bounds !== null);
    const bounds = frameBounds(
      boundsOf((features ?? []).map((feature) => feature.geometry.coordinates)),
      areaBounds,
      boundsOf(
        [...(waterFeatures ?? []), ...(areaFeatures ?? [])].flatMap((feature) =>
          positionsOf(feature.geometry),
        ),
      ),
    );
    if (!bounds) return null;
    const project = fitProjection(bounds);
    return { project, perMetre: unitsPerMetre(project, bounds) };
  }, [features, waterFeatures, areaFeatures]);

  const [view, setView] = useState<View>(HOME);
  // a new fit starts from the whole picture
  useEffect(() => setView(HOME), [frame]);

  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ startX: number; startY: number; view: View; moved: boolean } | null>(null);
  const justDragged = useRef(false);
  const [dragging, setDragging] = useState(false);

  /** Screen pixels → map units. */
  const toMap = useCallback((clientX: number, clientY: number, current: View) => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect?.width) return { x: 0, y: 0, unit: 1 };
    // the SVG keeps the map's aspect ratio ("meet"), centred in its box
    const unit = Math.max(MAP_WIDTH / rect.width, MAP_HEIGHT / rect.height) / current.zoom;
    const offsetX = (rect.width - MAP_WIDTH / current.zoom / unit) / 2;
    const offsetY = (rect.height - MAP_HEIGHT / current.zoom / unit) / 2;
    return {
      x: current.x + (clientX - rect.left - offsetX) * unit,
      y: current.y + (clientY - rect.top - offsetY) * unit,
      unit,
    };
  }, []);

  // the wheel zooms the map, not the page (a passive React listener could not prevent the scroll)
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      setView((current) => {
        const at = toMap(event.clientX, event.clientY, current);
        return zoomAt(current, event.deltaY < 0 ? 1.25 : 0.8, at.x, at.y);
      });
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [toMap, frame]);

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    drag.current = { startX: event.clientX, startY: event.clientY, view, moved: false };
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    if (!current) return;
    const dx = event.clientX - current.startX;
    const dy = event.clientY - current.startY;
    if (!current.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    if (!current.moved) setDragging(true);
    current.moved = true;
    const { unit } = toMap(event.clientX, event.clientY, current.view);
    setView(clampView({ ...current.view, x: current.view.x - dx * unit, y: current.view.y - dy * unit }));
  };
  const endDrag = () => {
    justDragged.current = drag.current?.moved ?? false;
    drag.current = null;
    setDragging(false);
  };
  const onPointClick = (event: MouseEvent<SVGGElement>) => {
    if (justDragged.current) return;
    const id = (event.target as Element).getAttribute('data-id');
    if (id) onOpen(id);
  };
  const zoomCentre = (factor: number) =>
    setView((current) =>
      zoomAt(
        current,
        factor,
        current.x + MAP_WIDTH / current.zoom / 2,
        current.y + MAP_HEIGHT / current.zoom / 2,
      ),
    );

  // projected layers: recomputed only when the fit changes
  const waterPaths = useMemo(
    () =>
      frame && waterFeatures
        ? waterFeatures.map((feature) => ({
            id: feature.id ?? feature.properties.code,
            name: feature.properties.name,
            isKey: feature.properties.isKey,
            area: isArea(feature.geometry),
            d: pathOf(feature.geometry, frame.project),
            anchor: labelAnchor(feature.geometry),
          }))
        : [],
    [frame, waterFeatures],
  );
  const areaPaths = useMemo(
    () =>
      frame && areaFeatures
        ? areaFeatures.map((feature, index) => ({
            id: feature.id ?? String(index),
            name: feature.properties.name,
            kind: feature.properties.kind,
            d: pathOf(feature.geometry, frame.project),
          }))
        : [],
    [frame, areaFeatures],
  );
  // ban candidates last, so their ring is on top
  const dots = useMemo(() => {
    if (!frame || !features) return [];
    return [...features]
      .sort((a, b) => Number(a.properties.banCandidate) - Number(b.properties.banCandidate))
      .map((feature) => {
        const [x, y] = frame.project(feature.geometry.coordinates as Position);
        return { ...feature.properties, x, y };
      });
  }, [frame, features]);

  const radius = POINT_RADIUS / view.zoom;
  const circles = useMemo(
    () =>
      dots.map((dot) => (
        <circle
          key={dot.id}
          className={dot.banCandidate ? 'map-point map-point-ban' : 'map-point'}
          data-id={dot.id}
          cx={dot.x}
          cy={dot.y}
          r={radius}
          fill={CATEGORY_COLORS[dot.category]}
        >
          <title>{`${dot.localCode} ${dot.name}`}</title>
        </circle>
      )),
    [dots, radius],
  );

  const counts = useMemo(() => {
    const byCategory = new Map<OutfallCategory, number>();
    for (const feature of features ?? [])
      byCategory.set(feature.properties.category, (byCategory.get(feature.properties.category) ?? 0) + 1);
    return byCategory;
  }, [features]);
  const kinds = [...new Set(areaPaths.map((area) => area.kind))];

  const error = points.error ?? waters.error ?? areas.error;
  if (error) {
    return (
      <ApiErrorAlert
        error={error}
        title={t('common.loadError')}
        onRetry={() => void Promise.all([points.refetch(), waters.refetch(), areas.refetch()])}
      />
    );
  }

  const fontSize = 13 / view.zoom;
  // scale bar: a round length of at most ~120 screen-map units
  const scaleMetres = frame ? niceLength(120 / view.zoom / frame.perMetre) : 0;
  const scaleUnits = frame ? scaleMetres * frame.perMetre * view.zoom : 0;
  const total = features?.length ?? 0;

  return (
    <div className="map-layout">
      <div className="map-frame">
        <svg
          ref={svgRef}
          className={dragging ? 'outfall-map dragging' : 'outfall-map'}
          viewBox={`${view.x} ${view.y} ${MAP_WIDTH / view.zoom} ${MAP_HEIGHT / view.zoom}`}
          preserveAspectRatio="xMidYMid meet"
          role="img"
          aria-label={t('map.title')}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerLeave={endDrag}
          data-testid="outfall-map"
        >
          <rect x={0} y={0} width={MAP_WIDTH} height={MAP_HEIGHT} className="map-sea" />
          <g className="map-protected">
            {areaPaths.map((area) => (
              <path
                key={area.id}
                d={area.d}
                fill={PROTECTED_COLORS[area.kind]}
                stroke={PROTECTED_COLORS[area.kind]}
                vectorEffect="non-scaling-stroke"
              >
                <title>{`${area.name}（${label(PROTECTED_AREA_KIND_LABELS, area.kind)}）`}</title>
              </path>
            ))}
          </g>
          <g className="map-water">
            {waterPaths.map((water) => (
              <path
                key={water.id}
                d={water.d}
                className={`${water.area ? 'map-water-area' : 'map-water-line'}${water.isKey ? ' map-water-key' : ''}`}
                vectorEffect="non-scaling-stroke"
              >
                <title>{water.name}</title>
              </path>
            ))}
            {frame &&
              waterPaths.map((water) => {
                if (!water.anchor) return null;
                const [x, y] = frame.project(water.anchor);
                return (
                  <text
                    key={`${water.id}-label`}
                    x={x}
                    y={y - 8 / view.zoom}
                    className="map-label"
                    fontSize={fontSize}
                  >
                    {water.name}
                  </text>
                );
              })}
          </g>
          {frame && showSources && <SourceListMapLayer project={frame.project} size={radius * 0.8} />}
          <g className="map-points" onClick={onPointClick}>
            {circles}
          </g>
        </svg>
        <Space direction="vertical" size={4} className="map-controls">
          <Tooltip title={t('map.zoomIn')} placement="left">
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => zoomCentre(1.5)}
              aria-label={t('map.zoomIn')}
            />
          </Tooltip>
          <Tooltip title={t('map.zoomOut')} placement="left">
            <Button
              size="small"
              icon={<MinusOutlined />}
              onClick={() => zoomCentre(1 / 1.5)}
              aria-label={t('map.zoomOut')}
            />
          </Tooltip>
          <Tooltip title={t('map.reset')} placement="left">
            <Button
              size="small"
              icon={<AimOutlined />}
              onClick={() => setView(HOME)}
              aria-label={t('map.reset')}
            />
          </Tooltip>
        </Space>
        {frame && scaleMetres > 0 && (
          <div className="map-scale" data-testid="map-scale">
            <span>
              {scaleMetres >= 1000
                ? t('common.kilometres', { value: scaleMetres / 1000 })
                : t('common.metres', { value: scaleMetres })}
            </span>
            <div className="map-scale-bar" style={{ width: `${(scaleUnits / MAP_WIDTH) * 100}cqw` }} />
          </div>
        )}
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
        {total >= POINT_CAP && (
          <Typography.Text type="warning" className="cell-note">
            {t('map.truncated', { count: POINT_CAP })}
          </Typography.Text>
        )}
        <ul>
          {Object.values(OutfallCategory).map((category) => (
            <li key={category}>
              <svg width="14" height="14" aria-hidden>
                <circle cx="7" cy="7" r="5" fill={CATEGORY_COLORS[category]} className="map-point" />
              </svg>
              <span>{label(OUTFALL_CATEGORY_LABELS, category)}</span>
              <Typography.Text type="secondary">{counts.get(category) ?? 0}</Typography.Text>
            </li>
          ))}
          <li>
            <svg width="14" height="14" aria-hidden>
              <circle cx="7" cy="7" r="5" fill="#bfbfbf" className="map-point map-point-ban" />
            </svg>
            <span>{t('outfalls.banTag')}</span>
          </li>
        </ul>
        <ul>
          <li>
            <svg width="28" height="14" aria-hidden>
              <line x1="2" y1="7" x2="26" y2="7" className="map-water-line map-water-key" />
            </svg>
            <span>{t('map.keyRiver')}</span>
          </li>
          <li>
            <svg width="28" height="14" aria-hidden>
              <line x1="2" y1="7" x2="26" y2="7" className="map-water-line" />
            </svg>
            <span>{t('map.otherWater')}</span>
          </li>
          {kinds.map((kind) => (
            <li key={kind}>
              <svg width="28" height="14" aria-hidden>
                <rect
                  x="2"
                  y="2"
                  width="24"
                  height="10"
                  fill={PROTECTED_COLORS[kind]}
                  stroke={PROTECTED_COLORS[kind]}
                  className="map-protected-swatch"
                />
              </svg>
              <span>{label(PROTECTED_AREA_KIND_LABELS, kind)}</span>
            </li>
          ))}
        </ul>
        <SourceListLayerToggle checked={showSources} onChange={setShowSources} />
        <Typography.Text type="secondary" className="cell-note">
          {t('map.hint')}
        </Typography.Text>
      </aside>
    </div>
  );
}
