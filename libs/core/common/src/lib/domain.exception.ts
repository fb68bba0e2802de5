import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** Codes every module may use; domain modules add their own in `<domain>.exception.ts`. */
export enum CommonErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** A JSON body or GraphQL argument nested deeper than the platform reads. */
  InputTooDeep = 'INPUT_TOO_DEEP',
  /** The operation ran longer than the platform allows (GraphQL operation or database statement). */
  OperationTimeout = 'OPERATION_TIMEOUT',
  Unauthenticated = 'UNAUTHENTICATED',
  TokenExpired = 'TOKEN_EXPIRED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  /** Queued work cannot be accepted now (the queue's Redis is unreachable); retry after `Retry-After`. */
  QueueUnavailable = 'QUEUE_UNAVAILABLE',
  /** The database is unreachable (PostgreSQL down or restarting); retry after `Retry-After`. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** No database connection came free in time (long work holds them); retry after `Retry-After`. */
  DatabaseBusy = 'DATABASE_BUSY',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  StoredFileMissing = 'STORED_FILE_MISSING',
  Internal = 'INTERNAL_ERROR',
}

/**
 * A coded, client-safe error. Services throw these; one filter at the edge maps them to the REST error
 * shape and to GraphQL errors.
 */
export class DomainException extends Error {
  /** Seconds after which the request may be retried: sent as `Retry-After` (REST) and in `extensions`. */
  retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    message: string,
    readonly status: HttpStatus = HttpStatus.BAD_REQUEST,
    readonly details: FieldError[] = [],
  ) {
    super(message);
  }

  static notFound(entity: string, id?: string): DomainException {
    return new DomainException(
      CommonErrorCode.NotFound,
      id ? `${entity} ${id} was not found` : `${entity} was not found`,
      HttpStatus.NOT_FOUND,
    );
  }

  static forbidden(message = 'You do not have permission to do this'): DomainException {
    return new DomainException(CommonErrorCode.Forbidden, message, HttpStatus.FORBIDDEN);
  }

  static invalid(field: string, message: string): DomainException {
    return new DomainException(CommonErrorCode.ValidationFailed, message, HttpStatus.BAD_REQUEST, [
      { field, message },
    ]);
  }
}
