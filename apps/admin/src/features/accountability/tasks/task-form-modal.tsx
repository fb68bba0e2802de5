import { TASK_KIND_LABELS, TaskKind, TaskState } from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../../api/api-error';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { createTask, updateTask } from './tasks.api';
import type { TaskRow } from './tasks.types';
import { useUnitOptions } from './use-unit-options';
import { localFieldErrors } from '../../../i18n/field-errors.util';

interface Values {
  code: string;
  title: string;
  kind: TaskKind;
  sourceClause?: string;
  description?: string;
  deadline: Dayjs;
  state: TaskState;
  completedOn?: Dayjs;
  leadUnitId: string;
  cooperatingUnitIds: string[];
  responsibleUnitIds: string[];
}

const STATE_LABELS = {
  [TaskState.NotStarted]: { zh: '未开始', en: 'Not started' },
  [TaskState.InProgress]: { zh: '进行中', en: 'In progress' },
  [TaskState.Done]: { zh: '已完成', en: 'Done' },
};

/** Creates or edits a task; field errors from the API are shown on their fields. */
export function TaskFormModal({ task, onClose }: { task: TaskRow | null; onClose: () => void }) {
  const { t, label, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const units = useUnitOptions();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        title: values.title.trim(),
        kind: values.kind,
        sourceClause: values.sourceClause?.trim() || undefined,
        description: values.description?.trim() || undefined,
        deadline: values.deadline.format('YYYY-MM-DD'),
        state: values.state,
        completedOn:
          values.state === TaskState.Done && values.completedOn
            ? values.completedOn.format('YYYY-MM-DD')
            : undefined,
        leadUnitId: values.leadUnitId,
        cooperatingUnitIds: values.cooperatingUnitIds ?? [],
        responsibleUnitIds: values.responsibleUnitIds ?? [],
      };
      return task
        ? updateTask(task.id, { ...body, version: task.version })
        : createTask({ ...body, code: values.code.trim() });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onClose();
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fields = localFieldErrors(error, locale);
      form.setFields(
        [...fields.entries()].map(([name, message]) => ({ name: name as keyof Values, errors: [message] })),
      );
    },
  });
  const required = [{ required: true, message: t('tasks.required') }];
  return (
    <Modal
      open
      width={720}
      title={task ? `${t('tasks.edit')} ${task.code}` : t('tasks.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'task-save' } as Record<string, string>}
    >
      {save.error && !(save.error instanceof ApiError && save.error.fieldErrors().size) && (
        <ApiErrorAlert error={save.error} className="section-alert" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={
          task
            ? {
                ...task,
                sourceClause: task.sourceClause ?? undefined,
                description: task.description ?? undefined,
                deadline: dayjs(task.deadline),
                completedOn: task.completedOn ? dayjs(task.completedOn) : undefined,
                leadUnitId: task.lead?.id,
                cooperatingUnitIds: task.cooperating.map((u) => u.id),
                responsibleUnitIds: task.responsible.map((u) => u.id),
              }
            : { state: TaskState.NotStarted, cooperatingUnitIds: [], responsibleUnitIds: [] }
        }
      >
        <Form.Item name="code" label={t('tasks.code')} rules={required}>
          <Input maxLength={32} disabled={!!task} data-testid="task-code" />
        </Form.Item>
        <Form.Item name="title" label={t('tasks.name')} rules={required}>
          <Input maxLength={200} data-testid="task-title" />
        </Form.Item>
        <Form.Item name="kind" label={t('tasks.kind')} rules={required}>
          <Select
            options={Object.values(TaskKind).map((kind) => ({
              value: kind,
              label: label(TASK_KIND_LABELS, kind),
            }))}
          />
        </Form.Item>
        <Form.Item name="sourceClause" label={t('tasks.clause')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="leadUnitId" label={t('tasks.lead')} rules={required}>
          <Select showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="cooperatingUnitIds" label={t('tasks.cooperating')}>
          <Select mode="multiple" optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="responsibleUnitIds" label={t('tasks.responsible')}>
          <Select mode="multiple" optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="deadline" label={t('tasks.deadline')} rules={required}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="state" label={t('tasks.state')} rules={required}>
          <Select
            options={Object.values(TaskState).map((state) => ({
              value: state,
              label: label(STATE_LABELS, state),
            }))}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.state !== b.state}>
          {({ getFieldValue }) =>
            getFieldValue('state') === TaskState.Done && (
              <Form.Item name="completedOn" label={t('tasks.completedOn')}>
                <DatePicker />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="description" label={t('tasks.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
