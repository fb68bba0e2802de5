import { EditOutlined, UploadOutlined } from '@ant-design/icons';
import { Permission } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  InputNumber,
  Modal,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { ImportModal } from '../../imports/components/import-modal';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  downloadBasinTemplate,
  listWaterBasins,
  setWaterBasin,
  startBasinImport,
  type WaterBasinRow,
} from './source-lists.api';

const INVALIDATES = ['water-basins', 'audit', 'reference'] as const;
const FIELDS = ['basinAreaKm2', 'riverLengthKm'] as const;

interface BasinValues {
  basinAreaKm2?: number | null;
  riverLengthKm?: number | null;
}

function BasinFormModal({ water, onClose }: { water: WaterBasinRow; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<BasinValues>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (values: BasinValues) =>
      setWaterBasin(water.id, {
        basinAreaKm2: values.basinAreaKm2 ?? null,
        riverLengthKm: values.riverLengthKm ?? null,
        version: water.version,
      }),
    onSuccess: async () => {
      await Promise.all(INVALIDATES.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
      void message.success(t('sourceLists.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const positive = { type: 'number' as const, min: 0.01, message: t('sourceLists.positive') };
  return (
    <Modal
      open
      title={t('sourceLists.waters.editTitle', { name: water.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="basin-form"
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<BasinValues>
        form={form}
        layout="vertical"
        initialValues={{ basinAreaKm2: water.basinAreaKm2, riverLengthKm: water.riverLengthKm }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="basinAreaKm2" label={t('sourceLists.waters.basinArea')} rules={[positive]}>
          <InputNumber className="full-width" step={1} data-testid="basin-area" />
        </Form.Item>
        <Form.Item name="riverLengthKm" label={t('sourceLists.waters.riverLength')} rules={[positive]}>
          <InputNumber className="full-width" step={0.1} data-testid="river-length" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** The water bodies with the water bureau's basin area and river length, editable by form and XLSX. */
export function WaterBasinTab() {
  const { t } = useI18n();
  const { can } = useAuth();
  const writable = can(Permission.LayerWrite);
  const [editing, setEditing] = useState<WaterBasinRow | null>(null);
  const [importing, setImporting] = useState(false);
  const waters = useQuery({ queryKey: ['water-basins'], queryFn: ({ signal }) => listWaterBasins(signal) });
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const columns: TableColumnsType<WaterBasinRow> = [
    { title: t('sourceLists.waters.code'), dataIndex: 'code', width: 110 },
    { title: t('sourceLists.waters.name'), dataIndex: 'name' },
    {
      title: t('sourceLists.waters.basinArea'),
      dataIndex: 'basinAreaKm2',
      align: 'right',
      width: 160,
      sorter: (a, b) => (a.basinAreaKm2 ?? -1) - (b.basinAreaKm2 ?? -1),
      render: (value: number | null) => value ?? none,
    },
    {
      title: t('sourceLists.waters.riverLength'),
      dataIndex: 'riverLengthKm',
      align: 'right',
      width: 140,
      sorter: (a, b) => (a.riverLengthKm ?? -1) - (b.riverLengthKm ?? -1),
      render: (value: number | null) => value ?? none,
    },
    ...(writable
      ? [
          {
            title: t('sourceLists.col.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, water: WaterBasinRow) => (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(water)}
                data-testid="basin-edit"
              >
                {t('sourceLists.waters.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <Alert type="info" showIcon className="section-alert" message={t('sourceLists.waters.hint')} />
      {writable && (
        <Space className="section-alert">
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="basin-import">
            {t('sourceLists.waters.import')}
          </Button>
        </Space>
      )}
      {importing && (
        <ImportModal
          title={t('sourceLists.waters.importTitle')}
          start={startBasinImport}
          downloadTemplate={downloadBasinTemplate}
          invalidates={INVALIDATES}
          onClose={() => setImporting(false)}
        />
      )}
      {editing && <BasinFormModal water={editing} onClose={() => setEditing(null)} />}
      {waters.error ? (
        <ApiErrorAlert
          error={waters.error}
          title={t('common.loadError')}
          onRetry={() => void waters.refetch()}
        />
      ) : (
        <Table<WaterBasinRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={waters.data?.items}
          loading={waters.isFetching}
          pagination={false}
          locale={{ emptyText: <Empty /> }}
          data-testid="basin-table"
        />
      )}
    </>
  );
}
