import { MONITORING_FREQUENCY_LABELS } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Table, Typography, type TableColumnsType } from 'antd';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FindingTags } from './permit-tags';
import { listFindings, type Finding, type FindingFilter } from './permits.api';

export const FINDINGS_PAGE_SIZE = 20;

interface Props {
  filter: FindingFilter & { permitId?: string };
  page: number;
  sort?: string;
  onPage(page: number): void;
  onSort?(sort: string | undefined): void;
  onOpenOutfall?(id: string): void;
  compact?: boolean;
}

/** Missing-data findings: one row per duty or schedule period without its sample. */
export function FindingsTable({ filter, page, sort, onPage, onSort, onOpenOutfall, compact }: Props) {
  const { t, label, dateTime } = useI18n();
  const apiSort = sort ?? '-periodEnd';
  const findings = useQuery({
    queryKey: ['monitoring-findings', { page, sort: apiSort, ...filter }],
    queryFn: ({ signal }) =>
      listFindings(
        { limit: FINDINGS_PAGE_SIZE, offset: (page - 1) * FINDINGS_PAGE_SIZE, sort: apiSort, ...filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  if (findings.error)
    return (
      <ApiErrorAlert
        error={findings.error}
        title={t('common.loadError')}
        onRetry={() => void findings.refetch()}
      />
    );
  const columns: TableColumnsType<Finding> = [
    {
      title: t('permits.findings.kind'),
      key: 'kind',
      width: 210,
      render: (_, row) => <FindingTags kind={row.kind} status={row.status} />,
    },
    {
      title: t('monitoring.col.outfall'),
      ...sortable(apiSort, 'outfallCode'),
      render: (_, row) => (
        <>
          {onOpenOutfall ? (
            <Typography.Link onClick={() => onOpenOutfall(row.outfallId)} data-testid="finding-outfall">
              {row.outfallCode}
            </Typography.Link>
          ) : (
            row.outfallCode
          )}
          <Typography.Text type="secondary" className="cell-note">
            {row.outfallName}
          </Typography.Text>
        </>
      ),
    },
    ...(compact
      ? []
      : [
          {
            title: t('outfalls.col.township'),
            dataIndex: 'divisionName',
            width: 110,
            ...sortable(apiSort, 'township'),
          },
        ]),
    {
      title: t('permits.findings.source'),
      key: 'source',
      render: (_, row) =>
        row.permitNumber ? (
          <>
            {row.entityName}
            <Typography.Text type="secondary" className="cell-note">
              {row.permitNumber} {row.outletCode}
            </Typography.Text>
          </>
        ) : (
          <>
            {t('permits.findings.unit')}：{row.unitName}
          </>
        ),
    },
    {
      title: t('permits.findings.indicator'),
      width: 110,
      ...sortable(apiSort, 'indicator'),
      render: (_, row) => row.indicatorName ?? row.indicatorCode ?? t('permits.findings.anySample'),
    },
    {
      title: t('permits.findings.period'),
      width: 170,
      ...sortable(apiSort, 'periodEnd'),
      render: (_, row) => (
        <span data-testid="finding-period">
          {row.period}
          <Typography.Text type="secondary" className="cell-note">
            {label(MONITORING_FREQUENCY_LABELS, row.frequency)} · {row.periodStart}～{row.periodEnd}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('permits.findings.due'),
      key: 'due',
      width: 150,
      render: (_, row) => (
        <>
          {row.dueOn}
          {row.receivedAt && (
            <Typography.Text type="secondary" className="cell-note">
              {t('permits.findings.received')} {dateTime(row.receivedAt)}
            </Typography.Text>
          )}
        </>
      ),
    },
  ];
  return (
    <Table<Finding>
      size="small"
      rowKey="id"
      loading={findings.isFetching}
      dataSource={findings.data?.items ?? []}
      columns={columns}
      locale={{ emptyText: <Empty description={t('permits.findings.empty')} /> }}
      pagination={{
        current: page,
        pageSize: FINDINGS_PAGE_SIZE,
        total: findings.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      onChange={pageAndSort(onPage, onSort ?? (() => undefined))}
      data-testid="findings-table"
    />
  );
}
