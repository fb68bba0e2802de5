import { RedoOutlined } from '@ant-design/icons';
import {
  WEBHOOK_DELIVERY_STATUS_LABELS,
  WEBHOOK_EVENT_TYPE_LABELS,
  WebhookDeliveryStatus,
} from '@outfall/shared-types';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Empty, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiErrorAlert } from '../../../shared/ui/api-error-alert';
import { useI18n } from '../../../i18n/i18n-context';
import { useWebhookText } from './messages';
import { PAGE_SIZE } from '../../../shared/hooks/use-list-state';
import {
  getDelivery,
  listDeliveries,
  replayDelivery,
  type WebhookDelivery,
  type WebhookSubscription,
} from './webhooks.api';

const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = {
  [WebhookDeliveryStatus.Pending]: 'blue',
  [WebhookDeliveryStatus.Sending]: 'processing',
  [WebhookDeliveryStatus.Succeeded]: 'green',
  [WebhookDeliveryStatus.Failed]: 'red',
};

/** One delivery's attempts (status code, duration, error, the start of the receiver's answer). */
function Attempts({ deliveryId }: { deliveryId: string }) {
  const { dateTime } = useI18n();
  const w = useWebhookText();
  const detail = useQuery({
    queryKey: ['webhooks', 'delivery', deliveryId],
    queryFn: ({ signal }) => getDelivery(deliveryId, signal),
  });
  if (detail.error) return <ApiErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={detail.isLoading}
      pagination={false}
      dataSource={detail.data?.attempts}
      locale={{ emptyText: <Empty description={w('webhooks.noAttempts')} /> }}
      columns={[
        { title: w('webhooks.attempt'), dataIndex: 'attempt', width: 70 },
        { title: w('webhooks.at'), dataIndex: 'at', width: 170, render: (at: string) => dateTime(at) },
        {
          title: w('webhooks.statusCode'),
          dataIndex: 'statusCode',
          width: 90,
          render: (code: number | null, attempt) => (
            <Tag color={attempt.ok ? 'green' : 'red'}>{code ?? w('webhooks.noAnswer')}</Tag>
          ),
        },
        {
          title: w('webhooks.duration'),
          dataIndex: 'durationMs',
          width: 90,
          render: (ms: number) => `${ms} ms`,
        },
        {
          title: w('webhooks.error'),
          key: 'error',
          render: (_, attempt) => (
            <Typography.Text type={attempt.ok ? undefined : 'danger'} ellipsis={{ tooltip: true }}>
              {attempt.error ?? attempt.responseSnippet ?? '—'}
            </Typography.Text>
          ),
        },
      ]}
      data-testid="webhook-attempts"
    />
  );
}

/** A subscription's delivery log, newest first, filtered by status; each delivery opens its attempts. */
export function DeliveriesDrawer({
  subscription,
  onClose,
}: {
  subscription: WebhookSubscription;
  onClose(): void;
}) {
  const { t, label, dateTime } = useI18n();
  const w = useWebhookText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<WebhookDeliveryStatus | undefined>();
  const [page, setPage] = useState(1);
  const query = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, status };
  const deliveries = useQuery({
    queryKey: ['webhooks', 'deliveries', subscription.id, query],
    queryFn: ({ signal }) => listDeliveries(subscription.id, query, signal),
    placeholderData: keepPreviousData,
    // while a delivery waits or is being sent, the log follows it
    refetchInterval: (current) =>
      current.state.data?.items.some(
        (delivery) =>
          delivery.status === WebhookDeliveryStatus.Pending ||
          delivery.status === WebhookDeliveryStatus.Sending,
      )
        ? 2000
        : false,
  });
  const replay = useMutation({
    mutationFn: replayDelivery,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['webhooks', 'deliveries', subscription.id] });
      void message.success(w('webhooks.replayed'));
    },
  });
  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: w('webhooks.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => dateTime(at),
    },
    {
      title: w('webhooks.event'),
      dataIndex: 'eventType',
      width: 150,
      render: (type: WebhookDelivery['eventType']) => label(WEBHOOK_EVENT_TYPE_LABELS, type),
    },
    {
      title: w('webhooks.record'),
      dataIndex: 'recordId',
      width: 120,
      render: (id: string) => <Typography.Text code>{id.slice(0, 8)}</Typography.Text>,
    },
    {
      title: w('webhooks.state'),
      dataIndex: 'status',
      width: 100,
      render: (value: WebhookDeliveryStatus) => (
        <Tag color={STATUS_COLORS[value]} data-testid="delivery-status">
          {label(WEBHOOK_DELIVERY_STATUS_LABELS, value)}
        </Tag>
      ),
    },
    { title: w('webhooks.attempts'), dataIndex: 'attempts', width: 80 },
    {
      title: w('webhooks.statusCode'),
      dataIndex: 'lastStatusCode',
      width: 90,
      render: (code: number | null) => code ?? '—',
    },
    {
      title: t('accounts.col.actions'),
      key: 'actions',
      width: 100,
      render: (_, delivery) => (
        <Button
          type="link"
          icon={<RedoOutlined />}
          loading={replay.isPending && replay.variables === delivery.id}
          onClick={() => replay.mutate(delivery.id)}
          data-testid="delivery-replay"
        >
          {w('webhooks.replay')}
        </Button>
      ),
    },
  ];
  return (
    <Drawer
      open
      width={960}
      title={w('webhooks.deliveriesOf', { url: subscription.url })}
      onClose={onClose}
      data-testid="webhook-deliveries"
    >
      <div className="toolbar">
        <Select<WebhookDeliveryStatus>
          allowClear
          placeholder={w('webhooks.allStates')}
          aria-label={w('webhooks.state')}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={Object.values(WebhookDeliveryStatus).map((value) => ({
            value,
            label: label(WEBHOOK_DELIVERY_STATUS_LABELS, value),
          }))}
          className="toolbar-select"
          data-testid="delivery-filter-status"
        />
      </div>
      {replay.error && <ApiErrorAlert error={replay.error} className="section-alert" />}
      {deliveries.error ? (
        <ApiErrorAlert
          error={deliveries.error}
          title={t('common.loadError')}
          onRetry={() => void deliveries.refetch()}
        />
      ) : (
        <Table<WebhookDelivery>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={deliveries.data?.items}
          loading={deliveries.isFetching}
          expandable={{ expandedRowRender: (delivery) => <Attempts deliveryId={delivery.id} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: deliveries.data?.total,
            showSizeChanger: false,
            showTotal: (total) => t('common.total', { total }),
            onChange: setPage,
          }}
          locale={{ emptyText: <Empty description={w('webhooks.noDeliveries')} /> }}
          data-testid="deliveries-table"
        />
      )}
    </Drawer>
  );
}
