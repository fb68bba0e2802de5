import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';
import { ApiError } from '../../../api/api-error';
import type { Liaison, UnitRow } from '../types';
import { setLiaison } from '../api';
import { useI18n } from '../../../i18n/i18n-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { localFieldErrors } from '../../../i18n/field-errors.util';

const FIELDS: readonly (keyof Liaison)[] = ['name', 'phone', 'position'];
const MAX_LENGTH = 50;

/** An error the form cannot place under its fields is shown above them. */
function needsAlert(error: Error | null): boolean {
  if (!error) return false;
  if (!(error instanceof ApiError)) return true;
  const fields = [...error.fieldErrors().keys()];
  return fields.length === 0 || fields.some((field) => !FIELDS.includes(field as keyof Liaison));
}

interface Props {
  unit: UnitRow;
  onClose(): void;
  onSaved(unit: UnitRow): void;
}

/**
 * Sets a unit's liaison. Only presence and length are checked here; the API validates the rest
 * (e.g. the phone format) and its field messages from `details` are shown under each field.
 */
export function LiaisonModal({ unit, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Liaison>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (liaison: Liaison) => setLiaison(unit.id, liaison),
    onSuccess: async (saved) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['units'] }),
        queryClient.invalidateQueries({ queryKey: ['audit'] }),
      ]);
      onSaved(saved);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fieldErrors = localFieldErrors(error, locale);
      form.setFields(
        FIELDS.filter((name) => fieldErrors.has(name)).map((name) => ({
          name,
          errors: [fieldErrors.get(name) ?? ''],
        })),
      );
    },
  });

  const trimmed = (values: Liaison): Liaison => ({
    name: values.name.trim(),
    phone: values.phone.trim(),
    position: values.position.trim(),
  });
  const tooLong = t('liaison.tooLong', { max: MAX_LENGTH });

  return (
    <Modal
      open
      title={t('liaison.title', { unit: unit.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="liaison-modal"
    >
      {needsAlert(save.error) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<Liaison>
        form={form}
        name="liaison"
        layout="vertical"
        initialValues={unit.liaison ?? { name: '', phone: '', position: '' }}
        onFinish={(values) => save.mutate(trimmed(values))}
      >
        <Form.Item
          name="name"
          label={t('liaison.name')}
          rules={[
            { required: true, whitespace: true, message: t('liaison.nameRequired') },
            { max: MAX_LENGTH, message: tooLong },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('liaison.phone')}
          rules={[{ required: true, whitespace: true, message: t('liaison.phoneRequired') }]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item
          name="position"
          label={t('liaison.position')}
          rules={[
            { required: true, whitespace: true, message: t('liaison.positionRequired') },
            { max: MAX_LENGTH, message: tooLong },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
