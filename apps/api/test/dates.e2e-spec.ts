import { Division, Unit } from '@outfall/org';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectError, TestApp } from './support/test-app';

type Headers = Record<string, string>;
type Metric = { numerator: number; denominator: number };
type Group = { dimension: string; key: string; metrics: Record<string, Metric> };

/**
 * Calendar days are Beijing (Asia/Shanghai, UTC+8) days on every path: REST, GraphQL, XLSX import and API keys.
 * `2024-12-31T16:30:00Z` is 2025-01-01 in Beijing and must count in 2025; impossible dates answer 400 with the
 * field. Each outfall here is placed so that the counts of the progress checks can be worked out by hand.
 */
describe('calendar days are Beijing days, everywhere', () => {
  let t: TestApp;
  let eco: Headers;
  let admin: Headers;
  let apiKey: Headers;
  let liugong: Division;
  let liugongUnit: Unit;
  let waterId: string;
  let lon = 87.3;

  /** A new outfall on 头屯河 in 六工镇; `discoveredOn`/`registeredOn` exactly as given. */
  const outfallBody = (body: Record<string, unknown>) => ({
    name: '日期测试排口',
    category: 'industrial',
    subType: 'industrial_enterprise',
    waterBodyId: waterId,
    divisionId: liugong.id,
    longitude: (lon += 0.002),
    latitude: 44.3,
    ...body,
  });

  async function create(body: Record<string, unknown>, headers: Headers = eco) {
    const res = await t.http.post('/api/v1/outfalls').set(headers).send(outfallBody(body));
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as { id: string; discoveredOn: string };
  }

  const registered = async (id: string) =>
    (
      await t.dataSource.query<{ on: string }[]>(
        `SELECT effective_on::text AS on FROM outfall_event WHERE outfall_id = $1 AND type = 'registered'`,
        [id],
      )
    )[0]?.on;

  const progress = async (asOf: string, headers: Headers = eco) => {
    const res = await t.http.get('/api/v1/progress').query({ asOf }).set(headers);
    expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
      status: 200,
      body: null,
    });
    return res.body as { asOf: string; groups: Group[] };
  };
  const city = (body: { groups: Group[] }, metric: string) => {
    const m = body.groups.find((g) => g.dimension === 'city')!.metrics[metric];
    return `${m.numerator}/${m.denominator}`;
  };

  /** 400 VALIDATION_FAILED whose details name `field`. */
  function expectFieldError(res: request.Response, field: string) {
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual(
      // the message names the field itself (the last part of a nested path)
      expect.arrayContaining([{ field, message: expect.stringContaining(field.replace(/^.*\./, '')) }]),
    );
  }

  /** The same for a GraphQL answer: the error shape in `extensions`. */
  function expectGraphqlFieldError(res: request.Response, field: string) {
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: expect.arrayContaining([
        { field, message: expect.stringContaining(field.replace(/^.*\./, '')) },
      ]),
    });
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    admin = await t.auth('admin');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    liugongUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ divisionId: liugong.id, kind: 'township' as never });
    const [water] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM water_body WHERE code = 'TTH'`,
    );
    waterId = water.id;
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: '省级平台', scope: 'read_write' });
    expect(key.status).toBe(201);
    apiKey = { 'X-API-Key': key.body.key as string };
  });
  afterAll(() => t.close());

  describe('the year boundary: 2024-12-31T16:30:00Z is 2025-01-01 and counts in 2025', () => {
    // A: discovered and registered at 2024-12-31T16:30Z (2025-01-01 in Beijing); B: registered and
    // investigated at 15:59:59Z (2024-12-31); C: registered 2024-12-31, investigated at 16:30Z (2025-01-01)
    let a: string;
    let b: string;
    let c: string;

    beforeAll(async () => {
      const created = await create({
        discoveredOn: '2024-12-31T16:30:00Z',
        registeredOn: '2024-12-31T16:30:00Z',
      });
      expect(created.discoveredOn).toBe('2025-01-01');
      a = created.id;
      b = (await create({ discoveredOn: '2024-12-31T15:59:59Z', registeredOn: '2024-12-31T15:59:59.999Z' }))
        .id;
      c = (await create({ discoveredOn: '2024-12-20', registeredOn: '2024-12-31' })).id;
      const investigated = async (id: string, effectiveOn: string) => {
        const res = await t.http
          .put(`/api/v1/outfalls/${id}/milestones/investigated`)
          .set(eco)
          .send({ effectiveOn });
        expect(res.status).toBe(200);
        return res.body.effectiveOn as string;
      };
      expect(await investigated(b, '2024-12-31T15:59:59Z')).toBe('2024-12-31');
      expect(await investigated(c, '2024-12-31T16:30:00Z')).toBe('2025-01-01');
    });

    it('stores the Beijing day of registration, discovery and the milestone', async () => {
      expect(await registered(a)).toBe('2025-01-01');
      expect(await registered(b)).toBe('2024-12-31');
      const [stored] = await t.dataSource.query<{ discovered: string }[]>(
        `SELECT discovered_on::text AS discovered FROM outfall WHERE id = $1`,
        [b],
      );
      expect(stored.discovered).toBe('2024-12-31');
    });

    it('counts them in the year of their Beijing day', async () => {
      // 2024-12-31: B and C registered, B investigated; 2025-01-01: A too, and C investigated
      expect(city(await progress('2024-12-31'), 'investigation')).toBe('1/2');
      expect(city(await progress('2025-01-01'), 'investigation')).toBe('2/3');
    });

    it('reads asOf by the same rule, on REST and GraphQL alike', async () => {
      const rest = await progress('2024-12-31T16:30:00Z');
      expect(rest.asOf).toBe('2025-01-01');
      expect(city(rest, 'investigation')).toBe('2/3');
      const gql = await t.graphql('eco_officer', 'query($asOf: String) { progressAsOf(asOf: $asOf) }', {
        asOf: '2024-12-31T16:30:00Z',
      });
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.progressAsOf).toEqual(rest);
      expect(city(gql.body.data.progressAsOf, 'investigation')).toBe('2/3');
      const before = await t.graphql('eco_officer', 'query($asOf: String) { progressAsOf(asOf: $asOf) }', {
        asOf: '2024-12-31T15:59:59Z',
      });
      expect(city(before.body.data.progressAsOf, 'investigation')).toBe('1/2');
    });
  });

  describe('the quarter boundaries', () => {
    it('2025-03-31T16:00:00Z is Q2 (2025-04-01); 2025-06-30T15:59:59Z stays Q2 (2025-06-30)', async () => {
      const { id } = await create({ discoveredOn: '2025-01-10', registeredOn: '2025-01-10' });
      const res = await t.http
        .put(`/api/v1/outfalls/${id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: '2025-03-31T16:00:00Z' });
      expect(res.body.effectiveOn).toBe('2025-04-01');
      const tracing = await t.http.post(`/api/v1/outfalls/${id}/tracing`).set(eco).send({
        tracedOn: '2025-06-30T15:59:59Z',
        method: 'site_survey',
        complete: true,
        completedOn: '2025-06-30T15:59:59Z',
      });
      expect(tracing.status).toBe(201);
      expect(tracing.body).toMatchObject({ tracedOn: '2025-06-30', completedOn: '2025-06-30' });
      // the first quarter of 2025 ends before the investigation; the second holds it and the tracing
      const q1 = await progress('2025-03-31');
      const q2start = await progress('2025-04-01');
      const q2end = await progress('2025-06-30');
      expect(city(q2start, 'investigation')).toBe(
        `${Number(city(q1, 'investigation').split('/')[0]) + 1}/${city(q1, 'investigation').split('/')[1]}`,
      );
      expect(Number(city(q2end, 'tracing').split('/')[0])).toBe(
        Number(city(q2start, 'tracing').split('/')[0]) + 1,
      );
    });

    it('decision, plan deadline, plan milestones and workflow steps take the Beijing day', async () => {
      const { id } = await create({ discoveredOn: '2024-06-01', registeredOn: '2024-06-01' });
      const decided = await t.http
        .put(`/api/v1/outfalls/${id}/disposition`)
        .set(eco)
        .send({ disposition: 'standardise', decidedOn: '2025-03-31T15:59:59Z', reason: '测试' });
      expect(decided.status).toBe(200);
      expect(decided.body.decidedOn).toBe('2025-03-31');
      const plan = await t.http
        .post('/api/v1/remediation/plans')
        .set(eco)
        .send({
          outfallId: id,
          measures: '规范整治',
          targetState: 'compliant_discharge',
          responsibleUnitId: liugongUnit.id,
          responsiblePerson: '张三',
          responsiblePhone: '13800000000',
          deadline: '2025-09-30T16:00:00Z',
          milestones: [
            { name: '管道更换', plannedOn: '2025-06-30T15:59:59Z', actualOn: '2025-06-30T11:30:00-05:00' },
          ],
        });
      expect({ status: plan.status, body: plan.status === 201 ? null : plan.body }).toEqual({
        status: 201,
        body: null,
      });
      expect(plan.body.deadline).toBe('2025-10-01');
      expect(plan.body.milestones[0]).toMatchObject({ plannedOn: '2025-06-30', actualOn: '2025-07-01' });
      const submitted = await t.http
        .post(`/api/v1/remediation/plans/${plan.body.id}/transitions`)
        .set(eco)
        .send({ action: 'submit', version: plan.body.version, on: '2025-03-31T16:00:00Z' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.submittedOn).toBe('2025-04-01');
    });
  });

  it('reads +08:00 as written, -05:00 through the instant, and no offset as Beijing wall-clock time', async () => {
    const east = await create({
      discoveredOn: '2024-12-31T23:59:59+08:00',
      registeredOn: '2025-01-01T00:00:00+08:00',
    });
    expect(east.discoveredOn).toBe('2024-12-31');
    expect(await registered(east.id)).toBe('2025-01-01');
    const west = await create({
      discoveredOn: '2024-12-31T10:59:00-05:00',
      registeredOn: '2024-12-31T11:30:00-05:00',
    });
    expect(west.discoveredOn).toBe('2024-12-31');
    expect(await registered(west.id)).toBe('2025-01-01');
    const local = await create({ discoveredOn: '2024-12-31 23:30', registeredOn: '2024-12-31T23:59:59' });
    expect(local.discoveredOn).toBe('2024-12-31');
    expect(await registered(local.id)).toBe('2024-12-31');
    const patched = await t.http
      .patch(`/api/v1/outfalls/${local.id}`)
      .set(eco)
      .send({ version: 1, signageInstalled: true, signageInstalledOn: '2025-01-01T07:59:59+08:00' });
    expect(patched.body.signageInstalledOn).toBe('2025-01-01');
  });

  describe('impossible dates answer 400 naming the field', () => {
    let outfallId: string;
    beforeAll(async () => {
      outfallId = (await create({ discoveredOn: '2023-09-01', registeredOn: '2023-09-01' })).id;
    });

    it('on every REST body and query', async () => {
      expectFieldError(
        await t.http
          .post('/api/v1/outfalls')
          .set(eco)
          .send(outfallBody({ discoveredOn: '2023-02-30' })),
        'discoveredOn',
      );
      expectFieldError(
        await t.http
          .post('/api/v1/outfalls')
          .set(eco)
          .send(outfallBody({ discoveredOn: '2023-09-01', registeredOn: '2023-13-01' })),
        'registeredOn',
      );
      expectFieldError(
        await t.http
          .put(`/api/v1/outfalls/${outfallId}/milestones/investigated`)
          .set(eco)
          .send({ effectiveOn: '2023-02-30' }),
        'effectiveOn',
      );
      expectFieldError(
        await t.http
          .put(`/api/v1/outfalls/${outfallId}/disposition`)
          .set(eco)
          .send({ disposition: 'standardise', decidedOn: '2023-02-30', reason: '测试' }),
        'decidedOn',
      );
      const plan = await t.http
        .post('/api/v1/remediation/plans')
        .set(eco)
        .send({
          outfallId,
          measures: '规范整治',
          targetState: 'compliant_discharge',
          responsibleUnitId: liugongUnit.id,
          responsiblePerson: '张三',
          responsiblePhone: '13800000000',
          deadline: '2023-02-30',
          milestones: [
            { name: '甲', plannedOn: '2024-01-01' },
            { name: '乙', plannedOn: '2023-04-31' },
          ],
        });
      expectFieldError(plan, 'deadline');
      expectFieldError(plan, 'milestones[1].plannedOn');
      expectFieldError(
        await t.http
          .post(`/api/v1/outfalls/${outfallId}/tracing`)
          .set(eco)
          .send({ tracedOn: '2023-02-30', method: 'site_survey' }),
        'tracedOn',
      );
      expectFieldError(
        await t.http
          .put(`/api/v1/outfalls/${outfallId}/standard-setting`)
          .set(eco)
          .send({ plantBuiltOn: '2023-02-30' }),
        'plantBuiltOn',
      );
      expectFieldError(await t.http.get('/api/v1/samples').query({ from: '2023-02-30' }).set(eco), 'from');
      expectFieldError(await t.http.get('/api/v1/progress').query({ asOf: '2023-02-30' }).set(eco), 'asOf');
      expectFieldError(
        await t.http.get('/api/v1/progress/forecast').query({ asOf: '2023-02-29' }).set(eco),
        'asOf',
      );
      expectFieldError(
        await t.http
          .post('/api/v1/progress/targets')
          .set(admin)
          .send({ scope: 'key_rivers', metric: 'tracing', deadline: '2023-02-30', threshold: 0.5 }),
        'deadline',
      );
      expectFieldError(
        await t.http
          .post('/api/v1/protected-areas')
          .set(eco)
          .send({
            kind: 'drinking_water_source',
            name: '日期测试保护区',
            designatedOn: '2023-02-30',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [87.0, 44.0],
                  [87.01, 44.0],
                  [87.01, 44.01],
                  [87.0, 44.0],
                ],
              ],
            },
          }),
        'designatedOn',
      );
      // anything that is not a day or a date-time
      expectFieldError(
        await t.http
          .put(`/api/v1/outfalls/${outfallId}/milestones/investigated`)
          .set(eco)
          .send({ effectiveOn: '2023/10/08' }),
        'effectiveOn',
      );
      // nothing was written by any of them
      expect(await t.count('remediation_plan', 'outfall_id = $1', [outfallId])).toBe(0);
      expect(await t.count('outfall_event', `outfall_id = $1 AND type <> 'registered'`, [outfallId])).toBe(0);
    });

    it('on GraphQL, with the same error shape', async () => {
      // GraphQL spells enum values by name
      const gqlOutfall = (body: Record<string, unknown>) => ({
        ...outfallBody(body),
        category: 'industrial',
        subType: 'industrial_enterprise',
      });
      const created = await t.graphql(
        'eco_officer',
        'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id discoveredOn } }',
        { input: gqlOutfall({ discoveredOn: '2024-12-31T16:30:00Z', registeredOn: '2025-01-01' }) },
      );
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.createOutfall.discoveredOn).toBe('2025-01-01');
      const id = created.body.data.createOutfall.id as string;
      expect(await registered(id)).toBe('2025-01-01');
      const setMilestone = (effectiveOn: string) =>
        t.graphql(
          'eco_officer',
          `mutation($id: ID!, $input: MilestoneInput!) {
             setOutfallMilestone(outfallId: $id, type: investigated, input: $input) { effectiveOn } }`,
          { id, input: { effectiveOn } },
        );
      const good = await setMilestone('2025-03-31T16:00:00Z');
      expect(good.body.data.setOutfallMilestone.effectiveOn).toBe('2025-04-01');
      expectGraphqlFieldError(await setMilestone('2023-02-30'), 'effectiveOn');
      expectGraphqlFieldError(
        await t.graphql(
          'eco_officer',
          'mutation($input: CreateOutfallInput!) { createOutfall(input: $input) { id } }',
          { input: gqlOutfall({ discoveredOn: '2023-02-30' }) },
        ),
        'discoveredOn',
      );
      expectGraphqlFieldError(
        await t.graphql(
          'eco_officer',
          `mutation($id: ID!) { decideDisposition(outfallId: $id,
             input: { disposition: standardise, decidedOn: "2023-02-30", reason: "测试" }) { decidedOn } }`,
          { id },
        ),
        'decidedOn',
      );
      expectGraphqlFieldError(await t.graphql('eco_officer', '{ progressAsOf(asOf: "2023-02-30") }'), 'asOf');
      expectGraphqlFieldError(await t.graphql('eco_officer', '{ progressAsOf(asOf: "yesterday") }'), 'asOf');
    });

    it('with an API key, through the same REST DTOs', async () => {
      const created = await create(
        { discoveredOn: '2024-12-31T16:30:00Z', registeredOn: '2024-12-31T16:30:00Z' },
        apiKey,
      );
      expect(created.discoveredOn).toBe('2025-01-01');
      expect(await registered(created.id)).toBe('2025-01-01');
      const milestone = await t.http
        .put(`/api/v1/outfalls/${created.id}/milestones/investigated`)
        .set(apiKey)
        .send({ effectiveOn: '2025-06-30T11:59:59-05:00' });
      expect(milestone.status).toBe(200);
      expect(milestone.body.effectiveOn).toBe('2025-07-01');
      expectFieldError(
        await t.http
          .put(`/api/v1/outfalls/${created.id}/milestones/investigated`)
          .set(apiKey)
          .send({ effectiveOn: '2023-02-30' }),
        'effectiveOn',
      );
      expectFieldError(
        await t.http
          .post(`/api/v1/outfalls/${created.id}/tracing`)
          .set(apiKey)
          .send({ tracedOn: '2025-02-29', method: 'site_survey' }),
        'tracedOn',
      );
      expectFieldError(
        await t.http.get('/api/v1/progress').query({ asOf: '2023-02-30' }).set(apiKey),
        'asOf',
      );
      const asOf = await progress('2024-12-31T16:30:00Z', apiKey);
      expect(asOf.asOf).toBe('2025-01-01');
    });
  });

  describe('instants: a date-time without an offset is Beijing time on every path', () => {
    /** `YYYY-MM-DDTHH:mm:ss` on a Beijing wall clock. */
    const beijingWallClock = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);

    it('reads the audit window the same way on REST and GraphQL', async () => {
      const { id } = await create({ discoveredOn: '2024-03-01', registeredOn: '2024-03-01' });
      const [{ occurred_at: at }] = await t.dataSource.query<{ occurred_at: Date }[]>(
        `SELECT occurred_at FROM audit_log WHERE entity_id = $1 AND action = 'create'`,
        [id],
      );
      const before = beijingWallClock(new Date(at.getTime() - 60_000));
      const after = beijingWallClock(new Date(at.getTime() + 60_000));
      const rest = async (from: string) => {
        const res = await t.http.get('/api/v1/audit-logs').query({ entityId: id, from }).set(admin);
        expect(res.status).toBe(200);
        return res.body.total as number;
      };
      const gql = async (from: string) => {
        const res = await t.graphql(
          'admin',
          'query($filter: AuditFilter) { auditLogs(filter: $filter) { total } }',
          { filter: { entityId: id, from } },
        );
        expect(res.body.errors).toBeUndefined();
        return res.body.data.auditLogs.total as number;
      };
      expect([await rest(before), await rest(after)]).toEqual([1, 0]);
      expect([await gql(before), await gql(after)]).toEqual([1, 0]);
      // with an offset, as written; a day alone is 00:00 Beijing
      expect(await rest(new Date(at.getTime() + 60_000).toISOString())).toBe(0);
      expect(await rest(before.slice(0, 10))).toBe(1);
      expectFieldError(
        await t.http.get('/api/v1/audit-logs').query({ from: '2024-02-30T10:00:00' }).set(admin),
        'from',
      );
      const bad = await t.graphql(
        'admin',
        '{ auditLogs(filter: { from: "2024-02-30T10:00:00" }) { total } }',
      );
      expectGraphqlFieldError(bad, 'from');
    });

    it('reads an API key expiry without an offset as Beijing time', async () => {
      const res = await t.http
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: '到期测试', scope: 'read', expiresAt: '2099-01-01T08:00:00' });
      expect(res.status).toBe(201);
      expect(res.body.apiKey.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    });
  });

  describe('spreadsheet imports', () => {
    const HEADERS = [
      '排污口名称',
      '排污口类别',
      '排污口类型',
      '受纳水体',
      '乡镇（街道）',
      '经度',
      '纬度',
      '发现日期',
      '登记日期',
    ];
    const row = (name: string, discovered: unknown, registeredOn: unknown) => [
      name,
      '工业排污口',
      '工矿企业排污口',
      '头屯河',
      '六工镇',
      String((lon += 0.002).toFixed(4)),
      '44.30',
      discovered,
      registeredOn,
    ];

    async function importOutfalls(rows: unknown[][]) {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('名录');
      sheet.addRow(HEADERS);
      for (const r of rows) {
        const added = sheet.addRow(r);
        added.eachCell((cell) => {
          if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd hh:mm';
        });
      }
      const res = await t.http
        .post('/api/v1/outfalls/imports')
        .set(eco)
        .field('mode', 'valid_only')
        .attach('file', Buffer.from(await workbook.xlsx.writeBuffer()), '名录.xlsx');
      expect(res.status).toBe(202);
      const job = await t.waitForJob(res.body.id);
      expect(job.state).toBe('completed');
      return job.result as { created: number; errors: { row: number; field: string; message: string }[] };
    }

    const stored = async (name: string) =>
      (
        await t.dataSource.query<{ discovered: string; registered: string }[]>(
          `SELECT o.discovered_on::text AS discovered, e.effective_on::text AS registered FROM outfall o
             JOIN outfall_event e ON e.outfall_id = o.id AND e.type = 'registered' WHERE o.name = $1`,
          [name],
        )
      )[0];

    it('reads text cells by the rule, date cells as Beijing wall-clock, and names the column of a bad date', async () => {
      const result = await importOutfalls([
        row('导入跨年排口', '2024-12-31T16:30:00Z', '2024-12-31T16:30:00Z'),
        row('导入西五区排口', '2024-12-31T10:59:00-05:00', '2024-12-31T11:30:00-05:00'),
        // Excel cells: a date and a date-time typed in Beijing; exceljs hands them over in the UTC fields
        row('导入日期格排口', new Date(Date.UTC(2024, 11, 31)), new Date(Date.UTC(2024, 11, 31, 23, 30))),
        row('导入坏日期排口', '2023-02-30', ''),
        row('导入坏格式排口', '2023-09-01', '2023年9月5日'),
      ]);
      expect(result.created).toBe(3);
      expect(result.errors).toEqual([
        { row: 5, field: '发现日期', message: '发现日期“2023-02-30”不是有效日期，须为 YYYY-MM-DD' },
        { row: 6, field: '登记日期', message: '登记日期“2023年9月5日”不是有效日期，须为 YYYY-MM-DD' },
      ]);
      expect(await stored('导入跨年排口')).toEqual({ discovered: '2025-01-01', registered: '2025-01-01' });
      expect(await stored('导入西五区排口')).toEqual({ discovered: '2024-12-31', registered: '2025-01-01' });
      expect(await stored('导入日期格排口')).toEqual({ discovered: '2024-12-31', registered: '2024-12-31' });
      expect(await t.count('outfall', `name IN ('导入坏日期排口', '导入坏格式排口')`)).toBe(0);
    });

    it('reads a date-time cell of a sample sheet as Beijing time', async () => {
      const { id } = await create({ discoveredOn: '2024-01-01', registeredOn: '2024-01-01' });
      const [{ local_code: code }] = await t.dataSource.query<{ local_code: string }[]>(
        `SELECT local_code FROM outfall WHERE id = $1`,
        [id],
      );
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('监测');
      sheet.addRow(['排污口编码', '采样时间', '数据来源', '化学需氧量（mg/L）']);
      sheet.addRow([code, new Date(Date.UTC(2024, 11, 31, 23, 30)), '人工采样', '18']);
      sheet.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
      sheet.addRow([code, '2024-02-30 10:00', '人工采样', '18']);
      const res = await t.http
        .post('/api/v1/samples/imports')
        .set(eco)
        .field('mode', 'valid_only')
        .attach('file', Buffer.from(await workbook.xlsx.writeBuffer()), 'samples.xlsx');
      const job = await t.waitForJob(res.body.id);
      expect(job.result).toMatchObject({ created: 1, rejected: 1 });
      expect((job.result as { errors: { row: number; field: string }[] }).errors).toEqual([
        expect.objectContaining({ row: 3, field: '采样时间' }),
      ]);
      const samples = await t.dataSource.query<{ at: string }[]>(
        `SELECT to_char(sampled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM sample WHERE outfall_id = $1`,
        [id],
      );
      // 2024-12-31 23:30 Beijing = 15:30 UTC; the day stays 2024-12-31
      expect(samples).toEqual([{ at: '2024-12-31T15:30:00Z' }]);
    });
  });
});
