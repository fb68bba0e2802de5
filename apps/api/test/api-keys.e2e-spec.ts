import { randomUUID } from 'node:crypto';
import { ApiKey, apiKeyPermissions, IdentityCache } from '@outfall/iam';
import { Division } from '@outfall/org';
import { ApiKeyScope } from '@outfall/shared-types';
import { routeTable } from './support/route-table';
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

  describe('added scopes: remediation write, supervision write, audit read', () => {
    const ADDED = [ApiKeyScope.RemediationWrite, ApiKeyScope.SupervisionWrite, ApiKeyScope.AuditRead];

    it('are stored next to the base scope and only a base scope may be the base', async () => {
      const { apiKey } = await createKey({
        name: '审计',
        scope: 'read',
        scopes: ['audit_read', 'audit_read'],
      });
      const listed = await t.http.get(`/api/v1/api-keys/${apiKey.id}`).set(admin);
      expect(listed.body.scopes).toEqual(['read', 'audit_read']);
      const bad = await t.http.post('/api/v1/api-keys').set(admin).send({ name: 'x', scope: 'audit_read' });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.details[0].field).toBe('scope');
      const badList = await t.http
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'x', scope: 'read', scopes: ['root'] });
      expectError(badList, 400, 'VALIDATION_FAILED');
      expect(badList.body.details[0].field).toBe('scopes');
    });

    it.each(ADDED)(
      '%s: every route it opens accepts a key holding it and refuses one without',
      async (scope) => {
        const base = new Set(apiKeyPermissions([ApiKeyScope.Read]));
        const granted = new Set(apiKeyPermissions([ApiKeyScope.Read, scope]));
        const opened = routeTable(t.app).routes.filter(
          (route) =>
            route.permissions.length > 0 &&
            route.permissions.every((p) => granted.has(p)) &&
            !route.permissions.every((p) => base.has(p)),
        );
        expect(opened.length).toBeGreaterThan(0);
        const holder = (await createKey({ name: `有 ${scope}`, scope: 'read', scopes: [scope] })).key;
        const other = ADDED.filter((s) => s !== scope);
        const without = (await createKey({ name: `无 ${scope}`, scope: 'read_write', scopes: other })).key;
        for (const route of opened) {
          const path = `/api/v1${route.path.replace(/:\w+/g, randomUUID())}`;
          const call = (key: string) =>
            (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)
              [route.method](path)
              .set('X-API-Key', key)
              .send({});
          const refused = await call(without);
          expect({ route: route.key, status: refused.status, code: refused.body.code }).toEqual({
            route: route.key,
            status: 403,
            code: 'AUTH_PERMISSION_DENIED',
          });
          const accepted = await call(holder);
          expect({ route: route.key, code: accepted.body?.code }).not.toEqual({
            route: route.key,
            code: 'AUTH_PERMISSION_DENIED',
          });
        }
      },
    );

    it('an audit_read key reads the audit trail over REST and GraphQL', async () => {
      const { key } = await createKey({ name: '审计平台', scope: 'read', scopes: ['audit_read'] });
      const rest = await t.http.get('/api/v1/audit-logs?limit=5').set('X-API-Key', key);
      expect(rest.status).toBe(200);
      expect(rest.body.total).toBeGreaterThan(0);
      const gql = await t.http
        .post('/graphql')
        .set('X-API-Key', key)
        .send({ query: '{ auditLogs(page: { limit: 1 }) { total } }' });
      expect(gql.body.errors).toBeUndefined();
    });
  });

  it('rate limits per key: 429 with Retry-After and the error shape; a new limit applies at once', async () => {
    const { key, apiKey } = await createKey({ name: '限流', scope: 'read', rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++)
      expect((await t.http.get('/api/v1/units').set('X-API-Key', key)).status).toBe(200);
    const limited = await t.http.get('/api/v1/units').set('X-API-Key', key);
    expectError(limited, 429, 'TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // another key is not affected
    const { key: other } = await createKey({ name: '不限', scope: 'read' });
    expect((await t.http.get('/api/v1/units').set('X-API-Key', other)).status).toBe(200);
    const raised = await t.http
      .patch(`/api/v1/api-keys/${apiKey.id}`)
      .set(admin)
      .send({ rateLimitPerMinute: 100 });
    expect(raised.status).toBe(200);
    expect(raised.body.rateLimitPerMinute).toBe(100);
    expect((await t.http.get('/api/v1/units').set('X-API-Key', key)).status).toBe(200);
    expectError(
      await t.http.patch(`/api/v1/api-keys/${apiKey.id}`).set(admin).send({ rateLimitPerMinute: 0 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('rotates with two active secrets: the old one works until revoked or its time is up', async () => {
    const { key: first, apiKey } = await createKey({ name: '轮换', scope: 'read' });
    const rotated = await t.http.post(`/api/v1/api-keys/${apiKey.id}/rotate`).set(admin).send({});
    expect(rotated.status).toBe(201);
    const second = rotated.body.key as string;
    expect(second).not.toBe(first);
    expect(second.slice(0, 13)).toBe(first.slice(0, 13)); // same prefix: the same key
    expect(rotated.body.apiKey.previousSecretExpiresAt).toEqual(expect.any(String));
    expect(rotated.body.apiKey.rotatedAt).toEqual(expect.any(String));
    expect(JSON.stringify(rotated.body.apiKey)).not.toMatch(/secretHash|previousSecretHash/);
    for (const key of [first, second]) {
      expect((await t.http.get('/api/v1/units').set('X-API-Key', key)).status).toBe(200);
    }
    const ended = await t.http.post(`/api/v1/api-keys/${apiKey.id}/revoke-previous`).set(admin);
    expect(ended.status).toBe(200);
    expectError(await t.http.get('/api/v1/units').set('X-API-Key', first), 401, 'AUTH_API_KEY_INVALID');
    expect((await t.http.get('/api/v1/units').set('X-API-Key', second)).status).toBe(200);
    expectError(
      await t.http.post(`/api/v1/api-keys/${apiKey.id}/revoke-previous`).set(admin),
      409,
      'IAM_API_KEY_ALREADY_REVOKED',
    );

    // a rotation whose previous secret ends at a set time: after it, only the new secret works
    const again = await t.http
      .post(`/api/v1/api-keys/${apiKey.id}/rotate`)
      .set(admin)
      .send({ previousValidUntil: new Date(Date.now() + 60_000).toISOString() });
    const third = again.body.key as string;
    expect((await t.http.get('/api/v1/units').set('X-API-Key', second)).status).toBe(200);
    await t.dataSource.query(
      `UPDATE api_key SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`,
      [apiKey.id],
    );
    // the raw write stands for time passing; the identity cache only hears writes made through the ORM
    t.app.get(IdentityCache, { strict: false }).invalidate();
    expectError(await t.http.get('/api/v1/units').set('X-API-Key', second), 401, 'AUTH_API_KEY_INVALID');
    expect((await t.http.get('/api/v1/units').set('X-API-Key', third)).status).toBe(200);
    expectError(
      await t.http
        .post(`/api/v1/api-keys/${apiKey.id}/rotate`)
        .set(admin)
        .send({ previousValidUntil: '2099-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );

    // revoking the key ends both secrets; GraphQL rotates too
    const gql = await t.graphql(
      'admin',
      `mutation($id: ID!) { rotateApiKey(id: $id) { key apiKey { id rotatedAt previousSecretExpiresAt } } }`,
      { id: apiKey.id },
    );
    expect(gql.body.errors).toBeUndefined();
    const fourth = gql.body.data.rotateApiKey.key as string;
    await t.http.delete(`/api/v1/api-keys/${apiKey.id}`).set(admin);
    for (const key of [third, fourth]) {
      expectError(await t.http.get('/api/v1/units').set('X-API-Key', key), 401, 'AUTH_API_KEY_REVOKED');
    }
    const audit = await t.count('audit_log', `entity_type = 'api_key' AND entity_id = $1`, [apiKey.id]);
    expect(audit).toBeGreaterThanOrEqual(5);
    const [row] = await t.dataSource.query<{ text: string }[]>(
      `SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ') AS text FROM audit_log WHERE entity_id = $1`,
      [apiKey.id],
    );
    expect(row.text).not.toMatch(/secretHash|secret_hash/);
  });

  it('records the last use at most once a minute and shows it in the list', async () => {
    const { key, apiKey } = await createKey({ name: '最近使用', scope: 'read' });
    await t.http.get('/api/v1/units').set('X-API-Key', key);
    const first = await t.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(first.lastUsedAt).toBeInstanceOf(Date);
    await t.http.get('/api/v1/units').set('X-API-Key', key);
    const second = await t.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(second.lastUsedAt?.getTime()).toBe(first.lastUsedAt?.getTime());
    const listed = await t.http.get('/api/v1/api-keys?sort=-lastUsedAt&limit=100').set(admin);
    const item = listed.body.items.find((k: { id: string }) => k.id === apiKey.id);
    expect(item).toEqual(
      expect.objectContaining({
        lastUsedAt: first.lastUsedAt?.toISOString(),
        scopes: ['read'],
        rateLimitPerMinute: null,
      }),
    );
  });
});
