import { useQuery } from '@tanstack/react-query';
import { Descriptions, Divider, Drawer, Spin, Tag, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { getComparison, getSnapshot } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import type { Breakdown, ForecastBy } from '../progress-url.util';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { ProgressBreakdown } from './progress-breakdown';
import { ProgressForecast } from './progress-forecast';
import { ProgressHeadline } from './progress-headline';
import { ProgressOverdue } from './progress-overdue';

const LEDGER_LABELS: Record<string, MessageKey> = {
  investigation: 'progress.ledger.investigation',
  waterQuality: 'progress.ledger.waterQuality',
  tracing: 'progress.ledger.tracing',
  rectification: 'progress.ledger.rectification',
};

interface Props {
  id: string;
  onClose(): void;
  /** The dispatch-report actions (city-wide accounts), shown in the drawer's header. */
  extra?: (snapshotId: string) => ReactNode;
  /** Shown above the figures (the queued report's progress). */
  notice?: ReactNode;
}

/** A frozen quarterly snapshot: the figures exactly as computed at the quarter's end. */
export function SnapshotDrawer({ id, onClose, extra, notice }: Props) {
  const { t, tMaybe, dateTime } = useI18n();
  const [by, setBy] = useState<Breakdown>('township');
  const [sort, setSort] = useState<string | undefined>();
  const [forecastBy, setForecastBy] = useState<ForecastBy>('township');
  const snapshot = useQuery({
    queryKey: ['progress', 'snapshot', id],
    queryFn: ({ signal }) => getSnapshot(id, signal),
  });
  const comparison = useQuery({
    queryKey: ['progress', 'snapshot', id, 'comparison'],
    queryFn: ({ signal }) => getComparison(id, signal),
  });
  const data = snapshot.data;
  const compared = comparison.data;
  return (
    <Drawer
      open
      width={1100}
      title={data ? t('progress.snapshotTitle', { quarter: data.quarter, version: data.version }) : undefined}
      extra={data && extra?.(data.id)}
      onClose={onClose}
      destroyOnHidden
      data-testid="snapshot-drawer"
    >
      {snapshot.error ? (
        <ApiErrorAlert
          error={snapshot.error}
          title={t('common.loadError')}
          onRetry={() => void snapshot.refetch()}
        />
      ) : !data ? (
        <Spin />
      ) : (
        <>
          {notice}
          <Descriptions size="small" column={3} bordered data-testid="snapshot-fields">
            <Descriptions.Item label={t('progress.quarter')}>{data.quarter}</Descriptions.Item>
            <Descriptions.Item label={t('progress.asOf')}>{data.asOf}</Descriptions.Item>
            <Descriptions.Item label={t('progress.version')}>
              {data.version}{' '}
              <Tag color={data.current ? 'green' : 'default'}>
                {data.current ? t('progress.current') : t('progress.superseded')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('progress.createdBy')}>{data.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('progress.createdAt')}>{dateTime(data.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('progress.reason')}>{data.reason ?? '—'}</Descriptions.Item>
            {compared && (
              <Descriptions.Item label={t('progress.comparison')} span={3}>
                <span data-testid="snapshot-comparison">
                  {compared.previous
                    ? t('progress.comparisonText', {
                        version: compared.snapshot.version,
                        at: dateTime(compared.snapshot.computedAt),
                        previous: compared.previous.quarter,
                        previousVersion: compared.previous.version,
                        previousAt: dateTime(compared.previous.computedAt),
                      })
                    : t('progress.comparisonNone', {
                        version: compared.snapshot.version,
                        at: dateTime(compared.snapshot.computedAt),
                      })}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Divider orientation="left">{t('progress.headline')}</Divider>
          <ProgressHeadline groups={data.data.progress.groups} />
          {data.data.ledgers && (
            <>
              <Divider orientation="left">{t('progress.ledgers')}</Divider>
              <Descriptions size="small" column={4} data-testid="snapshot-ledgers">
                {Object.entries(data.data.ledgers).map(([key, count]) => (
                  <Descriptions.Item
                    key={key}
                    label={LEDGER_LABELS[key] ? t(LEDGER_LABELS[key]) : (tMaybe(key) ?? key)}
                  >
                    {count}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </>
          )}
          <Divider orientation="left">{t('progress.breakdown')}</Divider>
          <ProgressBreakdown
            groups={data.data.progress.groups}
            by={by}
            sort={sort}
            onBy={setBy}
            onSort={setSort}
            testId="snapshot-breakdown-table"
          />
          <Divider orientation="left">{t('progress.forecast')}</Divider>
          <ProgressForecast rows={data.data.forecast.rows} by={forecastBy} onBy={setForecastBy} />
          {data.data.overdue ? (
            <>
              <Divider orientation="left">{t('progress.overdue')}</Divider>
              <ProgressOverdue overdue={data.data.overdue} />
            </>
          ) : (
            <Typography.Paragraph type="secondary">{t('progress.snapshotOwnOnly')}</Typography.Paragraph>
          )}
        </>
      )}
    </Drawer>
  );
}
