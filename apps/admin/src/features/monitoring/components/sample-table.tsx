import { SAMPLE_SOURCE_LABELS, VALUE_QUALIFIER_LABELS, ValueQualifier } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { listSamples, type IndicatorLookup } from '../api';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import { SAMPLE_SORT_KEYS, type MonitoringFilter, type SampleRow, type SampleValue } from '../types';
import { MissingRequiredTag } from '../../supervision/signage/missing-required-tag';
import { useI18n } from '../../../i18n/i18n-context';
import { sortFor } from '../monitoring-url.util';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { ComplianceTag } from './compliance-tag';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { openableRow } from '../../../shared/utils/openable-row.util';

export const MONITORING_PAGE_SIZE = 20;

interface Props {
  filter: MonitoringFilter;
  page: number;
  sort?: string;
  lookups: DirectoryLookups;
  indicators: IndicatorLookup;
  onPage(page: number): void;
  onSort(sort: string | undefined): void;
  onOpen(outfallId: string): void;
}

/** Samples (监测记录), newest first by default; each row expands to its readings with their verdicts. */
export function SampleTable({ filter, page, sort, lookups, indicators, onPage, onSort, onOpen }: Props) {
  const { t, label, dateTime } = useI18n();
  const apiSort = sortFor(sort, SAMPLE_SORT_KEYS) ?? '-sampledAt';
  const samples = useQuery({
    queryKey: ['samples', 'list', { page, sort: apiSort, ...filter }],
    queryFn: ({ signal }) =>
      listSamples(
        { limit: MONITORING_PAGE_SIZE, offset: (page - 1) * MONITORING_PAGE_SIZE, sort: apiSort, ...filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<SampleRow> = [
    {
      title: t('monitoring.col.sampledAt'),
      dataIndex: 'sampledAt',
      width: 180,
      ...sortable(apiSort, 'sampledAt'),
      render: (value: string) => dateTime(value),
    },
    {
      title: t('monitoring.col.outfall'),
      key: 'outfall',
      render: (_, sample) => (
        <>
          <Typography.Link onClick={() => onOpen(sample.outfallId)} data-testid="sample-outfall">
            {sample.outfall.localCode}
          </Typography.Link>
          <Typography.Text type="secondary" className="cell-note">
            {sample.outfall.name}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('outfalls.col.water'),
      key: 'water',
      width: 100,
      render: (_, sample) => lookups.waterName(sample.outfall.waterBodyId),
    },
    {
      title: t('outfalls.col.township'),
      key: 'township',
      width: 112,
      render: (_, sample) => lookups.townshipName(sample.outfall.divisionId),
    },
    {
      title: t('monitoring.col.source'),
      dataIndex: 'source',
      width: 130,
      render: (source: SampleRow['source']) => label(SAMPLE_SOURCE_LABELS, source),
    },
    {
      title: t('monitoring.col.standard'),
      dataIndex: 'standardId',
      width: 150,
      render: (id: string | null) => id ?? '—',
    },
    {
      title: t('monitoring.col.result'),
      key: 'result',
      width: 160,
      render: (_, sample) => (
        <>
          {sample.exceeding ? (
            <Tag color="red" data-testid="sample-exceeding">
              {t('monitoring.exceedingCount', { count: sample.exceedingCount })}
            </Tag>
          ) : (
            <Tag color="green">{t('monitoring.compliant')}</Tag>
          )}
          <MissingRequiredTag codes={sample.missingIndicators} />
        </>
      ),
    },
  ];

  if (samples.error) {
    return (
      <ApiErrorAlert
        error={samples.error}
        title={t('common.loadError')}
        onRetry={() => void samples.refetch()}
      />
    );
  }
  return (
    <Table<SampleRow>
      rowKey="id"
      onRow={(sample) => openableRow(() => onOpen(sample.outfallId))}
      size="middle"
      columns={columns}
      dataSource={samples.data?.items}
      loading={samples.isFetching}
      locale={{ emptyText: <Empty description={t('monitoring.emptySamples')} /> }}
      onChange={pageAndSort<SampleRow>(onPage, onSort)}
      expandable={{
        expandedRowRender: (sample) => <Readings values={sample.values} indicators={indicators} />,
      }}
      pagination={{
        current: page,
        pageSize: MONITORING_PAGE_SIZE,
        total: samples.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="samples-table"
    />
  );
}

/** One sample's readings: value, limit, 达标 / 超标 and the multiple. */
function Readings({ values, indicators: names }: { values: SampleValue[]; indicators: IndicatorLookup }) {
  const { t, label, locale } = useI18n();
  const order = new Map(names.indicators.map((indicator, index) => [indicator.code, index]));
  const sorted = [...values].sort(
    (a, b) => (order.get(a.indicatorCode) ?? 99) - (order.get(b.indicatorCode) ?? 99),
  );
  const readingColumns: TableColumnsType<SampleValue> = [
    {
      title: t('monitoring.col.indicator'),
      dataIndex: 'indicatorCode',
      render: (code: string) => names.name(code),
    },
    {
      title: t('monitoring.col.value'),
      key: 'value',
      render: (_, value) => (
        <>
          {value.qualifier === ValueQualifier.BelowDetection
            ? t('monitoring.belowDetection', { limit: value.detectionLimit ?? value.value })
            : value.value}
          {names.unit(value.indicatorCode) && (
            <Typography.Text type="secondary"> {names.unit(value.indicatorCode)}</Typography.Text>
          )}
          {value.qualifier === ValueQualifier.Estimated && (
            <Tag className="demo-tag-compact">{label(VALUE_QUALIFIER_LABELS, value.qualifier)}</Tag>
          )}
        </>
      ),
    },
    {
      title: t('monitoring.col.limit'),
      dataIndex: 'limitText',
      render: (text: string | null, value) =>
        text ? (
          <span title={value.ruleSource ?? undefined}>{text}</span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('monitoring.col.verdict'),
      key: 'verdict',
      render: (_, value) => (
        <ComplianceTag
          compliant={value.compliant}
          limitText={value.limitText}
          multiple={value.compliant === false ? value.exceedanceMultiple : null}
          deviation={value.deviation}
          deviationDirection={value.deviationDirection}
          explanation={locale === 'en-US' ? value.explanationEn : value.explanationZh}
        />
      ),
    },
  ];
  return (
    <Table<SampleValue>
      size="small"
      rowKey="indicatorCode"
      columns={readingColumns}
      dataSource={sorted}
      pagination={false}
      data-testid="sample-readings"
    />
  );
}
