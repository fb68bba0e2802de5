import { Drawer, Grid, Layout } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router-dom';
import { useI18n } from '../i18n/i18n-context';
import { PageLoading } from '../lazy-page';
import { AppHeader } from './app-header';
import { useDocumentTitle } from './document-title';
import { SideMenu } from './side-menu';

/**
 * The signed-in frame: side menu, header, and the page in the middle. Below the `md` breakpoint (phones) the
 * menu moves into a drawer that the header's menu button opens, so nothing is wider than the screen.
 */
export function AppShell() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  // before the first measurement every breakpoint is undefined: assume a wide screen
  const narrow = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setDrawerOpen(false), [pathname, narrow]);
  const brand = (
    <div className="brand">
      <div className="brand-title">{t('app.title')}</div>
      <div className="brand-city">{t('app.city')}</div>
    </div>
  );
  useDocumentTitle();
  return (
    <Layout className="app-shell">
      {narrow ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={240}
          closable={false}
          className="app-drawer"
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          <SideMenu />
        </Drawer>
      ) : (
        <Layout.Sider width={220} breakpoint="lg" collapsedWidth={0} className="app-sider">
          {brand}
          <SideMenu />
        </Layout.Sider>
      )}
      <Layout className="app-main">
        <AppHeader narrow={narrow} onOpenMenu={() => setDrawerOpen(true)} />
        <Layout.Content className="app-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
