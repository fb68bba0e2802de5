import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { ApiErrorBody } from '@outfall/shared-types';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode } from './domain.exception';
import { RequestContextStore } from './request-context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id (a caller's X-Request-Id is kept when sane) and opens its context. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  RequestContextStore.run({ requestId, ip: req.ip }, () => next());
}

/**
 * Express error handler placed right after the body parsers: malformed JSON, oversized bodies and bad
 * encodings get the API's error shape instead of express's HTML page.
 */
export function bodyParserErrorHandler(
  error: { type?: string; status?: number },
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (
    !error ||
    typeof error.type !== 'string' ||
    (!error.type.startsWith('entity.') &&
      !error.type.startsWith('charset') &&
      !error.type.startsWith('encoding'))
  ) {
    next(error);
    return;
  }
  const requestId = RequestContextStore.get()?.requestId ?? 'none';
  let body: Omit<ApiErrorBody, 'requestId'>;
  let status: number;
  if (error.type === 'entity.too.large') {
    status = HttpStatus.PAYLOAD_TOO_LARGE;
    body = { code: CommonErrorCode.PayloadTooLarge, message: 'The request body is too large', details: [] };
  } else if (error.type === 'entity.parse.failed') {
    status = HttpStatus.BAD_REQUEST;
    body = {
      code: CommonErrorCode.MalformedJson,
      message: 'The request body is not valid JSON',
      details: [],
    };
  } else {
    status = error.status && error.status < 500 ? error.status : HttpStatus.BAD_REQUEST;
    body = { code: CommonErrorCode.BadRequest, message: 'The request body could not be read', details: [] };
  }
  res.status(status).json({ ...body, requestId });
}
