import { beijingToday } from '@outfall/common';
import { Division, Unit } from '@outfall/org';
import { addDays, DispatchReportSections, parseQuarter, quarterEnd } from '@outfall/progress';
import { reportingQuarter } from '@outfall/submissions';
import Ajv from 'ajv';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
type Line = { key: string; points: number; applicable: boolean; effectiveWeight: number };
type UnitScore = { unitId: string; score: number; maximum: number; lines: Line[] };

const binary = (
  res: { on(e: string, f: (c?: Buffer) => void): void },
  done: (e: null, b: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk as Buffer));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('accountability: notices, submissions, assessment, upward package', () => {
  let t: TestApp;
  let eco: Headers;
  let liugong: Headers;
  let sangong: Headers;
  let liugongUnit: Unit;
  let sangongUnit: Unit;
  let ningbianUnit: Unit;
  const quarter = reportingQuarter();
  const q = parseQuarter(quarter);
  if (!q) throw new Error('quarter');
  const deadline = addDays(quarterEnd(q), 5);

  const form = (extra: object = {}) => ({
    quarter,
    figures: { investigated: 4, traced: 3, plansSubmitted: 2, remediated: 1, verified: 1, patrols: 6 },
    progress: '本季度完成排查 4 个排污口。',
    problems: '溯源进度偏慢。',
    nextSteps: '下季度完成溯源。',
    liaisonName: '赵工',
    liaisonPhone: '0994-2300001',
    ...extra,
  });

  async function send(unitId: string, extra: object = {}) {
    const res = await t.http
      .post('/api/v1/accountability/notices')
      .set(eco)
      .send({
        unitId,
        subject: '关于整治方案逾期的督办通知',
        body: '请于期限前完成并回复。',
        dueOn: addDays(beijingToday(), 7),
        ...extra,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as { id: string; version: number; code: string };
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.auth('township_liugong');
    sangong = await t.auth('township_sangong');
    const units = t.dataSource.getRepository(Unit);
    liugongUnit = await units.findOneByOrFail({ name: '六工镇人民政府' });
    sangongUnit = await units.findOneByOrFail({ name: '三工镇人民政府' });
    ningbianUnit = await units.findOneByOrFail({ name: '宁边路街道办事处' });
  });
  afterAll(() => t.close());

  describe('supervision notices (督办)', () => {
    it('the eco branch sends, the unit answers, the eco branch sends back with a reason and closes', async () => {
      const notice = await send(liugongUnit.id);
      expect(notice.code).toMatch(/^DB-\d{4}-\d{4}$/);
      expectError(
        await t.http
          .post('/api/v1/accountability/notices')
          .set(liugong)
          .send({ unitId: liugongUnit.id, subject: 'xx', body: 'yy', dueOn: addDays(beijingToday(), 1) }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      // another township neither sees nor answers it
      expect((await t.http.get('/api/v1/accountability/notices').set(sangong)).body.total).toBe(0);
      expectError(
        await t.http.get(`/api/v1/accountability/notices/${notice.id}`).set(sangong),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .post(`/api/v1/accountability/notices/${notice.id}/response`)
          .set(sangong)
          .send({ response: '已整改', version: notice.version }),
        404,
        'NOT_FOUND',
      );
      const own = await t.http.get('/api/v1/accountability/notices').set(liugong);
      expect(own.body.items.map((n: { id: string }) => n.id)).toEqual([notice.id]);
      // a file of its own unit only
      const file = await t.http
        .post('/api/v1/accountability/files')
        .set(liugong)
        .attach('file', Buffer.from('%PDF-1.4 test'), {
          filename: '回复.pdf',
          contentType: 'application/pdf',
        });
      expect(file.status).toBe(201);
      const answered = await t.http
        .post(`/api/v1/accountability/notices/${notice.id}/response`)
        .set(liugong)
        .send({ response: '已组织整改，详见附件。', fileIds: [file.body.id], version: notice.version });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({
        status: 'answered',
        overdue: false,
        answeredLate: false,
        responseFileIds: [file.body.id],
      });
      const noReason = await t.http
        .post(`/api/v1/accountability/notices/${notice.id}/review`)
        .set(eco)
        .send({ action: 'return', version: answered.body.version });
      expectError(noReason, 400, 'ACCOUNTABILITY_REASON_REQUIRED');
      expect(noReason.body.message).toContain('理由');
      const returned = await t.http
        .post(`/api/v1/accountability/notices/${notice.id}/review`)
        .set(eco)
        .send({ action: 'return', note: '附件不完整', version: answered.body.version });
      expect(returned.body).toMatchObject({ status: 'returned', reviewNote: '附件不完整' });
      const again = await t.http
        .post(`/api/v1/accountability/notices/${notice.id}/response`)
        .set(liugong)
        .send({ response: '已补充附件。', version: returned.body.version });
      expect(again.body.status).toBe('answered');
      const closed = await t.http
        .post(`/api/v1/accountability/notices/${notice.id}/review`)
        .set(eco)
        .send({ action: 'close', version: again.body.version });
      expect(closed.body.status).toBe('closed');
      expectError(
        await t.http
          .post(`/api/v1/accountability/notices/${notice.id}/response`)
          .set(liugong)
          .send({ response: '再次回复', version: closed.body.version }),
        409,
        'ACCOUNTABILITY_INVALID_TRANSITION',
      );
      expect(
        await t.count('audit_log', `entity_type = 'supervision_notice' AND entity_id = $1`, [notice.id]),
      ).toBe(5);
    });

    it('a due day in the past is refused; bad input names its fields', async () => {
      const res = await t.http
        .post('/api/v1/accountability/notices')
        .set(eco)
        .send({
          unitId: liugongUnit.id,
          subject: '督办',
          body: '请办理',
          dueOn: addDays(beijingToday(), -1),
        });
      expectError(res, 400, 'ACCOUNTABILITY_DATES_INVALID');
      const bad = await t.http
        .post('/api/v1/accountability/notices')
        .set(eco)
        .send({ unitId: 'x', dueOn: '2026-02-30' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
        expect.arrayContaining(['unitId', 'dueOn', 'subject']),
      );
    });

    it('overdue and answered late are judged by Beijing days on UTC instants', async () => {
      const notice = await send(sangongUnit.id);
      const yesterday = addDays(beijingToday(), -1);
      await t.dataSource.query(`UPDATE supervision_notice SET due_on = $2 WHERE id = $1`, [
        notice.id,
        yesterday,
      ]);
      let view = await t.http.get(`/api/v1/accountability/notices/${notice.id}`).set(eco);
      expect(view.body.overdue).toBe(true);
      const overdue = await t.http.get('/api/v1/accountability/notices?overdue=true').set(eco);
      expect(overdue.body.items.map((n: { id: string }) => n.id)).toContain(notice.id);
      await t.dataSource.query(`UPDATE supervision_notice SET due_on = $2 WHERE id = $1`, [
        notice.id,
        beijingToday(),
      ]);
      view = await t.http.get(`/api/v1/accountability/notices/${notice.id}`).set(eco);
      expect(view.body.overdue).toBe(false);
      // due 2026-03-10: 15:59:59Z is 23:59:59 that Beijing day (on time), 16:00:00Z is the next Beijing day (late)
      await t.dataSource.query(
        `UPDATE supervision_notice SET due_on = '2026-03-10', status = 'answered', responded_at = '2026-03-10T15:59:59Z' WHERE id = $1`,
        [notice.id],
      );
      view = await t.http.get(`/api/v1/accountability/notices/${notice.id}`).set(eco);
      expect({ overdue: view.body.overdue, late: view.body.answeredLate }).toEqual({
        overdue: false,
        late: false,
      });
      await t.dataSource.query(
        `UPDATE supervision_notice SET responded_at = '2026-03-10T16:00:00Z' WHERE id = $1`,
        [notice.id],
      );
      view = await t.http.get(`/api/v1/accountability/notices/${notice.id}`).set(eco);
      expect(view.body.answeredLate).toBe(true);
      const stats = t.app
        .get(DispatchReportSections)
        .list()
        .find((s) => s.key === 'accountability-submissions');
      expect(stats).toBeDefined();
    });

    it('GraphQL lists the same notices with the same scope', async () => {
      const rest = await t.http.get('/api/v1/accountability/notices').set(liugong);
      const gql = await t.graphql(
        'township_liugong',
        `{ supervisionNotices { total items { id code overdue unitName } } }`,
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.supervisionNotices.total).toBe(rest.body.total);
      expect(gql.body.data.supervisionNotices.items.map((n: { id: string }) => n.id)).toEqual(
        rest.body.items.map((n: { id: string }) => n.id),
      );
      const sent = await t.graphql(
        'eco_officer',
        `mutation($input: SendNoticeInput!) { sendSupervisionNotice(input: $input) { id status version } }`,
        {
          input: {
            unitId: sangongUnit.id,
            subject: 'GraphQL 督办',
            body: '请办理',
            dueOn: addDays(beijingToday(), 3),
          },
        },
      );
      expect(sent.body.errors).toBeUndefined();
      const answered = await t.graphql(
        'township_sangong',
        `mutation($id: ID!, $input: RespondNoticeInput!) { respondSupervisionNotice(id: $id, input: $input) { status } }`,
        {
          id: sent.body.data.sendSupervisionNotice.id,
          input: { response: '已办理', version: sent.body.data.sendSupervisionNotice.version },
        },
      );
      expect(answered.body.data.respondSupervisionNotice.status).toBe('answered');
    });
  });

  describe('quarterly submissions (信息报送)', () => {
    let submissionId: string;

    it('a unit submits, the eco branch returns it with a reason, the unit resubmits, the eco branch accepts', async () => {
      const res = await t.http.post('/api/v1/accountability/submissions').set(liugong).send(form());
      expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
        status: 200,
        body: null,
      });
      submissionId = res.body.id;
      expect(res.body).toMatchObject({ quarter, status: 'submitted', deadline, unitId: liugongUnit.id });
      expectError(
        await t.http.post('/api/v1/accountability/submissions').set(liugong).send(form()),
        409,
        'SUBMISSION_ALREADY_SUBMITTED',
      );
      expectError(
        await t.http.get(`/api/v1/accountability/submissions/${submissionId}`).set(sangong),
        404,
        'NOT_FOUND',
      );
      expectError(
        await t.http
          .post(`/api/v1/accountability/submissions/${submissionId}/review`)
          .set(eco)
          .send({ action: 'return', version: res.body.version }),
        400,
        'ACCOUNTABILITY_REASON_REQUIRED',
      );
      const returned = await t.http
        .post(`/api/v1/accountability/submissions/${submissionId}/review`)
        .set(eco)
        .send({ action: 'return', reason: '数据与台账不一致', version: res.body.version });
      expect(returned.body).toMatchObject({ status: 'returned', returnReason: '数据与台账不一致' });
      const again = await t.http
        .post('/api/v1/accountability/submissions')
        .set(liugong)
        .send(form({ version: returned.body.version, problems: '已核对。' }));
      expect(again.body).toMatchObject({ id: submissionId, status: 'submitted', problems: '已核对。' });
      const accepted = await t.http
        .post(`/api/v1/accountability/submissions/${submissionId}/review`)
        .set(eco)
        .send({ action: 'accept', version: again.body.version });
      expect(accepted.body.status).toBe('accepted');
      expect(
        await t.count('audit_log', `entity_type = 'quarterly_submission' AND entity_id = $1`, [submissionId]),
      ).toBe(4);
    });

    it('the current quarter cannot be submitted before it ends; bad figures name their fields', async () => {
      const current = parseQuarter(
        beijingToday().slice(0, 4) + 'Q' + (Math.floor((Number(beijingToday().slice(5, 7)) - 1) / 3) + 1),
      );
      expectError(
        await t.http
          .post('/api/v1/accountability/submissions')
          .set(sangong)
          .send(form({ quarter: `${current?.year}Q${current?.q}` })),
        422,
        'SUBMISSION_QUARTER_NOT_ENDED',
      );
      const bad = await t.http
        .post('/api/v1/accountability/submissions')
        .set(sangong)
        .send(form({ figures: { investigated: -1 } }));
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.details)).toContain('investigated');
    });

    it('late and missing across the Beijing-day boundary of the deadline; the matrix flags them', async () => {
      // the deadline day ends at 16:00Z
      await t.dataSource.query(`UPDATE quarterly_submission SET first_submitted_at = $2 WHERE id = $1`, [
        submissionId,
        `${deadline}T15:59:59Z`,
      ]);
      let view = await t.http.get(`/api/v1/accountability/submissions/${submissionId}`).set(liugong);
      expect(view.body.late).toBe(false);
      let matrix = await t.http.get(`/api/v1/accountability/submissions/matrix?quarters=${quarter}`).set(eco);
      const cell = (unitId: string) =>
        (matrix.body.units as { unitId: string; cells: { cell: string }[] }[]).find(
          (u) => u.unitId === unitId,
        )?.cells[0].cell;
      expect(cell(liugongUnit.id)).toBe('on_time');
      expect(cell(ningbianUnit.id)).toBe('missing');
      await t.dataSource.query(`UPDATE quarterly_submission SET first_submitted_at = $2 WHERE id = $1`, [
        submissionId,
        `${deadline}T16:00:00Z`,
      ]);
      view = await t.http.get(`/api/v1/accountability/submissions/${submissionId}`).set(liugong);
      expect(view.body.late).toBe(true);
      matrix = await t.http.get(`/api/v1/accountability/submissions/matrix?quarters=${quarter}`).set(eco);
      expect(cell(liugongUnit.id)).toBe('late');
      // a unit sees only its own row
      const own = await t.http
        .get(`/api/v1/accountability/submissions/matrix?quarters=${quarter}`)
        .set(sangong);
      expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([sangongUnit.id]);
      // the dispatch-report section counts them
      const section = t.app
        .get(DispatchReportSections)
        .list()
        .find((s) => s.key === 'accountability-submissions');
      const tables = await section?.load({ quarter, asOf: quarterEnd(q), computedAt: new Date() });
      expect(tables?.map((x) => x.title)).toEqual(['督办情况', '信息报送情况']);
      expect(tables?.[1].rows.find((r) => r.unit === '六工镇人民政府')).toMatchObject({ cell: '逾期报送' });
    });

    it('GraphQL submits the same way', async () => {
      const res = await t.graphql(
        'township_sangong',
        `mutation($input: SubmitInput!) { submitQuarterly(input: $input) { id status late deadline unitName } }`,
        { input: form() },
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.submitQuarterly).toMatchObject({
        status: 'submitted',
        deadline,
        unitName: '三工镇人民政府',
      });
      const rest = await t.http.get(`/api/v1/accountability/submissions?quarter=${quarter}`).set(sangong);
      expect(rest.body.items.map((s: { id: string }) => s.id)).toEqual([res.body.data.submitQuarterly.id]);
    });
  });

  describe('assessment (考核)', () => {
    it('the breakdown sums to the score; a unit sees only its own; GraphQL agrees', async () => {
      const all = await t.http.get(`/api/v1/accountability/assessment?quarter=${quarter}`).set(eco);
      expect(all.status).toBe(200);
      const units = all.body.units as UnitScore[];
      expect(units.length).toBeGreaterThan(10);
      for (const u of units) {
        const sum = Math.round(u.lines.reduce((s, l) => s + l.points, 0) * 100) / 100;
        expect(u.score).toBe(sum);
        expect(u.score).toBeLessThanOrEqual(u.maximum + 0.01);
      }
      const lg = units.find((u) => u.unitId === liugongUnit.id);
      // late submission: half the (redistributed) timeliness weight; the missing public-reports input does not apply
      const timeliness = lg?.lines.find((l) => l.key === 'submissions');
      expect(timeliness?.applicable).toBe(true);
      expect(timeliness?.points).toBeCloseTo((timeliness?.effectiveWeight ?? 0) / 2, 1);
      expect(lg?.lines.find((l) => l.key === 'publicReports')?.applicable).toBe(false);
      const own = await t.http.get(`/api/v1/accountability/assessment?quarter=${quarter}`).set(liugong);
      expect(own.body.units.map((u: UnitScore) => u.unitId)).toEqual([liugongUnit.id]);
      expect(own.body.units[0].score).toBe(lg?.score);
      const gql = await t.graphql(
        'township_liugong',
        `{ assessment(quarter: "${quarter}") { quarter units { unitId score lines } } }`,
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.assessment.units).toEqual([
        { unitId: liugongUnit.id, score: lg?.score, lines: own.body.units[0].lines },
      ]);
    });

    it('the configuration is versioned and validated; only the eco branch edits it', async () => {
      const before = await t.http.get('/api/v1/accountability/config').set(liugong);
      expect(before.body.version).toBeNull();
      const bad = await t.http
        .put('/api/v1/accountability/config')
        .set(eco)
        .send({
          config: {
            submissionDeadlineDays: -2,
            lateSubmissionShare: 0.5,
            components: { progress: { weight: 'x' } },
          },
        });
      expectError(bad, 400, 'ASSESSMENT_CONFIG_INVALID');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual([
        'config.submissionDeadlineDays',
        'config.components.progress.weight',
      ]);
      expectError(
        await t.http.put('/api/v1/accountability/config').set(liugong).send({ config: {} }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      const config = {
        submissionDeadlineDays: 5,
        lateSubmissionShare: 0.5,
        components: { progress: { weight: 50 }, submissions: { weight: 50 } },
      };
      const saved = await t.http.put('/api/v1/accountability/config').set(eco).send({ config, note: '测试' });
      expect(saved.status).toBe(200);
      const v = saved.body.version as number;
      const gql = await t.graphql(
        'eco_officer',
        `mutation($input: AccountabilityConfigInput!) { saveAccountabilityConfig(input: $input) { version } }`,
        { input: { config, note: '再存一版' } },
      );
      expect(gql.body.data.saveAccountabilityConfig.version).toBe(v + 1);
      const scored = await t.http.get(`/api/v1/accountability/assessment?quarter=${quarter}`).set(eco);
      expect(scored.body.configVersion).toBe(v + 1);
      expect(scored.body.units[0].lines.map((l: Line) => l.key)).toEqual(['progress', 'submissions']);
      expect(await t.count('audit_log', `entity_type = 'accountability_config'`)).toBe(2);
    });
  });

  describe('upward package (上报材料)', () => {
    let outfallId: string;

    beforeAll(async () => {
      const division = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
      const river = await t.http
        .post('/api/v1/water-bodies')
        .set(eco)
        .send({
          code: 'SUBRIV',
          name: '报送测试河',
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
      const res = await t.http.post('/api/v1/outfalls').set(eco).send({
        name: '档案测试排口',
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: river.body.id,
        divisionId: division.id,
        discoveredOn: '2024-09-01',
        latitude: 44.05,
        longitude: 87.6,
      });
      expect(res.status).toBe(201);
      outfallId = res.body.id;
    });

    it('the archive-completeness check says what is missing, filters, and exports XLSX', async () => {
      const list = await t.http.get('/api/v1/accountability/archive-completeness?incomplete=true').set(eco);
      expect(list.status).toBe(200);
      const row = list.body.items.find((r: { outfallId: string }) => r.outfallId === outfallId);
      expect(row.missing).toEqual(['investigation', 'photos', 'tracing', 'disposition']);
      expect(list.body.summary.missingByItem.disposition).toBeGreaterThanOrEqual(1);
      const byItem = await t.http.get('/api/v1/accountability/archive-completeness?missing=sample').set(eco);
      expect(byItem.body.items.map((r: { outfallId: string }) => r.outfallId)).not.toContain(outfallId);
      expectError(
        await t.http.get('/api/v1/accountability/archive-completeness?missing=nothing').set(eco),
        400,
        'VALIDATION_FAILED',
      );
      // another township's account does not see the outfall
      const other = await t.http.get('/api/v1/accountability/archive-completeness').set(sangong);
      expect(other.body.items.map((r: { outfallId: string }) => r.outfallId)).not.toContain(outfallId);
      const job = await t.http
        .post('/api/v1/accountability/archive-completeness/export')
        .set(eco)
        .send({ incomplete: true });
      expect(job.status).toBe(202);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(job.body.id)) as never);
      const sheet = workbook.getWorksheet('一口一档完整性');
      expect(sheet?.getRow(2).getCell(7).value).toBe('现场排查记录、现场照片、溯源结论、整治类型认定');
    });

    it('generates the quarterly package (XLSX + JSON valid against its schema) and records the receipt', async () => {
      const res = await t.http.post('/api/v1/accountability/packages').set(eco).send({ quarter });
      expect(res.status).toBe(202);
      expectError(
        await t.http.post('/api/v1/accountability/packages').set(liugong).send({ quarter }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      const job = await t.waitForJob(res.body.job.id);
      expect({ state: job.state, error: job.error }).toEqual({ state: 'completed', error: null });
      const pkg = await t.http.get(`/api/v1/accountability/packages/${res.body.id}`).set(eco);
      expect(pkg.body.status).toBe('generated');
      expect(pkg.body.files.map((f: { kind: string }) => f.kind)).toEqual(['xlsx', 'json']);
      const json = await t.http
        .get(`/api/v1/accountability/packages/${res.body.id}/files/json`)
        .set(eco)
        .buffer(true)
        .parse(binary);
      expect(
        createHash('sha256')
          .update(json.body as Buffer)
          .digest('hex'),
      ).toBe(pkg.body.files[1].sha256);
      const doc = JSON.parse((json.body as Buffer).toString('utf8'));
      const schema = JSON.parse(
        readFileSync(join(__dirname, '../../../docs/upward-package.schema.json'), 'utf8'),
      );
      const ajv = new Ajv({ allErrors: true });
      const valid = ajv.validate(schema, doc);
      expect(ajv.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(doc.quarter).toBe(quarter);
      expect(doc.archive.incomplete.map((r: { outfallId: string }) => r.outfallId)).toContain(outfallId);
      // the schema does reject a broken document
      expect(ajv.validate(schema, { ...doc, quarter: '2026-3' })).toBe(false);
      const xlsx = await t.http
        .get(`/api/v1/accountability/packages/${res.body.id}/files/xlsx`)
        .set(eco)
        .buffer(true)
        .parse(binary);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as never);
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        '封面',
        '目标进度',
        '信息报送',
        '督办情况',
        '考核得分',
        '一口一档缺失',
      ]);
      const receipt = await t.http
        .put(`/api/v1/accountability/packages/${res.body.id}/receipt`)
        .set(eco)
        .send({
          sentAt: new Date().toISOString(),
          receiptNumber: '昌州环收〔2026〕12号',
          receiptOn: beijingToday(),
          version: pkg.body.version,
        });
      expect(receipt.status).toBe(200);
      expect(receipt.body).toMatchObject({
        status: 'sent',
        receiptNumber: '昌州环收〔2026〕12号',
        receiptOn: beijingToday(),
      });
      expect(
        await t.count('audit_log', `entity_type = 'upward_package' AND entity_id = $1`, [res.body.id]),
      ).toBe(2);
    });
  });
});
