import { EnvironmentOutlined } from '@ant-design/icons';
import { Permission, ROLE_LABELS, type Role } from '@outfall/shared-types';
import { Button, Card, Descriptions, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../api/auth-context';
import { useI18n } from '../i18n/i18n-context';

export function DashboardPage() {
  const { t, label } = useI18n();
  const { me, can } = useAuth();
  const navigate = useNavigate();
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
      {can(Permission.DirectoryRead) && (
        <Card className="section" data-testid="dashboard-directory">
          <Typography.Title level={5}>
            <EnvironmentOutlined /> {t('dashboard.directoryTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('dashboard.directoryBody')}</Typography.Paragraph>
          <Button type="primary" onClick={() => void navigate('/outfalls')}>
            {t('dashboard.openDirectory')}
          </Button>
        </Card>
      )}
    </>
  );
}
