import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Liaison, UnitRow } from '../api/types';
import { useI18n } from '../i18n/i18n';

export function LiaisonModal({
  unit,
  onClose,
  onSaved,
}: {
  unit: UnitRow;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Liaison>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api('PUT', `/api/v1/units/${unit.id}/liaison`, values);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        const fields = e.fieldErrors;
        form.setFields(
          Object.entries(fields).map(([name, message]) => ({
            name: name as keyof Liaison,
            errors: [message],
          })),
        );
        if (!Object.keys(fields).length) setError(e.message);
      } else setError(String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('units.editLiaison')} · ${unit.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <p className="form-error">{error}</p>}
      <Form form={form} layout="vertical" initialValues={unit.liaison ?? undefined}>
        <Form.Item name="name" label={t('units.liaison')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('units.phone')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="position" label={t('units.position')} rules={[{ required: true, max: 50 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
