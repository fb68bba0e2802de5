import { withCreditCodeCheck } from '@outfall/directory';
import { Division, Unit } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
type Finding = {
  id: string;
  kind: string;
  status: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  indicatorCode: string | null;
  outfallId: string;
};

const DAY = 86_400_000;
const beijingDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * DAY).toISOString().slice(0, 10);

describe('permits: discharge permits, the self-monitoring duty, schedules and missing-data findings', () => {
  let t: TestApp;
  let eco: Headers;
  let liugong: Division;
  let sangong: Division;
  let liugongUnit: Unit;
  let waterId: string;
  let serial = 0;

  async function outfall(division: Division, name: string) {
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
        longitude: 87.2 + serial * 0.003,
        latitude: division === liugong ? 44.05 : 44.1,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  /** An enterprise with a valid credit code, linked as the main entity of the outfall. */
  async function holder(division: Division, outfallId: string) {
    serial++;
    const creditCode = withCreditCodeCheck(`91652301MA79${String(serial).padStart(5, '0')}`);
    const entity = await t.http
      .post('/api/v1/responsible-entities')
      .set(eco)
      .send({ name: `许可测试企业${serial}`, kind: 'enterprise', divisionId: division.id, creditCode });
    expect(entity.status).toBe(201);
    const link = await t.http
      .put(`/api/v1/outfalls/${outfallId}/entities`)
      .set(eco)
      .send({ links: [{ entityId: entity.body.id, isMain: true }] });
    expect(link.status).toBe(200);
    return { id: entity.body.id as string, creditCode };
  }

  const permitBody = (
    entity: { id: string; creditCode: string },
    outfallId: string,
    extra: Record<string, unknown> = {},
  ) => ({
    permitNumber: `${entity.creditCode}001P`,
    entityId: entity.id,
    issuingAuthority: '昌吉州生态环境局',
    validFrom: '2024-07-01',
    validTo: '2025-06-30',
    outlets: [
      {
        code: 'DW001',
        name: '废水总排口',
        outfallId,
        duties: [{ indicatorCode: 'cod', frequency: 'quarterly' }],
      },
    ],
    ...extra,
  });

  async function sample(outfallId: string, sampledAt: string, values: Record<string, number>) {
    const res = await t.http
      .post('/api/v1/samples')
      .set(eco)
      .send({
        outfallId,
        sampledAt,
        source: 'manual',
        values: Object.entries(values).map(([indicator, value]) => ({ indicator, value })),
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
  }

  const findings = async (query: Record<string, string>, headers = eco) => {
    const res = await t.http
      .get('/api/v1/monitoring-findings')
      .query({ limit: 200, ...query })
      .set(headers);
    expect(res.status).toBe(200);
    return res.body as { items: Finding[]; total: number };
  };

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    liugongUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ divisionId: liugong.id, kind: 'township' as never });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'PRIV',
        name: '许可测试河',
        kind: 'river',
        level: 'county',
        isKey: false,
        centerline: {
          type: 'LineString',
          coordinates: [
            [87.1, 44.0],
            [87.5, 44.2],
          ],
        },
      });
    expect(river.status).toBe(201);
    waterId = river.body.id;
  });
  afterAll(() => t.close());

  it('validates the permit number and outlet codes, each refusal on its field, and the entity link', async () => {
    const outfallId = await outfall(liugong, '格式测试排口');
    const entity = await holder(liugong, outfallId);
    const body = permitBody(entity, outfallId);

    const shape = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, permitNumber: '91652301MA77XXXX001P' });
    expectError(shape, 400, 'VALIDATION_FAILED');
    expect(shape.body.details).toEqual([
      expect.objectContaining({
        field: 'permitNumber',
        message: expect.stringContaining('18位统一社会信用代码'),
      }),
    ]);

    const check = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({
        ...body,
        permitNumber: `${entity.creditCode.slice(0, 17)}${entity.creditCode[17] === '0' ? '1' : '0'}001P`,
      });
    expectError(check, 400, 'PERMIT_NUMBER_INVALID');
    expect(check.body.details[0].field).toBe('permitNumber');

    const other = withCreditCodeCheck('91652301MA7ZZ0001'.replace(/Z/g, '9'));
    const foreign = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, permitNumber: `${other}001P` });
    expectError(foreign, 400, 'PERMIT_NUMBER_INVALID');
    expect(foreign.body.message).toContain('持证单位的统一社会信用代码');

    const code = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, outlets: [{ ...body.outlets[0], code: 'YS001' }] });
    expectError(code, 400, 'VALIDATION_FAILED');
    expect(code.body.details).toEqual([
      expect.objectContaining({ field: 'outlets[0].code', message: expect.stringContaining('DW') }),
    ]);

    const indicator = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({
        ...body,
        outlets: [{ ...body.outlets[0], duties: [{ indicatorCode: 'nope', frequency: 'monthly' }] }],
      });
    expectError(indicator, 400, 'MONITORING_INDICATOR_UNKNOWN');
    expect(indicator.body.details[0].field).toBe('outlets[0].duties[0].indicatorCode');

    const dates = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, validFrom: '2025-01-01', validTo: '2024-12-31' });
    expectError(dates, 400, 'PERMIT_DATES_INVALID');

    const badDay = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, validTo: '2025-02-30' });
    expectError(badDay, 400, 'VALIDATION_FAILED');
    expect(badDay.body.details[0].field).toBe('validTo');

    // an outfall the holder is not linked to in the directory
    const unlinked = await outfall(liugong, '未关联排口');
    const notLinked = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({ ...body, outlets: [{ ...body.outlets[0], outfallId: unlinked }] });
    expectError(notLinked, 422, 'PERMIT_OUTLET_ENTITY_NOT_LINKED');
    expect(notLinked.body.message).toContain('未关联持证单位');
    expect(notLinked.body.details[0].field).toBe('outlets[0].outfallId');

    // lower-case and full-width input is normalised
    const created = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send({
        ...body,
        permitNumber: ` ${entity.creditCode.toLowerCase()}001p`,
        outlets: [{ ...body.outlets[0], code: 'ｄｗ００１' }],
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      permitNumber: `${entity.creditCode}001P`,
      outlets: [{ code: 'DW001' }],
    });
    const again = await t.http.post('/api/v1/permits').set(eco).send(body);
    expectError(again, 409, 'PERMIT_NUMBER_TAKEN');
    expect(await t.count('discharge_permit')).toBeGreaterThanOrEqual(1);
  });

  it('finds non-receipt per Beijing quarter across the quarter boundary (UTC datetimes), missing and late', async () => {
    const outfallId = await outfall(liugong, '自行监测排口');
    const entity = await holder(liugong, outfallId);
    // recorded before the permit was registered: back-filled data counts as received in time
    await sample(outfallId, '2024-09-30T16:30:00Z', { cod: 30 }); // 2024-10-01 00:30 Beijing: Q4, not Q3
    await sample(outfallId, '2025-03-31T15:59:59Z', { nh3n: 1 }); // 2025-03-31 23:59:59 Beijing: Q1, but no COD
    const created = await t.http.post('/api/v1/permits').set(eco).send(permitBody(entity, outfallId));
    expect(created.status).toBe(201);

    let list = await findings({ outfallId, kind: 'non_receipt', sort: 'periodEnd' });
    expect(list.items.map((f) => [f.period, f.status, f.indicatorCode])).toEqual([
      ['2024Q3', 'missing', 'cod'],
      ['2025Q1', 'missing', 'cod'],
      ['2025Q2', 'missing', 'cod'],
    ]);
    expect(list.items[0]).toMatchObject({ periodStart: '2024-07-01', periodEnd: '2024-09-30' });

    // entered now, long after the due day and after the permit: received late
    await sample(outfallId, '2025-06-30T15:59:59Z', { cod: 25 }); // 2025-06-30 23:59:59 Beijing: Q2
    list = await findings({ outfallId, kind: 'non_receipt', sort: 'periodEnd' });
    expect(list.items.map((f) => [f.period, f.status])).toEqual([
      ['2024Q3', 'missing'],
      ['2025Q1', 'missing'],
      ['2025Q2', 'late'],
    ]);
    expect((await findings({ outfallId, status: 'late' })).total).toBe(1);
    expect(
      (await findings({ outfallId, periodFrom: '2025-01-01', periodTo: '2025-03-31' })).items,
    ).toHaveLength(1);
    // exceedances are a separate matter: none of these is an exceedance record
    const status = await t.http.get(`/api/v1/outfalls/${outfallId}/permit-status`).set(eco);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      nonReceiptCount: 3,
      missedSampleCount: 0,
      permitExpired: true,
      outlets: [{ outletCode: 'DW001', expiry: 'expired', duties: ['cod:quarterly'] }],
    });

    // GraphQL parity
    const gql = await t.graphql(
      'eco_officer',
      `query($f: MonitoringFindingFilter) { monitoringFindings(filter: $f, page: { limit: 50, sort: "periodEnd" }) { total items { id period status kind } } }`,
      { f: { outfallId, kind: 'non_receipt' } },
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.monitoringFindings.items.map((f: Finding) => f.id)).toEqual(
      list.items.map((f) => f.id),
    );
    const gqlStatus = await t.graphql(
      'eco_officer',
      `query($id: ID!) { outfallPermitStatus(outfallId: $id) { nonReceiptCount permitExpired outlets { outletCode expiry } } }`,
      { id: outfallId },
    );
    expect(gqlStatus.body.data.outfallPermitStatus).toEqual({
      nonReceiptCount: 3,
      permitExpired: true,
      outlets: [{ outletCode: 'DW001', expiry: 'expired' }],
    });
  });

  it('flags permits expiring within the window (default 90 days) and expired ones', async () => {
    const outfallId = await outfall(liugong, '到期测试排口');
    const entity = await holder(liugong, outfallId);
    const res = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send(permitBody(entity, outfallId, { validFrom: '2021-01-01', validTo: beijingDay(30), outlets: [] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ expiry: 'expiring', daysLeft: 30 });
    const expiring = await t.http.get('/api/v1/permits').query({ expiry: 'expiring', limit: 200 }).set(eco);
    expect(expiring.body.items.map((p: { id: string }) => p.id)).toContain(res.body.id);
    const narrow = await t.http
      .get('/api/v1/permits')
      .query({ expiry: 'valid', expiringWithinDays: 10, limit: 200 })
      .set(eco);
    expect(narrow.body.items.map((p: { id: string }) => p.id)).toContain(res.body.id);
    const expired = await t.http.get('/api/v1/permits').query({ expiry: 'expired', limit: 200 }).set(eco);
    expect(expired.body.items.every((p: { expiry: string }) => p.expiry === 'expired')).toBe(true);
    expect(expired.body.total).toBeGreaterThanOrEqual(1);

    // editing: optimistic locking, audit with before and after
    const stale = await t.http
      .patch(`/api/v1/permits/${res.body.id}`)
      .set(eco)
      .send({ ...permitBody(entity, outfallId, { outlets: [] }), version: res.body.version + 5 });
    expectError(stale, 409, 'VERSION_CONFLICT');
    const updated = await t.http
      .patch(`/api/v1/permits/${res.body.id}`)
      .set(eco)
      .send({
        ...permitBody(entity, outfallId, { validFrom: '2021-01-01', validTo: beijingDay(400) }),
        version: res.body.version,
      });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      expiry: 'valid',
      outlets: [{ code: 'DW001', duties: [{ indicatorCode: 'cod' }] }],
    });
    const audit = await t.dataSource.query<
      { action: string; before: unknown; after: { outlets: unknown[] } }[]
    >(
      `SELECT action, before, after FROM audit_log WHERE entity_type = 'discharge_permit' AND entity_id = $1 ORDER BY occurred_at`,
      [res.body.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1].before).toMatchObject({ outlets: [] });
    expect(audit[1].after.outlets).toHaveLength(1);
  });

  it('a monitoring schedule flags each ended month without a sample (missed samples), on the outfall and in lists', async () => {
    const outfallId = await outfall(liugong, '计划监测排口');
    await sample(outfallId, '2025-02-10T02:00:00Z', { cod: 12 });
    await sample(outfallId, '2025-03-31T16:10:00Z', { cod: 12 }); // 2025-04-01 Beijing: April, not March
    const bad = await t.http
      .post('/api/v1/monitoring-schedules')
      .set(eco)
      .send({ outfallId, unitId: liugongUnit.id, frequency: 'fortnightly', startOn: '2025-01-01' });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('frequency');
    const created = await t.http.post('/api/v1/monitoring-schedules').set(eco).send({
      outfallId,
      unitId: liugongUnit.id,
      frequency: 'monthly',
      startOn: '2025-01-01',
      endOn: '2025-04-30',
    });
    expect(created.status).toBe(201);
    const list = await findings({ outfallId, kind: 'missed_sample', sort: 'periodEnd' });
    expect(list.items.map((f) => [f.period, f.status])).toEqual([
      ['2025-01', 'missing'],
      ['2025-03', 'missing'],
    ]);
    const status = await t.http.get(`/api/v1/outfalls/${outfallId}/permit-status`).set(eco);
    expect(status.body).toMatchObject({ missedSampleCount: 2, schedules: [{ id: created.body.id }] });
    const updated = await t.http.patch(`/api/v1/monitoring-schedules/${created.body.id}`).set(eco).send({
      outfallId,
      unitId: liugongUnit.id,
      frequency: 'monthly',
      startOn: '2025-01-01',
      endOn: '2025-02-28',
      version: created.body.version,
    });
    expect(updated.status).toBe(200);
    expect((await findings({ outfallId, kind: 'missed_sample' })).total).toBe(1);
    expect(
      await t.count('audit_log', `entity_type = 'monitoring_schedule' AND entity_id = $1`, [created.body.id]),
    ).toBe(2);
    const schedules = await t.http.get('/api/v1/monitoring-schedules').query({ outfallId }).set(eco);
    expect(schedules.body.total).toBe(1);
  });

  it('jurisdiction: a township sees its own division only; only the eco branch writes', async () => {
    const own = await outfall(liugong, '六工许可排口');
    const foreign = await outfall(sangong, '三工许可排口');
    const ownEntity = await holder(liugong, own);
    const foreignEntity = await holder(sangong, foreign);
    const a = await t.http.post('/api/v1/permits').set(eco).send(permitBody(ownEntity, own));
    const b = await t.http.post('/api/v1/permits').set(eco).send(permitBody(foreignEntity, foreign));
    expect([a.status, b.status]).toEqual([201, 201]);
    const township = await t.auth('township_liugong');

    const permits = await t.http.get('/api/v1/permits').query({ limit: 200 }).set(township);
    const ids = permits.body.items.map((p: { id: string }) => p.id);
    expect(ids).toContain(a.body.id);
    expect(ids).not.toContain(b.body.id);
    expectError(await t.http.get(`/api/v1/permits/${b.body.id}`).set(township), 404, 'NOT_FOUND');
    expectError(
      await t.http.get(`/api/v1/outfalls/${foreign}/permit-status`).set(township),
      404,
      'NOT_FOUND',
    );
    const seen = await findings({}, township);
    expect(seen.items.length).toBeGreaterThan(0);
    expect(seen.items.every((f) => f.outfallId !== foreign)).toBe(true);
    expect((await findings({ outfallId: foreign }, township)).total).toBe(0);
    expect((await findings({ outfallId: foreign })).total).toBeGreaterThan(0);

    // writes: permit:write and supervision:configure (eco branch, admin)
    for (const user of ['township_liugong', 'agri_officer', 'water_officer']) {
      const headers = await t.auth(user);
      expectError(
        await t.http
          .post('/api/v1/permits')
          .set(headers)
          .send(permitBody(ownEntity, own, { permitNumber: `${ownEntity.creditCode}002P` })),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      expectError(
        await t.http
          .post('/api/v1/monitoring-schedules')
          .set(headers)
          .send({ outfallId: own, unitId: liugongUnit.id, frequency: 'monthly', startOn: '2025-01-01' }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
    }
    const gql = await t.graphql(
      'township_liugong',
      `mutation($i: PermitInput!) { createDischargePermit(input: $i) { id } }`,
      {
        i: {
          ...permitBody(ownEntity, own, { permitNumber: `${ownEntity.creditCode}003P` }),
          outlets: [],
        },
      },
    );
    expect(gql.body.errors?.[0]?.extensions?.code).toBe('AUTH_PERMISSION_DENIED');
    // a sector department reads city-wide
    const sector = await t.http.get(`/api/v1/permits/${b.body.id}`).set(await t.auth('agri_officer'));
    expect(sector.status).toBe(200);
  });

  it('GraphQL writes with the same rules and field messages as REST', async () => {
    const outfallId = await outfall(liugong, 'GraphQL许可排口');
    const entity = await holder(liugong, outfallId);
    const gqlBody = (extra: Record<string, unknown> = {}) => {
      const body = permitBody(entity, outfallId, extra);
      return {
        ...body,
        outlets: body.outlets.map((o) => ({
          ...o,
          duties: [{ indicatorCode: 'cod', frequency: 'quarterly' }],
        })),
      };
    };
    const bad = await t.graphql(
      'eco_officer',
      `mutation($i: PermitInput!) { createDischargePermit(input: $i) { id } }`,
      {
        i: gqlBody({ permitNumber: 'ABC' }),
      },
    );
    expect(bad.body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'permitNumber' })],
    });
    const ok = await t.graphql(
      'eco_officer',
      `mutation($i: PermitInput!) { createDischargePermit(input: $i) { id permitNumber expiry outlets { code duties { indicatorCode frequency } } } }`,
      { i: gqlBody() },
    );
    expect(ok.body.errors).toBeUndefined();
    const rest = await t.http.get(`/api/v1/permits/${ok.body.data.createDischargePermit.id}`).set(eco);
    expect(ok.body.data.createDischargePermit).toEqual({
      id: rest.body.id,
      permitNumber: rest.body.permitNumber,
      expiry: 'expired',
      outlets: [{ code: 'DW001', duties: [{ indicatorCode: 'cod', frequency: 'quarterly' }] }],
    });
    expect(rest.body).toMatchObject({
      expiry: 'expired',
      outlets: [{ duties: [{ frequency: 'quarterly' }] }],
    });
    const page = await t.graphql('eco_officer', `query { dischargePermits(page: { limit: 200 }) { total } }`);
    const restPage = await t.http.get('/api/v1/permits').query({ limit: 200 }).set(eco);
    expect(page.body.data.dischargePermits.total).toBe(restPage.body.total);
  });

  it('a merge moves the outlets and schedules to the surviving outfall, audited', async () => {
    const from = await outfall(liugong, '归并前排口');
    const into = await outfall(liugong, '归并后排口');
    const entity = await holder(liugong, from);
    const permit = await t.http
      .post('/api/v1/permits')
      .set(eco)
      .send(permitBody(entity, from, { validTo: '2029-12-31' }));
    expect(permit.status).toBe(201);
    const schedule = await t.http
      .post('/api/v1/monitoring-schedules')
      .set(eco)
      .send({ outfallId: from, unitId: liugongUnit.id, frequency: 'yearly', startOn: '2024-01-01' });
    expect(schedule.status).toBe(201);
    const merged = await t.http
      .post(`/api/v1/outfalls/${from}/merge`)
      .set(eco)
      .send({ intoId: into, reason: '同一排口重复登记' });
    expect(merged.status).toBe(200);
    const moved = await t.http.get(`/api/v1/permits/${permit.body.id}`).set(eco);
    expect(moved.body.outlets[0].outfallId).toBe(into);
    const status = await t.http.get(`/api/v1/outfalls/${into}/permit-status`).set(eco);
    expect(status.body.outlets.map((o: { permitId: string }) => o.permitId)).toEqual([permit.body.id]);
    expect(status.body.schedules.map((s: { id: string }) => s.id)).toEqual([schedule.body.id]);
    expect(
      await t.count(
        'audit_log',
        `entity_type IN ('permit_outlet', 'monitoring_schedule') AND after->>'outfallId' = $1`,
        [into],
      ),
    ).toBe(2);
  });

  it('exports the permit ledger and the findings list as XLSX', async () => {
    const load = async (jobId: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(jobId)) as never);
      return workbook.worksheets[0];
    };
    const ledger = await t.http.post('/api/v1/permits/ledgers').set(eco).send({ ledger: 'permits' });
    expect(ledger.status).toBe(202);
    const sheet = await load(ledger.body.id);
    expect(sheet.name).toBe('排污许可台账');
    expect((sheet.getRow(1).values as string[]).filter(Boolean)).toEqual(
      expect.arrayContaining([
        '排污许可证编号',
        '持证单位',
        '有效期至',
        '状态',
        '排放口编码',
        '自行监测指标',
        '监测频次',
      ]),
    );
    expect(sheet.rowCount).toBeGreaterThan(1);
    const list = await t.http
      .post('/api/v1/permits/ledgers')
      .set(eco)
      .send({ ledger: 'findings', kind: 'non_receipt' });
    const findingsSheet = await load(list.body.id);
    const total = (await findings({ kind: 'non_receipt' })).total;
    expect(findingsSheet.rowCount).toBe(1 + total);
    expect((findingsSheet.getRow(2).values as string[]).filter(Boolean)).toContain('未按要求自行监测');
  });

  it('the dispatch report carries the permits section: expiring permits and findings by township', async () => {
    const closed = await t.http
      .post('/api/v1/progress/quarters/2025Q2/close')
      .set(eco)
      .send({ reason: '测试' });
    expect(closed.status).toBe(202);
    const job = await t.waitForJob(closed.body.job.id, 60_000);
    const snapshotId = (job.result as { snapshotId: string }).snapshotId;
    const queued = await t.http
      .post(`/api/v1/progress/snapshots/${snapshotId}/report`)
      .set(eco)
      .send({ format: 'html' });
    expect(queued.status).toBe(202);
    const html = (await t.download(queued.body.id)).toString('utf8');
    expect(html).toContain('排污许可与自行监测');
    expect(html).toContain('排污许可证到期预警');
    expect(html).toContain('自行监测缺失（按乡镇）');
    // permits valid to 2025-06-30: expiring as of the quarter's last day
    expect(html).toMatch(/91652301MA79\w{6}001P/);
    expect(html).toContain('六工镇');
  });
});
