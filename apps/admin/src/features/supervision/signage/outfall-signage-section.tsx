import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Permission, SIGN_FIELD_LABELS, type SignField } from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Space,
  Spin,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  getOutfallRequiredIndicators,
  getSign,
  getSignProposal,
  saveSign,
  type SignInput,
  type SignView,
} from './signage.api';

const FIELDS = [
  'outfallName',
  'entityName',
  'receivingWater',
  'supervisingDepartment',
  'supervisingPhone',
  'installed',
  'installedOn',
] as const;

type FormValues = Omit<SignInput, 'installedOn' | 'version'> & { installedOn?: Dayjs | null };

/** The drawer's sign (树标立牌) and required-indicator section for one outfall. */
export function OutfallSignageSection({ outfallId, active }: { outfallId: string; active: boolean }) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  const sign = useQuery({
    queryKey: ['signs', 'outfall', outfallId],
    queryFn: ({ signal }) => getSign(outfallId, signal),
  });
  const writable = can(Permission.DirectoryWrite) && active;
  const current = sign.data;
  return (
    <section className="drawer-section" data-testid="signage-section">
      <RequiredIndicatorsSummary outfallId={outfallId} />
      <Typography.Title level={5}>{t('signage.section')}</Typography.Title>
      {sign.error ? (
        <ApiErrorAlert error={sign.error} title={t('common.loadError')} onRetry={() => void sign.refetch()} />
      ) : sign.isPending ? (
        <Spin />
      ) : current ? (
        <>
          {current.outdated ? (
            <Alert
              type="warning"
              showIcon
              className="section-alert"
              data-testid="sign-outdated"
              message={t('signage.outdated')}
              description={t('signage.outdatedHint', {
                fields: current.outdatedFields
                  .map((f) => label(SIGN_FIELD_LABELS, f as SignField))
                  .join('、'),
              })}
            />
          ) : null}
          <Descriptions
            bordered
            size="small"
            column={1}
            className="section-alert"
            items={[
              { key: 'name', label: t('signage.field.outfallName'), children: current.outfallName },
              { key: 'code', label: t('signage.field.outfallCode'), children: current.outfallCode },
              { key: 'entity', label: t('signage.field.entityName'), children: current.entityName },
              { key: 'water', label: t('signage.field.receivingWater'), children: current.receivingWater },
              {
                key: 'dept',
                label: t('signage.field.supervisingDepartment'),
                children: `${current.supervisingDepartment} ${current.supervisingPhone}`,
              },
              {
                key: 'qr',
                label: t('signage.field.qrPayload'),
                children: <Typography.Text copyable>{current.qrPayload}</Typography.Text>,
              },
              {
                key: 'installed',
                label: t('signage.field.installed'),
                children: current.installed ? (
                  <Tag color="green" data-testid="sign-installed">
                    {t('signage.installed')} {current.installedOn}
                  </Tag>
                ) : (
                  <Tag>{t('signage.notInstalled')}</Tag>
                ),
              },
            ]}
          />
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signage.none')} />
      )}
      {writable && !sign.isPending && !sign.error && (
        <Button
          icon={current ? <EditOutlined /> : <PlusOutlined />}
          onClick={() => setEditing(true)}
          data-testid="sign-edit"
        >
          {current ? t('signage.edit') : t('signage.create')}
        </Button>
      )}
      {editing && (
        <SignFormModal outfallId={outfallId} current={current ?? null} onClose={() => setEditing(false)} />
      )}
    </section>
  );
}

/** The required set beyond the seven and what the latest sample lacks (the 缺必测 flag on the outfall). */
function RequiredIndicatorsSummary({ outfallId }: { outfallId: string }) {
  const { t, locale } = useI18n();
  const required = useQuery({
    queryKey: ['required-indicators', outfallId],
    queryFn: ({ signal }) => getOutfallRequiredIndicators(outfallId, signal),
  });
  if (required.error) return <ApiErrorAlert error={required.error} title={t('common.loadError')} />;
  const data = required.data;
  if (!data) return <Spin />;
  const name = (r: { nameZh: string; nameEn: string }) => (locale === 'en-US' ? r.nameEn : r.nameZh);
  const reason = (r: { reasonZh: string; reasonEn: string }) =>
    locale === 'en-US' ? r.reasonEn : r.reasonZh;
  const extra = data.required.filter((r) => r.reasons.some((x) => x.ruleId));
  return (
    <div className="section-alert" data-testid="required-indicators">
      <Typography.Title level={5}>{t('signage.required.title')}</Typography.Title>
      {data.missingRequired && data.latestSample ? (
        <Alert
          type="warning"
          showIcon
          className="section-alert"
          data-testid="missing-required"
          message={t('signage.required.missing', {
            names: data.latestSample.missing.map(name).join('、'),
          })}
          description={data.latestSample.missing
            .filter((m) => m.reasons.some((x) => x.ruleId))
            .map((m) => (
              <div key={m.code}>
                {name(m)}：
                {m.reasons
                  .filter((x) => x.ruleId)
                  .map(reason)
                  .join('；')}
              </div>
            ))}
        />
      ) : (
        <Typography.Text type="secondary">
          {data.latestSample ? t('signage.required.complete') : t('signage.required.noSample')}
        </Typography.Text>
      )}
      <div>
        <Typography.Text type="secondary">
          {extra.length ? `${t('signage.required.extra')}：` : t('signage.required.onlySeven')}
        </Typography.Text>
        <Space size={4} wrap>
          {extra.map((r) => (
            <Tooltip key={r.code} title={r.reasons.map(reason).join('；')}>
              <Tag data-testid={`required-${r.code}`}>{name(r)}</Tag>
            </Tooltip>
          ))}
        </Space>
      </div>
    </div>
  );
}

