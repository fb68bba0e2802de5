import { CASE_STATUS_LABELS, CaseStatus } from '@outfall/shared-types';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/i18n-context';

const STATUS_COLORS: Record<CaseStatus, string> = {
  [CaseStatus.Registered]: 'default',
  [CaseStatus.Investigating]: 'processing',
  [CaseStatus.PenaltyDecided]: 'orange',
  [CaseStatus.Rectifying]: 'blue',
  [CaseStatus.Closed]: 'green',
  [CaseStatus.Dismissed]: 'default',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="case-status">
      {label(CASE_STATUS_LABELS, status)}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useI18n();
  return (
    <Tag color="red" className="demo-tag-compact" data-testid="case-overdue">
      {t('enforcement.overdue')}
    </Tag>
  );
}

/** Yuan with two decimals, grouped (the contract lists the amount as optional as well as nullable). */
export const yuan = (amount: number | null | undefined) =>
  amount === null || amount === undefined
    ? '—'
    : amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
