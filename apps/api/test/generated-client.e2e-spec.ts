import type { AddressInfo } from 'node:net';
import { type ApiPaths, OutfallCategory, SampleSource, ValueQualifier } from '@outfall/shared-types';
import createClient from 'openapi-fetch';
import { TestApp } from './support/test-app';

/**
 * An integrator's program, written against the generated contract (openapi-typescript types of
 * apps/api/openapi.json + openapi-fetch) over real HTTP with an API key: the compiler checks every path,
 * parameter, body and answer it uses (`tsc -p apps/api/tsconfig.json` includes this file), and the calls below
 * check that the running API answers what the contract says.
 */
describe('an integrator with the generated client', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 30 });
    const server = t.app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => t.close());

  async function keyClient(scope: 'read' | 'read_write') {
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(await t.auth('admin'))
      .send({ name: `集成测试 ${scope}`, scope });
    expect(created.status).toBe(201);
    return createClient<ApiPaths>({ baseUrl, headers: { 'X-API-Key': created.body.key as string } });
  }

  it('reads a filtered page, one outfall and the change feed, typed end to end', async () => {
    const api = await keyClient('read');
    const page = await api.GET('/api/v1/outfalls', {
      params: { query: { category: OutfallCategory.Industrial, sort: 'localCode', limit: 5 } },
    });
    expect(page.response.status).toBe(200);
    const items = page.data?.items ?? [];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((outfall) => outfall.category === 'industrial')).toBe(true);
    expect(page.data?.total).toBeGreaterThanOrEqual(items.length);

    const one = await api.GET('/api/v1/outfalls/{id}', { params: { path: { id: items[0].id } } });
    expect(one.data?.localCode).toBe(items[0].localCode);
    expect(Array.isArray(one.data?.events)).toBe(true);

    // the sync loop: drain the feed from the start, then an empty poll from the cursor it left
    let since = '';
    let seen = 0;
    for (;;) {
      const changes = await api.GET('/api/v1/sync/changes', {
        params: { query: { since, types: 'outfall', limit: 100 } },
      });
      expect(changes.response.status).toBe(200);
      seen += changes.data?.items.length ?? 0;
      since = changes.data?.nextCursor ?? since;
      if (!changes.data?.hasMore) break;
    }
    expect(seen).toBe(await t.count('outfall'));
    const empty = await api.GET('/api/v1/sync/changes', { params: { query: { since } } });
    expect(empty.data?.items).toEqual([]);
  });

  it('writes a sample and reads the contract’s error shape on bad input', async () => {
    const api = await keyClient('read_write');
    const [outfall] =
      (await api.GET('/api/v1/outfalls', { params: { query: { status: 'active', limit: 1 } } })).data
        ?.items ?? [];
    const created = await api.POST('/api/v1/samples', {
      body: {
        outfallId: outfall.id,
        sampledAt: '2025-06-01T10:30:00+08:00',
        source: SampleSource.Supervisory,
        values: [
          { indicator: 'cod', value: 35, qualifier: ValueQualifier.Measured },
          { indicator: 'ph', value: 7.4, qualifier: ValueQualifier.Measured },
        ],
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.outfallId).toBe(outfall.id);
    expect(created.data?.values.map((value) => value.indicatorCode).sort()).toEqual(['cod', 'ph']);

    // an answer the contract documents as ApiErrorDto: the code and the field
    const refused = await api.POST('/api/v1/samples', {
      body: {
        outfallId: outfall.id,
        sampledAt: '2025-06-01T10:30:00+08:00',
        source: SampleSource.Supervisory,
        values: [{ indicator: 'ph', value: 15, qualifier: ValueQualifier.Measured }],
      },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.code).toBe('VALIDATION_FAILED');
    expect(refused.error?.details.map((detail) => detail.field)).toContain('values[0].value');

    // a read-only key may not write: 403 in the same shape
    const reader = await keyClient('read');
    const forbidden = await reader.POST('/api/v1/samples', {
      body: {
        outfallId: outfall.id,
        sampledAt: '2025-06-02T10:30:00+08:00',
        source: SampleSource.Manual,
        values: [],
      },
    });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error?.code).toBe('AUTH_PERMISSION_DENIED');
  });
});
