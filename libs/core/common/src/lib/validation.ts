import {
  ArgumentMetadata,
  HttpStatus,
  ValidationError,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { CommonErrorCode, DomainException, FieldError } from './domain.exception';
import { findTextProblems, MAX_INPUT_DEPTH } from './text-input';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    // array items as `rows[3].value`, the same notation the services' own checks use
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const details = flattenValidationErrors(errors);
    return new DomainException(
      CommonErrorCode.ValidationFailed,
      details.length ? `Invalid input: ${details.map((d) => d.message).join('; ')}` : 'Invalid input',
      HttpStatus.BAD_REQUEST,
      details,
    );
  },
};

/** A body or argument nested deeper than MAX_INPUT_DEPTH. */
export function inputTooDeep(): DomainException {
  return new DomainException(
    CommonErrorCode.InputTooDeep,
    `The input is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`,
    HttpStatus.BAD_REQUEST,
  );
}

const ITEMS_CHECKED_BY_SERVICE = Symbol('itemsCheckedByService');

/**
 * `@ItemsCheckedByService()` on an array property of a body DTO: the pipe checks that the property is an array
 * (its own `@IsArray`), the platform's text rules still cover every item, but its items are neither copied by
 * class-transformer nor validated against a class: the service checks them itself, once (the batch API's
 * 10 000 rows, whose per-row checks and messages live in the service). The handler receives the items as sent.
 * Only for properties whose sole validator is `@IsArray` (size limits would see an empty array).
 */
export const ItemsCheckedByService = (): PropertyDecorator => (target, key) => {
  const ctor = target.constructor as unknown as Record<symbol, (string | symbol)[] | undefined>;
  const own = Object.prototype.hasOwnProperty.call(ctor, ITEMS_CHECKED_BY_SERVICE)
    ? (ctor[ITEMS_CHECKED_BY_SERVICE] as (string | symbol)[])
    : (ctor[ITEMS_CHECKED_BY_SERVICE] = [...(ctor[ITEMS_CHECKED_BY_SERVICE] ?? [])]);
  own.push(key);
};

function itemsCheckedByService(metatype: unknown): (string | symbol)[] | undefined {
  return typeof metatype === 'function'
    ? (metatype as unknown as Record<symbol, (string | symbol)[] | undefined>)[ITEMS_CHECKED_BY_SERVICE]
    : undefined;
}

const QUERY_SHORTCUT = Symbol('queryShortcut');

/**
 * Recognises a query string that certainly passes its DTO's validators and returns what the pipe would
 * (the DTO instance with the same converted values), or undefined for anything else.
 */
export type QueryShortcut<T> = (query: Record<string, unknown>) => T | undefined;

/**
 * `@QueryShortcut(check)` on a query DTO read on a hot path (the directory list): the pipe first asks `check`,
 * which accepts only queries whose every field certainly passes the DTO's own validators (same class-validator
 * functions, stricter where unsure) and builds the same instance; whatever it does not accept (unknown fields,
 * repeated keys, anything invalid or doubtful) goes through class-transformer and class-validator as before,
 * so a bad query gets the same 400 and field messages. The text rules run first either way. A spec beside
 * each check compares it with the full pipe.
 */
export const QueryShortcut =
  <T>(check: QueryShortcut<T>): ClassDecorator =>
  (target) => {
    Object.defineProperty(target, QUERY_SHORTCUT, { value: check });
  };

function queryShortcut(metatype: unknown): QueryShortcut<unknown> | undefined {
  return typeof metatype === 'function' && Object.prototype.hasOwnProperty.call(metatype, QUERY_SHORTCUT)
    ? (metatype as unknown as Record<symbol, QueryShortcut<unknown>>)[QUERY_SHORTCUT]
    : undefined;
}

/**
 * The validation pipe plus the platform's text rules for every field of every input, whatever its DTO says:
 * REST bodies, query strings and path parameters, and GraphQL arguments (the pipe is global, so resolvers
 * get it too). Control characters and names blank after trimming are refused with 400 naming the field.
 */
export class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const { errors, tooDeep } = findTextProblems(value, metadata.data ?? '');
      if (tooDeep) throw inputTooDeep();
      if (errors.length)
        throw new DomainException(
          CommonErrorCode.ValidationFailed,
          `Invalid input: ${errors.map((d) => d.message).join('; ')}`,
          HttpStatus.BAD_REQUEST,
          errors,
        );
    }
    if (metadata.type === 'query' && value && typeof value === 'object') {
      const shortcut = queryShortcut(metadata.metatype)?.(value as Record<string, unknown>);
      if (shortcut !== undefined) return shortcut;
    }
    const passed = itemsCheckedByService(metadata.metatype);
    if (passed?.length && value && typeof value === 'object' && !Array.isArray(value)) {
      // validated with those arrays emptied (`@IsArray` still sees an array), then given back as sent
      const shallow: Record<string | symbol, unknown> = { ...(value as Record<string | symbol, unknown>) };
      const held: [string | symbol, unknown[]][] = [];
      for (const key of passed) {
        const items = shallow[key];
        if (Array.isArray(items)) {
          held.push([key, items]);
          shallow[key] = [];
        }
      }
      const out = (await super.transform(shallow, metadata)) as Record<string | symbol, unknown>;
      for (const [key, items] of held) out[key] = items;
      return out;
    }
    return super.transform(value, metadata);
  }
}

/** The one validation pipe, used by the app and by every test bootstrap. */
export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe(VALIDATION_OPTIONS);
}

/** "x must be one of: a, b, c" for enum validators. */
export const enumMessage = (name: string, values: object): string =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;

/** Query-string booleans ("true"/"false") for class-transformer's @Transform. */
export const queryBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
