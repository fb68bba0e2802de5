import { RequestContext, RequestContextStore } from '@outfall/common';
import type { IncomingMessage } from 'node:http';

/** When a request started and its context (request id; the caller once the auth guard has run). */
export interface RequestTiming {
  context: RequestContext | undefined;
  /** Time since the request came in, or its duration once `end` was called. */
  elapsedMs(): number;
  /** Stops the clock (when the response has been sent), so the metrics and the access log agree. */
  end(): number;
}

const timings = new WeakMap<IncomingMessage, RequestTiming>();

/** Starts the request's clock; call it right after the request context is opened. */
export function startRequestTiming(req: IncomingMessage): RequestTiming {
  const started = performance.now();
  let duration: number | undefined;
  const timing: RequestTiming = {
    context: RequestContextStore.get(),
    elapsedMs: () => duration ?? performance.now() - started,
    end: () => (duration ??= performance.now() - started),
  };
  timings.set(req, timing);
  return timing;
}

export function requestTiming(req: IncomingMessage): RequestTiming | undefined {
  return timings.get(req);
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/**
 * The route template a request matched (`/api/v1/outfalls/:id`), never the raw URL, so the metrics keep a
 * bounded set of labels: `(unmatched)` for a 404 no route took, `(other)` for what middleware answered
 * (static files, the SPA, malformed bodies).
 */
export function routeLabel(req: IncomingMessage, status: number): string {
  const route = (req as RoutedRequest).route;
  if (route && typeof route.path === 'string') return `${(req as RoutedRequest).baseUrl ?? ''}${route.path}`;
  return status === 404 ? '(unmatched)' : '(other)';
}
