import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { UPWARD_PACKAGE_STATUS_LABELS, UpwardPackageStatus } from '@outfall/shared-types';
import { App, Button, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import {
  downloadPackageFile,
  generatePackage,
  listPackages,
  recordReceipt,
  type UpwardPackageRow,
} from './submissions.api';
import { showFieldErrors } from './use-field-errors';

function ReceiptModal({ pkg, onClose }: { pkg: UpwardPackageRow; onClose(): void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ sentAt: Dayjs; receiptNumber: string; receiptOn: Dayjs }>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { sentAt: Dayjs; receiptNumber: string; receiptOn: Dayjs }) =>
      recordReceipt(pkg.id, {
        sentAt: v.sentAt.toISOString(),
        receiptNumber: v.receiptNumber.trim(),
        receiptOn: v.receiptOn.format('YYYY-MM-DD'),
        version: pkg.version,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accountability', 'packages'] });
      onClose();
    },
    onError: (error) => showFieldErrors(form, error, ['sentAt', 'receiptNumber', 'receiptOn'], locale),
  });
  const required = { required: true, message: ' ' };
  return (
    <Modal
      open
      title={t('submissions.package.receipt')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      {save.error && <ApiErrorAlert error={save.error} className="section-alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ sentAt: dayjs(), receiptOn: dayjs() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="sentAt" label={t('submissions.package.sentAt')} rules={[required]}>
          <DatePicker showTime />
        </Form.Item>
        <Form.Item name="receiptNumber" label={t('submissions.package.receiptNumber')} rules={[required]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="receiptOn" label={t('submissions.package.receiptOn')} rules={[required]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 上报材料: generate the quarter's package (XLSX + JSON), download it, record the bureau's receipt. */
export function PackagesTab({ quarters }: { quarters: string[] }) {
  const { t, label, dateTime } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [quarter, setQuarter] = useState(quarters[0]);
  const [receipt, setReceipt] = useState<UpwardPackageRow | null>(null);
  const list = useQuery({
    queryKey: ['accountability', 'packages'],
    queryFn: ({ signal }) => listPackages(signal),
    refetchInterval: (q) =>
      q.state.data?.some((p) => p.status === UpwardPackageStatus.Generating) ? 1000 : false,
  });
  const generate = useMutation({
    mutationFn: () => generatePackage(quarter),
    onSuccess: async () => {
      void message.success(t('submissions.saved'));
      await queryClient.invalidateQueries({ queryKey: ['accountability', 'packages'] });
    },
  });
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          value={quarter}
          style={{ width: 120 }}
          options={quarters.map((q) => ({ value: q, label: q }))}
          onChange={setQuarter}
        />
        <Button
          type="primary"
          loading={generate.isPending}
          onClick={() => generate.mutate()}
          data-testid="package-generate"
        >
          {t('submissions.package.generate')}
        </Button>
      </Space>
      {generate.error && <ApiErrorAlert error={generate.error} className="section-alert" />}
      {list.error && (
        <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} className="section-alert" />
      )}
      <Table<UpwardPackageRow>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data}
        locale={{ emptyText: <Empty description={t('submissions.package.empty')} /> }}
        columns={[
          { title: t('submissions.package.quarter'), dataIndex: 'quarter' },
          {
            title: t('submissions.package.status'),
            render: (_, p) => label(UPWARD_PACKAGE_STATUS_LABELS, p.status),
          },
          {
            title: t('submissions.package.files'),
            render: (_, p) => (
              <Space direction="vertical" size={0}>
                {p.files.map((f) => (
                  <Space key={f.kind}>
                    <Button size="small" onClick={() => void downloadPackageFile(p, f.kind)}>
                      {f.fileName}
                    </Button>
                    <Typography.Text type="secondary" copyable style={{ fontSize: 11 }}>
                      {f.sha256}
                    </Typography.Text>
                  </Space>
                ))}
              </Space>
            ),
          },
          { title: t('submissions.package.sentAt'), render: (_, p) => (p.sentAt ? dateTime(p.sentAt) : '—') },
          {
            title: t('submissions.package.receiptNumber'),
            render: (_, p) => (p.receiptNumber ? `${p.receiptNumber}（${p.receiptOn}）` : '—'),
          },
          {
            title: '',
            render: (_, p) =>
              p.status === UpwardPackageStatus.Generated || p.status === UpwardPackageStatus.Sent ? (
                <Button size="small" onClick={() => setReceipt(p)}>
                  {t('submissions.package.receipt')}
                </Button>
              ) : null,
          },
        ]}
      />
      {receipt && <ReceiptModal pkg={receipt} onClose={() => setReceipt(null)} />}
    </>
  );
}
