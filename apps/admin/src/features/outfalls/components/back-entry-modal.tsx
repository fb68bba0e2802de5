import { Disposition, DISPOSITION_LABELS } from '@outfall/shared-types';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { backEnter } from '../api';
import type { OutfallDetail } from '../types';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';

interface FormValues {
  completedOn?: Dayjs;
  verifiedOn?: Dayjs;
  reason?: string;
  documentRef?: string;
  disposition?: Disposition;
  decidedOn?: Dayjs;
}

const FIELDS = ['completedOn', 'verifiedOn', 'reason', 'documentRef', 'disposition', 'decidedOn'] as const;
const day = (value: Dayjs | undefined) => value?.format('YYYY-MM-DD');

interface Props {
  outfall: OutfallDetail;
  onClose(): void;
  onSaved(): void;
}

/**
 * Historical back-entry (补录) of remediation finished before the platform existed, by the eco branch: the
 * completion (and verification) dates, a mandatory reason and document, and the disposition when none was
 * decided yet. One call; the API checks dates, order and the discovery day and names the field.
 */
export function BackEntryModal({ outfall, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const [form] = Form.useForm<FormValues>();
  const queryClient = useQueryClient();
  const required = (field: string) => ({
    required: true,
    whitespace: true,
    message: t('outfallForm.required', { field }),
  });
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      backEnter(outfall.id, {
        completedOn: day(values.completedOn) ?? '',
        verifiedOn: day(values.verifiedOn),
        reason: values.reason?.trim() ?? '',
        documentRef: values.documentRef?.trim() ?? '',
        disposition: values.disposition,
        decidedOn: day(values.decidedOn),
      }),
    onSuccess: async () => {
      await Promise.all(
        ['outfalls', 'remediation', 'progress', 'audit'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      );
      onSaved();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });

  return (
    <Modal
      open
      title={t('backEntry.title', { code: outfall.localCode })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="back-entry-modal"
    >
      <Alert type="info" showIcon className="form-alert" message={t('backEntry.hint')} />
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<FormValues> form={form} name="back-entry" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="completedOn"
          label={t('backEntry.completedOn')}
          extra={t('milestone.effectiveOnHint', { date: outfall.discoveredOn })}
          rules={[
            { required: true, message: t('outfallForm.required', { field: t('backEntry.completedOn') }) },
          ]}
        >
          <DatePicker className="full-width" />
        </Form.Item>
        <Form.Item name="verifiedOn" label={t('backEntry.verifiedOn')}>
          <DatePicker className="full-width" />
        </Form.Item>
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
        <Form.Item name="disposition" label={t('backEntry.disposition')}>
          <Select<Disposition>
            allowClear
            options={[Disposition.Ban, Disposition.Merge, Disposition.Standardise].map((value) => ({
              value,
              label: label(DISPOSITION_LABELS, value),
            }))}
          />
        </Form.Item>
        <Form.Item name="decidedOn" label={t('backEntry.decidedOn')}>
          <DatePicker className="full-width" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
