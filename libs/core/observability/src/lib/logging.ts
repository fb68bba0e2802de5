import { RequestContext, RequestContextStore } from '@outfall/common';
import type { AppConfig } from '@outfall/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, DestinationStream, Level, Logger } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { requestTiming, routeLabel } from './request-timing';

/** LOG_LEVEL (Nest's names) → pino's levels. */
export const PINO_LEVELS: Record<AppConfig['LOG_LEVEL'], Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Who a log line is about: the request (or job) id and the caller, from the request context. */
export function contextFields(context: RequestContext | undefined): Record<string, unknown> {
  if (!context) return {};
  const principal = context.principal;
  return {
    requestId: context.requestId,
    ...(principal ? { user: { kind: principal.kind, id: principal.id, role: principal.role } } : {}),
  };
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** One JSON log line → `time LEVEL [context] message {requestId user …}` (LOG_FORMAT=pretty). */
export function plainLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const { level, time, msg, context, pid: _pid, hostname: _hostname, ...rest } = entry;
  const label =
    typeof level === 'number' ? (LEVEL_NAMES[level] ?? String(level)) : String(level).toUpperCase();
  const when =
    typeof time === 'string' ? time.slice(11, 23) : new Date(Number(time)).toISOString().slice(11, 23);
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${when} ${label.padEnd(5)} ${context ? `[${String(context)}] ` : ''}${String(msg ?? '')}${extra}\n`;
}

/** Where LOG_FORMAT=pretty writes: plain lines on standard output. */
export function plainDestination(out: { write(line: string): unknown } = process.stdout): DestinationStream {
  return { write: (line: string) => void out.write(plainLine(line)) };
}

/**
 * The process's root logger: JSON lines (pino) at LOG_LEVEL, each with the request id and the user when it
 * is written inside a request (or a job, whose id is `job:<id>`). `destination` replaces standard output
 * (tests capture it).
 */
export function createRootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  return pino(
    {
      level: PINO_LEVELS[config.LOG_LEVEL],
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => contextFields(RequestContextStore.get()),
      serializers: { err: pino.stdSerializers.err },
    },
    destination ??
      (config.LOG_FORMAT === 'pretty' ? plainDestination() : pino.destination({ dest: 1, sync: true })),
  );
}

/** Paths polled by probes and scrapers: their requests are logged only when slow or failing. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

type Req = IncomingMessage & { originalUrl?: string };

/**
 * The access log (pino-http): one line per request when it ends, with the route template, status, duration,
 * request id and user. Slow requests (SLOW_REQUEST_MS) and 5xx answers are `warn` (the error itself is
 * logged by the exception filter with its stack); the rest `info`.
 */
export function accessLogOptions(config: AppConfig, root: Logger): PinoHttpOptions {
  const slowMs = config.SLOW_REQUEST_MS;
  const isSlow = (req: Req) => slowMs > 0 && (requestTiming(req)?.elapsedMs() ?? 0) >= slowMs;
  const fields = (req: Req, res: ServerResponse) => {
    const timing = requestTiming(req);
    const durationMs = Math.round(timing?.elapsedMs() ?? 0);
    return {
      ...contextFields(timing?.context),
      method: req.method,
      route: routeLabel(req, res.statusCode),
      status: res.statusCode,
      durationMs,
      ...(isSlow(req) ? { slow: true, slowRequestMs: slowMs } : {}),
    };
  };
  const message = (req: Req, res: ServerResponse) => {
    const f = fields(req, res);
    return `${f.slow ? 'slow request: ' : ''}${req.method ?? ''} ${req.originalUrl ?? req.url ?? ''} ${res.statusCode} in ${f.durationMs} ms`;
  };
  return {
    logger: root,
    genReqId: (req, res) =>
      requestTiming(req)?.context?.requestId ?? String(res.getHeader('x-request-id') ?? 'none'),
    customLogLevel: (req, res, err) => {
      if (isSlow(req) || err || res.statusCode >= 500) return 'warn';
      return QUIET_PATHS.test((req as Req).originalUrl ?? req.url ?? '') ? 'silent' : 'info';
    },
    customSuccessMessage: (req, res) => message(req, res),
    customErrorMessage: (req, res) => message(req, res),
    // the request's own fields, not pino-http's defaults (which carry every header, Authorization included)
    customSuccessObject: (req, res) => fields(req, res),
    customErrorObject: (req, res) => fields(req, res),
    // lines written during the request carry `req: { method, url }` (never its headers)
    serializers: { req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }) },
  };
}
