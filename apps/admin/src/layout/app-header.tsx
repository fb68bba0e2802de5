import { LogoutOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Permission, ROLE_LABELS, type Role } from '@outfall/shared-types';
import { Button, Divider, Layout, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth } from '../api/auth-context';
import { DemoTag } from '../components/demo-tag';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';

export function AppHeader() {
  const { t, label } = useI18n();
  const { me, logout, can } = useAuth();
  if (!me) return null;
  return (
    <Layout.Header className="app-header">
      <Space>{me.demo && <DemoTag testId="demo-tag" />}</Space>
      <Space size="small" split={<Divider type="vertical" />}>
        <Space size="small">
          <UserOutlined />
          <Typography.Text strong data-testid="user-name">
            {me.displayName}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="user-unit">
            {me.unit.name}
          </Typography.Text>
          <Tag color="blue" data-testid="user-role">
            {label(ROLE_LABELS, me.role as Role)}
          </Tag>
        </Space>
        {(can(Permission.PatrolWrite) || can(Permission.MonitoringWrite)) && (
          <Link to="/field" data-testid="field-mode-link">
            <MobileOutlined /> {t('fieldMode.title')}
          </Link>
        )}
        <LanguageSwitch />
        <Button type="text" icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
