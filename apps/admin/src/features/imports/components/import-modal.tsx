import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { JOB_STATE_LABELS, JobState } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Modal,
  Progress,
  Radio,
  Space,
  Table,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { useEffect, useState } from 'react';
import { importResultOf } from '../api';
import { getJob, isFinished } from '../../jobs/api';
import { IMPORT_MODES, type ImportMode, type ImportRowError } from '../types';
import type { QueuedJob } from '../../jobs/types';
import { errorMessage } from '../../../i18n/error-message.util';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { byRow, spans } from './import-row-errors.util';

/** The API's limit; checked here too so a user does not wait for a 20 MB upload to be refused. */
const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv';
const POLL_MS = 1000;
/** The API reports at most this many problems per import. */
const MAX_REPORTED = 1000;

interface Props {
  /** The modal's title. */
  title: string;
  /** Queues the import of the file (the API refuses wrong types, empty and oversized files before queueing). */
  start(file: File, mode: ImportMode): Promise<QueuedJob>;
  /** Offers the template when the list has one. */
  downloadTemplate?: () => Promise<void>;
  /** Query keys to refresh once rows were written (a module constant: it is an effect dependency). */
  invalidates: readonly string[];
  onClose(): void;
}

/**
 * Spreadsheet import: pick an XLSX or CSV file and a mode, upload it, follow the queued job, then read the
 * tally and every rejected row (row number, column, reason) as the API reports them.
 */
