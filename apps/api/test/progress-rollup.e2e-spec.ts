import { beijingDay, Principal } from '@outfall/common';
import { Division, Unit } from '@outfall/org';
import { addDays, ProgressRollupService, ProgressService, quarterEnds, verifyDays } from '@outfall/progress';
import ExcelJS from 'exceljs';
import { TestApp } from './support/test-app';

type Headers = { Authorization: string };

const principal = (divisionPath: string | null): Principal => ({
  kind: 'user',
  id: 'system',
  name: 'system',
  unitId: null,
  role: null,
  apiKeyScope: null,
  permissions: [],
  jurisdiction: { cityWide: divisionPath === null, divisionId: null, divisionPath },
  sectorCategories: [],
});

/**
 * The progress roll-up against the raw recompute (docs/performance.md, "Progress roll-up"): a varied record
 * (the demo's outfalls over every township, river, category and area, plus hand-made milestone histories,
 * plans, a merge), knowledge spread over many days, then every figure of every breakdown compared at every
 * quarter end 2023–2026, as known now, at the quarter end and at a few later days; and again after an edit, a
 * merge, an import, milestone corrections and bulk changes made behind the services' backs.
 */
describe('progress roll-up', () => {
  let t: TestApp;
  let eco: Headers;
  let progress: ProgressService;
  let liugong: Division;
  let sangong: Division;
  const id: Record<string, string> = {};
  const today = beijingDay(new Date());
  const ago = (days: number) => beijingDay(new Date(Date.now() - days * 86_400_000));
  const knownAts = [ago(30), ago(120), ago(250), ago(400)];

  /** Every (asOf, knownAt) pair; the test fails with the differing figures listed. */
  async function differences(who: Principal = principal(null)) {
    const days = verifyDays(quarterEnds('2023-01-01', '2026-12-31'), knownAts);
    expect(days.length).toBeGreaterThan(30);
    const results = await progress.verify(days, who);
    return results.filter((r) => r.differences.length);
  }

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
  }

  async function milestone(name: string, type: string, effectiveOn: string) {
    const res =
      type === 'traced'
        ? await t.http
            .post(`/api/v1/outfalls/${id[name]}/tracing`)
            .set(eco)
            .send({ tracedOn: effectiveOn, method: 'site_survey', complete: true, completedOn: effectiveOn })
        : await t.http.put(`/api/v1/outfalls/${id[name]}/milestones/${type}`).set(eco).send({ effectiveOn });
    expect({ status: res.status, body: res.status < 300 ? null : res.body }).toEqual({
      status: res.status < 300 ? res.status : 200,
      body: null,
    });
  }

  async function decide(name: string, disposition: string, decidedOn: string) {
    const res = await t.http
      .put(`/api/v1/outfalls/${id[name]}/disposition`)
      .set(eco)
      .send({ disposition, decidedOn, reason: '测试数据' });
    expect(res.status).toBe(200);
  }

  async function plan(name: string, submittedOn: string) {
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
    const res = await t.http
      .post(`/api/v1/remediation/plans/${created.body.id}/transitions`)
      .set(eco)
      .send({ action: 'submit', version: created.body.version, on: submittedOn });
    expect(res.status).toBe(200);
  }

  /** Knowledge spread over the last 500 days: each history row and decision/plan known on its own day. */
  async function spreadKnowledge() {
    const shift = `interval '1 day' * (abs(hashtext(%::text)) % 500)`;
    await t.dataSource.query(
      `UPDATE outfall_event_history SET valid_from = valid_from - ${shift.replace('%', 'id')}`,
    );
    await t.dataSource.query(
      `UPDATE outfall_flag_history SET valid_from = valid_from - ${shift.replace('%', 'id')}`,
    );
    await t.dataSource.query(
      `UPDATE remediation_decision SET created_at = created_at - ${shift.replace('%', 'outfall_id')}`,
    );
    await t.dataSource.query(
      `UPDATE remediation_plan SET created_at = created_at - ${shift.replace('%', 'id')}`,
    );
  }

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 120 });
    eco = await t.auth('eco_officer');
    progress = t.app.get(ProgressService);
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    await outfall('K1', 'TTH', liugong, '2023-09-01', 87.3);
    await milestone('K1', 'investigated', '2023-09-10');
    await milestone('K1', 'traced', '2023-11-01');
    await decide('K1', 'standardise', '2023-11-15');
    await plan('K1', '2023-12-01');
    await outfall('K2', 'TTH', liugong, '2023-06-01', 87.31);
    await milestone('K2', 'investigated', '2024-03-31');
    await decide('K2', 'ban', '2024-04-10');
    await outfall('K3', 'TTH', liugong, '2023-09-02', 87.34);
    await outfall('O1', 'LKL', sangong, '2023-09-05', 87.0);
    await milestone('O1', 'investigated', '2023-12-20');
    await decide('O1', 'keep', '2024-01-10');
    await outfall('O2', 'LKL', sangong, '2024-12-31', 87.01);
    await milestone('O2', 'investigated', '2025-01-01');
    await milestone('O2', 'investigated', '2024-12-31'); // a correction, known later
    const merged = await t.http
      .post(`/api/v1/outfalls/${id.K3}/merge`)
      .set(eco)
      .send({ intoId: id.K1, reason: '重复登记' });
    expect(merged.status).toBe(200);
    await spreadKnowledge();
  }, 180_000);
  afterAll(() => t.close());

  it('agrees with the raw recompute on every figure, every quarter end 2023–2026 and knowledge day', async () => {
    expect(await differences()).toEqual([]);
    // the roll-up is real: it has caught up and holds the facts, and the record is not trivial
    const [state] = await t.dataSource.query<{ dirty: number; facts: number; known: number }[]>(
      `SELECT (SELECT count(*) FROM progress_rollup_dirty)::int AS dirty,
              (SELECT count(*) FROM progress_fact WHERE known_from IS NULL)::int AS facts,
              (SELECT count(DISTINCT known_from) FROM progress_fact)::int AS known`,
    );
    expect(state.dirty).toBe(0);
    expect(state.facts).toBeGreaterThan(100);
    expect(state.known).toBeGreaterThan(50);
    const city = await progress.compute(principal(null), today);
    const dims = new Set(city.groups.map((g) => g.dimension));
    expect([...dims].sort()).toEqual(['area', 'category', 'city', 'river', 'scope', 'township', 'unit']);
    expect(city.groups[0].metrics.investigation.denominator).toBeGreaterThan(100);
  });

  it('agrees for a township principal (its jurisdiction only)', async () => {
    expect(await differences(principal(liugong.path))).toEqual([]);
  });

  it('agrees as known at a later day around the weeks that answer sums whole (every weekday, both ends)', async () => {
    // a Monday on which late points (known after their field day) were learnt: the later-day answer takes the
    // weeks (Monday to Sunday) wholly inside (asOf, knownAt] from per-week sums and the days around them per
    // cell, so asOf and knownAt on each weekday around it cross both kinds of edge
    await t.app.get(ProgressRollupService).catchUp();
    const [monday] = await t.dataSource.query<{ day: string }[]>(
      `SELECT to_char(known, 'YYYY-MM-DD') AS day FROM progress_rollup_known
        WHERE known > day AND extract(isodow FROM known) = 1 AND known <= $1::date - 30
        ORDER BY known DESC LIMIT 1`,
      [today],
    );
    expect(monday).toBeDefined();
    const days: { asOf: string; knownAt: string }[] = [];
    for (let a = -8; a <= 1; a++)
      for (const k of [1, 5, 6, 7, 8, 14])
        days.push({ asOf: addDays(monday.day, a), knownAt: addDays(monday.day, a + k) });
    const results = await progress.verify(days, principal(null));
    expect(results.filter((r) => r.differences.length)).toEqual([]);
    expect(results).toHaveLength(60);
  });

  it('stays exact after an edit, a merge, an import and milestone corrections through the services', async () => {
    const before = await progress.compute(principal(null), today);
    const current = await t.http.get(`/api/v1/outfalls/${id.K2}`).set(eco);
    const [lkl] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM water_body WHERE code = 'LKL'`);
    const edited = await t.http.patch(`/api/v1/outfalls/${id.K2}`).set(eco).send({
      version: current.body.version,
      waterBodyId: lkl.id,
      category: 'other',
      subType: 'urban_stormwater',
    });
    expect(edited.status).toBe(200);
    const merged = await t.http
      .post(`/api/v1/outfalls/${id.O1}/merge`)
      .set(eco)
      .send({ intoId: id.O2, reason: '重复登记' });
    expect(merged.status).toBe(200);
    await milestone('K1', 'investigated', '2023-09-05');
    await milestone('O2', 'traced', '2025-02-01');
    await milestone('K2', 'registered', '2023-07-01');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow([
      '排污口名称',
      '排污口类别',
      '排污口类型',
      '受纳水体',
      '乡镇（街道）',
      '经度',
      '纬度',
      '发现日期',
      '登记日期',
    ]);
    sheet.addRow([
      '导入一号排口',
      '工业排污口',
      '工矿企业排污口',
      '头屯河',
      '六工镇',
      '87.41',
      '44.01',
      '2023-09-01',
      '2023-09-05',
    ]);
    sheet.addRow([
      '导入二号排口',
      '农业排污口',
      '规模化畜禽养殖场排污口',
      'STH',
      '三工镇',
      '87.23',
      '44.02',
      '2023-10-12',
      '2024-10-12',
    ]);
    const upload = await t.http
      .post('/api/v1/outfalls/imports')
      .set(eco)
      .attach('file', Buffer.from(await workbook.xlsx.writeBuffer()), '名录.xlsx');
    expect(upload.status).toBe(202);
    const job = await t.waitForJob(upload.body.id);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({ created: 2 });
    const after = await progress.compute(principal(null), today);
    expect(after.groups[0].metrics.investigation.denominator).not.toBe(
      before.groups[0].metrics.investigation.denominator,
    );
    expect(await differences()).toEqual([]);
  });

  it('stays exact after bulk changes behind the services: key flags, township units, deletions, decisions', async () => {
    await t.dataSource.query(`UPDATE water_body SET is_key = NOT is_key WHERE code IN ('TTH', 'LKL')`);
    await t.dataSource.query(
      `INSERT INTO unit (name, kind, division_id, version) VALUES ('一个排序在前的乡镇单位', 'township', $1, 1)`,
      [liugong.id],
    );
    await t.dataSource.query(`UPDATE remediation_decision SET decided_on = decided_on - 40
      WHERE outfall_id IN (SELECT outfall_id FROM remediation_decision ORDER BY outfall_id LIMIT 10)`);
    await t.dataSource.query(`UPDATE outfall SET area = CASE WHEN area = 'key' THEN 'general' ELSE 'key' END
      WHERE id IN (SELECT id FROM outfall ORDER BY id LIMIT 15)`);
    await t.dataSource.query(`DELETE FROM outfall WHERE id IN (SELECT o.id FROM outfall o
      WHERE NOT EXISTS (SELECT 1 FROM outfall m WHERE m.merged_into_id = o.id)
        AND NOT EXISTS (SELECT 1 FROM remediation_plan p WHERE p.merge_into_id = o.id)
        AND NOT EXISTS (SELECT 1 FROM setup_application s WHERE s.outfall_id = o.id)
      ORDER BY o.id DESC LIMIT 5)`);
    await t.dataSource.query(`UPDATE outfall_event SET effective_on = effective_on + 20
      WHERE type = 'investigated' AND outfall_id IN (SELECT id FROM outfall ORDER BY id LIMIT 20)`);
    expect(await differences()).toEqual([]);
  });

  it('rebuilds from scratch to the same figures', async () => {
    const rollup = t.app.get(ProgressRollupService);
    const before = await progress.compute(principal(null), '2025-06-30', undefined, ago(120));
    await t.dataSource.query(
      `TRUNCATE progress_fact, progress_rollup, progress_rollup_known, progress_cell, progress_group, progress_rollup_group`,
    );
    await rollup.markAll();
    // in batches of 40 outfalls (several transactions), then the tables vacuumed: a catch-up of a batch or more
    const vacuum = jest.spyOn(rollup, 'vacuum');
    const batchSize = rollup.batchSize;
    rollup.batchSize = 40;
    try {
      expect(await rollup.catchUp()).toBeGreaterThan(100);
      expect(vacuum).toHaveBeenCalledTimes(1);
      expect(await progress.compute(principal(null), '2025-06-30', undefined, ago(120))).toEqual(before);
      expect(await differences()).toEqual([]);
      // a small catch-up (one outfall) does not vacuum
      await t.dataSource.query(`INSERT INTO progress_rollup_dirty SELECT id FROM outfall LIMIT 1`);
      expect(await rollup.catchUp()).toBe(1);
      expect(vacuum).toHaveBeenCalledTimes(1);
    } finally {
      rollup.batchSize = batchSize;
      vacuum.mockRestore();
    }
    const [{ vacuumed }] = await t.dataSource.query<{ vacuumed: boolean }[]>(
      `SELECT last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'progress_known_group'`,
    );
    expect(vacuumed).toBe(true);
  });
});
