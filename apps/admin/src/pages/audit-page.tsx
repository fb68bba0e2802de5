import { AUDIT_ACTION_LABELS, AuditAction, type Page } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, query } from '../api/client';
import type { AuditRow, JobRow } from '../api/types';
import { JobProgress } from '../components/job-progress';
import { LoadError } from '../components/load-error';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const ENTITY_TYPES = ['division', 'unit', 'user', 'api_key'];
const ACTION_COLORS: Record<AuditAction, string> = { create: 'green', update: 'blue', delete: 'red' };

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function describeDiff(diff: AuditRow['diff']): string {
  if (!diff) return '';
  return Object.entries(diff)
    .slice(0, 6)
    .map(([field, change]) => `${field}: ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`)
    .join('；');
}

export function AuditPage() {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const [entityType, setEntityType] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [exportJob, setExportJob] = useState<string | null>(null);
  const filter = {
    entityType,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
  const logs = useQuery({
    queryKey: ['audit', page, filter],
    queryFn: () =>
      api<Page<AuditRow>>(
        'GET',
        `/api/v1/audit-logs${query({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: '-occurredAt' })}`,
      ),
    placeholderData: keepPreviousData,
  });

  const startExport = async () => {
    const job = await api<JobRow>(
      'POST',
      '/api/v1/audit-logs/exports',
      Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
    );
    setExportJob(job.id);
  };

  return (
    <>
      <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      <Space className="toolbar" wrap>
        <Select
          allowClear
          placeholder={t('audit.entityType')}
          style={{ width: 180 }}
          value={entityType}
          onChange={(value: string | undefined) => {
            setEntityType(value);
            setPage(1);
          }}
          options={ENTITY_TYPES.map((value) => ({ value, label: value }))}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(value) => {
            setRange(value);
            setPage(1);
          }}
        />
        <Button type="primary" onClick={() => void startExport()} data-testid="audit-export">
          {t('audit.export')}
        </Button>
        {exportJob && <JobProgress jobId={exportJob} />}
      </Space>
      {logs.error ? (
        <LoadError error={logs.error} onRetry={() => void logs.refetch()} />
      ) : (
        <Table<AuditRow>
          rowKey="id"
          data-testid="audit-table"
          loading={logs.isFetching}
          dataSource={logs.data?.items}
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: logs.data?.total,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          columns={[
            { title: t('audit.time'), dataIndex: 'occurredAt', width: 180, render: formatTime },
            { title: t('audit.actor'), dataIndex: 'actorName', width: 200 },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 90,
              render: (action: AuditAction) => (
                <Tag color={ACTION_COLORS[action]}>{label(AUDIT_ACTION_LABELS, action)}</Tag>
              ),
            },
            { title: t('audit.entity'), width: 120, render: (_, row) => row.entityType },
            {
              title: t('audit.changes'),
              render: (_, row) => <span className="diff">{describeDiff(row.diff)}</span>,
            },
          ]}
        />
      )}
    </>
  );
}
