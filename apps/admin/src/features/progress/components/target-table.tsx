import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Permission,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
  SCOPE_GROUP_LABELS,
  ScopeGroup,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import {
  createTarget,
  listTargets,
  removeTarget,
  updateTarget,
  type ProgressTarget,
  type TargetInput,
} from '../api';
import { errorMessage } from '../../../i18n/error-message.util';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { percent } from './progress-headline';

interface FormValues {
  scope: ScopeGroup;
  metric: ProgressMetric;
  deadline?: Dayjs;
  /** Percent, 0–100 (the API takes 0–1). */
  threshold?: number;
  note?: string;
}

const FIELDS = ['scope', 'metric', 'deadline', 'threshold', 'note'] as const;
const TARGET_QUERIES = [
  ['progress', 'targets'],
  ['progress', 'rates'],
  ['progress', 'forecast'],
];

function TargetModal({ target, onClose }: { target: ProgressTarget | null; onClose(): void }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: FormValues) => {
      const input: TargetInput = {
        scope: values.scope,
        metric: values.metric,
        deadline: values.deadline?.format('YYYY-MM-DD') ?? '',
        threshold: Math.round((values.threshold ?? 0) * 100) / 10_000,
        note: values.note?.trim() || undefined,
      };
      return target ? updateTarget(target.id, { ...input, version: target.version }) : createTarget(input);
    },
    onSuccess: async () => {
      await Promise.all(TARGET_QUERIES.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={target ? t('progress.editTarget') : t('progress.addTarget')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="target-modal"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues>
        form={form}
        name="target"
        layout="vertical"
        initialValues={{
          scope: target?.scope ?? ScopeGroup.KeyRivers,
          metric: target?.metric ?? ProgressMetric.Remediation,
          deadline: target ? dayjs(target.deadline) : undefined,
          threshold: target ? Math.round(target.threshold * 10_000) / 100 : undefined,
          note: target?.note ?? undefined,
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="scope" label={t('progress.scope')}>
          <Select<ScopeGroup>
            options={Object.values(ScopeGroup).map((value) => ({
              value,
              label: label(SCOPE_GROUP_LABELS, value),
            }))}
          />
        </Form.Item>
        <Form.Item name="metric" label={t('progress.metric')}>
          <Select<ProgressMetric>
            options={Object.values(ProgressMetric).map((value) => ({
              value,
              label: label(PROGRESS_METRIC_LABELS, value),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('progress.deadline')}
          rules={[{ required: true, message: t('outfallForm.required', { field: t('progress.deadline') }) }]}
        >
          <DatePicker className="full-width" />
        </Form.Item>
        <Form.Item
          name="threshold"
          label={t('progress.threshold')}
          rules={[{ required: true, message: t('outfallForm.required', { field: t('progress.threshold') }) }]}
        >
          <InputNumber min={0} max={100} step={1} addonAfter="%" className="full-width" />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('field.note')}
          rules={[{ max: 200, message: t('liaison.tooLong', { max: 200 }) }]}
        >
          <Input />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** 目标: the plan's targets per scope group, metric and deadline; progress managers add, edit and remove them. */
export function TargetTable() {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const { can } = useAuth();
  const manage = can(Permission.ProgressManage);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ProgressTarget | 'new' | null>(null);
  const targets = useQuery({
    queryKey: ['progress', 'targets'],
    queryFn: ({ signal }) => listTargets(signal),
  });
  const remove = useMutation({
    mutationFn: removeTarget,
    onSuccess: () =>
      Promise.all(TARGET_QUERIES.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
    onError: (error) => void message.error(errorMessage(error, i18n).title),
  });
  if (targets.error) {
    return (
      <ApiErrorAlert
        error={targets.error}
        title={t('common.loadError')}
        onRetry={() => void targets.refetch()}
      />
    );
  }
  return (
    <>
      <div className="toolbar progress-toolbar">
        <Typography.Text type="secondary">
          {manage ? t('progress.targetsHint') : t('progress.targetsReadOnly')}
        </Typography.Text>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="target-add"
          >
            {t('progress.addTarget')}
          </Button>
        )}
      </div>
      <Table<ProgressTarget>
        rowKey="id"
        size="middle"
        dataSource={targets.data}
        loading={targets.isFetching}
        pagination={false}
        locale={{ emptyText: <Empty description={t('progress.noTargets')} /> }}
        columns={[
          { title: t('progress.deadline'), dataIndex: 'deadline', width: 130 },
          {
            title: t('progress.scope'),
            dataIndex: 'scope',
            render: (scope: ScopeGroup) => label(SCOPE_GROUP_LABELS, scope),
          },
          {
            title: t('progress.metric'),
            dataIndex: 'metric',
            render: (metric: ProgressMetric) => label(PROGRESS_METRIC_LABELS, metric),
          },
          {
            title: t('progress.threshold'),
            dataIndex: 'threshold',
            width: 110,
            render: (value: number) => <span data-testid="target-threshold">{percent(value)}</span>,
          },
          { title: t('field.note'), dataIndex: 'note', render: (note: string | null) => note ?? '—' },
          ...(manage
            ? [
                {
                  title: t('progress.actions'),
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, target: ProgressTarget) => (
                    <Space size="small">
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(target)}
                        data-testid="target-edit"
                      >
                        {t('progress.edit')}
                      </Button>
                      <Popconfirm
                        title={t('progress.removeTargetConfirm')}
                        okText={t('progress.remove')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove.mutate(target.id)}
                      >
                        <Button size="small" danger icon={<DeleteOutlined />} data-testid="target-remove">
                          {t('progress.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        data-testid="targets-table"
      />
      {editing && (
        <TargetModal target={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
