import { Permission, SourceListKind } from '@outfall/shared-types';
import { Spin } from 'antd';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './api/auth-context';
import { RedirectAfterLogin } from './components/redirect-after-login';
import { useI18n } from './i18n/i18n-context';
import { AppShell } from './layout/app-shell';
import { AccountErrorPage } from './pages/account-error-page';
import { PatrolDetailPage, PatrolFormPage, PatrolsPage } from './features/supervision/patrols';
import { AuditPage } from './pages/audit-page';
import { DashboardPage } from './features/dashboard/dashboard-page';
import { EntitiesPage } from './features/entities/entities-page';
import { JobsPage } from './pages/jobs-page';
import { LoginPage } from './pages/login-page';
import { MonitoringPage } from './pages/monitoring-page';
import { OutfallsPage } from './pages/outfalls-page';
import { ProgressPage } from './pages/progress-page';
import { DispatchReportPage } from './features/progress/dispatch-report/dispatch-report-page';
import { RemediationPage } from './pages/remediation-page';
import { EnforcementPage } from './features/supervision/enforcement/enforcement-page';
import { UnitsPage } from './pages/units-page';
import { SetupReviewPage } from './features/supervision/setup-review/setup-review-page';
import { SourceListsPage } from './features/supervision/source-lists/source-lists-page';
import { RequiredRulesPage } from './features/supervision/signage/required-rules-page';
import { SignsPage } from './features/supervision/signage/signs-page';
import { PermitsPage } from './features/supervision/permits/permits-page';
import { SubmissionsPage } from './features/accountability/submissions/submissions-page';
import { RiverChiefsPage } from './features/accountability/tasks/river-chiefs-page';
import { SectionViewPage } from './features/accountability/tasks/section-view-page';
import { TasksPage } from './features/accountability/tasks/tasks-page';
import { AccountsPage } from './features/admin/accounts/accounts-page';
import { BaseDataPage } from './features/admin/base-data/base-data-page';
import { PublicationPage } from './features/public/public-portal/publication-page';
import { PublicReportsPage } from './features/public/public-reports/public-reports-page';
import { isPublicPath, PublicSite } from './features/public/public-site';
import { FieldHomePage, FieldOutfallPage, FieldPatrolPage } from './features/field';

/** Signed out: only /login. Signed in: the shell, with each page routed only for accounts that may see it. */
export function AppRoutes() {
  const { t } = useI18n();
  const { status, can } = useAuth();
  const location = useLocation();

  // the public site needs no session and never shows the admin shell
  if (isPublicPath(location.pathname)) return <PublicSite />;

  switch (status) {
    case 'loading':
      return <Spin fullscreen tip={t('app.loading')} />;
    case 'error':
      return <AccountErrorPage />;
    case 'signed-out':
      return (
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            path="*"
            element={
              <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />
            }
          />
        </Routes>
      );
    case 'ready':
      return (
        <Routes>
          <Route path="/login" element={<RedirectAfterLogin />} />
          {/* field mode: phones, outside the console's shell */}
          {can(Permission.DirectoryRead) && (
            <>
              <Route path="/field" element={<FieldHomePage />} />
              <Route path="/field/outfalls/:id" element={<FieldOutfallPage />} />
              {can(Permission.PatrolWrite) && <Route path="/field/patrol" element={<FieldPatrolPage />} />}
            </>
          )}
          <Route element={<AppShell />}>
            <Route index element={<DashboardPage />} />
            {can(Permission.DirectoryRead) && (
              <>
                <Route path="/outfalls" element={<OutfallsPage tab="list" />} />
                <Route path="/outfalls/map" element={<OutfallsPage tab="map" />} />
                <Route path="/entities" element={<EntitiesPage />} />
                <Route path="/monitoring" element={<MonitoringPage tab="samples" />} />
                <Route path="/monitoring/exceedances" element={<MonitoringPage tab="exceedances" />} />
                <Route path="/monitoring/chronic" element={<MonitoringPage tab="chronic" />} />
                <Route path="/remediation" element={<RemediationPage tab="plans" />} />
                <Route path="/remediation/dispositions" element={<RemediationPage tab="dispositions" />} />
                <Route path="/remediation/overdue" element={<RemediationPage tab="overdue" />} />
                <Route path="/enforcement" element={<EnforcementPage />} />
                <Route path="/progress" element={<ProgressPage tab="progress" />} />
                <Route path="/progress/snapshots" element={<ProgressPage tab="snapshots" />} />
                <Route
                  path="/progress/snapshots/:snapshotId/dispatch-report"
                  element={<DispatchReportPage />}
                />
                <Route path="/progress/targets" element={<ProgressPage tab="targets" />} />
                <Route path="/supervision/setup-review" element={<SetupReviewPage />} />
                <Route
                  path="/source-lists"
                  element={<SourceListsPage tab={SourceListKind.IndustrialEnterprise} />}
                />
                <Route
                  path="/source-lists/livestock"
                  element={<SourceListsPage tab={SourceListKind.LivestockFarm} />}
                />
                <Route
                  path="/source-lists/aquaculture"
                  element={<SourceListsPage tab={SourceListKind.AquacultureFarm} />}
                />
                <Route path="/source-lists/waters" element={<SourceListsPage tab="waters" />} />
                <Route path="/signage" element={<SignsPage />} />
                <Route path="/required-indicators" element={<RequiredRulesPage />} />
                <Route path="/patrols" element={<PatrolsPage tab="list" />} />
                <Route path="/patrols/schedules" element={<PatrolsPage tab="schedules" />} />
                <Route path="/patrols/rules" element={<PatrolsPage tab="rules" />} />
                <Route path="/patrols/:id" element={<PatrolDetailPage />} />
                {can(Permission.PatrolWrite) && <Route path="/patrols/new" element={<PatrolFormPage />} />}
                <Route path="/permits" element={<PermitsPage tab="permits" />} />
                <Route path="/permits/findings" element={<PermitsPage tab="findings" />} />
                <Route path="/permits/schedules" element={<PermitsPage tab="schedules" />} />
              </>
            )}
            {can(Permission.OrgRead) && <Route path="/units" element={<UnitsPage />} />}
            {can(Permission.OrgRead) && (
              <>
                <Route path="/accountability" element={<SubmissionsPage tab="notices" />} />
                <Route path="/accountability/submissions" element={<SubmissionsPage tab="submissions" />} />
                <Route path="/accountability/assessment" element={<SubmissionsPage tab="assessment" />} />
                <Route path="/accountability/archive" element={<SubmissionsPage tab="archive" />} />
                <Route path="/accountability/packages" element={<SubmissionsPage tab="packages" />} />
              </>
            )}
            {can(Permission.OrgRead) && <Route path="/tasks" element={<TasksPage />} />}
            {can(Permission.DirectoryRead) && (
              <>
                <Route path="/river-chiefs" element={<RiverChiefsPage />} />
                <Route path="/river-chiefs/sections/:id" element={<SectionViewPage />} />
              </>
            )}
            {can(Permission.DirectoryRead) && (
              <>
                <Route path="/public-portal" element={<PublicationPage />} />
                <Route path="/public-reports" element={<PublicReportsPage />} />
                <Route path="/base-data/:tab?" element={<BaseDataPage />} />
              </>
            )}
            {can(Permission.UserRead) && <Route path="/accounts/:tab?" element={<AccountsPage />} />}
            {can(Permission.AuditRead) && <Route path="/audit" element={<AuditPage />} />}
            {can(Permission.JobRead) && <Route path="/jobs" element={<JobsPage />} />}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      );
  }
}
