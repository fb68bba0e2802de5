import type { FormInstance } from 'antd';
import { ApiError } from '../api/api-error';
import { fieldMessage } from './field-message.util';
import type { I18n } from './i18n-context';

/** Plain validation failures carry only the API's per-field text; domain errors also have a translated code. */
const GENERIC_CODES = new Set(['VALIDATION_FAILED', 'BAD_REQUEST']);

/**
 * The API's field errors (`details`), as lines to show under each field: the translated error code first
 * (when the code is specific and translated), then the API's own message.
 */
export function fieldErrorLines(
  error: unknown,
  i18n: Pick<I18n, 'tMaybe' | 'locale'>,
): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  if (!(error instanceof ApiError)) return lines;
  const translated = GENERIC_CODES.has(error.code) ? undefined : i18n.tMaybe(`error.${error.code}`);
  for (const [field, raw] of error.allFieldErrors()) {
    // Chinese mode: the code's translation when it is specific, else each message in Chinese (never English)
    const messages =
      i18n.locale === 'en-US' || !translated
        ? [...new Set(raw.map((message) => fieldMessage(message, i18n.locale)))]
        : [];
    lines.set(
      field,
      translated ? [translated, ...messages.filter((message) => message !== translated)] : messages,
    );
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
