import { ValueQualifier } from '@outfall/shared-types';
import { assessSample } from './assessment';
import type { StandardGrade } from './standard-rule';
import { standardById } from './standards.catalogue';

const grade = (id: string) => standardById(id) ?? null;
const measured = (indicatorCode: string, value: number) => ({
  indicatorCode,
  value,
  qualifier: ValueQualifier.Measured,
});

describe('assessing a sample', () => {
  it('reads the water temperature of the same sample for the NH3-N condition', () => {
    const [cold] = assessSample(
      grade('GB18918-2002:1A'),
      [measured('nh3n', 7), measured('temperature', 11.9)],
      {},
    );
    expect(cold).toMatchObject({ limitValue: 8, limitText: '≤ 8', compliant: true, exceedanceMultiple: 0 });
    const [warm] = assessSample(
      grade('GB18918-2002:1A'),
      [measured('nh3n', 7), measured('temperature', 12.1)],
      {},
    );
    expect(warm).toMatchObject({ limitValue: 5, compliant: false, exceedanceMultiple: 0.4 });
    const [unknown] = assessSample(grade('GB18918-2002:1A'), [measured('nh3n', 7)], {});
    expect(unknown).toMatchObject({ limitValue: 5, compliant: false });
  });

  it('takes the stricter NH3-N limit without a water temperature, and says so', () => {
    // 6.5 passes the cold-water limit (8) but not the stricter one (5)
    const [missing] = assessSample(grade('GB18918-2002:1A'), [measured('nh3n', 6.5)], {});
    expect(missing).toMatchObject({
      limitValue: 5,
      limitText: '≤ 5',
      compliant: false,
      exceedanceMultiple: 0.3,
      explanationZh: '未测水温，按较严限值判定',
      explanationEn: 'Water temperature not measured: assessed against the stricter limit',
    });
    // a measured temperature decides the condition: nothing to explain
    const [measuredCold] = assessSample(
      grade('GB18918-2002:1B'),
      [measured('nh3n', 6.5), measured('temperature', 10)],
      {},
    );
    expect(measuredCold).toMatchObject({ limitValue: 15, compliant: true, explanationZh: null });
    // the temperature reading itself and COD have no condition and no note
    const [temperature, cod] = assessSample(
      grade('GB18918-2002:1A'),
      [measured('temperature', 10), measured('cod', 20)],
      {},
    );
    expect(temperature.explanationZh).toBeNull();
    expect(cod).toMatchObject({ compliant: true, explanationZh: null, explanationEn: null });
  });

  it('takes the stricter limit when an outfall or water fact is unknown', () => {
    const [tp] = assessSample(grade('GB18918-2002:1A'), [measured('tp', 0.8)], {});
    expect(tp).toMatchObject({
      limitValue: 0.5,
      compliant: false,
      explanationZh: '污水处理厂建设日期未知，按较严限值判定',
    });
    // GB 3838 TP: the lake value (0.05) is stricter than the river one (0.2)
    const [lakeUnknown] = assessSample(grade('GB3838-2002:III'), [measured('tp', 0.1)], {});
    expect(lakeUnknown).toMatchObject({
      limitValue: 0.05,
      compliant: false,
      explanationZh: '受纳水体是否为湖库未知，按较严限值判定',
    });
    const [river] = assessSample(grade('GB3838-2002:III'), [measured('tp', 0.1)], {
      isLakeOrReservoir: false,
    });
    expect(river).toMatchObject({ limitValue: 0.2, compliant: true, explanationZh: null });
  });

  it('applies a lake-only limit when the water kind is unknown, and ranks only comparable bounds', () => {
    // GB 3838 TN is set for lakes and reservoirs only: unknown water → the limit applies (the stricter choice)
    const [tn] = assessSample(grade('GB3838-2002:III'), [measured('tn', 1.2)], {});
    expect(tn).toMatchObject({
      limitValue: 1,
      compliant: false,
      explanationEn: expect.stringContaining('lake'),
    });
    const [riverTn] = assessSample(grade('GB3838-2002:III'), [measured('tn', 1.2)], {
      isLakeOrReservoir: false,
    });
    expect(riverTn).toMatchObject({ limitText: null, compliant: null, explanationZh: null });
    const local: StandardGrade = {
      id: 'LOCAL:1',
      standard: 'DB 00/000',
      grade: '1',
      nameZh: '示例地方标准',
      rules: [
        { indicator: 'cod', bound: { kind: 'max', value: 40 }, source: 'DB 表1' },
        {
          indicator: 'cod',
          bound: { kind: 'range', min: 0, max: 30 },
          source: 'DB 表1（冷水）',
          condition: { on: 'sample', indicator: 'temperature', op: '<=', value: 12 },
        },
      ],
    };
    // a maximum and a range cannot be ranked: the unconditional rule stands, and the note says the input was missing
    const [cod] = assessSample(local, [measured('cod', 35)], {});
    expect(cod).toMatchObject({ limitValue: 40, compliant: true, explanationZh: '未测水温，按较严限值判定' });
  });

  it('uses the pre-2006 TP value only for plants built before 2006', () => {
    const [old] = assessSample(grade('GB18918-2002:1A'), [measured('tp', 0.8)], {
      plantBuiltBefore2006: true,
    });
    expect(old).toMatchObject({ limitValue: 1, compliant: true });
    const [recent] = assessSample(grade('GB18918-2002:1A'), [measured('tp', 0.8)], {
      plantBuiltBefore2006: false,
    });
    expect(recent).toMatchObject({ limitValue: 0.5, compliant: false, exceedanceMultiple: 0.6 });
  });

  it('leaves indicators without a limit unassessed and checks pH as a range', () => {
    const result = assessSample(grade('GB8978-1996:1'), [measured('flow', 900), measured('ph', 5.5)], {});
    expect(result[0]).toMatchObject({ indicatorCode: 'flow', compliant: null, limitText: null });
    expect(result[1]).toMatchObject({
      indicatorCode: 'ph',
      limitText: '6–9',
      limitValue: null,
      compliant: false,
    });
  });

  it('reports how far a pH lies outside 6–9 instead of a multiple', () => {
    const [low, high, inside] = assessSample(
      grade('GB8978-1996:1'),
      [measured('ph', 5.2), measured('ph', 9.5), measured('ph', 7)],
      {},
    );
    expect(low).toMatchObject({
      compliant: false,
      exceedanceMultiple: null,
      deviation: 0.8,
      deviationDirection: 'below',
      explanationZh: '低于允许范围（6–9）下限 0.8',
      explanationEn: '0.8 below the allowed range (6–9)',
    });
    expect(high).toMatchObject({
      compliant: false,
      exceedanceMultiple: null,
      deviation: 0.5,
      deviationDirection: 'above',
      explanationEn: '0.5 above the allowed range (6–9)',
    });
    expect(inside).toMatchObject({
      compliant: true,
      exceedanceMultiple: null,
      deviation: 0,
      deviationDirection: null,
      explanationZh: null,
    });
    // a maximum keeps its multiple and has no deviation
    const [cod] = assessSample(grade('GB8978-1996:1'), [measured('cod', 150)], {});
    expect(cod).toMatchObject({ exceedanceMultiple: 0.5, deviation: null, deviationDirection: null });
  });

  it('treats a below-detection reading by its detection limit', () => {
    const below = { indicatorCode: 'nh3n', value: 0.5, qualifier: ValueQualifier.BelowDetection };
    expect(assessSample(grade('GB3838-2002:II'), [below], {})[0]).toMatchObject({
      compliant: true,
      exceedanceMultiple: 0,
    });
    const coarse = { ...below, value: 0.6 };
    // a detection limit above the limit proves nothing either way
    expect(assessSample(grade('GB3838-2002:II'), [coarse], {})[0]).toMatchObject({
      compliant: null,
      exceedanceMultiple: null,
      limitValue: 0.5,
    });
  });
});
