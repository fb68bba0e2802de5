import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { updatePlan } from '../api';
import type { PlanRow } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { usePlanSaved } from '../hooks/use-plan-saved';

interface FormValues {
  progressNote?: string;
}

const FIELDS = ['progressNote'] as const;

/** 添加进展: appends a progress note (dated today, signed by the user) to the plan. */
export function PlanProgressModal({ plan, onClose }: { plan: PlanRow; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const planSaved = usePlanSaved();
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      updatePlan(plan.id, { version: plan.version, progressNote: values.progressNote?.trim() }),
    onSuccess: async (saved) => {
      await planSaved(saved);
      void message.success(t('planProgress.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={t('planProgress.title', { code: plan.outfall.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'plan-progress-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="plan-progress-modal"
    >
      {needsFormAlert(save.error, FIELDS) && (
        <ApiErrorAlert error={save.error} className="form-alert" data-testid="plan-progress-error" />
      )}
      <Form<FormValues>
        form={form}
        name="progress"
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="progressNote"
          label={t('planProgress.note')}
          extra={t('planProgress.hint')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('outfallForm.required', { field: t('planProgress.note') }),
            },
            { max: 2000 },
          ]}
        >
          <Input.TextArea rows={4} data-testid="plan-progress-note" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
