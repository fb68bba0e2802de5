import { useMutation } from '@tanstack/react-query';
import { App, Form, Modal } from 'antd';
import { ApiError } from '../../../api/api-error';
import { updatePlan } from '../api';
import type { PlanRow } from '../types';
import { fieldErrorLines } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { usePlanSaved } from '../hooks/use-plan-saved';
import {
  formFieldOf,
  fromMilestones,
  MilestoneFields,
  toMilestoneInputs,
  type MilestoneValues,
} from './plan-form-modal';

interface FormValues {
  milestones?: MilestoneValues[];
}

/**
 * 更新进度节点: after submission the API still takes the milestones (planned and actual dates, notes) until the
 * plan is completed; the rest of the plan is fixed then.
 */
export function PlanMilestonesModal({ plan, onClose }: { plan: PlanRow; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const planSaved = usePlanSaved();
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      updatePlan(plan.id, { version: plan.version, milestones: toMilestoneInputs(values.milestones) }),
    onSuccess: async (saved) => {
      await planSaved(saved);
      void message.success(t('planForm.milestonesSaved'));
      onClose();
    },
    onError: (error) => {
      const placed = [...fieldErrorLines(error, i18n)]
        .map(([field, errors]) => ({ name: formFieldOf(field), errors }))
        .filter((entry) => entry.name?.[0] === 'milestones');
      form.setFields(placed.map(({ name, errors }) => ({ name: name as never, errors })));
    },
  });
  const placedAll =
    save.error instanceof ApiError &&
    save.error.code !== 'VERSION_CONFLICT' &&
    save.error.fieldErrors().size > 0 &&
    [...save.error.fieldErrors().keys()].every((field) => formFieldOf(field)?.[0] === 'milestones');
  return (
    <Modal
      open
      width={820}
      title={t('planForm.milestonesTitle', { code: plan.outfall.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'plan-milestones-ok' } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="plan-milestones-modal"
    >
      {save.error && !placedAll && (
        <ApiErrorAlert
          error={save.error}
          title={
            save.error instanceof ApiError && save.error.code === 'VERSION_CONFLICT'
              ? t('planForm.conflict')
              : undefined
          }
          className="form-alert"
        />
      )}
      <Form<FormValues>
        form={form}
        name="plan"
        layout="vertical"
        className="compact-form"
        initialValues={{ milestones: fromMilestones(plan.milestones) }}
        onFinish={(values) => save.mutate(values)}
      >
        <MilestoneFields />
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
