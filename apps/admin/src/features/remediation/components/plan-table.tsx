import { OUTFALL_CATEGORY_LABELS, PLAN_STATUS_LABELS, PlanStatus } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { listPlans } from '../api';
import type { DirectoryLookups } from '../../../shared/reference-data/reference-data';
import { PLAN_SORT_KEYS, type PlanFilter, type PlanRow } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import { sortFor } from '../../monitoring/monitoring-url.util';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { openableRow } from '../../../shared/utils/openable-row.util';

export const PLAN_PAGE_SIZE = 20;

const STATUS_COLORS: Record<PlanStatus, string> = {
  [PlanStatus.Draft]: 'default',
  [PlanStatus.Submitted]: 'processing',
  [PlanStatus.Approved]: 'cyan',
  [PlanStatus.InProgress]: 'blue',
  [PlanStatus.Completed]: 'gold',
  [PlanStatus.Verified]: 'green',
};

/** Today in Beijing, YYYY-MM-DD. */
export function beijingToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** Past its deadline (a Beijing day; due today is not overdue) and not completed yet. */
export function isOverdue(plan: Pick<PlanRow, 'deadline' | 'status'>): boolean {
  return (
    plan.deadline < beijingToday() &&
    plan.status !== PlanStatus.Completed &&
    plan.status !== PlanStatus.Verified
  );
}

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="plan-status">
      {label(PLAN_STATUS_LABELS, status)}
    </Tag>
  );
}

interface Props {
  filter: PlanFilter;
  page: number;
  sort?: string;
  lookups: DirectoryLookups;
  onPage(page: number): void;
  onSort(sort: string | undefined): void;
  onOpen(planId: string): void;
}

/** 一口一策 plans by deadline; overdue ones are highlighted. */
export function PlanTable({ filter, page, sort, lookups, onPage, onSort, onOpen }: Props) {
  const { t, label } = useI18n();
  const apiSort = sortFor(sort, PLAN_SORT_KEYS) ?? 'deadline';
  const plans = useQuery({
    queryKey: ['plans', 'list', { page, sort: apiSort, ...filter }],
    queryFn: ({ signal }) =>
      listPlans(
        { limit: PLAN_PAGE_SIZE, offset: (page - 1) * PLAN_PAGE_SIZE, sort: apiSort, ...filter },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
  const columns: TableColumnsType<PlanRow> = [
    {
      title: t('monitoring.col.outfall'),
      key: 'outfall',
      render: (_, plan) => (
        <>
          <Typography.Link onClick={() => onOpen(plan.id)} data-testid="plan-open">
            {plan.outfall.localCode}
          </Typography.Link>
          <Typography.Text type="secondary" className="cell-note">
            {plan.outfall.name}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('outfalls.col.category'),
      key: 'category',
      width: 150,
      render: (_, plan) => label(OUTFALL_CATEGORY_LABELS, plan.outfall.category),
    },
    {
      title: t('outfalls.col.township'),
      key: 'township',
      width: 110,
      render: (_, plan) => lookups.townshipName(plan.outfall.divisionId),
    },
    {
      title: t('plan.responsibleUnit'),
      key: 'unit',
      width: 190,
      render: (_, plan) => plan.responsibleUnit?.name,
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      width: 150,
      render: (status: PlanStatus) => <PlanStatusTag status={status} />,
    },
    {
      title: t('plan.deadline'),
      dataIndex: 'deadline',
      width: 150,
      ...sortable(apiSort, 'deadline'),
      render: (deadline: string, plan) => (
        <>
          {deadline}
          {isOverdue(plan) && (
            <Tag color="red" className="demo-tag-compact" data-testid="overdue-tag">
              {t('plan.overdue')}
            </Tag>
          )}
        </>
      ),
    },
  ];
  if (plans.error) {
    return (
      <ApiErrorAlert error={plans.error} title={t('common.loadError')} onRetry={() => void plans.refetch()} />
    );
  }
  return (
    <Table<PlanRow>
      rowKey="id"
      onRow={(plan) => openableRow(() => onOpen(plan.id))}
      size="middle"
      columns={columns}
      dataSource={plans.data?.items}
      loading={plans.isFetching}
      rowClassName={(plan) => (isOverdue(plan) ? 'row-overdue' : '')}
      locale={{ emptyText: <Empty description={t('remediation.emptyPlans')} /> }}
      onChange={pageAndSort<PlanRow>(onPage, onSort)}
      pagination={{
        current: page,
        pageSize: PLAN_PAGE_SIZE,
        total: plans.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => t('common.total', { total }),
      }}
      data-testid="plans-table"
    />
  );
}
