import { randomBytes } from 'node:crypto';
import { parseConfig } from './app-config';
import { COMMITTED_SECRETS, DEV_JWT_SECRET } from './committed-secrets';

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

  it('opens the embedded operator port only with a password, and chunks imports on the embedded database', () => {
    expect(parseConfig({}).EMBEDDED_SOCKET_PORT).toBeUndefined();
    expect(() => parseConfig({ EMBEDDED_SOCKET_PORT: '5433' })).toThrow(/EMBEDDED_SOCKET_PASSWORD/);
    expect(() => parseConfig({ EMBEDDED_SOCKET_PORT: '5433', EMBEDDED_SOCKET_PASSWORD: 'short' })).toThrow(
      /at least 12/,
    );
    expect(
      parseConfig({ EMBEDDED_SOCKET_PORT: '5433', EMBEDDED_SOCKET_PASSWORD: 'long-enough-secret' })
        .EMBEDDED_SOCKET_PORT,
    ).toBe(5433);
    expect(parseConfig({}).importChunkRows).toBe(200);
    expect(parseConfig({ DATABASE_URL: 'postgres://u@h/db_test' }).importChunkRows).toBeUndefined();
    expect(parseConfig({ IMPORT_CHUNK_ROWS: '0' }).importChunkRows).toBeUndefined();
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

  describe('the JWT secret in production', () => {
    const production = (JWT_SECRET: string) => () => parseConfig({ NODE_ENV: 'production', JWT_SECRET });
    // generated per run: a secret written here would be a committed one
    const OWN = randomBytes(36).toString('base64url');

    it('accepts a secret of at least 32 bytes that is not committed anywhere', () => {
      expect(production(OWN)().jwtSecret).toBe(OWN);
    });

    it('refuses a secret shorter than 32 bytes', () => {
      expect(production('a'.repeat(31))).toThrow(/at least 32/);
      expect(production(OWN.slice(0, 31))).toThrow(/at least 32/);
      expect(production(OWN.slice(0, 32))).not.toThrow();
    });

    it('refuses every secret committed in the repository, the development default first', () => {
      expect(COMMITTED_SECRETS).toContain(DEV_JWT_SECRET);
      expect(production(DEV_JWT_SECRET)).toThrow(/committed in the repository/);
      for (const secret of COMMITTED_SECRETS.filter((s) => s.length >= 32))
        expect(production(secret)).toThrow(/committed in the repository/);
      expect(production(` ${DEV_JWT_SECRET} `)).toThrow(/committed in the repository/);
    });

    it('outside production the development default is still used', () => {
      expect(parseConfig({}).jwtSecret).toBe(DEV_JWT_SECRET);
      expect(parseConfig({ NODE_ENV: 'test', JWT_SECRET: DEV_JWT_SECRET }).jwtSecret).toBe(DEV_JWT_SECRET);
    });
  });
});
