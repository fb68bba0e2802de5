import { JOB_STATE_LABELS, JobState } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, Progress, Space, Typography } from 'antd';
import { getJob, hasFile, isFinished } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobDownloadButton } from './job-download-button';

const POLL_MS = 1000;

/** Polls a queued job until it completes or fails; then offers its file. */
export function JobProgress({ jobId }: { jobId: string }) {
  const { t, label } = useI18n();
  const job = useQuery({
    queryKey: ['jobs', 'one', jobId],
    queryFn: ({ signal }) => getJob(jobId, signal),
    refetchInterval: (query) => (isFinished(query.state.data?.state) ? false : POLL_MS),
  });
  if (job.error) return <ApiErrorAlert error={job.error} onRetry={() => void job.refetch()} />;
  const data = job.data;
  if (!data) return null;
  if (data.state === JobState.Failed) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('jobs.failed')}
        description={data.error}
        data-testid="job-failed"
      />
    );
  }
  const done = data.state === JobState.Completed;
  return (
    <Space className="job-progress" data-testid="job-progress" data-state={data.state}>
      <Progress
        percent={Math.round(data.progress)}
        size="small"
        status={done ? 'success' : 'active'}
        className="job-progress-bar"
      />
      <Typography.Text type="secondary">{label(JOB_STATE_LABELS, data.state)}</Typography.Text>
      {hasFile(data) && <JobDownloadButton job={data} testId="job-download" />}
    </Space>
  );
}
