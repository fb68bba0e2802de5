import { AuditLog } from '@outfall/audit';
import { Division, Unit } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

describe('audit trail', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let city: Division;

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 3 });
    admin = await t.auth('admin');
    city = await t.dataSource.getRepository(Division).findOneByOrFail({ code: '652301' });
  });
  afterAll(() => t.close());

  const auditRows = (entityId: string) =>
    t.dataSource.getRepository(AuditLog).find({ where: { entityId }, order: { occurredAt: 'ASC' } });

  it('writes one row per create, update and delete with actor, unit, request id and a field diff', async () => {
    const created = await t.http
      .post('/api/v1/divisions')
      .set(admin)
      .set('X-Request-Id', 'req-create-1')
      .send({ code: '652301109', name: '测试镇', level: 'township', parentId: city.id });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const updated = await t.http
      .patch(`/api/v1/divisions/${id}`)
      .set(admin)
      .send({ name: '测试镇（改）', version: 1 });
    expect(updated.status).toBe(200);
    expect((await t.http.delete(`/api/v1/divisions/${id}`).set(admin)).status).toBe(204);

    const rows = await auditRows(id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    const [create, update, remove] = rows;
    expect(create).toMatchObject({
      actorType: 'user',
      actorName: '系统管理员（演示）',
      entityType: 'division',
      requestId: 'req-create-1',
    });
    expect(create.actorId).toEqual(expect.any(String));
    expect(create.unitId).toEqual(expect.any(String));
    expect(update.diff).toEqual({ name: { before: '测试镇', after: '测试镇（改）' } });
    expect(remove.before).toMatchObject({ name: '测试镇（改）' });
    expect(remove.after).toBeNull();
  });

  it('a failed mutation writes neither the change nor an audit row', async () => {
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '昌吉市农业农村局' });
    const before = await t.count('audit_log');
    // stale version → 409
    const stale = await t.http
      .patch(`/api/v1/units/${unit.id}`)
      .set(admin)
      .send({ name: '改名', version: unit.version + 5 });
    expectError(stale, 409, 'VERSION_CONFLICT');
    // unique violation inside the transaction → 409
    const duplicate = await t.http
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '昌吉市水利局（河湖长制办公室）', kind: 'other', divisionId: city.id });
    expectError(duplicate, 409, 'CONFLICT');
    // bad division reference → 404, nothing written
    const missing = await t.http
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '新单位', kind: 'other', divisionId: '00000000-0000-4000-8000-000000000000' });
    expectError(missing, 404, 'NOT_FOUND');
    // invalid field → 400
    const invalid = await t.http
      .put(`/api/v1/units/${unit.id}/liaison`)
      .set(admin)
      .send({ name: '甲', phone: '12345', position: '科员' });
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(invalid.body.details).toEqual([
      { field: 'phone', message: 'phone must be a mainland mobile or landline number' },
    ]);

    expect(await t.count('audit_log')).toBe(before);
    expect(await t.count('unit', `name = '新单位'`)).toBe(0);
    expect((await t.dataSource.getRepository(Unit).findOneByOrFail({ id: unit.id })).name).toBe(
      '昌吉市农业农村局',
    );
  });

  it('two edits with the same version: one wins, the other gets 409', async () => {
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '昌吉市交通运输局' });
    const [a, b] = await Promise.all([
      t.http
        .patch(`/api/v1/units/${unit.id}`)
        .set(admin)
        .send({ sectorCategories: ['other'], version: unit.version }),
      t.http
        .patch(`/api/v1/units/${unit.id}`)
        .set(admin)
        .send({ sectorCategories: ['industrial'], version: unit.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await t.count('audit_log', `entity_id = $1 AND action = 'update'`, [unit.id])).toBe(1);
  });

  it('is append-only, even for the database owner', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET actor_name = 'x'`)).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/cannot be changed/);
  });

  it('is queryable by entity, actor and time over REST and GraphQL, by admins and the ecology branch only', async () => {
    const eco = await t.auth('eco_officer');
    const byEntity = await t.http
      .get('/api/v1/audit-logs')
      .query({ entityType: 'unit', sort: '-occurredAt', limit: 5 })
      .set(eco);
    expect(byEntity.status).toBe(200);
    expect(byEntity.body.limit).toBe(5);
    expect(byEntity.body.items.every((r: { entityType: string }) => r.entityType === 'unit')).toBe(true);

    const me = await t.http.get('/api/v1/auth/me').set(admin);
    const byActor = await t.http.get('/api/v1/audit-logs').query({ actorId: me.body.id }).set(eco);
    expect(byActor.body.total).toBeGreaterThan(0);
    expect(byActor.body.items.every((r: { actorId: string }) => r.actorId === me.body.id)).toBe(true);

    const future = await t.http
      .get('/api/v1/audit-logs')
      .query({ from: new Date(Date.now() + 3600_000).toISOString() })
      .set(eco);
    expect(future.body.total).toBe(0);

    const bad = await t.http
      .get('/api/v1/audit-logs')
      .query({ from: 'yesterday', sort: 'password', limit: 1000 })
      .set(eco);
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['from', 'limit']);
    const badSort = await t.http.get('/api/v1/audit-logs').query({ sort: 'password' }).set(eco);
    expectError(badSort, 400, 'VALIDATION_FAILED');
    expect(badSort.body.details[0].field).toBe('sort');

    const gql = await t.graphql(
      'eco_officer',
      '{ auditLogs(filter: { entityType: "division" }, page: { limit: 3 }) { total items { action entityType actorName diff } } }',
    );
    expect(gql.body.data.auditLogs.items).toHaveLength(3);
    expect(gql.body.data.auditLogs.items[0].entityType).toBe('division');

    expectError(
      await t.http.get('/api/v1/audit-logs').set(await t.auth('township_liugong')),
      403,
      'AUTH_PERMISSION_DENIED',
    );
  });

  it('audits a batch ingest in one row, found over REST by any sample it created', async () => {
    const eco = await t.auth('eco_officer');
    const [{ id: outfallId }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outfall WHERE status <> 'merged' ORDER BY local_code LIMIT 1`,
    );
    const rows = [1, 2, 3, 4].map((day) => ({
      outfallId,
      sampledAt: `2024-03-0${day}T10:00:00+08:00`,
      source: 'online',
      indicator: 'cod',
      value: 20 + day,
    }));
    const pushed = await t.http
      .post('/api/v1/samples/batch')
      .set(eco)
      .set('X-Request-Id', 'req-batch-1')
      .send({ rows });
    expect(pushed.status).toBe(201);
    const ids = pushed.body.sampleIds as string[];
    expect(ids).toHaveLength(4);
    // no row per created sample
    expect(await t.count('audit_log', `entity_type = 'sample' AND entity_id = ANY($1::text[])`, [ids])).toBe(
      0,
    );
    for (const filter of [
      { entityId: ids[2] },
      { entityId: ids[2], entityType: 'sample' },
      { action: 'ingest' },
    ]) {
      const found = await t.http.get('/api/v1/audit-logs').query(filter).set(eco);
      expect(found.status).toBe(200);
      expect(found.body.total).toBe(1);
      const [row] = found.body.items;
      expect(row).toMatchObject({
        action: 'ingest',
        entityType: 'sample_batch',
        actorType: 'user',
        requestId: 'req-batch-1',
      });
      // the diff summarises the batch; the list of ids is stored once, outside it
      expect(row.diff).toMatchObject({
        rows: { before: null, after: 4 },
        samplesCreated: { before: null, after: 4 },
        outfallIds: { before: null, after: [outfallId] },
        via: { before: null, after: 'batch_api' },
      });
      expect(row.diff.sampleIds).toBeUndefined();
    }
    // (the request also advanced the outfall's "monitored" milestone: that row has the same request id)
    const stored = await t.dataSource
      .getRepository(AuditLog)
      .findOneByOrFail({ requestId: 'req-batch-1', entityType: 'sample_batch' });
    expect(stored.after?.sampleIds).toEqual(ids);
    // another entity type with a sample's id finds nothing
    const other = await t.http
      .get('/api/v1/audit-logs')
      .query({ entityId: ids[0], entityType: 'outfall' })
      .set(eco);
    expect(other.body.total).toBe(0);
    // the same batch again creates nothing and writes no row
    await t.http.post('/api/v1/samples/batch').set(eco).send({ rows });
    expect(await t.count('audit_log', `entity_type = 'sample_batch'`)).toBe(1);
  });

  it('audits account changes without secrets', async () => {
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '佃坝镇人民政府' });
    const created = await t.http.post('/api/v1/users').set(admin).send({
      username: 'dianba_officer',
      displayName: '佃坝镇 新人',
      password: 'Strong-Pass-2024',
      role: 'township',
      unitId: unit.id,
    });
    expect(created.status).toBe(201);
    const [row] = await auditRows(created.body.id);
    expect(row.action).toBe('create');
    expect(JSON.stringify(row)).not.toMatch(/passwordHash|scrypt/);
  });
});
