import { Tag, Typography } from 'antd';
import type { DeviationDirection } from '../types';
import { useI18n } from '../../../i18n/i18n-context';

/**
 * 达标 / 超标 with the exceedance multiple (or, for pH, the deviation from the allowed range), or 无限值 /
 * 无法判定 when there is no verdict; below it, what the assessment did (e.g. 未测水温，按较严限值判定).
 */
export function ComplianceTag({
  compliant,
  limitText,
  multiple,
  deviation = null,
  deviationDirection = null,
  explanation = null,
}: {
  compliant: boolean | null;
  limitText: string | null;
  multiple: number | null;
  deviation?: number | null;
  deviationDirection?: DeviationDirection | null;
  explanation?: string | null;
}) {
  const { t } = useI18n();
  const note = explanation ? (
    <Typography.Text type="secondary" className="cell-note" data-testid="assessment-note">
      {explanation}
    </Typography.Text>
  ) : null;
  if (compliant === true)
    return (
      <>
        <Tag color="green" data-testid="compliant-tag">
          {t('monitoring.compliant')}
        </Tag>
        {note}
      </>
    );
  if (compliant === false)
    return (
      <>
        <Tag color="red" data-testid="exceeding-tag">
          {t('monitoring.exceeding')}
          {multiple !== null && ` · ${t('monitoring.times', { value: multiple.toFixed(2) })}`}
          {multiple === null &&
            deviation !== null &&
            deviationDirection &&
            ` · ${t(deviationDirection === 'below' ? 'monitoring.deviationBelow' : 'monitoring.deviationAbove', { value: deviation })}`}
        </Tag>
        {note}
      </>
    );
  return (
    <>
      <Typography.Text type="secondary">
        {limitText ? t('monitoring.undetermined') : t('monitoring.noLimit')}
      </Typography.Text>
      {note}
    </>
  );
}
