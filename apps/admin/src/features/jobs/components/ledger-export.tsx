import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button, Dropdown } from 'antd';
import type { QueuedJob } from '../types';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobProgress } from './job-progress';

interface Props<K extends string> {
  label: string;
  kinds: readonly { kind: K; label: string }[];
  /** Queues the ledger of this kind (with the page's filters). */
  start(kind: K): Promise<QueuedJob>;
  testId: string;
}

/** A menu of XLSX ledgers to export; the queued job's progress and download follow below the page header. */
export function useLedgerExport<K extends string>({ label, kinds, start, testId }: Props<K>) {
  const exporting = useMutation({ mutationFn: start });
  const button = (
    <Dropdown
      trigger={['click']}
      menu={{
        items: kinds.map(({ kind, label: text }) => ({
          key: kind,
          label: <span data-testid={`${testId}-${kind}`}>{text}</span>,
        })),
        onClick: ({ key }) => exporting.mutate(key as K),
      }}
    >
      <Button icon={<FileExcelOutlined />} loading={exporting.isPending} data-testid={testId}>
        {label} <DownOutlined />
      </Button>
    </Dropdown>
  );
  const progress = (
    <>
      {exporting.error && <ApiErrorAlert error={exporting.error} className="section-alert" />}
      {exporting.data && (
        <div className="section-alert">
          <JobProgress key={exporting.data.id} jobId={exporting.data.id} />
        </div>
      )}
    </>
  );
  return { button, progress };
}
