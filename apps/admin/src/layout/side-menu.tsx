import { Menu } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../api/auth-context';
import { useI18n } from '../i18n/i18n-context';
import { NAV_ITEMS } from './nav-items';

function selectedPath(pathname: string, paths: string[]): string[] {
  const match = paths
    .filter((path) => pathname === path || (path !== '/' && pathname.startsWith(`${path}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return match ? [match] : [];
}

export function SideMenu() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const items = NAV_ITEMS.filter((item) => !item.permission || can(item.permission)).map((item) => ({
    key: item.path,
    icon: item.icon,
    label: t(item.label),
  }));
  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selectedPath(
        pathname,
        items.map((item) => item.key),
      )}
      onClick={({ key }) => void navigate(key)}
      data-testid="main-menu"
    />
  );
}
