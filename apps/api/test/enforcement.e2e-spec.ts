import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import { expectError, TestApp } from './support/test-app';
import { square } from './support/water-fixtures';

type Headers = { Authorization: string };
/** GraphQL enum names: `penalty_decided` → `PenaltyDecided`. */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 7, 7]);

interface CaseBody {
  id: string;
  caseNo: string;
  status: string;
  version: number;
  overdue: boolean;
  [key: string]: unknown;
}

describe('enforcement cases (执法)', () => {
  let t: TestApp;
  let eco: Headers;
  let liugong: Division;
  let sangong: Division;
  let waterId: string;
  const o = { liugong: '', sangong: '', farm: '' };
  let entityId: string;
  let exceeding: string;
  let compliant: string;

  async function outfall(body: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: '执法测试排口',
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: waterId,
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        latitude: 44.05,
        ...body,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  async function sample(outfallId: string, sampledAt: string, cod: number) {
    const res = await t.http
      .post('/api/v1/samples')
      .set(eco)
      .send({ outfallId, sampledAt, source: 'manual', values: [{ indicator: 'cod', value: cod }] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const open = (body: object, headers: Headers = eco) =>
    t.http.post('/api/v1/enforcement/cases').set(headers).send(body);

  const manual = (extra: object = {}) => ({
    outfallId: o.liugong,
    kind: 'illegal_outfall',
    source: 'inspection',
    description: '现场检查发现未经批准设置的排污口',
    registeredOn: '2024-05-01',
    ...extra,
  });

  /** A patrol record on the Liugong test outfall (a case opened from a patrol names a real one). */
  async function patrolOn(outfallId: string): Promise<string> {
    const res = await t.http.post('/api/v1/patrols').set(eco).send({
      outfallId,
      patrolledAt: '2025-06-01T10:00:00+08:00',
      patrollerNames: '执法测试',
      longitude: 87.501,
      latitude: 44.05,
      signIntact: true,
      discharging: true,
      colourAbnormal: false,
      odourAbnormal: false,
      flowEstimate: 'small',
      newPipesNearby: false,
    });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  async function opened(extra: object = {}): Promise<CaseBody> {
    const res = await open(manual(extra));
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as CaseBody;
  }

  async function step(id: string, action: string, extra: object = {}, headers: Headers = eco) {
    const current = await t.http.get(`/api/v1/enforcement/cases/${id}`).set(eco);
    return t.http
      .post(`/api/v1/enforcement/cases/${id}/transitions`)
      .set(headers)
      .send({ action, version: current.body.version, ...extra });
  }

  async function ok(res: Awaited<ReturnType<typeof step>>, status = 200) {
    expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({
      status,
      body: null,
    });
    return res.body as CaseBody;
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'ERIV',
        name: '执法测试河',
        kind: 'river',
        level: 'county',
        isKey: false,
        centerline: {
          type: 'LineString',
          coordinates: [
            [87.5, 44.0],
            [87.5, 44.1],
          ],
        },
      });
    expect(river.status).toBe(201);
    waterId = river.body.id;
    const zone = await t.http
      .post('/api/v1/function-zones')
      .set(eco)
      .send({
        name: '执法测试功能区',
        waterBodyId: waterId,
        targetClass: 'III',
        geometry: square(87.5, 44.05),
      });
    expect(zone.status).toBe(201);
    o.liugong = await outfall({ longitude: 87.501 });
    o.sangong = await outfall({ longitude: 87.502, divisionId: sangong.id, name: '三工执法测试排口' });
    o.farm = await outfall({
      longitude: 87.503,
      category: 'agricultural',
      subType: 'aquaculture_farm',
      name: '养殖执法测试排口',
    });
    const firm = await t.http.post('/api/v1/responsible-entities').set(eco).send({
      name: '执法测试企业',
      kind: 'enterprise',
      divisionId: liugong.id,
      inIndustrialPark: false,
    });
    expect(firm.status).toBe(201);
    entityId = firm.body.id;
    const linked = await t.http
      .put(`/api/v1/outfalls/${o.liugong}/entities`)
      .set(eco)
      .send({ links: [{ entityId, isMain: true }] });
    expect(linked.status).toBe(200);
    exceeding = await sample(o.liugong, '2024-03-01T10:00:00+08:00', 250);
    compliant = await sample(o.liugong, '2024-03-02T10:00:00+08:00', 20);
  });
  afterAll(() => t.close());

  describe('opening a case', () => {
    it('opens from an exceedance, keeps the link and refuses a second case on it', async () => {
      const res = await open({
        origin: 'exceedance',
        sampleId: exceeding,
        indicatorCode: 'cod',
        kind: 'over_standard',
        description: '化学需氧量超标排放',
        registeredOn: '2024-03-05',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        outfallId: o.liugong,
        entityId,
        entityName: '执法测试企业',
        origin: 'exceedance',
        source: 'monitoring_alert',
        sampleId: exceeding,
        indicatorCode: 'cod',
        status: 'registered',
        divisionName: '六工镇',
        originDetail: { value: 250 },
        nextActions: ['investigate', 'dismiss'],
        overdue: false,
      });
      expect(res.body.caseNo).toMatch(/^ZF2024-\d{4}$/);
      const detail = await t.http.get(`/api/v1/enforcement/cases/${res.body.id}`).set(eco);
      expect(detail.body.sampleId).toBe(exceeding);
      expect(detail.body.events).toMatchObject([
        { action: 'open', toStatus: 'registered', on: '2024-03-05' },
      ]);
      expect(
        await t.count(
          'audit_log',
          `entity_type = 'enforcement_case' AND entity_id = $1 AND action = 'create'`,
          [res.body.id],
        ),
      ).toBe(1);
      const filtered = await t.http.get('/api/v1/enforcement/cases?origin=exceedance').set(eco);
      expect(filtered.body.items.map((c: CaseBody) => c.id)).toEqual([res.body.id]);

      const again = await open({
        origin: 'exceedance',
        sampleId: exceeding,
        indicatorCode: 'cod',
        kind: 'over_standard',
        description: 'x',
      });
      expectError(again, 409, 'ENFORCEMENT_CASE_EXISTS');
      expect(again.body.message).toContain(`该超标记录已立案（案件 ${res.body.caseNo}）`);

      const notExceeding = await open({
        origin: 'exceedance',
        sampleId: compliant,
        indicatorCode: 'cod',
        kind: 'over_standard',
        description: 'x',
      });
      expectError(notExceeding, 409, 'ENFORCEMENT_NOT_AN_EXCEEDANCE');
      expect(notExceeding.body.message).toMatch(/^该样品的cod未超标，不能依据超标记录立案/);

      const unmeasured = await open({
        origin: 'exceedance',
        sampleId: exceeding,
        indicatorCode: 'tp',
        kind: 'over_standard',
        description: 'x',
      });
      expectError(unmeasured, 409, 'ENFORCEMENT_NOT_AN_EXCEEDANCE');
      expect(unmeasured.body.message).toMatch(/^该样品的tp未监测/);
      expectError(
        await open({
          origin: 'exceedance',
          sampleId: randomUUID(),
          indicatorCode: 'cod',
          kind: 'over_standard',
          description: 'x',
        }),
        404,
        'NOT_FOUND',
      );
      const noIndicator = await open({
        origin: 'exceedance',
        sampleId: exceeding,
        kind: 'over_standard',
        description: 'x',
      });
      expectError(noIndicator, 400, 'ENFORCEMENT_ORIGIN_INVALID');
      expect(noIndicator.body.message).toMatch(/须指明样品和超标指标/);
      const wrongOutfall = await open({
        origin: 'exceedance',
        outfallId: o.farm,
        sampleId: exceeding,
        indicatorCode: 'cod',
        kind: 'over_standard',
        description: 'x',
      });
      expectError(wrongOutfall, 400, 'ENFORCEMENT_ORIGIN_INVALID');
      expect(wrongOutfall.body.message).toMatch(/该样品不属于所选排污口/);
    });

    it('opens from a chronic exceeder only when the monitoring domain lists it', async () => {
      const body = {
        origin: 'chronic',
        outfallId: o.liugong,
        kind: 'over_standard',
        description: '长期超标',
      };
      const refused = await open(body);
      expectError(refused, 409, 'ENFORCEMENT_NOT_CHRONIC');
      expect(refused.body.message).toMatch(/^该排污口不在长期超标名单中（最近 5 次监测中超标不足 3 次）/);
      await sample(o.liugong, '2024-03-03T10:00:00+08:00', 300);
      await sample(o.liugong, '2024-03-04T10:00:00+08:00', 400);
      const res = await open(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        origin: 'chronic',
        source: 'monitoring_alert',
        originDetail: { recentExceeding: 3, recentSamples: 4 },
      });
    });

    it('keeps a patrol record (checked) or a public report id, and checks the fields', async () => {
      const patrolRecordId = await patrolOn(o.liugong);
      const unknownPatrol = await open(manual({ origin: 'patrol', patrolRecordId: randomUUID() }));
      expectError(unknownPatrol, 404, 'NOT_FOUND');
      const patrol = await opened({ origin: 'patrol', patrolRecordId, source: undefined });
      expect(patrol).toMatchObject({ origin: 'patrol', patrolRecordId, source: 'inspection' });
      const publicReportId = randomUUID();
      const report = await opened({ origin: 'public_report', publicReportId, source: undefined });
      expect(report).toMatchObject({ publicReportId, source: 'public_report' });

      const missing = await open(manual({ origin: 'patrol' }));
      expectError(missing, 400, 'ENFORCEMENT_ORIGIN_INVALID');
      expect(missing.body.message).toMatch(/须指明巡查记录/);
      const stray = await open(manual({ patrolRecordId }));
      expectError(stray, 400, 'ENFORCEMENT_ORIGIN_INVALID');
      const other = await open(manual({ kind: 'other' }));
      expectError(other, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(other.body.message).toMatch(/^违法行为类型为“其他”时须说明具体行为/);
      expect((await opened({ kind: 'other', kindOther: '堆放固废' })).kindOther).toBe('堆放固废');
      const foreignEntity = await open(manual({ outfallId: o.farm, entityId }));
      expectError(foreignEntity, 400, 'ENFORCEMENT_ENTITY_NOT_LINKED');
      expect(foreignEntity.body.message).toMatch(/该责任主体未与此排污口关联/);
      const future = await open(
        manual({ registeredOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) }),
      );
      expectError(future, 400, 'ENFORCEMENT_DATES_INVALID');
      expect(future.body.message).toMatch(/立案日期不能晚于今天/);
      const badKind = await open(manual({ kind: 'littering', source: 'rumour' }));
      expectError(badKind, 400, 'VALIDATION_FAILED');
      expect(badKind.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['kind', 'source']);
    });
  });

  describe('the workflow', () => {
    it('goes registered → investigating → penalty decided → rectifying → closed, refusing illegal steps', async () => {
      const c = await opened();
      const early = await step(c.id, 'close', { note: '结案' });
      expectError(early, 409, 'ENFORCEMENT_INVALID_TRANSITION');
      expect(early.body.message).toBe(
        '案件当前状态为“立案”，不能执行“结案”（当前可执行：开始调查、不予立案/撤销） / cannot close a case that is registered (allowed: investigate, dismiss)',
      );
      await ok(await step(c.id, 'investigate', { on: '2024-05-03' }));

      const noAmount = await step(c.id, 'decide_penalty', {
        legalBasis: '水污染防治法第八十四条',
        penaltyDocumentNo: '昌环罚〔2024〕1号',
      });
      expectError(noAmount, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(noAmount.body.message).toMatch(/^作出处罚决定须填写罚款金额/);
      const noLaw = await step(c.id, 'decide_penalty', { penaltyAmount: 100, penaltyDocumentNo: 'x' });
      expectError(noLaw, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(noLaw.body.message).toMatch(/须填写法律依据/);
      for (const penaltyAmount of [12.345, -1])
        expectError(
          await step(c.id, 'decide_penalty', { legalBasis: 'x', penaltyAmount, penaltyDocumentNo: 'x' }),
          400,
          'VALIDATION_FAILED',
        );
      const beforeRegistration = await step(c.id, 'decide_penalty', {
        legalBasis: 'x',
        penaltyAmount: 1,
        penaltyDocumentNo: 'x',
        penaltyDecidedOn: '2024-04-01',
      });
      expectError(beforeRegistration, 400, 'ENFORCEMENT_DATES_INVALID');
      const decided = await ok(
        await step(c.id, 'decide_penalty', {
          on: '2024-06-01',
          legalBasis: '《中华人民共和国水污染防治法》第八十四条',
          penaltyAmount: 50000.5,
          penaltyDocumentNo: '昌环罚〔2024〕12号',
          penaltyDecidedOn: '2024-06-01',
        }),
      );
      expect(decided).toMatchObject({
        status: 'penalty_decided',
        penaltyAmount: 50000.5,
        penaltyDocumentNo: '昌环罚〔2024〕12号',
        penaltyDecidedOn: '2024-06-01',
      });

      const backwards = await step(c.id, 'order_rectification', {
        on: '2024-06-01',
        rectificationOrder: '拆除',
        rectificationDeadline: '2024-05-01',
      });
      expectError(backwards, 400, 'ENFORCEMENT_DATES_INVALID');
      expect(backwards.body.message).toMatch(/^整改期限不能早于责令改正日期/);
      const noOrder = await step(c.id, 'order_rectification', { rectificationDeadline: '2024-06-30' });
      expectError(noOrder, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(noOrder.body.message).toMatch(/^责令改正须填写责令改正内容/);
      const ordered = await ok(
        await step(c.id, 'order_rectification', {
          on: '2024-06-01',
          rectificationOrder: '责令拆除违法设置的排污口',
          rectificationDeadline: '2024-06-30',
        }),
      );
      expect(ordered).toMatchObject({
        status: 'rectifying',
        rectificationDeadline: '2024-06-30',
        overdue: true,
      });

      // overdue across the Beijing-day boundary (16:00 UTC is Beijing midnight)
      const overdueAt = async (asOf: string) =>
        (
          await t.http
            .get(`/api/v1/enforcement/cases?overdue=true&limit=200&asOf=${encodeURIComponent(asOf)}`)
            .set(eco)
        ).body.items.map((x: CaseBody) => x.id);
      expect(await overdueAt('2024-06-30T15:59:59Z')).not.toContain(c.id);
      expect(await overdueAt('2024-06-30T16:00:00Z')).toContain(c.id);
      const atBoundary = await t.http
        .get(`/api/v1/enforcement/cases?outfallId=${o.liugong}&limit=200&asOf=2024-06-30T15:59:59Z`)
        .set(eco);
      expect(atBoundary.body.items.find((x: CaseBody) => x.id === c.id).overdue).toBe(false);

      const stale = await t.http
        .post(`/api/v1/enforcement/cases/${c.id}/transitions`)
        .set(eco)
        .send({ action: 'close', version: 1, note: '结案' });
      expectError(stale, 409, 'VERSION_CONFLICT');
      const noNote = await step(c.id, 'close');
      expectError(noNote, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(noNote.body.message).toMatch(/^结案须填写结案说明/);
      const closed = await ok(await step(c.id, 'close', { on: '2024-07-10', note: '已拆除并复查合格' }));
      expect(closed).toMatchObject({
        status: 'closed',
        closedOn: '2024-07-10',
        overdue: false,
        nextActions: [],
      });
      expect(await overdueAt('2024-08-01T00:00:00Z')).not.toContain(c.id);

      const afterClose = await step(c.id, 'dismiss', { note: 'x' });
      expectError(afterClose, 409, 'ENFORCEMENT_INVALID_TRANSITION');
      expect(afterClose.body.message).toMatch(/当前可执行：无/);
      const edit = await t.http
        .patch(`/api/v1/enforcement/cases/${c.id}`)
        .set(eco)
        .send({ version: closed.version, kind: 'no_signage', description: 'x' });
      expectError(edit, 409, 'ENFORCEMENT_CASE_NOT_EDITABLE');
      expect(edit.body.message).toMatch(/^案件已结案，不能再修改/);

      const timeline = await t.http.get(`/api/v1/enforcement/cases/${c.id}/events`).set(eco);
      expect(timeline.body.map((e: { action: string }) => e.action)).toEqual([
        'open',
        'investigate',
        'decide_penalty',
        'order_rectification',
        'close',
      ]);
      const audits = await t.dataSource.query<{ before: { status: string }; after: { status: string } }[]>(
        `SELECT before, after FROM audit_log WHERE entity_type = 'enforcement_case' AND entity_id = $1 AND action = 'update' ORDER BY occurred_at`,
        [c.id],
      );
      expect(audits.map((a) => [a.before.status, a.after.status])).toEqual([
        ['registered', 'investigating'],
        ['investigating', 'penalty_decided'],
        ['penalty_decided', 'rectifying'],
        ['rectifying', 'closed'],
      ]);
    });

    it('dismisses with a reason only', async () => {
      const c = await opened();
      const bare = await step(c.id, 'dismiss');
      expectError(bare, 422, 'ENFORCEMENT_FIELDS_MISSING');
      expect(bare.body.message).toMatch(/^不予立案\/撤销须填写不予立案或撤销的理由/);
      expect(await ok(await step(c.id, 'dismiss', { note: '经核实不构成违法' }))).toMatchObject({
        status: 'dismissed',
        closingNote: '经核实不构成违法',
      });
    });

    it('edits an open case with its audit', async () => {
      const c = await opened();
      const res = await t.http.patch(`/api/v1/enforcement/cases/${c.id}`).set(eco).send({
        version: c.version,
        kind: 'no_signage',
        description: '未树标立牌',
        legalBasis: '入河排污口监督管理办法',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'no_signage', legalBasis: '入河排污口监督管理办法' });
      const [audit] = await t.dataSource.query<{ before: { kind: string }; after: { kind: string } }[]>(
        `SELECT before, after FROM audit_log WHERE entity_type = 'enforcement_case' AND entity_id = $1 AND action = 'update'`,
        [c.id],
      );
      expect([audit.before.kind, audit.after.kind]).toEqual(['illegal_outfall', 'no_signage']);
    });
  });

  describe('evidence', () => {
    it('stores the SHA-256 of the uploaded bytes, shows it and checks it again', async () => {
      const c = await opened();
      const upload = await t.http
        .post(`/api/v1/enforcement/cases/${c.id}/evidence`)
        .set(eco)
        .field('note', '现场照片')
        .attach('file', JPEG, '现场.jpg');
      expect(upload.status).toBe(201);
      const sha256 = createHash('sha256').update(JPEG).digest('hex');
      expect(upload.body).toMatchObject({
        sha256,
        sizeBytes: JPEG.length,
        contentType: 'image/jpeg',
        note: '现场照片',
      });
      expect(upload.body.storageKey).toBeUndefined();
      const detail = await t.http.get(`/api/v1/enforcement/cases/${c.id}`).set(eco);
      expect(detail.body.evidence).toMatchObject([{ id: upload.body.id, sha256 }]);
      expect(detail.body.events.map((e: { action: string }) => e.action)).toEqual(['open', 'evidence']);
      const check = await t.http
        .get(`/api/v1/enforcement/cases/${c.id}/evidence/${upload.body.id}/check`)
        .set(eco);
      expect(check.body).toEqual({ id: upload.body.id, stored: sha256, actual: sha256, intact: true });
      const file = await t.http
        .get(`/api/v1/enforcement/cases/${c.id}/evidence/${upload.body.id}`)
        .set(eco)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(
        createHash('sha256')
          .update(file.body as Buffer)
          .digest('hex'),
      ).toBe(sha256);
      expect(await t.count('audit_log', `entity_type = 'enforcement_evidence'`)).toBe(1);

      const text = await t.http
        .post(`/api/v1/enforcement/cases/${c.id}/evidence`)
        .set(eco)
        .attach('file', Buffer.from('hello'), 'a.txt');
      expectError(text, 415, 'ENFORCEMENT_EVIDENCE_TYPE');
      expect(text.body.message).toMatch(/^证据文件须为/);
    });
  });

  describe('jurisdiction and permissions', () => {
    let own: CaseBody;
    let other: CaseBody;
    let farm: CaseBody;
    beforeAll(async () => {
      own = await opened({ description: '六工镇案件' });
      other = await opened({ outfallId: o.sangong, description: '三工镇案件' });
      farm = await opened({ outfallId: o.farm, kind: 'no_signage', description: '养殖排口案件' });
    });

    const ids = async (user: string, query = '') =>
      (
        await t.http.get(`/api/v1/enforcement/cases?limit=200${query}`).set(await t.auth(user))
      ).body.items.map((c: CaseBody) => c.id) as string[];

    it('a township sees the cases on its division’s outfalls only', async () => {
      const liugongSees = await ids('township_liugong');
      expect(liugongSees).toEqual(expect.arrayContaining([own.id, farm.id]));
      expect(liugongSees).not.toContain(other.id);
      expect(await ids('township_sangong')).toEqual([other.id]);
      expectError(
        await t.http.get(`/api/v1/enforcement/cases/${own.id}`).set(await t.auth('township_sangong')),
        404,
        'NOT_FOUND',
      );
      expect(
        (await t.http.get(`/api/v1/enforcement/cases/${own.id}`).set(await t.auth('township_liugong')))
          .status,
      ).toBe(200);
    });

    it('a sector department sees its categories, city-wide', async () => {
      const industry = await ids('industry_officer');
      expect(industry).toEqual(expect.arrayContaining([own.id, other.id]));
      expect(industry).not.toContain(farm.id);
      const agri = await ids('agri_officer');
      expect(agri).toContain(farm.id);
      expect(agri).not.toContain(own.id);
      expectError(
        await t.http.get(`/api/v1/enforcement/cases/${own.id}`).set(await t.auth('agri_officer')),
        404,
        'NOT_FOUND',
      );
      expect(await ids('water_officer')).toEqual(expect.arrayContaining([own.id, other.id, farm.id]));
    });

    it('only the eco branch writes', async () => {
      for (const user of ['township_liugong', 'water_officer', 'industry_officer']) {
        const headers = await t.auth(user);
        expectError(await open(manual(), headers), 403, 'AUTH_PERMISSION_DENIED');
        expectError(await step(own.id, 'investigate', {}, headers), 403, 'AUTH_PERMISSION_DENIED');
        expectError(
          await t.http
            .post(`/api/v1/enforcement/cases/${own.id}/evidence`)
            .set(headers)
            .attach('file', JPEG, 'a.jpg'),
          403,
          'AUTH_PERMISSION_DENIED',
        );
      }
      const gql = await t.graphql(
        'township_liugong',
        'mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id } }',
        { i: { outfallId: o.liugong, kind: 'illegal_outfall', source: 'inspection', description: 'x' } },
      );
      expect(gql.body.errors[0].extensions).toMatchObject({ code: 'AUTH_PERMISSION_DENIED', status: 403 });
    });
  });

  describe('lists, GraphQL, ledger and the dispatch report', () => {
    it('filters, sorts and pages', async () => {
      const all = await t.http.get('/api/v1/enforcement/cases?limit=200').set(eco);
      expect(all.status).toBe(200);
      const byKind = await t.http.get('/api/v1/enforcement/cases?kind=no_signage&limit=200').set(eco);
      expect(byKind.body.items.every((c: CaseBody) => c.kind === 'no_signage')).toBe(true);
      expect(byKind.body.total).toBeGreaterThan(0);
      const bySource = await t.http.get('/api/v1/enforcement/cases?source=public_report').set(eco);
      expect(bySource.body.items.every((c: CaseBody) => c.source === 'public_report')).toBe(true);
      const byStatus = await t.http.get('/api/v1/enforcement/cases?status=closed').set(eco);
      expect(byStatus.body.items.every((c: CaseBody) => c.status === 'closed')).toBe(true);
      const byTownship = await t.http.get(`/api/v1/enforcement/cases?divisionId=${sangong.id}`).set(eco);
      expect(byTownship.body.items.every((c: CaseBody) => c.divisionId === sangong.id)).toBe(true);
      const period = await t.http
        .get('/api/v1/enforcement/cases?from=2024-03-01&to=2024-03-31&limit=200')
        .set(eco);
      expect(period.body.items.every((c: CaseBody) => String(c.registeredOn).startsWith('2024-03'))).toBe(
        true,
      );
      expect(period.body.total).toBeGreaterThan(0);
      const page = await t.http.get('/api/v1/enforcement/cases?limit=2&offset=1&sort=caseNo').set(eco);
      expect(page.body).toMatchObject({ limit: 2, offset: 1, total: all.body.total });
      const sorted = all.body.items.map((c: CaseBody) => c.caseNo).sort();
      expect(page.body.items.map((c: CaseBody) => c.caseNo)).toEqual(sorted.slice(1, 3));
      expectError(
        await t.http.get('/api/v1/enforcement/cases?sort=secret').set(eco),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await t.http.get('/api/v1/enforcement/cases?status=lost').set(eco),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('answers the same through GraphQL', async () => {
      const rest = await t.http
        .get(`/api/v1/enforcement/cases?outfallId=${o.liugong}&limit=200&sort=caseNo`)
        .set(eco);
      const gql = await t.graphql(
        'eco_officer',
        `query($f: EnforcementCaseFilter, $p: PageInput) { enforcementCases(filter: $f, page: $p) {
           total items { id caseNo status overdue sampleId penaltyAmount nextActions } } }`,
        { f: { outfallId: o.liugong }, p: { limit: 200, sort: 'caseNo' } },
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.enforcementCases.total).toBe(rest.body.total);
      expect(gql.body.data.enforcementCases.items).toEqual(
        rest.body.items.map((c: CaseBody) => ({
          id: c.id,
          caseNo: c.caseNo,
          status: c.status,
          overdue: c.overdue,
          sampleId: c.sampleId,
          penaltyAmount: c.penaltyAmount,
          nextActions: c.nextActions,
        })),
      );
      const openedGql = await t.graphql(
        'eco_officer',
        'mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id caseNo status version origin patrolRecordId } }',
        {
          i: {
            outfallId: o.liugong,
            kind: 'borrowed_discharge',
            source: 'unit_report',
            origin: 'patrol',
            patrolRecordId: await patrolOn(o.liugong),
            description: '借道排放',
            registeredOn: '2024-05-01',
          },
        },
      );
      expect(openedGql.body.errors).toBeUndefined();
      const id = openedGql.body.data.openEnforcementCase.id as string;
      expect(openedGql.body.data.openEnforcementCase).toMatchObject({
        status: 'registered',
        origin: 'patrol',
      });
      const viaRest = await t.http.get(`/api/v1/enforcement/cases/${id}`).set(eco);
      expect(viaRest.body).toMatchObject({
        kind: 'borrowed_discharge',
        source: 'unit_report',
        origin: 'patrol',
      });
      const illegal = await t.graphql(
        'eco_officer',
        'mutation($id: ID!, $i: EnforcementTransitionInput!) { transitionEnforcementCase(id: $id, input: $i) { id } }',
        { id, i: { action: 'close', version: 1, note: 'x' } },
      );
      expect(illegal.body.errors[0].extensions).toMatchObject({
        code: 'ENFORCEMENT_INVALID_TRANSITION',
        status: 409,
      });
      expect(illegal.body.errors[0].message).toMatch(/^案件当前状态为“立案”，不能执行“结案”/);
      const moved = await t.graphql(
        'eco_officer',
        'mutation($id: ID!, $i: EnforcementTransitionInput!) { transitionEnforcementCase(id: $id, input: $i) { status } }',
        { id, i: { action: 'investigate', version: 1 } },
      );
      expect(moved.body.data.transitionEnforcementCase.status).toBe('investigating');
      const timeline = await t.graphql(
        'eco_officer',
        'query($id: ID!) { enforcementCaseEvents(id: $id) { action } }',
        { id },
      );
      expect(timeline.body.data.enforcementCaseEvents.map((e: { action: string }) => e.action)).toEqual([
        'open',
        'investigate',
      ]);
      const hidden = await t.graphql(
        'township_sangong',
        'query($id: ID!) { enforcementCase(id: $id) { id } }',
        { id },
      );
      expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    });

    it('exports the case ledger (执法案件台账) within the jurisdiction', async () => {
      const queued = await t.http.post('/api/v1/enforcement/ledger').set(eco).send({ outfallId: o.liugong });
      expect(queued.status).toBe(202);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(queued.body.id)) as never);
      const sheet = workbook.getWorksheet('执法案件台账');
      expect(sheet).toBeDefined();
      const headers = (sheet?.getRow(1).values as string[]).slice(1);
      expect(headers.slice(0, 4)).toEqual(['序号', '案件编号', '立案日期', '乡镇（街道）']);
      expect(headers).toContain('证据（文件名与 SHA-256）');
      const list = await t.http.get(`/api/v1/enforcement/cases?outfallId=${o.liugong}&limit=200`).set(eco);
      expect((sheet?.rowCount ?? 0) - 1).toBe(list.body.total);
      const text = JSON.stringify(sheet?.getSheetValues());
      expect(text).toContain(createHash('sha256').update(JPEG).digest('hex'));
      expect(text).toContain('超标排放');

      const township = await t.http
        .post('/api/v1/enforcement/ledger')
        .set(await t.auth('township_sangong'))
        .send({});
      const mine = new ExcelJS.Workbook();
      await mine.xlsx.load((await t.download(township.body.id, 'township_sangong')) as never);
      const rows = (mine.getWorksheet('执法案件台账')?.rowCount ?? 0) - 1;
      expect(rows).toBe(
        (await t.http.get('/api/v1/enforcement/cases').set(await t.auth('township_sangong'))).body.total,
      );
    });

    it('puts case counts by kind and status per township, and overdue, in the dispatch report', async () => {
      const closed = await t.http
        .post('/api/v1/progress/quarters/2024Q4/close')
        .set(eco)
        .send({ reason: '核实' });
      expect(closed.status).toBe(202);
      await t.waitForJob(closed.body.job.id, 60_000);
      const list = await t.http.get('/api/v1/progress/snapshots?limit=200').set(eco);
      const q4 = list.body.items.find((s: { quarter: string }) => s.quarter === '2024Q4');
      const queued = await t.http
        .post(`/api/v1/progress/snapshots/${q4.id}/report`)
        .set(eco)
        .send({ format: 'html' });
      expect(queued.status).toBe(202);
      const html = (await t.download(queued.body.id)).toString('utf8');
      expect(html).toContain('执法监管');
      expect(html).toContain('执法案件（按违法类型）');
      expect(html).toContain('执法案件（按办理状态）');
      expect(html).toContain('截至 2024-12-31');
      expect(html).toContain('六工镇');

      const [{ count }] = await t.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM enforcement_case WHERE registered_on <= '2024-12-31'`,
      );
      const xlsx = await t.http
        .post(`/api/v1/progress/snapshots/${q4.id}/report`)
        .set(eco)
        .send({ format: 'xlsx' });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(xlsx.body.id)) as never);
      const byKind = workbook.worksheets.find((w) => w.name.startsWith('执法案件（按违法类型'));
      expect(byKind).toBeDefined();
      expect(JSON.stringify(byKind?.getSheetValues())).toContain(`截至 2024-12-31：执法案件 ${count} 件`);
    });
  });
});
