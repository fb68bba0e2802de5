import { Tag, Tooltip } from 'antd';
import { useIndicators } from '../../monitoring/api';
import { useI18n } from '../../../i18n/i18n-context';

/** 缺必测: a sample lacks required indicators (the seven or a requirement rule's); nothing when it lacks none. */
export function MissingRequiredTag({ codes }: { codes?: string[] }) {
  const { t } = useI18n();
  const indicators = useIndicators();
  if (!codes?.length) return null;
  const names = codes.map((code) => indicators.name(code)).join('、');
  return (
    <Tooltip title={t('requiredIndicators.missingTip', { names })}>
      <Tag color="orange" data-testid="sample-missing-required">
        {t('requiredIndicators.missingTag', { count: codes.length })}
      </Tag>
    </Tooltip>
  );
}
