import { ProtectedAreaKind, SourceListKind } from '@outfall/shared-types';
import type { FeatureLike } from 'ol/Feature';
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import {
  clusterClassOf,
  clusterRadius,
  colourOfClass,
  classOf,
  factsFrom,
  type ColourFacts,
  type ColourMode,
} from './outfall-colour.util';

/** Protected-area fills by kind (the same colours as the old map). */
export const PROTECTED_COLOURS: Record<ProtectedAreaKind, string> = {
  [ProtectedAreaKind.EcologicalRedLine]: '#f5222d',
  [ProtectedAreaKind.DrinkingWaterLevel1]: '#08979c',
  [ProtectedAreaKind.DrinkingWaterLevel2]: '#5cdbd3',
  [ProtectedAreaKind.NatureReserve]: '#52c41a',
  [ProtectedAreaKind.OtherProtected]: '#faad14',
};

export const SOURCE_COLOURS: Record<SourceListKind, string> = {
  [SourceListKind.IndustrialEnterprise]: '#722ed1',
  [SourceListKind.LivestockFarm]: '#a0522d',
  [SourceListKind.AquacultureFarm]: '#13c2c2',
};

/** `#rrggbb` with an alpha, as an rgba() string. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

const LABEL_FONT = '600 12px "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const WHITE_HALO = new Stroke({ color: '#fff', width: 3 });

export const townshipStyle = (feature: FeatureLike, resolution: number): Style =>
  new Style({
    stroke: new Stroke({ color: '#8c8c8c', width: 1.2, lineDash: [6, 4] }),
    text:
      resolution < 150
        ? new Text({
            text: String(feature.get('name') ?? ''),
            font: LABEL_FONT,
            fill: new Fill({ color: '#595959' }),
            stroke: WHITE_HALO,
            overflow: true,
          })
        : undefined,
  });

const protectedCache = new Map<string, Style>();
export const protectedAreaStyle = (feature: FeatureLike): Style => {
  const colour = PROTECTED_COLOURS[feature.get('kind') as ProtectedAreaKind] ?? '#faad14';
  let style = protectedCache.get(colour);
  if (!style) {
    style = new Style({
      fill: new Fill({ color: withAlpha(colour, 0.18) }),
      stroke: new Stroke({ color: withAlpha(colour, 0.8), width: 1.2, lineDash: [5, 3] }),
    });
    protectedCache.set(colour, style);
  }
  return style;
};

const zoneMet = new Style({
  fill: new Fill({ color: 'rgba(82, 196, 26, 0.10)' }),
  stroke: new Stroke({ color: 'rgba(56, 158, 13, 0.7)', width: 1 }),
});
const zoneNotMet = new Style({
  fill: new Fill({ color: 'rgba(250, 140, 22, 0.14)' }),
  stroke: new Stroke({ color: 'rgba(212, 107, 8, 0.8)', width: 1 }),
});
/** Function zones: green where the water-quality target is met, orange where not or unknown. */
export const functionZoneStyle = (feature: FeatureLike): Style =>
  feature.get('targetMet') === true ? zoneMet : zoneNotMet;

export const keyBufferStyle = new Style({
  fill: new Fill({ color: 'rgba(9, 88, 217, 0.08)' }),
  stroke: new Stroke({ color: 'rgba(9, 88, 217, 0.55)', width: 1, lineDash: [2, 3] }),
});

export const waterStyle = (feature: FeatureLike, resolution: number): Style => {
  const key = feature.get('isKey') === true;
  const area = /Polygon/.test(feature.getGeometry()?.getType() ?? '');
  return new Style({
    fill: area ? new Fill({ color: '#bae0ff' }) : undefined,
    stroke: new Stroke({ color: key ? '#0958d9' : '#4096ff', width: area ? 1 : key ? 4 : 1.8 }),
    text:
      resolution < 120
        ? new Text({
            text: String(feature.get('name') ?? ''),
            font: LABEL_FONT,
            placement: area ? 'point' : 'line',
            fill: new Fill({ color: '#0958d9' }),
            stroke: WHITE_HALO,
          })
        : undefined,
  });
};

const sourceCache = new Map<string, Style>();
export const sourceStyle = (feature: FeatureLike): Style => {
  const colour = SOURCE_COLOURS[feature.get('kind') as SourceListKind] ?? '#722ed1';
  const key = `${colour}|${feature.get('matched') === true}`;
  let style = sourceCache.get(key);
  if (!style) {
    style = new Style({
      image: new RegularShape({
        points: 4,
        radius: 5,
        angle: Math.PI / 4,
        fill: new Fill({ color: colour }),
        stroke: feature.get('matched') === true ? new Stroke({ color: '#262626', width: 1 }) : undefined,
      }),
    });
    sourceCache.set(key, style);
  }
  return style;
};

/** The colouring facts of an outfall point feature. */
export function factsOf(feature: FeatureLike): ColourFacts {
  return factsFrom((key) => feature.get(key));
}

/**
 * The outfall cluster layer's style for a colour mode: a single outfall is a dot in its class colour (a ban
 * candidate ringed in red), a cluster a larger disc with its count. Styles are cached per class and size,
 * and a cluster's class per mode, so a redraw of 100 000 points allocates almost nothing.
 */
export function outfallClusterStyle(mode: () => ColourMode) {
  const styles = new Map<string, Style>();
  const classes = new WeakMap<object, { mode: ColourMode; key: string }>();
  return (feature: FeatureLike): Style => {
    const members = (feature.get('features') as FeatureLike[] | undefined) ?? [feature];
    const current = mode();
    const size = members.length;
    let memo = classes.get(feature);
    if (!memo || memo.mode !== current) {
      memo = {
        mode: current,
        key:
          size === 1 ? classOf(factsOf(members[0]), current) : clusterClassOf(members.map(factsOf), current),
      };
      classes.set(feature, memo);
    }
    const ban = size === 1 && members[0].get('banCandidate') === true;
    const cacheKey = `${current}|${memo.key}|${size}|${ban}`;
    let style = styles.get(cacheKey);
    if (!style) {
      const colour = colourOfClass(memo.key, current);
      style =
        size === 1
          ? new Style({
              image: new CircleStyle({
                radius: 6,
                fill: new Fill({ color: colour }),
                stroke: new Stroke({ color: ban ? '#a8071a' : '#fff', width: ban ? 2.4 : 1.5 }),
              }),
            })
          : new Style({
              image: new CircleStyle({
                radius: clusterRadius(size),
                fill: new Fill({ color: withAlpha(colour, 0.85) }),
                stroke: new Stroke({ color: '#fff', width: 2 }),
              }),
              text: new Text({
                text: String(size),
                font: '600 11px sans-serif',
                fill: new Fill({ color: '#fff' }),
              }),
            });
      if (styles.size > 5000) styles.clear();
      styles.set(cacheKey, style);
    }
    return style;
  };
}
