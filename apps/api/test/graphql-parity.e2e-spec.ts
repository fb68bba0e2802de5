import { AppConfig } from '@outfall/config';
import { statementsOf as statementsOfApp } from './support/statements';
import { TestApp } from './support/test-app';

/** GraphQL as an integrator uses it: relations of a page without N+1, input errors, REST-equal enum spellings. */
describe('GraphQL parity', () => {
  let t: TestApp;

  const statementsOf = (run: () => Promise<void>) => statementsOfApp(t.dataSource, run);

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 110 });
    // every demo outfall gets a plan and two samples (the later one is the latest)
    await t.dataSource.query(
      `INSERT INTO remediation_plan (outfall_id, status, measures, target_state, responsible_unit_id,
                                     responsible_person, responsible_phone, deadline, version)
       SELECT o.id, 'draft', '封堵', 'closed_restored', (SELECT id FROM unit ORDER BY name LIMIT 1),
              '张三', '13800000000', DATE '2024-06-30', 1
         FROM outfall o`,
    );
    await t.dataSource.query(
      `INSERT INTO sample (outfall_id, sampled_at, source, exceeding, exceeding_count, version)
       SELECT o.id, t.at, 'manual', t.late, CASE WHEN t.late THEN 1 ELSE 0 END, 1
         FROM outfall o
        CROSS JOIN (VALUES (TIMESTAMPTZ '2023-05-01 02:00Z', false), (TIMESTAMPTZ '2023-09-01 02:00Z', true)) AS t(at, late)`,
    );
  });
  afterAll(() => t.close());

  it('a page of 100 outfalls with entities, plan, latest sample, milestones and standard: at most 5 statements', async () => {
    // warm-up: the caller signed in and known to the server
    expect(
      (await t.graphql('eco_officer', '{ outfalls(page: { limit: 1 }) { total } }')).body.errors,
    ).toBeUndefined();
    let body: {
      errors?: unknown;
      data: {
        outfalls: {
          items: {
            id: string;
            entities: { isMain: boolean; entity: { name: string } }[];
            plan: { outfallId: string; measures: string } | null;
            latestSample: { outfallId: string; sampledAt: string; exceeding: boolean } | null;
          }[];
        };
      };
    } = { data: { outfalls: { items: [] } } };
    const statements = await statementsOf(async () => {
      const res = await t.graphql(
        'eco_officer',
        `{ outfalls(page: { limit: 100 }) { items { id localCode
             entities { isMain entity { name } }
             plan { outfallId status measures deadline }
             latestSample { outfallId sampledAt exceeding } } } }`,
      );
      body = res.body;
    });
    expect(body.errors).toBeUndefined();
    const items = body.data.outfalls.items;
    expect(items).toHaveLength(100);
    for (const o of items) {
      expect(o.entities.length).toBeGreaterThanOrEqual(1);
      expect(o.plan).toMatchObject({ outfallId: o.id, measures: '封堵' });
      expect(o.latestSample).toMatchObject({
        outfallId: o.id,
        sampledAt: '2023-09-01T02:00:00.000Z',
        exceeding: true,
      });
    }
    // the page, its count, the entity links, the plans, the latest samples: one statement each. The caller's
    // identity is read at most once per request; with the identity cache (IDENTITY_CACHE_MS) it is reused
    // from the warm-up request above and the whole operation is at most 5 statements.
    const identityReads = statements.filter((q) => /FROM "app_user"/i.test(q)).length;
    expect(identityReads).toBeLessThanOrEqual(1);
    const identityCached =
      Number((t.app.get(AppConfig) as unknown as Record<string, unknown>)['IDENTITY_CACHE_MS'] ?? 0) > 0;
    expect(statements.length).toBeLessThanOrEqual(identityCached ? 5 : 6);
    expect(statements.length - identityReads).toBeLessThanOrEqual(5);

    // milestones and the applicable standard add one statement each, not one per outfall
    const more = await statementsOf(async () => {
      const res = await t.graphql(
        'eco_officer',
        `{ outfalls(page: { limit: 100 }) { items { id milestones { type effectiveOn }
             standard { outfallId standard { id } explanationZh } } } }`,
      );
      expect(res.body.errors).toBeUndefined();
      const rows = res.body.data.outfalls.items as {
        id: string;
        milestones: { type: string }[];
        standard: { outfallId: string; standard: { id: string }; explanationZh: string };
      }[];
      expect(rows).toHaveLength(100);
      expect(rows.every((o) => o.standard.outfallId === o.id && o.standard.standard.id)).toBe(true);
      expect(rows.some((o) => o.milestones.length > 0)).toBe(true);
    });
    expect(more.length).toBeLessThanOrEqual(6);
  });

  it('the standard on the outfall equals the outfallStandard query', async () => {
    const res = await t.graphql(
      'eco_officer',
      `{ outfalls(page: { limit: 3 }) { items { id standard { standard { id } explanationEn } } } }`,
    );
    const first = res.body.data.outfalls.items[0];
    const single = await t.graphql(
      'eco_officer',
      `query($id: ID!) { outfallStandard(outfallId: $id) { standard { id } explanationEn } }`,
      { id: first.id },
    );
    expect(single.body.data.outfallStandard).toEqual(first.standard);
  });

  it('a township sees plans and samples of its own outfalls only', async () => {
    const res = await t.graphql(
      'township_liugong',
      `{ outfalls(page: { limit: 100 }) { total items { id division { name } plan { outfallId } latestSample { outfallId } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const items = res.body.data.outfalls.items as {
      id: string;
      division: { name: string };
      plan: { outfallId: string } | null;
      latestSample: { outfallId: string } | null;
    }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThan(110);
    for (const o of items) {
      expect(o.division.name).toBe('六工镇');
      expect(o.plan?.outfallId).toBe(o.id);
      expect(o.latestSample?.outfallId).toBe(o.id);
    }
  });

  describe('input errors answer 400 BAD_USER_INPUT with the field', () => {
    type GqlError = { extensions: { code: string; status: number; details: { field: string }[] } };
    function expectBadInput(res: { status: number; body: { errors?: GqlError[] } }, fields: string[]) {
      expect(res.status).toBe(400);
      const errors = res.body.errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors)
        expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 400 });
      expect(errors.flatMap((e) => e.extensions.details.map((d) => d.field)).sort()).toEqual(
        [...fields].sort(),
      );
    }

    it('in the document: a bad enum value, a wrong type, a missing field or argument', async () => {
      expectBadInput(await t.graphql('eco_officer', '{ outfalls(filter: { category: bogus }) { total } }'), [
        'filter.category',
      ]);
      expectBadInput(await t.graphql('eco_officer', '{ outfalls(page: { limit: "ten" }) { total } }'), [
        'page.limit',
      ]);
      expectBadInput(
        await t.graphql('eco_officer', 'mutation { createOutfall(input: { name: "甲" }) { id } }'),
        [
          'input.category',
          'input.subType',
          'input.longitude',
          'input.latitude',
          'input.waterBodyId',
          'input.discoveredOn',
        ],
      );
      expectBadInput(await t.graphql('eco_officer', '{ outfall { id } }'), ['id']);
    });

    it('in variables: every bad value named by its path', async () => {
      expectBadInput(
        await t.graphql(
          'eco_officer',
          'query($f: OutfallFilter, $p: PageInput) { outfalls(filter: $f, page: $p) { total } }',
          { f: { category: 'bogus' }, p: { limit: 'ten' } },
        ),
        ['f.category', 'p.limit'],
      );
      expectBadInput(await t.graphql('eco_officer', 'query($id: ID!) { outfall(id: $id) { id } }', {}), [
        'id',
      ]);
    });

    it('document errors stay GRAPHQL_VALIDATION_FAILED, rule violations VALIDATION_FAILED as in REST', async () => {
      const unknown = await t.graphql('eco_officer', '{ outfalls { items { nope } } }');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const rule = await t.graphql('eco_officer', '{ outfalls(page: { limit: 5000 }) { total } }');
      expect(rule.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'limit' }],
      });
    });
  });

  it('REST and GraphQL spell enum values alike, in answers, literals and variables', async () => {
    const eco = await t.auth('eco_officer');
    const rest = await t.http.get('/api/v1/outfalls').query({ category: 'industrial', limit: 3 }).set(eco);
    expect(rest.body.total).toBeGreaterThan(0);
    const literal = await t.graphql(
      'eco_officer',
      '{ outfalls(filter: { category: industrial }, page: { limit: 3 }) { total items { category subType status plan { status targetState } } } }',
    );
    expect(literal.body.errors).toBeUndefined();
    expect(literal.body.data.outfalls.total).toBe(rest.body.total);
    expect(literal.body.data.outfalls.items.map((o: { subType: string }) => o.subType)).toEqual(
      rest.body.items.map((o: { subType: string }) => o.subType),
    );
    expect(literal.body.data.outfalls.items[0]).toMatchObject({
      category: 'industrial',
      status: 'active',
      plan: { status: 'draft', targetState: 'closed_restored' },
    });
    const variable = await t.graphql(
      'eco_officer',
      'query($f: OutfallFilter) { outfalls(filter: $f) { total } }',
      { f: { category: 'industrial' } },
    );
    expect(variable.body.data.outfalls.total).toBe(rest.body.total);
    // the TypeScript key is not a spelling
    const key = await t.graphql(
      'eco_officer',
      'query($f: OutfallFilter) { outfalls(filter: $f) { total } }',
      {
        f: { category: 'Industrial' },
      },
    );
    expect(key.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ field: 'f.category' }],
    });
  });

  it('reads REST had alone: one sample, tracing record, standard, setting, entity, water body and division', async () => {
    const eco = await t.auth('eco_officer');
    const sample = (await t.http.get('/api/v1/samples').query({ limit: 1 }).set(eco)).body.items[0];
    const entity = (await t.http.get('/api/v1/responsible-entities').query({ limit: 1 }).set(eco)).body
      .items[0];
    const water = (await t.http.get('/api/v1/water-bodies').query({ limit: 1 }).set(eco)).body.items[0];
    const division = (await t.http.get('/api/v1/divisions').query({ limit: 1 }).set(eco)).body.items[0];
    const standard = (await t.http.get('/api/v1/standards').set(eco)).body[0];
    const res = await t.graphql(
      'eco_officer',
      `query($s: ID!, $o: ID!, $e: ID!, $w: ID!, $d: ID!, $std: ID!) {
         sample(id: $s) { id outfallId source exceeding values { indicatorCode } }
         outfallStandardSetting(outfallId: $o) { outfallId }
         responsibleEntity(id: $e) { id name kind }
         waterBody(id: $w) { id code name kind }
         division(id: $d) { id name level }
         dischargeStandard(id: $std) { id standard grade } }`,
      { s: sample.id, o: sample.outfallId, e: entity.id, w: water.id, d: division.id, std: standard.id },
    );
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data;
    expect(data.sample).toMatchObject({ id: sample.id, outfallId: sample.outfallId, source: sample.source });
    expect(data.outfallStandardSetting).toBeNull();
    expect(data.responsibleEntity).toEqual({ id: entity.id, name: entity.name, kind: entity.kind });
    expect(data.waterBody).toEqual({ id: water.id, code: water.code, name: water.name, kind: water.kind });
    expect(data.division).toEqual({ id: division.id, name: division.name, level: division.level });
    expect(data.dischargeStandard).toEqual({
      id: standard.id,
      standard: standard.standard,
      grade: standard.grade,
    });
    // jurisdiction: a township cannot read another township's sample
    const foreign = await t.dataSource.query<{ id: string }[]>(
      `SELECT s.id FROM sample s JOIN outfall o ON o.id = s.outfall_id JOIN division d ON d.id = o.division_id
        WHERE d.name <> '六工镇' LIMIT 1`,
    );
    const hidden = await t.graphql('township_liugong', 'query($s: ID!) { sample(id: $s) { id } }', {
      s: foreign[0].id,
    });
    expect(hidden.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const missing = await t.graphql('eco_officer', 'query($s: ID!) { tracingRecord(id: $s) { id } }', {
      s: sample.id,
    });
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
