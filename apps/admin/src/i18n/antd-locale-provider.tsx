import { App as AntdApp, ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMemo, type ReactNode } from 'react';
import { useReducedMotion } from '../shared/hooks/use-reduced-motion';
import { useI18n } from './i18n-context';

/** System fonts first; the bundled Noto Sans SC covers Chinese where the system has no Chinese font. */
const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'PingFang SC', " +
  "'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', sans-serif";

/**
 * Text colours at WCAG AA (≥ 4.5:1 on white and on the #f5f7fa page): antd's defaults for secondary text
 * (rgba(0,0,0,.45) ≈ 3.35:1) and placeholders / disabled text (rgba(0,0,0,.25) ≈ 1.83:1) fall short.
 */
const THEME = {
  token: {
    colorPrimary: '#1f6f8b',
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextQuaternary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorLink: '#1f6f8b',
  },
};

/**
 * antd (and dayjs, which its date pickers use) in the current locale; `AntdApp` gives context-aware messages.
 * Dialogs, menus and drawers open without animation, and buttons show no click wave, for users whose system
 * asks for reduced motion (WCAG 2.3.3).
 */
export function AntdLocaleProvider({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  const reducedMotion = useReducedMotion();
  const theme = useMemo(
    () => ({ ...THEME, token: { ...THEME.token, motion: !reducedMotion } }),
    [reducedMotion],
  );
  const wave = useMemo(() => ({ disabled: reducedMotion }), [reducedMotion]);
  dayjs.locale(locale === 'en-US' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={locale === 'en-US' ? enUSAntd : zhCNAntd} theme={theme} wave={wave}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}
