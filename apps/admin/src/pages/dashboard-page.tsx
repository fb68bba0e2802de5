import { ROLE_LABELS, Role } from '@outfall/shared-types';
import { Card, Descriptions, Empty, Typography } from 'antd';
import { useAuth } from '../api/auth';
import { useI18n } from '../i18n/i18n';

export function DashboardPage() {
  const { t, label } = useI18n();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <>
      <Typography.Title level={3}>{t('dashboard.welcome', { name: me.displayName })}</Typography.Title>
      <Card>
        <Descriptions column={1}>
          <Descriptions.Item label={t('dashboard.unit')}>{me.unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.role')}>
            {Object.values(Role).includes(me.role as Role) ? label(ROLE_LABELS, me.role as Role) : me.role}
          </Descriptions.Item>
          <Descriptions.Item label={t('dashboard.jurisdiction')}>
            {me.jurisdiction.cityWide ? t('dashboard.cityWide') : me.jurisdiction.divisionName}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card className="spaced">
        <Empty description={t('dashboard.next')} />
      </Card>
    </>
  );
}
