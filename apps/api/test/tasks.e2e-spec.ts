import { Division, Unit } from '@outfall/org';
import ExcelJS from 'exceljs';
import { TasksDemoSeeder } from '../src/seed/supervision/tasks-demo.seeder';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
type Ref = { id: string; name: string };
type TaskBody = {
  id: string;
  code: string;
  status: string;
  overdue: boolean;
  deadline: string;
  version: number;
  lead: Ref;
  cooperating: Ref[];
  responsible: Ref[];
};
type Group = { role: string; total: number; done: number; overdue: number; tasks: TaskBody[] };

describe('tasks (任务分工) and river chiefs (河湖长制)', () => {
  let t: TestApp;
  let eco: Headers;
  let waterUser: Headers;
  let liugongUser: Headers;
  let housingUser: Headers;
  let ecoUnit: Unit;
  let waterUnit: Unit;
  let housingUnit: Unit;
  let liugongUnit: Unit;
  let sangongUnit: Unit;
  let liugong: Division;

  const unitOfKind = (kind: string) =>
    t.dataSource.getRepository(Unit).findOneByOrFail({ kind: kind as never });

  async function createTask(body: Record<string, unknown>, headers = eco) {
    return t.http
      .post('/api/v1/tasks')
      .set(headers)
      .send({
        title: '测试任务',
        kind: 'investigation',
        deadline: '2030-12-31',
        leadUnitId: ecoUnit.id,
        ...body,
      });
  }

  const groups = async (unitId: string, asOf?: string) => {
    const res = await t.http
      .get(`/api/v1/units/${unitId}/tasks`)
      .query(asOf ? { asOf } : {})
      .set(liugongUser);
    expect(res.status).toBe(200);
    return res.body as { asOf: string; groups: Group[] };
  };

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    waterUser = await t.auth('water_officer');
    liugongUser = await t.auth('township_liugong');
    housingUser = await t.auth('housing_officer');
    ecoUnit = await unitOfKind('ecology_branch');
    waterUnit = await unitOfKind('water_bureau');
    housingUnit = await unitOfKind('housing');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    liugongUnit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
    sangongUnit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '三工镇人民政府' });
  });
  afterAll(() => t.close());

  describe('tasks', () => {
    it('has one lead, cooperating and responsible units; a unit’s page groups what it leads, supports and owes', async () => {
      const res = await createTask({
        code: 'T-ROLES',
        title: '建立入河排污口名录清单',
        sourceClause: '三（一）1',
        leadUnitId: waterUnit.id,
        cooperatingUnitIds: [ecoUnit.id, housingUnit.id],
        responsibleUnitIds: [liugongUnit.id, sangongUnit.id],
      });
      expect(res.status).toBe(201);
      expect(res.body.lead.id).toBe(waterUnit.id);
      expect(res.body.cooperating.map((u: Ref) => u.id).sort()).toEqual([ecoUnit.id, housingUnit.id].sort());
      expect(res.body.responsible).toHaveLength(2);
      expect(res.body.status).toBe('not_started');

      const water = await groups(waterUnit.id);
      expect(water.groups.map((g) => g.role)).toEqual(['lead', 'cooperating', 'responsible']);
      expect(water.groups[0].tasks.map((x) => x.code)).toContain('T-ROLES');
      const housing = await groups(housingUnit.id);
      expect(housing.groups[1].tasks.map((x) => x.code)).toContain('T-ROLES');
      const township = await groups(liugongUnit.id);
      expect(township.groups[2].tasks.map((x) => x.code)).toContain('T-ROLES');
      expect(township.groups[0].total).toBe(0);

      const filtered = await t.http
        .get('/api/v1/tasks')
        .query({ unitId: housingUnit.id, role: 'cooperating', sort: '-deadline' })
        .set(liugongUser);
      expect(filtered.status).toBe(200);
      expect(filtered.body.items.map((x: TaskBody) => x.code)).toEqual(['T-ROLES']);
      const asLead = await t.http
        .get('/api/v1/tasks')
        .query({ unitId: housingUnit.id, role: 'lead' })
        .set(eco);
      expect(asLead.body.total).toBe(0);
      expect(await t.count('audit_log', `entity_type = 'task' AND entity_id = $1`, [res.body.id])).toBe(1);
    });

    it('refuses a unit in two roles (the plan gives each unit one part), unknown units and bad input', async () => {
      const conflict = await createTask({
        code: 'T-CONFLICT',
        cooperatingUnitIds: [housingUnit.id],
        responsibleUnitIds: [housingUnit.id],
      });
      expectError(conflict, 422, 'TASK_UNIT_ROLE_CONFLICT');
      expect(conflict.body.message).toContain('只能承担一种角色');
      const unknown = await createTask({
        code: 'T-UNKNOWN',
        cooperatingUnitIds: ['00000000-0000-4000-8000-000000000000'],
      });
      expectError(unknown, 400, 'TASK_UNIT_UNKNOWN');
      const bad = await createTask({ code: 'T-BAD', deadline: '2024-02-30', kind: 'nonsense' });
      expect(bad.status).toBe(400);
      const fields = (bad.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['deadline', 'kind']));
      expectError(await createTask({ code: 'T-ROLES' }), 409, 'TASK_CODE_TAKEN');
    });

    it('is overdue once the Beijing day passes the deadline (UTC date-times read as Beijing days)', async () => {
      // 2024-12-31T16:30Z is 2025-01-01 00:30 in Beijing: the deadline is that Beijing day
      const shifted = await createTask({
        code: 'T-SHIFT',
        deadline: '2024-12-31T16:30:00Z',
        responsibleUnitIds: [liugongUnit.id],
      });
      expect(shifted.status).toBe(201);
      expect(shifted.body.deadline).toBe('2025-01-01');
      const due = await createTask({
        code: 'T-DUE',
        deadline: '2024-12-31',
        responsibleUnitIds: [liugongUnit.id],
      });
      expect(due.status).toBe(201);
      const statusAt = async (asOf: string) => {
        const res = await t.http.get('/api/v1/tasks').query({ q: 'T-DUE', asOf }).set(eco);
        expect(res.status).toBe(200);
        return res.body.items[0].status as string;
      };
      // 15:59:59Z = 23:59:59 Beijing on the deadline: not yet overdue; 16:00Z = the next Beijing day
      expect(await statusAt('2024-12-31T15:59:59Z')).toBe('not_started');
      expect(await statusAt('2024-12-31T16:00:00Z')).toBe('overdue');
      expect(await statusAt('2025-01-01T00:30:00+08:00')).toBe('overdue');

      const before = await groups(liugongUnit.id, '2024-12-31T15:59:59Z');
      const after = await groups(liugongUnit.id, '2024-12-31T16:00:00Z');
      expect(before.asOf).toBe('2024-12-31');
      expect(after.asOf).toBe('2025-01-01');
      expect(after.groups[2].overdue - before.groups[2].overdue).toBe(1);

      const overdueOnly = await t.http
        .get('/api/v1/tasks')
        .query({ overdue: 'true', asOf: '2025-01-01T16:00:00Z', unitId: liugongUnit.id })
        .set(eco);
      expect(overdueOnly.body.items.map((x: TaskBody) => x.code).sort()).toEqual(['T-DUE', 'T-SHIFT']);
      const byStatus = await t.http
        .get('/api/v1/tasks')
        .query({ status: 'overdue', asOf: '2025-01-01', unitId: liugongUnit.id })
        .set(eco);
      expect(byStatus.body.items.map((x: TaskBody) => x.code)).toEqual(['T-DUE']);

      // done is never overdue
      const done = await t.http
        .patch(`/api/v1/tasks/${due.body.id}`)
        .set(eco)
        .send({ state: 'done', completedOn: '2025-01-05', version: due.body.version });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'done', overdue: false, completedOn: '2025-01-05' });
      expectError(
        await t.http.patch(`/api/v1/tasks/${due.body.id}`).set(eco).send({ title: 'x', version: 1 }),
        409,
        'VERSION_CONFLICT',
      );
      expect(await t.count('audit_log', `entity_type = 'task' AND entity_id = $1`, [due.body.id])).toBe(2);
    });

    it('writes need task:manage; every signed-in account reads', async () => {
      for (const headers of [waterUser, liugongUser, housingUser]) {
        expectError(await createTask({ code: 'T-DENIED' }, headers), 403, 'AUTH_PERMISSION_DENIED');
      }
      const listed = await t.http.get('/api/v1/tasks').set(housingUser);
      expect(listed.status).toBe(200);
      expect(listed.body.total).toBeGreaterThan(0);
      expect((await t.http.get('/api/v1/tasks')).status).toBe(401);
      const created = await createTask({ code: 'T-DELETE' });
      expectError(
        await t.http.delete(`/api/v1/tasks/${created.body.id}`).set(waterUser),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      expect((await t.http.delete(`/api/v1/tasks/${created.body.id}`).set(eco)).status).toBe(204);
      expect(
        await t.count('audit_log', `entity_type = 'task' AND entity_id = $1 AND action = 'delete'`, [
          created.body.id,
        ]),
      ).toBe(1);
    });

    it('GraphQL gives the same tasks and unit groups as REST', async () => {
      const rest = await t.http.get('/api/v1/tasks').query({ unitId: liugongUnit.id, sort: 'code' }).set(eco);
      const gql = await t.graphql(
        'township_liugong',
        `query($f: TaskFilter, $p: PageInput, $u: ID!) {
           tasks(filter: $f, page: $p) { total items { code status lead { name } responsible { id } } }
           unitTasks(unitId: $u, asOf: "2025-01-01") { asOf groups { role total overdue } }
         }`,
        { f: { unitId: liugongUnit.id }, p: { sort: 'code' }, u: liugongUnit.id },
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.tasks.total).toBe(rest.body.total);
      expect(gql.body.data.tasks.items.map((x: TaskBody) => x.code)).toEqual(
        rest.body.items.map((x: TaskBody) => x.code),
      );
      const restGroups = await groups(liugongUnit.id, '2025-01-01');
      expect(gql.body.data.unitTasks.groups).toEqual(
        restGroups.groups.map((g) => ({
          role: g.role,
          total: g.total,
          overdue: g.overdue,
        })),
      );
      const created = await t.graphql(
        'eco_officer',
        `mutation($i: CreateTaskInput!) { createTask(input: $i) { code lead { id } status } }`,
        {
          i: {
            code: 'T-GQL',
            title: 'GraphQL 任务',
            kind: 'monitoring',
            deadline: '2030-01-01',
            leadUnitId: ecoUnit.id,
          },
        },
      );
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.createTask).toEqual({
        code: 'T-GQL',
        lead: { id: ecoUnit.id },
        status: 'not_started',
      });
      const denied = await t.graphql('water_officer', `mutation($id: ID!) { deleteTask(id: $id) }`, {
        id: rest.body.items[0].id,
      });
      expect(denied.body.errors?.[0]?.extensions?.code).toBe('AUTH_PERMISSION_DENIED');
    });

    it('exports the division-of-labour ledger (任务分工台账) as XLSX', async () => {
      const queued = await t.http
        .post('/api/v1/tasks/ledger')
        .set(liugongUser)
        .send({ unitId: liugongUnit.id });
      expect(queued.status).toBe(202);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(queued.body.id, 'township_liugong')) as never);
      const sheet = workbook.getWorksheet('任务分工台账');
      expect(sheet).toBeDefined();
      expect(sheet?.getRow(1).getCell(6).value).toBe('牵头单位');
      const codes = (sheet?.getColumn(2).values ?? []).slice(2);
      expect(codes).toEqual(expect.arrayContaining(['T-ROLES', 'T-DUE', 'T-SHIFT']));
      const roles = sheet?.getRow(2).getCell(8).value as string;
      expect(roles).toContain('六工镇人民政府');
    });
  });

  describe('river sections and chiefs', () => {
    let waterId: string;
    let near: string;
    let farther: string;
    let outside: string;
    let upper: { id: string; version: number };
    let lower: { id: string; version: number };

    async function outfall(name: string, latitude: number, longitude = 87.6) {
      const res = await t.http.post('/api/v1/outfalls').set(eco).send({
        name,
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: waterId,
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        registeredOn: '2023-09-01',
        latitude,
        longitude,
      });
      expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
        status: 201,
        body: null,
      });
      return res.body.id as string;
    }
    const linkOf = async (outfallId: string) =>
      (
        await t.dataSource.query<{ section_id: string }[]>(
          `SELECT section_id FROM outfall_section WHERE outfall_id = $1`,
          [outfallId],
        )
      )[0]?.section_id ?? null;
    const line = (lon: number, from: number, to: number) => ({
      type: 'LineString',
      coordinates: [
        [lon, from],
        [lon, to],
      ],
    });

    beforeAll(async () => {
      const river = await t.http
        .post('/api/v1/water-bodies')
        .set(eco)
        .send({
          code: 'HZH',
          name: '河长测试河',
          kind: 'river',
          level: 'county',
          isKey: false,
          centerline: line(87.6, 44.0, 44.1),
        });
      expect(river.status).toBe(201);
      waterId = river.body.id;
      near = await outfall('上段排口', 44.02, 87.601);
      farther = await outfall('下段排口', 44.08, 87.602);
      outside = await outfall('远处排口', 44.03, 87.7);
    });

    it('links each outfall to the nearest section of its water within the distance, again when geometry changes', async () => {
      const u = await t.http
        .post('/api/v1/river-sections')
        .set(waterUser)
        .send({
          waterBodyId: waterId,
          name: '上段',
          fromDescription: '六工镇南',
          toDescription: '六工镇',
          geometry: line(87.6, 44.0, 44.05),
        });
      expect(u.status).toBe(201);
      upper = u.body;
      const l = await t.http
        .post('/api/v1/river-sections')
        .set(eco)
        .send({
          waterBodyId: waterId,
          name: '下段',
          geometry: { type: 'MultiLineString', coordinates: [line(87.6, 44.05, 44.1).coordinates] },
        });
      expect(l.status).toBe(201);
      lower = l.body;
      expect(await linkOf(near)).toBe(upper.id);
      expect(await linkOf(farther)).toBe(lower.id);
      expect(await linkOf(outside)).toBeNull();

      // the lower section moves 16 km east: its outfall is out of reach of every section
      const moved = await t.http
        .patch(`/api/v1/river-sections/${lower.id}`)
        .set(waterUser)
        .send({ geometry: line(87.8, 44.05, 44.1), version: lower.version });
      expect(moved.status).toBe(200);
      lower = moved.body;
      expect(await linkOf(farther)).toBeNull();
      // an area (polygon) section that covers it
      const back = await t.http
        .patch(`/api/v1/river-sections/${lower.id}`)
        .set(waterUser)
        .send({
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [87.59, 44.06],
                [87.61, 44.06],
                [87.61, 44.1],
                [87.59, 44.1],
                [87.59, 44.06],
              ],
            ],
          },
          version: lower.version,
        });
      expect(back.status).toBe(200);
      lower = back.body;
      expect(await linkOf(farther)).toBe(lower.id);
      expect(back.body.outfallCount).toBe(1);

      const badGeometry = await t.http
        .post('/api/v1/river-sections')
        .set(eco)
        .send({ waterBodyId: waterId, name: '点段', geometry: { type: 'Point', coordinates: [87.6, 44] } });
      expect(badGeometry.status).toBe(400);
      expect(badGeometry.body.details[0].field).toBe('geometry');
      expectError(
        await t.http.post('/api/v1/river-sections').set(eco).send({ waterBodyId: waterId, name: '上段' }),
        409,
        'RIVER_SECTION_NAME_TAKEN',
      );
      expectError(
        await t.http
          .post('/api/v1/river-sections')
          .set(liugongUser)
          .send({ waterBodyId: waterId, name: 'x' }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      // outfalls added later are linked by a relink
      const late = await outfall('新增排口', 44.03, 87.6005);
      expect(await linkOf(late)).toBeNull();
      const relink = await t.http.post('/api/v1/river-sections/relink').set(waterUser);
      expect(relink.status).toBe(200);
      expect(relink.body.distanceM).toBe(500);
      expect(await linkOf(late)).toBe(upper.id);
      expect(await t.count('audit_log', `entity_type = 'river_section' AND entity_id = $1`, [lower.id])).toBe(
        3,
      );
    });

    it('keeps river chiefs with a validated phone; water bureau and eco branch write, others read', async () => {
      const bad = await t.http.post('/api/v1/river-chiefs').set(waterUser).send({
        sectionId: upper.id,
        level: 'provincial',
        name: '张河长',
        unitId: liugongUnit.id,
        phone: '12345',
      });
      expect(bad.status).toBe(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'level',
        'phone',
      ]);
      for (const [level, name] of [
        ['county', '县级河长甲'],
        ['township', '乡级河长乙'],
      ]) {
        const res = await t.http
          .post('/api/v1/river-chiefs')
          .set(waterUser)
          .send({
            sectionId: upper.id,
            level,
            name,
            unitId: level === 'county' ? waterUnit.id : liugongUnit.id,
            position: '副镇长',
            phone: '0994-2345678',
          });
        expect(res.status).toBe(201);
        expect(res.body.unitName).toBeTruthy();
      }
      expectError(
        await t.http.post('/api/v1/river-chiefs').set(housingUser).send({
          sectionId: upper.id,
          level: 'village',
          name: 'x',
          unitId: liugongUnit.id,
          phone: '13800000000',
        }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      const listed = await t.http.get('/api/v1/river-chiefs').query({ sectionId: upper.id }).set(housingUser);
      expect(listed.body.total).toBe(2);
      expectError(
        await t.http.delete(`/api/v1/river-sections/${upper.id}`).set(eco),
        409,
        'RIVER_SECTION_HAS_CHIEFS',
      );
    });

    it('gives the chief a view of the section: outfalls, progress by milestone, open problems', async () => {
      // an overdue plan and a recent exceedance on the upper section's outfall
      await t.dataSource.query(
        `INSERT INTO remediation_plan (outfall_id, status, measures, target_state, responsible_unit_id,
                                       responsible_person, responsible_phone, deadline, version)
         VALUES ($1, 'approved', '整改', 'compliant_discharge', $2, '张三', '13800000000', '2024-06-30', 1)`,
        [near, liugongUnit.id],
      );
      await t.dataSource.query(
        `INSERT INTO sample (outfall_id, sampled_at, source, exceeding, exceeding_count, version)
         VALUES ($1, now() - interval '2 days', 'manual', true, 2, 1)`,
        [near],
      );
      const view = await t.http.get(`/api/v1/river-sections/${upper.id}/view`).set(waterUser);
      expect(view.status).toBe(200);
      const codes = (view.body.outfalls as { id: string }[]).map((o) => o.id).sort();
      expect(codes).toHaveLength(2);
      expect(codes).toContain(near);
      expect(view.body.chiefs).toHaveLength(2);
      const registered = view.body.progress.find((p: { milestone: string }) => p.milestone === 'registered');
      expect(registered.count).toBe(2);
      expect(view.body.progress.find((p: { milestone: string }) => p.milestone === 'traced').count).toBe(0);
      expect(view.body.problems.overduePlans.map((p: { outfallId: string }) => p.outfallId)).toEqual([near]);
      expect(view.body.problems.recentExceedances.map((p: { outfallId: string }) => p.outfallId)).toEqual([
        near,
      ]);
      // a county river: tracing due 2024-12-31 (80 %); both outfalls registered in 2023 and not traced
      expect(view.body.problems.untracedPastDeadline).toHaveLength(2);
      // before the deadline nothing was overdue
      const earlier = await t.http
        .get(`/api/v1/river-sections/${upper.id}/view`)
        .query({ asOf: '2024-06-30T12:00:00Z' })
        .set(waterUser);
      expect(earlier.body.asOf).toBe('2024-06-30');
      expect(earlier.body.problems.overduePlans).toHaveLength(0);
      expect(earlier.body.problems.untracedPastDeadline).toHaveLength(0);

      // a township sees only its own outfalls
      const sangong = await t.http
        .get(`/api/v1/river-sections/${upper.id}/view`)
        .set(await t.auth('township_sangong'));
      expect(sangong.status).toBe(200);
      expect(sangong.body.outfalls).toHaveLength(0);

      const gql = await t.graphql(
        'water_officer',
        `query($id: ID!) { riverSectionView(id: $id) { asOf outfalls { id stage } progress { milestone count }
           chiefs { name level } problems { overduePlans recentExceedances untracedPastDeadline } } }`,
        { id: upper.id },
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.riverSectionView.progress).toEqual(
        view.body.progress.map((p: { milestone: string; count: number }) => ({
          milestone: p.milestone,
          count: p.count,
        })),
      );
      expect(gql.body.data.riverSectionView.problems.overduePlans).toHaveLength(1);
    });
  });

  describe('dispatch report and demo', () => {
    it('the dispatch report carries per-department accountability', async () => {
      const closed = await t.http.post('/api/v1/progress/quarters/2025Q3/close').set(eco).send({});
      expect(closed.status).toBe(202);
      const { snapshotId } = (await t.waitForJob(closed.body.job.id, 60_000)).result as {
        snapshotId: string;
      };
      const queued = await t.http
        .post(`/api/v1/progress/snapshots/${snapshotId}/report`)
        .set(eco)
        .send({ format: 'html' });
      expect(queued.status).toBe(202);
      const html = (await t.download(queued.body.id)).toString('utf8');
      expect(html).toContain('部门责任落实');
      expect(html).toContain('部门任务分工落实');
      expect(html).toContain('牵头任务');
      expect(html).toContain('州生态环境局昌吉市分局');
    });

    it('seeds the plan’s division of labour once (idempotent)', async () => {
      const seeder = t.app.get(TasksDemoSeeder);
      const first = await seeder.run();
      expect(first.tasks).toBe(15);
      expect(first.sections).toBe(4);
      expect(first.chiefs).toBe(8);
      expect(await seeder.run()).toEqual({ tasks: 0, sections: 0, chiefs: 0 });
      const list = await t.http.get('/api/v1/tasks').query({ q: 'RW-2023-01' }).set(eco);
      expect(list.body.items[0].lead.id).toBe(waterUnit.id);
      expect(list.body.items[0].responsible.length).toBeGreaterThanOrEqual(14);
    });
  });
});
