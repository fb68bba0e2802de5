import { labelOf, type LabelMap, type Locale } from '@outfall/shared-types';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type MessageKey } from './messages';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  label<T extends string>(labels: LabelMap<T>, value: T): string;
}

const STORAGE_KEY = 'outfall.locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = locale === 'en-US' ? en : zh;
    return {
      locale,
      setLocale,
      t: (key, values) =>
        Object.entries(values ?? {}).reduce(
          (text, [name, v]) => text.replace(`{${name}}`, String(v)),
          messages[key],
        ),
      label: (labels, v) => labelOf(labels, v, locale),
    };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
