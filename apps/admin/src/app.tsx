import { Spin } from 'antd';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './api/auth';
import { AppShell } from './layout/app-shell';
import { AuditPage } from './pages/audit-page';
import { DashboardPage } from './pages/dashboard-page';
import { JobsPage } from './pages/jobs-page';
import { LoginPage } from './pages/login-page';
import { UnitsPage } from './pages/units-page';

export function App() {
  const { me, loading, can } = useAuth();
  if (loading) return <Spin fullscreen />;
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route element={<AppShell />}>
        <Route index element={<DashboardPage />} />
        <Route path="/units" element={<UnitsPage />} />
        {can('audit:read') && <Route path="/audit" element={<AuditPage />} />}
        <Route path="/jobs" element={<JobsPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
