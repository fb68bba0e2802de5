import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Space, Spin, Tag, Typography } from 'antd';
import { getForecast, getOverdue, getProgress } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import type { Breakdown, ForecastBy } from '../progress-url.util';
import { useDayValue } from '../../../shared/hooks/use-day-value';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { beijingToday } from '../../remediation/components/plan-table';
import { ProgressBreakdown } from './progress-breakdown';
import { ProgressForecast } from './progress-forecast';
import { ProgressHeadline } from './progress-headline';
import { ProgressOverdue } from './progress-overdue';

interface Props {
  /** YYYY-MM-DD; undefined = today (Beijing). */
  asOf?: string;
  by: Breakdown;
  sort?: string;
  forecastBy: ForecastBy;
  onAsOf(asOf: string | undefined): void;
  onBy(by: Breakdown): void;
  onSort(sort: string | undefined): void;
  onForecastBy(by: ForecastBy): void;
}

/** 进度: rates against the targets as of a day, the breakdowns, the forecast and the overdue lists. */
export function ProgressOverview(props: Props) {
  const { t } = useI18n();
  const today = beijingToday();
  const asOf = props.asOf ?? today;
  const asOfDay = useDayValue(asOf);
  const progress = useQuery({
    queryKey: ['progress', 'rates', asOf],
    queryFn: ({ signal }) => getProgress(asOf, signal),
  });
  const forecast = useQuery({
    queryKey: ['progress', 'forecast', asOf],
    queryFn: ({ signal }) => getForecast(asOf, signal),
  });
  const overdue = useQuery({
    queryKey: ['progress', 'overdue', asOf],
    queryFn: ({ signal }) => getOverdue(asOf, signal),
  });

  return (
    <>
      <Space className="toolbar" wrap>
        <Typography.Text>{t('progress.asOf')}</Typography.Text>
        <span data-testid="as-of">
          <DatePicker
            value={asOfDay}
            allowClear={false}
            disabledDate={(day) => day.format('YYYY-MM-DD') > today}
            onChange={(day) => {
              const value = day?.format('YYYY-MM-DD');
              props.onAsOf(!value || value === today ? undefined : value);
            }}
          />
        </span>
        {progress.data && (
          <Tag data-testid="remediation-counts">
            {progress.data.remediationCounts === 'verified'
              ? t('progress.countsVerified')
              : t('progress.countsCompleted')}
          </Tag>
        )}
      </Space>

      <Card title={t('progress.headline')} className="section-card" data-testid="progress-rates">
        {progress.error ? (
          <ApiErrorAlert
            error={progress.error}
            title={t('common.loadError')}
            onRetry={() => void progress.refetch()}
          />
        ) : !progress.data ? (
          <Spin />
        ) : (
          <Spin spinning={progress.isFetching}>
            <ProgressHeadline groups={progress.data.groups} />
          </Spin>
        )}
      </Card>

      <Card title={t('progress.breakdown')} className="section-card">
        {progress.error ? (
          <ApiErrorAlert error={progress.error} title={t('common.loadError')} />
        ) : (
          <Spin spinning={progress.isFetching}>
            <ProgressBreakdown
              groups={progress.data?.groups ?? []}
              by={props.by}
              sort={props.sort}
              onBy={props.onBy}
              onSort={props.onSort}
            />
          </Spin>
        )}
      </Card>

      <Card title={t('progress.forecast')} className="section-card">
        {forecast.error ? (
          <ApiErrorAlert
            error={forecast.error}
            title={t('common.loadError')}
            onRetry={() => void forecast.refetch()}
          />
        ) : (
          <Spin spinning={forecast.isFetching}>
            <ProgressForecast
              rows={forecast.data?.rows ?? []}
              since={forecast.data?.since}
              by={props.forecastBy}
              onBy={props.onForecastBy}
            />
          </Spin>
        )}
      </Card>

      <Card title={t('progress.overdue')} className="section-card">
        {overdue.error ? (
          <ApiErrorAlert
            error={overdue.error}
            title={t('common.loadError')}
            onRetry={() => void overdue.refetch()}
          />
        ) : !overdue.data ? (
          <Spin />
        ) : (
          <Spin spinning={overdue.isFetching}>
            <ProgressOverdue overdue={overdue.data} />
          </Spin>
        )}
      </Card>
    </>
  );
}
