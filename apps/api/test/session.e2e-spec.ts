import { JwtService } from '@nestjs/jwt';
import { User } from '@outfall/iam';
import { expectError, TestApp } from './support/test-app';

/** Sessions: renewal of the access token (within SESSION_MAX_SECONDS of the login) and "log out everywhere". */
describe('sessions: renewal and logout everywhere', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  const login = async (username: string) => {
    const res = await t.http.post('/api/v1/auth/login').send({ username, password: 'Demo@2023!' });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const claims = (token: string) =>
    t.app.get(JwtService).decode<{ exp: number; at: number; cv: number }>(token);

  it('renews a valid token: a new token for the same session, with a fresh lifetime', async () => {
    const first = await login('eco_officer');
    const renewed = await t.http.post('/api/v1/auth/refresh').set(bearer(first));
    expect(renewed.status).toBe(200);
    expect(renewed.body).toEqual({ accessToken: expect.stringMatching(/^ey/), expiresIn: 3600 });
    const next = renewed.body.accessToken as string;
    // the session start and credential version travel with the session; the expiry moves on
    expect(claims(next).at).toBe(claims(first).at);
    expect(claims(next).cv).toBe(claims(first).cv);
    expect(claims(next).exp).toBeGreaterThanOrEqual(claims(first).exp);
    const me = await t.http.get('/api/v1/auth/me').set(bearer(next));
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('eco_officer');
    // a renewal of the renewal works as well
    expect((await t.http.post('/api/v1/auth/refresh').set(bearer(next))).status).toBe(200);
  });

  it('refuses to renew without a valid token, an expired one, an API key, or past the session limit', async () => {
    expectError(await t.http.post('/api/v1/auth/refresh'), 401, 'AUTH_TOKEN_MISSING');
    expectError(
      await t.http.post('/api/v1/auth/refresh').set(bearer('not-a-jwt')),
      401,
      'AUTH_TOKEN_INVALID',
    );
    const admin = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'admin' });
    const jwt = t.app.get(JwtService);
    const expired = jwt.sign({
      sub: admin.id,
      cv: admin.credentialsChangedAt.getTime(),
      at: Date.now() - 7_200_000,
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    expectError(await t.http.post('/api/v1/auth/refresh').set(bearer(expired)), 401, 'AUTH_TOKEN_EXPIRED');
    // still valid, but the session began longer ago than SESSION_MAX_SECONDS (12 h by default)
    const old = jwt.sign(
      { sub: admin.id, cv: admin.credentialsChangedAt.getTime(), at: Date.now() - 13 * 3_600_000 },
      { expiresIn: 600 },
    );
    expect((await t.http.get('/api/v1/auth/me').set(bearer(old))).status).toBe(200);
    expectError(await t.http.post('/api/v1/auth/refresh').set(bearer(old)), 401, 'AUTH_TOKEN_EXPIRED');
    // near the limit: the renewed token ends with the session, not an hour later
    const late = jwt.sign(
      { sub: admin.id, cv: admin.credentialsChangedAt.getTime(), at: Date.now() - (12 * 3_600 - 600) * 1000 },
      { expiresIn: 60 },
    );
    const capped = await t.http.post('/api/v1/auth/refresh').set(bearer(late));
    expect(capped.status).toBe(200);
    expect(capped.body.expiresIn).toBeLessThanOrEqual(600);
    expect(capped.body.expiresIn).toBeGreaterThan(500);
    // an API key has no session to renew
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(await t.auth('admin'))
      .send({ name: '会话测试', scope: 'read' });
    expect(key.status).toBe(201);
    expectError(
      await t.http.post('/api/v1/auth/refresh').set('X-API-Key', key.body.key),
      401,
      'AUTH_TOKEN_INVALID',
    );
  });

  it('logs out everywhere: every earlier token (and its renewals) answers 401, audited; a new login works', async () => {
    const tabA = await login('water_officer');
    const tabB = await login('water_officer');
    const renewed = (await t.http.post('/api/v1/auth/refresh').set(bearer(tabB))).body.accessToken as string;
    const other = await login('agri_officer');
    const user = await t.dataSource.getRepository(User).findOneByOrFail({ username: 'water_officer' });
    const auditBefore = await t.count('audit_log', `entity_type = 'user' AND entity_id = $1`, [user.id]);

    const res = await t.http.post('/api/v1/auth/logout-all').set(bearer(tabA));
    expect(res.status).toBe(204);

    for (const token of [tabA, tabB, renewed]) {
      expectError(await t.http.get('/api/v1/auth/me').set(bearer(token)), 401, 'AUTH_TOKEN_INVALID');
      expectError(await t.http.post('/api/v1/auth/refresh').set(bearer(token)), 401, 'AUTH_TOKEN_INVALID');
    }
    // another account's session is untouched
    expect((await t.http.get('/api/v1/auth/me').set(bearer(other))).status).toBe(200);
    expect(await t.count('audit_log', `entity_type = 'user' AND entity_id = $1`, [user.id])).toBe(
      auditBefore + 1,
    );
    const [row] = await t.dataSource.query<{ after: Record<string, unknown> }[]>(
      `SELECT after FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [user.id],
    );
    expect(row.after).toHaveProperty('sessionsEndedAt');
    const fresh = await login('water_officer');
    expect((await t.http.get('/api/v1/auth/me').set(bearer(fresh))).status).toBe(200);
  });
});
