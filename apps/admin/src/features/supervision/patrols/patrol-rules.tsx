import {
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  Permission,
  type OutfallArea,
  type OutfallCategory,
} from '@outfall/shared-types';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useAuth } from '../../../api/auth-context';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { needsFormAlert, placeFieldErrors } from '../../../i18n/field-errors.util';
import { useI18n } from '../../../i18n/i18n-context';
import {
  deleteRule,
  getPatrolConfig,
  listRules,
  saveRule,
  setPatrolConfig,
  type PatrolRule,
  type PatrolRuleInput,
} from './patrols.api';

const RULE_FIELDS = ['category', 'area', 'keyRiver', 'intervalDays', 'note'] as const;
const ANY = '__any__';

interface RuleForm {
  category: string;
  area: string;
  keyRiver: string;
  intervalDays: number;
  note?: string;
}

/** The frequency rules (category × area × key river → every N days) and the GPS distance limit. */
export function PatrolRules() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const configurable = can(Permission.SupervisionConfigure);
  const [editing, setEditing] = useState<PatrolRule | 'new' | null>(null);
  const rules = useQuery({ queryKey: ['patrols', 'rules'], queryFn: ({ signal }) => listRules(signal) });
  const config = useQuery({
    queryKey: ['patrols', 'config'],
    queryFn: ({ signal }) => getPatrolConfig(signal),
  });
  const remove = useMutation({
    mutationFn: deleteRule,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patrols'] });
      void message.success(t('patrols.saved'));
    },
  });
  const [limit, setLimit] = useState<number | null>(null);
  const saveLimit = useMutation({
    mutationFn: (value: number) => setPatrolConfig(value),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patrols', 'config'] });
      setLimit(null);
      void message.success(t('patrols.saved'));
    },
  });
  const any = <Typography.Text type="secondary">{t('patrols.rules.anyValue')}</Typography.Text>;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('patrols.rules.title')}
        extra={
          configurable && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="rule-add">
              {t('patrols.rules.add')}
            </Button>
          )
        }
      >
        <Alert type="info" showIcon message={t('patrols.rules.hint')} className="form-alert" />
        {remove.error && (
          <ApiErrorAlert error={remove.error} className="form-alert" data-testid="rule-error" />
        )}
        {rules.error ? (
          <ApiErrorAlert
            error={rules.error}
            title={t('common.loadError')}
            onRetry={() => void rules.refetch()}
          />
        ) : (
          <Table<PatrolRule>
            rowKey="id"
            size="small"
            loading={rules.isFetching}
            dataSource={rules.data}
            pagination={false}
            columns={[
              {
                title: t('patrols.rules.category'),
                dataIndex: 'category',
                render: (v: OutfallCategory | null) => (v ? label(OUTFALL_CATEGORY_LABELS, v) : any),
              },
              {
                title: t('patrols.rules.area'),
                dataIndex: 'area',
                render: (v: OutfallArea | null) => (v ? label(OUTFALL_AREA_LABELS, v) : any),
              },
              {
                title: t('patrols.rules.keyRiver'),
                dataIndex: 'keyRiver',
                render: (v: boolean | null) => (v === null ? any : t(v ? 'patrols.yes' : 'patrols.no')),
              },
              {
                title: t('patrols.rules.interval'),
                dataIndex: 'intervalDays',
                render: (n: number) => <span data-testid="rule-interval">{n}</span>,
              },
              { title: t('patrols.rules.note'), dataIndex: 'note' },
              ...(configurable
                ? [
                    {
                      title: '',
                      key: 'actions',
                      width: 150,
                      render: (_: unknown, rule: PatrolRule) => (
                        <Space>
                          <Button size="small" onClick={() => setEditing(rule)} data-testid="rule-edit">
                            {t('patrols.rules.edit')}
                          </Button>
                          <Popconfirm
                            title={t('patrols.rules.deleteConfirm')}
                            onConfirm={() => remove.mutate(rule.id)}
                          >
                            <Button size="small" danger data-testid="rule-delete">
                              {t('patrols.rules.delete')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
            data-testid="rule-table"
          />
        )}
      </Card>
      <Card size="small" title={t('patrols.config.title')}>
        <Typography.Paragraph type="secondary">{t('patrols.config.hint')}</Typography.Paragraph>
        {saveLimit.error && <ApiErrorAlert error={saveLimit.error} className="form-alert" />}
        <Space>
          <InputNumber
            min={10}
            max={5000}
            addonAfter="m"
            disabled={!configurable}
            value={limit ?? config.data?.distanceLimitM}
            onChange={(value) => setLimit(value)}
            data-testid="config-limit"
          />
          {configurable && (
            <Button
              type="primary"
              disabled={limit === null}
              loading={saveLimit.isPending}
              onClick={() => limit !== null && saveLimit.mutate(limit)}
              data-testid="config-save"
            >
              {t('common.save')}
            </Button>
          )}
        </Space>
      </Card>
      {editing && <RuleModal rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

function RuleModal({ rule, onClose }: { rule: PatrolRule | null; onClose(): void }) {
  const i18n = useI18n();
  const { t, label } = i18n;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const save = useMutation({
    mutationFn: (values: RuleForm) => {
      const input: PatrolRuleInput = {
        category: values.category === ANY ? null : (values.category as OutfallCategory),
        area: values.area === ANY ? null : (values.area as OutfallArea),
        keyRiver: values.keyRiver === ANY ? null : values.keyRiver === 'true',
        intervalDays: values.intervalDays,
        // left out when blank: the API stores a blank note as null (the DTO takes no null)
        note: values.note?.trim() || undefined,
      };
      return saveRule(rule?.id ?? null, input);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['patrols'] });
      void message.success(t('patrols.saved'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, RULE_FIELDS, i18n),
  });
  const anyOption = { value: ANY, label: t('patrols.rules.anyValue') };
  return (
    <Modal
      open
      title={rule ? t('patrols.rules.edit') : t('patrols.rules.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'rule-ok' } as never}
      destroyOnHidden
      data-testid="rule-form"
    >
      {needsFormAlert(save.error, RULE_FIELDS) && <ApiErrorAlert error={save.error} className="form-alert" />}
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={{
          category: rule?.category ?? ANY,
          area: rule?.area ?? ANY,
          keyRiver: rule?.keyRiver === null || !rule ? ANY : String(rule.keyRiver),
          intervalDays: rule?.intervalDays ?? 30,
          note: rule?.note ?? '',
        }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="category" label={t('patrols.rules.category')}>
          <Select
            options={[
              anyOption,
              ...Object.keys(OUTFALL_CATEGORY_LABELS).map((v) => ({
                value: v,
                label: label(OUTFALL_CATEGORY_LABELS, v as OutfallCategory),
              })),
            ]}
            data-testid="rule-category"
          />
        </Form.Item>
        <Form.Item name="area" label={t('patrols.rules.area')}>
          <Select
            options={[
              anyOption,
              ...Object.keys(OUTFALL_AREA_LABELS).map((v) => ({
                value: v,
                label: label(OUTFALL_AREA_LABELS, v as OutfallArea),
              })),
            ]}
            data-testid="rule-area"
          />
        </Form.Item>
        <Form.Item name="keyRiver" label={t('patrols.rules.keyRiver')}>
          <Select
            options={[
              anyOption,
              { value: 'true', label: t('patrols.yes') },
              { value: 'false', label: t('patrols.no') },
            ]}
            data-testid="rule-key-river"
          />
        </Form.Item>
        <Form.Item name="intervalDays" label={t('patrols.rules.interval')} rules={[{ required: true }]}>
          <InputNumber style={{ width: '100%' }} data-testid="rule-interval-input" />
        </Form.Item>
        <Form.Item name="note" label={t('patrols.rules.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
