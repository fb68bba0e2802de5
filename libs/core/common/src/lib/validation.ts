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
