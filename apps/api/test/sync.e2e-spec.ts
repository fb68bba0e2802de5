import { beijingToday } from '@outfall/common';
import { Division } from '@outfall/org';
import { Client } from 'pg';
import { expectError, TestApp } from './support/test-app';

interface Item {
  type: string;
  id: string;
  op: 'upsert' | 'deleted' | 'merged';
  updatedAt: string;
  survivorId?: string | null;
  data?: Record<string, unknown>;
}
interface Page {
  items: Item[];
  nextCursor: string;
  hasMore: boolean;
}

/** Real PostgreSQL (two sessions): the interleaving case needs a second connection; PGlite has one session. */
const REAL_DB = Boolean(process.env.DATABASE_URL) && process.env.OUTFALL_TEST_EMBEDDED !== 'true';

describe('incremental sync (GET /api/v1/sync/changes)', () => {
  let t: TestApp;
  let eco: { Authorization: string };
  let liugong: Division;
  let sangong: Division;
  let waterId: string;
  let placed = 0;

  const page = async (headers: Record<string, string>, query: Record<string, unknown>): Promise<Page> => {
    const res = await t.http.get('/api/v1/sync/changes').query(query).set(headers);
    expect(res.status).toBe(200);
    return res.body as Page;
  };

  /** The integrator's loop: pages until hasMore is false; answers every item and the cursor to poll with. */
  async function drain(
    headers: Record<string, string>,
    since = '',
    query: Record<string, unknown> = {},
  ): Promise<{ items: Item[]; cursor: string; pages: number }> {
    const items: Item[] = [];
    let cursor = since;
    let pages = 0;
    for (;;) {
      const p = await page(headers, { ...query, since: cursor });
      pages++;
      items.push(...p.items);
      cursor = p.nextCursor;
      if (!p.hasMore) return { items, cursor, pages };
    }
  }

  /** The integrator's replica: the last state of each record, tombstones removing (or marking) it. */
  function apply(replica: Map<string, Item>, items: Item[]): void {
    for (const item of items) {
      const key = `${item.type}:${item.id}`;
      if (item.op === 'deleted') replica.delete(key);
      else replica.set(key, item);
    }
  }

  async function createOutfall(name: string, division: Division = liugong): Promise<string> {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name,
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: waterId,
        divisionId: division.id,
        discoveredOn: '2023-09-01',
        // apart from each other (no suspected-duplicate flags on neighbours)
        longitude: 87.3 + 0.002 * ++placed,
        latitude: 44.02,
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 40 });
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const [water] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM water_body ORDER BY code LIMIT 1`,
    );
    waterId = water.id;
  });
  afterAll(() => t.close());

  it('an initial sync from the start sees every record of every type once, in REST-like camelCase', async () => {
    const { items } = await drain(eco);
    const outfalls = items.filter((i) => i.type === 'outfall');
    expect(outfalls).toHaveLength(await t.count('outfall'));
    expect(items.filter((i) => i.type === 'entity')).toHaveLength(await t.count('responsible_entity'));
    expect(items.filter((i) => i.type === 'milestone')).toHaveLength(await t.count('outfall_event'));
    expect(new Set(items.map((i) => `${i.type}:${i.id}`)).size).toBe(items.length);
    expect(outfalls[0]).toMatchObject({ op: 'upsert', data: { id: outfalls[0].id } });
    expect(outfalls[0].data).toHaveProperty('localCode');
    expect(outfalls[0].data).toHaveProperty('divisionId');
    expect(outfalls[0].data).not.toHaveProperty('location');
    expect(Number.isNaN(Date.parse(outfalls[0].updatedAt))).toBe(false);
  });

  it('pages over limit without gaps or repeats, and the last page says hasMore false', async () => {
    const all = await drain(eco, '', { types: 'outfall,entity' });
    const paged = await drain(eco, '', { types: 'outfall,entity', limit: 7 });
    expect(paged.pages).toBeGreaterThan(Math.floor(all.items.length / 7));
    expect(paged.items.map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(all.items.every((i) => i.type === 'outfall' || i.type === 'entity')).toBe(true);
    // polling again at the end answers nothing new, with a cursor to keep polling from
    const again = await page(eco, { since: all.cursor, types: 'outfall,entity' });
    expect(again).toMatchObject({ items: [], hasMore: false });
  });

  it('updates, deletes and a merge appear as changes and tombstones after the cursor', async () => {
    const start = (await drain(eco)).cursor;
    const a = await createOutfall('同步甲');
    const b = await createOutfall('同步乙');
    const milestone = await t.http
      .put(`/api/v1/outfalls/${a}/milestones/investigated`)
      .set(eco)
      .send({ effectiveOn: beijingToday() });
    expect(milestone.status).toBe(200);
    const first = await drain(eco, start);
    expect(first.items.filter((i) => i.type === 'outfall').map((i) => i.id)).toEqual(
      expect.arrayContaining([a, b]),
    );
    const event = first.items.find(
      (i) => i.type === 'milestone' && i.data?.['outfallId'] === a && i.data?.['type'] === 'investigated',
    );
    expect(event).toMatchObject({
      op: 'upsert',
      data: { type: 'investigated', effectiveOn: beijingToday() },
    });

    // an update of a record already read comes again, with its new state
    const card = await t.http.get(`/api/v1/outfalls/${a}`).set(eco);
    const patched = await t.http
      .patch(`/api/v1/outfalls/${a}`)
      .set(eco)
      .send({ name: '同步甲（改）', version: card.body.version });
    expect(patched.status).toBe(200);
    const removed = await t.http.delete(`/api/v1/outfalls/${a}/milestones/investigated`).set(eco);
    expect(removed.status).toBe(204);
    const merged = await t.http
      .post(`/api/v1/outfalls/${b}/merge`)
      .set(eco)
      .send({ intoId: a, reason: '同一排口重复登记' });
    expect(merged.status).toBe(200);

    const second = await drain(eco, first.cursor);
    const byKey = new Map(second.items.map((i) => [`${i.type}:${i.id}`, i]));
    expect(byKey.get(`outfall:${a}`)).toMatchObject({ op: 'upsert', data: { name: '同步甲（改）' } });
    expect(byKey.get(`milestone:${event!.id}`)).toEqual({
      type: 'milestone',
      id: event!.id,
      op: 'deleted',
      updatedAt: expect.any(String),
    });
    expect(byKey.get(`outfall:${b}`)).toEqual({
      type: 'outfall',
      id: b,
      op: 'merged',
      survivorId: a,
      updatedAt: expect.any(String),
    });
    // the log keeps one row per record: the record's latest change only
    expect(second.items.filter((i) => i.id === a)).toHaveLength(1);

    // a replica built from scratch equals one built incrementally
    const incremental = new Map<string, Item>();
    apply(incremental, (await drain(eco, '', { types: 'outfall,milestone' })).items);
    expect(incremental.get(`outfall:${b}`)?.op).toBe('merged');
    expect(incremental.has(`milestone:${event!.id}`)).toBe(false);
  });

  it('a sample written and deleted reaches the feed as a change then a tombstone', async () => {
    const start = (await drain(eco, '', { types: 'sample' })).cursor;
    const outfall = await createOutfall('同步采样');
    const [sample] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO sample (outfall_id, sampled_at, source, version) VALUES ($1, now(), 'manual', 1) RETURNING id`,
      [outfall],
    );
    const created = await drain(eco, start, { types: 'sample' });
    expect(created.items).toEqual([expect.objectContaining({ id: sample.id, op: 'upsert' })]);
    await t.dataSource.query(`DELETE FROM sample WHERE id = $1`, [sample.id]);
    const deleted = await drain(eco, created.cursor, { types: 'sample' });
    expect(deleted.items).toEqual([expect.objectContaining({ id: sample.id, op: 'deleted' })]);
  });

  it('a township reads only its own records and tombstones; dispatch reports are city-wide only', async () => {
    const own = await createOutfall('六工同步');
    const other = await createOutfall('三工同步', sangong);
    const township = await t.auth('township_liugong');
    const { items } = await drain(township);
    const outfalls = items.filter((i) => i.type === 'outfall');
    expect(outfalls.map((i) => i.id)).toContain(own);
    expect(outfalls.map((i) => i.id)).not.toContain(other);
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM outfall o JOIN division d ON d.id = o.division_id WHERE d.path = $1 OR d.path LIKE $2`,
      [liugong.path, `${liugong.path}/%`],
    );
    expect(outfalls).toHaveLength(Number(n));
    expect(items.some((i) => i.type === 'report')).toBe(false);

    // a deleted milestone of another township is not shown to it; one of its own is
    const start = (await drain(township)).cursor;
    for (const id of [own, other]) {
      await t.http
        .put(`/api/v1/outfalls/${id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: beijingToday() });
      await t.http.delete(`/api/v1/outfalls/${id}/milestones/investigated`).set(eco);
    }
    const after = await drain(township, start);
    const tombstones = after.items.filter((i) => i.op === 'deleted');
    expect(tombstones).toHaveLength(1);
    const [{ outfall_id }] = await t.dataSource.query<{ outfall_id: string }[]>(
      `SELECT outfall_id FROM sync_change WHERE entity_id = $1`,
      [tombstones[0].id],
    );
    expect(outfall_id).toBe(own);
  });

  it('refuses a bad cursor, type or limit with the field named', async () => {
    const bad = async (query: Record<string, unknown>, field: string) => {
      const res = await t.http.get('/api/v1/sync/changes').query(query).set(eco);
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ since: 'not-a-cursor!' }, 'since');
    await bad({ since: Buffer.from('v1.x.1').toString('base64url') }, 'since');
    await bad({ types: 'outfall,spaceship' }, 'types');
    await bad({ limit: 1001 }, 'limit');
    await bad({ limit: 0 }, 'limit');
    expectError(await t.http.get('/api/v1/sync/changes'), 401, 'AUTH_TOKEN_MISSING');
  });

  it('refuses a cursor from before a restore (a new epoch) with 410 on since; the start still works', async () => {
    const { cursor } = await drain(eco, '', { types: 'report' });
    // what a restore does to the log (libs/core/backup): restored rows before every new transaction, new epoch
    await t.dataSource.query(`UPDATE sync_change SET xid = '0'::xid8`);
    await t.dataSource.query(
      `INSERT INTO sync_state (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET epoch = gen_random_uuid()`,
    );
    const res = await t.http.get('/api/v1/sync/changes').query({ since: cursor }).set(eco);
    expectError(res, 410, 'SYNC_CURSOR_EXPIRED');
    expect(res.body.details[0].field).toBe('since');
    const again = await drain(eco, '', { types: 'outfall' });
    expect(again.items.filter((i) => i.type === 'outfall')).toHaveLength(await t.count('outfall'));
  });

  it('runs the sync loop through a read-scoped API key, as an integrator does', async () => {
    const admin = await t.auth('admin');
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: '河长制平台同步', scope: 'read' });
    expect(created.status).toBe(201);
    const key = { 'X-API-Key': created.body.key as string };
    const replica = new Map<string, Item>();
    // 1. initial sync from the start, 2. store the cursor, 3. poll with it
    const initial = await drain(key, '', { types: 'outfall,milestone', limit: 25 });
    apply(replica, initial.items);
    expect([...replica.values()].filter((i) => i.type === 'outfall')).toHaveLength(await t.count('outfall'));
    const fresh = await createOutfall('接口同步');
    const poll = await drain(key, initial.cursor, { types: 'outfall,milestone', limit: 25 });
    apply(replica, poll.items);
    // the new outfall and its registered milestone, nothing else
    expect(poll.items.map((i) => (i.type === 'outfall' ? i.id : i.data?.['outfallId']))).toEqual([
      fresh,
      fresh,
    ]);
    expect(replica.get(`outfall:${fresh}`)?.data?.['name']).toBe('接口同步');
    // GraphQL counterpart: the same page
    const gql = await t.http
      .post('/graphql')
      .set(key)
      .send({
        query: `query($q: SyncChangesInput) { syncChanges(query: $q) { items { type id op survivorId data } nextCursor hasMore } }`,
        variables: { q: { since: initial.cursor, types: 'outfall,milestone' } },
      });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.syncChanges.items.map((i: Item) => i.id)).toEqual(poll.items.map((i) => i.id));
  });

  (REAL_DB ? it : it.skip)(
    'is not held back by a transaction open in another database of the same cluster (real PostgreSQL only)',
    async () => {
      const start = (await drain(eco, '', { types: 'outfall' })).cursor;
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = '/postgres';
      const neighbour = new Client({ connectionString: url.toString() });
      await neighbour.connect();
      try {
        await neighbour.query('BEGIN');
        await neighbour.query('SELECT pg_current_xact_id()'); // holds an xid, like a bulk load next door
        const fresh = await createOutfall('邻库长事务');
        const seen = await drain(eco, start, { types: 'outfall' });
        expect(seen.items.map((i) => i.id)).toContain(fresh);
      } finally {
        await neighbour.query('ROLLBACK');
        await neighbour.end();
      }
    },
  );

  (REAL_DB ? it : it.skip)(
    'skips no row when two transactions commit in the opposite order of their start (real PostgreSQL only; PGlite is one session)',
    async () => {
      const [x, y] = [await createOutfall('并发甲'), await createOutfall('并发乙')];
      const start = (await drain(eco, '', { types: 'outfall' })).cursor;
      const first = new Client({ connectionString: process.env.DATABASE_URL });
      const second = new Client({ connectionString: process.env.DATABASE_URL });
      await first.connect();
      await second.connect();
      try {
        // T1 starts first (takes its xid) and commits last; T2 starts second and commits first
        await first.query('BEGIN');
        await first.query(`UPDATE outfall SET name = '并发甲（T1）' WHERE id = $1`, [x]);
        await second.query('BEGIN');
        await second.query(`UPDATE outfall SET name = '并发乙（T2）' WHERE id = $1`, [y]);
        await second.query('COMMIT');
        // a poll in between: T2 has committed, but T1 (an older transaction) may still commit behind it,
        // so the feed holds T2's change back instead of moving the cursor past T1
        const between = await drain(eco, start, { types: 'outfall' });
        expect(between.items.map((i) => i.id)).not.toContain(x);
        await first.query('COMMIT');
        const after = await drain(eco, between.cursor, { types: 'outfall' });
        const seen = [...between.items, ...after.items];
        expect(seen.find((i) => i.id === x)?.data?.['name']).toBe('并发甲（T1）');
        expect(seen.find((i) => i.id === y)?.data?.['name']).toBe('并发乙（T2）');
      } finally {
        await first.end();
        await second.end();
      }
    },
  );
});
