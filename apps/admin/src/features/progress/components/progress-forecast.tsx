import {
  FORECAST_STATUS_LABELS,
  ForecastStatus,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
} from '@outfall/shared-types';
import { Empty, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ForecastRow } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { FORECAST_BY, type ForecastBy } from '../progress-url.util';
import { percent } from './progress-headline';

const STATUS_COLORS: Record<ForecastStatus, string> = {
  [ForecastStatus.Met]: 'green',
  [ForecastStatus.OnTrack]: 'blue',
  [ForecastStatus.AtRisk]: 'orange',
  [ForecastStatus.Behind]: 'red',
  [ForecastStatus.Missed]: 'magenta',
};

const FORECAST_BY_LABELS: Record<ForecastBy, MessageKey> = {
  township: 'progress.by.township',
  unit: 'progress.by.unit',
  scope: 'progress.by.scope',
  city: 'progress.by.city',
};

export function ForecastTag({ status }: { status: ForecastStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="forecast-status" data-status={status}>
      {label(FORECAST_STATUS_LABELS, status)}
    </Tag>
  );
}

interface Props {
  rows: ForecastRow[];
  by: ForecastBy;
  onBy(by: ForecastBy): void;
  /** The day the pace is measured from. */
  since?: string;
}

/** Projected rates at the upcoming deadlines from the last two quarters' pace, per township / unit. */
export function ProgressForecast({ rows, by, onBy, since }: Props) {
  const { t, label } = useI18n();
  const shown = rows
    .filter((row) => row.dimension === by)
    .sort(
      (a, b) =>
        a.label.localeCompare(b.label, 'zh') ||
        a.deadline.localeCompare(b.deadline) ||
        Object.values(ProgressMetric).indexOf(a.metric) - Object.values(ProgressMetric).indexOf(b.metric),
    );
  const columns: TableColumnsType<ForecastRow> = [
    { title: t(FORECAST_BY_LABELS[by]), dataIndex: 'label' },
    {
      title: t('progress.metric'),
      dataIndex: 'metric',
      width: 160,
      render: (metric: ProgressMetric) => label(PROGRESS_METRIC_LABELS, metric),
    },
    { title: t('progress.deadline'), dataIndex: 'deadline', width: 120 },
    { title: t('progress.target'), dataIndex: 'target', width: 90, render: percent },
    { title: t('progress.rateNow'), dataIndex: 'rate', width: 100, render: percent },
    { title: t('progress.projected'), dataIndex: 'projected', width: 110, render: percent },
    {
      title: t('progress.metOn'),
      dataIndex: 'metOn',
      width: 130,
      render: (day: string | null) => day ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: ForecastStatus) => <ForecastTag status={status} />,
    },
  ];
  return (
    <>
      <div className="toolbar progress-toolbar">
        <Segmented<ForecastBy>
          value={by}
          onChange={onBy}
          options={FORECAST_BY.map((value) => ({ value, label: t(FORECAST_BY_LABELS[value]) }))}
          data-testid="forecast-by"
        />
        {since && (
          <Typography.Text type="secondary">{t('progress.forecastSince', { since })}</Typography.Text>
        )}
      </div>
      <Table<ForecastRow>
        rowKey={(row) => `${row.dimension}:${row.key}:${row.metric}:${row.deadline}`}
        size="small"
        columns={columns}
        dataSource={shown}
        pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{ emptyText: <Empty description={t('progress.emptyForecast')} /> }}
        scroll={{ x: 900 }}
        data-testid="forecast-table"
      />
    </>
  );
}
