import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { ApiErrorBody } from '@outfall/shared-types';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode } from './domain.exception';
import { RequestContext, RequestContextStore } from './request-context';
import { MAX_INPUT_DEPTH } from './text-input';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request an id (a caller's X-Request-Id is kept when sane) and opens its context. The client
 * address (`req.ip`: proxy-addr walks X-Forwarded-For against the trusted proxies) is worked out when read,
 * not for every request.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const context: RequestContext = {
    requestId,
    http: { method: req.method, url: req.url },
    get ip(): string | undefined {
      return req.ip;
    },
  };
  RequestContextStore.run(context, next);
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

/**
 * Depth of a parsed JSON value, counted without recursion; stops counting past `limit`. Only objects and arrays
 * are stacked, with their depths beside them (no pair per child, no array of values per object: a 10,000-row
 * batch is walked without garbage).
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const items: object[] = [value];
  const depths: number[] = [0];
  while (items.length) {
    const item = items.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth >= limit) return true;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child = item[i] as unknown;
        if (child !== null && typeof child === 'object') {
          items.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      // parsed JSON: own properties only (a parsed body's prototype adds none)
      for (const key in item) {
        const child = item[key];
        if (child !== null && typeof child === 'object') {
          items.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/**
 * Placed after the JSON parser: a body nested deeper than MAX_INPUT_DEPTH (a JSON bomb of 5,000 levels, say)
 * is refused with 400 `INPUT_TOO_DEEP` before a validator, GraphQL or the database walks it recursively.
 */
export function bodyDepthGuard(req: Request, res: Response, next: NextFunction): void {
  if (!jsonDepthExceeds(req.body, MAX_INPUT_DEPTH)) {
    next();
    return;
  }
  const requestId = RequestContextStore.get()?.requestId ?? 'none';
  res.status(HttpStatus.BAD_REQUEST).json({
    code: CommonErrorCode.InputTooDeep,
    message: `The request body is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`,
    details: [],
    requestId,
  });
}
