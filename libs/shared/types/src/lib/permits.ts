import type { LabelMap } from './label';

/** How often a duty or a schedule asks for a sample: one sample per Beijing calendar period. */
export enum MonitoringFrequency {
  Daily = 'daily',
  Weekly = 'weekly',
  Monthly = 'monthly',
  Quarterly = 'quarterly',
  HalfYearly = 'half_yearly',
  Yearly = 'yearly',
}

export const MONITORING_FREQUENCY_LABELS: LabelMap<MonitoringFrequency> = {
  [MonitoringFrequency.Daily]: { zh: '每日', en: 'Daily' },
  [MonitoringFrequency.Weekly]: { zh: '每周', en: 'Weekly' },
  [MonitoringFrequency.Monthly]: { zh: '每月', en: 'Monthly' },
  [MonitoringFrequency.Quarterly]: { zh: '每季度', en: 'Quarterly' },
  [MonitoringFrequency.HalfYearly]: { zh: '每半年', en: 'Half-yearly' },
  [MonitoringFrequency.Yearly]: { zh: '每年', en: 'Yearly' },
};

/** Where a validity stands on a day. */
export enum PermitExpiry {
  NotYetValid = 'not_yet_valid',
  Valid = 'valid',
  Expiring = 'expiring',
  Expired = 'expired',
}

export const PERMIT_EXPIRY_LABELS: LabelMap<PermitExpiry> = {
  [PermitExpiry.NotYetValid]: { zh: '尚未生效', en: 'Not yet valid' },
  [PermitExpiry.Valid]: { zh: '有效', en: 'Valid' },
  [PermitExpiry.Expiring]: { zh: '即将到期', en: 'Expiring soon' },
  [PermitExpiry.Expired]: { zh: '已过期', en: 'Expired' },
};

/** A missing-data finding: against a permit's self-monitoring duty, or against a monitoring schedule. */
export enum FindingKind {
  NonReceipt = 'non_receipt',
  MissedSample = 'missed_sample',
}

export const FINDING_KIND_LABELS: LabelMap<FindingKind> = {
  [FindingKind.NonReceipt]: { zh: '未按要求自行监测', en: 'Self-monitoring not received' },
  [FindingKind.MissedSample]: { zh: '计划监测漏采', en: 'Scheduled sample missed' },
};

/** Missing: no sample in the period; late: a sample of the period was entered after its due day. */
export enum FindingStatus {
  Missing = 'missing',
  Late = 'late',
}

export const FINDING_STATUS_LABELS: LabelMap<FindingStatus> = {
  [FindingStatus.Missing]: { zh: '未报送', en: 'Missing' },
  [FindingStatus.Late]: { zh: '逾期补报', en: 'Received late' },
};

/** The HJ 608 outlet code of a permitted main outlet (废水排放口): `DW` + a 3-digit sequence. */
export const PERMIT_OUTLET_CODE = /^DW\d{3}$/;

/**
 * The discharge permit number (排污许可证编号): the holder's 18-character unified social credit code
 * (GB 32100 character set), a 3-digit sequence and one capital letter (`P` in HJ 608), e.g.
 * `91652301MA77XXXXXX001P`.
 */
export const PERMIT_NUMBER = /^[0-9A-HJ-NPQRTUWXY]{18}\d{3}[A-Z]$/;

/** Days before the end of its validity from which a permit is flagged as expiring (default). */
export const PERMIT_EXPIRING_DAYS = 90;
