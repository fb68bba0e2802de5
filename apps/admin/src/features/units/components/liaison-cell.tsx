import { PhoneOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { Liaison } from '../types';
import { useI18n } from '../../../i18n/i18n-context';

/** A unit's liaison in a table cell: name and position, then the phone number. */
export function LiaisonCell({ liaison }: { liaison: Liaison | null }) {
  const { t } = useI18n();
  if (!liaison) return <Typography.Text type="secondary">{t('units.noLiaison')}</Typography.Text>;
  return (
    <div data-testid="liaison">
      <div>
        {liaison.name} <Typography.Text type="secondary">· {liaison.position}</Typography.Text>
      </div>
      <Typography.Text type="secondary" className="cell-note">
        <PhoneOutlined /> {liaison.phone}
      </Typography.Text>
    </div>
  );
}
