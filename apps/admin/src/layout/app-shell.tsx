import {
  AuditOutlined,
  DashboardOutlined,
  LogoutOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Permission, ROLE_LABELS, Role } from '@outfall/shared-types';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../api/auth';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

export function AppShell() {
  const { t, label } = useI18n();
  const { me, can, logout } = useAuth();
  const location = useLocation();
  if (!me) return null;
  const items = [
    { key: '/', icon: <DashboardOutlined />, label: <Link to="/">{t('menu.dashboard')}</Link> },
    can(Permission.OrgRead) && {
      key: '/units',
      icon: <TeamOutlined />,
      label: <Link to="/units">{t('menu.units')}</Link>,
    },
    can(Permission.AuditRead) && {
      key: '/audit',
      icon: <AuditOutlined />,
      label: <Link to="/audit">{t('menu.audit')}</Link>,
    },
    can(Permission.JobRead) && {
      key: '/jobs',
      icon: <ScheduleOutlined />,
      label: <Link to="/jobs">{t('menu.jobs')}</Link>,
    },
  ].filter((item) => !!item);
  const roleLabel = Object.values(Role).includes(me.role as Role)
    ? label(ROLE_LABELS, me.role as Role)
    : me.role;
  const selected = items.map((i) => i.key).filter((key) => key === location.pathname);
  return (
    <Layout className="shell">
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={220} theme="dark">
        <div className="brand">{t('app.title')}</div>
        <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} data-testid="main-menu" />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Space size="middle">
            {me.demo && (
              <Tag color="orange" data-testid="demo-tag">
                {t('app.demo')}
              </Tag>
            )}
          </Space>
          <Space size="middle">
            <Typography.Text strong data-testid="user-name">
              {me.displayName}
            </Typography.Text>
            <Typography.Text type="secondary">
              {me.unit.name} · {roleLabel}
            </Typography.Text>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={logout}>
              {t('header.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
