import { DownOutlined, FileTextOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { JobState, Permission } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Dropdown,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { getJob } from '../../jobs/api';
import {
  catchUpSnapshots,
  closeQuarter,
  listQuarters,
  listSnapshots,
  recomputeSnapshot,
  startDispatchReport,
  type ReportFormat,
  type SnapshotRow,
} from '../api';
import type { QueuedJob } from '../../jobs/types';
import { placeFieldErrors, needsFormAlert } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { JobProgress } from '../../jobs/components/job-progress';
import { SnapshotDrawer } from './snapshot-drawer';
import { DispatchReportLink } from '../dispatch-report/dispatch-report-link';

export const SNAPSHOT_PAGE_SIZE = 20;

/** Refreshes the snapshot list once a queued snapshot job has finished (JobProgress polls the same query). */
function SnapshotJobWatcher({ jobId }: { jobId: string }) {
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['jobs', 'one', jobId],
    queryFn: ({ signal }) => getJob(jobId, signal),
    refetchInterval: (query) =>
      query.state.data?.state === JobState.Completed || query.state.data?.state === JobState.Failed
        ? false
        : 1000,
  });
  const state = job.data?.state;
  useEffect(() => {
    if (state === JobState.Completed)
      void queryClient.invalidateQueries({ queryKey: ['progress', 'snapshots'] });
  }, [state, queryClient]);
  return null;
}

