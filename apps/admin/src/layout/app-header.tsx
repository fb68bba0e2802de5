import {
  DisconnectOutlined,
  LogoutOutlined,
  MenuOutlined,
  MobileOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Permission, ROLE_LABELS, type Role } from '@outfall/shared-types';
import { App, Button, Divider, Layout, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useAuth } from '../api/auth-context';
import { DemoTag } from '../shared/ui/demo-tag';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitch } from './language-switch';

/** `narrow` (phones): a menu button opens the drawer menu; the unit and role give way, sign-out keeps its icon. */
export function AppHeader({ narrow = false, onOpenMenu }: { narrow?: boolean; onOpenMenu?: () => void }) {
  const { t, label } = useI18n();
  const { me, logout, logoutEverywhere, can } = useAuth();
  const { message } = App.useApp();
  if (!me) return null;
  return (
    <Layout.Header className="app-header">
      <Space size="small">
        {narrow && (
          <Button
            type="text"
            icon={<MenuOutlined />}
            onClick={onOpenMenu}
            aria-label={t('header.openMenu')}
            data-testid="menu-toggle"
          />
        )}
        {me.demo && <DemoTag testId="demo-tag" compact={narrow} />}
      </Space>
      <Space size={narrow ? 0 : 'small'} split={narrow ? null : <Divider type="vertical" />}>
        <Space size="small">
          {!narrow && <UserOutlined />}
          <Typography.Text strong data-testid="user-name" ellipsis className="app-header-name">
            {me.displayName}
          </Typography.Text>
          {!narrow && (
            <>
              <Typography.Text type="secondary" data-testid="user-unit">
                {me.unit.name}
              </Typography.Text>
              <Tag color="blue" data-testid="user-role">
                {label(ROLE_LABELS, me.role as Role)}
              </Tag>
            </>
          )}
        </Space>
        {(can(Permission.PatrolWrite) || can(Permission.MonitoringWrite)) && (
          <Link
            to="/field"
            aria-label={t('fieldMode.title')}
            title={t('fieldMode.title')}
            data-testid="field-mode-link"
            style={{ padding: narrow ? '0 8px' : undefined }}
          >
            <MobileOutlined />
            {!narrow && ` ${t('fieldMode.title')}`}
          </Link>
        )}
        <LanguageSwitch compact={narrow} />
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
        <Button
          type="text"
          icon={<LogoutOutlined />}
          onClick={logout}
          aria-label={narrow ? t('header.logout') : undefined}
          data-testid="logout"
        >
          {!narrow && t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