function SignFormModal({
  outfallId,
  current,
  onClose,
}: {
  outfallId: string;
  current: SignView | null;
  onClose(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const installed = Form.useWatch('installed', form);
  const proposal = useQuery({
    queryKey: ['signs', 'proposal', outfallId],
    queryFn: ({ signal }) => getSignProposal(outfallId, signal),
  });
  const fill = () => {
    const p = proposal.data;
    if (!p) return;
    form.setFieldsValue({
      outfallName: p.outfallName,
      entityName: p.entityName ?? '',
      receivingWater: p.receivingWater,
      supervisingDepartment: p.supervisingDepartment,
      ...(p.supervisingPhone ? { supervisingPhone: p.supervisingPhone } : {}),
    });
  };
  const save = useMutation({
    mutationFn: (values: FormValues) =>
      saveSign(outfallId, {
        ...values,
        installed: !!values.installed,
        installedOn: values.installed && values.installedOn ? values.installedOn.format('YYYY-MM-DD') : null,
        ...(current ? { version: current.version } : {}),
      }),
    onSuccess: async () => {
      message.success(t('signage.saved'));
      await queryClient.invalidateQueries({ queryKey: ['signs'] });
      await queryClient.invalidateQueries({ queryKey: ['outfalls', 'detail', outfallId] });
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  const initial: Partial<FormValues> = current
    ? {
        outfallName: current.outfallName,
        entityName: current.entityName,
        receivingWater: current.receivingWater,
        supervisingDepartment: current.supervisingDepartment,
        supervisingPhone: current.supervisingPhone,
        installed: current.installed,
        installedOn: current.installedOn ? dayjs(current.installedOn) : null,
      }
    : { installed: false };
  return (
    <Modal
      open
      title={current ? t('signage.edit') : t('signage.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'sign-save' } }}
      destroyOnHidden
      width={560}
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="section-alert" />}
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button onClick={fill} disabled={!proposal.data} data-testid="sign-prefill">
          {t('signage.prefill')}
        </Button>
        <Typography.Text type="secondary">
          {t('signage.codeHint')}
          {proposal.data ? `：${proposal.data.outfallCode} · ${proposal.data.qrPayload}` : ''}
        </Typography.Text>
      </Space>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values) => save.mutate(values)}
        data-testid="sign-form"
      >
        <Form.Item name="outfallName" label={t('signage.field.outfallName')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="sign-outfallName" />
        </Form.Item>
        <Form.Item name="entityName" label={t('signage.field.entityName')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="sign-entityName" />
        </Form.Item>
        <Form.Item
          name="receivingWater"
          label={t('signage.field.receivingWater')}
          rules={[{ required: true }]}
        >
          <Input maxLength={100} data-testid="sign-receivingWater" />
        </Form.Item>
        <Form.Item
          name="supervisingDepartment"
          label={t('signage.field.supervisingDepartment')}
          rules={[{ required: true }]}
        >
          <Input maxLength={100} data-testid="sign-supervisingDepartment" />
        </Form.Item>
        <Form.Item
          name="supervisingPhone"
          label={t('signage.field.supervisingPhone')}
          extra={t('signage.phoneHint')}
          rules={[{ required: true }]}
        >
          <Input maxLength={20} data-testid="sign-supervisingPhone" />
        </Form.Item>
        <Form.Item name="installed" label={t('signage.field.installed')} valuePropName="checked">
          <Switch data-testid="sign-installed-switch" />
        </Form.Item>
        {installed && (
          <Form.Item name="installedOn" label={t('signage.field.installedOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="sign-installedOn" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
