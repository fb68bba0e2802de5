import { ApiError } from '../api/api-error';
import type { I18n } from './i18n-context';

export interface ErrorMessage {
  /** Localised text for a known error code, else the API's own message. */
  title: string;
  /** The API's message when the title is a translation of it (so the original is never lost). */
  detail?: string;
  requestId?: string;
}

export function errorMessage(error: unknown, i18n: Pick<I18n, 't' | 'tMaybe'>): ErrorMessage {
  if (error instanceof ApiError) {
    const translated = i18n.tMaybe(`error.${error.code}`);
    const title = translated ?? error.message;
    return {
      title,
      detail: translated && translated !== error.message ? error.message : undefined,
      requestId: error.body.requestId || undefined,
    };
  }
  return { title: error instanceof Error ? error.message : i18n.t('common.loadError') };
}
