import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import type { ApiErrorBody } from '@outfall/shared-types';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { CommonErrorCode, DomainException, FieldError } from './domain.exception';
import { RequestContextStore } from './request-context';

const STATUS_CODES: Partial<Record<number, CommonErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: CommonErrorCode.BadRequest,
  [HttpStatus.UNAUTHORIZED]: CommonErrorCode.Unauthenticated,
  [HttpStatus.FORBIDDEN]: CommonErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: CommonErrorCode.NotFound,
  [HttpStatus.CONFLICT]: CommonErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: CommonErrorCode.UnsupportedMediaType,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.TooManyRequests,
};

interface Normalised {
  status: number;
  code: string;
  message: string;
  details: FieldError[];
  retryAfterSeconds?: number;
}

/** PostgreSQL error codes that are the client's fault, mapped to safe messages (never the SQL text). */
function fromDatabaseError(error: QueryFailedError): Normalised | undefined {
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  switch (driverError?.code) {
    case '23505':
      return {
        status: HttpStatus.CONFLICT,
        code: CommonErrorCode.Conflict,
        message: 'A record with the same unique value already exists',
        details: driverError.constraint ? [{ field: driverError.constraint, message: 'must be unique' }] : [],
      };
    case '23503':
      return {
        status: HttpStatus.CONFLICT,
        code: CommonErrorCode.Conflict,
        message: 'The record is referenced by, or references, another record that does not allow this change',
        details: [],
      };
    case '22021':
    case '22P05':
      // a NUL byte or an invalid sequence that got past the input rules: the client's text, not our fault
      return {
        status: HttpStatus.BAD_REQUEST,
        code: CommonErrorCode.ValidationFailed,
        message:
          'A text value contains a character that cannot be stored (control character or invalid encoding)',
        details: [],
      };
    case '57014':
      // statement_timeout: the query ran longer than the database allows (DB_STATEMENT_TIMEOUT_MS)
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        code: CommonErrorCode.OperationTimeout,
        message: 'The request took too long and was stopped; narrow it down or try again later',
        details: [],
      };
    case '54001':
      return {
        status: HttpStatus.BAD_REQUEST,
        code: CommonErrorCode.BadRequest,
        message: 'The request is too complex',
        details: [],
      };
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return {
        status: HttpStatus.BAD_REQUEST,
        code: CommonErrorCode.BadRequest,
        message: 'A value has the wrong format',
        details: [],
      };
    default:
      return undefined;
  }
}

/** Retry-After (seconds) for the database outage answers. */
export const DATABASE_RETRY_AFTER_SECONDS = { unavailable: 5, busy: 2 } as const;

/** Node socket errors of a server that is down, restarting or unreachable. */
const CONNECTION_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * A database that cannot be reached or cannot give a connection in time: 503 with Retry-After and a code,
 * never 500. Covers node-postgres's pool timeout, socket errors, a connection that ended under a query,
 * and the server's connection (08xxx), shutdown (57P01-57P03) and too-many-connections (53300) codes,
 * whether thrown raw by the driver or wrapped in TypeORM's QueryFailedError.
 */
export function fromDatabaseOutage(exception: unknown): Normalised | undefined {
  // duck-typed: socket errors come from another realm than this module's Error (e.g. under Jest)
  if (typeof exception !== 'object' || exception === null) return undefined;
  const driverError = (exception instanceof QueryFailedError ? exception.driverError : exception) as
    { code?: unknown; message?: unknown } | undefined;
  const code = typeof driverError?.code === 'string' ? driverError.code : '';
  const message = String(driverError?.message ?? (exception as { message?: unknown }).message ?? '');
  if (/timeout exceeded when trying to connect/i.test(message) || code === '53300') {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: CommonErrorCode.DatabaseBusy,
      message: 'The database is busy: please retry shortly',
      details: [],
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS.busy,
    };
  }
  if (
    CONNECTION_ERRNOS.has(code) ||
    /^08/.test(code) ||
    ['57P01', '57P02', '57P03'].includes(code) ||
    /Connection terminated|Client has encountered a connection error|connection is closed|terminating connection/i.test(
      message,
    )
  ) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: CommonErrorCode.DatabaseUnavailable,
      message: 'The database is not available: please retry shortly',
      details: [],
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS.unavailable,
    };
  }
  return undefined;
}

export function normaliseError(exception: unknown): Normalised {
  if (exception instanceof DomainException) {
    return {
      status: exception.status,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      ...(exception.retryAfterSeconds ? { retryAfterSeconds: exception.retryAfterSeconds } : {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(Array.isArray(response.message) ? response.message.join('; ') : response.message)
        : exception.message;
    return {
      status,
      code: STATUS_CODES[status] ?? (status >= 500 ? CommonErrorCode.Internal : CommonErrorCode.BadRequest),
      message,
      details: [],
    };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = fromDatabaseError(exception);
    if (mapped) return mapped;
  }
  const outage = fromDatabaseOutage(exception);
  if (outage) return outage;
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: CommonErrorCode.Internal,
    message: 'Internal server error',
    details: [],
  };
}

/**
 * The one place errors become responses: REST gets `{ code, message, details, requestId }`, GraphQL gets the
 * same fields in `extensions`. Unexpected errors are logged with the request id and answered without
 * a stack trace or SQL.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const normalised = normaliseError(exception);
    const requestId = RequestContextStore.get()?.requestId ?? 'none';
    if (normalised.status >= 500 && (exception instanceof DomainException || normalised.retryAfterSeconds)) {
      // an expected, coded outage answer (e.g. 503 QUEUE_UNAVAILABLE): one line, no stack
      this.logger.warn(`[${requestId}] ${normalised.status} ${normalised.code}: ${normalised.message}`);
    } else if (normalised.status >= 500) {
      this.logger.error(
        `[${requestId}] ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    }
    if (host.getType<GqlContextType>() === 'graphql') {
      return new GraphQLError(normalised.message, {
        extensions: {
          code: normalised.code,
          status: normalised.status,
          details: normalised.details,
          requestId,
          ...(normalised.retryAfterSeconds ? { retryAfter: normalised.retryAfterSeconds } : {}),
        },
      });
    }
    const response = host.switchToHttp().getResponse<Response>();
    const { status, retryAfterSeconds, ...rest } = normalised;
    const body: ApiErrorBody = { ...rest, requestId };
    if (retryAfterSeconds) response.setHeader('Retry-After', String(retryAfterSeconds));
    response.status(status).json(body);
    return undefined;
  }
}
