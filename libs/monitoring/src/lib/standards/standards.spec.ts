import { OutfallCategory, WaterClass } from '@outfall/shared-types';
import { applicableRule, assess } from './standard-rule';
import { resolveStandard } from './standard-resolver';
import { standardById } from './standards.catalogue';

const grade = (id: string) => {
  const standard = standardById(id);
  if (!standard) throw new Error(id);
  return standard;
};

describe('the standard resolver', () => {
  it.each([
    [
      { category: OutfallCategory.UrbanWwtp, plantGrade: '1A' as const, plantBuiltOn: '2012-05-01' },
      'GB18918-2002:1A',
      'WWTP, grade 1A configured, built 2012',
    ],
    [
      { category: OutfallCategory.UrbanWwtp, targetClass: WaterClass.III },
      'GB18918-2002:1B',
      'WWTP into class III water: grade 1B',
    ],
    [
      { category: OutfallCategory.UrbanWwtp, targetClass: WaterClass.IV },
      'GB18918-2002:II',
      'WWTP into class IV water: grade II',
    ],
    [{ category: OutfallCategory.UrbanWwtp }, 'GB18918-2002:1A', 'WWTP into unknown-target water: grade 1A'],
    [
      { category: OutfallCategory.Industrial, targetClass: WaterClass.II },
      'GB8978-1996:1',
      'Industrial into class II water: grade 1',
    ],
    [
      { category: OutfallCategory.Industrial, targetClass: WaterClass.V },
      'GB8978-1996:2',
      'Industrial into class V water: grade 2',
    ],
    [
      { category: OutfallCategory.Agricultural, targetClass: WaterClass.III },
      'GB3838-2002:III',
      "Assessed against the receiving zone's class III target",
    ],
    [
      { category: OutfallCategory.Other },
      'GB8978-1996:1',
      'Receiving-zone target unknown: integrated discharge grade 1',
    ],
    [
      {
        category: OutfallCategory.Industrial,
        override: { standardId: 'GB8978-1996:3', reason: '排入城镇污水管网' },
      },
      'GB8978-1996:3',
      'Manual override: 排入城镇污水管网',
    ],
  ])('%j → %s', (facts, id, explanation) => {
    const resolved = resolveStandard(facts);
    expect(resolved.standard.id).toBe(id);
    expect(resolved.explanation.en).toBe(explanation);
  });
});

describe('limits and exceedance', () => {
  const oneA = grade('GB18918-2002:1A');

  it('takes the bracketed NH3-N limit when the water is 12 °C or colder, on both sides of 12', () => {
    expect(applicableRule(oneA, 'nh3n', { readings: { temperature: 12 } })?.bound).toEqual({
      kind: 'max',
      value: 8,
    });
    expect(applicableRule(oneA, 'nh3n', { readings: { temperature: 12.1 } })?.bound).toEqual({
      kind: 'max',
      value: 5,
    });
    expect(applicableRule(oneA, 'nh3n', { readings: {} })?.bound).toEqual({ kind: 'max', value: 5 });
  });

  it('relaxes TP for plants built before 2006', () => {
    expect(applicableRule(oneA, 'tp', { readings: {}, plantBuiltBefore2006: true })?.bound).toEqual({
      kind: 'max',
      value: 1,
    });
    expect(applicableRule(oneA, 'tp', { readings: {}, plantBuiltBefore2006: false })?.bound).toEqual({
      kind: 'max',
      value: 0.5,
    });
  });

  it('uses the lake/reservoir TP of GB 3838 and TN only for lakes', () => {
    const classIII = grade('GB3838-2002:III');
    expect(applicableRule(classIII, 'tp', { readings: {}, isLakeOrReservoir: true })?.bound).toEqual({
      kind: 'max',
      value: 0.05,
    });
    expect(applicableRule(classIII, 'tp', { readings: {}, isLakeOrReservoir: false })?.bound).toEqual({
      kind: 'max',
      value: 0.2,
    });
    expect(applicableRule(classIII, 'tn', { readings: {}, isLakeOrReservoir: false })).toBeUndefined();
    expect(applicableRule(classIII, 'tn', { readings: {}, isLakeOrReservoir: true })?.bound).toEqual({
      kind: 'max',
      value: 1,
    });
  });

  it('computes exceedance multiples by hand-checked examples', () => {
    const cod = applicableRule(oneA, 'cod', { readings: {} });
    expect(cod).toBeDefined();
    expect(assess(cod!, 75)).toMatchObject({ compliant: false, exceedanceMultiple: 0.5 }); // (75 − 50) / 50
    expect(assess(cod!, 150)).toMatchObject({ compliant: false, exceedanceMultiple: 2 });
    expect(assess(cod!, 50)).toMatchObject({ compliant: true, exceedanceMultiple: 0 });
    const ph = applicableRule(oneA, 'ph', { readings: {} });
    expect(assess(ph!, 9.5).compliant).toBe(false);
    expect(assess(ph!, 6).compliant).toBe(true);
  });

  it('treats a below-detection value as compliant when the detection limit is under the limit', () => {
    const nh3n = applicableRule(oneA, 'nh3n', { readings: { temperature: 20 } });
    expect(assess(nh3n!, 0.025, true)).toMatchObject({ compliant: true, exceedanceMultiple: 0 });
    expect(assess(nh3n!, 6, true)).toMatchObject({ compliant: false, exceedanceMultiple: 0 });
  });
});
