import { useEffect } from 'react';
import { useLocation } from 'react-router-dom';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/zh-cn';
import { NAV_ITEMS } from './nav-items';

/** Pages outside the side menu. Longer paths win over shorter ones (see titleKeyOf). */
const EXTRA_TITLES: ReadonlyArray<readonly [string, MessageKey]> = [
  ['/login', 'login.title'],
  ['/public', 'publicPortal.navOutfalls'],
  ['/o', 'publicPortal.navOutfalls'],
  ['/public/approvals', 'publicPortal.navApprovals'],
  ['/public/report', 'publicReports.navReport'],
  ['/public/report/track', 'publicReports.navTrack'],
];

/** The route → title map: the menu's own labels (one name per page), plus the pages outside the menu. */
const TITLES: ReadonlyArray<readonly [string, MessageKey]> = [
  ...NAV_ITEMS.map((item) => [item.path, item.label] as const),
  ...EXTRA_TITLES,
].sort(([a], [b]) => b.length - a.length);

/** The message key of a path's title: the longest route prefix that matches whole segments. */
export function titleKeyOf(pathname: string): MessageKey | undefined {
  const match = TITLES.find(
    ([path]) => path !== '/' && (pathname === path || pathname.startsWith(`${path}/`)),
  );
  if (match) return match[1];
  return pathname === '/' ? 'menu.dashboard' : undefined;
}

/** Sets `document.title` to "page · platform" for the current route and language. */
export function useDocumentTitle(): void {
  const { pathname } = useLocation();
  const { t } = useI18n();
  useEffect(() => {
    const key = titleKeyOf(pathname);
    document.title = key ? `${t(key)} · ${t('app.title')}` : t('app.title');
  }, [pathname, t]);
}

/** For trees without a layout of their own (login, public site): renders nothing, sets the title. */
export function DocumentTitle(): null {
  useDocumentTitle();
  return null;
}
