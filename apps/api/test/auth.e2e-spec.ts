import { JwtService } from '@nestjs/jwt';
import { User } from '@outfall/iam';
import { expectError, TestApp } from './support/test-app';

describe('authentication and bad input', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('logs in with the demo password and answers { accessToken, expiresIn }', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'Demo@2023!' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accessToken: expect.stringMatching(/^ey/), expiresIn: 3600 });
    const me = await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'admin',
      role: 'system_admin',
      demo: true,
      jurisdiction: { cityWide: true },
    });
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'eco_officer', password: 'Wrong@2023!' });
    const unknown = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'nobody', password: 'Wrong@2023!' });
    expectError(wrong, 401, 'AUTH_INVALID_CREDENTIALS');
    expectError(unknown, 401, 'AUTH_INVALID_CREDENTIALS');
    expect(wrong.body.message).toEqual(unknown.body.message);
  });

  it('rate-limits login attempts per address and username', async () => {
    const attempt = () =>
      t.http.post('/api/v1/auth/login').send({ username: 'water_officer', password: 'nope' });
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expectError(limited, 429, 'TOO_MANY_REQUESTS');
    // the standard header (RFC 9110), not the throttler's `Retry-After-login`
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['retry-after-login']).toBeUndefined();
    // another username from the same address is not locked out
    expect(
      (await t.http.post('/api/v1/auth/login').send({ username: 'agri_officer', password: 'Demo@2023!' }))
        .status,
    ).toBe(200);
  });

  it.each([
    ['missing fields', {}, ['username', 'password']],
    ['unknown field', { username: 'admin', password: 'x', role: 'system_admin' }, ['role']],
    ['wrong types', { username: 42, password: ['x'] }, ['username', 'password']],
  ])('rejects %s with field messages', async (_case, body, fields) => {
    const res = await t.http.post('/api/v1/auth/login').send(body);
    expectError(res, 400, 'VALIDATION_FAILED');
    const named = (res.body.details as { field: string }[]).map((d) => d.field);
    for (const field of fields) expect(named).toContain(field);
  });

  it('rejects malformed JSON and oversized bodies with the error shape', async () => {
    const malformed = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": "admin",');
    expectError(malformed, 400, 'MALFORMED_JSON');
    const huge = await t.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'admin', password: 'x'.repeat(3 * 1024 * 1024) }));
    expectError(huge, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('treats SQL-ish input as data: no error leak, nothing written', async () => {
    const before = await t.count('app_user');
    const res = await t.http
      .post('/api/v1/auth/login')
      .send({ username: "admin' OR '1'='1", password: "x'; DROP TABLE app_user; --" });
    expectError(res, 401, 'AUTH_INVALID_CREDENTIALS');
    const search = await t.http
      .get('/api/v1/units')
      .query({ q: "%' OR 1=1 --" })
      .set(await t.auth('admin'));
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
    expect(await t.count('app_user')).toBe(before);
  });

  it('refuses missing, malformed, forged and expired tokens', async () => {
    expectError(await t.http.get('/api/v1/units'), 401, 'AUTH_TOKEN_MISSING');
    expectError(
      await t.http.get('/api/v1/units').set('Authorization', 'Bearer not-a-jwt'),
      401,
      'AUTH_TOKEN_INVALID',
    );
    const forged = new JwtService({ secret: 'another-secret-another-secret-another-secret' }).sign({
      sub: 'x',
      cv: 0,
    });
    expectError(
      await t.http.get('/api/v1/units').set('Authorization', `Bearer ${forged}`),
      401,
      'AUTH_TOKEN_INVALID',
    );
    const admin = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' });
    const expired = t.app.get(JwtService).sign({
      sub: admin.id,
      cv: admin.credentialsChangedAt.getTime(),
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    expectError(
      await t.http.get('/api/v1/units').set('Authorization', `Bearer ${expired}`),
      401,
      'AUTH_TOKEN_EXPIRED',
    );
  });

  it('ends old sessions when the password changes, and checks the new password', async () => {
    const headers = await t.auth('housing_officer');
    const weak = await t.http
      .post('/api/v1/auth/password')
      .set(headers)
      .send({ currentPassword: 'Demo@2023!', newPassword: 'short' });
    expectError(weak, 400, 'IAM_WEAK_PASSWORD');
    const wrong = await t.http
      .post('/api/v1/auth/password')
      .set(headers)
      .send({ currentPassword: 'Nope@2023!', newPassword: 'Better-Pass-2024' });
    expectError(wrong, 400, 'IAM_WRONG_CURRENT_PASSWORD');
    const ok = await t.http
      .post('/api/v1/auth/password')
      .set(headers)
      .send({ currentPassword: 'Demo@2023!', newPassword: 'Better-Pass-2024' });
    expect(ok.status).toBe(204);
    expectError(await t.http.get('/api/v1/auth/me').set(headers), 401, 'AUTH_TOKEN_INVALID');
    const relogin = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'housing_officer', password: 'Better-Pass-2024' });
    expect(relogin.status).toBe(200);
  });

  it('publishes the meta endpoint and health without a token', async () => {
    expect((await t.http.get('/api/v1/meta')).body).toEqual({
      demo: true,
      version: expect.any(String),
      rules: {
        keyAreaDistanceM: 1000,
        duplicateDistanceM: 30,
        aquacultureClusterDistanceM: 500,
        chronicExceedance: { count: 3, window: 5 },
      },
    });
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: { status: 'up' }, queue: { status: 'up' } });
  });
});
