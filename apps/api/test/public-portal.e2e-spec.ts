import { AppConfig } from '@outfall/config';
import { Division } from '@outfall/org';
import { PublicCache } from '@outfall/public-portal';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };

/** Distinctive values of the published outfall: none may appear on the public side unless its field is public. */
const CANARY = {
  name: '公开测试甲排口',
  longitude: 87.61234,
  receivingWater: '公开测试河',
  township: '六工镇',
  entity: '公开测试电镀有限公司',
  sampledOn: '2024-05-06',
  phone: '0994-2345679',
  department: '公开测试监管分局',
};

/** The canary texts each field would reveal (code is always public). */
const REVEALS: Record<string, string[]> = {
  name: [CANARY.name],
  location: [String(CANARY.longitude), 'longitude'],
  receivingWater: [CANARY.receivingWater, 'receivingWater'],
  township: [CANARY.township, '"township"'],
  responsibleEntity: [CANARY.entity, 'responsibleEntity'],
  category: ['industrial', '"category"'],
  remediationStatus: ['remediationStatus'],
  latestCompliance: [CANARY.sampledOn, 'latestCompliance', 'exceeding'],
  sign: [CANARY.phone, CANARY.department, 'supervising'],
};
/** Canaries that are key names: GraphQL answers carry the keys asked for (with null), REST never. */
const KEY_NAMES = [
  'longitude',
  'receivingWater',
  '"township"',
  'responsibleEntity',
  '"category"',
  'remediationStatus',
  'latestCompliance',
  'supervising',
];
const ALL_FIELDS = ['code', ...Object.keys(REVEALS)];
const GQL_FIELDS = `code name longitude latitude receivingWater township responsibleEntity category
  remediationStatus latestCompliance { status sampledOn } sign { installed supervisingDepartment supervisingPhone }`;

