import { ArrowLeftOutlined, DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { DispatchReportStatus, Permission } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  downloadIssuedReport,
  getDispatchReport,
  issueDispatchReport,
  returnDispatchReport,
  saveDispatchReport,
  submitDispatchReport,
  type DispatchReport,
  type DispatchReportInput,
} from './dispatch-report.api';

const STATUS_COLORS: Record<DispatchReportStatus, string> = {
  [DispatchReportStatus.Draft]: 'default',
  [DispatchReportStatus.Submitted]: 'orange',
  [DispatchReportStatus.Issued]: 'green',
};

interface FormValues {
  tasks: { content: string; leadUnit?: string | null; dueOn?: string | null }[];
  narrativeOverride?: string | null;
}

/** The narrative, three headed paragraphs, exactly as the report prints it. */
function NarrativePreview({ report }: { report: DispatchReport }) {
  const { t } = useI18n();
  const parts = [
    ['achievement', t('dispatchReport.achievement')],
    ['problems', t('dispatchReport.problems')],
    ['behind', t('dispatchReport.behind')],
  ] as const;
  return (
    <div data-testid="dispatch-narrative">
      {parts.map(([key, heading]) => (
        <Typography.Paragraph key={key} data-testid={`dispatch-narrative-${key}`}>
          <Typography.Text strong>{heading}：</Typography.Text>
          {report.narrative[key].join('')}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

/**
 * The dispatch report of a snapshot version: the generated narrative, next-quarter tasks (调度事项) and an
 * optional rewrite edited in draft, submitted by the preparer (编制) and issued by another person (签发);
 * the issued files are downloaded byte for byte.
 */
export function DispatchReportPage() {
  const { snapshotId = '' } = useParams();
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [returning, setReturning] = useState(false);
  const [returnReason, setReturnReason] = useState('');
  const key = ['progress', 'dispatch-report', snapshotId];
  const report = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getDispatchReport(snapshotId, signal),
  });
  const data = report.data;
  useEffect(() => {
    if (data)
      form.setFieldsValue({
        tasks: data.tasks,
        narrativeOverride: data.narrativeOverride ?? '',
      });
  }, [data, form]);
  const done = (text: string) => (next: DispatchReport) => {
    queryClient.setQueryData(key, next);
    void message.success(text);
  };
  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const body: DispatchReportInput = {
        tasks: (values.tasks ?? []).map((task) => ({
          content: task.content ?? '',
          leadUnit: task.leadUnit || null,
          dueOn: task.dueOn || null,
        })),
        narrativeOverride: values.narrativeOverride || null,
        version: data?.id ? data.version : undefined,
      };
      return saveDispatchReport(snapshotId, body);
    },
    onSuccess: done(t('dispatchReport.saved')),
    onError: (error) => {
      // tasks[0].dueOn → ['tasks', 0, 'dueOn']
      const placed = [...fieldErrorLines(error, i18n)].map(([field, errors]) => ({
        name: field
          .split(/[.[\]]+/)
          .filter(Boolean)
          .map((part) => (/^\d+$/.test(part) ? Number(part) : part)) as never,
        errors,
      }));
      form.setFields(placed);
    },
  });
  const submit = useMutation({
    mutationFn: () => submitDispatchReport(snapshotId),
    onSuccess: done(t('dispatchReport.submitted')),
  });
  const issue = useMutation({
    mutationFn: () => issueDispatchReport(snapshotId),
    onSuccess: done(t('dispatchReport.issued')),
  });
  const giveBack = useMutation({
    mutationFn: () => returnDispatchReport(snapshotId, returnReason),
    onSuccess: (next) => {
      setReturning(false);
      setReturnReason('');
      done(t('dispatchReport.returned'))(next);
    },
  });
  const actionError = submit.error ?? issue.error ?? giveBack.error ?? save.error;

  if (report.error)
    return (
      <ApiErrorAlert
        error={report.error}
        title={t('common.loadError')}
        onRetry={() => void report.refetch()}
      />
    );
  if (!data) return <Spin />;
  const editable = data.actions.includes('edit');
  return (
    <div data-testid="dispatch-report-page">
      <div className="page-header">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/progress/snapshots')}>
            {t('dispatchReport.back')}
          </Button>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('dispatchReport.title', { quarter: data.quarter, version: data.snapshotVersion })}
          </Typography.Title>
          <Tag color={STATUS_COLORS[data.status]} data-testid="dispatch-report-status">
            {data.statusLabel}
          </Tag>
        </Space>
      </div>
      {!data.snapshotCurrent && <Alert type="info" showIcon message={t('dispatchReport.superseded')} />}
      {!can(Permission.ReportIssue) && <Alert type="info" showIcon message={t('dispatchReport.readOnly')} />}
      {actionError && (actionError !== save.error || fieldErrorLines(save.error, i18n).size === 0) ? (
        <ApiErrorAlert error={actionError} data-testid="dispatch-report-error" />
      ) : null}
      <Descriptions
        size="small"
        bordered
        column={3}
        style={{ margin: '12px 0' }}
        data-testid="dispatch-signoff"
      >
        <Descriptions.Item label={t('dispatchReport.status')}>{data.statusLabel}</Descriptions.Item>
        <Descriptions.Item label={t('dispatchReport.preparedBy')}>
          <span data-testid="dispatch-prepared-by">{data.preparedByName ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dispatchReport.submittedAt')}>
          {data.submittedAt ? dateTime(data.submittedAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('dispatchReport.issuedBy')}>
          <span data-testid="dispatch-issued-by">{data.issuedByName ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dispatchReport.issuedAt')}>
          {data.issuedAt ? dateTime(data.issuedAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('dispatchReport.returnReason')}>
          {data.returnReason ?? '—'}
        </Descriptions.Item>
        {data.xlsxSha256 && (
          <Descriptions.Item label={t('dispatchReport.sha')} span={3}>
            <Typography.Text code data-testid="dispatch-sha">
              XLSX {data.xlsxSha256}
            </Typography.Text>{' '}
            <Typography.Text code>HTML {data.htmlSha256}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      {data.status === DispatchReportStatus.Issued && (
        <Alert
          type="success"
          showIcon
          message={t('dispatchReport.frozen')}
          data-testid="dispatch-issued-badge"
          action={
            <Space>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => void downloadIssuedReport(data, 'xlsx')}
                data-testid="dispatch-download-xlsx"
              >
                {t('dispatchReport.downloadXlsx')}
              </Button>
              <Button icon={<DownloadOutlined />} onClick={() => void downloadIssuedReport(data, 'html')}>
                {t('dispatchReport.downloadHtml')}
              </Button>
            </Space>
          }
        />
      )}
      <Card title={t('dispatchReport.narrative')} size="small" style={{ marginTop: 12 }}>
        {data.narrativeOverride ? (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="dispatch-narrative-override">
            {data.narrativeOverride}
          </Typography.Paragraph>
        ) : (
          <NarrativePreview report={data} />
        )}
      </Card>
      <Form<FormValues>
        form={form}
        layout="vertical"
        disabled={!editable}
        onFinish={(values) => save.mutate(values)}
        style={{ marginTop: 12 }}
      >
        <Card title={t('dispatchReport.tasks')} size="small">
          <Form.List name="tasks">
            {(fields, { add, remove }) => (
              <>
                {!fields.length && <Empty description={t('dispatchReport.noTasks')} />}
                {fields.map((field, index) => (
                  <Space
                    key={field.key}
                    align="start"
                    style={{ display: 'flex' }}
                    data-testid={`dispatch-task-${index}`}
                  >
                    <Form.Item
                      name={[field.name, 'content']}
                      label={index === 0 ? t('dispatchReport.taskContent') : undefined}
                      rules={[{ required: true, whitespace: true, message: t('dispatchReport.taskContent') }]}
                      style={{ width: 520 }}
                    >
                      <Input maxLength={500} data-testid={`dispatch-task-content-${index}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'leadUnit']}
                      label={index === 0 ? t('dispatchReport.taskLead') : undefined}
                      style={{ width: 220 }}
                    >
                      <Input maxLength={100} data-testid={`dispatch-task-lead-${index}`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'dueOn']}
                      label={index === 0 ? t('dispatchReport.taskDue') : undefined}
                      style={{ width: 150 }}
                    >
                      <Input placeholder="YYYY-MM-DD" data-testid={`dispatch-task-due-${index}`} />
                    </Form.Item>
                    {editable && (
                      <Button
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: index === 0 ? 30 : 0 }}
                        aria-label={t('dispatchReport.removeTask')}
                      />
                    )}
                  </Space>
                ))}
                {editable && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ content: '' })}
                    data-testid="dispatch-add-task"
                  >
                    {t('dispatchReport.addTask')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>
        <Form.Item name="narrativeOverride" label={t('dispatchReport.override')} style={{ marginTop: 12 }}>
          <Input.TextArea
            rows={4}
            maxLength={5000}
            placeholder={t('dispatchReport.overridePlaceholder')}
            data-testid="dispatch-override"
          />
        </Form.Item>
        <Space>
          {editable && (
            <Button htmlType="submit" type="primary" loading={save.isPending} data-testid="dispatch-save">
              {t('dispatchReport.save')}
            </Button>
          )}
        </Space>
      </Form>
      <Space style={{ marginTop: 12 }}>
        {data.actions.includes('submit') && (
          <Popconfirm title={t('dispatchReport.submitConfirm')} onConfirm={() => submit.mutate()}>
            <Button loading={submit.isPending} data-testid="dispatch-submit">
              {t('dispatchReport.submit')}
            </Button>
          </Popconfirm>
        )}
        {data.actions.includes('issue') && (
          <Popconfirm title={t('dispatchReport.issueConfirm')} onConfirm={() => issue.mutate()}>
            <Button type="primary" loading={issue.isPending} data-testid="dispatch-issue">
              {t('dispatchReport.issue')}
            </Button>
          </Popconfirm>
        )}
        {data.actions.includes('return') && (
          <Button onClick={() => setReturning(true)} data-testid="dispatch-return">
            {t('dispatchReport.return')}
          </Button>
        )}
        {data.status === DispatchReportStatus.Submitted &&
          !data.actions.includes('issue') &&
          can(Permission.ReportIssue) && (
            <Typography.Text type="secondary">{t('dispatchReport.samePerson')}</Typography.Text>
          )}
      </Space>
      <Modal
        open={returning}
        title={t('dispatchReport.return')}
        onCancel={() => setReturning(false)}
        onOk={() => giveBack.mutate()}
        okButtonProps={{ disabled: !returnReason.trim(), loading: giveBack.isPending }}
      >
        <Typography.Text>{t('dispatchReport.returnReasonLabel')}</Typography.Text>
        <Input.TextArea
          rows={3}
          value={returnReason}
          onChange={(e) => setReturnReason(e.target.value)}
          maxLength={500}
        />
      </Modal>
    </div>
  );
}
