import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Division } from '@outfall/org';
import { WebhookEventType } from '@outfall/shared-types';
import { verifyWebhookSignature, WebhookEvents } from '@outfall/webhooks';
import { expectError, TestApp } from './support/test-app';

// fast retries for the test; loopback receivers allowed (production refuses private targets)
const ENV: Record<string, string> = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_BACKOFF_BASE_MS: '150',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_DISABLE_AFTER_FAILURES: '4',
  WEBHOOK_SWEEP_INTERVAL_MS: '500',
};
const saved = Object.fromEntries(Object.keys(ENV).map((key) => [key, process.env[key]]));
Object.assign(process.env, ENV);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  status: number;
}

/** A real receiver on a free port: records every request, fails the first N of a path, or all of `/down`. */
class Receiver {
  readonly received: Received[] = [];
  readonly failFirst = new Map<string, number>();
  downFails = true;
  private server!: Server;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        const left = this.failFirst.get(path) ?? 0;
        const fail = (path === '/down' && this.downFails) || left > 0;
        if (left > 0) this.failFirst.set(path, left - 1);
        const status = fail ? 500 : 204;
        this.received.push({
          path,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
          status,
        });
        res.statusCode = status;
        res.end(fail ? 'receiver down' : undefined);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function eventually<T>(
  read: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out; last value: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhooks: signed deliveries per API key', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let eco: { Authorization: string };
  const receiver = new Receiver();
  let key: string;
  let keyId: string;

  beforeAll(async () => {
    await receiver.start();
    t = await TestApp.create();
    admin = await t.auth('admin');
    eco = await t.auth('eco_officer');
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: '河长制平台', scope: 'read' });
    key = created.body.key;
    keyId = created.body.apiKey.id;
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function subscribe(path: string, events: string[]) {
    const res = await t.http
      .post('/api/v1/webhooks/subscriptions')
      .set('X-API-Key', key)
      .send({ url: `${receiver.base}${path}`, events, description: path });
    expect(res.status).toBe(201);
    return res.body as { subscription: { id: string; apiKeyId: string }; secret: string };
  }

  it('delivers an outfall’s events signed and in order, retrying with backoff while the receiver fails', async () => {
    const { subscription, secret } = await subscribe('/a', ['outfall_created', 'outfall_updated']);
    expect(subscription.apiKeyId).toBe(keyId);
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.http.get(`/api/v1/webhooks/subscriptions?apiKeyId=${keyId}`).set(admin);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([subscription.id]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    receiver.failFirst.set('/a', 2);
    const [water] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM water_body LIMIT 1`);
    const liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const created = await t.http.post('/api/v1/outfalls').set(eco).send({
      name: '推送测试排口',
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: water.id,
      divisionId: liugong.id,
      discoveredOn: '2023-09-01',
      longitude: 87.3,
      latitude: 44.05,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    let version = created.body.version as number;
    for (const name of ['推送测试排口（改）', '推送测试排口（再改）']) {
      const res = await t.http.patch(`/api/v1/outfalls/${id}`).set(eco).send({ name, version });
      expect(res.status).toBe(200);
      version = res.body.version;
    }

    const delivered = await eventually(
      () => receiver.at('/a').filter((r) => r.status === 204),
      (list) => list.length === 3,
    );
    const all = receiver.at('/a');
    for (const request of all) {
      const header = String(request.headers['x-outfall-signature']);
      expect(verifyWebhookSignature(secret, header, request.body)).toBe(true);
      expect(verifyWebhookSignature(secret, header, request.body.replace('推送', '篡改'))).toBe(false);
      expect(verifyWebhookSignature('whsec_wrong', header, request.body)).toBe(false);
      expect(request.headers['x-outfall-timestamp']).toEqual(header.slice(2, header.indexOf(',')));
    }
    // the two failures were the first event's: nothing of the same record overtook it
    expect(all.map((r) => [JSON.parse(r.body).type, r.status])).toEqual([
      ['outfall_created', 500],
      ['outfall_created', 500],
      ['outfall_created', 204],
      ['outfall_updated', 204],
      ['outfall_updated', 204],
    ]);
    expect(delivered.map((r) => JSON.parse(r.body).data.version)).toEqual([1, 2, 3]);
    expect(delivered.every((r) => JSON.parse(r.body).recordId === id)).toBe(true);
    // exponential backoff: 150 ms, then 300 ms
    expect(all[1].at - all[0].at).toBeGreaterThanOrEqual(140);
    expect(all[2].at - all[1].at).toBeGreaterThanOrEqual(290);
    expect(all.slice(0, 3).map((r) => r.headers['x-outfall-attempt'])).toEqual(['1', '2', '3']);

    // the delivery log: one delivery per event, its attempts with status codes
    // the receiver has answered; the outcome is written right after: wait for it
    const log = await eventually(
      () =>
        t.http
          .get(`/api/v1/webhooks/subscriptions/${subscription.id}/deliveries?sort=seq`)
          .set('X-API-Key', key),
      (res) =>
        res.status === 200 && res.body.items.every((d: { status: string }) => d.status === 'succeeded'),
    );
    expect(log.body.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['succeeded', 3],
      ['succeeded', 1],
      ['succeeded', 1],
    ]);
    const detail = await t.http.get(`/api/v1/webhooks/deliveries/${log.body.items[0].id}`).set(admin);
    expect(
      detail.body.attempts.map((a: { statusCode: number; ok: boolean }) => [a.statusCode, a.ok]),
    ).toEqual([
      [500, false],
      [500, false],
      [204, true],
    ]);
    const sub = await t.http.get(`/api/v1/webhooks/subscriptions/${subscription.id}`).set(admin);
    expect(sub.body).toMatchObject({
      active: true,
      consecutiveFailures: 0,
      lastDeliveredAt: expect.any(String),
    });
  });

  it('writes events in the change’s transaction: a rolled-back change sends nothing', async () => {
    const { secret } = await subscribe('/tx', ['snapshot_frozen']);
    const events = t.app.get(WebhookEvents);
    const before = await t.count('webhook_event');
    await expect(
      t.dataSource.transaction(async (em) => {
        await events.publish(WebhookEventType.SnapshotFrozen, 'rolled-back', { quarter: '2025Q1' }, em);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    expect(await t.count('webhook_event')).toBe(before);
    await t.dataSource.transaction((em) =>
      events.publish(WebhookEventType.SnapshotFrozen, 'committed', { quarter: '2025Q2' }, em),
    );
    const [got] = await eventually(
      () => receiver.at('/tx'),
      (list) => list.length === 1,
    );
    expect(JSON.parse(got.body)).toMatchObject({
      type: 'snapshot_frozen',
      recordId: 'committed',
      data: { quarter: '2025Q2' },
    });
    expect(verifyWebhookSignature(secret, String(got.headers['x-outfall-signature']), got.body)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.at('/tx')).toHaveLength(1);
  });

  it('disables a subscription after repeated failures with a notice; enabling sends what waited; replay re-sends', async () => {
    const { subscription } = await subscribe('/down', ['sample_exceedance']);
    const events = t.app.get(WebhookEvents);
    await events.publish(WebhookEventType.SampleExceedance, 'sample-1', { n: 1 });
    // three attempts (WEBHOOK_MAX_ATTEMPTS) and the delivery has failed
    const [first] = await eventually(
      async () =>
        (await t.http.get(`/api/v1/webhooks/subscriptions/${subscription.id}/deliveries`).set(admin)).body
          .items,
      (items: { id: string; status: string }[]) => items.length === 1 && items[0].status === 'failed',
    );
    await events.publish(WebhookEventType.SampleExceedance, 'sample-2', { n: 2 });
    // the fourth failure in a row disables it
    const disabled = await eventually(
      async () => (await t.http.get(`/api/v1/webhooks/subscriptions/${subscription.id}`).set(admin)).body,
      (body: { active: boolean }) => body.active === false,
    );
    expect(disabled).toMatchObject({
      consecutiveFailures: 4,
      disabledAt: expect.any(String),
      disabledReason: expect.stringContaining('Disabled automatically after 4 failed delivery attempts'),
    });
    expect(
      await t.count(
        'audit_log',
        `entity_type = 'webhook_subscription' AND entity_id = $1 AND action = 'update'`,
        [subscription.id],
      ),
    ).toBe(1);
    const attemptsWhenDisabled = receiver.at('/down').length;
    expect(attemptsWhenDisabled).toBe(4);
    // a disabled subscription gets no new events, and its waiting delivery is not sent
    await events.publish(WebhookEventType.SampleExceedance, 'sample-3', { n: 3 });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.at('/down')).toHaveLength(4);
    expectError(
      await t.http.post(`/api/v1/webhooks/deliveries/${first.id}/replay`).set(admin),
      409,
      'CONFLICT',
    );

    // the receiver is fixed; enabling again sends the delivery that waited
    receiver.downFails = false;
    const enabled = await t.http
      .patch(`/api/v1/webhooks/subscriptions/${subscription.id}`)
      .set('X-API-Key', key)
      .send({ active: true });
    expect(enabled.body).toMatchObject({ active: true, consecutiveFailures: 0, disabledReason: null });
    await eventually(
      () => receiver.at('/down').filter((r) => r.status === 204),
      (list) => list.length === 1,
    );
    expect(JSON.parse(receiver.at('/down')[4].body).recordId).toBe('sample-2');

    // manual replay of the failed one: a new delivery of the same event
    const replay = await t.http.post(`/api/v1/webhooks/deliveries/${first.id}/replay`).set('X-API-Key', key);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replayOfId: first.id, status: 'pending', recordId: 'sample-1' });
    const ok = await eventually(
      () => receiver.at('/down').filter((r) => r.status === 204),
      (list) => list.length === 2,
    );
    const originalEventId = receiver.at('/down')[0].headers['x-outfall-event-id'];
    expect(ok[1].headers['x-outfall-event-id']).toBe(originalEventId);
    expect(ok[1].headers['x-outfall-delivery']).toBe(replay.body.id);
    await eventually(
      () =>
        t.http
          .get(`/api/v1/webhooks/subscriptions/${subscription.id}/deliveries?status=succeeded`)
          .set(admin),
      (res) => res.body.total === 2,
    );
  });

  it('checks input and access: http(s) only, own subscriptions only, managers name the key', async () => {
    const bad = await t.http
      .post('/api/v1/webhooks/subscriptions')
      .set('X-API-Key', key)
      .send({ url: 'ftp://example.com/hook', events: ['outfall_created', 'nope'] });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['events']);
    const ftp = await t.http
      .post('/api/v1/webhooks/subscriptions')
      .set('X-API-Key', key)
      .send({ url: 'ftp://example.com/hook', events: ['outfall_created'] });
    expectError(ftp, 400, 'VALIDATION_FAILED');
    expect(ftp.body.details).toEqual([{ field: 'url', message: 'url must use http or https' }]);
    const noKey = await t.http
      .post('/api/v1/webhooks/subscriptions')
      .set(admin)
      .send({ url: `${receiver.base}/x`, events: ['outfall_created'] });
    expectError(noKey, 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/v1/webhooks/subscriptions').set(eco), 403, 'FORBIDDEN');

    const other = await t.http.post('/api/v1/api-keys').set(admin).send({ name: '另一系统', scope: 'read' });
    const mine = (await t.http.get('/api/v1/webhooks/subscriptions').set('X-API-Key', key)).body.items as {
      id: string;
    }[];
    expect(mine.length).toBeGreaterThan(0);
    const theirs = await t.http.get('/api/v1/webhooks/subscriptions').set('X-API-Key', other.body.key);
    expect(theirs.body.total).toBe(0);
    expectError(
      await t.http.get(`/api/v1/webhooks/subscriptions/${mine[0].id}`).set('X-API-Key', other.body.key),
      404,
      'NOT_FOUND',
    );

    // GraphQL: the same subscriptions, and a subscription made there
    const gql = await t.http
      .post('/graphql')
      .set('X-API-Key', key)
      .send({
        query: `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id events active } } }`,
        variables: { input: { url: `${receiver.base}/gql`, events: ['plan_status_changed'] } },
      });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.createWebhookSubscription.subscription.active).toBe(true);
    const list = await t.http
      .post('/graphql')
      .set('X-API-Key', key)
      .send({ query: '{ webhookSubscriptions { total items { id url } } }' });
    expect(list.body.data.webhookSubscriptions.total).toBe(mine.length + 1);
  });
});
