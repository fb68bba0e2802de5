import { Unit } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

/**
 * The caller's identity is kept in memory for IDENTITY_CACHE_MS (default 5 s, docs/performance.md): changes
 * made through this process take effect at once; a change this process did not see (another API process, raw
 * SQL) within that time.
 */
describe("the caller's identity, reused across requests", () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let clerk: { Authorization: string };
  let clerkId: string;
  const password = 'Cache-Clerk-2024!';

  const login = async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: 'cache_clerk', password });
    expect(res.status).toBe(200);
    return { Authorization: `Bearer ${res.body.accessToken}` };
  };
  const version = async () =>
    (await t.http.get(`/api/v1/users/${clerkId}`).set(admin)).body.version as number;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await t.auth('admin');
    const liugong = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
    const created = await t.http.post('/api/v1/users').set(admin).send({
      username: 'cache_clerk',
      displayName: '缓存 文员',
      password,
      role: 'township',
      unitId: liugong.id,
    });
    expect(created.status).toBe(201);
    clerkId = created.body.id;
    clerk = await login();
  });
  afterAll(() => t.close());

  it('a role change takes effect on the next request', async () => {
    // twice: the second request is served from the kept identity
    for (let i = 0; i < 2; i++)
      expectError(await t.http.get('/api/v1/users').set(clerk), 403, 'AUTH_PERMISSION_DENIED');
    const changed = await t.http
      .patch(`/api/v1/users/${clerkId}`)
      .set(admin)
      .send({ role: 'system_admin', version: await version() });
    expect(changed.status).toBe(200);
    // a role change ends the sessions: a kept identity would still have let the old token in, as township
    expectError(await t.http.get('/api/v1/users').set(clerk), 401, 'AUTH_TOKEN_INVALID');
    clerk = await login();
    expect((await t.http.get('/api/v1/users').set(clerk)).status).toBe(200);
  });

  it('a deactivated user is refused on the next request', async () => {
    for (let i = 0; i < 2; i++) expect((await t.http.get('/api/v1/auth/me').set(clerk)).status).toBe(200);
    const off = await t.http
      .patch(`/api/v1/users/${clerkId}`)
      .set(admin)
      .send({ active: false, version: await version() });
    expect(off.status).toBe(200);
    expectError(await t.http.get('/api/v1/auth/me').set(clerk), 401, 'AUTH_ACCOUNT_DISABLED');
    const on = await t.http
      .patch(`/api/v1/users/${clerkId}`)
      .set(admin)
      .send({ active: true, version: await version() });
    expect(on.status).toBe(200);
    clerk = await login();
    expect((await t.http.get('/api/v1/auth/me').set(clerk)).status).toBe(200);
  });

  it('a revoked API key is refused on the next request', async () => {
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: '缓存测试', scope: 'read' });
    expect(created.status).toBe(201);
    for (let i = 0; i < 2; i++)
      expect((await t.http.get('/api/v1/units').set('X-API-Key', created.body.key)).status).toBe(200);
    expect((await t.http.delete(`/api/v1/api-keys/${created.body.apiKey.id}`).set(admin)).status).toBe(200);
    expectError(
      await t.http.get('/api/v1/units').set('X-API-Key', created.body.key),
      401,
      'AUTH_API_KEY_REVOKED',
    );
  });

  it('a change made elsewhere (another process) is seen within IDENTITY_CACHE_MS', async () => {
    expect((await t.http.get('/api/v1/auth/me').set(clerk)).status).toBe(200);
    // raw SQL stands for another API process: this one is not told
    await t.dataSource.query(`UPDATE app_user SET active = false WHERE id = $1`, [clerkId]);
    expect((await t.http.get('/api/v1/auth/me').set(clerk)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expectError(await t.http.get('/api/v1/auth/me').set(clerk), 401, 'AUTH_ACCOUNT_DISABLED');
  });
});
