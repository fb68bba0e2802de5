import { Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n-context';

/** 达标 / 超标 with the exceedance multiple, or 无限值 / 无法判定 when there is no verdict. */
export function ComplianceTag({
  compliant,
  limitText,
  multiple,
}: {
  compliant: boolean | null;
  limitText: string | null;
  multiple: number | null;
}) {
  const { t } = useI18n();
  if (compliant === true)
    return (
      <Tag color="green" data-testid="compliant-tag">
        {t('monitoring.compliant')}
      </Tag>
    );
  if (compliant === false)
    return (
      <Tag color="red" data-testid="exceeding-tag">
        {t('monitoring.exceeding')}
        {multiple !== null && ` · ${t('monitoring.times', { value: multiple.toFixed(2) })}`}
      </Tag>
    );
  return (
    <Typography.Text type="secondary">
      {limitText ? t('monitoring.undetermined') : t('monitoring.noLimit')}
    </Typography.Text>
  );
}
