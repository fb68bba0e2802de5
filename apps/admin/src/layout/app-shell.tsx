import { Layout } from 'antd';
import { Outlet } from 'react-router-dom';
import { useI18n } from '../i18n/i18n-context';
import { AppHeader } from './app-header';
import { useDocumentTitle } from './document-title';
import { SideMenu } from './side-menu';

/** The signed-in frame: side menu, header, and the page in the middle. */
export function AppShell() {
  const { t } = useI18n();
  useDocumentTitle();
  return (
    <Layout className="app-shell">
      <Layout.Sider width={220} breakpoint="lg" collapsedWidth={0} className="app-sider">
        <div className="brand">
          <div className="brand-title">{t('app.title')}</div>
          <div className="brand-city">{t('app.city')}</div>
        </div>
        <SideMenu />
      </Layout.Sider>
      <Layout>
        <AppHeader />
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
