import { Spin } from 'antd';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { useI18n } from './i18n/i18n-context';

/**
 * A page component loaded on first use: `lazyPage(() => import('./features/x/x-page'), 'XPage')` keeps named exports
 * (no default exports in this app) and gives the route its own chunk.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the props are those of the named component
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/** The stand-in while a page's chunk loads: a centred spinner with 正在加载… (or its English). */
export function PageLoading({ fullscreen = false }: { fullscreen?: boolean }) {
  const { t } = useI18n();
  if (fullscreen) return <Spin fullscreen tip={t('app.loading')} />;
  return (
    <div className="page-loading" role="status" aria-live="polite" data-testid="page-loading">
      <Spin tip={t('app.loading')}>
        <div style={{ minHeight: 160 }} />
      </Spin>
    </div>
  );
}
