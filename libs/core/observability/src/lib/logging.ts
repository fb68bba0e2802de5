import { RequestContext, RequestContextStore } from '@outfall/common';
import type { AppConfig } from '@outfall/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, DestinationStream, Level, Logger } from 'pino';
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

/**
 * Who a log line is about: the request (or job) id, the caller, and for an HTTP request its method and URL
 * (`req: { method, url }`, never its headers), from the request context.
 */
export function contextFields(context: RequestContext | undefined): Record<string, unknown> {
  if (!context) return {};
  const principal = context.principal;
  const fields: Record<string, unknown> = { requestId: context.requestId };
  if (principal) fields['user'] = { kind: principal.kind, id: principal.id, role: principal.role };
  if (context.http) fields['req'] = context.http;
  return fields;
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
 * The access log: one line per request when it ends (or its connection closes first), with the route
 * template, status, duration, request id, user and `req: { method, url }`. Slow requests (SLOW_REQUEST_MS),
 * 5xx answers and responses that failed are `warn` (the error itself is logged by the exception filter with
 * its stack); the rest `info`; probes and scrapes (`/health`, `/metrics`) only when slow or failing. Nothing is
 * built when the line's level is below LOG_LEVEL.
 */
export function accessLogger(
  config: AppConfig,
  root: Logger,
): (req: Req, res: ServerResponse, failed: boolean) => void {
  const slowMs = config.SLOW_REQUEST_MS;
  return (req, res, failed) => {
    const timing = requestTiming(req);
    const elapsedMs = timing?.elapsedMs() ?? 0;
    const slow = slowMs > 0 && elapsedMs >= slowMs;
    const url = req.originalUrl ?? req.url ?? '';
    const level: Level | 'silent' =
      slow || failed || res.statusCode >= 500 ? 'warn' : QUIET_PATHS.test(url) ? 'silent' : 'info';
    if (level === 'silent' || !root.isLevelEnabled(level)) return;
    const durationMs = Math.round(elapsedMs);
    const context = timing?.context;
    root[level](
      {
        ...contextFields(context),
        req: context?.http ?? { method: req.method, url: req.url },
        method: req.method,
        route: routeLabel(req, res.statusCode),
        status: res.statusCode,
        durationMs,
        ...(slow ? { slow: true, slowRequestMs: slowMs } : {}),
      },
      `${slow ? 'slow request: ' : ''}${req.method ?? ''} ${url} ${res.statusCode} in ${durationMs} ms`,
    );
  };
}
