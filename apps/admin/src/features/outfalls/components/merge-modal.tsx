import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { mergeOutfall } from '../api';
import type { OutfallRow, SuspectedDuplicate } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';

const FIELDS = ['reason'] as const;
const REASON_MAX = 500;

interface Props {
  /** The duplicate that is closed. */
  from: Pick<OutfallRow, 'id' | 'localCode' | 'name'>;
  /** The outfall that survives. */
  into: SuspectedDuplicate;
  onClose(): void;
  onMerged(survivor: OutfallRow): void;
}

/** Merges a suspected duplicate into another outfall, with the reason on the record. */
export function MergeModal({ from, into, onClose, onMerged }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const [form] = Form.useForm<{ reason: string }>();
  const queryClient = useQueryClient();
  const merge = useMutation({
    mutationFn: ({ reason }: { reason: string }) => mergeOutfall(from.id, into.id, reason.trim()),
    onSuccess: async (survivor) => {
      await Promise.all(
        ['outfalls', 'responsible-entities', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      onMerged(survivor);
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={t('merge.title')}
      okText={t('merge.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={merge.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="merge-modal"
    >
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        message={t('merge.summary', { from: from.localCode, into: into.localCode })}
        description={t('merge.body', { from: from.localCode, into: into.localCode })}
      />
      {needsFormAlert(merge.error, FIELDS) && <ApiErrorAlert error={merge.error} className="form-alert" />}
      <Form<{ reason: string }>
        form={form}
        name="merge"
        layout="vertical"
        onFinish={(values) => merge.mutate(values)}
      >
        <Form.Item
          name="reason"
          label={t('merge.reason')}
          rules={[
            { required: true, whitespace: true, message: t('merge.reasonRequired') },
            { max: REASON_MAX, message: t('liaison.tooLong', { max: REASON_MAX }) },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
