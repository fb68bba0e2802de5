import { EditOutlined, PlusOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { API_KEY_BASE_SCOPES, API_KEY_SCOPE_LABELS, ApiKeyScope, type LabelMap } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
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
import { SecretOnceModal } from '../../../shared/ui/secret-once-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  revokePreviousSecret,
  rotateApiKey,
  updateApiKey,
} from './accounts.api';
import type { ApiKey, CreatedApiKey } from './accounts.types';

const KEYS = ['api-keys'] as const;
const FIELDS = ['name', 'scope', 'scopes', 'rateLimitPerMinute', 'divisionId', 'expiresAt'] as const;
const ROTATE_FIELDS = ['previousValidUntil'] as const;
/** Scopes come from the shared enum, so a scope added there shows up here with its label. */
const SCOPE_LABELS: LabelMap<string> = API_KEY_SCOPE_LABELS;

interface Values {
  name: string;
  scope: ApiKeyScope;
  scopes?: ApiKeyScope[];
  rateLimitPerMinute?: number | null;
  divisionId?: string;
  expiresAt?: Dayjs;
}

/** The base scope first, then the scopes added on top. */
function scopesOf(key: ApiKey): string[] {
  return [key.scope, ...(key.scopes ?? []).filter((scope) => scope !== key.scope)];
}

const EXTRA_SCOPES = Object.values(ApiKeyScope).filter((scope) => !API_KEY_BASE_SCOPES.includes(scope));

/** What a secret shown once says besides "copy it now". */
type Shown = { title: string; secret: string; previousUntil?: string | null };

