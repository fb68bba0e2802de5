import { ApiError } from '../api/api-error';
import type { I18n } from './i18n-context';

export interface ErrorMessage {
  /** Localised text for a known error code, else the API's own message (English mode) or a Chinese hint. */
  title: string;
  /** The API's message when the title is a translation of it (so the original is never lost). */
  detail?: string;
  /** Chinese mode: the API's own (English) text, for a folded "original message" detail. */
  original?: string;
  requestId?: string;
}

/**
 * An error for the user. English mode: the translated code (or the API's message) with the API's message
 * below. Chinese mode: only Chinese in view (the code's translation, else a hint by HTTP status); the API's
 * English text becomes `original`, shown folded away for support.
 */
export function errorMessage(error: unknown, i18n: Pick<I18n, 't' | 'tMaybe' | 'locale'>): ErrorMessage {
  const english = i18n.locale === 'en-US';
  if (error instanceof ApiError) {
    const translated = i18n.tMaybe(`error.${error.code}`);
    const requestId = error.body.requestId || undefined;
    if (english) {
      return {
        title: translated ?? error.message,
        detail: translated && translated !== error.message ? error.message : undefined,
        requestId,
      };
    }
    const title =
      translated ?? i18n.tMaybe(`error.status.${statusClass(error.status)}`) ?? i18n.t('common.loadError');
    return { title, original: title !== error.message ? error.message : undefined, requestId };
  }
  if (english || !(error instanceof Error)) {
    return { title: error instanceof Error ? error.message : i18n.t('common.loadError') };
  }
  return { title: i18n.t('common.loadError'), original: error.message };
}

function statusClass(status: number): string {
  if (status === 0) return 'network';
  if ([400, 401, 403, 404, 409, 413, 415, 422, 429].includes(status)) return String(status);
  return status >= 500 ? '5xx' : '4xx';
}
