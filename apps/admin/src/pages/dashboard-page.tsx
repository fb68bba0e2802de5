import { ROLE_LABELS, type Role } from '@outfall/shared-types';
import { Card, Descriptions, Empty, Typography } from 'antd';
import { useAuth } from '../api/auth-context';
import { useI18n } from '../i18n/i18n-context';

export function DashboardPage() {
  const { t, label } = useI18n();
  const { me } = useAuth();
  if (!me) return null;
  return (
    <>
      <Typography.Title level={3}>{t('dashboard.welcome', { name: me.displayName })}</Typography.Title>
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('dashboard.unit')}>{me.unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('dashboard.role')}>
            {label(ROLE_LABELS, me.role as Role)}
          </Descriptions.Item>
          <Descriptions.Item label={t('dashboard.jurisdiction')}>
            {me.jurisdiction.cityWide ? t('dashboard.cityWide') : me.jurisdiction.divisionName}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card className="section" data-testid="dashboard-next">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <Typography.Title level={5}>{t('dashboard.nextTitle')}</Typography.Title>
              <Typography.Text type="secondary">{t('dashboard.nextBody')}</Typography.Text>
            </>
          }
        />
      </Card>
    </>
  );
}
