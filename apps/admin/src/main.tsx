import '@ant-design/v5-patch-for-react-19';
// Chinese glyphs shipped with the app (split by unicode range: a page loads only the ranges it shows), for
// machines without a Chinese system font
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AuthProvider } from './api/auth-context';
import { tokenStore } from './api/token-store';
import { AppRoutes } from './app-routes';
import { DASHBOARD_KEY, getDashboard } from './features/dashboard/dashboard.api';
import { AntdLocaleProvider } from './i18n/antd-locale-provider';
import { I18nProvider } from './i18n/i18n-context';
import { createQueryClient } from './query-client';
import './styles.css';

const queryClient = createQueryClient();
// The 工作台 is the first page a signed-in official opens: its figures are asked for now, alongside the session
// check, the shell and the page's code, not after they have loaded (the page's query picks the answer up)
if (window.location.pathname === '/' && tokenStore.token()) {
  void queryClient.prefetchQuery({
    queryKey: DASHBOARD_KEY,
    queryFn: ({ signal }) => getDashboard(undefined, signal),
  });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <AntdLocaleProvider>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthProvider>
              <AppRoutes />
            </AuthProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntdLocaleProvider>
    </I18nProvider>
  </StrictMode>,
);
