import { Division } from '@outfall/org';
import { BackEntryService } from '@outfall/remediation';
import { MILESTONE_RULES } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { MARK_HAND_SET_MILESTONES } from '../src/migrations/1766100000000-milestone-provenance';
import { expectError, TestApp } from './support/test-app';

type Headers = Record<string, string>;

/**
 * Who may set which milestone (docs/milestones.md): workflow-owned milestones refuse hand writes on every path,
 * the eco branch back-enters remediation done before the platform, hand-set ones from before the rule are
 * reviewed, no milestone precedes discovery, and every milestone change is audited under its outfall.
 */
describe('milestones: owned by their workflows', () => {
  let t: TestApp;
  let eco: Headers;
  let township: Headers;
  let water: Headers;
  let divisionKey: Headers;
  let liugong: Division;
  let waterId: string;
  let seq = 0;

  async function outfall(discoveredOn = '2023-09-01', extra: object = {}) {
    seq++;
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: `里程碑测试排口${seq}`,
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: waterId,
        divisionId: liugong.id,
        discoveredOn,
        registeredOn: discoveredOn,
        longitude: 87.5 + seq * 0.003,
        latitude: 44.07,
        ...extra,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return { id: res.body.id as string, localCode: res.body.localCode as string };
  }

  const event = async (outfallId: string, type: string) =>
    (
      await t.dataSource.query<
        {
          on: string;
          source: string;
          back_entered: boolean;
          back_entry_reason: string | null;
          back_entry_document: string | null;
          review_state: string | null;
        }[]
      >(
        `SELECT to_char(effective_on, 'YYYY-MM-DD') AS on, source, back_entered, back_entry_reason,
                back_entry_document, review_state
           FROM outfall_event WHERE outfall_id = $1 AND type = $2`,
        [outfallId, type],
      )
    )[0] ?? null;

  const audits = (outfallId: string) =>
    t.dataSource.query<
      {
        action: string;
        before: { type?: string } | null;
        after: { type?: string; effectiveOn?: string } | null;
      }[]
    >(
      `SELECT action, before, after FROM audit_log WHERE entity_type = 'outfall_event' AND entity_id = $1 ORDER BY occurred_at, id`,
      [outfallId],
    );

  const sample = (outfallId: string, sampledAt: string) =>
    t.http
      .post('/api/v1/samples')
      .set(eco)
      .send({ outfallId, sampledAt, source: 'manual', values: [{ indicator: 'cod', value: 20 }] });

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    township = await t.auth('township_liugong');
    water = await t.auth('water_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const [row] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM water_body WHERE code = 'TTH'`);
    waterId = row.id;
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(await t.auth('admin'))
      .send({ name: '六工镇读写密钥', scope: 'read_write', divisionId: liugong.id });
    expect(key.status).toBe(201);
    divisionKey = { 'X-API-Key': key.body.key as string };
  }, 180_000);
  afterAll(() => t.close());

  describe('a direct write of a workflow-owned milestone is refused on every path', () => {
    const owned = Object.entries(MILESTONE_RULES).filter(([, rule]) => rule.setBy === 'workflow');

    it('has one rule: monitored, traced, decided, completed and verified belong to workflows', () => {
      expect(Object.fromEntries(owned.map(([type, rule]) => [type, rule.workflow]))).toEqual({
        monitored: 'samples',
        traced: 'tracing',
        remediation_decided: 'disposition',
        remediation_completed: 'remediation_plan',
        verified: 'remediation_plan',
      });
    });

    it.each(owned)(
      'REST, as township, water bureau, eco branch and API key: %s → 409 naming the workflow',
      async (type, rule) => {
        const o = await outfall();
        for (const headers of [township, water, eco, divisionKey]) {
          const res = await t.http
            .put(`/api/v1/outfalls/${o.id}/milestones/${type}`)
            .set(headers)
            .send({ effectiveOn: '2024-01-10' });
          expectError(res, 409, 'MILESTONE_OWNED_BY_WORKFLOW');
          expect(res.body.details).toEqual([
            expect.objectContaining({ field: 'type', workflow: rule.workflow }),
          ]);
          const removed = await t.http.delete(`/api/v1/outfalls/${o.id}/milestones/${type}`).set(headers);
          expectError(removed, 409, 'MILESTONE_OWNED_BY_WORKFLOW');
        }
        expect(await event(o.id, type)).toBeNull();
      },
    );

    it('GraphQL: setOutfallMilestone refuses remediation_completed and verified with the workflow named', async () => {
      const o = await outfall();
      for (const [type, username] of [
        ['remediation_completed', 'township_liugong'],
        ['verified', 'eco_officer'],
        ['monitored', 'water_officer'],
      ]) {
        const res = await t.graphql(
          username,
          `mutation($id: ID!) { setOutfallMilestone(outfallId: $id, type: ${type}, input: { effectiveOn: "2024-01-10" }) { id } }`,
          { id: o.id },
        );
        const error = res.body.errors?.[0];
        expect({ type, code: error?.extensions?.code, status: error?.extensions?.status }).toEqual({
          type,
          code: 'MILESTONE_OWNED_BY_WORKFLOW',
          status: 409,
        });
        expect(error.extensions.details[0].workflow).toBe(
          type === 'monitored' ? 'samples' : 'remediation_plan',
        );
      }
      expect(await t.count('outfall_event', `outfall_id = $1 AND type <> 'registered'`, [o.id])).toBe(0);
    });

    it('hand-set milestones still work: investigated by the township, REST and API key', async () => {
      const o = await outfall();
      for (const headers of [township, divisionKey]) {
        const res = await t.http
          .put(`/api/v1/outfalls/${o.id}/milestones/investigated`)
          .set(headers)
          .send({ effectiveOn: '2023-10-01' });
        expect(res.status).toBe(200);
      }
      expect(await event(o.id, 'investigated')).toMatchObject({ on: '2023-10-01', source: 'manual' });
    });

    it('a refused hand write leaves the official rates as they were', async () => {
      const o = await outfall();
      const before = await t.http.get(`/api/v1/progress?asOf=2024-12-31`).set(eco);
      const remediated = (body: {
        groups: { dimension: string; metrics: Record<string, { numerator: number }> }[];
      }) => body.groups.find((g) => g.dimension === 'city')?.metrics;
      await t.http
        .put(`/api/v1/outfalls/${o.id}/disposition`)
        .set(eco)
        .send({ disposition: 'standardise', decidedOn: '2023-10-01', reason: '测试' });
      const decided = await t.http.get(`/api/v1/progress?asOf=2024-12-31`).set(eco);
      expect(decided.status).toBe(200);
      const refused = await t.http
        .put(`/api/v1/outfalls/${o.id}/milestones/remediation_completed`)
        .set(township)
        .send({ effectiveOn: '2024-01-10' });
      expectError(refused, 409, 'MILESTONE_OWNED_BY_WORKFLOW');
      const after = await t.http.get(`/api/v1/progress?asOf=2024-12-31`).set(eco);
      expect(remediated(after.body)?.['remediation']).toEqual(remediated(decided.body)?.['remediation']);
      expect(before.status).toBe(200);
    });
  });

  describe('no milestone precedes discovery', () => {
    it('a 2023 sample on an outfall discovered in 2024 sets "monitored" on the discovery day (clamped)', async () => {
      const o = await outfall('2024-03-15');
      const res = await sample(o.id, '2023-11-20T10:00:00+08:00');
      expect(res.status).toBe(201);
      expect(await event(o.id, 'monitored')).toMatchObject({ on: '2024-03-15', source: 'workflow' });
      // a later sample does not move it; the sample itself keeps its own day
      expect((await sample(o.id, '2024-05-01T10:00:00+08:00')).status).toBe(201);
      expect(await event(o.id, 'monitored')).toMatchObject({ on: '2024-03-15' });
    });

    it('dates a person enters refuse: tracing, plan steps and a later discovery day', async () => {
      const o = await outfall('2024-03-15');
      const tracing = await t.http
        .post(`/api/v1/outfalls/${o.id}/tracing`)
        .set(eco)
        .send({ tracedOn: '2023-12-01', method: 'site_survey', complete: true, completedOn: '2023-12-02' });
      expectError(tracing, 400, 'TRACING_DATES_INVALID');
      expect(tracing.body.details[0].field).toBe('tracedOn');
      expect(await event(o.id, 'traced')).toBeNull();
      // an outfall with a milestone in 2024-04 cannot be re-dated as discovered after it
      await t.http
        .put(`/api/v1/outfalls/${o.id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: '2024-04-01' });
      const current = await t.http.get(`/api/v1/outfalls/${o.id}`).set(eco);
      const redated = await t.http
        .patch(`/api/v1/outfalls/${o.id}`)
        .set(eco)
        .send({ version: current.body.version, discoveredOn: '2024-05-01' });
      expectError(redated, 400, 'MILESTONE_BEFORE_DISCOVERY');
      expect(redated.body.details[0].field).toBe('discoveredOn');
    });

    it('hand entries and back-entries before discovery are refused with 400 naming the field', async () => {
      const o = await outfall('2024-03-15');
      const hand = await t.http
        .put(`/api/v1/outfalls/${o.id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: '2023-12-31' });
      expectError(hand, 400, 'MILESTONE_BEFORE_DISCOVERY');
      expect(hand.body.details[0].field).toBe('effectiveOn');
      const back = await t.http.post(`/api/v1/outfalls/${o.id}/back-entry`).set(eco).send({
        completedOn: '2023-12-31',
        reason: '历史整治',
        documentRef: '昌环发〔2023〕1号',
        disposition: 'standardise',
        decidedOn: '2024-03-20',
      });
      expectError(back, 400, 'MILESTONE_BEFORE_DISCOVERY');
      expect(back.body.details[0].field).toBe('completedOn');
      expect(await t.count('remediation_decision', 'outfall_id = $1', [o.id])).toBe(0);
    });
  });

  describe('workflow milestones are audited under the outfall', () => {
    it('samples, tracing, disposition and a hand entry each leave a row on the outfall with before and after', async () => {
      const o = await outfall();
      await t.http
        .put(`/api/v1/outfalls/${o.id}/milestones/investigated`)
        .set(eco)
        .send({ effectiveOn: '2023-10-01' });
      expect((await sample(o.id, '2024-02-01T10:00:00+08:00')).status).toBe(201);
      expect((await sample(o.id, '2024-01-05T10:00:00+08:00')).status).toBe(201);
      await t.http
        .post(`/api/v1/outfalls/${o.id}/tracing`)
        .set(eco)
        .send({ tracedOn: '2024-02-10', method: 'site_survey', complete: true, completedOn: '2024-02-10' });
      await t.http
        .put(`/api/v1/outfalls/${o.id}/disposition`)
        .set(eco)
        .send({ disposition: 'standardise', decidedOn: '2024-03-01', reason: '测试' });
      const rows = await audits(o.id);
      expect(rows.map((r) => [r.action, (r.after ?? r.before)?.type, r.after?.effectiveOn ?? null])).toEqual([
        ['create', 'investigated', '2023-10-01'],
        ['create', 'monitored', '2024-02-01'],
        ['update', 'monitored', '2024-01-05'],
        ['create', 'traced', '2024-02-10'],
        ['create', 'remediation_decided', '2024-03-01'],
      ]);
      expect(rows[2].before).toMatchObject({ type: 'monitored', effectiveOn: '2024-02-01' });
      const api = await t.http.get(`/api/v1/audit-logs?entityType=outfall_event&entityId=${o.id}`).set(eco);
      expect(api.body.total).toBe(5);
    });
  });

  describe('historical back-entry (补录) by the eco branch', () => {
    const body = {
      completedOn: '2023-11-30',
      verifiedOn: '2023-12-20',
      reason: '平台上线前已完成整治并核查',
      documentRef: '昌环发〔2023〕88号',
      disposition: 'standardise',
      decidedOn: '2023-10-15',
    };

    it('one call records the decision, the completion and the verification, marked back-entered everywhere', async () => {
      const o = await outfall();
      const before = await t.http.get(`/api/v1/progress?asOf=2023-12-31`).set(eco);
      const res = await t.http.post(`/api/v1/outfalls/${o.id}/back-entry`).set(eco).send(body);
      expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
        status: 200,
        body: null,
      });
      for (const type of ['remediation_completed', 'verified'])
        expect(await event(o.id, type)).toMatchObject({
          source: 'back_entry',
          back_entered: true,
          back_entry_reason: body.reason,
          back_entry_document: body.documentRef,
        });
      expect(await event(o.id, 'remediation_decided')).toMatchObject({
        on: '2023-10-15',
        source: 'workflow',
      });
      const detail = await t.http.get(`/api/v1/outfalls/${o.id}`).set(township);
      const milestones = detail.body.events as {
        type: string;
        backEntered: boolean;
        backEntryDocument: string;
      }[];
      expect(milestones.find((m) => m.type === 'verified')).toMatchObject({
        backEntered: true,
        backEntryDocument: body.documentRef,
      });
      const gql = await t.graphql(
        'eco_officer',
        `query($id: ID!) { outfall(id: $id) { events { type backEntered backEntryReason } } }`,
        { id: o.id },
      );
      expect(gql.body.data.outfall.events).toContainEqual({
        type: 'remediation_completed',
        backEntered: true,
        backEntryReason: body.reason,
      });
      const after = await t.http.get(`/api/v1/progress?asOf=2023-12-31`).set(eco);
      const city = (b: { groups: { dimension: string; metrics: Record<string, { numerator: number }> }[] }) =>
        Object.fromEntries(
          Object.entries(b.groups.find((g) => g.dimension === 'city')?.metrics ?? {}).map(([k, v]) => [
            k,
            v.numerator,
          ]),
        );
      const delta = Object.fromEntries(
        Object.entries(city(after.body)).map(([k, v]) => [k, v - (city(before.body)[k] ?? 0)]),
      );
      expect(delta).toMatchObject({ remediation: 1 });
      const logged = await audits(o.id);
      expect(logged.filter((r) => r.after?.type === 'verified')).toHaveLength(1);

      // the ledgers and the archive mark it as back-entered
      const workbook = async (body: object) => {
        const job = await t.http.post('/api/v1/remediation/ledgers').set(eco).send(body);
        expect(job.status).toBe(202);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await t.download(job.body.id)) as never);
        return book;
      };
      const rows = (sheet: ExcelJS.Worksheet) => {
        const headers = sheet.getRow(1).values as string[];
        return sheet
          .getRows(2, sheet.rowCount - 1)!
          .map((row) =>
            Object.fromEntries(headers.map((h, i) => [h, row.getCell(i).text]).filter(([h]) => h)),
          );
      };
      const ledger = rows((await workbook({ kind: 'rectification', outfallId: o.id })).worksheets[0]);
      expect(ledger).toEqual([
        expect.objectContaining({
          排污口编码: o.localCode,
          状态: '已核查销号（补录）',
          完成日期: '2023-11-30',
          销号日期: '2023-12-20',
          历史补录: '是',
          补录原因: body.reason,
          依据文件: body.documentRef,
        }),
      ]);
      const archive = await workbook({ kind: 'archive', outfallId: o.id });
      expect(rows(archive.getWorksheet('里程碑')!)).toContainEqual(
        expect.objectContaining({ 里程碑: '核查销号', 日期: '2023-12-20', 来源: '历史补录', 历史补录: '是' }),
      );
      expect(rows(archive.getWorksheet('一口一策方案')!)).toEqual([
        expect.objectContaining({ 历史补录: '是' }),
      ]);

      // the quarterly dispatch report counts and lists it
      // (the city closes the quarter: its snapshot is frozen now, with the back-entry in it)
      const closed = await t.http
        .post('/api/v1/progress/quarters/2024Q1/close')
        .set(eco)
        .send({ reason: '补录数据已核实' });
      expect(closed.status).toBe(202);
      await t.waitForJob(closed.body.job.id, 60_000);
      const [snapshot] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM progress_snapshot WHERE quarter = '2024Q1' ORDER BY version DESC LIMIT 1`,
      );
      const report = async (format: string) => {
        const job = await t.http
          .post(`/api/v1/progress/snapshots/${snapshot.id}/report`)
          .set(eco)
          .send({ format });
        expect(job.status).toBe(202);
        return t.download(job.body.id);
      };
      const html = (await report('html')).toString('utf8');
      expect(html).toContain('历史补录');
      expect(html).toContain(body.documentRef);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await report('xlsx')) as never);
      const sheet = book.getWorksheet('历史补录')!;
      const count = Number(/(\d+) 个/.exec(sheet.getRow(1).getCell(1).text)?.[1]);
      expect(count).toBe(sheet.rowCount - 2);
      const codes = sheet.getRows(3, sheet.rowCount - 2)!.map((row) => row.getCell(1).text);
      expect(codes).toContain(o.localCode);
    });

    it('a back-entry entered by mistake is reverted by the eco branch; a hand DELETE is refused', async () => {
      const o = await outfall();
      const res = await t.http
        .post(`/api/v1/outfalls/${o.id}/back-entry`)
        .set(eco)
        .send({ ...body, verifiedOn: undefined });
      expect(res.status).toBe(200);
      expectError(
        await t.http.delete(`/api/v1/outfalls/${o.id}/milestones/remediation_completed`).set(eco),
        409,
        'MILESTONE_OWNED_BY_WORKFLOW',
      );
      const reverted = await t.http
        .post(`/api/v1/outfalls/${o.id}/milestones/remediation_completed/revert`)
        .set(eco);
      expect(reverted.body).toEqual({ milestone: null });
      expect(await event(o.id, 'remediation_completed')).toBeNull();
      // the decision recorded with it stays (it is the disposition workflow's)
      expect(await event(o.id, 'remediation_decided')).toMatchObject({ source: 'workflow' });
    });

    it('plan steps dated before discovery are refused (the date would become a milestone)', async () => {
      const o = await outfall('2024-03-15');
      await t.http
        .put(`/api/v1/outfalls/${o.id}/disposition`)
        .set(eco)
        .send({ disposition: 'standardise', decidedOn: '2024-03-20', reason: '测试' });
      const [unit] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM unit WHERE division_id = $1 AND kind = 'township' LIMIT 1`,
        [liugong.id],
      );
      const plan = await t.http.post('/api/v1/remediation/plans').set(eco).send({
        outfallId: o.id,
        measures: '规范整治',
        targetState: 'closed_restored',
        responsibleUnitId: unit.id,
        responsiblePerson: '李四',
        responsiblePhone: '13900000000',
        deadline: '2025-08-31',
      });
      expect(plan.status).toBe(201);
      const submit = await t.http
        .post(`/api/v1/remediation/plans/${plan.body.id}/transitions`)
        .set(eco)
        .send({ action: 'submit', version: plan.body.version, on: '2024-01-02' });
      expectError(submit, 400, 'REMEDIATION_DATES_INVALID');
      expect(submit.body.details[0].field).toBe('on');
      // and with a plan, back-entry is refused: the plan owns the remediation
      const back = await t.http.post(`/api/v1/outfalls/${o.id}/back-entry`).set(eco).send(body);
      expectError(back, 409, 'REMEDIATION_PLAN_EXISTS');
    });

    it('is refused without a reason or document, to other roles, and when a plan owns the remediation', async () => {
      const o = await outfall();
      for (const field of ['reason', 'documentRef']) {
        const res = await t.http
          .post(`/api/v1/outfalls/${o.id}/back-entry`)
          .set(eco)
          .send({ ...body, [field]: '' });
        expectError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
      }
      const noDecision = await t.http
        .post(`/api/v1/outfalls/${o.id}/back-entry`)
        .set(eco)
        .send({ completedOn: body.completedOn, reason: body.reason, documentRef: body.documentRef });
      expectError(noDecision, 400, 'VALIDATION_FAILED');
      expect(noDecision.body.details[0].field).toBe('disposition');
      for (const headers of [township, water, divisionKey])
        expect(
          (await t.http.post(`/api/v1/outfalls/${o.id}/back-entry`).set(headers).send(body)).status,
        ).toBe(403);
      expect(await t.count('outfall_event', `outfall_id = $1 AND type <> 'registered'`, [o.id])).toBe(0);
    });

    it('bulk XLSX: template, row-level errors, all-or-nothing and valid-only', async () => {
      const template = await t.http
        .get('/api/v1/remediation/back-entries/template')
        .set(eco)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(template.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(template.body as never);
      const sheet = workbook.worksheets[0];
      const headers = (sheet.getRow(1).values as string[]).slice(1);
      expect(headers).toEqual([
        '排污口编码',
        '整治完成日期',
        '核查销号日期',
        '补录原因',
        '依据文件',
        '整治方式',
        '认定日期',
      ]);
      const [a, b] = [await outfall(), await outfall()];
      sheet.addRow([
        a.localCode,
        '2023-11-01',
        '2023-11-20',
        '历史整治',
        '昌环发〔2023〕5号',
        '规范整治',
        '2023-10-01',
      ]);
      sheet.addRow([b.localCode, '2023-11-01', '', '', '昌环发〔2023〕6号', '依法取缔', '2023-10-01']);
      sheet.addRow(['NO-SUCH-CODE', '2023-11-01', '', '历史整治', '文件', '规范整治', '2023-10-01']);
      const file = Buffer.from(await workbook.xlsx.writeBuffer());
      const upload = (mode: string) =>
        t.http
          .post('/api/v1/remediation/back-entries/imports')
          .set(eco)
          .field('mode', mode)
          .attach('file', file, 'back-entries.xlsx');
      const all = await upload('all_or_nothing');
      expect(all.status).toBe(202);
      const allJob = await t.waitForJob(all.body.id);
      expect(allJob.result).toMatchObject({ committed: false, rows: 3, rejected: 2 });
      expect((allJob.result as { errors: { row: number; field: string }[] }).errors).toEqual([
        expect.objectContaining({ row: 3, field: '补录原因' }),
        expect.objectContaining({ row: 4, field: '排污口编码' }),
      ]);
      expect(await event(a.id, 'remediation_completed')).toBeNull();
      const valid = await upload('valid_only');
      const validJob = await t.waitForJob(valid.body.id);
      expect(validJob.result).toMatchObject({ committed: true, updated: 1, rejected: 2 });
      expect(await event(a.id, 'verified')).toMatchObject({ on: '2023-11-20', back_entered: true });
      expect(await event(b.id, 'remediation_completed')).toBeNull();
    });
  });

  describe('existing databases: hand-set workflow milestones are reviewed', () => {
    it('the migration marks them, the list and the CLI show them, the eco branch confirms or reverts each', async () => {
      const hand = await outfall();
      const sampled = await outfall();
      const genuine = await outfall();
      expect((await sample(sampled.id, '2024-04-01T10:00:00+08:00')).status).toBe(201);
      expect((await sample(genuine.id, '2024-04-01T10:00:00+08:00')).status).toBe(201);
      // what the old PUT wrote: workflow-owned milestones by hand
      await t.dataSource.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source) VALUES
           ($1, 'remediation_decided', '2023-10-01', 'manual'), ($1, 'remediation_completed', '2023-11-01', 'manual'),
           ($1, 'verified', '2023-12-01', 'import')`,
        [hand.id],
      );
      await t.dataSource.query(
        `UPDATE outfall_event SET source = 'manual', effective_on = '2024-03-01' WHERE outfall_id = $1 AND type = 'monitored'`,
        [sampled.id],
      );
      await t.dataSource.query(MARK_HAND_SET_MILESTONES);
      const list = await t.http.get('/api/v1/remediation/milestone-reviews').set(eco);
      expect(list.status).toBe(200);
      const mine = (items: { outfallId: string; type: string }[]) =>
        items
          .filter((i) => [hand.id, sampled.id, genuine.id].includes(i.outfallId))
          .map((i) => `${i.outfallId === hand.id ? 'hand' : 'sampled'}:${i.type}`)
          .sort();
      const expected = [
        'hand:remediation_completed',
        'hand:remediation_decided',
        'hand:verified',
        'sampled:monitored',
      ];
      expect(mine(list.body)).toEqual(expected);
      // the CLI command lists the same rows (all jurisdictions)
      expect(mine(await t.app.get(BackEntryService).reviewList(null))).toEqual(expected);

      // confirm: becomes a back-entry with the reason
      expectError(
        await t.http
          .post(`/api/v1/outfalls/${hand.id}/milestones/verified/confirm`)
          .set(eco)
          .send({ reason: '' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(
        (
          await t.http
            .post(`/api/v1/outfalls/${hand.id}/milestones/verified/confirm`)
            .set(township)
            .send({ reason: '核实', documentRef: '文件' })
        ).status,
      ).toBe(403);
      const confirmed = await t.http
        .post(`/api/v1/outfalls/${hand.id}/milestones/remediation_completed/confirm`)
        .set(eco)
        .send({ reason: '已核实纸质验收材料', documentRef: '验收报告2023-11' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body).toMatchObject({ backEntered: true, source: 'back_entry', reviewState: null });
      // revert: the hand-set one goes, and what the workflow says takes its place
      const reverted = await t.http.post(`/api/v1/outfalls/${hand.id}/milestones/verified/revert`).set(eco);
      expect(reverted.body).toEqual({ milestone: null });
      const resampled = await t.http
        .post(`/api/v1/outfalls/${sampled.id}/milestones/monitored/revert`)
        .set(eco);
      expect(resampled.body.milestone).toMatchObject({ source: 'workflow', effectiveOn: '2024-04-01' });
      expectError(
        await t.http.post(`/api/v1/outfalls/${genuine.id}/milestones/monitored/revert`).set(eco),
        409,
        'MILESTONE_NOT_REVIEWABLE',
      );
      expect(mine((await t.http.get('/api/v1/remediation/milestone-reviews').set(eco)).body)).toEqual([
        'hand:remediation_decided',
      ]);
      const logged = await audits(hand.id);
      expect(logged.slice(-2).map((r) => [r.action, (r.after ?? r.before)?.type])).toEqual([
        ['update', 'remediation_completed'],
        ['delete', 'verified'],
      ]);
    });
  });
});
