import { withCreditCodeCheck } from '@outfall/directory';
import { MonitoringFrequency, PermitExpiry } from '@outfall/shared-types';
import { outletCodeProblem, periodOf, permitExpiry, permitNumberProblem } from './permit-rules';

describe('permit rules', () => {
  const credit = withCreditCodeCheck('91652301MA7712340');

  it('checks the permit number: credit code + 3-digit sequence + capital letter', () => {
    expect(permitNumberProblem(`${credit}001P`, credit)).toBeNull();
    expect(permitNumberProblem(`${credit}001P`, null)).toBeNull();
    expect(permitNumberProblem(`${credit}01P`, null)).toMatch(/格式不正确/);
    expect(permitNumberProblem(`${credit}001p`, null)).toMatch(/格式不正确/);
    expect(permitNumberProblem(`${credit}000P`, null)).toMatch(/001/);
    expect(permitNumberProblem(`${credit.slice(0, 17)}0001P`, null)).toMatch(/校验位/);
    const other = withCreditCodeCheck('91652301MA7756780');
    expect(permitNumberProblem(`${other}001P`, credit)).toMatch(/持证单位/);
  });

  it('checks the outlet code (HJ 608 DW + 3 digits)', () => {
    expect(outletCodeProblem('DW001')).toBeNull();
    expect(outletCodeProblem('DW01')).toMatch(/DW/);
    expect(outletCodeProblem('YS001')).toMatch(/DW/);
  });

  it('flags expiring and expired permits', () => {
    expect(permitExpiry('2020-01-01', '2025-04-01', '2025-01-01', 90)).toBe(PermitExpiry.Expiring); // 90 days left
    expect(permitExpiry('2020-01-01', '2025-04-02', '2025-01-01', 90)).toBe(PermitExpiry.Valid);
    expect(permitExpiry('2020-01-01', '2024-12-31', '2025-01-01', 90)).toBe(PermitExpiry.Expired);
    expect(permitExpiry('2025-02-01', '2030-01-31', '2025-01-01', 90)).toBe(PermitExpiry.NotYetValid);
  });

  it('cuts Beijing calendar periods', () => {
    expect(periodOf('2024-12-31', MonitoringFrequency.Quarterly)).toEqual({
      start: '2024-10-01',
      end: '2024-12-31',
      label: '2024Q4',
    });
    expect(periodOf('2024-02-10', MonitoringFrequency.Monthly)).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
      label: '2024-02',
    });
    expect(periodOf('2024-12-30', MonitoringFrequency.Weekly)).toEqual({
      start: '2024-12-30',
      end: '2025-01-05',
      label: '2025-W01',
    });
    expect(periodOf('2024-07-01', MonitoringFrequency.HalfYearly).label).toBe('2024H2');
    expect(periodOf('2024-06-30', MonitoringFrequency.HalfYearly).end).toBe('2024-06-30');
    expect(periodOf('2024-05-05', MonitoringFrequency.Yearly).end).toBe('2024-12-31');
  });
});
