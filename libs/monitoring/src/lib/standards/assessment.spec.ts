import { ValueQualifier } from '@outfall/shared-types';
import { assessSample } from './assessment';
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
