import { BarChart, GaugeChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';

// tree-shaken: only the charts and components the dashboard draws (this module is loaded lazily)
echarts.use([GaugeChart, LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const OPTS = { renderer: 'svg' as const };
/** The page's font stack (SVG text does not inherit it; without it Chinese labels may have no glyphs). */
const FONT =
  "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', " +
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif";

export const STATUS_COLORS: Record<string, string> = {
  met: '#237804',
  on_track: '#0958d9',
  at_risk: '#ad6800',
  behind: '#a8071a',
  missed: '#a8071a',
};

interface GaugeProps {
  /** 0–1 or null. */
  value: number | null;
  target: number;
  status: string | null;
  label: string;
}

/** A rate as a ring with the target as a dark tick; the text alternative is the caller's aria-label. */
export function RateGauge({ value, target, status, label }: GaugeProps) {
  const color = (status && STATUS_COLORS[status]) || '#595959';
  const pct = value === null ? 0 : Math.round(value * 1000) / 10;
  const common = { type: 'gauge' as const, min: 0, max: 100, startAngle: 200, endAngle: -20, radius: '95%' };
  // the target is a dark tick on the ring
  const mark = Math.min(Math.max(target, 0.005), 0.995);
  const option = {
    animation: false,
    textStyle: { fontFamily: FONT },
    series: [
      {
        ...common,
        progress: { show: true, width: 12, itemStyle: { color } },
        axisLine: {
          lineStyle: {
            width: 12,
            color: [
              [mark - 0.005, '#f0f0f0'],
              [mark + 0.005, '#262626'],
              [1, '#f0f0f0'],
            ],
          },
        },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: {
          formatter: () => (value === null ? '—' : `${pct.toFixed(1)}%`),
          fontSize: 20,
          color: '#1f1f1f',
          offsetCenter: [0, '5%'],
        },
        data: [{ value: pct, name: label }],
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} opts={OPTS} style={{ height: 140 }} notMerge />;
}

interface TrendProps {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
  onPoint?: (index: number) => void;
}

/** The quarterly trend: one line per metric, 0–100 %. */
export function TrendLines({ categories, series, onPoint }: TrendProps) {
  const option = {
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
    legend: { top: 0, textStyle: { color: '#1f1f1f', fontSize: 13 } },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    color: ['#0958d9', '#237804', '#ad6800', '#722ed1'],
    series: series.map((s) => ({
      name: s.name,
      type: 'line',
      symbolSize: 8,
      data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
    })),
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      opts={OPTS}
      style={{ height: 300 }}
      notMerge
      onEvents={onPoint ? { click: (e: { dataIndex: number }) => onPoint(e.dataIndex) } : undefined}
    />
  );
}

interface BarsProps {
  categories: string[];
  values: number[];
  onBar?: (index: number) => void;
}

/** Counts as horizontal bars (outfalls by stage). */
export function CountBars({ categories, values, onBar }: BarsProps) {
  const option = {
    animation: false,
    textStyle: { fontFamily: FONT },
    tooltip: { trigger: 'axis' },
    grid: { left: 120, right: 32, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: categories, inverse: true },
    color: ['#0958d9'],
    series: [{ type: 'bar', data: values, label: { show: true, position: 'right' } }],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      opts={OPTS}
      style={{ height: Math.max(160, categories.length * 32 + 40) }}
      notMerge
      onEvents={onBar ? { click: (e: { dataIndex: number }) => onBar(e.dataIndex) } : undefined}
    />
  );
}
