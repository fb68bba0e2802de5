import { HistoryOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { WEBHOOK_EVENT_TYPE_LABELS, WebhookEventType } from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { sortable } from '../../../shared/utils/table-sort.util';
import { useI18n } from '../../../i18n/i18n-context';
import { useWebhookText } from './messages';
import { listApiKeys } from '../accounts/accounts.api';
import { FormModal } from '../../../shared/ui/form-modal';
import { RowActions } from '../../../shared/ui/row-actions';
import { SecretOnceModal } from '../../../shared/ui/secret-once-modal';
import { useListState } from '../../../shared/hooks/use-list-state';
import { DeliveriesDrawer } from './deliveries-drawer';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  updateSubscription,
  type CreatedWebhookSubscription,
  type WebhookSubscription,
} from './webhooks.api';

const KEYS = ['webhooks'] as const;
const FIELDS = ['apiKeyId', 'url', 'events', 'description'] as const;

interface Values {
  apiKeyId?: string;
  url: string;
  events: WebhookEventType[];
  description?: string;
}

/**
 * 事件推送 (webhooks): where each integrating system (API key) wants events sent, its delivery log and replay.
 * The signing secret is shown once, at creation.
 */
export function WebhooksTab() {
  const { t, label, dateTime } = useI18n();
  const w = useWebhookText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListState(['apiKeyId'] as const);
  const [editing, setEditing] = useState<WebhookSubscription | 'new' | null>(null);
  const [created, setCreated] = useState<CreatedWebhookSubscription | null>(null);
  const [log, setLog] = useState<WebhookSubscription | null>(null);
  const subscriptions = useQuery({
    queryKey: ['webhooks', 'list', list.query],
    queryFn: ({ signal }) => listSubscriptions(list.query, signal),
    placeholderData: keepPreviousData,
  });
  const keys = useQuery({
    queryKey: ['api-keys', 'options'],
    queryFn: ({ signal }) => listApiKeys({ limit: 100, sort: 'name' }, signal),
  });
  const keyName = (id: string) => keys.data?.items.find((key) => key.id === id)?.name ?? `${id.slice(0, 8)}…`;
  const keyOptions = (keys.data?.items ?? [])
    .filter((key) => !key.revokedAt)
    .map((key) => ({ value: key.id, label: key.name }));
  const refresh = (text: string) => async () => {
    await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    void message.success(text);
  };
  const toggle = useMutation({
    mutationFn: (sub: WebhookSubscription) => updateSubscription(sub.id, { active: !sub.active }),
    onSuccess: refresh(w('webhooks.saved')),
  });
  const remove = useMutation({ mutationFn: deleteSubscription, onSuccess: refresh(w('webhooks.deleted')) });
  const eventOptions = Object.values(WebhookEventType).map((value) => ({
    value,
    label: label(WEBHOOK_EVENT_TYPE_LABELS, value),
  }));
  const state = (sub: WebhookSubscription) =>
    sub.active ? (
      <Tag color="green" data-testid="webhook-state">
        {w('webhooks.active')}
      </Tag>
    ) : sub.disabledAt ? (
      <Tooltip title={sub.disabledReason}>
        <Tag color="red" data-testid="webhook-state">
          {w('webhooks.disabledAt', { at: dateTime(sub.disabledAt) })}
        </Tag>
      </Tooltip>
    ) : (
      <Tag data-testid="webhook-state">{w('webhooks.paused')}</Tag>
    );

  const columns: TableColumnsType<WebhookSubscription> = [
    { title: w('webhooks.apiKey'), dataIndex: 'apiKeyId', width: 170, render: (id: string) => keyName(id) },
    {
      title: w('webhooks.url'),
      dataIndex: 'url',
      ...sortable(list.sort, 'url'),
      render: (url: string, sub) => (
        <>
          <Typography.Text code>{url}</Typography.Text>
          {sub.description && (
            <Typography.Text type="secondary" className="cell-note">
              {sub.description}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: w('webhooks.events'),
      dataIndex: 'events',
      width: 260,
      render: (events: WebhookEventType[]) => (
        <Space size={[0, 4]} wrap>
          {events.map((event) => (
            <Tag key={event}>{label(WEBHOOK_EVENT_TYPE_LABELS, event)}</Tag>
          ))}
        </Space>
      ),
    },
    { title: w('webhooks.state'), key: 'state', width: 170, render: (_, sub) => state(sub) },
    { title: w('webhooks.failures'), dataIndex: 'consecutiveFailures', width: 100 },
    {
      title: w('webhooks.lastDelivered'),
      dataIndex: 'lastDeliveredAt',
      width: 170,
      render: (at: string | null) => (at ? dateTime(at) : t('accounts.never')),
    },
    {
      title: t('accounts.col.actions'),
      key: 'actions',
      width: 300,
      render: (_, sub) => (
        <Space size={0} wrap>
          <Button
            type="link"
            icon={<HistoryOutlined />}
            onClick={() => setLog(sub)}
            aria-label={w('webhooks.deliveriesOf', { url: sub.url })}
            data-testid="webhook-log"
          >
            {w('webhooks.deliveries')}
          </Button>
          <Button
            type="link"
            icon={sub.active ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
            onClick={() => toggle.mutate(sub)}
            data-testid="webhook-toggle"
          >
            {sub.active ? w('webhooks.pause') : w('webhooks.enable')}
          </Button>
          <RowActions
            name={sub.url}
            onEdit={() => setEditing(sub)}
            onDelete={() => remove.mutate(sub.id)}
            editTestId="webhook-edit"
          />
        </Space>
      ),
    },
  ];

  const edited = editing && editing !== 'new' ? editing : null;
  return (
    <>
      <div className="page-header">
        <Typography.Text type="secondary">{w('webhooks.intro')}</Typography.Text>
        <Space wrap>
          <Select<string>
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={w('webhooks.allKeys')}
            aria-label={w('webhooks.apiKey')}
            value={list.filter.apiKeyId}
            onChange={(value) => list.setFilter('apiKeyId', value)}
            options={keyOptions}
            className="toolbar-select"
            data-testid="webhook-filter-key"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="webhook-new"
          >
            {w('webhooks.new')}
          </Button>
        </Space>
      </div>
      {(toggle.error ?? remove.error) && (
        <ApiErrorAlert error={toggle.error ?? remove.error} className="section-alert" />
      )}
      {subscriptions.error ? (
        <ApiErrorAlert
          error={subscriptions.error}
          title={t('common.loadError')}
          onRetry={() => void subscriptions.refetch()}
        />
      ) : (
        <Table<WebhookSubscription>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={subscriptions.data?.items}
          loading={subscriptions.isFetching}
          onChange={list.onChange<WebhookSubscription>()}
          pagination={list.pagination(subscriptions.data?.total, (total) => t('common.total', { total }))}
          locale={{ emptyText: <Empty description={w('webhooks.empty')} /> }}
          scroll={{ x: 1300 }}
          data-testid="webhooks-table"
        />
      )}
      {editing && (
        <FormModal<Values, WebhookSubscription | CreatedWebhookSubscription>
          title={edited ? w('webhooks.editOf', { url: edited.url }) : w('webhooks.new')}
          fields={FIELDS}
          invalidates={KEYS}
          successText={edited ? w('webhooks.saved') : w('webhooks.created')}
          testId="webhook-form"
          initialValues={
            edited
              ? { url: edited.url, events: edited.events, description: edited.description ?? undefined }
              : { apiKeyId: list.filter.apiKeyId }
          }
          save={(values) => {
            const common = {
              url: values.url.trim(),
              events: values.events,
              description: values.description?.trim(),
            };
            return edited
              ? updateSubscription(edited.id, common)
              : createSubscription({ ...common, apiKeyId: values.apiKeyId });
          }}
          onSaved={(result) => {
            if ('secret' in result && 'subscription' in result) setCreated(result);
          }}
          onClose={() => setEditing(null)}
        >
          {!edited && (
            <Form.Item
              name="apiKeyId"
              label={w('webhooks.apiKey')}
              extra={w('webhooks.apiKeyHint')}
              rules={[{ required: true, message: t('accounts.required') }]}
            >
              <Select<string>
                showSearch
                optionFilterProp="label"
                options={keyOptions}
                data-testid="webhook-form-key"
              />
            </Form.Item>
          )}
          <Form.Item
            name="url"
            label={w('webhooks.url')}
            extra={w('webhooks.urlHint')}
            rules={[
              { required: true, whitespace: true, message: t('accounts.required') },
              { type: 'url', message: w('webhooks.urlInvalid') },
            ]}
          >
            <Input maxLength={2000} placeholder="https://" data-testid="webhook-form-url" />
          </Form.Item>
          <Form.Item
            name="events"
            label={w('webhooks.events')}
            rules={[{ required: true, message: w('webhooks.eventsRequired') }]}
          >
            <Select<WebhookEventType[]>
              mode="multiple"
              options={eventOptions}
              data-testid="webhook-form-events"
            />
          </Form.Item>
          <Form.Item name="description" label={w('webhooks.description')}>
            <Input maxLength={200} />
          </Form.Item>
        </FormModal>
      )}
      {created && (
        <SecretOnceModal
          title={w('webhooks.secretTitle')}
          secret={created.secret}
          extra={<Typography.Paragraph>{w('webhooks.secretHint')}</Typography.Paragraph>}
          testId="webhook-secret"
          onClose={() => setCreated(null)}
        />
      )}
      {log && <DeliveriesDrawer subscription={log} onClose={() => setLog(null)} />}
    </>
  );
}