/** The dispatch report of a snapshot, as XLSX or printable HTML. */
function ReportButton({ onStart, busy }: { onStart(format: ReportFormat): void; busy: boolean }) {
  const { t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: <span data-testid="report-xlsx">{t('progress.reportXlsx')}</span> },
          { key: 'html', label: <span data-testid="report-html">{t('progress.reportHtml')}</span> },
        ],
        onClick: ({ key }) => onStart(key as ReportFormat),
      }}
    >
      <Button size="small" icon={<FileTextOutlined />} loading={busy} data-testid="report">
        {t('progress.report')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

interface RecomputeValues {
  quarter: string;
  reason: string;
}

const RECOMPUTE_FIELDS = ['quarter', 'reason'] as const;

function RecomputeModal({
  quarter,
  onClose,
  onQueued,
}: {
  quarter: string;
  onClose(): void;
  onQueued(job: QueuedJob): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<RecomputeValues>();
  const save = useMutation({
    mutationFn: (values: RecomputeValues) => recomputeSnapshot(values.quarter.trim(), values.reason.trim()),
    onSuccess: onQueued,
    onError: (error) => placeFieldErrors(form, error, RECOMPUTE_FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={t('progress.recomputeTitle')}
      okText={t('progress.recompute')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="recompute-modal"
    >
      <Typography.Paragraph type="secondary">{t('progress.recomputeHint')}</Typography.Paragraph>
      {needsFormAlert(save.error, RECOMPUTE_FIELDS) && (
        <ApiErrorAlert error={save.error} className="form-alert" />
      )}
      <Form<RecomputeValues>
        form={form}
        name="recompute"
        layout="vertical"
        initialValues={{ quarter, reason: '' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="quarter"
          label={t('progress.quarter')}
          rules={[{ required: true, pattern: /^\d{4}Q[1-4]$/, message: t('progress.quarterFormat') }]}
        >
          <Input placeholder="2024Q4" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('progress.reason')}
          rules={[
            { required: true, whitespace: true, message: t('progress.reasonRequired') },
            { max: 500, message: t('liaison.tooLong', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/**
 * 季度关账: the ended quarters not closed yet, and for the eco branch (approve) the close that freezes one.
 * Quarters are never frozen from a half-loaded database; a quarter ended while live closes itself later.
 */
function QuarterClose({ onQueued }: { onQueued(job: QueuedJob): void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const quarters = useQuery({
    queryKey: ['progress', 'snapshots', 'quarters'],
    queryFn: ({ signal }) => listQuarters(signal),
  });
  const open = (quarters.data ?? []).filter((q) => !q.closed);
  const [chosen, setChosen] = useState<string | undefined>();
  const quarter = chosen && open.some((q) => q.quarter === chosen) ? chosen : open[0]?.quarter;
  const close = useMutation({
    mutationFn: closeQuarter,
    onSuccess: (result) => {
      if (result.job) onQueued(result.job);
      void queryClient.invalidateQueries({ queryKey: ['progress', 'snapshots'] });
    },
  });
  if (!quarters.data) return null;
  const selected = open.find((q) => q.quarter === quarter);
  return (
    <div className="section-alert" data-testid="quarter-close">
      <Space wrap>
        <Typography.Text strong>{t('progress.quarters')}</Typography.Text>
        <Typography.Text type="secondary" data-testid="quarter-open-count">
          {open.length
            ? t('progress.quarterOpenCount', { count: open.length })
            : t('progress.quarterAllClosed')}
        </Typography.Text>
        {open.length > 0 && can(Permission.Approve) && (
          <>
            <Select
              size="small"
              value={quarter}
              onChange={setChosen}
              style={{ width: 110 }}
              options={open.map((q) => ({ value: q.quarter, label: q.quarter }))}
              data-testid="quarter-select"
            />
            {selected && (
              <Typography.Text type="secondary">
                {selected.autoCloseOn
                  ? t('progress.autoCloseOn', { day: selected.autoCloseOn })
                  : t('progress.cityCloses')}
              </Typography.Text>
            )}
            <Popconfirm
              title={t('progress.closeQuarterConfirm', { quarter: quarter ?? '' })}
              okText={t('progress.closeQuarter')}
              cancelText={t('common.cancel')}
              onConfirm={() => quarter && close.mutate(quarter)}
            >
              <Button
                size="small"
                type="primary"
                loading={close.isPending}
                data-testid="quarter-close-button"
              >
                {t('progress.closeQuarter')}
              </Button>
            </Popconfirm>
          </>
        )}
      </Space>
      {close.error && <ApiErrorAlert error={close.error} className="section-alert" />}
    </div>
  );
}

interface Props {
  page: number;
  all: boolean;
  open?: string;
  onPage(page: number): void;
  onAll(all: boolean): void;
  onOpen(id: string | undefined): void;
}

/**
 * 季度快照: the frozen quarters (newest first), their figures in a drawer, the dispatch report for city-wide
 * accounts, and for progress managers the catch-up ("create") and the forced recompute.
 */
export function SnapshotList({ page, all, open, onPage, onAll, onOpen }: Props) {
  const { t, dateTime } = useI18n();
  const { message } = App.useApp();
  const { me, can } = useAuth();
  const manage = can(Permission.ProgressManage);
  const cityWide = me?.jurisdiction.cityWide ?? false;
  const [recomputing, setRecomputing] = useState<string | null>(null);
  const [snapshotJobs, setSnapshotJobs] = useState<QueuedJob[]>([]);
  const snapshots = useQuery({
    queryKey: ['progress', 'snapshots', { page, all }],
    queryFn: ({ signal }) =>
      listSnapshots({ limit: SNAPSHOT_PAGE_SIZE, offset: (page - 1) * SNAPSHOT_PAGE_SIZE, all }, signal),
    placeholderData: keepPreviousData,
  });
  const catchUp = useMutation({
    mutationFn: catchUpSnapshots,
    onSuccess: (jobs) => {
      if (!jobs.length) void message.info(t('progress.nothingToCreate'));
      setSnapshotJobs(jobs);
    },
  });
  const report = useMutation({
    mutationFn: ({ id, format }: { id: string; format: ReportFormat }) => startDispatchReport(id, format),
  });
  const reportButton = (id: string) => (
    <Space size="small">
      <ReportButton
        busy={report.isPending && report.variables.id === id}
        onStart={(format) => report.mutate({ id, format })}
      />
      <DispatchReportLink snapshotId={id} />
    </Space>
  );

  // only once queued: a second report replaces the first one's progress
  const reportProgress = report.isSuccess && (
    <div className="section-alert" data-testid="report-job" data-format={report.variables.format}>
      <JobProgress key={report.data.id} jobId={report.data.id} />
    </div>
  );

  return (
    <>
      <div className="toolbar progress-toolbar">
        <Space>
          <Switch checked={all} onChange={onAll} data-testid="snapshots-all" />
          <Typography.Text>{t('progress.showSuperseded')}</Typography.Text>
        </Space>
        {manage && (
          <Space>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              loading={catchUp.isPending}
              onClick={() => catchUp.mutate()}
              data-testid="snapshot-create"
            >
              {t('progress.createSnapshot')}
            </Button>
          </Space>
        )}
      </div>
      <QuarterClose onQueued={(job) => setSnapshotJobs([job])} />
      {catchUp.error && <ApiErrorAlert error={catchUp.error} className="section-alert" />}
      {report.error && <ApiErrorAlert error={report.error} className="section-alert" />}
      {snapshotJobs.map((job) => (
        <div className="section-alert" key={job.id}>
          <SnapshotJobWatcher jobId={job.id} />
          <JobProgress jobId={job.id} />
        </div>
      ))}
      {!open && reportProgress}
      {snapshots.error ? (
        <ApiErrorAlert
          error={snapshots.error}
          title={t('common.loadError')}
          onRetry={() => void snapshots.refetch()}
        />
      ) : (
        <Table<SnapshotRow>
          rowKey="id"
          size="middle"
          dataSource={snapshots.data?.items}
          loading={snapshots.isFetching}
          locale={{ emptyText: <Empty description={t('progress.noSnapshots')} /> }}
          onChange={(pagination, _filters, _sorter, extra) => {
            if (extra.action === 'paginate') onPage(pagination.current ?? 1);
          }}
          pagination={{
            current: page,
            pageSize: SNAPSHOT_PAGE_SIZE,
            total: snapshots.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
          }}
          columns={[
            {
              title: t('progress.quarter'),
              dataIndex: 'quarter',
              width: 110,
              render: (quarter: string, row) => (
                <Typography.Link onClick={() => onOpen(row.id)} data-testid="snapshot-open">
                  {quarter}
                </Typography.Link>
              ),
            },
            { title: t('progress.asOf'), dataIndex: 'asOf', width: 120 },
            { title: t('progress.version'), dataIndex: 'version', width: 80 },
            {
              title: t('field.status'),
              dataIndex: 'current',
              width: 100,
              render: (current: boolean) => (
                <Tag color={current ? 'green' : 'default'} data-testid="snapshot-status">
                  {current ? t('progress.current') : t('progress.superseded')}
                </Tag>
              ),
            },
            { title: t('progress.createdBy'), dataIndex: 'createdBy', width: 140 },
            {
              title: t('progress.createdAt'),
              dataIndex: 'createdAt',
              width: 170,
              render: (at: string) => dateTime(at),
            },
            {
              title: t('progress.reason'),
              dataIndex: 'reason',
              render: (reason: string | null) => reason ?? '—',
            },
            {
              title: t('progress.actions'),
              key: 'actions',
              width: 330,
              render: (_, row) => (
                <Space size="small">
                  {cityWide && reportButton(row.id)}
                  {manage && row.current && (
                    <Button
                      size="small"
                      icon={<ReloadOutlined />}
                      onClick={() => setRecomputing(row.quarter)}
                      data-testid="snapshot-recompute"
                    >
                      {t('progress.recompute')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
          data-testid="snapshots-table"
        />
      )}
      {open && (
        <SnapshotDrawer
          id={open}
          onClose={() => onOpen(undefined)}
          extra={cityWide ? reportButton : undefined}
          notice={reportProgress}
        />
      )}
      {recomputing && (
        <RecomputeModal
          quarter={recomputing}
          onClose={() => setRecomputing(null)}
          onQueued={(job) => {
            setRecomputing(null);
            setSnapshotJobs([job]);
          }}
        />
      )}
    </>
  );
}
