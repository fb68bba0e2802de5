import { ProtectedAreaKind, WaterKind, WaterLevel } from '@outfall/shared-types';

/**
 * Synthetic reference layers for the demo. Names are Changji's rivers; every geometry is an approximate,
 * hand-drawn line or box (WGS84), NOT surveyed data: replace it with the city's GIS layers.
 */
export const DEMO_WATERS: {
  code: string;
  name: string;
  kind: WaterKind;
  level: WaterLevel;
  isKey: boolean;
  line: [number, number][];
}[] = [
  {
    code: 'TTH',
    name: '头屯河',
    kind: WaterKind.River,
    level: WaterLevel.Region,
    isKey: true,
    line: [
      [87.4, 43.55],
      [87.42, 43.8],
      [87.4, 44.0],
      [87.38, 44.2],
      [87.35, 44.4],
    ],
  },
  {
    code: 'STH',
    name: '三屯河',
    kind: WaterKind.River,
    level: WaterLevel.Prefecture,
    isKey: true,
    line: [
      [87.1, 43.55],
      [87.15, 43.8],
      [87.22, 44.0],
      [87.25, 44.2],
      [87.28, 44.4],
    ],
  },
  {
    code: 'LKL',
    name: '洛克伦河',
    kind: WaterKind.River,
    level: WaterLevel.County,
    isKey: false,
    line: [
      [86.95, 43.7],
      [86.97, 43.95],
      [87.0, 44.2],
    ],
  },
  {
    code: 'JTH',
    name: '军塘湖河',
    kind: WaterKind.River,
    level: WaterLevel.County,
    isKey: false,
    line: [
      [86.8, 43.7],
      [86.82, 43.95],
      [86.85, 44.25],
    ],
  },
];

export const DEMO_PROTECTED_AREAS: {
  kind: ProtectedAreaKind;
  name: string;
  designatedOn: string;
  box: [number, number, number, number];
}[] = [
  {
    kind: ProtectedAreaKind.DrinkingWaterLevel1,
    name: '三屯河水源地一级保护区（演示）',
    designatedOn: '2016-05-20',
    box: [87.11, 43.68, 87.16, 43.72],
  },
  {
    kind: ProtectedAreaKind.DrinkingWaterLevel2,
    name: '三屯河水源地二级保护区（演示）',
    designatedOn: '2016-05-20',
    box: [87.1, 43.66, 87.18, 43.76],
  },
  {
    kind: ProtectedAreaKind.EcologicalRedLine,
    name: '天山北坡生态保护红线（演示）',
    designatedOn: '2021-11-30',
    box: [86.85, 43.55, 87.05, 43.62],
  },
];

export const DEMO_ZONES: {
  water: string;
  name: string;
  targetClass: 'II' | 'III' | 'IV';
  targetMet: boolean;
}[] = [
  { water: 'TTH', name: '头屯河昌吉市开发利用区（演示）', targetClass: 'III', targetMet: true },
  { water: 'STH', name: '三屯河昌吉市饮用水源区（演示）', targetClass: 'II', targetMet: true },
  { water: 'STH', name: '三屯河昌吉市排污控制区（演示）', targetClass: 'IV', targetMet: false },
];

export function boxPolygon([minLon, minLat, maxLon, maxLat]: [number, number, number, number]) {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

/** A small deterministic PRNG (mulberry32), so the demo data set is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
