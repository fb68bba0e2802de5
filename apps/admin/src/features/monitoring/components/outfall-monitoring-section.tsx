import { ZONE_TARGET_STATUS_LABELS, ZoneTargetStatus } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Empty, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { getMonitoringStatus, useIndicators } from '../api';
import type { MonitoringStatus } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { ComplianceTag } from './compliance-tag';

type Latest = MonitoringStatus['latest'][number];

/** The drawer's 监测 section: the standard that applies and why, the latest reading per indicator, exceedance. */
export function OutfallMonitoringSection({ outfallId }: { outfallId: string }) {
  const { t, locale, dateTime, label } = useI18n();
  const indicators = useIndicators();
  const status = useQuery({
    queryKey: ['monitoring-status', outfallId],
    queryFn: ({ signal }) => getMonitoringStatus(outfallId, signal),
  });
  if (status.error)
    return (
      <ApiErrorAlert
        error={status.error}
        title={t('common.loadError')}
        onRetry={() => void status.refetch()}
      />
    );
  const data = status.data;
  if (!data) return <Spin />;
  const order = new Map(indicators.indicators.map((indicator, index) => [indicator.code, index]));
  const latest = [...data.latest].sort(
    (a, b) => (order.get(a.indicator) ?? 99) - (order.get(b.indicator) ?? 99),
  );
  const columns: TableColumnsType<Latest> = [
    {
      title: t('monitoring.col.indicator'),
      dataIndex: 'indicator',
      render: (code: string) => indicators.name(code),
    },
    {
      title: t('monitoring.col.value'),
      dataIndex: 'value',
      render: (value: number, row) =>
        `${value}${indicators.unit(row.indicator) ? ` ${indicators.unit(row.indicator)}` : ''}`,
    },
    {
      title: t('monitoring.col.limit'),
      dataIndex: 'limitText',
      render: (text: string | null) => text ?? '—',
    },
    {
      title: t('monitoring.col.verdict'),
      key: 'verdict',
      render: (_, row) => (
        <ComplianceTag
          compliant={row.compliant}
          limitText={row.limitText}
          multiple={row.compliant === false ? row.exceedanceMultiple : null}
          deviation={row.deviation}
          deviationDirection={row.deviationDirection}
          explanation={locale === 'en-US' ? row.explanationEn : row.explanationZh}
        />
      ),
    },
    {
      title: t('monitoring.col.sampledAt'),
      dataIndex: 'sampledAt',
      render: (value: string) => dateTime(value),
    },
  ];
  return (
    <div data-testid="monitoring-status">
      {data.chronic && (
        <Alert
          type="error"
          showIcon
          className="section-alert"
          message={t('outfallMonitoring.chronic', {
            exceeding: data.recentExceeding,
            samples: data.recentSamples,
          })}
          description={t('outfallMonitoring.chronicRule', data.chronicRule)}
          data-testid="chronic-alert"
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={2}
        className="section-alert outfall-fields"
        items={[
          {
            key: 'standard',
            label: t('outfallMonitoring.standard'),
            span: 2,
            children: data.standardId ? (
              <Space direction="vertical" size={0}>
                <span data-testid="standard-name">
                  {data.standardName} <Typography.Text type="secondary">{data.standardId}</Typography.Text>
                </span>
                {data.explanation && (
                  <Typography.Text type="secondary" className="cell-note" data-testid="standard-explanation">
                    {locale === 'en-US' ? data.explanation.en : data.explanation.zh}
                  </Typography.Text>
                )}
              </Space>
            ) : (
              t('outfallMonitoring.noStandard')
            ),
          },
          ...(data.zone
            ? [
                {
                  key: 'zone',
                  label: t('outfallMonitoring.zone'),
                  span: 2,
                  children: (
                    <Space size={4} wrap data-testid="receiving-zone">
                      <span>
                        {data.zone.name}（{data.zone.targetClass}）
                      </span>
                      <Tag
                        color={
                          data.zone.targetStatus === ZoneTargetStatus.Met
                            ? 'green'
                            : data.zone.targetStatus === ZoneTargetStatus.NotMet
                              ? 'red'
                              : 'orange'
                        }
                        data-testid="zone-target-status"
                      >
                        {label(ZONE_TARGET_STATUS_LABELS, data.zone.targetStatus)}
                      </Tag>
                      {data.zone.needsReview && (
                        <Typography.Text type="secondary">
                          {t('outfallMonitoring.zoneNeedsReview')}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'year',
            label: t('outfallMonitoring.last12Months'),
            children: (
              <span data-testid="exceeding-12m">
                {t('outfallMonitoring.exceedingOf', {
                  exceeding: data.exceedingLast12Months,
                  samples: data.samplesLast12Months,
                })}
              </span>
            ),
          },
          {
            key: 'chronic',
            label: t('outfallMonitoring.chronicFlag'),
            children: data.chronic ? (
              <Tag color="red">{t('monitoring.tabChronic')}</Tag>
            ) : (
              <Tag>{t('outfallMonitoring.notChronic')}</Tag>
            ),
          },
          {
            key: 'last',
            label: t('monitoring.col.lastSampledAt'),
            span: 2,
            children: data.lastSampledAt ? dateTime(data.lastSampledAt) : '—',
          },
        ]}
      />
      <Table<Latest>
        size="small"
        rowKey="indicator"
        columns={columns}
        dataSource={latest}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('outfallMonitoring.none')} />,
        }}
        data-testid="latest-readings"
      />
    </div>
  );
}
