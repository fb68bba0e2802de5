import { beijingToday } from '@outfall/common';
import { Division, Unit } from '@outfall/org';
import { addDays } from '@outfall/patrols';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
const PDF = Buffer.from('%PDF-1.4\n%fake\n', 'latin1');
const LON = 87.6;
const LAT = 44.05;

describe('patrols of the long-term mechanism', () => {
  let t: TestApp;
  let eco: Headers;
  let liugongUser: Headers;
  let sangongUser: Headers;
  let liugong: Division;
  let sangong: Division;
  let liugongUnit: Unit;
  let waterId: string;
  let serial = 0;

  async function outfall(body: Record<string, unknown> = {}) {
    serial++;
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: `巡查测试排口${serial}`,
        category: 'agricultural',
        subType: 'livestock_farm',
        waterBodyId: waterId,
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        longitude: LON,
        latitude: LAT + serial * 0.002,
        ...body,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as { id: string; longitude: number; latitude: number; localCode: string };
  }

  const patrolBody = (o: { id: string; longitude: number; latitude: number }, extra: object = {}) => ({
    outfallId: o.id,
    patrolledAt: '2025-06-01T10:00:00+08:00',
    patrollerNames: '张三、李四',
    longitude: o.longitude,
    latitude: o.latitude,
    signIntact: true,
    discharging: true,
    colourAbnormal: false,
    odourAbnormal: false,
    flowEstimate: 'small',
    newPipesNearby: false,
    ...extra,
  });

  const planFields = () => ({
    problems: ['no_signage'],
    measures: '设置标识牌',
    targetState: 'compliant_discharge',
    responsibleUnitId: liugongUnit.id,
    responsiblePerson: '张三',
    responsiblePhone: '13800000000',
    deadline: '2026-12-31',
  });

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugongUser = await t.auth('township_liugong');
    sangongUser = await t.auth('township_sangong');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    liugongUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ divisionId: liugong.id, kind: 'township' as never });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'PTRL',
        name: '巡查测试河',
        kind: 'river',
        level: 'county',
        isKey: false,
        centerline: {
          type: 'LineString',
          coordinates: [
            [87.6, 44.0],
            [87.6, 44.1],
          ],
        },
      });
    expect(river.status).toBe(201);
    waterId = river.body.id;
  });
  afterAll(() => t.close());

  it('computes the distance from the outfall server-side and flags a point beyond the configurable limit', async () => {
    const o = await outfall();
    const near = await t.http.post('/api/v1/patrols').set(liugongUser).send(patrolBody(o));
    expect(near.status).toBe(201);
    expect(near.body).toMatchObject({
      distanceFlagged: false,
      distanceLimitM: 200,
      unitId: liugongUnit.id,
      patrolDay: '2025-06-01',
      patrollerNames: '张三、李四',
    });
    expect(near.body.distanceM).toBeLessThan(1);
    // 0.004° of longitude at 44° N ≈ 320 m
    const far = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { longitude: o.longitude + 0.004 }));
    expect(far.status).toBe(201);
    expect(far.body.distanceFlagged).toBe(true);
    expect(far.body.distanceM).toBeGreaterThan(300);
    expect(far.body.distanceM).toBeLessThan(340);
    const flagged = await t.http.get(`/api/v1/patrols?outfallId=${o.id}&distanceFlagged=true`).set(eco);
    expect(flagged.body.items.map((p: { id: string }) => p.id)).toEqual([far.body.id]);

    // the limit is a setting of the supervision configuration
    expectError(
      await t.http.put('/api/v1/patrols/config').set(liugongUser).send({ distanceLimitM: 500 }),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    const bad = await t.http.put('/api/v1/patrols/config').set(eco).send({ distanceLimitM: 0 });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('distanceLimitM');
    expect((await t.http.put('/api/v1/patrols/config').set(eco).send({ distanceLimitM: 500 })).status).toBe(
      200,
    );
    const within = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { longitude: o.longitude + 0.004 }));
    expect(within.body).toMatchObject({ distanceFlagged: false, distanceLimitM: 500 });
    await t.http.put('/api/v1/patrols/config').set(eco).send({ distanceLimitM: 200 });
    expect(await t.count('audit_log', `entity_type = 'patrol'`)).toBeGreaterThanOrEqual(3);
    expect(await t.count('audit_log', `entity_type = 'patrol_config'`)).toBe(2);
  });

  it('refuses a future time, a time before discovery and bad coordinates, naming the field', async () => {
    const o = await outfall();
    const future = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { patrolledAt: '2099-01-01T10:00:00+08:00' }));
    expectError(future, 400, 'PATROL_DATES_INVALID');
    expect(future.body.details[0].field).toBe('patrolledAt');
    const early = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { patrolledAt: '2023-08-31T23:00:00+08:00' }));
    expectError(early, 400, 'PATROL_DATES_INVALID');
    expect(early.body.message).toContain('发现日期');
    const bad = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(
        patrolBody(o, { latitude: 123, flowEstimate: 'huge', findings: [{ kind: 'x', description: '' }] }),
      );
    expectError(bad, 400, 'VALIDATION_FAILED');
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['latitude', 'flowEstimate', 'findings[0].kind', 'findings[0].description']),
    );
  });

  it('flags overdue patrols against today’s Beijing day, across a day boundary given in UTC', async () => {
    const onTime = await outfall();
    const late = await outfall();
    for (const o of [onTime, late]) {
      const res = await t.http
        .put(`/api/v1/outfalls/${o.id}/patrol-schedule`)
        .set(eco)
        .send({ intervalDays: 7, reason: '群众投诉较多' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ overrideDays: 7, intervalDays: 7, ruleDays: 30 });
    }
    const today = beijingToday();
    const day = addDays(today, -7);
    const utcDayBefore = addDays(day, -1);
    // 16:30 UTC is 00:30 the next morning in Beijing: patrolled on `day`, due today, not overdue
    const a = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(onTime, { patrolledAt: `${utcDayBefore}T16:30:00Z` }));
    expect(a.status).toBe(201);
    expect(a.body.patrolDay).toBe(day);
    // 15:30 UTC is 23:30 in Beijing the same day: patrolled the day before, due yesterday, overdue by one day
    const b = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(late, { patrolledAt: `${utcDayBefore}T15:30:00Z` }));
    expect(b.body.patrolDay).toBe(utcDayBefore);

    const schedule = async (id: string) =>
      (await t.http.get(`/api/v1/outfalls/${id}/patrols`).set(liugongUser)).body.schedule;
    expect(await schedule(onTime.id)).toMatchObject({
      lastPatrolDay: day,
      nextDueOn: today,
      overdue: false,
      daysOverdue: 0,
      unitId: liugongUnit.id,
    });
    expect(await schedule(late.id)).toMatchObject({
      lastPatrolDay: utcDayBefore,
      nextDueOn: addDays(today, -1),
      overdue: true,
      daysOverdue: 1,
    });
    const overdueList = await t.http.get('/api/v1/patrols/schedules?overdue=true&limit=200').set(eco);
    const ids = overdueList.body.items.map((s: { outfallId: string }) => s.outfallId);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(onTime.id);
    const records = await t.http.get('/api/v1/patrols?overdue=true&limit=200').set(eco);
    const outfallIds = records.body.items.map((p: { outfallId: string }) => p.outfallId);
    expect(outfallIds).toContain(late.id);
    expect(outfallIds).not.toContain(onTime.id);

    // counted per responsible unit; a township sees only its own
    const byUnit = await t.http.get('/api/v1/patrols/overdue').set(eco);
    const mine = byUnit.body.find((g: { unitId: string }) => g.unitId === liugongUnit.id);
    expect(mine.overdue).toBeGreaterThanOrEqual(1);
    const own = await t.http.get('/api/v1/patrols/overdue').set(sangongUser);
    expect(own.body.every((g: { unitId: string }) => g.unitId !== liugongUnit.id)).toBe(true);

    // removing the override goes back to the rule
    const back = await t.http.delete(`/api/v1/outfalls/${late.id}/patrol-schedule`).set(eco);
    expect(back.body).toMatchObject({ overrideDays: null, intervalDays: 30, overdue: false });
    expect(await t.count('audit_log', `entity_type = 'patrol_schedule_override'`)).toBe(3);
  });

  it('keeps the frequency rules as configuration: most specific match, no duplicates, a catch-all kept', async () => {
    const o = await outfall();
    const rules = await t.http.get('/api/v1/patrols/rules').set(liugongUser);
    expect(rules.status).toBe(200);
    expect(rules.body).toHaveLength(6);
    const body = {
      category: 'agricultural',
      area: 'general',
      keyRiver: false,
      intervalDays: 10,
      note: '农业',
    };
    expectError(
      await t.http.post('/api/v1/patrols/rules').set(liugongUser).send(body),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    const bad = await t.http
      .post('/api/v1/patrols/rules')
      .set(eco)
      .send({ ...body, intervalDays: 0 });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0]).toMatchObject({ field: 'intervalDays' });
    const created = await t.http.post('/api/v1/patrols/rules').set(eco).send(body);
    expect(created.status).toBe(201);
    const dup = await t.http.post('/api/v1/patrols/rules').set(eco).send(body);
    expectError(dup, 409, 'PATROL_RULE_EXISTS');
    expect(dup.body.message).toContain('已有相同');
    const schedule = await t.http.get(`/api/v1/outfalls/${o.id}/patrols`).set(eco);
    expect(schedule.body.schedule).toMatchObject({ ruleDays: 10, intervalDays: 10 });

    const catchAll = rules.body.find(
      (r: { category: null; area: null; keyRiver: null }) =>
        r.category === null && r.area === null && r.keyRiver === null,
    );
    const refused = await t.http.delete(`/api/v1/patrols/rules/${catchAll.id}`).set(eco);
    expectError(refused, 409, 'PATROL_RULE_CATCH_ALL_REQUIRED');
    expect(refused.body.message).toContain('兜底规则');
    const edited = await t.http
      .put(`/api/v1/patrols/rules/${created.body.id}`)
      .set(eco)
      .send({ ...body, intervalDays: 12 });
    expect(edited.body.intervalDays).toBe(12);
    expect((await t.http.delete(`/api/v1/patrols/rules/${created.body.id}`).set(eco)).status).toBe(204);
    expect(await t.count('audit_log', `entity_type = 'patrol_rule'`)).toBe(3);
  });

  it('applies the jurisdiction and sector gate per role', async () => {
    const own = await outfall();
    const foreign = await outfall({ divisionId: sangong.id });
    const industrial = await outfall({ category: 'industrial', subType: 'industrial_enterprise' });
    const mine = await t.http.post('/api/v1/patrols').set(liugongUser).send(patrolBody(own));
    expect(mine.status).toBe(201);
    expectError(
      await t.http.post('/api/v1/patrols').set(liugongUser).send(patrolBody(foreign)),
      404,
      'NOT_FOUND',
    );
    expectError(await t.http.get(`/api/v1/patrols/${mine.body.id}`).set(sangongUser), 404, 'NOT_FOUND');
    const sangongList = await t.http.get(`/api/v1/patrols?outfallId=${own.id}`).set(sangongUser);
    expect(sangongList.body.total).toBe(0);
    const agri = await t.auth('agri_officer');
    const refused = await t.http.post('/api/v1/patrols').set(agri).send(patrolBody(industrial));
    expectError(refused, 403, 'OUTFALL_CATEGORY_NOT_IN_SECTOR');
    expect(refused.body.message).toContain('只负责');
    const industry = await t.auth('industry_officer');
    expect((await t.http.post('/api/v1/patrols').set(industry).send(patrolBody(industrial))).status).toBe(
      201,
    );
    const water = await t.auth('water_officer');
    expect((await t.http.post('/api/v1/patrols').set(water).send(patrolBody(own))).status).toBe(201);
    expectError(
      await t.http
        .put(`/api/v1/outfalls/${own.id}/patrol-schedule`)
        .set(liugongUser)
        .send({ intervalDays: 3, reason: '测试' }),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    // edits: township on its own record, with the version
    const edit = await t.http
      .patch(`/api/v1/patrols/${mine.body.id}`)
      .set(liugongUser)
      .send({ ...patrolBody(own), outfallId: undefined, notes: '复查', version: mine.body.version });
    expect(edit.status).toBe(200);
    expect(edit.body.notes).toBe('复查');
    expectError(
      await t.http
        .patch(`/api/v1/patrols/${mine.body.id}`)
        .set(liugongUser)
        .send({ ...patrolBody(own), outfallId: undefined, version: mine.body.version }),
      409,
      'VERSION_CONFLICT',
    );
  });

  it('takes photos as images only, refusing other files on the file field', async () => {
    const o = await outfall();
    const patrol = await t.http.post('/api/v1/patrols').set(liugongUser).send(patrolBody(o));
    const pdf = await t.http
      .post(`/api/v1/patrols/${patrol.body.id}/photos`)
      .set(liugongUser)
      .attach('file', PDF, 'photo.jpg');
    expectError(pdf, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(pdf.body.details).toEqual([{ field: 'file', message: expect.stringContaining('JPEG') }]);
    const photo = await t.http
      .post(`/api/v1/patrols/${patrol.body.id}/photos`)
      .set(liugongUser)
      .attach('file', JPEG, '现场.jpg');
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({ contentType: 'image/jpeg', fileName: '现场.jpg' });
    expect(photo.body.storageKey).toBeUndefined();
    const detail = await t.http.get(`/api/v1/patrols/${patrol.body.id}`).set(eco);
    expect(detail.body.photos).toHaveLength(1);
    const bytes = await t.http
      .get(detail.body.photos[0].downloadUrl)
      .set(eco)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(bytes.body as Buffer, JPEG)).toBe(0);
    expectError(await t.http.get(detail.body.photos[0].downloadUrl).set(sangongUser), 404, 'NOT_FOUND');
  });

  it('opens an enforcement case from a finding through the enforcement rules and keeps the link', async () => {
    const o = await outfall();
    const patrol = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { findings: [{ kind: 'new_pipe', description: '上游新增暗管' }] }));
    const finding = patrol.body.findings[0];
    const body = { kind: 'illegal_outfall', description: '巡查发现新增暗管', registeredOn: '2025-06-03' };
    // the enforcement lib's own permission: a township records patrols but does not open cases
    expectError(
      await t.http
        .post(`/api/v1/patrols/findings/${finding.id}/enforcement-case`)
        .set(liugongUser)
        .send(body),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    const opened = await t.http
      .post(`/api/v1/patrols/findings/${finding.id}/enforcement-case`)
      .set(eco)
      .send(body);
    expect(opened.status).toBe(201);
    expect(opened.body.enforcementCaseId).toEqual(expect.any(String));
    const kase = await t.http.get(`/api/v1/enforcement/cases/${opened.body.enforcementCaseId}`).set(eco);
    expect(kase.body).toMatchObject({
      outfallId: o.id,
      origin: 'patrol',
      source: 'inspection',
      patrolRecordId: patrol.body.id,
    });
    expectError(
      await t.http.post(`/api/v1/patrols/findings/${finding.id}/enforcement-case`).set(eco).send(body),
      409,
      'PATROL_FINDING_ALREADY_LINKED',
    );
    // a case named on a patrol record of another outfall is refused on the field
    const other = await outfall();
    const stray = await t.http
      .post('/api/v1/enforcement/cases')
      .set(eco)
      .send({
        ...body,
        outfallId: other.id,
        origin: 'patrol',
        source: 'inspection',
        patrolRecordId: patrol.body.id,
      });
    expectError(stray, 400, 'ENFORCEMENT_ORIGIN_INVALID');
    expect(stray.body.details[0].field).toBe('patrolRecordId');
  });

  it('opens a remediation plan from a finding through the remediation rules and keeps the link', async () => {
    const o = await outfall();
    const patrol = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(
        patrolBody(o, {
          signIntact: false,
          findings: [
            { kind: 'sign_missing', description: '标识牌缺失' },
            { kind: 'new_pipe', description: '上游新增管道' },
          ],
        }),
      );
    expect(patrol.body.findingCount).toBe(2);
    const finding = patrol.body.findings.find((f: { kind: string }) => f.kind === 'sign_missing');
    expect(finding.enforcementCaseId).toBeNull();
    // the remediation lib's own rule: decide the disposition first
    const undecided = await t.http
      .post(`/api/v1/patrols/findings/${finding.id}/remediation-plan`)
      .set(liugongUser)
      .send(planFields());
    expectError(undecided, 409, 'REMEDIATION_NOT_DECIDED');
    const decided = await t.http
      .put(`/api/v1/outfalls/${o.id}/disposition`)
      .set(eco)
      .send({ disposition: 'standardise', decidedOn: '2025-06-02', reason: '测试' });
    expect(decided.status).toBe(200);
    const linked = await t.http
      .post(`/api/v1/patrols/findings/${finding.id}/remediation-plan`)
      .set(liugongUser)
      .send(planFields());
    expect(linked.status).toBe(201);
    expect(linked.body.remediationPlanId).toEqual(expect.any(String));
    const plan = await t.http.get(`/api/v1/remediation/plans/${linked.body.remediationPlanId}`).set(eco);
    expect(plan.body).toMatchObject({ outfallId: o.id, status: 'draft' });
    expect(plan.body.problemNotes).toContain('标识牌缺失');
    expectError(
      await t.http
        .post(`/api/v1/patrols/findings/${finding.id}/remediation-plan`)
        .set(liugongUser)
        .send(planFields()),
      409,
      'PATROL_FINDING_ALREADY_LINKED',
    );
    const detail = await t.http.get(`/api/v1/patrols/${patrol.body.id}`).set(eco);
    expect(detail.body.findings.find((f: { id: string }) => f.id === finding.id).remediationPlanId).toBe(
      linked.body.remediationPlanId,
    );
    expect(await t.count('audit_log', `entity_type = 'patrol_finding'`)).toBeGreaterThanOrEqual(1);
    // has-findings filter
    const withFindings = await t.http.get(`/api/v1/patrols?outfallId=${o.id}&hasFindings=true`).set(eco);
    expect(withFindings.body.total).toBe(1);
  });

  it('answers the same over GraphQL', async () => {
    const o = await outfall();
    const rest = await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(
        patrolBody(o, { longitude: o.longitude + 0.003, findings: [{ kind: 'other', description: '其他' }] }),
      );
    const created = await t.graphql(
      'township_liugong',
      `mutation($i: CreatePatrolInput!) { createPatrol(input: $i) { id distanceM distanceFlagged patrolDay } }`,
      {
        i: {
          ...patrolBody(o, { longitude: o.longitude + 0.003 }),
          flowEstimate: 'small',
          findings: [{ kind: 'other', description: '其他' }],
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createPatrol).toMatchObject({
      distanceM: rest.body.distanceM,
      distanceFlagged: rest.body.distanceFlagged,
      patrolDay: rest.body.patrolDay,
    });
    const list = await t.graphql(
      'eco_officer',
      `query($f: PatrolFilterInput) { patrols(filter: $f) { total items { id distanceM findings { description } } } }`,
      { f: { outfallId: o.id } },
    );
    const restList = await t.http.get(`/api/v1/patrols?outfallId=${o.id}`).set(eco);
    expect(list.body.data.patrols.total).toBe(restList.body.total);
    expect(list.body.data.patrols.items.map((p: { id: string }) => p.id).sort()).toEqual(
      restList.body.items.map((p: { id: string }) => p.id).sort(),
    );
    const schedules = await t.graphql(
      'eco_officer',
      `query($f: PatrolScheduleFilterInput) { patrolSchedules(filter: $f) { total items { outfallId nextDueOn overdue intervalDays } } }`,
      { f: { outfallId: o.id } },
    );
    const restSchedule = await t.http.get(`/api/v1/outfalls/${o.id}/patrols`).set(eco);
    expect(schedules.body.data.patrolSchedules.items[0]).toMatchObject({
      nextDueOn: restSchedule.body.schedule.nextDueOn,
      overdue: restSchedule.body.schedule.overdue,
    });
    const foreign = await t.graphql('township_sangong', `query($id: ID!) { patrol(id: $id) { id } }`, {
      id: rest.body.id,
    });
    expect(foreign.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const rules = await t.graphql(
      'township_liugong',
      `{ patrolRules { intervalDays } patrolOverdue { overdue } }`,
    );
    expect(rules.body.errors).toBeUndefined();
  });

  it('exports the patrol ledger (巡查台账) as XLSX', async () => {
    const o = await outfall();
    await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { findings: [{ kind: 'facility_damaged', description: '护坡破损' }] }));
    const queued = await t.http.post('/api/v1/patrols/ledger').set(liugongUser).send({ outfallId: o.id });
    expect(queued.status).toBe(202);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await t.download(queued.body.id, 'township_liugong')) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['巡查台账', '巡查发现问题']);
    const sheet = workbook.getWorksheet('巡查台账');
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(2).value).toBe(o.localCode);
    expect(workbook.getWorksheet('巡查发现问题')?.getRow(2).getCell(4).value).toBe('护坡破损');
  });

  it('adds its section to the dispatch report', async () => {
    // a patrol with a finding in 2025Q2, then the city closes that quarter
    const o = await outfall();
    await t.http
      .post('/api/v1/patrols')
      .set(liugongUser)
      .send(patrolBody(o, { findings: [{ kind: 'new_pipe', description: '季度报告中的新增管道' }] }));
    const closed = await t.http
      .post('/api/v1/progress/quarters/2025Q2/close')
      .set(eco)
      .send({ reason: '数据已核实' });
    expect(closed.status).toBe(202);
    await t.waitForJob(closed.body.job.id, 60_000);
    const latest = await t.http.get('/api/v1/progress/snapshots/latest').set(eco);
    expect(latest.status).toBe(200);
    const queued = await t.http
      .post(`/api/v1/progress/snapshots/${latest.body.id}/report`)
      .set(eco)
      .send({ format: 'html' });
    expect(queued.status).toBe(202);
    const html = (await t.download(queued.body.id)).toString('utf8');
    expect(html).toContain('长效监管巡查');
    expect(html).toContain('逾期未巡查');
    expect(html).toContain('巡查发现问题');
    expect(html).toContain('季度报告中的新增管道');
    expect(html).toContain(liugongUnit.name);
  });
});
