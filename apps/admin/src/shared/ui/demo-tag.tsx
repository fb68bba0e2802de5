import { ExperimentOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n-context';

/** Marks synthetic demo data: the full label in the header, a short one (with a tooltip) in table rows. */
export function DemoTag({ compact = false, testId }: { compact?: boolean; testId?: string }) {
  const { t } = useI18n();
  const tag = (
    <Tag
      color="orange"
      icon={<ExperimentOutlined />}
      data-testid={testId}
      className={compact ? 'demo-tag-compact' : ''}
    >
      {compact ? t('app.demoShort') : t('app.demoTag')}
    </Tag>
  );
  return compact ? <Tooltip title={t('app.demoTag')}>{tag}</Tooltip> : tag;
}
