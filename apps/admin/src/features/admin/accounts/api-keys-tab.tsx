import { CopyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { API_KEY_SCOPE_LABELS, ApiKeyScope, type LabelMap } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDirectoryLookups } from '../../../shared/reference-data/reference-data';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { FormModal } from '../../../shared/ui/form-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { createApiKey, listApiKeys, revokeApiKey } from './accounts.api';
import type { ApiKey, CreatedApiKey } from './accounts.types';

const KEYS = ['api-keys'] as const;
const FIELDS = ['name', 'scope', 'scopes', 'divisionId', 'expiresAt'] as const;
/** Scopes come from the shared enum, so a scope added there shows up here with its label. */
const SCOPE_LABELS: LabelMap<string> = API_KEY_SCOPE_LABELS;

interface Values {
  name: string;
  scope: string;
  divisionId?: string;
  expiresAt?: Dayjs;
}

function scopesOf(key: ApiKey): string[] {
  return key.scopes ?? (key.scope ? [key.scope] : []);
}

/** API 密钥: keys for other government systems; the secret is shown once, at creation. */
export function ApiKeysTab() {
  const { t, label, dateTime } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const lookups = useDirectoryLookups();
  const list = useListState([] as const);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys', 'list', list.query],
    queryFn: ({ signal }) => listApiKeys(list.query, signal),
    placeholderData: keepPreviousData,
  });
  const revoke = useMutation({
    mutationFn: revokeApiKey,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      void message.success(t('accounts.key.revoked'));
    },
  });
  const scopeLabel = (scope: string) => (SCOPE_LABELS[scope] ? label(SCOPE_LABELS, scope) : scope);
  const scopeOptions = Object.values(ApiKeyScope).map((value) => ({ value, label: scopeLabel(value) }));
  const now = Date.now();
  const state = (key: ApiKey) =>
    key.revokedAt ? (
      <Tag data-testid="key-state">{t('accounts.key.stateRevoked')}</Tag>
    ) : key.expiresAt && new Date(key.expiresAt).getTime() <= now ? (
      <Tag color="orange" data-testid="key-state">
        {t('accounts.key.stateExpired')}
      </Tag>
    ) : (
      <Tag color="green" data-testid="key-state">
        {t('accounts.key.stateActive')}
      </Tag>
    );

  const columns: TableColumnsType<ApiKey> = [
    { title: t('accounts.key.name'), dataIndex: 'name', ...sortable(list.sort, 'name') },
    {
      title: t('accounts.key.prefix'),
      dataIndex: 'prefix',
      width: 150,
      render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
    },
    {
      title: t('accounts.key.scope'),
      key: 'scope',
      width: 150,
      render: (_, key) => (
        <Space size={[0, 4]} wrap>
          {scopesOf(key).map((scope) => (
            <Tag key={scope}>{scopeLabel(scope)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('accounts.key.division'),
      dataIndex: 'divisionId',
      width: 130,
      render: (id: string | null) => (id ? (lookups.townshipName(id) ?? id) : t('accounts.key.cityWide')),
    },
    { title: t('accounts.key.state'), key: 'state', width: 90, render: (_, key) => state(key) },
    {
      title: t('accounts.key.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      ...sortable(list.sort, 'createdAt'),
      render: (at: string) => dateTime(at),
    },
    {
      title: t('accounts.key.expiresAt'),
      dataIndex: 'expiresAt',
      width: 170,
      render: (at: string | null) => (at ? dateTime(at) : t('accounts.key.noExpiry')),
    },
    {
      title: t('accounts.key.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 170,
      ...sortable(list.sort, 'lastUsedAt'),
      render: (at: string | null | undefined) => (at ? dateTime(at) : t('accounts.never')),
    },
    {
      title: t('accounts.col.actions'),
      key: 'actions',
      width: 110,
      render: (_, key) =>
        !key.revokedAt && (
          <Popconfirm
            title={t('accounts.key.revokeConfirm', { name: key.name })}
            okText={t('accounts.key.revoke')}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(key.id)}
          >
            <Button
              type="link"
              danger
              icon={<StopOutlined />}
              aria-label={t('accounts.key.revokeOf', { name: key.name })}
              data-testid="key-revoke"
            >
              {t('accounts.key.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <div className="page-header">
        <Typography.Text type="secondary">{t('accounts.key.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="key-new"
        >
          {t('accounts.key.new')}
        </Button>
      </div>
      {revoke.error && <ApiErrorAlert error={revoke.error} className="section-alert" />}
      {keys.error ? (
        <ApiErrorAlert error={keys.error} title={t('common.loadError')} onRetry={() => void keys.refetch()} />
      ) : (
        <Table<ApiKey>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={keys.data?.items}
          loading={keys.isFetching}
          onChange={list.onChange<ApiKey>()}
          pagination={list.pagination(keys.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={t('accounts.key.empty')} /> }}
          data-testid="keys-table"
        />
      )}
      {creating && (
        <FormModal<Values, CreatedApiKey>
          title={t('accounts.key.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={t('accounts.key.created')}
          testId="key-form"
          initialValues={{ scope: ApiKeyScope.Read }}
          save={(values) =>
            createApiKey({
              name: values.name.trim(),
              scope: values.scope,
              divisionId: values.divisionId,
              expiresAt: values.expiresAt?.endOf('day').toISOString(),
            })
          }
          onSaved={setCreated}
          onClose={() => setCreating(false)}
        >
          <Form.Item
            name="name"
            label={t('accounts.key.name')}
            extra={t('accounts.key.nameHint')}
            rules={[{ required: true, whitespace: true, message: t('accounts.required') }]}
          >
            <Input maxLength={100} data-testid="key-form-name" />
          </Form.Item>
          <Form.Item
            name="scope"
            label={t('accounts.key.scope')}
            rules={[{ required: true, message: t('accounts.required') }]}
          >
            <Select<string> options={scopeOptions} data-testid="key-form-scope" />
          </Form.Item>
          <Form.Item
            name="divisionId"
            label={t('accounts.key.division')}
            extra={t('accounts.key.divisionHint')}
          >
            <Select<string>
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('accounts.key.cityWide')}
              options={lookups.townships.map((division) => ({ value: division.id, label: division.name }))}
            />
          </Form.Item>
          <Form.Item
            name="expiresAt"
            label={t('accounts.key.expiresAt')}
            extra={t('accounts.key.expiresHint')}
          >
            <DatePicker />
          </Form.Item>
        </FormModal>
      )}
      {created && (
        <Modal
          open
          title={t('accounts.key.secretTitle', { name: created.apiKey.name })}
          okText={t('accounts.key.secretDone')}
          cancelButtonProps={{ style: { display: 'none' } }}
          onOk={() => setCreated(null)}
          onCancel={() => setCreated(null)}
          maskClosable={false}
          data-testid="key-secret"
        >
          <Alert type="warning" showIcon className="form-alert" message={t('accounts.key.secretOnce')} />
          <Space.Compact className="full-width">
            <Input
              readOnly
              value={created.key}
              aria-label={t('accounts.key.secret')}
              data-testid="key-secret-value"
            />
            <Button
              icon={<CopyOutlined />}
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(created.key)
                  .then(() => message.success(t('accounts.key.copied')))
                  .catch(() => undefined)
              }
            >
              {t('accounts.key.copy')}
            </Button>
          </Space.Compact>
        </Modal>
      )}
    </>
  );
}
