import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  FindingKind,
  FindingStatus,
  PERMIT_EXPIRY_LABELS,
  PermitExpiry,
} from '@outfall/shared-types';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/i18n-context';

const EXPIRY_COLORS: Record<PermitExpiry, string> = {
  [PermitExpiry.NotYetValid]: 'default',
  [PermitExpiry.Valid]: 'green',
  [PermitExpiry.Expiring]: 'orange',
  [PermitExpiry.Expired]: 'red',
};

/** The validity of a permit, with the days left (or over) when it matters. */
export function ExpiryTag({ expiry, daysLeft }: { expiry: PermitExpiry; daysLeft?: number }) {
  const { t, label } = useI18n();
  const days =
    daysLeft === undefined
      ? ''
      : expiry === PermitExpiry.Expiring
        ? ` · ${t('permits.daysLeft', { days: daysLeft })}`
        : expiry === PermitExpiry.Expired
          ? ` · ${t('permits.daysOver', { days: -daysLeft })}`
          : '';
  return (
    <Tag color={EXPIRY_COLORS[expiry]} data-testid="permit-expiry">
      {label(PERMIT_EXPIRY_LABELS, expiry)}
      {days}
    </Tag>
  );
}

export function FindingTags({ kind, status }: { kind: FindingKind; status: FindingStatus }) {
  const { label } = useI18n();
  return (
    <>
      <Tag color={kind === FindingKind.NonReceipt ? 'volcano' : 'purple'} data-testid="finding-kind">
        {label(FINDING_KIND_LABELS, kind)}
      </Tag>
      <Tag color={status === FindingStatus.Missing ? 'red' : 'gold'} data-testid="finding-status">
        {label(FINDING_STATUS_LABELS, status)}
      </Tag>
    </>
  );
}
