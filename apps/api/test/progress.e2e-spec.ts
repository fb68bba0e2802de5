import { beijingDay, beijingToday } from '@outfall/common';
import { Division, Unit } from '@outfall/org';
import { SnapshotsService } from '@outfall/progress';
import { PROGRESS_METRIC_LABELS } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
/** The sheets that other domains contribute to the dispatch report, in their section order. */
const SECTION_SHEETS = [
  '监测超标（按乡镇和类别）',
  '长期超标排污口',
  '排污许可证到期预警',
  '自行监测缺失（按乡镇）',
  '执法案件（按违法类型）',
  '执法案件（按办理状态）',
  '本季度巡查',
  '逾期未巡查',
  '巡查发现问题',
  '公众举报（按乡镇）',
  '公众举报（按承办单位）',
  '部门任务分工落实',
  '督办情况',
  '信息报送情况',
];
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);

/**
 * A hand-built set of dated events. K* are on the key river 头屯河, O* on 洛克伦河 (a county-level river);
 * K5 is a duplicate record of K1, merged into it. Expected rates are worked out by hand in each test.
 */
describe('targets and quarterly progress', () => {
  let t: TestApp;
  let eco: Headers;
  let admin: Headers;
  let liugong: Division;
  let sangong: Division;
  const id: Record<string, string> = {};

  async function outfall(name: string, water: string, division: Division, registeredOn: string, lon: number) {
    const [row] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM water_body WHERE code = $1`, [
      water,
    ]);
    const res = await t.http.post('/api/v1/outfalls').set(eco).send({
      name,
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: row.id,
      divisionId: division.id,
      longitude: lon,
      latitude: 44.3,
      discoveredOn: registeredOn,
      registeredOn,
    });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    id[name] = res.body.id;
    return res.body.id as string;
  }

  async function milestone(name: string, type: string, effectiveOn: string) {
    if (type === 'traced') {
      // "traced" is owned by the tracing workflow: a complete tracing record sets it
      const traced = await t.http
        .post(`/api/v1/outfalls/${id[name]}/tracing`)
        .set(eco)
        .send({ tracedOn: effectiveOn, method: 'site_survey', complete: true, completedOn: effectiveOn });
      expect({ status: traced.status, body: traced.status === 201 ? null : traced.body }).toEqual({
        status: 201,
        body: null,
      });
      return;
    }
    const res = await t.http
      .put(`/api/v1/outfalls/${id[name]}/milestones/${type}`)
      .set(eco)
      .send({ effectiveOn });
    expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
      status: 200,
      body: null,
    });
  }

  /**
   * A tracing result entered today with an earlier field date. Written through the milestone helper the
   * fixture uses (kept in one place so it can follow however milestones come to be written).
   */
  async function backEnteredTracing(name: string, tracedOn: string) {
    await milestone(name, 'traced', tracedOn);
  }

  async function decide(name: string, disposition: string, decidedOn: string) {
    const res = await t.http
      .put(`/api/v1/outfalls/${id[name]}/disposition`)
      .set(eco)
      .send({ disposition, decidedOn, reason: '测试数据' });
    expect(res.status).toBe(200);
  }

  async function plan(name: string, submittedOn: string, completedOn?: string) {
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
    const created = await t.http.post('/api/v1/remediation/plans').set(eco).send({
      outfallId: id[name],
      measures: '规范整治',
      targetState: 'closed_restored',
      responsibleUnitId: unit.id,
      responsiblePerson: '李四',
      responsiblePhone: '13900000000',
      deadline: '2025-08-31',
    });
    expect(created.status).toBe(201);
    const step = async (action: string, on?: string) => {
      const current = await t.http.get(`/api/v1/remediation/plans/${created.body.id}`).set(eco);
      const res = await t.http
        .post(`/api/v1/remediation/plans/${created.body.id}/transitions`)
        .set(eco)
        .send({ action, version: current.body.version, on });
      expect({ status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
        status: 200,
        body: null,
      });
    };
    await step('submit', submittedOn);
    if (!completedOn) return;
    await step('approve', submittedOn);
    await step('start');
    const photo = await t.http
      .post(`/api/v1/outfalls/${id[name]}/attachments`)
      .set(eco)
      .field('kind', 'photo')
      .attach('file', JPEG, 'after.jpg');
    const current = await t.http.get(`/api/v1/remediation/plans/${created.body.id}`).set(eco);
    await t.http
      .patch(`/api/v1/remediation/plans/${created.body.id}`)
      .set(eco)
      .send({ version: current.body.version, afterPhotoIds: [photo.body.id] });
    await step('complete', completedOn);
  }

  type Metric = {
    numerator: number;
    denominator: number;
    rate: number | null;
    target: number | null;
    met: boolean | null;
  };
  type Group = { dimension: string; key: string; label: string; metrics: Record<string, Metric> };
  const progress = async (asOf: string, headers = eco) => {
    const res = await t.http.get(`/api/v1/progress?asOf=${asOf}`).set(headers);
    expect(res.status).toBe(200);
    return res.body as { groups: Group[] };
  };
  const group = (body: { groups: Group[] }, dimension: string, key?: string) =>
    body.groups.find((g) => g.dimension === dimension && (key === undefined || g.key === key)) as Group;
  const counts = (g: Group) =>
    Object.fromEntries(Object.entries(g.metrics).map(([m, v]) => [m, `${v.numerator}/${v.denominator}`]));

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    admin = await t.auth('admin');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    await outfall('K1', 'TTH', liugong, '2023-09-01', 87.3);
    await milestone('K1', 'investigated', '2023-09-10');
    await milestone('K1', 'traced', '2023-11-01');
    await decide('K1', 'standardise', '2023-11-15');
    await plan('K1', '2023-12-01', '2024-12-31');
    await outfall('K2', 'TTH', liugong, '2023-09-01', 87.31);
    await milestone('K2', 'investigated', '2023-09-12');
    await milestone('K2', 'traced', '2024-03-01');
    await decide('K2', 'keep', '2024-03-05');
    await outfall('K3', 'TTH', liugong, '2023-10-01', 87.32);
    await milestone('K3', 'investigated', '2023-10-05');
    await milestone('K3', 'traced', '2024-06-01');
    await decide('K3', 'ban', '2024-06-10');
    await plan('K3', '2024-06-20', '2025-01-01');
    await outfall('K4', 'TTH', liugong, '2024-02-01', 87.33);
    await milestone('K4', 'investigated', '2024-02-02');
    await outfall('K5', 'TTH', liugong, '2023-09-02', 87.34);
    const merged = await t.http
      .post(`/api/v1/outfalls/${id.K5}/merge`)
      .set(eco)
      .send({ intoId: id.K1, reason: '重复登记' });
    expect(merged.status).toBe(200);
    await outfall('O1', 'LKL', sangong, '2023-09-05', 87.0);
    await milestone('O1', 'investigated', '2023-12-20');
    await milestone('O1', 'traced', '2024-01-05');
    await decide('O1', 'standardise', '2024-01-10');
    await plan('O1', '2024-02-01', '2025-08-31');
    await outfall('O2', 'LKL', sangong, '2023-09-05', 87.01);
    await outfall('O3', 'LKL', liugong, '2025-03-01', 87.02);
    await milestone('O3', 'investigated', '2025-03-02');
    await milestone('O3', 'traced', '2025-04-01');
    await decide('O3', 'standardise', '2025-04-02');
  });
  afterAll(() => t.close());

  it('computes every rate as of 2023-12-31 by hand', async () => {
    const p = await progress('2023-12-31');
    // registered: K1 K2 K3 O1 O2 (K4 and O3 later, K5 a merged duplicate)
    expect(counts(group(p, 'city'))).toEqual({
      investigation: '4/5',
      plan: '1/1',
      tracing: '1/5',
      remediation: '0/1',
    });
    const key = group(p, 'scope', 'key_rivers');
    expect(counts(key)).toEqual({ investigation: '3/3', plan: '1/1', tracing: '1/3', remediation: '0/1' });
    expect(key.metrics.tracing).toMatchObject({ rate: 0.3333, target: 0.8, met: false });
    expect(key.metrics.investigation).toMatchObject({ rate: 1, target: 1, met: true });
    expect(counts(group(p, 'scope', 'other_rivers'))).toEqual({
      investigation: '1/2',
      plan: '0/0',
      tracing: '0/2',
      remediation: '0/0',
    });
  });

  it('counts a completion on 2024-12-31 (Beijing) in 2024 and leaves kept outfalls out of the denominator', async () => {
    const p = await progress('2024-12-31');
    // requires remediation: K1, K3, O1 (K2 kept); completed: K1 on 2024-12-31; K3's 2025-01-01 not yet
    expect(counts(group(p, 'city'))).toEqual({
      investigation: '5/6',
      plan: '3/3',
      tracing: '4/6',
      remediation: '1/3',
    });
    const key = group(p, 'scope', 'key_rivers');
    expect(key.metrics.remediation).toMatchObject({
      numerator: 1,
      denominator: 2,
      rate: 0.5,
      target: 0.7,
      met: false,
    });
    expect(key.metrics.tracing).toMatchObject({ rate: 0.75, target: 1, met: false, gap: 0.25 });
    expect(counts(group(p, 'township', sangong.id))).toEqual({
      investigation: '1/2',
      plan: '1/1',
      tracing: '1/2',
      remediation: '0/1',
    });
    const river = group(p, 'river');
    expect(river).toBeDefined();
    expect(group(p, 'category', 'industrial').metrics.registered).toBeUndefined();
  });

  it('counts a completion on the 2025-08-31 deadline itself', async () => {
    const p = await progress('2025-08-31');
    expect(counts(group(p, 'city'))).toEqual({
      investigation: '6/7',
      plan: '3/4',
      tracing: '5/7',
      remediation: '3/4',
    });
    expect(group(p, 'scope', 'key_rivers').metrics.remediation).toMatchObject({
      rate: 1,
      target: 1,
      met: true,
    });
    expect(group(p, 'scope', 'other_rivers').metrics.remediation).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
    // the same question asked again gives the same answer
    expect(await progress('2025-08-31')).toEqual(p);
    expectError(await t.http.get('/api/v1/progress?asOf=2999-01-01').set(eco), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/v1/progress?asOf=yesterday').set(eco), 400, 'VALIDATION_FAILED');
  });

  it('shows a township only its own breakdown', async () => {
    const p = await progress('2024-12-31', await t.auth('township_sangong'));
    expect(counts(group(p, 'city'))).toEqual({
      investigation: '1/2',
      plan: '1/1',
      tracing: '1/2',
      remediation: '0/1',
    });
    expect(p.groups.filter((g) => g.dimension === 'township').map((g) => g.key)).toEqual([sangong.id]);
  });

  it('forecasts from the pace of the last two quarters and lists overdue work', async () => {
    const res = await t.http.get('/api/v1/progress/forecast?asOf=2024-12-31').set(eco);
    expect(res.status).toBe(200);
    const keyRemediation = res.body.rows.find(
      (r: { dimension: string; key: string; metric: string; deadline: string }) =>
        r.dimension === 'scope' &&
        r.key === 'key_rivers' &&
        r.metric === 'remediation' &&
        r.deadline === '2025-08-31',
    );
    // 2024-07-02: 0 of 2 done; 2024-12-31: 1 of 2 → 0.5 in 182 days → 1 (capped) by the deadline
    expect(keyRemediation).toMatchObject({
      rate: 0.5,
      previousRate: 0,
      target: 1,
      projected: 1,
      status: 'on_track',
    });
    expect(keyRemediation.metOn > '2024-12-31' && keyRemediation.metOn < '2025-08-31').toBe(true);
    const overdue = await t.http.get('/api/v1/progress/overdue?asOf=2025-09-01').set(eco);
    // O3 decided but has no plan; every plan is completed by 2025-08-31 → none overdue
    expect(overdue.body.plans.total).toBe(0);
    // untraced after the first tracing deadline of their river group (key 2023-12-31, other 2024-12-31): K4, O2
    expect(overdue.body.untraced.items.map((o: { outfallId: string }) => o.outfallId).sort()).toEqual(
      [id.K4, id.O2].sort(),
    );
  });

  it('freezes no past quarter on a fresh database; the city closes a quarter once and old versions are kept', async () => {
    // every quarter from 2023Q3 ended before this database went live: none closes itself, none is frozen
    const first = await t.http.post('/api/v1/progress/snapshots/catch-up').set(admin);
    expect(first.status).toBe(202);
    expect(first.body).toEqual([]);
    expect(await t.count('progress_snapshot')).toBe(0);
    const open = await t.http.get('/api/v1/progress/quarters').set(eco);
    expect(open.body.length).toBeGreaterThanOrEqual(13); // 2023Q3 … the last ended quarter
    expect(
      open.body.every(
        (q: { closed: unknown; snapshot: unknown; autoCloseOn: unknown }) =>
          q.closed === null && q.snapshot === null && q.autoCloseOn === null,
      ),
    ).toBe(true);
    expectError(
      await t.http.post('/api/v1/progress/snapshots/catch-up').set(eco),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    expectError(
      await t.http
        .post('/api/v1/progress/snapshots/recompute')
        .set(admin)
        .send({ quarter: '2024Q4', reason: 'x' }),
      409,
      'QUARTER_OPEN',
    );

    // the city (eco branch) closes 2024Q4: its snapshot is frozen now, once
    const closed = await t.http
      .post('/api/v1/progress/quarters/2024Q4/close')
      .set(eco)
      .send({ reason: '数据已核实' });
    expect(closed.status).toBe(202);
    expect(closed.body.quarter).toMatchObject({
      quarter: '2024Q4',
      closed: { kind: 'city', reason: '数据已核实' },
    });
    expect((await t.waitForJob(closed.body.job.id, 60_000)).result).toMatchObject({
      quarter: '2024Q4',
      version: 1,
    });
    expectError(
      await t.http.post('/api/v1/progress/quarters/2024Q4/close').set(eco).send({}),
      409,
      'QUARTER_CLOSED',
    );
    expectError(
      await t.http
        .post('/api/v1/progress/quarters/2024Q3/close')
        .set(await t.auth('township_sangong'))
        .send({}),
      403,
      'AUTH_PERMISSION_DENIED',
    );
    expectError(
      await t.http.post('/api/v1/progress/quarters/2999Q1/close').set(eco).send({}),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.http.post('/api/v1/progress/quarters/2024Q5/close').set(eco).send({}),
      400,
      'VALIDATION_FAILED',
    );
    expect(await t.count('progress_snapshot')).toBe(1);
    expect(await t.count('audit_log', `entity_type = 'progress_quarter' AND entity_id = '2024Q4'`)).toBe(1);

    const list = await t.http.get('/api/v1/progress/snapshots?limit=200').set(eco);
    const q4 = list.body.items.find((s: { quarter: string }) => s.quarter === '2024Q4');
    const frozen = await t.http.get(`/api/v1/progress/snapshots/${q4.id}`).set(eco);
    const city = frozen.body.data.progress.groups.find((g: Group) => g.dimension === 'city');
    expect(counts(city)).toEqual(counts(group(await progress('2024-12-31'), 'city')));
    expect(frozen.body.data.ledgers).toEqual({
      investigation: 5,
      waterQuality: 0,
      // "traced" comes from tracing records (K1, K2, K3, O1 by 2024-12-31), not from milestones entered by hand
      tracing: 4,
      rectification: 3,
    });

    // a closed quarter whose snapshot is missing (server down when it closed) is caught up, and only that one
    await t.dataSource.query(`DELETE FROM progress_snapshot WHERE quarter = '2024Q4'`);
    const caught = await t.http.post('/api/v1/progress/snapshots/catch-up').set(admin);
    expect(caught.body).toHaveLength(1);
    expect((await t.waitForJob(caught.body[0].id)).result).toMatchObject({
      quarter: '2024Q4',
      version: 1,
      created: true,
    });

    const recompute = await t.http
      .post('/api/v1/progress/snapshots/recompute')
      .set(admin)
      .send({ quarter: '2024Q4', reason: '补录2024年12月整治完成数据' });
    expect(recompute.status).toBe(202);
    expect((await t.waitForJob(recompute.body.id)).result).toMatchObject({ version: 2, created: true });
    const versions = await t.dataSource.query<{ version: number; current: boolean }[]>(
      `SELECT version, current FROM progress_snapshot WHERE quarter = '2024Q4' ORDER BY version`,
    );
    expect(versions).toEqual([
      { version: 1, current: false },
      { version: 2, current: true },
    ]);
    expectError(
      await t.http
        .post('/api/v1/progress/snapshots/recompute')
        .set(admin)
        .send({ quarter: '2999Q1', reason: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    const latest = await t.http
      .get('/api/v1/progress/snapshots/latest')
      .set(await t.auth('township_sangong'));
    expect(latest.status).toBe(200);
    expect(
      latest.body.data.progress.groups.every((g: Group) => g.key === sangong.id || g.dimension === 'unit'),
    ).toBe(true);
    expect(latest.body.data.overdue).toBeUndefined();
  });

  it('writes the dispatch report as XLSX and as a printable HTML page', async () => {
    const latest = await t.http.get('/api/v1/progress/snapshots/latest').set(eco);
    const download = async (format: string) => {
      const queued = await t.http
        .post(`/api/v1/progress/snapshots/${latest.body.id}/report`)
        .set(eco)
        .send({ format });
      expect(queued.status).toBe(202);
      return t.download(queued.body.id);
    };
    const html = (await download('html')).toString('utf8');
    expect(html).toContain('季度调度报告');
    expect(html).toContain('size: A4');
    expect(html).toContain('整治率');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as never);
    // the summary first, then the progress sheets, then the sections other domains contribute, by order
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '调度摘要',
      '总体进度',
      '分组进度',
      '进度预测',
      '落后单位',
      '逾期方案',
      '逾期未溯源',
      '四项台账',
      '历史补录',
      ...SECTION_SHEETS,
    ]);
    expectError(
      await t.http
        .post(`/api/v1/progress/snapshots/${latest.body.id}/report`)
        .set(eco)
        .send({ format: 'pdf' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('keeps targets as editable data', async () => {
    const targets = await t.http.get('/api/v1/progress/targets').set(eco);
    expect(targets.body).toHaveLength(12);
    const keyTracing2024 = targets.body.find(
      (x: { scope: string; metric: string; deadline: string }) =>
        x.scope === 'key_rivers' && x.metric === 'tracing' && x.deadline === '2024-12-31',
    );
    const eased = await t.http
      .put(`/api/v1/progress/targets/${keyTracing2024.id}`)
      .set(admin)
      .send({
        ...keyTracing2024,
        threshold: 0.75,
        id: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      });
    expect(eased.status).toBe(200);
    const key = group(await progress('2024-12-31'), 'scope', 'key_rivers');
    expect(key.metrics.tracing).toMatchObject({ rate: 0.75, target: 0.75, met: true });
    expectError(
      await t.http
        .post('/api/v1/progress/targets')
        .set(admin)
        .send({ scope: 'key_rivers', metric: 'tracing', deadline: '2026-01-01', threshold: 1.5 }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('closes a quarter that ended while the platform was live by itself PROGRESS_QUARTER_CLOSE_DAYS later', async () => {
    const snapshots = t.app.get(SnapshotsService);
    // as if the platform had gone live on 2023-12-15: 2023Q4 closes itself 15 days after its end, 2023Q3 never
    await t.dataSource.query(`UPDATE progress_clock SET live_since = '2023-12-15T00:00:00+08:00'`);
    try {
      expect(await snapshots.catchUp(new Date('2024-01-14T23:00:00+08:00'))).toEqual([]);
      const jobs = await snapshots.catchUp(new Date('2024-01-15T00:05:00+08:00'));
      expect(jobs).toHaveLength(1);
      expect((await t.waitForJob(jobs[0].id, 60_000)).result).toMatchObject({
        quarter: '2023Q4',
        version: 1,
      });
      const [close] = await t.dataSource.query(
        `SELECT kind FROM progress_quarter_close WHERE quarter = '2023Q4'`,
      );
      expect(close).toEqual({ kind: 'auto' });
      expect(await t.count('progress_quarter_close', `quarter = '2023Q3'`)).toBe(0);
      const quarters = await t.http.get('/api/v1/progress/quarters').set(eco);
      const byName = (q: string) => quarters.body.find((x: { quarter: string }) => x.quarter === q);
      expect(byName('2023Q4')).toMatchObject({ autoCloseOn: '2024-01-15', closed: { kind: 'auto' } });
      expect(byName('2023Q3')).toMatchObject({ autoCloseOn: null, closed: null, snapshot: null });
    } finally {
      await t.dataSource.query(`UPDATE progress_clock SET live_since = now()`);
    }
  });

  it('compares with the latest version of the previous quarter: a backfill and a recompute leave no false drop', async () => {
    const close = async (quarter: string) => {
      const res = await t.http.post(`/api/v1/progress/quarters/${quarter}/close`).set(eco).send({});
      expect(res.status).toBe(202);
      return ((await t.waitForJob(res.body.job.id, 60_000)).result as { snapshotId: string }).snapshotId;
    };
    const report = async (snapshotId: string) => {
      const queued = await t.http
        .post(`/api/v1/progress/snapshots/${snapshotId}/report`)
        .set(eco)
        .send({ format: 'html' });
      expect(queued.status).toBe(202);
      return (await t.download(queued.body.id)).toString('utf8');
    };
    // the city-wide investigation row of the report: its change since last quarter
    const investigationChange = (html: string) =>
      new RegExp(
        `<tr><td>全市</td><td>${PROGRESS_METRIC_LABELS.investigation.zh}</td>(?:<td>[^<]*</td>){5}<td>([^<]*)</td></tr>`,
      ).exec(html)?.[1];

    await close('2025Q2'); // 6 of 7 investigated
    // a backfill after 2025Q2 was closed: an outfall registered in January 2025, never investigated
    await outfall('X1', 'LKL', sangong, '2025-01-05', 87.05);
    const q3 = await close('2025Q3'); // 6 of 8
    const stale = await t.http.get(`/api/v1/progress/snapshots/${q3}/comparison`).set(eco);
    expect(stale.body.previous).toMatchObject({ quarter: '2025Q2', version: 1 });
    const staleHtml = await report(q3);
    expect(staleHtml).toContain('上季度 2025Q2 第 1 版');
    expect(investigationChange(staleHtml)).toBe('-10.7 个百分点'); // 6/8 against the stale 6/7

    const recompute = await t.http
      .post('/api/v1/progress/snapshots/recompute')
      .set(admin)
      .send({ quarter: '2025Q2', reason: '补录2025年1月登记的排污口' });
    expect((await t.waitForJob(recompute.body.id, 60_000)).result).toMatchObject({
      quarter: '2025Q2',
      version: 2,
    });
    const fresh = await t.http.get(`/api/v1/progress/snapshots/${q3}/comparison`).set(eco);
    expect(fresh.body.snapshot).toMatchObject({ id: q3, quarter: '2025Q3', version: 1 });
    expect(fresh.body.previous).toMatchObject({ quarter: '2025Q2', version: 2, current: true });
    expect(Date.parse(fresh.body.previous.computedAt)).toBeGreaterThan(
      Date.parse(stale.body.previous.computedAt),
    );
    const html = await report(q3);
    expect(html).toContain('本季度 2025Q3 第 1 版');
    expect(html).toContain('上季度 2025Q2 第 2 版');
    expect(investigationChange(html)).toBe('0.0 个百分点'); // 6/8 against 6/8
    const gql = await t.graphql('eco_officer', `query($id: ID!) { progressSnapshotComparison(id: $id) }`, {
      id: q3,
    });
    expect(gql.body.data.progressSnapshotComparison.previous).toMatchObject({
      quarter: '2025Q2',
      version: 2,
    });
    const closeGql = await t.graphql(
      'eco_officer',
      `mutation { closeProgressQuarter(quarter: "2025Q3", input: { reason: "again" }) }`,
    );
    expect(closeGql.body.errors?.[0]?.extensions?.code).toBe('QUARTER_CLOSED');
    const openGql = await t.graphql('eco_officer', `mutation { closeProgressQuarter(quarter: "2025Q1") }`);
    expect(openGql.body.errors).toBeUndefined();
    expect(openGql.body.data.closeProgressQuarter.quarter).toMatchObject({
      quarter: '2025Q1',
      closed: { kind: 'city' },
    });
    await t.waitForJob(openGql.body.data.closeProgressQuarter.job.id, 60_000);
    const badGql = await t.graphql('eco_officer', `mutation { closeProgressQuarter(quarter: "2025Q9") }`);
    expect(badGql.body.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const townshipGql = await t.graphql(
      'township_sangong',
      `mutation { closeProgressQuarter(quarter: "2024Q2") }`,
    );
    expect(townshipGql.body.errors?.[0]?.extensions?.code).toBe('AUTH_PERMISSION_DENIED');
  });

  it('marks a target missed on its deadline day as missed (未达标), not at risk, and keeps a zero denominator n/a', async () => {
    // 2024-12-31 is a deadline: key-river tracing 3/4 against 0.75 (eased above) is met, remediation 1/2 of 0.7 is not
    const p = await progress('2024-12-31');
    const key = group(p, 'scope', 'key_rivers');
    expect(key.metrics.remediation).toMatchObject({
      rate: 0.5,
      deadline: '2024-12-31',
      met: false,
      status: 'missed',
    });
    expect(key.metrics.tracing).toMatchObject({ met: true, status: 'met' });
    expect(group(await progress('2024-12-30'), 'scope', 'key_rivers').metrics.remediation).toMatchObject({
      met: false,
      status: 'open',
    });
    // no other-river outfall required remediation by 2023-12-31: 0/0 stays n/a
    expect(group(await progress('2023-12-31'), 'scope', 'other_rivers').metrics.remediation).toMatchObject({
      numerator: 0,
      denominator: 0,
      rate: null,
      met: null,
      status: null,
    });
    const forecast = await t.http.get('/api/v1/progress/forecast?asOf=2024-12-31').set(eco);
    const row = forecast.body.rows.find(
      (r: { dimension: string; key: string; metric: string; deadline: string }) =>
        r.dimension === 'scope' &&
        r.key === 'key_rivers' &&
        r.metric === 'remediation' &&
        r.deadline === '2024-12-31',
    );
    expect(row).toMatchObject({ rate: 0.5, target: 0.7, status: 'missed' });
  });

  it('reproduces what the system said on knownAt: later entries and later flag recomputes are ignored', async () => {
    // Everything so far stands for data entered ten days ago: its recorded times are moved back ten days.
    await t.dataSource.query(`UPDATE outfall_event_history SET valid_from = valid_from - interval '10 days'`);
    await t.dataSource.query(`UPDATE outfall_flag_history SET valid_from = valid_from - interval '10 days'`);
    await t.dataSource.query(`UPDATE remediation_decision SET created_at = created_at - interval '10 days'`);
    await t.dataSource.query(`UPDATE remediation_plan SET created_at = created_at - interval '10 days'`);
    const knownAt = beijingDay(new Date(Date.now() - 5 * 86_400_000));
    const asOf = '2024-12-31';
    const known = async (day: string) => {
      const res = await t.http.get(`/api/v1/progress?asOf=${asOf}&knownAt=${day}`).set(eco);
      expect(res.status).toBe(200);
      return res.body as { knownAt: string; groups: Group[] };
    };
    const before = await known(knownAt);
    expect(before.knownAt).toBe(knownAt);
    expect(before.groups).toEqual((await progress(asOf)).groups); // nothing entered since
    expect(counts(group(before, 'city')).tracing).toBe('4/6');
    expect(group(before, 'area', 'key')).toBeUndefined();

    // today: O2's tracing is entered with last year's date, and K4 is moved next to 头屯河 (a key area now)
    await backEnteredTracing('O2', '2024-06-01');
    const k4 = await t.http.get(`/api/v1/outfalls/${id.K4}`).set(eco);
    const moved = await t.http
      .patch(`/api/v1/outfalls/${id.K4}`)
      .set(eco)
      .send({ longitude: 87.366, latitude: 44.3, version: k4.body.version ?? k4.body.outfall?.version });
    expect(moved.status).toBe(200);
    const live = await progress(asOf);
    expect(counts(group(live, 'city')).tracing).toBe('5/6');
    expect(counts(group(live, 'area', 'key'))).toMatchObject({ investigation: '1/1' });

    // asked about the same day as known five days ago: exactly the earlier answer
    expect((await known(knownAt)).groups).toEqual(before.groups);
    // as known today: the live answer
    expect((await known(beijingToday())).groups).toEqual(live.groups);
    const gql = await t.graphql(
      'eco_officer',
      `query($asOf: String, $knownAt: String) { progressAsOf(asOf: $asOf, knownAt: $knownAt) }`,
      { asOf, knownAt },
    );
    expect(gql.body.data.progressAsOf.groups).toEqual(before.groups);

    const bad = await t.http.get(`/api/v1/progress?asOf=${asOf}&knownAt=2024-12-30`).set(eco);
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('knownAt');
    expectError(
      await t.http.get(`/api/v1/progress?asOf=${asOf}&knownAt=2999-01-01`).set(eco),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.http.get(`/api/v1/progress?asOf=${asOf}&knownAt=2024-02-30`).set(eco),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('leaves an audit row with before and after on every outfall whose derived flags change', async () => {
    const flagRows = async (outfallId: string) =>
      t.dataSource.query<{ before: object; after: object }[]>(
        `SELECT before, after FROM audit_log
          WHERE entity_type = 'outfall' AND entity_id = $1 AND action = 'update'
            AND (after ? 'area' OR after ? 'banCandidate' OR after ? 'duplicateCount')
          ORDER BY occurred_at, id`,
        [outfallId],
      );
    // key area: K4 moved next to 头屯河 in the test above
    expect(await flagRows(id.K4)).toContainEqual({ before: { area: 'general' }, after: { area: 'key' } });

    // suspected duplicates: a new outfall about 8 m from O2 on the same water; O2 gets its own row
    await outfall('D1', 'LKL', sangong, '2025-05-01', 87.0101);
    expect(await flagRows(id.O2)).toEqual([{ before: { duplicateCount: 0 }, after: { duplicateCount: 1 } }]);
    expect(await flagRows(id.D1)).toContainEqual({
      before: { duplicateCount: 0 },
      after: { duplicateCount: 1 },
    });

    // ban candidate: a protected area drawn around O1
    const d = 0.002;
    const area = await t.http
      .post('/api/v1/protected-areas')
      .set(eco)
      .send({
        name: '测试水源保护区',
        kind: 'drinking_water_level_1',
        designatedOn: '2020-01-01',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [87.0 - d, 44.3 - d],
              [87.0 + d, 44.3 - d],
              [87.0 + d, 44.3 + d],
              [87.0 - d, 44.3 + d],
              [87.0 - d, 44.3 - d],
            ],
          ],
        },
      });
    expect(area.status).toBe(201);
    const ban = await flagRows(id.O1);
    expect(ban).toHaveLength(1);
    expect(ban[0].before).toEqual({ banCandidate: false, banReasons: [] });
    expect(ban[0].after).toMatchObject({
      banCandidate: true,
      banReasons: [{ protectedAreaId: area.body.id, name: '测试水源保护区' }],
    });
    // an unchanged outfall gets no row
    expect(await flagRows(id.O3)).toEqual([]);
  });
});
