import { Transform } from 'class-transformer';
import type { FieldError } from './domain.exception';

/**
 * The one code normalizer (national outfall code, local outfall code, unified social credit code), used by
 * every path that writes or looks up a code: REST and GraphQL (through `@NormalizeCode()` on the DTOs, which
 * the XLSX imports instantiate too), API keys (they call the same REST routes) and the services' own
 * uniqueness checks. NFKC folds full-width letters and digits (`ＡＢ１２` → `AB12`) and ideographic spaces;
 * all whitespace is then removed (codes never contain spaces) and letters are upper-cased.
 */
export function normalizeCode(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

/** `@NormalizeCode()`: a string property is stored and compared in its normalized form (see normalizeCode). */
export const NormalizeCode = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeCode(value) : value));

/** C0 control characters and DEL, except tab, line feed and carriage return (allowed in multi-line text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;
/** In names and codes (single-line values) tab, line feed and carriage return are refused too. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F]/u;
/** Properties that hold a name (must not be blank after trimming) or a code (single-line). */
const NAME_KEY = /^(name|[a-z]\w*Name)$/u;
const SINGLE_LINE_KEY = /^(name|[a-z]\w*Name|[a-z]\w*Code|code|username)$/u;

/** Nesting allowed in a request body or argument object; deeper input is refused before anything reads it. */
export const MAX_INPUT_DEPTH = 32;

export interface TextProblems {
  errors: FieldError[];
  /** Nested deeper than MAX_INPUT_DEPTH (the walk stops there). */
  tooDeep: boolean;
}

const SINGLE_LINE = 1;
const NAME = 2;
/** The name itself holds control characters. */
const BAD_NAME = 4;
/** What a property name says (SINGLE_LINE | NAME | BAD_NAME), per distinct name: a batch repeats a few. */
const keyKinds = new Map<string, number>();
const KEY_KINDS_KEPT = 2048;
/** Longer names are judged each time: a hostile body's megabyte-long names are never kept. */
const KEY_KIND_MAX_LENGTH = 64;

function keyKind(key: string): number {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    kind =
      (SINGLE_LINE_KEY.test(key) ? SINGLE_LINE : 0) |
      (NAME_KEY.test(key) ? NAME : 0) |
      (CONTROL.test(key) ? BAD_NAME : 0);
    // names come from callers: only short ones are kept, and no more than the bound
    if (key.length <= KEY_KIND_MAX_LENGTH && keyKinds.size < KEY_KINDS_KEPT) keyKinds.set(key, kind);
  }
  return kind;
}

const fieldPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * A string's problem, if any: the field is `parent` itself when `at` is undefined, else `parent` + `at`; the
 * path is only built for a problem.
 */
function checkText(
  errors: FieldError[],
  value: string,
  key: string,
  parent: string,
  at?: string | number,
): void {
  const kind = keyKind(key);
  let message: string | undefined;
  if ((kind & SINGLE_LINE ? CONTROL_SINGLE_LINE : CONTROL).test(value))
    message = 'must not contain control characters';
  else if (kind & NAME && value.length > 0 && value.trim() === '') message = 'must not be blank';
  if (message === undefined) return;
  const field = (at === undefined ? parent : fieldPath(parent, at)) || 'value';
  errors.push({ field, message: `${field} ${message}` });
}

const nested = (value: unknown): boolean => value !== null && typeof value === 'object';

/**
 * Finds the text the platform never stores, in any field of any input (body, query, GraphQL arguments):
 * control characters (a NUL byte is also refused by PostgreSQL) and names that are blank after trimming.
 * Iterative, so a hostile 5,000-level body cannot overflow the stack; it stops at MAX_INPUT_DEPTH.
 * An object or array holding no objects (a batch row) is checked in place, without a stack entry or a field
 * path per value (paths are built for problems only); the problems and their order are the same either way.
 */
export function findTextProblems(input: unknown, root = ''): TextProblems {
  const errors: FieldError[] = [];
  if (typeof input === 'string') {
    checkText(errors, input, root, root);
    return { errors, tooDeep: false };
  }
  const stack: { value: unknown; path: string; key: string; depth: number }[] = [
    { value: input, path: root, key: root, depth: 0 },
  ];
  while (stack.length) {
    const { value, path, key, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value === 'string') {
      checkText(errors, value, key, path);
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date)
      continue;
    if (depth >= MAX_INPUT_DEPTH) return { errors, tooDeep: true };
    if (Array.isArray(value)) {
      if (!value.some(nested)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i] as unknown;
          if (typeof item === 'string') checkText(errors, item, key, path, i);
        }
        continue;
      }
      // pushed last-first, so fields are reported in document order
      for (let i = value.length - 1; i >= 0; i--) {
        const item = value[i] as unknown;
        if (typeof item === 'string' || nested(item))
          stack.push({ value: item, path: fieldPath(path, i), key, depth: depth + 1 });
      }
    } else {
      const keys = Object.keys(value);
      const record = value as Record<string, unknown>;
      // names with control characters first (last-first, as before), then the values in document order
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        if (keyKind(k) & BAD_NAME)
          errors.push({
            field: fieldPath(path, k.replace(CONTROL, '?')),
            message: 'a field name must not contain control characters',
          });
      }
      let flat = true;
      for (const k of keys)
        if (nested(record[k])) {
          flat = false;
          break;
        }
      if (flat) {
        for (const k of keys) {
          const v = record[k];
          if (typeof v === 'string') checkText(errors, v, k, path, k);
        }
        continue;
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const v = record[k];
        if (typeof v === 'string' || nested(v))
          stack.push({ value: v, path: fieldPath(path, k), key: k, depth: depth + 1 });
      }
    }
  }
  return { errors, tooDeep: false };
}
