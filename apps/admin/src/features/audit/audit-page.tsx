import { FileExcelOutlined } from '@ant-design/icons';
import { AUDIT_ACTION_LABELS, AuditAction } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Button, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { listAuditLogs, startAuditExport } from './api';
import type { AuditFilter, AuditLogRow } from './types';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { AuditFilterBar } from './components/audit-filter-bar';
import { DiffView } from './components/diff-view';
import { JobProgress } from '../jobs/components/job-progress';
import { entityTypeLabel } from '../../i18n/glossary';
import { useI18n } from '../../i18n/i18n-context';

const PAGE_SIZE = 20;
const ACTION_COLORS: Record<AuditAction, string> = {
  [AuditAction.Create]: 'green',
  [AuditAction.Update]: 'blue',
  [AuditAction.Delete]: 'red',
  [AuditAction.Ingest]: 'purple',
};

export function AuditPage() {
  const { t, tMaybe, label, dateTime, locale } = useI18n();
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<AuditFilter>({});
  const logs = useQuery({
    queryKey: ['audit', { page, ...filter }],
    queryFn: ({ signal }) =>
      listAuditLogs({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, ...filter }, signal),
    placeholderData: keepPreviousData,
  });
  const exporting = useMutation({ mutationFn: startAuditExport });

  const columns: TableColumnsType<AuditLogRow> = [
    { title: t('audit.time'), dataIndex: 'createdAt', width: 190, render: (iso: string) => dateTime(iso) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 200,
      render: (_, row) =>
        row.actorType === 'system' ? (
          t('audit.actorType.system')
        ) : (
          <>
            {row.actorName}
            <Typography.Text type="secondary" className="cell-note">
              {tMaybe(`audit.actorType.${row.actorType}`) ?? t('audit.actorType.user')}
            </Typography.Text>
          </>
        ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 90,
      render: (action: AuditAction) => (
        <Tag color={ACTION_COLORS[action]}>{label(AUDIT_ACTION_LABELS, action)}</Tag>
      ),
    },
    {
      title: t('audit.entity'),
      key: 'entity',
      width: 200,
      render: (_, row) => (
        <>
          {entityTypeLabel(row.entityType, locale)}
          <Typography.Text type="secondary" className="cell-note" copyable={{ text: row.entityId }}>
            {row.entityId.slice(0, 8)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('audit.changes'),
      key: 'diff',
      render: (_, row) => <DiffView action={row.action} diff={row.diff} entityType={row.entityType} />,
    },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <AuditFilterBar
        filter={filter}
        onChange={(next) => {
          setFilter(next);
          setPage(1);
        }}
      >
        <Button
          type="primary"
          icon={<FileExcelOutlined />}
          loading={exporting.isPending}
          onClick={() => exporting.mutate(filter)}
          data-testid="audit-export"
        >
          {t('audit.export')}
        </Button>
      </AuditFilterBar>
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
      {logs.error ? (
        <ApiErrorAlert error={logs.error} title={t('common.loadError')} onRetry={() => void logs.refetch()} />
      ) : (
        <Table<AuditLogRow>
          rowKey="id"
          columns={columns}
          dataSource={logs.data?.items}
          loading={logs.isFetching}
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: logs.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          data-testid="audit-table"
        />
      )}
    </>
  );
}
