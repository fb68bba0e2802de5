import { JOB_STATE_LABELS, JobState } from '@outfall/shared-types';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Empty, Progress, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { hasFile, isFinished, listJobs } from './api';
import type { JobRow } from './types';
import { ApiErrorAlert } from '../../shared/ui/api-error-alert';
import { JobDownloadButton } from './components/job-download-button';
import { useI18n } from '../../i18n/i18n-context';

const PAGE_SIZE = 20;
const POLL_MS = 3000;
const STATE_COLORS: Record<JobState, string> = {
  [JobState.Waiting]: 'default',
  [JobState.Active]: 'processing',
  [JobState.Completed]: 'success',
  [JobState.Failed]: 'error',
};

/** The signed-in account's recent background jobs (exports and the like). */
export function JobsPage() {
  const { t, tMaybe, label, dateTime } = useI18n();
  const [page, setPage] = useState(1);
  const jobs = useQuery({
    queryKey: ['jobs', 'list', { page }],
    queryFn: ({ signal }) => listJobs({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    // keep polling while something on the page is still running
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => !isFinished(job.state)) ? POLL_MS : false,
  });

  const columns: TableColumnsType<JobRow> = [
    {
      title: t('jobs.name'),
      dataIndex: 'name',
      render: (name: string) => tMaybe(`jobs.name.${name}`) ?? name,
    },
    {
      title: t('jobs.state'),
      dataIndex: 'state',
      width: 110,
      render: (state: JobState, job) => (
        <Tag color={STATE_COLORS[state]} title={job.error ?? undefined}>
          {label(JOB_STATE_LABELS, state)}
        </Tag>
      ),
    },
    {
      title: t('jobs.progress'),
      dataIndex: 'progress',
      width: 200,
      render: (progress: number, job) => (
        <Progress
          percent={Math.round(progress)}
          size="small"
          status={
            job.state === JobState.Failed
              ? 'exception'
              : job.state === JobState.Completed
                ? 'success'
                : 'active'
          }
        />
      ),
    },
    {
      title: t('jobs.createdAt'),
      dataIndex: 'createdAt',
      width: 190,
      render: (iso: string) => dateTime(iso),
    },
    {
      title: t('jobs.finishedAt'),
      dataIndex: 'finishedAt',
      width: 190,
      render: (iso: string | null) => dateTime(iso),
    },
    {
      title: '',
      key: 'download',
      width: 140,
      render: (_, job) => hasFile(job) && <JobDownloadButton job={job} />,
    },
  ];

  return (
    <>
      <Typography.Title level={3}>{t('jobs.title')}</Typography.Title>
      {jobs.error ? (
        <ApiErrorAlert error={jobs.error} title={t('common.loadError')} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<JobRow>
          rowKey="id"
          columns={columns}
          dataSource={jobs.data?.items}
          loading={jobs.isPending}
          locale={{ emptyText: <Empty description={t('jobs.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: jobs.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          data-testid="jobs-table"
        />
      )}
    </>
  );
}
