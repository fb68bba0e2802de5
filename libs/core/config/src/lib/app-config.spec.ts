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
});
