import { Permission, SourceListKind } from '@outfall/shared-types';
import { Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './api/auth-context';
import { RedirectAfterLogin } from './features/auth/redirect-after-login';
import { lazyPage, PageLoading } from './lazy-page';
import { isPublicPath } from './features/public/public-paths';

// every page is its own chunk, loaded when its route first renders (the shell too: the login page needs none of it)
const AppShell = lazyPage(() => import('./layout/app-shell'), 'AppShell');
const AccountErrorPage = lazyPage(() => import('./features/auth/account-error-page'), 'AccountErrorPage');
const PatrolDetailPage = lazyPage(() => import('./features/supervision/patrols'), 'PatrolDetailPage');
const PatrolFormPage = lazyPage(() => import('./features/supervision/patrols'), 'PatrolFormPage');
const PatrolsPage = lazyPage(() => import('./features/supervision/patrols'), 'PatrolsPage');
const AuditPage = lazyPage(() => import('./features/audit/audit-page'), 'AuditPage');
const DashboardPage = lazyPage(() => import('./features/dashboard/dashboard-page'), 'DashboardPage');
const EntitiesPage = lazyPage(() => import('./features/entities/entities-page'), 'EntitiesPage');
const JobsPage = lazyPage(() => import('./features/jobs/jobs-page'), 'JobsPage');
const LoginPage = lazyPage(() => import('./features/auth/login-page'), 'LoginPage');
const MonitoringPage = lazyPage(() => import('./features/monitoring/monitoring-page'), 'MonitoringPage');
const OutfallsPage = lazyPage(() => import('./features/outfalls/outfalls-page'), 'OutfallsPage');
const ProgressPage = lazyPage(() => import('./features/progress/progress-page'), 'ProgressPage');
const DispatchReportPage = lazyPage(
  () => import('./features/progress/dispatch-report/dispatch-report-page'),
  'DispatchReportPage',
);
const RemediationPage = lazyPage(() => import('./features/remediation/remediation-page'), 'RemediationPage');
const EnforcementPage = lazyPage(
  () => import('./features/supervision/enforcement/enforcement-page'),
  'EnforcementPage',
);
const UnitsPage = lazyPage(() => import('./features/units/units-page'), 'UnitsPage');
const SetupReviewPage = lazyPage(
  () => import('./features/supervision/setup-review/setup-review-page'),
  'SetupReviewPage',
);
const SourceListsPage = lazyPage(
  () => import('./features/supervision/source-lists/source-lists-page'),
  'SourceListsPage',
);
const RequiredRulesPage = lazyPage(
  () => import('./features/supervision/signage/required-rules-page'),
  'RequiredRulesPage',
);
const SignsPage = lazyPage(() => import('./features/supervision/signage/signs-page'), 'SignsPage');
const PermitsPage = lazyPage(() => import('./features/supervision/permits/permits-page'), 'PermitsPage');
const SubmissionsPage = lazyPage(
  () => import('./features/accountability/submissions/submissions-page'),
  'SubmissionsPage',
);
const RiverChiefsPage = lazyPage(
  () => import('./features/accountability/tasks/river-chiefs-page'),
  'RiverChiefsPage',
);
const SectionViewPage = lazyPage(
  () => import('./features/accountability/tasks/section-view-page'),
  'SectionViewPage',
);
const TasksPage = lazyPage(() => import('./features/accountability/tasks/tasks-page'), 'TasksPage');
const AccountsPage = lazyPage(() => import('./features/admin/accounts/accounts-page'), 'AccountsPage');
const BaseDataPage = lazyPage(() => import('./features/admin/base-data/base-data-page'), 'BaseDataPage');
const PublicationPage = lazyPage(
  () => import('./features/public/public-portal/publication-page'),
  'PublicationPage',
);
const PublicReportsPage = lazyPage(
  () => import('./features/public/public-reports/public-reports-page'),
  'PublicReportsPage',
);
const PublicSite = lazyPage(() => import('./features/public/public-site'), 'PublicSite');
const FieldHomePage = lazyPage(() => import('./features/field'), 'FieldHomePage');
const FieldOutfallPage = lazyPage(() => import('./features/field'), 'FieldOutfallPage');
const FieldPatrolPage = lazyPage(() => import('./features/field'), 'FieldPatrolPage');

/** Signed out: only /login. Signed in: the shell, with each page routed only for accounts that may see it. */
export function AppRoutes() {
  const { status, can } = useAuth();
  const location = useLocation();

  // the public site needs no session and never shows the admin shell
  if (isPublicPath(location.pathname))
    return (
      <Suspense fallback={<PageLoading fullscreen />}>
        <PublicSite />
      </Suspense>
    );

  switch (status) {
    case 'loading':
      return <PageLoading fullscreen />;
    case 'error':
      return (
        <Suspense fallback={<PageLoading fullscreen />}>
          <AccountErrorPage />
        </Suspense>
      );
    case 'signed-out':
      return (
        <Suspense fallback={<PageLoading fullscreen />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route
              path="*"
              element={
                <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />
              }
            />
          </Routes>
        </Suspense>
      );
    case 'ready':
      // the shell renders at once; its page area waits for the page's chunk (Suspense in AppShell)
      return (
        <Suspense fallback={<PageLoading fullscreen />}>
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
        </Suspense>
      );
  }
}
