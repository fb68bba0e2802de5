import { OUTFALL_CATEGORY_LABELS, SAMPLE_SOURCE_LABELS } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { listChronic, listExceedances, type IndicatorLookup } from '../api';
import { EXCEEDANCE_SORT_KEYS, type ChronicRow, type ExceedanceRow, type MonitoringFilter } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { sortFor } from '../monitoring-url.util';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { MONITORING_PAGE_SIZE } from './sample-table';
import { CaseOrigin } from '@outfall/shared-types';
import { OpenCaseButton } from '../../supervision/enforcement/open-case-button';
import { openableRow } from '../../../shared/utils/openable-row.util';

interface Props {
  filter: MonitoringFilter;
  page: number;
  sort?: string;
  indicators: IndicatorLookup;
  onPage(page: number): void;
  onSort(sort: string | undefined): void;
  onOpen(outfallId: string): void;
}

/** Exceeding readings (超标记录) with the limit applied and the multiple; the largest multiples first. */
export function ExceedanceTable({ filter, page, sort, indicators, onPage, onSort, onOpen }: Props) {
  const { t, label, dateTime, locale } = useI18n();
  const apiSort = sortFor(sort, EXCEEDANCE_SORT_KEYS) ?? '-exceedanceMultiple';
  const { exceeding: _ignored, ...rest } = filter;
  const rows = useQuery({
    queryKey: ['exceedances', 'list', { page, sort: apiSort, ...rest }],
    queryFn: ({ signal }) =>
      listExceedances(
        { limit: MONITORING_PAGE_SIZE, offset: (page - 1) * MONITORING_PAGE_SIZE, sort: apiSort, ...rest },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<ExceedanceRow> = [
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
      render: (_, row) => (
        <>
          <Typography.Link onClick={() => onOpen(row.outfallId)}>{row.outfallCode}</Typography.Link>
          <Typography.Text type="secondary" className="cell-note">
            {row.outfallName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('monitoring.col.indicator'),
      dataIndex: 'indicator',
      width: 120,
      render: (code: string) => indicators.name(code),
    },
    {
      title: t('monitoring.col.value'),
      dataIndex: 'value',
      width: 110,
      render: (value: number, row) =>
        `${value}${indicators.unit(row.indicator) ? ` ${indicators.unit(row.indicator)}` : ''}`,
    },
    {
      title: t('monitoring.col.limit'),
      dataIndex: 'limitText',
      width: 110,
      render: (text: string | null, row) => <span title={row.ruleSource ?? undefined}>{text ?? '—'}</span>,
    },
    {
      title: t('monitoring.col.multiple'),
      dataIndex: 'exceedanceMultiple',
      width: 120,
      ...sortable(apiSort, 'exceedanceMultiple'),
      render: (multiple: number | null, row) => (
        <>
          <Tag color="red" data-testid="exceedance-multiple">
            {multiple !== null
              ? t('monitoring.times', { value: multiple.toFixed(2) })
              : // pH: the deviation from the allowed range, not a multiple
                row.deviation != null && row.deviationDirection
                ? t(
                    row.deviationDirection === 'below'
                      ? 'monitoring.deviationBelow'
                      : 'monitoring.deviationAbove',
                    {
                      value: row.deviation,
                    },
                  )
                : '—'}
          </Tag>
          {(locale === 'en-US' ? row.explanationEn : row.explanationZh) && (
            <Typography.Text type="secondary" className="cell-note" data-testid="assessment-note">
              {locale === 'en-US' ? row.explanationEn : row.explanationZh}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('monitoring.col.source'),
      dataIndex: 'source',
      width: 130,
      render: (source: ExceedanceRow['source']) => label(SAMPLE_SOURCE_LABELS, source),
    },
    { title: t('monitoring.col.standard'), dataIndex: 'standardId', width: 150 },
    {
      key: 'enforcement',
      width: 110,
      render: (_, row) => (
        <OpenCaseButton
          preset={{
            origin: CaseOrigin.Exceedance,
            sampleId: row.sampleId,
            indicatorCode: row.indicator,
            label: `${row.outfallCode} ${row.outfallName} · ${indicators.name(row.indicator)} ${row.value}`,
          }}
        />
      ),
    },
  ];
  if (rows.error) {
    return (
      <ApiErrorAlert error={rows.error} title={t('common.loadError')} onRetry={() => void rows.refetch()} />
    );
  }
  return (
    <Table<ExceedanceRow>
      rowKey={(row) => `${row.sampleId}-${row.indicator}`}
      onRow={(row) => openableRow(() => onOpen(row.outfallId))}
      size="middle"
      columns={columns}
      dataSource={rows.data?.items}
      loading={rows.isFetching}
      locale={{ emptyText: <Empty description={t('monitoring.emptyExceedances')} /> }}
      onChange={pageAndSort<ExceedanceRow>(onPage, onSort)}
      pagination={{
        current: page,
        pageSize: MONITORING_PAGE_SIZE,
        total: rows.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="exceedances-table"
    />
  );
}

/** Outfalls with chronic exceedance (长期超标): most of their latest samples exceed. */
export function ChronicTable({
  filter,
  page,
  onPage,
  onOpen,
}: Pick<Props, 'filter' | 'page' | 'onPage' | 'onOpen'>) {
  const { t, label, dateTime } = useI18n();
  const { exceeding: _ignored, ...rest } = filter;
  const rows = useQuery({
    queryKey: ['exceedances', 'chronic', { page, ...rest }],
    queryFn: ({ signal }) =>
      listChronic(
        { limit: MONITORING_PAGE_SIZE, offset: (page - 1) * MONITORING_PAGE_SIZE, ...rest },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<ChronicRow> = [
    {
      title: t('monitoring.col.outfall'),
      key: 'outfall',
      render: (_, row) => (
        <>
          <Typography.Link onClick={() => onOpen(row.outfallId)}>{row.localCode}</Typography.Link>
          <Typography.Text type="secondary" className="cell-note">
            {row.name}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('outfalls.col.category'),
      dataIndex: 'category',
      width: 170,
      render: (category: ChronicRow['category']) => label(OUTFALL_CATEGORY_LABELS, category),
    },
    { title: t('outfalls.col.water'), dataIndex: 'waterName', width: 110 },
    { title: t('outfalls.col.township'), dataIndex: 'divisionName', width: 120 },
    {
      title: t('monitoring.col.recent'),
      key: 'recent',
      width: 170,
      render: (_, row) => (
        <Tag color="red" data-testid="chronic-count">
          {t('monitoring.recentExceeding', { exceeding: row.recentExceeding, samples: row.recentSamples })}
        </Tag>
      ),
    },
    {
      title: t('monitoring.col.lastSampledAt'),
      dataIndex: 'lastSampledAt',
      width: 180,
      render: (value: string | null) => dateTime(value),
    },
    {
      key: 'enforcement',
      width: 110,
      render: (_, row) => (
        <OpenCaseButton
          preset={{
            origin: CaseOrigin.Chronic,
            outfallId: row.outfallId,
            label: `${row.localCode} ${row.name}`,
          }}
        />
      ),
    },
  ];
  if (rows.error) {
    return (
      <ApiErrorAlert error={rows.error} title={t('common.loadError')} onRetry={() => void rows.refetch()} />
    );
  }
  return (
    <Table<ChronicRow>
      rowKey="outfallId"
      onRow={(row) => openableRow(() => onOpen(row.outfallId))}
      size="middle"
      columns={columns}
      dataSource={rows.data?.items}
      loading={rows.isFetching}
      locale={{ emptyText: <Empty description={t('monitoring.emptyChronic')} /> }}
      onChange={(pagination) => onPage(pagination.current ?? 1)}
      pagination={{
        current: page,
        pageSize: MONITORING_PAGE_SIZE,
        total: rows.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="chronic-table"
    />
  );
}
