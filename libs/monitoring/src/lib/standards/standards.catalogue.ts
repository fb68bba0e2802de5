import type { LimitRule, StandardGrade } from './standard-rule';

/**
 * The national standards the plan relies on, from ../shared/docs/domain.md (secondary copies of the texts:
 * verify against the published standards before relying on them). mg/L unless noted; pH has no unit.
 */
const PH = (source: string): LimitRule => ({
  indicator: 'ph',
  bound: { kind: 'range', min: 6, max: 9 },
  source,
});
const max = (
  indicator: string,
  value: number,
  source: string,
  condition?: LimitRule['condition'],
): LimitRule => ({
  indicator,
  bound: { kind: 'max', value },
  source,
  ...(condition ? { condition } : {}),
});
const COLD = { on: 'sample', indicator: 'temperature', op: '<=', value: 12 } as const;
const OLD_PLANT = { on: 'outfall', fact: 'plantBuiltBefore2006', equals: true } as const;
const LAKE = { on: 'water', fact: 'isLakeOrReservoir', equals: true } as const;

function gb18918(
  grade: string,
  cod: number,
  nh3n: [number, number] | null,
  tp: [number, number] | null,
  tn: number | null,
): StandardGrade {
  const src = `GB 18918-2002 表1 ${grade}`;
  const rules: LimitRule[] = [PH(src), max('cod', cod, src)];
  if (nh3n) rules.push(max('nh3n', nh3n[0], src), max('nh3n', nh3n[1], `${src}（水温≤12℃）`, COLD));
  if (tp) {
    rules.push(max('tp', tp[0], src));
    if (tp[1] !== tp[0]) rules.push(max('tp', tp[1], `${src}（2005年12月31日前建设）`, OLD_PLANT));
  }
  if (tn !== null) rules.push(max('tn', tn, src));
  return {
    id: `GB18918-2002:${grade}`,
    standard: 'GB 18918-2002',
    grade,
    nameZh: `城镇污水处理厂污染物排放标准 ${grade}`,
    rules,
  };
}

/** GB 8978-1996 表1: first-class pollutants, one limit whatever the grade (measured at the workshop outlet). */
const GB8978_FIRST_CLASS: [string, number][] = [
  ['cr_total', 1.5],
  ['cr6', 0.5],
  ['ni', 1.0],
];

/** GB 8978-1996 表4 (units built from 1998-01-01): characteristic pollutants, grade 1 / 2 / 3; null: no limit. */
const GB8978_TABLE4: [string, number | null, number | null, number | null][] = [
  ['volatile_phenol', 0.5, 0.5, 2.0],
  ['aniline', 1.0, 2.0, 5.0],
  ['colour', 50, 80, null],
  ['sulfide', 1.0, 1.0, 1.0],
  ['cn', 0.5, 0.5, 1.0],
  ['cu', 0.5, 1.0, 2.0],
  ['zn', 2.0, 5.0, 5.0],
  ['fluoride', 10, 10, 20],
];

function gb8978(grade: string, cod: number, nh3n: number | null, tp: number | null): StandardGrade {
  const src = `GB 8978-1996 表4 ${grade}级`;
  const rules: LimitRule[] = [PH(src), max('cod', cod, src)];
  if (nh3n !== null) rules.push(max('nh3n', nh3n, src));
  if (tp !== null) rules.push(max('tp', tp, `${src}（磷酸盐，以P计）`));
  for (const [indicator, value] of GB8978_FIRST_CLASS)
    rules.push(max(indicator, value, 'GB 8978-1996 表1 第一类污染物'));
  const column = Number(grade);
  for (const [indicator, ...limits] of GB8978_TABLE4) {
    const value = limits[column - 1];
    if (value !== null) rules.push(max(indicator, value, src));
  }
  return {
    id: `GB8978-1996:${grade}`,
    standard: 'GB 8978-1996',
    grade,
    nameZh: `污水综合排放标准 ${grade}级`,
    rules,
  };
}

function gb3838(grade: string, cod: number, nh3n: number, tp: [number, number], tn: number): StandardGrade {
  const src = `GB 3838-2002 表1 ${grade}类`;
  return {
    id: `GB3838-2002:${grade}`,
    standard: 'GB 3838-2002',
    grade,
    nameZh: `地表水环境质量标准 ${grade}类`,
    rules: [
      PH(src),
      max('cod', cod, src),
      max('nh3n', nh3n, src),
      max('tp', tp[0], src),
      max('tp', tp[1], `${src}（湖、库）`, LAKE),
      // TN is assessed for lakes and reservoirs only
      max('tn', tn, `${src}（湖、库）`, LAKE),
    ],
  };
}

export const STANDARDS: StandardGrade[] = [
  gb18918('1A', 50, [5, 8], [0.5, 1], 15),
  gb18918('1B', 60, [8, 15], [1, 1.5], 20),
  gb18918('II', 100, [25, 30], [3, 3], null),
  gb18918('III', 120, null, [5, 5], null),
  gb8978('1', 100, 15, 0.5),
  gb8978('2', 150, 25, 1.0),
  gb8978('3', 500, null, null),
  gb3838('I', 15, 0.15, [0.02, 0.01], 0.2),
  gb3838('II', 15, 0.5, [0.1, 0.025], 0.5),
  gb3838('III', 20, 1.0, [0.2, 0.05], 1.0),
  gb3838('IV', 30, 1.5, [0.3, 0.1], 1.5),
  gb3838('V', 40, 2.0, [0.4, 0.2], 2.0),
];

export function standardById(id: string): StandardGrade | undefined {
  return STANDARDS.find((standard) => standard.id === id);
}
