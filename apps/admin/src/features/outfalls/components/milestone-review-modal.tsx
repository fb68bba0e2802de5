import { MILESTONE_LABELS, type MilestoneType } from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Typography } from 'antd';
import { confirmMilestone, revertMilestone } from '../api';
import type { OutfallDetail } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';

interface FormValues {
  reason?: string;
  documentRef?: string;
}

const FIELDS = ['reason', 'documentRef'] as const;

interface Props {
  outfall: OutfallDetail;
  type: MilestoneType;
  action: 'confirm' | 'revert';
  onClose(): void;
  onDone(): void;
}

/**
 * The eco branch reviews a workflow-owned milestone that was set by hand before the rule: confirm it (it stands
 * as a back-entry, with a reason and a document) or revert it (its workflow's records decide again).
 */
export function MilestoneReviewModal({ outfall, type, action, onClose, onDone }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (values: FormValues) => {
      if (action === 'revert') await revertMilestone(outfall.id, type);
      else
        await confirmMilestone(outfall.id, type, {
          reason: values.reason?.trim() ?? '',
          documentRef: values.documentRef?.trim() ?? '',
        });
    },
    onSuccess: async () => {
      await Promise.all(
        ['outfalls', 'progress', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      onDone();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('outfallForm.required', { field }),
  });
  const name = label(MILESTONE_LABELS, type);

  return (
    <Modal
      open
      title={t(action === 'confirm' ? 'review.confirmTitle' : 'review.revertTitle', { name })}
      okText={t(action === 'confirm' ? 'review.confirm' : 'review.revert')}
      okButtonProps={{ danger: action === 'revert' }}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="milestone-review-modal"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues>
        form={form}
        name="milestone-review"
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
      >
        {action === 'revert' ? (
          <Typography.Paragraph>{t('review.revertHint', { name })}</Typography.Paragraph>
        ) : (
          <>
            <Form.Item name="reason" label={t('backEntry.reason')} rules={[required(t('backEntry.reason'))]}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
            <Form.Item
              name="documentRef"
              label={t('backEntry.documentRef')}
              rules={[required(t('backEntry.documentRef'))]}
            >
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
