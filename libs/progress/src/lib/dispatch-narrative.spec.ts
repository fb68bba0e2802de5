import { ForecastStatus, ProgressMetric } from '@outfall/shared-types';
import { dispatchNarrative, groupLabel, narrativeText } from './dispatch-narrative';
import type { ForecastRow, ProgressGroup } from './progress.responses';

const metric = (
  rate: number | null,
  target: number | null,
  met: boolean | null,
  deadline = '2024-12-31',
) => ({
  numerator: 0,
  denominator: 0,
  rate,
  target,
  deadline,
  gap: null,
  met,
  status: null,
});

const city = {
  dimension: 'city',
  key: 'city',
  label: '全市',
  scopes: {},
  metrics: {
    [ProgressMetric.Investigation]: metric(1, 1, true),
    [ProgressMetric.Plan]: metric(0.5, null, null),
    [ProgressMetric.Tracing]: metric(0.4, 0.8, false),
    [ProgressMetric.Remediation]: metric(null, 0.3, null),
  },
} as unknown as ProgressGroup;

const forecast = (label: string, dimension: 'unit' | 'township', status: ForecastStatus): ForecastRow => ({
  dimension,
  key: label,
  label,
  metric: ProgressMetric.Tracing,
  rate: 0.2,
  previousRate: 0.1,
  pace: 0.001,
  deadline: '2024-12-31',
  target: 1,
  projected: 0.3,
  metOn: null,
  status,
});

describe('dispatchNarrative', () => {
  const input = {
    asOf: '2024-09-30',
    progress: { asOf: '2024-09-30', knownAt: null, remediationCounts: 'completed' as const, groups: [city] },
    forecast: {
      rows: [
        forecast('六工镇', 'township', ForecastStatus.Behind),
        forecast('三工镇', 'township', ForecastStatus.OnTrack),
        forecast('住建局', 'unit', ForecastStatus.AtRisk),
      ],
    },
    overdue: {
      plans: {
        total: 2,
        items: [
          { localCode: 'A-1', name: '甲口', township: '六工镇', daysOverdue: 10 },
          { localCode: 'A-2', name: '乙口', township: '三工镇', daysOverdue: 30 },
        ],
      },
      untraced: { total: 0, items: [] },
    },
    highlights: ['长期超标排污口 1 个。'],
  };

  it('states met and missed targets, the problems and the units behind, deterministically', () => {
    const narrative = dispatchNarrative(input);
    expect(narrative.achievement).toEqual([
      '截至 2024-09-30，已达标 1 项：全市排查率 100.0%（目标 100.0%，时限 2024-12-31）。',
      '未达标 1 项：全市溯源率 40.0%，低于目标 80.0%（时限 2024-12-31），差 40.0 个百分点。',
    ]);
    expect(narrative.problems).toEqual([
      '逾期未完成整治方案 2 个，逾期最长的是三工镇乙口（A-2，逾期 30 天）。',
      '无超过溯源时限仍未溯源的排污口。',
      '长期超标排污口 1 个。',
    ]);
    expect(narrative.behind).toHaveLength(2);
    expect(narrative.behind[0]).toMatch(/^六工镇（乡镇（街道））：溯源率 20\.0%/);
    expect(narrative.behind[1]).toMatch(/^住建局（责任单位）/);
    expect(narrative.behind.join('')).not.toContain('三工镇');
    expect(dispatchNarrative(input)).toEqual(narrative);
    expect(narrativeText(narrative)).toMatch(/^达标情况：截至/);
  });

  it('says so when nothing is behind', () => {
    const narrative = dispatchNarrative({ ...input, forecast: { rows: [] } });
    expect(narrative.behind).toEqual(['各责任单位和乡镇（街道）进度均符合预期。']);
  });

  it('labels category and area groups in Chinese', () => {
    expect(groupLabel({ dimension: 'category', key: 'agricultural', label: 'agricultural' })).toBe(
      '农业排污口',
    );
    expect(groupLabel({ dimension: 'area', key: 'key', label: 'key' })).toBe('重点区域');
    expect(groupLabel({ dimension: 'township', key: 'x', label: '六工镇' })).toBe('六工镇');
  });
});
