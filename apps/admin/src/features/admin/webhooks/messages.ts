import { fill, useI18n } from '../../../i18n/i18n-context';

/**
 * UI strings of the webhooks tab (事件推送), Chinese first; keys are prefixed `webhooks.`. They stay in the tab's
 * own lazy chunk (not the app-wide messages, which load with the first page): `useWebhookText()` reads them.
 */
export const webhooksZh = {
  'webhooks.intro':
    '向其他政务系统推送事件（排污口新增/修改/合并、监测超标、方案状态等），请求带 HMAC-SHA256 签名；连续失败将自动停用。',
  'webhooks.new': '新建订阅',
  'webhooks.editOf': '编辑订阅 {url}',
  'webhooks.empty': '还没有事件推送订阅',
  'webhooks.apiKey': '所属密钥',
  'webhooks.apiKeyHint': '推送属于哪个对接系统（API 密钥）',
  'webhooks.allKeys': '全部密钥',
  'webhooks.url': '接收地址',
  'webhooks.urlHint': '对方系统接收事件的 http(s) 地址',
  'webhooks.urlInvalid': '请输入完整的 http(s) 地址',
  'webhooks.events': '订阅事件',
  'webhooks.eventsRequired': '至少选择一个事件',
  'webhooks.description': '说明',
  'webhooks.state': '状态',
  'webhooks.active': '推送中',
  'webhooks.paused': '已暂停',
  'webhooks.disabledAt': '{at} 自动停用',
  'webhooks.failures': '连续失败',
  'webhooks.lastDelivered': '最近送达',
  'webhooks.pause': '暂停',
  'webhooks.enable': '启用',
  'webhooks.saved': '已保存',
  'webhooks.created': '订阅已创建',
  'webhooks.deleted': '订阅已删除',
  'webhooks.secretTitle': '签名密钥',
  'webhooks.secretHint':
    '对方系统用此密钥校验请求头 X-Outfall-Signature（对“时间戳.请求体”的 HMAC-SHA256）。',
  'webhooks.deliveries': '投递记录',
  'webhooks.deliveriesOf': '{url} 的投递记录',
  'webhooks.allStates': '全部状态',
  'webhooks.noDeliveries': '还没有投递记录',
  'webhooks.createdAt': '生成时间',
  'webhooks.event': '事件',
  'webhooks.record': '记录',
  'webhooks.attempts': '尝试次数',
  'webhooks.statusCode': '响应码',
  'webhooks.replay': '重发',
  'webhooks.replayed': '已重新排入发送队列',
  'webhooks.attempt': '第几次',
  'webhooks.at': '时间',
  'webhooks.noAnswer': '无响应',
  'webhooks.duration': '耗时',
  'webhooks.error': '错误或响应',
  'webhooks.noAttempts': '尚未发送',
};

export const webhooksEn: Record<keyof typeof webhooksZh, string> = {
  'webhooks.intro':
    'Sends events to other government systems (outfall created/updated/merged, exceedances, plan status …), signed with HMAC-SHA256; repeated failures disable a subscription.',
  'webhooks.new': 'New subscription',
  'webhooks.editOf': 'Edit subscription {url}',
  'webhooks.empty': 'No webhook subscriptions yet',
  'webhooks.apiKey': 'API key',
  'webhooks.apiKeyHint': 'The integrating system (API key) the subscription belongs to',
  'webhooks.allKeys': 'All keys',
  'webhooks.url': 'Receiver URL',
  'webhooks.urlHint': "The other system's http(s) address for events",
  'webhooks.urlInvalid': 'Enter a full http(s) URL',
  'webhooks.events': 'Events',
  'webhooks.eventsRequired': 'Choose at least one event',
  'webhooks.description': 'Description',
  'webhooks.state': 'State',
  'webhooks.active': 'Active',
  'webhooks.paused': 'Paused',
  'webhooks.disabledAt': 'Disabled automatically {at}',
  'webhooks.failures': 'Failures in a row',
  'webhooks.lastDelivered': 'Last delivered',
  'webhooks.pause': 'Pause',
  'webhooks.enable': 'Enable',
  'webhooks.saved': 'Saved',
  'webhooks.created': 'Subscription created',
  'webhooks.deleted': 'Subscription deleted',
  'webhooks.secretTitle': 'Signing secret',
  'webhooks.secretHint':
    'The other system checks the X-Outfall-Signature header (HMAC-SHA256 over "timestamp.body") with this secret.',
  'webhooks.deliveries': 'Deliveries',
  'webhooks.deliveriesOf': 'Deliveries of {url}',
  'webhooks.allStates': 'All states',
  'webhooks.noDeliveries': 'No deliveries yet',
  'webhooks.createdAt': 'Created',
  'webhooks.event': 'Event',
  'webhooks.record': 'Record',
  'webhooks.attempts': 'Attempts',
  'webhooks.statusCode': 'Status',
  'webhooks.replay': 'Replay',
  'webhooks.replayed': 'Queued again',
  'webhooks.attempt': 'Attempt',
  'webhooks.at': 'At',
  'webhooks.noAnswer': 'No answer',
  'webhooks.duration': 'Duration',
  'webhooks.error': 'Error or answer',
  'webhooks.noAttempts': 'Not sent yet',
};

export type WebhookMessageKey = keyof typeof webhooksZh;

/** The webhooks tab's text in the current language, with `{name}` values filled in. */
export function useWebhookText(): (
  key: WebhookMessageKey,
  values?: Record<string, string | number>,
) => string {
  const { locale } = useI18n();
  const messages = locale === 'en-US' ? webhooksEn : webhooksZh;
  return (key, values) => fill(messages[key], values);
}
