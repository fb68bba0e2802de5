import { Layout, Menu } from 'antd';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { DocumentTitle } from '../../layout/document-title';
import { useI18n } from '../../i18n/i18n-context';
import { PublicApprovalsPage, PublicOutfallPage, PublicOutfallsPage } from './public-portal/public-pages';
import { PublicReportFormPage, PublicReportTrackPage } from './public-reports/public-pages';

export { isPublicPath } from './public-paths';

/**
 * The public site (公众端): published outfall information, one page per outfall (the QR code on its sign opens
 * `/o/<code>`), and public reporting. Chinese, narrow enough for a phone.
 */
export function PublicSite() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/public/report')
    ? pathname.startsWith('/public/report/track')
      ? '/public/report/track'
      : '/public/report'
    : pathname.startsWith('/public/approvals')
      ? '/public/approvals'
      : '/public';
  return (
    <Layout className="public-site" data-testid="public-site" style={{ minHeight: '100vh' }}>
      <DocumentTitle />
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          padding: '0 12px',
          height: 'auto',
          flexWrap: 'wrap',
        }}
      >
        <Link to="/public" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t('publicPortal.siteTitle')}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          items={[
            { key: '/public', label: <Link to="/public">{t('publicPortal.navOutfalls')}</Link> },
            {
              key: '/public/approvals',
              label: <Link to="/public/approvals">{t('publicPortal.navApprovals')}</Link>,
            },
            { key: '/public/report', label: <Link to="/public/report">{t('publicReports.navReport')}</Link> },
            {
              key: '/public/report/track',
              label: <Link to="/public/report/track">{t('publicReports.navTrack')}</Link>,
            },
          ]}
        />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1100, width: '100%', margin: '0 auto' }}>
        <Routes>
          <Route path="/public" element={<PublicOutfallsPage />} />
          <Route path="/public/approvals" element={<PublicApprovalsPage />} />
          <Route path="/public/report" element={<PublicReportFormPage />} />
          <Route path="/public/report/track" element={<PublicReportTrackPage />} />
          <Route path="/o/:code" element={<PublicOutfallPage />} />
          <Route path="*" element={<Navigate to="/public" replace />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