export function ImportModal({ title, start, downloadTemplate, invalidates, onClose }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const upload = useMutation({
    mutationFn: () => start(file as File, mode),
    onError: (error) => setFileError(fieldErrorLines(error, i18n).get('file')?.join(' · ') ?? null),
  });
  const jobId = upload.data?.id;
  const job = useQuery({
    queryKey: ['jobs', 'one', jobId],
    queryFn: ({ signal }) => getJob(jobId ?? '', signal),
    enabled: !!jobId,
    refetchInterval: (query) => (isFinished(query.state.data?.state) ? false : POLL_MS),
  });
  const result = importResultOf(job.data);
  const committed = result?.committed === true;
  useEffect(() => {
    // rows were written: the lists behind the modal are stale
    if (committed) invalidates.forEach((key) => void queryClient.invalidateQueries({ queryKey: [key] }));
  }, [committed, invalidates, queryClient]);

  const pick = (picked: File) => {
    upload.reset();
    const name = picked.name.toLowerCase();
    if (!name.endsWith('.xlsx') && !name.endsWith('.csv')) setFileError(t('import.wrongType'));
    else if (picked.size > MAX_BYTES) setFileError(t('import.tooLarge'));
    else if (picked.size === 0) setFileError(t('import.emptyFile'));
    else setFileError(null);
    setFile(picked);
  };
  const again = () => {
    upload.reset();
    setFile(null);
    setFileError(null);
  };
  const template = async () => {
    try {
      await downloadTemplate?.();
    } catch (error) {
      void message.error(`${t('common.downloadFailed')}: ${errorMessage(error, i18n).title}`);
    }
  };

  const finished = isFinished(job.data?.state);
  const footer = jobId
    ? [
        <Button key="again" onClick={again} disabled={!finished} data-testid="import-again">
          {t('import.again')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="import-close">
          {t('common.close')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="start"
          type="primary"
          disabled={!file || !!fileError}
          loading={upload.isPending}
          onClick={() => upload.mutate()}
          data-testid="import-start"
        >
          {t('import.start')}
        </Button>,
      ];

  return (
    <Modal
      open
      width={720}
      title={title}
      onCancel={onClose}
      footer={footer}
      maskClosable={false}
      destroyOnHidden
      data-testid="import-modal"
    >
      {!jobId ? (
        <Form layout="vertical">
          <Alert
            type="info"
            showIcon
            className="form-alert"
            message={t('import.formats')}
            action={
              downloadTemplate && (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  onClick={() => void template()}
                  data-testid="import-template"
                >
                  {t('import.template')}
                </Button>
              )
            }
          />
          {upload.error && !fileError && <ApiErrorAlert error={upload.error} className="form-alert" />}
          <Form.Item
            label={t('import.file')}
            validateStatus={fileError ? 'error' : undefined}
            help={fileError ?? undefined}
          >
            <Upload.Dragger
              accept={ACCEPT}
              maxCount={1}
              fileList={
                file ? [{ uid: 'picked', name: file.name, status: fileError ? 'error' : 'done' }] : []
              }
              beforeUpload={(picked) => {
                pick(picked);
                // keep the file here: it is sent with the mode when the user starts the import
                return false;
              }}
              onRemove={() => {
                again();
                return true;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.drop')}</p>
            </Upload.Dragger>
          </Form.Item>
          <Form.Item label={t('import.mode')}>
            <Radio.Group
              value={mode}
              onChange={(event) => setMode(event.target.value as ImportMode)}
              data-testid="import-mode"
            >
              <Space direction="vertical">
                {IMPORT_MODES.map((value) => (
                  <Radio key={value} value={value}>
                    {t(`import.mode.${value}`)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        </Form>
      ) : (
        <ImportProgress
          state={job.data?.state}
          progress={job.data?.progress ?? 0}
          jobError={job.data?.error ?? null}
          loadError={job.error}
          result={result}
          fileName={file?.name ?? ''}
        />
      )}
    </Modal>
  );
}

interface ProgressProps {
  state: JobState | undefined;
  progress: number;
  jobError: string | null;
  loadError: unknown;
  result: ReturnType<typeof importResultOf>;
  fileName: string;
}

function ImportProgress({ state, progress, jobError, loadError, result, fileName }: ProgressProps) {
  const { t, label } = useI18n();
  if (loadError) return <ApiErrorAlert error={loadError} title={t('common.loadError')} />;
  if (state === JobState.Failed) {
    return (
      <Alert
        type="error"
        showIcon
        message={t('import.failed')}
        description={jobError}
        data-testid="import-failed"
      />
    );
  }
  const rowErrors = result ? byRow(result.errors) : [];
  const rowSpans = spans(rowErrors);
  const columns: TableColumnsType<ImportRowError> = [
    {
      title: t('import.col.row'),
      dataIndex: 'row',
      width: 80,
      // row 0: a problem with the file itself (a missing column), not with one row
      render: (row: number) => (row > 0 ? row : '—'),
      // every problem of a sheet row is listed; the row number spans them
      onCell: (_, index) => ({ rowSpan: index === undefined ? 1 : rowSpans[index] }),
    },
    { title: t('import.col.column'), dataIndex: 'field', width: 150 },
    { title: t('import.col.reason'), dataIndex: 'message' },
  ];
  return (
    <div data-testid="import-progress" data-state={state ?? 'waiting'}>
      <Space className="job-progress">
        <Typography.Text>{fileName}</Typography.Text>
        <Progress
          percent={Math.round(progress)}
          size="small"
          status={state === JobState.Completed ? 'success' : 'active'}
          className="job-progress-bar"
        />
        <Typography.Text type="secondary">{state ? label(JOB_STATE_LABELS, state) : '…'}</Typography.Text>
      </Space>
      {result && (
        <>
          <Alert
            className="section-alert"
            showIcon
            type={!result.committed ? 'error' : result.rejected > 0 ? 'warning' : 'success'}
            message={
              !result.committed
                ? t('import.notCommitted')
                : result.rejected > 0
                  ? t('import.partly')
                  : t('import.done')
            }
            data-testid="import-outcome"
          />
          <Descriptions
            size="small"
            bordered
            column={4}
            className="section-alert"
            data-testid="import-tally"
            items={[
              { key: 'rows', label: t('import.rows'), children: result.rows },
              { key: 'created', label: t('import.created'), children: result.created },
              { key: 'updated', label: t('import.updated'), children: result.updated },
              { key: 'rejected', label: t('import.rejected'), children: result.rejected },
            ]}
          />
          {result.errors.length >= MAX_REPORTED && (
            <Typography.Paragraph type="secondary">
              {t('import.errorsCapped', { count: MAX_REPORTED })}
            </Typography.Paragraph>
          )}
          {result.errors.length > 0 && (
            <Table<ImportRowError>
              size="small"
              rowKey={(error) => `${error.row}-${error.field}-${error.message}`}
              columns={columns}
              dataSource={rowErrors}
              pagination={false}
              scroll={{ y: 360 }}
              data-testid="import-errors"
            />
          )}
        </>
      )}
    </div>
  );
}
