import { Division, Unit } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
const box = (lon: number, lat: number, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

describe('remediation: dispositions and one-outfall-one-policy plans', () => {
  let t: TestApp;
  let eco: Headers;
  let liugongUser: Headers;
  let liugong: Division;
  let liugongUnit: Unit;
  let waterId: string;

  async function outfall(body: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: '整治测试排口',
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

  const suggestion = async (id: string) =>
    (await t.http.get(`/api/v1/outfalls/${id}/disposition`).set(eco)).body.suggestion as {
      disposition: string;
      interim: boolean;
      reasons: { rule: string }[];
      problems: string[];
    };

  async function decide(id: string, disposition: string, extra: object = {}) {
    const res = await t.http
      .put(`/api/v1/outfalls/${id}/disposition`)
      .set(eco)
      .send({ disposition, decidedOn: '2024-02-01', ...extra });
    expect(res.status).toBe(200);
    return res.body;
  }

  const planBody = (outfallId: string, extra: object = {}) => ({ outfallId, ...planFields(extra) });
  const planFields = (extra: object = {}) => ({
    problems: ['no_signage', 'ageing_or_broken'],
    measures: '更换破损管道，设置标识牌',
    targetState: 'compliant_discharge',
    responsibleUnitId: liugongUnit.id,
    responsiblePerson: '张三',
    responsiblePhone: '13800000000',
    deadline: '2024-12-31',
    milestones: [{ name: '完成管道更换', plannedOn: '2024-10-01' }],
    ...extra,
  });

  async function photo(outfallId: string): Promise<string> {
    const res = await t.http
      .post(`/api/v1/outfalls/${outfallId}/attachments`)
      .set(eco)
      .field('kind', 'photo')
      .attach('file', JPEG, 'photo.jpg');
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function step(planId: string, action: string, extra: object = {}, headers = eco) {
    const plan = await t.http.get(`/api/v1/remediation/plans/${planId}`).set(eco);
    return t.http
      .post(`/api/v1/remediation/plans/${planId}/transitions`)
      .set(headers)
      .send({ action, version: plan.body.version, ...extra });
  }

  const milestone = async (outfallId: string, type: string) =>
    (
      await t.dataSource.query<{ on: string }[]>(
        `SELECT to_char(effective_on, 'YYYY-MM-DD') AS on FROM outfall_event WHERE outfall_id = $1 AND type = $2`,
        [outfallId, type],
      )
    )[0]?.on ?? null;

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugongUser = await t.auth('township_liugong');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    liugongUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ divisionId: liugong.id, kind: 'township' as never });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'RRIV',
        name: '整治测试河',
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

  describe('the suggested disposition', () => {
    it('follows each of the plan’s rules', async () => {
      for (const [name, designatedOn, lon] of [
        ['老水源地', '2020-01-01', 87.61],
        ['新红线区', '2024-01-01', 87.63],
      ] as const) {
        const area = await t.http
          .post('/api/v1/protected-areas')
          .set(eco)
          .send({ name, kind: 'drinking_water_level_1', designatedOn, geometry: box(lon, 44.05) });
        expect(area.status).toBe(201);
      }
      const coverage = await t.http
        .post('/api/v1/sewer-coverage-areas')
        .set(eco)
        .send({ name: '城区管网', geometry: box(87.65, 44.05) });
      expect(coverage.status).toBe(201);

      const banned = await outfall({ longitude: 87.61 });
      expect(await suggestion(banned)).toMatchObject({ disposition: 'ban', interim: false });
      const older = await outfall({ longitude: 87.63 });
      const interim = await suggestion(older);
      expect(interim).toMatchObject({ disposition: 'ban', interim: true });
      expect(interim.reasons[0].rule).toBe('protected_area_predates');

      const domestic = await outfall({
        longitude: 87.65,
        category: 'urban_wwtp',
        subType: 'domestic_sewage_facility',
      });
      expect(await suggestion(domestic)).toMatchObject({
        disposition: 'merge',
        reasons: [{ rule: 'domestic_in_sewer_coverage' }],
      });

      const firm = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '园区外多排口企业',
        kind: 'enterprise',
        divisionId: liugong.id,
        inIndustrialPark: false,
      });
      const first = await outfall({ longitude: 87.67, signageInstalled: true });
      const second = await outfall({ longitude: 87.68, latitude: 44.07 });
      for (const id of [first, second])
        await t.http
          .put(`/api/v1/outfalls/${id}/entities`)
          .set(eco)
          .send({ links: [{ entityId: firm.body.id, isMain: true }] });
      expect(await suggestion(first)).toMatchObject({
        disposition: 'merge',
        reasons: [{ rule: 'enterprise_several_outfalls' }],
      });

      const ponds = [];
      for (const offset of [0, 0.001, 0.002])
        ponds.push(
          await outfall({
            longitude: 87.7 + offset,
            category: 'other',
            subType: 'small_aquaculture',
            signageInstalled: true,
          }),
        );
      expect(await suggestion(ponds[0])).toMatchObject({
        disposition: 'merge',
        reasons: [{ rule: 'clustered_small_aquaculture' }],
      });

      const unsigned = await outfall({ longitude: 87.72, latitude: 44.02 });
      expect(await suggestion(unsigned)).toMatchObject({
        disposition: 'standardise',
        problems: ['no_signage'],
      });
      const tidy = await outfall({
        longitude: 87.74,
        latitude: 44.02,
        category: 'agricultural',
        subType: 'livestock_farm',
        signageInstalled: true,
        signageInstalledOn: '2023-10-01',
      });
      expect(await suggestion(tidy)).toMatchObject({ disposition: 'keep', problems: [] });

      // deciding otherwise needs a reason; the decision day is the milestone
      const noReason = await t.http
        .put(`/api/v1/outfalls/${tidy}/disposition`)
        .set(eco)
        .send({ disposition: 'standardise', decidedOn: '2024-02-01' });
      expectError(noReason, 400, 'REMEDIATION_REASON_REQUIRED');
      const township = await t.http
        .put(`/api/v1/outfalls/${tidy}/disposition`)
        .set(liugongUser)
        .send({ disposition: 'keep', decidedOn: '2024-02-01' });
      expectError(township, 403, 'AUTH_PERMISSION_DENIED');
      const kept = await decide(tidy, 'keep');
      expect(kept).toMatchObject({ requiresRemediation: false, suggested: 'keep' });
      expect(await milestone(tidy, 'remediation_decided')).toBe('2024-02-01');
      const noPlan = await t.http.post('/api/v1/remediation/plans').set(eco).send(planBody(tidy));
      expectError(noPlan, 409, 'REMEDIATION_NOT_REQUIRED');
      const undecided = await t.http.post('/api/v1/remediation/plans').set(eco).send(planBody(unsigned));
      expectError(undecided, 409, 'REMEDIATION_NOT_DECIDED');
    });
  });

  describe('the workflow', () => {
    it('a draft edit that leaves out milestones and before photos keeps them', async () => {
      const id = await outfall({ longitude: 87.752, latitude: 44.031 });
      await decide(id, 'standardise');
      const before = await photo(id);
      const created = await t.http
        .post('/api/v1/remediation/plans')
        .set(liugongUser)
        .send(planBody(id, { beforePhotoIds: [before] }));
      expect(created.status).toBe(201);
      const { milestones: _left, ...fields } = planFields({ measures: '改为封堵' });
      const edited = await t.http
        .patch(`/api/v1/remediation/plans/${created.body.id}`)
        .set(liugongUser)
        .send({ version: created.body.version, plan: fields });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        measures: '改为封堵',
        beforePhotoIds: [before],
        milestones: [expect.objectContaining({ name: '完成管道更换', plannedOn: '2024-10-01' })],
      });
      const cleared = await t.http
        .patch(`/api/v1/remediation/plans/${created.body.id}`)
        .set(liugongUser)
        .send({ version: edited.body.version, plan: { ...fields, milestones: [], beforePhotoIds: [] } });
      expect(cleared.body).toMatchObject({ beforePhotoIds: [], milestones: [] });
    });

    it('runs draft → submitted → approved → in progress → completed → verified with the roles and the evidence gate', async () => {
      const id = await outfall({ longitude: 87.75, latitude: 44.03 });
      await decide(id, 'standardise');
      const created = await t.http.post('/api/v1/remediation/plans').set(liugongUser).send(planBody(id));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'draft', nextActions: ['submit'] });
      const planId = created.body.id as string;

      expectError(await step(planId, 'approve'), 409, 'REMEDIATION_INVALID_TRANSITION');
      expect((await step(planId, 'submit', { on: '2024-03-01' }, liugongUser)).status).toBe(200);
      expectError(await step(planId, 'approve', { on: '2024-03-05' }, liugongUser), 403, 'FORBIDDEN');
      expectError(await step(planId, 'approve', { on: '2024-02-01' }), 400, 'REMEDIATION_DATES_INVALID');
      expect((await step(planId, 'approve', { on: '2024-03-05' })).body.status).toBe('approved');
      const locked = await t.http
        .patch(`/api/v1/remediation/plans/${planId}`)
        .set(liugongUser)
        .send({
          version: (await t.http.get(`/api/v1/remediation/plans/${planId}`).set(eco)).body.version,
          plan: planFields(),
        });
      expectError(locked, 409, 'REMEDIATION_PLAN_NOT_EDITABLE');
      expect((await step(planId, 'start', {}, liugongUser)).body.status).toBe('in_progress');
      expectError(
        await step(planId, 'complete', { on: '2024-12-31' }, liugongUser),
        422,
        'REMEDIATION_EVIDENCE_PHOTOS_MISSING',
      );

      const before = await photo(id);
      const after = await photo(id);
      const current = await t.http.get(`/api/v1/remediation/plans/${planId}`).set(eco);
      const withPhotos = await t.http
        .patch(`/api/v1/remediation/plans/${planId}`)
        .set(liugongUser)
        .send({ version: current.body.version, afterPhotoIds: [after], progressNote: '管道已更换' });
      expect(withPhotos.status).toBe(200);
      expect((await step(planId, 'complete', { on: '2024-12-31' }, liugongUser)).body.status).toBe(
        'completed',
      );
      expect(await milestone(id, 'remediation_completed')).toBe('2024-12-31');

      expectError(await step(planId, 'verify', {}, liugongUser), 403, 'FORBIDDEN');
      expectError(await step(planId, 'verify'), 422, 'REMEDIATION_EVIDENCE_PHOTOS_MISSING');
      // photos can still be added while waiting for verification? no: a completed plan is frozen — reject, fix, redo
      expectError(await step(planId, 'reject_completion'), 400, 'REMEDIATION_REASON_REQUIRED');
      expect((await step(planId, 'reject_completion', { reason: '缺少整治前照片' })).body.status).toBe(
        'in_progress',
      );
      expect(await milestone(id, 'remediation_completed')).toBeNull();
      const again = await t.http.get(`/api/v1/remediation/plans/${planId}`).set(eco);
      await t.http
        .patch(`/api/v1/remediation/plans/${planId}`)
        .set(liugongUser)
        .send({ version: again.body.version, beforePhotoIds: [before] });
      expect((await step(planId, 'complete', { on: '2024-12-31' }, liugongUser)).body.status).toBe(
        'completed',
      );

      // it keeps discharging: a compliant sample on or after the completion day is required
      expectError(await step(planId, 'verify'), 422, 'REMEDIATION_EVIDENCE_SAMPLE_MISSING');
      const early = await t.http
        .post('/api/v1/samples')
        .set(eco)
        .send({
          outfallId: id,
          sampledAt: '2024-12-30T10:00:00+08:00',
          source: 'manual',
          values: [{ indicator: 'cod', value: 20 }],
        });
      expect(early.status).toBe(201);
      const exceeding = await t.http
        .post('/api/v1/samples')
        .set(eco)
        .send({
          outfallId: id,
          sampledAt: '2025-01-05T10:00:00+08:00',
          source: 'manual',
          values: [{ indicator: 'cod', value: 300 }],
        });
      expect(exceeding.body.exceeding).toBe(true);
      expectError(await step(planId, 'verify'), 422, 'REMEDIATION_EVIDENCE_SAMPLE_MISSING');
      const good = await t.http
        .post('/api/v1/samples')
        .set(eco)
        .send({
          outfallId: id,
          sampledAt: '2025-01-06T10:00:00+08:00',
          source: 'manual',
          values: [{ indicator: 'cod', value: 30 }],
        });
      const verified = await step(planId, 'verify', { on: '2025-01-10' });
      expect(verified.body).toMatchObject({
        status: 'verified',
        verifiedOn: '2025-01-10',
        complianceSampleId: good.body.id,
        nextActions: [],
      });
      expect(await milestone(id, 'verified')).toBe('2025-01-10');

      const versions = await t.http.get(`/api/v1/remediation/plans/${planId}/versions`).set(eco);
      const actions = versions.body.map((v: { action: string }) => v.action);
      expect(actions).toEqual([
        'create',
        'submit',
        'approve',
        'start',
        'edit',
        'complete',
        'reject_completion',
        'edit',
        'complete',
        'verify',
      ]);
      expect(versions.body.find((v: { action: string }) => v.action === 'reject_completion')).toMatchObject({
        reason: '缺少整治前照片',
        actorName: expect.any(String),
        fromStatus: 'completed',
        toStatus: 'in_progress',
      });
    });

    it('counts a completion at 2024-12-31T15:59:59Z for 2024 and one at 2024-12-31T16:30:00Z (2025-01-01 in Beijing) for 2025', async () => {
      const ids = [
        await outfall({ longitude: 87.76, latitude: 44.04 }),
        await outfall({ longitude: 87.77, latitude: 44.04 }),
      ];
      // the same UTC date, two Beijing days: the step's `on` is the Beijing day of the instant
      for (const [index, day] of ['2024-12-31T15:59:59Z', '2024-12-31T16:30:00Z'].entries()) {
        const id = ids[index];
        await decide(id, 'standardise');
        const plan = await t.http.post('/api/v1/remediation/plans').set(eco).send(planBody(id));
        await step(plan.body.id, 'submit', { on: '2024-03-01' });
        await step(plan.body.id, 'approve', { on: '2024-03-02' });
        await step(plan.body.id, 'start');
        const current = await t.http.get(`/api/v1/remediation/plans/${plan.body.id}`).set(eco);
        await t.http
          .patch(`/api/v1/remediation/plans/${plan.body.id}`)
          .set(eco)
          .send({ version: current.body.version, afterPhotoIds: [await photo(id)] });
        expect((await step(plan.body.id, 'complete', { on: day })).status).toBe(200);
      }
      const asOf = (day: string) =>
        t.count(
          'outfall_event',
          `type = 'remediation_completed' AND outfall_id = ANY($1::uuid[]) AND effective_on <= $2`,
          [ids, day],
        );
      expect(await asOf('2024-12-31')).toBe(1);
      expect(await asOf('2025-01-01')).toBe(2);
      expect(await milestone(ids[0], 'remediation_completed')).toBe('2024-12-31');
      expect(await milestone(ids[1], 'remediation_completed')).toBe('2025-01-01');
    });

    it('answers 409 to one of two concurrent edits with the same version', async () => {
      const id = await outfall({ longitude: 87.78, latitude: 44.04 });
      await decide(id, 'standardise');
      const plan = await t.http.post('/api/v1/remediation/plans').set(eco).send(planBody(id));
      const edit = (measures: string) =>
        t.http
          .patch(`/api/v1/remediation/plans/${plan.body.id}`)
          .set(eco)
          .send({ version: plan.body.version, plan: planFields({ measures }) });
      const results = await Promise.all([edit('方案甲'), edit('方案乙')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expectError(
        results.find((r) => r.status === 409)!,
        409,
        'VERSION_CONFLICT',
      );
      const stored = await t.http.get(`/api/v1/remediation/plans/${plan.body.id}`).set(eco);
      expect(stored.body.measures).toBe(results.find((r) => r.status === 200)!.body.measures);
    });

    it('closes a merged outfall into the surviving one on verification', async () => {
      const closing = await outfall({
        longitude: 87.8,
        latitude: 44.06,
        category: 'agricultural',
        subType: 'livestock_farm',
      });
      const survivor = await outfall({
        longitude: 87.81,
        latitude: 44.06,
        category: 'agricultural',
        subType: 'livestock_farm',
      });
      await decide(closing, 'merge', { reason: '两口合一' });
      const plan = await t.http
        .post('/api/v1/remediation/plans')
        .set(eco)
        .send(
          planBody(closing, {
            targetState: 'merged_into',
            mergeIntoId: survivor,
            beforePhotoIds: [await photo(closing)],
          }),
        );
      expect(plan.status).toBe(201);
      for (const action of ['submit', 'approve', 'start']) await step(plan.body.id, action);
      const current = await t.http.get(`/api/v1/remediation/plans/${plan.body.id}`).set(eco);
      await t.http
        .patch(`/api/v1/remediation/plans/${plan.body.id}`)
        .set(eco)
        .send({ version: current.body.version, afterPhotoIds: [await photo(closing)] });
      await step(plan.body.id, 'complete');
      expect((await step(plan.body.id, 'verify')).body.status).toBe('verified');
      const closed = await t.http.get(`/api/v1/outfalls/${closing}`).set(eco);
      expect(closed.body).toMatchObject({ status: 'merged', mergedIntoId: survivor });
      expect(await milestone(closing, 'verified')).not.toBeNull();
      expect(await milestone(survivor, 'verified')).toBeNull();
    });
  });

  describe('overdue, jurisdiction and ledgers', () => {
    it('lists overdue plans per unit and per township, and keeps other townships out', async () => {
      const overdue = await t.http.get('/api/v1/remediation/plans?overdue=true&limit=200').set(eco);
      expect(overdue.status).toBe(200);
      // deadlines are 2024-12-31: every plan not yet completed is overdue today
      expect(
        overdue.body.items.every((p: { status: string }) => !['completed', 'verified'].includes(p.status)),
      ).toBe(true);
      expect(overdue.body.total).toBeGreaterThan(0);
      expect(overdue.body.items.every((p: { overdue: boolean }) => p.overdue)).toBe(true);
      const byUnit = await t.http.get('/api/v1/remediation/overdue?by=unit').set(eco);
      expect(byUnit.body[0]).toMatchObject({ id: liugongUnit.id, overdue: overdue.body.total });
      const byTownship = await t.http.get('/api/v1/remediation/overdue?by=township').set(eco);
      expect(byTownship.body[0]).toMatchObject({ id: liugong.id });
      expectError(
        await t.http.get('/api/v1/remediation/overdue?by=river').set(eco),
        400,
        'VALIDATION_FAILED',
      );

      const sangong = await t.auth('township_sangong');
      expect((await t.http.get('/api/v1/remediation/plans').set(sangong)).body.total).toBe(0);
      const someone = overdue.body.items[0].id as string;
      expectError(await t.http.get(`/api/v1/remediation/plans/${someone}`).set(sangong), 404, 'NOT_FOUND');
      expect((await t.http.get('/api/v1/remediation/plans').set(liugongUser)).body.total).toBeGreaterThan(0);
    });

    it('generates the rectification ledger and the 一口一档 archive as XLSX', async () => {
      const download = async (jobId: string) => {
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load((await t.download(jobId)) as never);
        return workbook;
      };
      const ledger = await t.http
        .post('/api/v1/remediation/ledgers')
        .set(eco)
        .send({ kind: 'rectification' });
      expect(ledger.status).toBe(202);
      const sheet = (await download(ledger.body.id)).worksheets[0];
      expect((sheet.getRow(1).values as string[]).filter(Boolean)).toEqual(
        expect.arrayContaining(['整改措施', '责任单位', '完成时限', '是否逾期']),
      );
      const plans = await t.count('remediation_plan');
      expect(sheet.rowCount).toBe(1 + plans);
      const [verified] = await t.dataSource.query<{ outfall_id: string }[]>(
        `SELECT outfall_id FROM remediation_plan WHERE status = 'verified' AND target_state = 'compliant_discharge'`,
      );
      const archive = await t.http
        .post('/api/v1/remediation/ledgers')
        .set(eco)
        .send({ kind: 'archive', outfallId: verified.outfall_id });
      const book = await download(archive.body.id);
      expect(book.worksheets.map((w) => w.name)).toEqual([
        '名录卡片',
        '责任主体',
        '监测与超标',
        '溯源',
        '里程碑',
        '一口一策方案',
        '方案历史',
        '证据清单',
      ]);
      expect(book.getWorksheet('方案历史')!.rowCount).toBe(1 + 10);
      expect(book.getWorksheet('证据清单')!.rowCount).toBe(1 + 2);
    });
  });
});