describe('public portal (信息公开): configuration review, public API without leaks, cache, rate limit, sign sheets', () => {
  let t: TestApp;
  let eco: Headers;
  let township: Headers;
  let code: string;
  let hiddenCode: string;
  let outfallId: string;

  const publish = async (fields: string[], categories = ['industrial'], signedOnly = false) => {
    const state = await t.http.get('/api/v1/publication').set(eco);
    const open = state.body.open as { version: number } | null;
    const draft = await t.http
      .put('/api/v1/publication/draft')
      .set(eco)
      .send({ fields, categories, signedOnly, note: 'test', ...(open ? { version: open.version } : {}) });
    expect(draft.status).toBe(200);
    const submitted = await t.http
      .post('/api/v1/publication/draft/submit')
      .set(eco)
      .send({ version: draft.body.version });
    expect(submitted.status).toBe(201);
    const approved = await t.http
      .post('/api/v1/publication/draft/approve')
      .set(eco)
      .send({ version: submitted.body.version });
    expect(approved.body.status).toBe('effective');
  };

  /** Each public request from its own address, so that only the rate-limit test meets the (low) limit. */
  let client = 0;
  const nextAddress = () => `198.51.100.${(client++ % 250) + 1}`;
  const pub = (path: string) => t.http.get(path).set('X-Forwarded-For', nextAddress());
  const pubGql = (query: string) =>
    t.http.post('/graphql').set('X-Forwarded-For', nextAddress()).send({ query });

  /** Every public REST answer about the outfalls as text (list, one, map, filters, a 404), and GraphQL's. */
  const publicText = async () => {
    const answers = await Promise.all([
      pub('/api/v1/public/outfalls'),
      pub(`/api/v1/public/outfalls/${code}`),
      pub('/api/v1/public/outfalls/map'),
      pub('/api/v1/public/outfalls/filters'),
      pub(`/api/v1/public/outfalls/${hiddenCode}`),
    ]);
    const gql = await pubGql(
      `{ publicOutfalls { items { ${GQL_FIELDS} } } publicOutfall(code: "${code}") { ${GQL_FIELDS} } }`,
    );
    return { rest: answers.map((a) => a.text).join('\n'), gql };
  };

  beforeAll(async () => {
    const previous = process.env['PUBLIC_RATE_LIMIT'];
    process.env['PUBLIC_RATE_LIMIT'] = '5';
    try {
      t = await TestApp.create();
    } finally {
      if (previous === undefined) delete process.env['PUBLIC_RATE_LIMIT'];
      else process.env['PUBLIC_RATE_LIMIT'] = previous;
    }
    eco = await t.auth('eco_officer');
    township = await t.auth('township_liugong');
    const liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: CANARY.township });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'PUBT',
        name: CANARY.receivingWater,
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
    const create = async (name: string, category: string, subType: string, latitude: number) => {
      const res = await t.http.post('/api/v1/outfalls').set(eco).send({
        name,
        category,
        subType,
        waterBodyId: river.body.id,
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        longitude: CANARY.longitude,
        latitude,
      });
      expect(res.status).toBe(201);
      return res.body as { id: string; localCode: string; nationalCode: string | null };
    };
    const a = await create(CANARY.name, 'industrial', 'industrial_enterprise', 44.05);
    const b = await create('公开测试乙排口', 'agricultural', 'aquaculture_farm', 44.06);
    outfallId = a.id;
    code = a.nationalCode ?? a.localCode;
    hiddenCode = b.nationalCode ?? b.localCode;
    const [entity] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO responsible_entity (name, kind, division_id, demo, version)
       VALUES ($1, 'enterprise', $2, false, 1) RETURNING id`,
      [CANARY.entity, liugong.id],
    );
    await t.dataSource.query(
      `UPDATE outfall_entity SET entity_id = $2, is_fallback = false WHERE outfall_id = $1 AND is_main`,
      [a.id, entity.id],
    );
    await t.dataSource.query(
      `INSERT INTO sample (outfall_id, sampled_at, source, exceeding, version)
       VALUES ($1, '2024-05-06T03:00:00Z', 'manual', true, 1)`,
      [a.id],
    );
    const sign = await t.http.put(`/api/v1/outfalls/${a.id}/sign`).set(eco).send({
      outfallName: CANARY.name,
      entityName: CANARY.entity,
      receivingWater: CANARY.receivingWater,
      supervisingDepartment: CANARY.department,
      supervisingPhone: CANARY.phone,
      installed: false,
    });
    expect(sign.status).toBe(200);
    t.app.get(PublicCache).clear();
  }, 180_000);

  afterAll(() => t.close());

  it('nothing is published before a revision is approved; then only its fields (latest compliance off)', async () => {
    expect((await pub('/api/v1/public/outfalls')).body.total).toBe(0);
    expect((await pub(`/api/v1/public/outfalls/${code}`)).status).toBe(404);
    await publish(
      ALL_FIELDS.filter((f) => f !== 'latestCompliance'),
      ['industrial', 'agricultural'],
    );
    const res = await pub('/api/v1/public/outfalls?q=' + encodeURIComponent('公开测试'));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect(res.headers['etag']).toBeTruthy();
    expect(res.body.total).toBe(2);
    const item = res.body.items.find((i: { code: string }) => i.code === code);
    expect(Object.keys(item).sort()).toEqual(
      ALL_FIELDS.filter((f) => f !== 'latestCompliance')
        .sort()
        .map((f) => (f === 'location' ? ['latitude', 'longitude'] : [f]))
        .flat()
        .sort(),
    );
    expect(item).toMatchObject({
      name: CANARY.name,
      receivingWater: CANARY.receivingWater,
      township: CANARY.township,
      responsibleEntity: CANARY.entity,
      category: 'industrial',
      remediationStatus: 'none',
      sign: { installed: false, supervisingPhone: CANARY.phone, supervisingDepartment: CANARY.department },
    });
    expect(res.text).not.toContain(CANARY.sampledOn);
    const again = await t.http
      .get('/api/v1/public/outfalls')
      .query({ q: '公开测试' })
      .set('If-None-Match', res.headers['etag']);
    expect(again.status).toBe(304);
  });

  it('a draft takes effect only when the eco branch approves it; history and audit are kept', async () => {
    const refused = await t.http
      .put('/api/v1/publication/draft')
      .set(township)
      .send({ fields: ['code'], categories: ['industrial'], signedOnly: false });
    expectError(refused, 403, 'AUTH_PERMISSION_DENIED');
    const bad = await t.http
      .put('/api/v1/publication/draft')
      .set(eco)
      .send({ fields: ['code', 'secret'], categories: [], signedOnly: false });
    expectError(bad, 400, 'VALIDATION_FAILED');
    const draft = await t.http
      .put('/api/v1/publication/draft')
      .set(eco)
      .send({ fields: ['name'], categories: ['industrial'], signedOnly: false, note: '只公开名称' });
    expect(draft.body).toMatchObject({ status: 'draft', revision: 2, fields: ['code', 'name'] });
    expect((await pub(`/api/v1/public/outfalls/${hiddenCode}`)).status).toBe(200); // still revision 1
    const submitted = await t.http
      .post('/api/v1/publication/draft/submit')
      .set(eco)
      .send({ version: draft.body.version });
    const edit = await t.http
      .put('/api/v1/publication/draft')
      .set(eco)
      .send({
        fields: ['name'],
        categories: ['industrial'],
        signedOnly: false,
        version: submitted.body.version,
      });
    expectError(edit, 409, 'PUBLICATION_STATE');
    const noReason = await t.http
      .post('/api/v1/publication/draft/reject')
      .set(eco)
      .send({ version: submitted.body.version });
    expectError(noReason, 400, 'VALIDATION_FAILED');
    const rejected = await t.http
      .post('/api/v1/publication/draft/reject')
      .set(eco)
      .send({ version: submitted.body.version, reviewNote: '范围过窄' });
    expect(rejected.body.status).toBe('rejected');
    expect((await pub(`/api/v1/public/outfalls/${hiddenCode}`)).status).toBe(200);
    await publish(['name'], ['industrial']);
    const history = await t.http.get('/api/v1/publication/revisions').set(eco);
    expect(
      history.body.items.map((r: { revision: number; status: string }) => `${r.revision}:${r.status}`),
    ).toEqual(['3:effective', '2:rejected', '1:superseded']);
    expect(await t.count('audit_log', `entity_type = 'publication_config'`)).toBeGreaterThanOrEqual(6);
    const gql = await t.graphql(
      'eco_officer',
      '{ publicationState { effective { revision fields } open { id } } }',
    );
    expect(gql.body.data.publicationState).toEqual({
      effective: { revision: 3, fields: ['code', 'name'] },
      open: null,
    });
  });

  it('unknown and unpublished codes answer the same 404; filters on unpublished dimensions are refused', async () => {
    const unknown = await pub('/api/v1/public/outfalls/NO-SUCH-CODE');
    const unpublished = await pub(`/api/v1/public/outfalls/${hiddenCode}`);
    expectError(unknown, 404, 'NOT_FOUND');
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unpublished.body)).toEqual(strip(unknown.body));
    expect(unpublished.text).not.toContain(hiddenCode);
    const gUnknown = await pubGql('{ publicOutfall(code: "NO-SUCH-CODE") { code } }');
    const gHidden = await pubGql(`{ publicOutfall(code: "${hiddenCode}") { code } }`);
    expect(gHidden.body.errors[0].message).toBe(gUnknown.body.errors[0].message);
    expect(gHidden.body.errors[0].extensions.code).toBe(gUnknown.body.errors[0].extensions.code);
    expectError(
      await pub('/api/v1/public/outfalls').query({ category: 'industrial' }),
      400,
      'VALIDATION_FAILED',
    );
    const map = await pub('/api/v1/public/outfalls/map');
    expect(map.body).toEqual({ type: 'FeatureCollection', features: [] });
    // a field that is not in the public type at all: a validation error that names no value
    const notInType = await t.graphql(
      null,
      `{ publicOutfall(code: "${code}") { code localCode divisionId } }`,
    );
    expect(notInType.body.errors.length).toBeGreaterThan(0);
    expect(notInType.text).not.toContain(CANARY.township);
  });

  it('field by field: each unpublished field stays out of REST, GraphQL, the map and the errors', async () => {
    for (const hidden of Object.keys(REVEALS)) {
      const fields = ALL_FIELDS.filter((f) => f !== hidden);
      await publish(fields, ['industrial']);
      const { rest, gql } = await publicText();
      // REST: neither the key nor the value; GraphQL: the value is null (its key is the question)
      for (const canary of REVEALS[hidden])
        expect({ hidden, canary, leaked: rest.includes(canary) }).toEqual({ hidden, canary, leaked: false });
      const gqlText = JSON.stringify(gql.body);
      for (const canary of REVEALS[hidden].filter((c) => !KEY_NAMES.includes(c)))
        expect({ hidden, canary, leaked: gqlText.includes(canary) }).toEqual({
          hidden,
          canary,
          leaked: false,
        });
      const one = gql.body.data.publicOutfall as Record<string, unknown>;
      const keys = hidden === 'location' ? ['longitude', 'latitude'] : [hidden];
      for (const key of keys) expect({ hidden, key, value: one[key] }).toEqual({ hidden, key, value: null });
      for (const [field, canaries] of Object.entries(REVEALS))
        if (field !== hidden)
          expect({ field, shown: rest.includes(canaries[0]) }).toEqual({ field, shown: true });
      expect(rest + gqlText).not.toContain('公开测试乙排口'); // agricultural: not published at all
    }
    const gql = await pubGql(`{ publicOutfall(code: "${code}") { ${GQL_FIELDS} } }`);
    expect(gql.body.data.publicOutfall).toMatchObject({
      code,
      latestCompliance: { status: 'exceeding', sampledOn: CANARY.sampledOn },
      sign: null,
    });
  }, 90_000);

  it('the public side is rate-limited per address: 429 with Retry-After and the error shape', async () => {
    expect(t.app.get(AppConfig).PUBLIC_RATE_LIMIT).toBe(5);
    {
      const ip = '203.0.113.77';
      for (let i = 0; i < 5; i += 1)
        expect((await t.http.get('/api/v1/public/approvals').set('X-Forwarded-For', ip)).status).toBe(200);
      const limited = await pub('/api/v1/public/outfalls').set('X-Forwarded-For', ip);
      expectError(limited, 429, 'TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const other = await pub('/api/v1/public/outfalls').set('X-Forwarded-For', '203.0.113.78');
      expect(other.status).toBe(200);
      const gql = await t.http
        .post('/graphql')
        .set('X-Forwarded-For', ip)
        .send({ query: '{ publicApprovals { total } }' });
      expect(gql.body.errors[0].extensions.code).toBe('TOO_MANY_REQUESTS');
    }
  });

  it('prints A4 sign sheets with a server-side SVG QR code, within the caller’s jurisdiction', async () => {
    const res = await t.http.get('/api/v1/publication/sign-sheets').query({ outfallIds: outfallId }).set(eco);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('@page { size: A4');
    expect(res.text).toContain('<svg');
    expect(res.text).toContain(`/o/${encodeURIComponent(code)}`);
    expect(res.text).toContain(CANARY.phone);
    const sangong = await t.auth('township_sangong');
    const foreign = await t.http
      .get('/api/v1/publication/sign-sheets')
      .query({ outfallIds: outfallId })
      .set(sangong);
    expect(foreign.status).toBe(404);
    expect(
      (await t.http.get('/api/v1/publication/sign-sheets').query({ outfallIds: outfallId })).status,
    ).toBe(401);
  });
});
