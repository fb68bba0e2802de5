import { JOB_STATE_LABELS, JobState, type Page } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Progress, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, download, query } from '../api/client';
import type { JobRow } from '../api/types';
import { LoadError } from '../components/load-error';
import { useI18n } from '../i18n/i18n';

const PAGE_SIZE = 20;
const STATE_COLORS: Record<JobState, string> = {
  waiting: 'default',
  active: 'processing',
  completed: 'success',
  failed: 'error',
};

export function JobsPage() {
  const { t, label } = useI18n();
  const [page, setPage] = useState(1);
  const jobs = useQuery({
    queryKey: ['jobs', page],
    queryFn: () =>
      api<Page<JobRow>>(
        'GET',
        `/api/v1/jobs${query({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort: '-createdAt' })}`,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 3000,
  });
  return (
    <>
      <Typography.Title level={3}>{t('jobs.title')}</Typography.Title>
      {jobs.error ? (
        <LoadError error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<JobRow>
          rowKey="id"
          dataSource={jobs.data?.items}
          loading={jobs.isPending}
          locale={{ emptyText: <Empty description={t('jobs.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: jobs.data?.total,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: t('jobs.name'), dataIndex: 'name' },
            {
              title: t('jobs.state'),
              dataIndex: 'state',
              render: (state: JobState, row) => (
                <Tag color={STATE_COLORS[state]} title={row.error ?? undefined}>
                  {label(JOB_STATE_LABELS, state)}
                </Tag>
              ),
            },
            {
              title: t('jobs.progress'),
              dataIndex: 'progress',
              render: (p: number) => <Progress percent={p} size="small" />,
            },
            {
              title: t('jobs.created'),
              dataIndex: 'createdAt',
              render: (iso: string) =>
                new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
            },
            {
              title: '',
              render: (_, row) =>
                row.state === JobState.Completed && row.result?.['file'] != null ? (
                  <Button
                    size="small"
                    onClick={() => void download(`/api/v1/jobs/${row.id}/download`, `${row.name}.xlsx`)}
                  >
                    {t('jobs.download')}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </>
  );
}
