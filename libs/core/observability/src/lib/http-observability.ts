import { CommonErrorCode, RequestContextStore } from '@outfall/common';
import type { AppConfig } from '@outfall/config';
import type { ApiErrorBody } from '@outfall/shared-types';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { accessLogger } from './logging';
import { MetricsService } from './metrics.service';
import { routeLabel, startRequestTiming } from './request-timing';

/**
 * True when `authorization` is `Bearer <token>` for the configured METRICS_TOKEN (compared in constant
 * time). No token configured: never.
 */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

export interface MetricsAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * Why `GET /metrics` is refused, if it is: 404 while METRICS_TOKEN is unset (metrics off), 401 without the
 * right bearer token (the API's error shape); undefined when the caller may read the metrics.
 */
export function metricsRefusal(
  config: AppConfig,
  authorization: string | undefined,
): MetricsAnswer | undefined {
  const error = (status: number, code: string, message: string): MetricsAnswer => {
    const body: ApiErrorBody = {
      code,
      message,
      details: [],
      requestId: RequestContextStore.get()?.requestId ?? 'none',
    };
    return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
  };
  if (!config.METRICS_TOKEN)
    return error(404, CommonErrorCode.NotFound, 'Metrics are off (METRICS_TOKEN is not set)');
  if (!metricsAuthorized(authorization, config.METRICS_TOKEN)) {
    return {
      ...error(401, CommonErrorCode.Unauthenticated, 'The metrics need the bearer token METRICS_TOKEN'),
      headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
    };
  }
  return undefined;
}

/** The answer of `GET /metrics`, for the API and the worker: the refusal, or the Prometheus text. */
export async function metricsResponse(
  config: AppConfig,
  metrics: MetricsService,
  authorization: string | undefined,
): Promise<MetricsAnswer> {
  const refusal = metricsRefusal(config, authorization);
  if (refusal) return refusal;
  const rendered = await metrics.render();
  return { status: 200, contentType: rendered.contentType, body: rendered.body };
}

/**
 * The HTTP edge's observability, placed right after the request context opens: the request clock, the
 * latency histogram (per route template, method and status class) and the slow-request counter when the
 * response has been sent, and the access log (see `accessLogger`) when it ends: one middleware and one
 * listener per event, nothing allocated per request beyond the clock.
 */
export function httpObservability(
  config: AppConfig,
  metrics: MetricsService,
  root: Logger,
): RequestHandler[] {
  const slowMs = config.SLOW_REQUEST_MS;
  const access = accessLogger(config, root);
  const observe: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const clock = startRequestTiming(req);
    let logged = false;
    const ended = (failed: boolean) => {
      if (logged) return;
      logged = true;
      res.removeListener('close', onClose);
      res.removeListener('error', onError);
      access(req, res, failed);
    };
    // the clock stops when the response has been sent, so the metrics and the access log agree
    const onFinish = () => {
      const elapsedMs = clock.end();
      metrics.recordRequest(
        req.method,
        routeLabel(req, res.statusCode),
        res.statusCode,
        elapsedMs / 1000,
        slowMs > 0 && elapsedMs >= slowMs,
      );
      ended(false);
    };
    const onClose = () => ended(false);
    const onError = () => ended(true);
    res.on('finish', onFinish);
    res.on('close', onClose);
    res.on('error', onError);
    next();
  };
  return [observe];
}

/** `GET /metrics` on the API (not under /api/v1, not in the OpenAPI document). */
export function metricsHandler(config: AppConfig, metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    metricsResponse(config, metrics, req.header('authorization')).then((answer) => {
      res.status(answer.status).setHeader('Content-Type', answer.contentType);
      res.setHeader('Cache-Control', 'no-store');
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      res.send(answer.body);
    }, next);
  };
}
