import { beijingToday } from '@outfall/common';
import { Division, Unit } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
type Metric = { numerator: number; denominator: number; rate: number | null };
type Group = {
  dimension: string;
  key: string;
  label: string;
  metrics: Record<string, Metric>;
  scopes: Record<string, Record<string, { numerator: number; denominator: number }>>;
};
type Gauge = {
  deadline: string;
  metric: string;
  scopes: string[];
  target: number;
  numerator: number;
  denominator: number;
  rate: number | null;
  rateAtDeadline: number | null;
  status: string | null;
};
type Row = { key: string; label: string; registered: number; rates: Record<string, number | null> };
type Dashboard = {
  asOf: string;
  view: 'city' | 'local';
  scope: { cityWide: boolean; divisionName: string | null };
  gauges: Gauge[] | null;
  trend: { quarter: string; asOf: string; current: boolean; rates: Record<string, number | null> }[] | null;
  rankings: { townships: Row[]; units: Row[] } | null;
  chronic: { total: number } | null;
  stages: { stage: string; count: number }[];
  overdue: Record<'plans' | 'untraced' | 'patrols', { total: number; items: Record<string, unknown>[] }>;
  todos: { kind: string; count: number }[];
};

/**
 * Three outfalls by hand: K1 and K2 on the key river 头屯河 in 六工镇, O1 on 洛克伦河 in 三工镇. K1 has a
 * submitted plan due 2025-08-31 and not completed (overdue); O1 was never traced (past the 2024-12-31
 * tracing deadline of other rivers).
 */
