import { PLAN_STATUS_LABELS, PlanStatus } from '@outfall/shared-types';
import { Empty, Table, Typography } from 'antd';
import type { Overdue, OverduePlan, UntracedOutfall } from '../api';
import { useI18n } from '../../../i18n/i18n-context';

const PAGE_SIZE = 10;

function Truncated({ total, shown }: { total: number; shown: number }) {
  const { t } = useI18n();
  return total > shown ? (
    <Typography.Text type="secondary" className="cell-note">
      {t('progress.overdueTruncated', { shown, total })}
    </Typography.Text>
  ) : null;
}

/**
 * The two overdue lists: plans past their deadline and not completed, and outfalls still not traced after their
 * scope group's tracing deadline. The API sends the totals and the first items; the pages are turned here.
 */
export function ProgressOverdue({ overdue }: { overdue: Overdue }) {
  const { t, label } = useI18n();
  // both lists name the outfall the same way and page the same way
  const outfallColumn = {
    title: t('monitoring.col.outfall'),
    key: 'outfall',
    render: (_: unknown, row: { localCode: string; name: string }) => (
      <>
        {row.localCode}
        <Typography.Text type="secondary" className="cell-note">
          {row.name}
        </Typography.Text>
      </>
    ),
  };
  const pagination = { pageSize: PAGE_SIZE, showSizeChanger: false, hideOnSinglePage: true };
  return (
    <>
      <Typography.Title level={5} data-testid="overdue-plans-title">
        {t('progress.overduePlans', { total: overdue.plans.total })}
      </Typography.Title>
      <Truncated total={overdue.plans.total} shown={overdue.plans.items.length} />
      <Table<OverduePlan>
        rowKey="id"
        size="small"
        dataSource={overdue.plans.items}
        pagination={pagination}
        locale={{ emptyText: <Empty description={t('progress.noOverduePlans')} /> }}
        columns={[
          outfallColumn,
          { title: t('outfalls.col.township'), dataIndex: 'township', width: 140 },
          { title: t('plan.responsibleUnit'), dataIndex: 'unit', width: 190 },
          {
            title: t('field.status'),
            dataIndex: 'status',
            width: 110,
            render: (status: string) =>
              Object.values<string>(PlanStatus).includes(status)
                ? label(PLAN_STATUS_LABELS, status as PlanStatus)
                : status,
          },
          { title: t('plan.deadline'), dataIndex: 'deadline', width: 120 },
          {
            title: t('progress.daysOverdue'),
            dataIndex: 'daysOverdue',
            width: 100,
            render: (days: number) => <Typography.Text type="danger">{days}</Typography.Text>,
          },
        ]}
        data-testid="overdue-plans-table"
      />
      <Typography.Title level={5} data-testid="untraced-title">
        {t('progress.untraced', { total: overdue.untraced.total })}
      </Typography.Title>
      <Truncated total={overdue.untraced.total} shown={overdue.untraced.items.length} />
      <Table<UntracedOutfall>
        rowKey="outfallId"
        size="small"
        dataSource={overdue.untraced.items}
        pagination={pagination}
        locale={{ emptyText: <Empty description={t('progress.noUntraced')} /> }}
        columns={[
          outfallColumn,
          { title: t('outfalls.col.township'), dataIndex: 'township', width: 140 },
          { title: t('progress.water'), dataIndex: 'water', width: 140 },
          { title: t('progress.tracingDeadline'), dataIndex: 'tracingDeadline', width: 140 },
        ]}
        data-testid="untraced-table"
      />
    </>
  );
}
