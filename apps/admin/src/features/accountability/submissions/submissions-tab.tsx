import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Permission,
  SUBMISSION_CELL_LABELS,
  SUBMISSION_STATUS_LABELS,
  SubmissionCell,
  SubmissionStatus,
} from '@outfall/shared-types';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { pageAndSort, sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import type { MessageKey } from '../../../i18n/zh-cn';
import { FileUpload } from './file-upload';
import {
  getMatrix,
  listSubmissions,
  reviewSubmission,
  submitQuarterly,
  type Figures,
  type SubmissionRow,
  type SubmitInput,
} from './submissions.api';
import { showFieldErrors } from './use-field-errors';

const PAGE = 20;
const FIGURES: (keyof Figures)[] = [
  'investigated',
  'traced',
  'plansSubmitted',
  'remediated',
  'verified',
  'patrols',
];
const CELL_COLORS: Record<SubmissionCell, string> = {
  [SubmissionCell.OnTime]: 'green',
  [SubmissionCell.Late]: 'orange',
  [SubmissionCell.Missing]: 'red',
  [SubmissionCell.Pending]: 'default',
};

function SubmitModal({
  quarter,
  existing,
  onClose,
}: {
  quarter: string;
  existing?: SubmissionRow;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const [form] = Form.useForm<SubmitInput>();
  const [fileIds, setFileIds] = useState<string[]>(existing?.fileIds ?? []);
  const [alert, setAlert] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: submitQuarterly,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accountability', 'submissions'] });
      onClose();
    },
    onError: (error) =>
      setAlert(
        showFieldErrors(
          form,
          error,
          ['figures', 'progress', 'problems', 'nextSteps', 'liaisonName', 'liaisonPhone'],
          locale,
        )
          ? null
          : error,
      ),
  });
  const required = (key: MessageKey) => [
    { required: true, message: t('submissions.required', { field: t(key) }) },
  ];
  return (
    <Modal
      open
      width={720}
      title={`${t('submissions.submit.new')} ${quarter}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.isPending}
      okButtonProps={{ 'data-testid': 'submission-ok' } as Record<string, string>}
    >
      {alert ? <ApiErrorAlert error={alert} className="section-alert" /> : null}
      <Form<SubmitInput>
        form={form}
        layout="vertical"
        initialValues={
          existing ?? {
            figures: {
              investigated: 0,
              traced: 0,
              plansSubmitted: 0,
              remediated: 0,
              verified: 0,
              patrols: 0,
            },
            liaisonName: me?.displayName.replace(/（演示）$/, ''),
          }
        }
        onFinish={(v) => submit.mutate({ ...v, quarter, fileIds, version: existing?.version })}
      >
        <Space wrap>
          {FIGURES.map((f) => (
            <Form.Item
              key={f}
              name={['figures', f]}
              label={t(`submissions.figures.${f}`)}
              rules={required(`submissions.figures.${f}`)}
            >
              <InputNumber min={0} precision={0} data-testid={`submission-${f}`} />
            </Form.Item>
          ))}
        </Space>
        <Form.Item name="progress" label={t('submissions.progress')} rules={required('submissions.progress')}>
          <Input.TextArea rows={3} data-testid="submission-progress" />
        </Form.Item>
        <Form.Item name="problems" label={t('submissions.problems')} rules={required('submissions.problems')}>
          <Input.TextArea rows={2} data-testid="submission-problems" />
        </Form.Item>
        <Form.Item
          name="nextSteps"
          label={t('submissions.nextSteps')}
          rules={required('submissions.nextSteps')}
        >
          <Input.TextArea rows={2} data-testid="submission-next" />
        </Form.Item>
        <Space>
          <Form.Item
            name="liaisonName"
            label={t('submissions.liaisonName')}
            rules={required('submissions.liaisonName')}
          >
            <Input data-testid="submission-liaison" />
          </Form.Item>
          <Form.Item
            name="liaisonPhone"
            label={t('submissions.liaisonPhone')}
            rules={required('submissions.liaisonPhone')}
          >
            <Input data-testid="submission-phone" />
          </Form.Item>
        </Space>
        <Form.Item label={t('submissions.attachments')}>
          <FileUpload onChange={setFileIds} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SubmissionDrawer({ row, onClose }: { row: SubmissionRow; onClose(): void }) {
  const { t, label, dateTime } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const review = useMutation({
    mutationFn: (action: 'accept' | 'return') =>
      reviewSubmission(row.id, { action, reason: reason.trim() || undefined, version: row.version }),
    onSuccess: async () => {
      void message.success(t('submissions.saved'));
      await queryClient.invalidateQueries({ queryKey: ['accountability', 'submissions'] });
      onClose();
    },
    onError: (error: Error & { fieldErrors?: () => Map<string, string> }) =>
      setReasonError(error.fieldErrors?.().get('reason') ?? null),
  });
  return (
    <Drawer
      open
      width={640}
      title={`${row.unitName} ${row.quarter}`}
      onClose={onClose}
      data-testid="submission-drawer"
    >
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('submissions.status')} span={2}>
          <span data-testid="submission-status">{label(SUBMISSION_STATUS_LABELS, row.status)}</span>{' '}
          {row.late && <Tag color="orange">{t('submissions.late')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.deadline')}>{row.deadline}</Descriptions.Item>
        <Descriptions.Item label={t('submissions.firstSubmitted')}>
          {dateTime(row.firstSubmittedAt)}
        </Descriptions.Item>
        {FIGURES.map((f) => (
          <Descriptions.Item key={f} label={t(`submissions.figures.${f}`)}>
            {row.figures[f]}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('submissions.progress')} span={2}>
          {row.progress}
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.problems')} span={2}>
          {row.problems}
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.nextSteps')} span={2}>
          {row.nextSteps}
        </Descriptions.Item>
        <Descriptions.Item label={t('submissions.liaisonName')}>{row.liaisonName}</Descriptions.Item>
        <Descriptions.Item label={t('submissions.liaisonPhone')}>{row.liaisonPhone}</Descriptions.Item>
        {row.returnReason && (
          <Descriptions.Item label={t('submissions.returnReason')} span={2}>
            {row.returnReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      {can(Permission.AccountabilityManage) && row.status === SubmissionStatus.Submitted && (
        <Form layout="vertical" style={{ marginTop: 16 }}>
          <Form.Item
            label={t('submissions.returnReason')}
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError}
          >
            <Input.TextArea
              rows={2}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="submission-reason"
            />
          </Form.Item>
          <Space>
            <Button
              type="primary"
              loading={review.isPending}
              onClick={() => review.mutate('accept')}
              data-testid="submission-accept"
            >
              {t('submissions.accept')}
            </Button>
            <Button
              danger
              loading={review.isPending}
              onClick={() => review.mutate('return')}
              data-testid="submission-return"
            >
              {t('submissions.return')}
            </Button>
          </Space>
          {review.error && !reasonError && <ApiErrorAlert error={review.error} className="section-alert" />}
        </Form>
      )}
    </Drawer>
  );
}

/** 信息报送: the units × quarters matrix (on time / late / missing), the list and the unit's form. */
export function SubmissionsTab() {
  const { t, label } = useI18n();
  const { can, me } = useAuth();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<string | undefined>('-quarter');
  const [status, setStatus] = useState<SubmissionStatus | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState<{ quarter: string; existing?: SubmissionRow } | null>(null);
  const matrix = useQuery({
    queryKey: ['accountability', 'submissions', 'matrix'],
    queryFn: ({ signal }) => getMatrix(signal),
  });
  const list = useQuery({
    queryKey: ['accountability', 'submissions', 'list', page, sort, status],
    queryFn: ({ signal }) =>
      listSubmissions({ limit: PAGE, offset: (page - 1) * PAGE, sort, status }, signal),
  });
  const quarters = matrix.data?.quarters ?? [];
  const last = quarters[quarters.length - 1];
  const own = list.data?.items.find((s) => s.quarter === last && s.unitId === me?.unit.id);
  const open = list.data?.items.find((s) => s.id === openId);
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {can(Permission.SubmissionWrite) &&
          !can(Permission.AccountabilityManage) &&
          last &&
          (!own || own.status === SubmissionStatus.Returned) && (
            <Button
              type="primary"
              data-testid="submission-new"
              onClick={() => setSubmitting({ quarter: last, existing: own })}
            >
              {own ? t('submissions.submit.resubmit') : t('submissions.submit.new')} {last}
            </Button>
          )}
      </Space>
      <h4>{t('submissions.matrix')}</h4>
      {matrix.error && (
        <ApiErrorAlert error={matrix.error} onRetry={() => void matrix.refetch()} className="section-alert" />
      )}
      <Table
        rowKey="unitId"
        size="small"
        loading={matrix.isLoading}
        dataSource={matrix.data?.units}
        pagination={false}
        scroll={{ y: 360 }}
        columns={[
          { title: t('submissions.assessment.unit'), dataIndex: 'unit', width: 220 },
          ...quarters.map((q, i) => ({
            title: q,
            key: q,
            render: (_: unknown, u: NonNullable<typeof matrix.data>['units'][number]) => {
              const c = u.cells[i];
              return (
                <Tag color={CELL_COLORS[c.cell]} data-testid={`cell-${u.unit}-${q}`}>
                  {label(SUBMISSION_CELL_LABELS, c.cell)}
                  {c.status ? ` · ${label(SUBMISSION_STATUS_LABELS, c.status)}` : ''}
                </Tag>
              );
            },
          })),
        ]}
      />
      <h4 style={{ marginTop: 16 }}>{t('submissions.list')}</h4>
      <Select
        allowClear
        placeholder={t('submissions.status')}
        aria-label={t('submissions.status')}
        data-testid="submission-status-filter"
        style={{ width: 180, marginBottom: 8 }}
        value={status}
        options={Object.values(SubmissionStatus).map((s) => ({
          value: s,
          label: label(SUBMISSION_STATUS_LABELS, s),
        }))}
        onChange={(s: SubmissionStatus | undefined) => {
          setStatus(s);
          setPage(1);
        }}
      />
      {list.error && (
        <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} className="section-alert" />
      )}
      <Table<SubmissionRow>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items}
        locale={{ emptyText: <Empty description={t('submissions.empty')} /> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total, showSizeChanger: false }}
        onChange={pageAndSort(setPage, setSort)}
        onRow={(row) =>
          ({
            onClick: () => setOpenId(row.id),
            'data-testid': `submission-row-${row.unitName ?? ''}-${row.quarter}`,
          }) as object
        }
        columns={[
          { title: t('submissions.quarter'), dataIndex: 'quarter', ...sortable(sort, 'quarter') },
          { title: t('submissions.assessment.unit'), dataIndex: 'unitName' },
          { title: t('submissions.deadline'), dataIndex: 'deadline' },
          {
            title: t('submissions.firstSubmitted'),
            ...sortable(sort, 'submittedAt'),
            render: (_, s) => (
              <>
                {s.firstSubmittedAt.slice(0, 10)}{' '}
                {s.late && <Tag color="orange">{t('submissions.late')}</Tag>}
              </>
            ),
          },
          {
            title: t('submissions.status'),
            ...sortable(sort, 'status'),
            render: (_, s) => label(SUBMISSION_STATUS_LABELS, s.status),
          },
        ]}
      />
      {submitting && (
        <SubmitModal
          quarter={submitting.quarter}
          existing={submitting.existing}
          onClose={() => setSubmitting(null)}
        />
      )}
      {open && (
        <SubmissionDrawer key={`${open.id}-${open.version}`} row={open} onClose={() => setOpenId(null)} />
      )}
    </>
  );
}
