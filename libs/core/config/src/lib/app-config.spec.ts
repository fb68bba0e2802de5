import { parseConfig } from './app-config';

describe('parseConfig', () => {
  it('applies defaults and derives the embedded mode', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.embedded).toBe(true);
    expect(config.demoData).toBe(true);
  });

  it('parses numbers and booleans', () => {
    const config = parseConfig({ PORT: '8080', DEMO_DATA: 'false', DATABASE_URL: 'postgres://u@h/db_test' });
    expect(config.PORT).toBe(8080);
    expect(config.demoData).toBe(false);
    expect(config.embedded).toBe(false);
  });

  it('refuses production without a JWT secret or with demo data', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() =>
      parseConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' }),
    ).toThrow(/DEMO_DATA cannot be enabled/);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => parseConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL must be a redis/);
  });

  it('reads the logging and metrics settings', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ LOG_FORMAT: 'json', SLOW_REQUEST_MS: 1000, SLOW_QUERY_MS: 500 });
    expect(config.METRICS_TOKEN).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: 'x'.repeat(16), LOG_FORMAT: 'pretty' })).toMatchObject({
      METRICS_TOKEN: 'x'.repeat(16),
      LOG_FORMAT: 'pretty',
    });
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
    expect(() => parseConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
    expect(() => parseConfig({ SLOW_QUERY_MS: '-1' })).toThrow(/SLOW_QUERY_MS/);
  });
});
