import type { FormInstance } from 'antd';
import type { Locale } from '@outfall/shared-types';
import { ApiError } from '../../../api/api-error';
import { localFieldErrors } from '../../../i18n/field-errors.util';

/** Puts the API's field messages (`details`) under the form's fields; true when every one found its field. */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  fields: readonly string[],
  locale: Locale,
): boolean {
  if (!(error instanceof ApiError)) return false;
  const errors = localFieldErrors(error, locale);
  const placed = [...errors.keys()].filter((name) => fields.includes(name.split('.')[0]));
  form.setFields(
    placed.map((name) => ({
      name: name.includes('.') ? name.split('.') : name,
      errors: [errors.get(name) ?? ''],
    })),
  );
  return placed.length > 0 && placed.length === errors.size;
}
