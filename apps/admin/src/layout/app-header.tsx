import { DisconnectOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { ROLE_LABELS, type Role } from '@outfall/shared-types';
import { App, Button, Divider, Layout, Popconfirm, Space, Tag, Typography } from 'antd';
import { useAuth } from '../api/auth-context';
import { DemoTag } from '../components/demo-tag';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';

export function AppHeader() {
  const { t, label } = useI18n();
  const { me, logout, logoutEverywhere } = useAuth();
  const { message } = App.useApp();
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
        <LanguageSwitch />
        <Popconfirm
          title={t('header.logoutEverywhereConfirm')}
          onConfirm={() =>
            logoutEverywhere().catch(() => void message.error(t('header.logoutEverywhereFailed')))
          }
          okButtonProps={{ danger: true, id: 'logout-everywhere-confirm' }}
        >
          <Button
            type="text"
            icon={<DisconnectOutlined />}
            title={t('header.logoutEverywhere')}
            aria-label={t('header.logoutEverywhere')}
            data-testid="logout-everywhere"
          />
        </Popconfirm>
        <Button type="text" icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
