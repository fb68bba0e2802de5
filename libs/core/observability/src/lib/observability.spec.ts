import { RequestContextStore } from '@outfall/common';
import { parseConfig } from '@outfall/config';
import type { IncomingMessage } from 'node:http';
import { metricsAuthorized, metricsRefusal } from './http-observability';
import { contextFields, createRootLogger, plainLine } from './logging';
import { routeLabel } from './request-timing';

describe('metricsAuthorized', () => {
  const token = 'a-metrics-token-0123456789';

  it('accepts only the configured bearer token', () => {
    expect(metricsAuthorized(`Bearer ${token}`, token)).toBe(true);
    expect(metricsAuthorized(`bearer ${token}`, token)).toBe(true);
    expect(metricsAuthorized(`Bearer ${token}x`, token)).toBe(false);
    expect(metricsAuthorized(token, token)).toBe(false);
    expect(metricsAuthorized(`Basic ${token}`, token)).toBe(false);
    expect(metricsAuthorized(undefined, token)).toBe(false);
  });

  it('refuses everything while no token is configured', () => {
    expect(metricsAuthorized('Bearer ', undefined)).toBe(false);
    expect(metricsAuthorized('Bearer anything', undefined)).toBe(false);
  });
});

describe('metricsRefusal', () => {
  it('answers 404 while metrics are off, 401 without the token, nothing with it', () => {
    const off = metricsRefusal(parseConfig({}), 'Bearer whatever-0123456789');
    expect(off).toMatchObject({ status: 404 });
    expect(JSON.parse(off!.body)).toMatchObject({ code: 'NOT_FOUND', details: [], requestId: 'none' });

    const config = parseConfig({ METRICS_TOKEN: 'a-metrics-token-0123456789' });
    const refused = metricsRefusal(config, undefined);
    expect(refused).toMatchObject({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' } });
    expect(JSON.parse(refused!.body)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(metricsRefusal(config, 'Bearer a-metrics-token-0123456789')).toBeUndefined();
  });
});

describe('routeLabel', () => {
  it('uses the matched route template, never the raw URL', () => {
    const req = { url: '/api/v1/outfalls/123', route: { path: '/api/v1/outfalls/:id' }, baseUrl: '' };
    expect(routeLabel(req as unknown as IncomingMessage, 200)).toBe('/api/v1/outfalls/:id');
  });

  it('folds requests no route took into two labels', () => {
    const req = { url: '/no/such/thing/42' } as IncomingMessage;
    expect(routeLabel(req, 404)).toBe('(unmatched)');
    expect(routeLabel(req, 200)).toBe('(other)');
  });
});

describe('JSON logs', () => {
  it('carry the request id and the user of the request context', () => {
    const lines: string[] = [];
    const config = parseConfig({ LOG_LEVEL: 'log' });
    const logger = createRootLogger(config, { write: (line: string) => void lines.push(line) });
    logger.info('outside');
    RequestContextStore.run({ requestId: 'req-1' }, () => {
      logger.info('anonymous');
      RequestContextStore.setPrincipal({
        kind: 'user',
        id: 'u-1',
        name: 'Someone',
        role: null,
        unitId: null,
        apiKeyScope: null,
        permissions: [],
        jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
        sectorCategories: [],
      });
      logger.debug('below the level');
      logger.warn('signed in');
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e['msg'])).toEqual(['outside', 'anonymous', 'signed in']);
    expect(entries[0]).not.toHaveProperty('requestId');
    expect(entries[1]).toMatchObject({ level: 'info', requestId: 'req-1' });
    expect(entries[1]).not.toHaveProperty('user');
    expect(entries[2]).toMatchObject({
      level: 'warn',
      requestId: 'req-1',
      user: { kind: 'user', id: 'u-1' },
    });
    // the display name is not copied into every line
    expect(lines[2]).not.toContain('Someone');
  });

  it('contextFields is empty outside a request', () => {
    expect(contextFields(undefined)).toEqual({});
  });

  it('LOG_FORMAT=pretty turns a JSON line into a plain one', () => {
    const line = JSON.stringify({
      level: 'warn',
      time: '2026-12-04T10:11:12.345Z',
      pid: 1,
      hostname: 'h',
      context: 'Database',
      msg: 'slow query: 900 ms',
      requestId: 'r-9',
    });
    expect(plainLine(line)).toBe('10:11:12.345 WARN  [Database] slow query: 900 ms {"requestId":"r-9"}\n');
    expect(plainLine('not json')).toBe('not json\n');
  });
});
