import { HttpStatus, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { CommonErrorCode, DomainException, FieldError } from './domain.exception';

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

/** The one validation pipe, used by the app and by every test bootstrap. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(VALIDATION_OPTIONS);
}

/** "x must be one of: a, b, c" for enum validators. */
export const enumMessage = (name: string, values: object): string =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;

/** Query-string booleans ("true"/"false") for class-transformer's @Transform. */
export const queryBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