describe('role dashboards (GET /dashboard)', () => {
  let t: TestApp;
  let eco: Headers;
  let liugongUser: Headers;
  let sangongUser: Headers;
  let liugong: Division;
  let sangong: Division;
  const id: Record<string, string> = {};
  const today = beijingToday();

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
    expect(res.status).toBe(201);
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
    expect([200, 201]).toContain(res.status);
  }

  const dashboard = async (headers: Headers, asOf?: string) => {
    const res = await t.http.get(`/api/v1/dashboard${asOf ? `?asOf=${asOf}` : ''}`).set(headers);
    expect(res.status).toBe(200);
    return res.body as Dashboard;
  };
  const progress = async (asOf: string, headers = eco) => {
    const res = await t.http.get(`/api/v1/progress?asOf=${asOf}`).set(headers);
    expect(res.status).toBe(200);
    return res.body as { groups: Group[] };
  };
  const cityRates = (p: { groups: Group[] }) =>
    Object.fromEntries(
      Object.entries(p.groups.find((g) => g.dimension === 'city')!.metrics).map(([m, v]) => [m, v.rate]),
    );

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugongUser = await t.auth('township_liugong');
    sangongUser = await t.auth('township_sangong');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    await outfall('K1', 'TTH', liugong, '2023-09-01', 87.3);
    await milestone('K1', 'investigated', '2023-09-10');
    await milestone('K1', 'traced', '2023-11-01');
    const decided = await t.http
      .put(`/api/v1/outfalls/${id.K1}/disposition`)
      .set(eco)
      .send({ disposition: 'standardise', decidedOn: '2023-11-15', reason: '测试数据' });
    expect(decided.status).toBe(200);
    const unit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
    const plan = await t.http.post('/api/v1/remediation/plans').set(eco).send({
      outfallId: id.K1,
      measures: '规范整治',
      targetState: 'closed_restored',
      responsibleUnitId: unit.id,
      responsiblePerson: '李四',
      responsiblePhone: '13900000000',
      deadline: '2025-08-31',
    });
    expect(plan.status).toBe(201);
    const submitted = await t.http
      .post(`/api/v1/remediation/plans/${plan.body.id}/transitions`)
      .set(eco)
      .send({ action: 'submit', version: plan.body.version, on: '2023-12-01' });
    expect(submitted.status).toBe(200);
    await outfall('K2', 'TTH', liugong, '2024-02-01', 87.31);
    await milestone('K2', 'investigated', '2024-02-02');
    await outfall('O1', 'LKL', sangong, '2023-09-05', 87.0);
    // the embedded database boots in the hook: room for a loaded machine
  }, 180_000);
  afterAll(() => t?.close());

  it('gives the eco branch the city figures, equal to GET /progress for the same days', async () => {
    const d = await dashboard(eco);
    expect(d).toMatchObject({ asOf: today, view: 'city', scope: { cityWide: true } });
    const p = await progress(today);
    const cityScopes = p.groups.find((g) => g.dimension === 'city')!.scopes;

    // one gauge per deadline × metric of the plan's targets, counting the scope groups with a target then
    expect(d.gauges!.map((g) => `${g.deadline} ${g.metric} ${g.scopes.join('+')}`)).toEqual([
      '2023-10-15 plan key_rivers+other_rivers',
      '2023-12-31 investigation key_rivers+other_rivers',
      '2023-12-31 tracing key_rivers',
      '2023-12-31 remediation key_rivers',
      '2024-12-31 tracing key_rivers+other_rivers',
      '2024-12-31 remediation key_rivers+other_rivers',
      '2025-08-31 remediation key_rivers+other_rivers',
    ]);
    for (const gauge of d.gauges!) {
      const sum = (part: 'numerator' | 'denominator') =>
        gauge.scopes.reduce((n, scope) => n + (cityScopes[scope]?.[gauge.metric]?.[part] ?? 0), 0);
      expect([gauge.numerator, gauge.denominator]).toEqual([sum('numerator'), sum('denominator')]);
    }
    // key-river tracing on 2023-12-31: K1 traced of K1 (K2 not yet registered) → met 80 %
    expect(d.gauges!.find((g) => g.deadline === '2023-12-31' && g.metric === 'tracing')).toMatchObject({
      target: 0.8,
      rateAtDeadline: 1,
      status: 'met',
    });
    // tracing on 2024-12-31: K1 of K1, K2, O1 → 1/3, missed
    expect(d.gauges!.find((g) => g.deadline === '2024-12-31' && g.metric === 'tracing')).toMatchObject({
      rateAtDeadline: 0.3333,
      status: 'missed',
    });

    // the trend: every quarter end from 2023Q3, then today; each equal to GET /progress on that day
    expect(d.trend![0]).toMatchObject({ quarter: '2023Q3', asOf: '2023-09-30', current: false });
    expect(d.trend!.at(-1)).toMatchObject({ quarter: 'now', asOf: today, current: true });
    for (const point of [d.trend![0], d.trend![1], d.trend![2], d.trend!.at(-1)!])
      expect(point.rates).toEqual(cityRates(await progress(point.asOf)));

    // rankings are the progress breakdowns
    const townships = p.groups.filter((g) => g.dimension === 'township');
    expect(d.rankings!.townships.map((r) => r.label).sort()).toEqual(townships.map((g) => g.label).sort());
    for (const row of d.rankings!.townships) {
      const group = townships.find((g) => g.key === row.key)!;
      expect(row.rates.tracing).toBe(group.metrics.tracing.rate);
      expect(row.registered).toBe(group.metrics.investigation.denominator);
    }
    expect(d.rankings!.units.length).toBeGreaterThan(0);

    expect(d.overdue.plans.total).toBe(1);
    expect(d.overdue.plans.items[0]).toMatchObject({ localCode: expect.any(String), deadline: '2025-08-31' });
    expect(d.overdue.untraced.total).toBe(2); // K2 and O1
    expect(d.chronic).toEqual(expect.objectContaining({ total: 0 }));
    expect(d.stages.find((s) => s.stage === 'remediation_decided')?.count).toBe(1);
    expect(Object.fromEntries(d.todos.map((x) => [x.kind, x.count]))).toMatchObject({
      plansToReview: 1,
      completionsToVerify: 0,
    });
  });

  it('gives a township only its own figures, no city-wide charts', async () => {
    const lg = await dashboard(liugongUser);
    expect(lg).toMatchObject({
      view: 'local',
      scope: { cityWide: false, divisionName: '六工镇' },
      gauges: null,
      trend: null,
      rankings: null,
    });
    expect(lg.stages.reduce((n, s) => n + s.count, 0)).toBe(2); // K1, K2 — not O1
    expect(lg.overdue.plans.total).toBe(1);
    expect(lg.overdue.untraced.items.map((i) => i.name)).toEqual(['K2']);
    expect(lg.todos.map((x) => x.kind)).toEqual([
      'plansToSubmit',
      'samplesMissing',
      'noticesToAnswer',
      'patrolsOverdue',
    ]);
    expect(lg.todos.find((x) => x.kind === 'samplesMissing')?.count).toBe(2);

    const sg = await dashboard(sangongUser);
    expect(sg.scope.divisionName).toBe('三工镇');
    expect(sg.stages.reduce((n, s) => n + s.count, 0)).toBe(1);
    expect(sg.overdue.plans.total).toBe(0);
    expect(sg.overdue.untraced.items.map((i) => i.name)).toEqual(['O1']);
  });

  it('gives a sector department the outfalls of its categories', async () => {
    const industry = await dashboard(await t.auth('industry_officer'));
    expect(industry).toMatchObject({ view: 'local', gauges: null, scope: { categories: ['industrial'] } });
    expect(industry.stages.reduce((n, s) => n + s.count, 0)).toBe(3);
    const housing = await dashboard(await t.auth('housing_officer'));
    expect(housing.stages.reduce((n, s) => n + s.count, 0)).toBe(0);
    expect(housing.overdue.plans.total).toBe(0);
  });

  it('answers the same over GraphQL, and refuses a future day with a field error', async () => {
    const gql = await t.graphql('township_liugong', `query($asOf: String) { dashboard(asOf: $asOf) }`, {
      asOf: '2024-06-30',
    });
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.dashboard).toEqual(await dashboard(liugongUser, '2024-06-30'));

    expectError(await t.http.get('/api/v1/dashboard?asOf=2999-01-01').set(eco), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/v1/dashboard?asOf=2024-13-01').set(eco), 400, 'VALIDATION_FAILED');
  });

  it('gives the water bureau the city view too (no supervision notices among its to-dos)', async () => {
    const water = await dashboard(await t.auth('water_officer'));
    expect(water).toMatchObject({ view: 'city', scope: { cityWide: true } });
    expect(water.gauges!.length).toBe(7);
    expect(Object.fromEntries(water.todos.map((x) => [x.kind, x.count]))).toMatchObject({
      plansToReview: 1,
      noticeAnswersToReview: 0,
      noticesOverdue: 0,
    });
  });

  // last: it traces O1, which the earlier cases count as untraced
  it('follows a milestone recorded after an earlier read: trend and gauges equal GET /progress again', async () => {
    const before = await dashboard(eco);
    expect(before.trend!.find((p) => p.quarter === '2024Q1')!.rates.tracing).toBe(0.3333);
    await milestone('O1', 'traced', '2024-03-15');
    const d = await dashboard(eco);
    // 31 March 2024: K1, K2 and O1 registered; K1 and now O1 traced
    const q1 = d.trend!.find((p) => p.quarter === '2024Q1')!;
    expect(q1.rates).toEqual(cityRates(await progress('2024-03-31')));
    expect(q1.rates.tracing).toBe(0.6667);
    expect(d.gauges!.find((g) => g.deadline === '2024-12-31' && g.metric === 'tracing')).toMatchObject({
      rateAtDeadline: 0.6667,
      status: 'missed',
    });
    expect(d.overdue.untraced.total).toBe(1); // K2
  });
});
