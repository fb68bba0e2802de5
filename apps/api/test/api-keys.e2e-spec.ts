import { ApiKey } from '@outfall/iam';
import { Division } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

describe('API keys for other government systems', () => {
  let t: TestApp;
  let admin: { Authorization: string };

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await t.auth('admin');
  });
  afterAll(() => t.close());

  async function createKey(body: Record<string, unknown>) {
    const res = await t.http.post('/api/v1/api-keys').set(admin).send(body);
    expect(res.status).toBe(201);
    return res.body as { key: string; apiKey: { id: string; prefix: string } };
  }

  it('shows the key once and stores only its hash', async () => {
    const created = await createKey({ name: '州级监管平台', scope: 'read' });
    expect(created.key).toMatch(/^ofk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const listed = await t.http.get('/api/v1/api-keys').set(admin);
    // the secret is everything after `ofk_<prefix>_`: base64url may itself contain `_`, so no split('_')
    const secret = /^ofk_[a-z0-9]{8}_(.+)$/.exec(created.key)?.[1] ?? '';
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const [stored] = await t.dataSource.query<{ secret_hash: string }[]>(
      'SELECT secret_hash FROM api_key WHERE id = $1',
      [created.apiKey.id],
    );
    expect(stored.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(created.key).not.toContain(stored.secret_hash);
  });

  it('a read-only key reads, cannot write, and records when it was last used', async () => {
    const { key, apiKey } = await createKey({ name: '河长制平台', scope: 'read' });
    const units = await t.http.get('/api/v1/units').set('X-API-Key', key);
    expect(units.status).toBe(200);
    expect(units.body.total).toBe(24);
    const write = await t.http
      .put(`/api/v1/units/${units.body.items[0].id}/liaison`)
      .set('X-API-Key', key)
      .send({ name: 'x', phone: '13800000000', position: 'y' });
    expectError(write, 403, 'AUTH_PERMISSION_DENIED');
    expectError(await t.http.get('/api/v1/audit-logs').set('X-API-Key', key), 403, 'AUTH_PERMISSION_DENIED');
    const stored = await t.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(stored.lastUsedAt).toBeInstanceOf(Date);
  });

  it('a key scoped to a township sees only that township', async () => {
    const division = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const { key } = await createKey({ name: '六工镇系统', scope: 'read_write', divisionId: division.id });
    const units = await t.http.get('/api/v1/units').set('X-API-Key', key);
    expect(units.body.items.map((u: { name: string }) => u.name)).toEqual(['六工镇人民政府']);
    const gql = await t.http.post('/graphql').set('X-API-Key', key).send({ query: '{ units { total } }' });
    expect(gql.body.data.units.total).toBe(1);
  });

  it('a revoked key and an expired key are refused; a malformed key too', async () => {
    const { key, apiKey } = await createKey({ name: '临时', scope: 'read' });
    const revoke = await t.http.delete(`/api/v1/api-keys/${apiKey.id}`).set(admin);
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).toEqual(expect.any(String));
    expectError(await t.http.get('/api/v1/units').set('X-API-Key', key), 401, 'AUTH_API_KEY_REVOKED');
    expectError(
      await t.http.delete(`/api/v1/api-keys/${apiKey.id}`).set(admin),
      409,
      'IAM_API_KEY_ALREADY_REVOKED',
    );

    const expiring = await createKey({
      name: '将过期',
      scope: 'read',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await t.dataSource.query(`UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      expiring.apiKey.id,
    ]);
    expectError(
      await t.http.get('/api/v1/units').set('X-API-Key', expiring.key),
      401,
      'AUTH_API_KEY_EXPIRED',
    );

    expectError(await t.http.get('/api/v1/units').set('X-API-Key', 'ofk_nope'), 401, 'AUTH_API_KEY_INVALID');
    const forged = `${key.slice(0, 13)}${'A'.repeat(43)}`;
    expectError(await t.http.get('/api/v1/units').set('X-API-Key', forged), 401, 'AUTH_API_KEY_INVALID');
  });

  it('validates creation input', async () => {
    const bad = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: '', scope: 'admin', divisionId: 'x', expiresAt: 'soon' });
    expectError(bad, 400, 'VALIDATION_FAILED');
    const fields = (bad.body.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'scope', 'divisionId', 'expiresAt']));
    const past = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'x', scope: 'read', expiresAt: '2020-01-01T00:00:00Z' });
    expectError(past, 400, 'VALIDATION_FAILED');
    expect(past.body.details).toEqual([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
  });
});
