import { useQuery } from '@tanstack/react-query';
import { Empty, Segmented, Table, Typography } from 'antd';
import { overdueBy } from '../api';
import type { OverdueGroup } from '../types';
import { useI18n } from '../../../i18n/i18n-context';
import type { OverdueGrouping } from '../remediation-url.util';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';

interface Props {
  by: OverdueGrouping;
  onBy(by: OverdueGrouping): void;
  /** Shows the overdue plans of one unit or township in the plan list. */
  onShow(by: OverdueGrouping, id: string): void;
}

/** Overdue plans counted per responsible unit or per township, with the open ones for scale. */
export function OverdueSummary({ by, onBy, onShow }: Props) {
  const { t } = useI18n();
  const groups = useQuery({
    queryKey: ['plans', 'overdue', by],
    queryFn: ({ signal }) => overdueBy(by, signal),
  });
  return (
    <>
      <Segmented<OverdueGrouping>
        className="toolbar"
        value={by}
        onChange={onBy}
        options={[
          { value: 'unit', label: t('overdue.byUnit') },
          { value: 'township', label: t('overdue.byTownship') },
        ]}
        data-testid="overdue-by"
      />
      {groups.error ? (
        <ApiErrorAlert
          error={groups.error}
          title={t('common.loadError')}
          onRetry={() => void groups.refetch()}
        />
      ) : (
        <Table<OverdueGroup>
          rowKey="id"
          size="middle"
          loading={groups.isFetching}
          dataSource={groups.data}
          pagination={false}
          locale={{ emptyText: <Empty description={t('overdue.none')} /> }}
          columns={[
            {
              title: by === 'unit' ? t('plan.responsibleUnit') : t('outfalls.col.township'),
              dataIndex: 'name',
              render: (name: string, group) => (
                <Typography.Link onClick={() => onShow(by, group.id)}>{name}</Typography.Link>
              ),
            },
            {
              title: t('overdue.overdue'),
              dataIndex: 'overdue',
              width: 140,
              render: (count: number) => <Typography.Text type="danger">{count}</Typography.Text>,
            },
            { title: t('overdue.open'), dataIndex: 'open', width: 140 },
          ]}
          data-testid="overdue-table"
        />
      )}
    </>
  );
}
