import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error';
import { ApiErrorAlert } from './api-error-alert';
import { fieldErrorLines } from '../../i18n/field-errors.util';
import { useI18n, type I18n } from '../../i18n/i18n-context';

/**
 * Puts the API's field errors (`details`) under the form's fields; answers whether every error found a field
 * (the rest is shown above the form). `rules[2].indicator` is placed on `rules` when only the top field exists.
 */
export function placeFieldErrors<V>(
  form: FormInstance<V>,
  error: unknown,
  i18n: Pick<I18n, 'tMaybe' | 'locale'>,
  fields: readonly string[],
): boolean {
  const lines = fieldErrorLines(error, i18n);
  // only fields this form shows (an edit form shows fewer than the create form)
  const shown = new Set(Object.keys((form.getFieldsValue() ?? {}) as object));
  const placeable = (name: string) => fields.includes(name) && shown.has(name);
  const placed: { name: string; errors: string[] }[] = [];
  let all = lines.size > 0;
  for (const [field, errors] of lines) {
    const top = field.split(/[.[]/)[0];
    const name = placeable(field) ? field : placeable(top) ? top : undefined;
    if (name) placed.push({ name, errors });
    else all = false;
  }
  form.setFields(placed.map(({ name, errors }) => ({ name: name as never, errors })));
  return all;
}

interface Props<V, R> {
  title: string;
  /** Form field names: API errors for them are shown on the field. */
  fields: readonly string[];
  initialValues?: Partial<V>;
  /** Saves; the values are the form's. */
  save(values: V): Promise<R>;
  /** Query keys (first element) to refresh after a save. */
  invalidates: readonly string[];
  successText: string;
  onClose(): void;
  onSaved?(result: R): void;
  testId: string;
  width?: number;
  children: ReactNode;
}

/** A modal form: validates, saves, places the API's field errors under their fields, handles stale versions. */
export function FormModal<V, R = unknown>({
  title,
  fields,
  initialValues,
  save,
  invalidates,
  successText,
  onClose,
  onSaved,
  testId,
  width = 640,
  children,
}: Props<V, R>) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<unknown>(null);
  const mutation = useMutation({
    mutationFn: save,
    onMutate: () => setUnplaced(null),
    onError: (error) => {
      const conflicted = error instanceof ApiError && error.code === 'VERSION_CONFLICT';
      if (!conflicted && !placeFieldErrors(form, error, i18n, fields)) setUnplaced(error);
    },
    onSuccess: async (result) => {
      await Promise.all(
        [...invalidates, 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      void message.success(successText);
      onSaved?.(result);
      onClose();
    },
  });
  const conflict = mutation.error instanceof ApiError && mutation.error.code === 'VERSION_CONFLICT';

  return (
    <Modal
      open
      width={width}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      okButtonProps={{ disabled: conflict, 'data-testid': `${testId}-ok` } as never}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid={testId}
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          message={t('baseData.shared.conflict')}
          action={
            <Button
              onClick={() => {
                invalidates.forEach((key) => void queryClient.invalidateQueries({ queryKey: [key] }));
                onClose();
              }}
            >
              {t('baseData.shared.reload')}
            </Button>
          }
        />
      )}
      {unplaced != null && (
        <ApiErrorAlert error={unplaced} className="form-alert" data-testid={`${testId}-error`} />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        className="compact-form"
        initialValues={initialValues}
        onFinish={(values) => mutation.mutate(values)}
      >
        {children}
      </Form>
    </Modal>
  );
}
