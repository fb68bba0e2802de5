import { SourceListKind } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Checkbox } from 'antd';
import { useI18n } from '../../../i18n/i18n-context';
import { sourceListGeojson } from './source-lists.api';

const KIND_COLORS: Record<SourceListKind, string> = {
  [SourceListKind.IndustrialEnterprise]: '#722ed1',
  [SourceListKind.LivestockFarm]: '#a0522d',
  [SourceListKind.AquacultureFarm]: '#13c2c2',
};

/**
 * The department-list items as small squares on the outfall map (a layer the legend toggles): enterprises,
 * livestock and aquaculture farms, each in its colour; a matched item has a dark outline.
 */
export function SourceListMapLayer({
  project,
  size,
}: {
  project: (position: [number, number]) => [number, number];
  size: number;
}) {
  const layer = useQuery({
    queryKey: ['source-lists', 'geojson'],
    queryFn: ({ signal }) => sourceListGeojson(signal),
    staleTime: 60_000,
  });
  return (
    <g className="map-source-lists" data-testid="map-source-layer">
      {(layer.data?.features ?? []).map((feature) => {
        const [x, y] = project(feature.geometry.coordinates);
        return (
          <rect
            key={feature.id}
            x={x - size}
            y={y - size}
            width={size * 2}
            height={size * 2}
            fill={KIND_COLORS[feature.properties.kind]}
            stroke={feature.properties.matched ? '#262626' : 'none'}
            vectorEffect="non-scaling-stroke"
            pointerEvents="none"
          >
            <title>{feature.properties.name}</title>
          </rect>
        );
      })}
    </g>
  );
}

/** The legend's switch for the layer. */
export function SourceListLayerToggle({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange(next: boolean): void;
}) {
  const { t } = useI18n();
  return (
    <Checkbox
      checked={checked}
      onChange={(event) => onChange(event.target.checked)}
      data-testid="map-source-toggle"
    >
      <svg width="14" height="14" aria-hidden>
        <rect x="2" y="2" width="10" height="10" fill={KIND_COLORS[SourceListKind.IndustrialEnterprise]} />
      </svg>{' '}
      {t('sourceLists.mapLayer')}
    </Checkbox>
  );
}