/** API 密钥: keys for other government systems; the secret is shown once, at creation and at each rotation. */
export function ApiKeysTab() {
  const { t, label, dateTime } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const lookups = useDirectoryLookups();
  const list = useListState([] as const);
  const [editing, setEditing] = useState<ApiKey | 'new' | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const keys = useQuery({
    queryKey: ['api-keys', 'list', list.query],
    queryFn: ({ signal }) => listApiKeys(list.query, signal),
    placeholderData: keepPreviousData,
  });
  const changed = (text: string) => async () => {
    await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    void message.success(text);
  };
  const revoke = useMutation({ mutationFn: revokeApiKey, onSuccess: changed(t('accounts.key.revoked')) });
  const revokePrevious = useMutation({
    mutationFn: revokePreviousSecret,
    onSuccess: changed(t('accounts.key.previousRevoked')),
  });
  const scopeLabel = (scope: string) => (SCOPE_LABELS[scope] ? label(SCOPE_LABELS, scope) : scope);
  const options = (scopes: readonly ApiKeyScope[]) =>
    scopes.map((value) => ({ value, label: scopeLabel(value) }));
  const now = Date.now();
  const previousValid = (key: ApiKey) =>
    !key.revokedAt && key.previousSecretExpiresAt && new Date(key.previousSecretExpiresAt).getTime() > now;
  const state = (key: ApiKey) =>
    key.revokedAt ? (
      <Tag data-testid="key-state">{t('accounts.key.stateRevoked')}</Tag>
    ) : key.expiresAt && new Date(key.expiresAt).getTime() <= now ? (
      <Tag color="orange" data-testid="key-state">
        {t('accounts.key.stateExpired')}
      </Tag>
    ) : (
      <Space size={[0, 4]} wrap>
        <Tag color="green" data-testid="key-state">
          {t('accounts.key.stateActive')}
        </Tag>
        {previousValid(key) && (
          <Tag color="gold" data-testid="key-previous">
            {t('accounts.key.previousUntil', { at: dateTime(key.previousSecretExpiresAt as string) })}
          </Tag>
        )}
      </Space>
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
      width: 170,
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
    {
      title: t('accounts.key.rateLimit'),
      dataIndex: 'rateLimitPerMinute',
      width: 110,
      render: (limit: number | null) =>
        limit ? t('accounts.key.perMinute', { limit }) : t('accounts.key.defaultLimit'),
    },
    { title: t('accounts.key.state'), key: 'state', width: 150, render: (_, key) => state(key) },
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
      width: 200,
      render: (_, key) =>
        !key.revokedAt && (
          <Space size={0} wrap>
            <Button
              type="link"
              icon={<EditOutlined />}
              aria-label={t('accounts.editOf', { name: key.name })}
              onClick={() => setEditing(key)}
              data-testid="key-edit"
            >
              {t('accounts.edit')}
            </Button>
            <Button
              type="link"
              icon={<SyncOutlined />}
              aria-label={t('accounts.key.rotateOf', { name: key.name })}
              onClick={() => setRotating(key)}
              data-testid="key-rotate"
            >
              {t('accounts.key.rotate')}
            </Button>
            {previousValid(key) && (
              <Popconfirm
                title={t('accounts.key.revokePreviousConfirm', { name: key.name })}
                okText={t('accounts.key.revokePrevious')}
                cancelText={t('common.cancel')}
                onConfirm={() => revokePrevious.mutate(key.id)}
              >
                <Button type="link" danger data-testid="key-revoke-previous">
                  {t('accounts.key.revokePrevious')}
                </Button>
              </Popconfirm>
            )}
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
          </Space>
        ),
    },
  ];

  const editedKey = editing && editing !== 'new' ? editing : null;
  return (
    <>
      <div className="page-header">
        <Typography.Text type="secondary">{t('accounts.key.intro')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="key-new"
        >
          {t('accounts.key.new')}
        </Button>
      </div>
      {(revoke.error ?? revokePrevious.error) && (
        <ApiErrorAlert error={revoke.error ?? revokePrevious.error} className="section-alert" />
      )}
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
          scroll={{ x: 1400 }}
          data-testid="keys-table"
        />
      )}
      {editing && (
        <FormModal<Values, ApiKey | CreatedApiKey>
          title={editedKey ? t('accounts.editOf', { name: editedKey.name }) : t('accounts.key.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={editedKey ? t('accounts.saved') : t('accounts.key.created')}
          testId="key-form"
          initialValues={
            editedKey
              ? {
                  name: editedKey.name,
                  scope: editedKey.scope,
                  scopes: (editedKey.scopes ?? []).filter((scope) => scope !== editedKey.scope),
                  rateLimitPerMinute: editedKey.rateLimitPerMinute,
                }
              : { scope: ApiKeyScope.Read }
          }
          save={(values) => {
            const common = {
              name: values.name.trim(),
              scope: values.scope,
              scopes: values.scopes ?? [],
            };
            return editedKey
              ? updateApiKey(editedKey.id, {
                  ...common,
                  rateLimitPerMinute: values.rateLimitPerMinute ?? null,
                })
              : createApiKey({
                  ...common,
                  rateLimitPerMinute: values.rateLimitPerMinute ?? undefined,
                  divisionId: values.divisionId,
                  expiresAt: values.expiresAt?.endOf('day').toISOString(),
                });
          }}
          onSaved={(result) => {
            if ('key' in result) {
              setShown({
                title: t('accounts.key.secretTitle', { name: result.apiKey.name }),
                secret: result.key,
              });
            }
          }}
          onClose={() => setEditing(null)}
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
            <Select<string> options={options(API_KEY_BASE_SCOPES)} data-testid="key-form-scope" />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('accounts.key.extraScopes')}
            extra={t('accounts.key.extraScopesHint')}
          >
            <Select<string[]>
              mode="multiple"
              allowClear
              options={options(EXTRA_SCOPES)}
              data-testid="key-form-scopes"
            />
          </Form.Item>
          <Form.Item
            name="rateLimitPerMinute"
            label={t('accounts.key.rateLimit')}
            extra={t('accounts.key.rateLimitHint')}
          >
            <InputNumber<number>
              min={1}
              max={100_000}
              precision={0}
              className="full-width"
              data-testid="key-form-rate"
            />
          </Form.Item>
          {!editedKey && (
            <>
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
                  options={lookups.townships.map((division) => ({
                    value: division.id,
                    label: division.name,
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="expiresAt"
                label={t('accounts.key.expiresAt')}
                extra={t('accounts.key.expiresHint')}
              >
                <DatePicker />
              </Form.Item>
            </>
          )}
        </FormModal>
      )}
      {rotating && (
        <FormModal<{ previousValidUntil?: Dayjs }, CreatedApiKey>
          title={t('accounts.key.rotateOf', { name: rotating.name })}
          fields={ROTATE_FIELDS}
          invalidates={KEYS}
          successText={t('accounts.key.rotated')}
          testId="key-rotate-form"
          save={(values) =>
            rotateApiKey(rotating.id, { previousValidUntil: values.previousValidUntil?.toISOString() })
          }
          onSaved={(result) =>
            setShown({
              title: t('accounts.key.secretTitle', { name: result.apiKey.name }),
              secret: result.key,
              previousUntil: result.apiKey.previousSecretExpiresAt,
            })
          }
          onClose={() => setRotating(null)}
        >
          <Typography.Paragraph type="secondary">{t('accounts.key.rotateIntro')}</Typography.Paragraph>
          <Form.Item
            name="previousValidUntil"
            label={t('accounts.key.previousValidUntil')}
            extra={t('accounts.key.previousValidUntilHint')}
          >
            <DatePicker showTime data-testid="key-rotate-until" />
          </Form.Item>
        </FormModal>
      )}
      {shown && (
        <SecretOnceModal
          title={shown.title}
          secret={shown.secret}
          testId="key-secret"
          extra={
            shown.previousUntil ? (
              <Typography.Paragraph data-testid="key-secret-previous">
                {t('accounts.key.previousUntil', { at: dateTime(shown.previousUntil) })}
              </Typography.Paragraph>
            ) : null
          }
          onClose={() => setShown(null)}
        />
      )}
    </>
  );
}
