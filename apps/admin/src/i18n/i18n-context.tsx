import { labelOf, type LabelMap, type Locale } from '@outfall/shared-types';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey, type Messages } from './zh-cn';

const STORAGE_KEY = 'outfall.locale';
/** English is loaded when first chosen (its own chunk): most users never need it in their first load. */
let english: Messages | null = null;
const loadEnglish = (): Promise<Messages> =>
  english ? Promise.resolve(english) : import('./en-us').then(({ enUS }) => (english = enUS));

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** The message for `key`, with `{name}` placeholders filled from `values`. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** The message for a key built at run time (codes, entity types), or undefined when there is none. */
  tMaybe(key: string, values?: Record<string, string | number>): string | undefined;
  /** A bilingual enum label from the shared types. */
  label<T extends string>(labels: LabelMap<T>, value: T): string;
  /** A date-time in China Standard Time, in the current locale's format. */
  dateTime(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function storedLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Puts `{name}` values into a message (also for the messages a lazy page keeps to itself). */
export function fill(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [wanted, setLocaleState] = useState<Locale>(storedLocale);
  const [englishReady, setEnglishReady] = useState(english !== null);
  useEffect(() => {
    if (wanted !== 'en-US' || englishReady) return;
    let live = true;
    // until the English chunk arrives the page stays Chinese (never half of each)
    void loadEnglish().then(() => live && setEnglishReady(true));
    return () => {
      live = false;
    };
  }, [wanted, englishReady]);
  const locale: Locale = wanted === 'en-US' && englishReady && english ? 'en-US' : 'zh-CN';
  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = locale === 'en-US' && english ? english : zhCN;
    const format = new Intl.DateTimeFormat(locale, {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    return {
      locale,
      setLocale,
      t: (key, values) => fill(messages[key], values),
      tMaybe: (key, values) => (isMessageKey(key) ? fill(messages[key], values) : undefined),
      label: (labels, v) =>
        Object.prototype.hasOwnProperty.call(labels, v) ? labelOf(labels, v, locale) : v,
      dateTime: (iso) => {
        if (!iso) return '';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : format.format(date);
      },
    };
  }, [locale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    // the page title is per route: layout/document-title.ts
  }, [locale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() needs an <I18nProvider> above it');
  return i18n;
}
