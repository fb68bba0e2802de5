import type { LabelMap } from './label';

/** What a webhook subscription can listen to; the value is the `type` of the delivered event. */
export enum WebhookEventType {
  OutfallCreated = 'outfall_created',
  OutfallUpdated = 'outfall_updated',
  OutfallMerged = 'outfall_merged',
  SampleExceedance = 'sample_exceedance',
  PlanStatusChanged = 'plan_status_changed',
  MilestoneSet = 'milestone_set',
  SnapshotFrozen = 'snapshot_frozen',
  ReportReady = 'report_ready',
  PublicReportReceived = 'public_report_received',
}

export const WEBHOOK_EVENT_TYPE_LABELS: LabelMap<WebhookEventType> = {
  [WebhookEventType.OutfallCreated]: { zh: '排污口新增', en: 'Outfall created' },
  [WebhookEventType.OutfallUpdated]: { zh: '排污口修改', en: 'Outfall updated' },
  [WebhookEventType.OutfallMerged]: { zh: '排污口合并', en: 'Outfall merged' },
  [WebhookEventType.SampleExceedance]: { zh: '监测超标', en: 'Sample exceedance' },
  [WebhookEventType.PlanStatusChanged]: { zh: '整治方案状态变更', en: 'Plan status changed' },
  [WebhookEventType.MilestoneSet]: { zh: '整治节点设置', en: 'Milestone set' },
  [WebhookEventType.SnapshotFrozen]: { zh: '季度快照冻结', en: 'Snapshot frozen' },
  [WebhookEventType.ReportReady]: { zh: '报告已生成', en: 'Report ready' },
  [WebhookEventType.PublicReportReceived]: { zh: '收到公众举报', en: 'Public report received' },
};

export enum WebhookDeliveryStatus {
  /** Waiting for its turn or its next attempt. */
  Pending = 'pending',
  /** Claimed by a runner, being sent. */
  Sending = 'sending',
  Succeeded = 'succeeded',
  /** Every attempt failed (or the subscription was deleted): replay it by hand. */
  Failed = 'failed',
}

export const WEBHOOK_DELIVERY_STATUS_LABELS: LabelMap<WebhookDeliveryStatus> = {
  [WebhookDeliveryStatus.Pending]: { zh: '待发送', en: 'Pending' },
  [WebhookDeliveryStatus.Sending]: { zh: '发送中', en: 'Sending' },
  [WebhookDeliveryStatus.Succeeded]: { zh: '已送达', en: 'Delivered' },
  [WebhookDeliveryStatus.Failed]: { zh: '失败', en: 'Failed' },
};
