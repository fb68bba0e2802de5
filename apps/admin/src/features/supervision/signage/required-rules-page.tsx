import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  OutfallSubType,
  Permission,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { useIndicators } from '../../monitoring/api';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  createRequiredRule,
  listRequiredRules,
  removeRequiredRule,
  updateRequiredRule,
  type RequiredRule,
  type RequiredRuleInput,
} from './signage.api';

const FIELDS = [
  'name',
  'category',
  'subType',
  'industryPrefix',
  'waterBodyId',
  'indicatorCodes',
  'basis',
  'active',
];

/** 必测指标要求: the rules that require indicators beyond the seven (standards administrators edit them). */
export function RequiredRulesPage() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const indicators = useIndicators();
  const lookups = useDirectoryLookups();
  const [editing, setEditing] = useState<RequiredRule | 'new' | null>(null);
  const rules = useQuery({
    queryKey: ['required-rules'],
    queryFn: ({ signal }) => listRequiredRules(signal),
  });
  const manage = can(Permission.StandardsManage);
  const remove = useMutation({
    mutationFn: (id: string) => removeRequiredRule(id),
    onSuccess: async () => {
      message.success(t('requiredIndicators.removed'));
      await queryClient.invalidateQueries({ queryKey: ['required-rules'] });
    },
  });
  const waterName = (id: string) => lookups.waterBodies.find((w) => w.id === id)?.name ?? id;

  const columns: TableColumnsType<RequiredRule> = [
    {
      title: t('requiredIndicators.col.name'),
      dataIndex: 'name',
      render: (name: string, rule) => (
        <Space size={4} wrap>
          <span data-testid="rule-name">{name}</span>
          {rule.builtin && <Tag>{t('requiredIndicators.builtin')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('requiredIndicators.col.criteria'),
      key: 'criteria',
      render: (_, rule) => (
        <Space size={4} wrap>
          {rule.category && <Tag>{label(OUTFALL_CATEGORY_LABELS, rule.category)}</Tag>}
          {rule.subType && <Tag>{label(OUTFALL_SUB_TYPE_LABELS, rule.subType)}</Tag>}
          {rule.industryPrefix && (
            <Tag color="purple">
              {t('requiredIndicators.criteria.industry', { prefix: rule.industryPrefix })}
            </Tag>
          )}
          {rule.waterBodyId && (
            <Tag color="blue">
              {t('requiredIndicators.criteria.water', { name: waterName(rule.waterBodyId) })}
            </Tag>
          )}
          {rule.functionZoneId && <Tag color="cyan">{t('requiredIndicators.criteria.zone')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('requiredIndicators.col.indicators'),
      dataIndex: 'indicatorCodes',
      render: (codes: string[]) => codes.map((code) => indicators.name(code)).join('、'),
    },
    { title: t('requiredIndicators.col.basis'), dataIndex: 'basis', render: (b: string | null) => b ?? '—' },
    {
      title: t('requiredIndicators.col.state'),
      dataIndex: 'active',
      render: (active: boolean) =>
        active ? (
          <Tag color="green">{t('requiredIndicators.active')}</Tag>
        ) : (
          <Tag>{t('requiredIndicators.inactive')}</Tag>
        ),
    },
    ...(manage
      ? [
          {
            key: 'actions',
            width: 180,
            render: (_: unknown, rule: RequiredRule) => (
              <Space>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(rule)}>
                  {t('requiredIndicators.edit')}
                </Button>
                {!rule.builtin && (
                  <Popconfirm
                    title={t('requiredIndicators.removeConfirm', { name: rule.name })}
                    onConfirm={() => remove.mutate(rule.id)}
                  >
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {t('requiredIndicators.remove')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Typography.Title level={3}>{t('requiredIndicators.title')}</Typography.Title>
      <Alert type="info" showIcon className="section-alert" message={t('requiredIndicators.hint')} />
      {manage && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          className="section-alert"
          onClick={() => setEditing('new')}
          data-testid="rule-add"
        >
          {t('requiredIndicators.add')}
        </Button>
      )}
      {remove.error && <ApiErrorAlert error={remove.error} className="section-alert" />}
      {rules.error ? (
        <ApiErrorAlert
          error={rules.error}
          title={t('common.loadError')}
          onRetry={() => void rules.refetch()}
        />
      ) : (
        <Table<RequiredRule>
          rowKey="id"
          columns={columns}
          dataSource={rules.data}
          loading={rules.isFetching}
          pagination={false}
          locale={{ emptyText: <Empty description={t('requiredIndicators.empty')} /> }}
          data-testid="rules-table"
        />
      )}
      {editing && (
        <RuleFormModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}

function RuleFormModal({ rule, onClose }: { rule: RequiredRule | null; onClose(): void }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const indicators = useIndicators();
  const lookups = useDirectoryLookups();
  const [form] = Form.useForm<RequiredRuleInput>();
  const save = useMutation({
    mutationFn: (values: RequiredRuleInput) => {
      const input: RequiredRuleInput = {
        ...values,
        category: values.category ?? null,
        subType: values.subType ?? null,
        industryPrefix: values.industryPrefix || null,
        waterBodyId: values.waterBodyId ?? null,
        functionZoneId: rule?.functionZoneId ?? null,
        basis: values.basis || null,
        active: values.active ?? true,
      };
      return rule
        ? updateRequiredRule(rule.id, { ...input, version: rule.version })
        : createRequiredRule(input);
    },
    onSuccess: async () => {
      message.success(t('requiredIndicators.saved'));
      await queryClient.invalidateQueries({ queryKey: ['required-rules'] });
      await queryClient.invalidateQueries({ queryKey: ['required-indicators'] });
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, FIELDS, i18n),
  });
  return (
    <Modal
      open
      title={rule ? t('requiredIndicators.edit') : t('requiredIndicators.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...{ 'data-testid': 'rule-save' } }}
      destroyOnHidden
      width={600}
    >
      {needsFormAlert(save.error, FIELDS) && <ApiErrorAlert error={save.error} className="section-alert" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={rule ?? { active: true, indicatorCodes: [] }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="name" label={t('requiredIndicators.field.name')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="rule-field-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="category" label={t('requiredIndicators.field.category')}>
            <Select
              allowClear
              style={{ width: 220 }}
              options={Object.values(OutfallCategory).map((value) => ({
                value,
                label: label(OUTFALL_CATEGORY_LABELS, value),
              }))}
            />
          </Form.Item>
          <Form.Item name="subType" label={t('requiredIndicators.field.subType')}>
            <Select
              allowClear
              style={{ width: 240 }}
              options={Object.values(OutfallSubType).map((value) => ({
                value,
                label: label(OUTFALL_SUB_TYPE_LABELS, value),
              }))}
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="industryPrefix"
          label={t('requiredIndicators.field.industryPrefix')}
          extra={t('requiredIndicators.industryHint')}
        >
          <Input maxLength={4} style={{ width: 160 }} data-testid="rule-field-industry" />
        </Form.Item>
        <Form.Item name="waterBodyId" label={t('requiredIndicators.field.waterBodyId')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={lookups.waterBodies.map((w) => ({ value: w.id, label: w.name }))}
          />
        </Form.Item>
        <Form.Item
          name="indicatorCodes"
          label={t('requiredIndicators.field.indicatorCodes')}
          rules={[{ required: true }]}
        >
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={indicators.indicators.map((i) => ({ value: i.code, label: indicators.name(i.code) }))}
            data-testid="rule-field-indicators"
          />
        </Form.Item>
        <Form.Item name="basis" label={t('requiredIndicators.field.basis')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="active" label={t('requiredIndicators.field.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
