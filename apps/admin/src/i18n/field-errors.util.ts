import type { FormInstance } from 'antd';
import { ApiError } from '../api/api-error';
import { fieldMessage, GENERIC_FIELD_MESSAGE } from './field-message.util';
import type { Locale } from '@outfall/shared-types';
import type { I18n } from './i18n-context';

/** Plain validation failures carry only the API's per-field text; domain errors also have a translated code. */
const GENERIC_CODES = new Set(['VALIDATION_FAILED', 'BAD_REQUEST']);

/**
 * The API's field errors (`details`), as lines to show under each field: the translated error code first
 * (when the code is specific and translated), then the API's own messages (in Chinese mode, translated).
 */
export function fieldErrorLines(
  error: unknown,
  i18n: Pick<I18n, 'tMaybe' | 'locale'>,
): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  if (!(error instanceof ApiError)) return lines;
  const translated = GENERIC_CODES.has(error.code) ? undefined : i18n.tMaybe(`error.${error.code}`);
  for (const [field, raw] of error.allFieldErrors()) {
    // the code's translation (when specific) first, then each message in the current language; Chinese mode
    // never shows the API's English, and drops the generic hint when the code already says what is wrong
    const messages = [...new Set(raw.map((message) => fieldMessage(message, i18n.locale)))].filter(
      (message) => message !== translated && !(translated && message === GENERIC_FIELD_MESSAGE),
    );
    lines.set(field, translated ? [translated, ...messages] : messages);
  }
  return lines;
}

/** Puts the API's field errors under the form's fields it has (see needsFormAlert for the rest). */
export function placeFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
  i18n: Pick<I18n, 'tMaybe' | 'locale'>,
): void {
  const placed = [...fieldErrorLines(error, i18n)].filter(([field]) => fields.includes(field));
  form.setFields(placed.map(([field, errors]) => ({ name: field as never, errors })));
}

/** Whether an error needs an alert above the form (the counterpart of placeFieldErrors, for rendering). */
export function needsFormAlert(error: unknown, fields: readonly string[]): boolean {
  if (!error) return false;
  if (!(error instanceof ApiError)) return true;
  const names = [...error.fieldErrors().keys()];
  return names.length === 0 || names.some((name) => !fields.includes(name));
}

/** The API's first message per field, in the current language (Chinese mode: never the API's English). */
export function localFieldErrors(error: ApiError, locale: Locale): Map<string, string> {
  return new Map([...error.fieldErrors()].map(([field, message]) => [field, fieldMessage(message, locale)]));
}
