import {
  FORECAST_STATUS_LABELS,
  ForecastStatus,
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
  zhLabel,
} from '@outfall/shared-types';
import type { ForecastRow, Progress, ProgressGroup } from './progress.responses';

/** What the narrative is built from: the snapshot's data and the contributed sections' highlights. */
export interface NarrativeInput {
  asOf: string;
  progress: Progress;
  forecast: { rows: ForecastRow[] };
  overdue: {
    plans: { total: number; items: Record<string, unknown>[] };
    untraced: { total: number; items: Record<string, unknown>[] };
  };
  /** Sentences from contributed sections (e.g. 长期超标排污口 3 个), in section order. */
  highlights?: string[];
}

/** The generated summary of the quarter: three headed paragraphs of sentences. */
export interface DispatchNarrative {
  /** 达标情况 */
  achievement: string[];
  /** 主要问题 */
  problems: string[];
  /** 落后单位 */
  behind: string[];
}

export const NARRATIVE_HEADINGS: Record<keyof DispatchNarrative, string> = {
  achievement: '达标情况',
  problems: '主要问题',
  behind: '落后单位',
};

const METRICS = Object.values(ProgressMetric);
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
const points = (value: number) => `${(value * 100).toFixed(1)} 个百分点`;
const DIMENSION_NAMES: Record<string, string> = { unit: '责任单位', township: '乡镇（街道）' };

/** A breakdown's Chinese name: category and area groups carry a stored code as their label. */
export function groupLabel(group: { dimension: string; key: string; label: string }): string {
  if (group.dimension === 'category') return zhLabel(OUTFALL_CATEGORY_LABELS, group.key) || group.label;
  if (group.dimension === 'area') return zhLabel(OUTFALL_AREA_LABELS, group.key) || group.label;
  return group.label;
}

/** Units and townships whose forecast is behind, at risk or missed. */
export function behindRows(rows: ForecastRow[]): ForecastRow[] {
  return rows.filter(
    (r) =>
      (r.dimension === 'unit' || r.dimension === 'township') &&
      (r.status === ForecastStatus.Behind ||
        r.status === ForecastStatus.AtRisk ||
        r.status === ForecastStatus.Missed),
  );
}

/**
 * The quarter's summary, built only from the figures (same data, same text): which targets the city and the
 * river groups meet and which they miss, the overdue work and the sections' highlights, and the units and
 * townships behind.
 */
export function dispatchNarrative(input: NarrativeInput): DispatchNarrative {
  const headline = input.progress.groups.filter(
    (g): g is ProgressGroup => g.dimension === 'city' || g.dimension === 'scope',
  );
  const met: string[] = [];
  const notMet: string[] = [];
  for (const group of headline) {
    for (const metric of METRICS) {
      const m = group.metrics[metric];
      if (!m || m.target === null || m.rate === null) continue;
      const name = `${group.label}${PROGRESS_METRIC_LABELS[metric].zh}`;
      if (m.met)
        met.push(
          `${name} ${pct(m.rate)}（目标 ${pct(m.target)}${m.deadline ? `，时限 ${m.deadline}` : ''}）`,
        );
      else
        notMet.push(
          `${name} ${pct(m.rate)}，低于目标 ${pct(m.target)}${
            m.deadline ? `（时限 ${m.deadline}${m.status === 'missed' ? '，已到期' : ''}）` : ''
          }，差 ${points(m.target - m.rate)}`,
        );
    }
  }
  const achievement: string[] = [];
  achievement.push(
    met.length
      ? `截至 ${input.asOf}，已达标 ${met.length} 项：${met.join('；')}。`
      : `截至 ${input.asOf}，尚无达标指标。`,
  );
  achievement.push(
    notMet.length ? `未达标 ${notMet.length} 项：${notMet.join('；')}。` : '各项指标均已达到目标。',
  );

  const problems: string[] = [];
  const plans = input.overdue.plans;
  if (plans.total) {
    const worst = [...plans.items].sort(
      (a, b) =>
        Number(b.daysOverdue ?? 0) - Number(a.daysOverdue ?? 0) ||
        String(a.localCode).localeCompare(String(b.localCode)),
    )[0];
    problems.push(
      `逾期未完成整治方案 ${plans.total} 个${
        worst
          ? `，逾期最长的是${worst.township ?? ''}${worst.name}（${worst.localCode}，逾期 ${worst.daysOverdue} 天）`
          : ''
      }。`,
    );
  } else problems.push('无逾期未完成的整治方案。');
  const untraced = input.overdue.untraced;
  if (untraced.total) {
    const byTownship = new Map<string, number>();
    for (const item of untraced.items) {
      const township = String(item.township ?? '（未指定）');
      byTownship.set(township, (byTownship.get(township) ?? 0) + 1);
    }
    const top = [...byTownship.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))
      .slice(0, 3)
      .map(([t, n]) => `${t} ${n} 个`);
    problems.push(`超过溯源时限仍未溯源的排污口 ${untraced.total} 个（${top.join('、')}）。`);
  } else problems.push('无超过溯源时限仍未溯源的排污口。');
  problems.push(...(input.highlights ?? []));

  const behind: string[] = [];
  const byUnit = new Map<string, ForecastRow[]>();
  for (const row of behindRows(input.forecast.rows)) {
    const key = `${row.dimension}:${row.key}`;
    byUnit.set(key, [...(byUnit.get(key) ?? []), row]);
  }
  const entries = [...byUnit.values()].sort(
    (a, b) =>
      (a[0].dimension === b[0].dimension ? 0 : a[0].dimension === 'township' ? -1 : 1) ||
      a[0].label.localeCompare(b[0].label, 'zh'),
  );
  for (const rows of entries) {
    const first = rows[0];
    const detail = rows
      .sort(
        (a, b) =>
          METRICS.indexOf(a.metric) - METRICS.indexOf(b.metric) || a.deadline.localeCompare(b.deadline),
      )
      .map(
        (r) =>
          `${PROGRESS_METRIC_LABELS[r.metric].zh} ${pct(r.rate)}，按当前进度至 ${r.deadline} 预计 ${pct(
            r.projected,
          )}，目标 ${pct(r.target)}（${FORECAST_STATUS_LABELS[r.status].zh}）`,
      )
      .join('；');
    behind.push(`${first.label}（${DIMENSION_NAMES[first.dimension]}）：${detail}。`);
  }
  if (!behind.length) behind.push('各责任单位和乡镇（街道）进度均符合预期。');
  return { achievement, problems, behind };
}

/** The narrative as plain text, one headed paragraph per part (what an override replaces). */
export function narrativeText(narrative: DispatchNarrative): string {
  return (Object.keys(NARRATIVE_HEADINGS) as (keyof DispatchNarrative)[])
    .map((part) => `${NARRATIVE_HEADINGS[part]}：${narrative[part].join('')}`)
    .join('\n');
}
