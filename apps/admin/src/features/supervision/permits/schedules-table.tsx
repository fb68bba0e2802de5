import { MONITORING_FREQUENCY_LABELS, Permission } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Table, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useIndicators } from '../../monitoring/api';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { listSchedules, type Schedule } from './permits.api';
import { ScheduleFormModal } from './schedule-form-modal';

const PAGE_SIZE = 20;

/** Monitoring schedules (监测计划) of the outfalls in view, with edit for supervision configurators. */
export function SchedulesTable({
  divisionId,
  onOpenOutfall,
}: {
  divisionId?: string;
  onOpenOutfall(id: string): void;
}) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const indicators = useIndicators();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>();
  const [editing, setEditing] = useState<Schedule | undefined>();
  const apiSort = sort ?? 'outfallCode';
  const schedules = useQuery({
    queryKey: ['monitoring-schedules', { page, sort: apiSort, divisionId }],
    queryFn: ({ signal }) =>
      listSchedules({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: apiSort, divisionId }, signal),
    placeholderData: keepPreviousData,
  });
  if (schedules.error)
    return (
      <ApiErrorAlert
        error={schedules.error}
        title={t('common.loadError')}
        onRetry={() => void schedules.refetch()}
      />
    );
  return (
    <>
      <Table<Schedule>
        size="small"
        rowKey="id"
        loading={schedules.isFetching}
        dataSource={schedules.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('permits.schedules.empty')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: schedules.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={pageAndSort(setPage, setSort)}
        data-testid="schedules-table"
        columns={[
          {
            title: t('monitoring.col.outfall'),
            ...sortable(apiSort, 'outfallCode'),
            render: (_, row) => (
              <>
                <Typography.Link onClick={() => onOpenOutfall(row.outfallId)}>
                  {row.outfall.localCode}
                </Typography.Link>
                <Typography.Text type="secondary" className="cell-note">
                  {row.outfall.name}
                </Typography.Text>
              </>
            ),
          },
          { title: t('permits.schedules.unit'), key: 'unit', render: (_, row) => row.unit.name },
          {
            title: t('permits.findings.frequency'),
            width: 110,
            ...sortable(apiSort, 'frequency'),
            render: (_, row) => label(MONITORING_FREQUENCY_LABELS, row.frequency),
          },
          {
            title: t('permits.schedules.startOn'),
            width: 200,
            ...sortable(apiSort, 'startOn'),
            render: (_, row) => `${row.startOn} ～ ${row.endOn ?? t('permits.schedules.openEnded')}`,
          },
          {
            title: t('permits.findings.indicator'),
            key: 'indicators',
            render: (_, row) =>
              row.indicatorCodes.length
                ? row.indicatorCodes.map((code) => indicators.name(code)).join('、')
                : t('permits.findings.anySample'),
          },
          ...(can(Permission.SupervisionConfigure)
            ? [
                {
                  title: '',
                  key: 'edit',
                  width: 80,
                  render: (_: unknown, row: Schedule) => (
                    <Button type="link" onClick={() => setEditing(row)} data-testid="schedule-edit">
                      {t('permits.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ScheduleFormModal schedule={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
