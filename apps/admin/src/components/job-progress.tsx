import { JOB_STATE_LABELS, JobState } from '@outfall/shared-types';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Progress, Space } from 'antd';
import { api, download } from '../api/client';
import type { JobRow } from '../api/types';
import { useI18n } from '../i18n/i18n';

/** Polls a queued job until it finishes, then offers its file. */
export function JobProgress({ jobId }: { jobId: string }) {
  const { t, label } = useI18n();
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => api<JobRow>('GET', `/api/v1/jobs/${jobId}`),
    refetchInterval: (q) => {
      const state = q.state.data?.state;
      return state === JobState.Completed || state === JobState.Failed ? false : 500;
    },
  });
  const data = job.data;
  if (!data) return null;
  if (data.state === JobState.Failed)
    return <Alert type="error" showIcon message={data.error ?? label(JOB_STATE_LABELS, data.state)} />;
  return (
    <Space data-testid="job-progress">
      <Progress
        percent={data.progress}
        size="small"
        style={{ width: 200 }}
        status={data.state === JobState.Completed ? 'success' : 'active'}
      />
      <span>{label(JOB_STATE_LABELS, data.state)}</span>
      {data.state === JobState.Completed && data.result?.['file'] != null && (
        <Button
          type="link"
          onClick={() => void download(`/api/v1/jobs/${data.id}/download`, `${data.name}.xlsx`)}
          data-testid="job-download"
        >
          {t('jobs.download')}
        </Button>
      )}
    </Space>
  );
}
