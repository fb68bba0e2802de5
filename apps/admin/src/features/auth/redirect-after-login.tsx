import { Navigate, useLocation } from 'react-router-dom';

/** After signing in, return to the page that sent the user to /login (same-origin paths only). */
export function RedirectAfterLogin() {
  const state = useLocation().state as { from?: unknown } | null;
  const from = typeof state?.from === 'string' ? state.from : '/';
  const safe = from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
  return <Navigate to={safe} replace />;
}
