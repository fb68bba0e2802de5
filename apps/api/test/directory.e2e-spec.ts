import { IdentityCache } from '@outfall/iam';
import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { beijingToday, Principal } from '@outfall/common';
import {
  mapConfigOf,
  OutfallCountCache,
  OutfallDerivationService,
  OutfallsService,
  ResponsibleEntitiesService,
  toOutfallView,
  withCreditCodeCheck,
} from '@outfall/directory';
import { referenceCard } from './directory-card.spec-helper';
import { expectError, TestApp } from './support/test-app';

describe('outfall directory', () => {
  let t: TestApp;
  let eco: { Authorization: string };
  let liugong: Division;
  let sangong: Division;
  let waterId: string;

  /** A point `metres` east of (87.5, 44.05), computed by PostGIS on the spheroid. */
  async function eastOf(metres: number, lat = 44.05): Promise<{ longitude: number; latitude: number }> {
    const [row] = await t.dataSource.query<{ x: number; y: number }[]>(
      `SELECT ST_X(p::geometry) AS x, ST_Y(p::geometry) AS y FROM ST_Project(ST_MakePoint(87.5, $2::float8)::geography, $1::float8, radians(90)) AS p`,
      [metres, lat],
    );
    return { longitude: row.x, latitude: row.y };
  }

  async function createOutfall(body: Record<string, unknown>, headers = eco) {
    return t.http
      .post('/api/v1/outfalls')
      .set(headers)
      .send({
        name: '测试排口',
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: waterId,
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        ...body,
      });
  }

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 120 });
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'TEST',
        name: '测试河',
        kind: 'river',
        level: 'county',
        isKey: true,
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
  });
  afterAll(() => t.close());

  describe('key area (1 000 m of a key river)', () => {
    it('classifies at the edge, after moving an outfall and after editing the river', async () => {
      const near = await createOutfall({ ...(await eastOf(990)), name: '990 米' });
      const far = await createOutfall({ ...(await eastOf(1010)), name: '1010 米' });
      expect(near.status).toBe(201);
      expect(near.body).toMatchObject({ area: 'key', localCode: 'TEST-GY-0001' });
      expect(near.body.keyDistanceM).toBeCloseTo(990, 0);
      expect(far.body).toMatchObject({ area: 'general', localCode: 'TEST-GY-0002' });

      const moved = await t.http
        .patch(`/api/v1/outfalls/${near.body.id}`)
        .set(eco)
        .send({ ...(await eastOf(1500)), version: near.body.version });
      expect(moved.status).toBe(200);
      expect(moved.body.area).toBe('general');

      const river = await t.http.get(`/api/v1/water-bodies/${waterId}`).set(eco);
      const shifted = await t.http
        .patch(`/api/v1/water-bodies/${waterId}`)
        .set(eco)
        .send({
          centerline: {
            type: 'LineString',
            coordinates: [
              [87.501, 44.0],
              [87.501, 44.1],
            ],
          },
          version: river.body.version,
        });
      expect(shifted.status).toBe(200);
      const farNow = await t.http.get(`/api/v1/outfalls/${far.body.id}`).set(eco);
      expect(farNow.body.area).toBe('key');
      expect(farNow.body.keyDistanceM).toBeLessThan(1000);
    });

    it('a recompute of every outfall rewrites only the rows whose flags change', async () => {
      const derivation = t.app.get(OutfallDerivationService);
      const versions = () =>
        t.dataSource.query<{ id: string; xmin: string }[]>(`SELECT id, xmin::text FROM outfall ORDER BY id`);
      const before = await versions();
      expect(before.length).toBeGreaterThan(100);
      await t.dataSource.transaction(async (em) => {
        await derivation.recomputeArea(em, null);
        await derivation.recomputeBan(em, null);
      });
      expect(await versions()).toEqual(before);

      // one outfall's flag changed behind the service's back: only it is rewritten, and it is right again
      const [{ id, area: expected }] = await t.dataSource.query<{ id: string; area: string }[]>(
        `SELECT id, area FROM outfall ORDER BY id LIMIT 1`,
      );
      await t.dataSource.query(
        `UPDATE outfall SET area = CASE area WHEN 'key' THEN 'general' ELSE 'key' END WHERE id = $1`,
        [id],
      );
      const middle = await versions();
      await t.dataSource.transaction((em) => derivation.recomputeArea(em, null));
      const after = await versions();
      expect(after.filter((row, i) => row.xmin !== middle[i].xmin).map((row) => row.id)).toEqual([id]);
      const [{ area }] = await t.dataSource.query<{ area: string }[]>(
        `SELECT area FROM outfall WHERE id = $1`,
        [id],
      );
      expect(area).toBe(expected);
    });
  });

  describe('ban candidates, duplicates and merge', () => {
    it('flags an outfall inside protected areas with their names and kinds', async () => {
      const inside = await createOutfall({ longitude: 87.135, latitude: 43.7, name: '水源地内排口' });
      expect(inside.body.banCandidate).toBe(true);
      expect(inside.body.banReasons.map((r: { kind: string }) => r.kind).sort()).toEqual([
        'drinking_water_level_1',
        'drinking_water_level_2',
      ]);
      const outside = await createOutfall({ longitude: 87.6, latitude: 44.05 });
      expect(outside.body.banCandidate).toBe(false);
      const listed = await t.http.get('/api/v1/outfalls').query({ banCandidate: true, limit: 200 }).set(eco);
      expect(listed.body.items.map((o: { id: string }) => o.id)).toContain(inside.body.id);
      expect(listed.body.items.every((o: { banCandidate: boolean }) => o.banCandidate)).toBe(true);
    });

    it('lists suspected duplicates on both records, and a merge moves everything and audits it', async () => {
      const a = await createOutfall({ longitude: 87.52, latitude: 44.06, name: '甲' });
      const b = await createOutfall({ longitude: 87.5201, latitude: 44.0601, name: '乙' });
      const aCard = await t.http.get(`/api/v1/outfalls/${a.body.id}`).set(eco);
      const bCard = await t.http.get(`/api/v1/outfalls/${b.body.id}`).set(eco);
      expect(aCard.body.duplicates.map((d: { id: string }) => d.id)).toEqual([b.body.id]);
      expect(bCard.body.duplicates.map((d: { id: string }) => d.id)).toEqual([a.body.id]);
      expect(aCard.body.duplicates[0].distanceM).toBeLessThan(30);

      const entity = await t.http
        .post('/api/v1/responsible-entities')
        .set(eco)
        .send({ name: '乙公司', kind: 'enterprise', divisionId: liugong.id });
      await t.http
        .put(`/api/v1/outfalls/${b.body.id}/entities`)
        .set(eco)
        .send({ links: [{ entityId: entity.body.id, isMain: true }] });
      expect(
        (
          await t.http
            .put(`/api/v1/outfalls/${b.body.id}/milestones/investigated`)
            .set(eco)
            .send({ effectiveOn: beijingToday() })
        ).status,
      ).toBe(200);

      const merged = await t.http
        .post(`/api/v1/outfalls/${b.body.id}/merge`)
        .set(eco)
        .send({ intoId: a.body.id, reason: '同一排口重复登记' });
      expect(merged.status).toBe(200);
      const survivor = await t.http.get(`/api/v1/outfalls/${a.body.id}`).set(eco);
      expect(survivor.body.entities.map((l: { entityId: string }) => l.entityId)).toContain(entity.body.id);
      expect(survivor.body.events.map((e: { type: string }) => e.type)).toContain('investigated');
      expect(survivor.body.duplicateCount).toBe(0);
      const closed = await t.http.get(`/api/v1/outfalls/${b.body.id}`).set(eco);
      expect(closed.body).toMatchObject({ status: 'merged', mergedIntoId: a.body.id });
      // the merge's own row on each record; the derived-flag rows carry only the changed flags
      const flagsOnly = `after - 'area' - 'banCandidate' - 'banReasons' - 'duplicateCount' = '{}'::jsonb`;
      expect(
        await t.count(
          'audit_log',
          `entity_type = 'outfall' AND entity_id IN ($1, $2) AND action = 'update' AND NOT (${flagsOnly})`,
          [a.body.id, b.body.id],
        ),
      ).toBe(2);
      // the suspected duplicates found when 乙 was registered and cleared by the merge: a row on each record
      for (const id of [a.body.id, b.body.id])
        expect(
          await t.dataSource.query(
            `SELECT before, after FROM audit_log
              WHERE entity_type = 'outfall' AND entity_id = $1 AND action = 'update' AND ${flagsOnly}
              ORDER BY occurred_at, id`,
            [id],
          ),
        ).toEqual([
          { before: { duplicateCount: 0 }, after: { duplicateCount: 1 } },
          { before: { duplicateCount: 1 }, after: { duplicateCount: 0 } },
        ]);
      expectError(
        await t.http
          .post(`/api/v1/outfalls/${b.body.id}/merge`)
          .set(eco)
          .send({ intoId: a.body.id, reason: 'again' }),
        409,
        'OUTFALL_NOT_ACTIVE',
      );
    });
  });

  describe('responsible entities', () => {
    it('validates the unified social credit code', async () => {
      const bad = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '坏码公司',
        kind: 'enterprise',
        divisionId: liugong.id,
        creditCode: '91350100M000100Y44',
      });
      expectError(bad, 400, 'ENTITY_CREDIT_CODE_INVALID');
      expect(bad.body.details).toEqual([
        { field: 'creditCode', message: 'creditCode check character is wrong (expected 3)' },
      ]);
      const good = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '好码公司',
        kind: 'enterprise',
        divisionId: liugong.id,
        creditCode: '91350100M000100Y43',
      });
      expect(good.status).toBe(201);
      const again = await t.http.post('/api/v1/responsible-entities').set(eco).send({
        name: '重码公司',
        kind: 'enterprise',
        divisionId: liugong.id,
        creditCode: '91350100M000100Y43',
      });
      expectError(again, 409, 'CONFLICT');
    });

    it('falls back to the township when the entity is unknown, and gives way to a real one', async () => {
      const outfall = await createOutfall({ longitude: 87.6, latitude: 44.2 });
      const card = await t.http.get(`/api/v1/outfalls/${outfall.body.id}`).set(eco);
      expect(card.body.entities).toHaveLength(1);
      expect(card.body.entities[0]).toMatchObject({
        isMain: true,
        isFallback: true,
        entity: { name: '六工镇人民政府', kind: 'township_government' },
      });
      const company = await t.http
        .post('/api/v1/responsible-entities')
        .set(eco)
        .send({ name: '丙公司', kind: 'enterprise', divisionId: liugong.id });
      const set = await t.http
        .put(`/api/v1/outfalls/${outfall.body.id}/entities`)
        .set(eco)
        .send({ links: [{ entityId: company.body.id, isMain: true }] });
      expect(
        set.body.map((l: { entityId: string; isFallback: boolean }) => [l.entityId, l.isFallback]),
      ).toEqual([[company.body.id, false]]);
      const twoMains = await t.http
        .put(`/api/v1/outfalls/${outfall.body.id}/entities`)
        .set(eco)
        .send({
          links: [
            { entityId: company.body.id, isMain: true },
            { entityId: card.body.entities[0].entityId, isMain: true },
          ],
        });
      expectError(twoMains, 400, 'ENTITY_MAIN_COUNT');
      const cleared = await t.http
        .put(`/api/v1/outfalls/${outfall.body.id}/entities`)
        .set(eco)
        .send({ links: [] });
      expect(cleared.body[0]).toMatchObject({ isFallback: true, isMain: true });
    });

    it('flags an enterprise outside an industrial park with more than one outfall', async () => {
      const outside = await t.http
        .post('/api/v1/responsible-entities')
        .set(eco)
        .send({
          name: '园外企业',
          kind: 'enterprise',
          divisionId: liugong.id,
          creditCode: withCreditCodeCheck('91652301MA7899991'),
        });
      const inPark = await t.http
        .post('/api/v1/responsible-entities')
        .set(eco)
        .send({ name: '园内企业', kind: 'enterprise', divisionId: liugong.id, inIndustrialPark: true });
      for (const entity of [outside.body, inPark.body]) {
        for (const lat of [44.25, 44.26]) {
          const o = await createOutfall({ longitude: 87.7, latitude: lat });
          await t.http
            .put(`/api/v1/outfalls/${o.body.id}/entities`)
            .set(eco)
            .send({ links: [{ entityId: entity.id, isMain: true }] });
        }
      }
      expect(
        (await t.http.get(`/api/v1/responsible-entities/${outside.body.id}`).set(eco)).body,
      ).toMatchObject({ outfallCount: 2, multipleOutfallsOutsidePark: true });
      expect(
        (await t.http.get(`/api/v1/responsible-entities/${inPark.body.id}`).set(eco)).body,
      ).toMatchObject({ outfallCount: 2, multipleOutfallsOutsidePark: false });
      const flagged = await t.http
        .get('/api/v1/responsible-entities')
        .query({ multipleOutfalls: true, limit: 100 })
        .set(eco);
      expect(flagged.body.items.map((e: { id: string }) => e.id)).toContain(outside.body.id);
      expect(flagged.body.items.map((e: { id: string }) => e.id)).not.toContain(inPark.body.id);
    });
  });

  describe('jurisdiction and sector', () => {
    it('a township lists only its outfalls and cannot create one in another township', async () => {
      const own = await t.http
        .get('/api/v1/outfalls')
        .query({ limit: 200 })
        .set(await t.auth('township_liugong'));
      expect(own.body.total).toBeGreaterThan(0);
      expect(own.body.items.every((o: { divisionId: string }) => o.divisionId === liugong.id)).toBe(true);
      const other = await t.http.get('/api/v1/outfalls').query({ divisionId: sangong.id, limit: 1 }).set(eco);
      expectError(
        await t.http.get(`/api/v1/outfalls/${other.body.items[0].id}`).set(await t.auth('township_liugong')),
        404,
        'NOT_FOUND',
      );
      const elsewhere = await createOutfall(
        { longitude: 87.6, latitude: 44.3, divisionId: sangong.id },
        await t.auth('township_liugong'),
      );
      expectError(elsewhere, 403, 'OUTFALL_OUTSIDE_JURISDICTION');
      const gql = await t.graphql(
        'township_liugong',
        '{ outfalls(page: { limit: 200 }) { total items { division { name } } } }',
      );
      expect(
        gql.body.data.outfalls.items.every(
          (o: { division: { name: string } }) => o.division.name === '六工镇',
        ),
      ).toBe(true);
    });

    it('a sector department writes only its categories', async () => {
      const res = await createOutfall(
        { longitude: 87.6, latitude: 44.3, category: 'agricultural', subType: 'livestock_farm' },
        await t.auth('industry_officer'),
      );
      expectError(res, 403, 'OUTFALL_CATEGORY_NOT_IN_SECTOR');
      const ok = await createOutfall({ longitude: 87.6, latitude: 44.31 }, await t.auth('industry_officer'));
      expect(ok.status).toBe(201);
    });

    it('derives the township from boundary data when it exists', async () => {
      await t.dataSource.query(
        `UPDATE division SET boundary = ST_Multi(ST_MakeEnvelope(87.8, 44.5, 87.85, 44.55, 4326)) WHERE id = $1`,
        [sangong.id],
      );
      const res = await createOutfall({ longitude: 87.82, latitude: 44.52, divisionId: undefined });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ divisionId: sangong.id, divisionDerived: true });
      const card = await t.http.get(`/api/v1/outfalls/${res.body.id}`).set(eco);
      expect(card.body.division).toEqual({ id: sangong.id, name: '三工镇', code: sangong.code });
      const listed = await t.http.get(`/api/v1/outfalls?q=${res.body.localCode}`).set(eco);
      expect(listed.body.items[0].division).toEqual({ id: sangong.id, name: '三工镇', code: sangong.code });
      expectError(
        await createOutfall({ longitude: 87.7, latitude: 44.5, divisionId: undefined }),
        400,
        'OUTFALL_DIVISION_REQUIRED',
      );
    });
  });

  describe('bad input', () => {
    it.each([
      [{ longitude: 200 }, 400, 'VALIDATION_FAILED', 'longitude'],
      [{ longitude: 80.1, latitude: 44 }, 400, 'OUTFALL_OUTSIDE_CITY', 'longitude'],
      [{ longitude: 87.6, latitude: 44.3, category: 'mining' }, 400, 'VALIDATION_FAILED', 'category'],
      [
        { longitude: 87.6, latitude: 44.3, subType: 'livestock_farm' },
        400,
        'OUTFALL_SUB_TYPE_MISMATCH',
        'subType',
      ],
      [
        { longitude: 87.6, latitude: 44.3, discoveredOn: '2023-02-30' },
        400,
        'VALIDATION_FAILED',
        'discoveredOn',
      ],
      [
        { longitude: 87.6, latitude: 44.3, waterBodyId: '00000000-0000-4000-8000-000000000000' },
        400,
        'VALIDATION_FAILED',
        'waterBodyId',
      ],
      [{ longitude: 87.6, latitude: 44.3, colour: 'red' }, 400, 'VALIDATION_FAILED', 'colour'],
    ])('%j → %i %s', async (body, status, code, field) => {
      const before = await t.count('outfall');
      const res = await createOutfall(body);
      expectError(res, status, code);
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
      expect(await t.count('outfall')).toBe(before);
    });

    it('keeps milestones dated sanely: not in the future, not before discovery, in order', async () => {
      const o = await createOutfall({
        longitude: 87.65,
        latitude: 44.35,
        discoveredOn: '2023-08-20',
        registeredOn: '2023-09-01',
      });
      const put = (type: string, effectiveOn: string) =>
        t.http.put(`/api/v1/outfalls/${o.body.id}/milestones/${type}`).set(eco).send({ effectiveOn });
      const first = await put('investigated', '2023-10-10');
      expect(first.body).toMatchObject({ type: 'investigated' });
      expectError(await put('investigated', '2099-01-01'), 400, 'MILESTONE_IN_FUTURE');
      expectError(await put('investigated', '2023-08-01'), 400, 'MILESTONE_BEFORE_DISCOVERY');
      expectError(await put('registered', '2023-10-20'), 400, 'MILESTONE_OUT_OF_ORDER');
      expectError(await put('nonsense', '2023-10-01'), 400, 'VALIDATION_FAILED');
      // workflow-owned types are not entered by hand (milestones.e2e-spec)
      expectError(await put('traced', '2023-12-31'), 409, 'MILESTONE_OWNED_BY_WORKFLOW');
      const corrected = await put('investigated', '2023-12-31');
      expect(corrected.body).toMatchObject({
        type: 'investigated',
        effectiveOn: '2023-12-31',
        source: 'manual',
        backEntered: false,
      });
      expect(corrected.body.recordedAt).toEqual(expect.any(String));
    });
  });

  describe('lists, maps and GraphQL', () => {
    /** Principals for the services' own reads (the references the REST answers are compared with). */
    const city = { jurisdiction: { cityWide: true, divisionId: null, divisionPath: null } } as Principal;
    const township = () =>
      ({
        jurisdiction: { cityWide: false, divisionId: liugong.id, divisionPath: liugong.path },
      }) as Principal;
    /** A read: the principal, the same caller's REST headers, the query. */
    type ReadCase = [Principal, { Authorization: string }, Record<string, string | number | boolean>];

    it('filters, sorts and serves GeoJSON for a bounding box', async () => {
      const key = await t.http
        .get('/api/v1/outfalls')
        .query({ keyRiver: true, area: 'key', sort: '-keyDistanceM', limit: 50 })
        .set(eco);
      expect(key.body.total).toBeGreaterThan(0);
      const distances = key.body.items.map((o: { keyDistanceM: number }) => o.keyDistanceM);
      expect([...distances].sort((x, y) => y - x)).toEqual(distances);
      // the page and the card are read as plain rows (no entity): each is the record exactly as a write answers
      // it (the entity's view), value for value
      for (const row of key.body.items.slice(0, 5) as { id: string; version: number; name: string }[]) {
        const written = await t.http
          .patch(`/api/v1/outfalls/${row.id}`)
          .set(eco)
          .send({ version: row.version, name: `${row.name}·` });
        expect(written.status).toBe(200);
        const { events, entities, duplicates, ...card } = (
          await t.http.get(`/api/v1/outfalls/${row.id}`).set(eco)
        ).body as Record<string, unknown>;
        expect([events, entities, duplicates].every(Array.isArray)).toBe(true);
        // (a write answers without the division's name; the reads join it)
        const view = {
          ...written.body,
          division: { id: written.body.divisionId, name: expect.any(String), code: expect.any(String) },
        };
        expect(card).toStrictEqual(view);
        const [listed] = (await t.http.get('/api/v1/outfalls').query({ q: written.body.localCode }).set(eco))
          .body.items as Record<string, unknown>[];
        expect(listed).toStrictEqual(view);
      }
      const geo = await t.http
        .get('/api/v1/outfalls/geojson')
        .query({ bbox: '87.0,43.5,87.5,44.5', category: 'industrial' })
        .set(eco);
      expect(geo.body.type).toBe('FeatureCollection');
      expect(geo.body.features.length).toBeGreaterThan(0);
      for (const f of geo.body.features) {
        const [lon, lat] = f.geometry.coordinates;
        expect(lon >= 87 && lon <= 87.5 && lat >= 43.5 && lat <= 44.5).toBe(true);
        expect(f.properties.category).toBe('industrial');
      }
      // built by PostgreSQL: the feature keeps the shape and values of the record
      expect(geo.headers['content-type']).toMatch(/^application\/json/);
      const feature = geo.body.features[0];
      const record = (await t.http.get(`/api/v1/outfalls/${feature.id}`).set(eco)).body;
      expect(feature).toEqual({
        type: 'Feature',
        id: record.id,
        geometry: { type: 'Point', coordinates: [record.longitude, record.latitude] },
        properties: {
          id: record.id,
          localCode: record.localCode,
          name: record.name,
          category: record.category,
          area: record.area,
          banCandidate: record.banCandidate,
          duplicateCount: record.duplicateCount,
          // the map's colouring: furthest milestone in effect, plan overdue, latest sample exceeding
          stage: feature.properties.stage,
          overdue: expect.any(Boolean),
          exceeding: expect.any(Boolean),
        },
      });
      // the stage is one of the record's milestones (none only without any)
      const milestones = record.events.map((e: { type: string }) => e.type);
      if (milestones.length) expect(milestones).toContain(feature.properties.stage);
      else expect(feature.properties.stage).toBeNull();
      // the map asks for more than the default 5 000; the cap is 100 000
      const many = await t.http.get('/api/v1/outfalls/geojson').query({ limit: 100_000 }).set(eco);
      expect(many.status).toBe(200);
      expectError(
        await t.http.get('/api/v1/outfalls/geojson').query({ limit: 100_001 }).set(eco),
        400,
        'VALIDATION_FAILED',
      );
      const codes = geo.body.features.map(
        (f: { properties: { localCode: string } }) => f.properties.localCode,
      );
      expect([...codes].sort()).toEqual(codes);
      // the bbox reads the GiST index (sequential scans priced out, as on a large table)
      const [sql, params] = t.app.get(OutfallsService).geojsonQuery(city, { bbox: '87.0,43.5,87.5,44.5' });
      const plan = await t.dataSource.transaction(async (em) => {
        await em.query('SET LOCAL enable_seqscan = off');
        const rows = await em.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${sql}`, params);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('outfall_location_gix');
      expectError(
        await t.http.get('/api/v1/outfalls/geojson').query({ bbox: '87.5,44,87.0,44.5' }).set(eco),
        400,
        'VALIDATION_FAILED',
      );
      const rivers = await t.http.get('/api/v1/water-bodies/geojson').set(eco);
      expect(rivers.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(
        expect.arrayContaining(['TTH', 'STH', 'TEST']),
      );
      expect(rivers.body.features[0].geometry.type).toBe('MultiLineString');
      const areas = await t.http.get('/api/v1/protected-areas/geojson').set(eco);
      expect(areas.body.features).toHaveLength(3);
      // a bbox far from the city keeps nothing; one around it keeps the layer
      const far = await t.http.get('/api/v1/protected-areas/geojson').query({ bbox: '10,10,11,11' }).set(eco);
      expect(far.body.features).toHaveLength(0);
      const near = await t.http.get('/api/v1/water-bodies/geojson').query({ bbox: '86,43,89,45' }).set(eco);
      expect(near.body.features.length).toBe(rivers.body.features.length);
      const zones = await t.http.get('/api/v1/function-zones/geojson').set(eco);
      expect(zones.status).toBe(200);
      expect(zones.body.type).toBe('FeatureCollection');
      // the key rivers' 1 km key area: one polygon per key river, wider than the river by about 1 km
      const buffer = await t.http.get('/api/v1/water-bodies/key-buffer/geojson').set(eco);
      const keyCodes = rivers.body.features
        .filter((f: { properties: { isKey: boolean } }) => f.properties.isKey)
        .map((f: { properties: { code: string } }) => f.properties.code);
      expect(buffer.body.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(
        [...keyCodes].sort(),
      );
      expect(buffer.body.features[0].geometry.type).toBe('MultiPolygon');
      expect(buffer.body.features[0].properties.distanceM).toBe(1000);
      // every point of its outline lies about 1 km from the river (shoreline or centre line)
      const [edge] = await t.dataSource.query<{ min: number; max: number }[]>(
        `WITH b AS (SELECT ST_GeomFromGeoJSON($1) AS g),
              r AS (SELECT shoreline, centerline FROM water_body WHERE code = $2)
         SELECT min(d) AS min, max(d) AS max FROM (
           SELECT LEAST(COALESCE(ST_Distance(p.geom::geography, r.shoreline::geography), 'Infinity'),
                        COALESCE(ST_Distance(p.geom::geography, r.centerline::geography), 'Infinity')) AS d
             FROM b, r, ST_DumpPoints(ST_Boundary(b.g)) p) x`,
        [JSON.stringify(buffer.body.features[0].geometry), buffer.body.features[0].properties.code],
      );
      expect(edge.min).toBeGreaterThan(980);
      expect(edge.max).toBeLessThan(1020);
      expectError(
        await t.http.get('/api/v1/function-zones/geojson').query({ bbox: '88,44,87,45' }).set(eco),
        400,
        'VALIDATION_FAILED',
      );
      const config = await t.http.get('/api/v1/map/config').set(eco);
      expect(config.body).toEqual({ basemap: null, keyAreaDistanceM: 1000 });
      // a configured basemap (e.g. 天地图 with its key) is given to signed-in users only, never on the public meta
      const basemap = { url: 'https://t0.example.cn/vec_w/{z}/{x}/{y}?tk=KEY', attribution: '天地图' };
      expect(
        mapConfigOf({
          MAP_BASEMAP_URL: basemap.url,
          MAP_BASEMAP_ATTRIBUTION: basemap.attribution,
          KEY_AREA_DISTANCE_M: 1000,
        }),
      ).toEqual({ basemap, keyAreaDistanceM: 1000 });
      expect((await t.http.get('/api/v1/map/config')).status).toBe(401);
      expect(JSON.stringify((await t.http.get('/api/v1/meta')).body)).not.toContain('basemap');
      const text = await t.http.get('/api/v1/outfalls').query({ q: 'TEST-GY' }).set(eco);
      expect(text.body.items.every((o: { localCode: string }) => o.localCode.startsWith('TEST-GY'))).toBe(
        true,
      );
    });

    it('the REST page (JSON built by PostgreSQL) is the entity list seen through the view, byte for byte', async () => {
      const outfalls = t.app.get(OutfallsService);
      const cases: ReadCase[] = [
        [city, eco, {}],
        [city, eco, { sort: '-keyDistanceM', limit: 50 }],
        [city, eco, { sort: 'keyDistanceM,-name', limit: 7, offset: 3 }],
        [city, eco, { keyRiver: true, area: 'key', sort: '-keyDistanceM' }],
        [city, eco, { keyRiver: false, category: 'industrial', sort: 'discoveredOn', limit: 200 }],
        [city, eco, { divisionId: liugong.id, sort: '-createdAt,category', limit: 5, offset: 5 }],
        [
          city,
          eco,
          { q: 'TEST', status: 'active', duplicate: false, divisionConflict: false, banCandidate: false },
        ],
        [city, eco, { waterBodyId: waterId, bbox: '87.0,43.5,88.0,44.5', limit: 3 }],
        // text that a literal must quote and escape (the page's statement runs as COPY on PostgreSQL)
        [city, eco, { q: "it's \\ 100%_" }],
        [city, eco, { q: '排', limit: 4 }],
        [city, eco, { offset: 100000 }],
        [township(), await t.auth('township_liugong'), { sort: '-name', limit: 30 }],
      ];
      for (const [principal, headers, query] of cases) {
        // (totals exact: a count slow enough to be kept would answer the next read as an estimate)
        t.app.get(OutfallCountCache).invalidate();
        const res = await t.http.get('/api/v1/outfalls').query(query).set(headers);
        expect({ query, status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({
          query,
          status: 200,
          text: '',
        });
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        t.app.get(OutfallCountCache).invalidate();
        const page = await outfalls.list(principal, query as never);
        const expected = JSON.stringify({ ...page, items: page.items.map(toOutfallView) });
        // the same members in the same order with the same values (jsonb values keep PostgreSQL's spacing)
        expect(JSON.stringify(JSON.parse(res.text))).toBe(expected);
      }
      expect(
        JSON.parse((await t.http.get('/api/v1/outfalls').query({ limit: 2 }).set(eco)).text).items,
      ).toHaveLength(2);
      expectError(
        await t.http.get('/api/v1/outfalls').query({ sort: 'location' }).set(eco),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('the REST GeoJSON is the text of its statement, byte for byte (sent as bytes from COPY on PostgreSQL)', async () => {
      const outfalls = t.app.get(OutfallsService);
      const cases: ReadCase[] = [
        [city, eco, {}],
        [city, eco, { bbox: '87.0,43.5,88.0,44.5', category: 'industrial', limit: 50 }],
        [city, eco, { q: "it's \\ 100%_" }],
        [city, eco, { q: '排', keyRiver: true }],
        [township(), await t.auth('township_liugong'), { limit: 30 }],
      ];
      let features = 0;
      for (const [principal, headers, { limit, ...filter }] of cases) {
        const res = await t.http
          .get('/api/v1/outfalls/geojson')
          .query({ limit, ...filter })
          .set(headers);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const [sql, parameters] = outfalls.geojsonQuery(
          principal,
          filter as never,
          (limit as number) ?? 5000,
        );
        const [row] = await t.dataSource.query<{ body: string }[]>(sql, parameters);
        expect(res.text).toBe(row.body);
        features += (JSON.parse(res.text) as { features: unknown[] }).features.length;
      }
      expect(features).toBeGreaterThan(0);
    });

    it('the REST card (JSON built by PostgreSQL) is the reference card (TypeORM reads) as serialized, value for value', async () => {
      const outfalls = t.app.get(OutfallsService);
      const reference = {
        dataSource: t.dataSource,
        outfalls,
        entities: t.app.get(ResponsibleEntitiesService),
      };
      const page = await outfalls.list(city, { limit: 200, sort: '-createdAt' } as never);
      expect(page.items.length).toBeGreaterThan(100);
      type Card = { events: { effectiveOn: string; id: string }[] };
      // milestones on the same day come in no stated order
      const byDay = (card: Card) => ({
        ...card,
        events: [...card.events].sort(
          (a, b) => a.effectiveOn.localeCompare(b.effectiveOn) || a.id.localeCompare(b.id),
        ),
      });
      let withDuplicates = 0;
      let withEvents = 0;
      for (const { id } of page.items) {
        const res = await t.http.get(`/api/v1/outfalls/${id}`).set(eco);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const card = JSON.parse(res.text) as Card & { duplicates: unknown[]; entities: unknown[] };
        const expected = JSON.parse(JSON.stringify(await referenceCard(reference, city, id))) as Card;
        // (members in the entity's order, as the page and the writes answer; TypeORM's raw select had its own)
        expect(byDay(card)).toStrictEqual(byDay(expected));
        withDuplicates += card.duplicates.length ? 1 : 0;
        withEvents += card.events.length ? 1 : 0;
        expect(card.entities.length).toBeGreaterThan(0);
      }
      expect(withDuplicates).toBeGreaterThan(0);
      expect(withEvents).toBeGreaterThan(0);
      expectError(
        await t.http.get('/api/v1/outfalls/00000000-0000-4000-8000-000000000000').set(eco),
        404,
        'NOT_FOUND',
      );
    });

    it('a page of 100 outfalls with entities and water takes a handful of SQL statements', async () => {
      const queries: string[] = [];
      const logger = t.dataSource.logger;
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (query: string) => {
        queries.push(query);
      };
      const logging = t.dataSource.options.logging;
      Object.assign(t.dataSource.options, { logging: ['query'] });
      try {
        const res = await t.graphql(
          'eco_officer',
          '{ outfalls(page: { limit: 100 }) { items { localCode waterBody { name } division { name } entities { isMain entity { name } } events { type effectiveOn } } } }',
        );
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.outfalls.items).toHaveLength(100);
        expect(
          res.body.data.outfalls.items.every((o: { entities: unknown[] }) => o.entities.length >= 1),
        ).toBe(true);
      } finally {
        Object.assign(t.dataSource.options, { logging });
        logger.logQuery = original;
      }
      const selects = queries.filter((q) => /^\s*SELECT/i.test(q));
      expect(selects.length).toBeLessThanOrEqual(10);
    });

    it('authenticates the caller once per GraphQL request, not once per root field', async () => {
      await t.auth('eco_officer');
      // identities are also kept across requests (docs/performance.md): start from an empty cache
      t.app.get(IdentityCache).invalidate();
      const queries: string[] = [];
      const logger = t.dataSource.logger;
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (query: string) => {
        queries.push(query);
      };
      const logging = t.dataSource.options.logging;
      Object.assign(t.dataSource.options, { logging: ['query'] });
      try {
        const res = await t.graphql(
          'eco_officer',
          '{ a: waterBodies { total } b: protectedAreas { total } c: outfalls(page: { limit: 1 }) { total } }',
        );
        expect(res.body.errors).toBeUndefined();
      } finally {
        Object.assign(t.dataSource.options, { logging });
        logger.logQuery = original;
      }
      expect(queries.filter((q) => /FROM "app_user"/i.test(q))).toHaveLength(1);
    });

    it('serves layers, entities and milestone writes over GraphQL', async () => {
      const layers = await t.graphql(
        'eco_officer',
        '{ waterBodies { total items { code isKey } } protectedAreas { total } responsibleEntities(filter: { kind: enterprise }, page: { limit: 5 }) { total items { name outfallCount multipleOutfallsOutsidePark } } }',
      );
      expect(layers.body.errors).toBeUndefined();
      expect(
        layers.body.data.waterBodies.items
          .filter((w: { isKey: boolean }) => w.isKey)
          .map((w: { code: string }) => w.code)
          .sort(),
      ).toEqual(['STH', 'TEST', 'TTH']);
      expect(layers.body.data.protectedAreas.total).toBe(3);
      expect(layers.body.data.responsibleEntities.items[0]).toEqual(
        expect.objectContaining({ outfallCount: expect.any(Number) }),
      );
      const outfall = await t.http.get('/api/v1/outfalls').query({ q: 'TEST-GY-0001' }).set(eco);
      const milestone = await t.graphql(
        'eco_officer',
        'mutation($id: ID!) { setOutfallMilestone(outfallId: $id, type: investigated, input: { effectiveOn: "2099-01-01" }) { type } }',
        { id: outfall.body.items[0].id },
      );
      expect(milestone.body.errors[0].extensions.code).toBe('MILESTONE_IN_FUTURE');
    });
  });
});

describe('directory exports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 60 });
  });
  afterAll(() => t.close());

  async function download(jobId: string, username: string): Promise<ExcelJS.Worksheet> {
    const job = await t.waitForJob(jobId);
    expect(job.state).toBe('completed');
    const file = await t.http
      .get(`/api/v1/jobs/${jobId}/download`)
      .set(await t.auth(username))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as never);
    return workbook.worksheets[0];
  }

  it('exports the directory with Chinese headers, the list filters and the caller’s jurisdiction', async () => {
    const cells = (sheet: ExcelJS.Worksheet, column: number) => {
      const values = new Set<string>();
      sheet.eachRow((row, index) => {
        if (index > 1) values.add(String(row.getCell(column).value));
      });
      return [...values];
    };
    const township = await t.auth('township_liugong');
    const own = await t.http.get('/api/v1/outfalls').query({ limit: 200 }).set(township);
    expect(own.body.total).toBeGreaterThan(0);
    const queued = await t.http.post('/api/v1/outfalls/exports').set(township).send({});
    expect(queued.status).toBe(202);
    const sheet = await download(queued.body.id, 'township_liugong');
    expect(sheet.name).toBe('排污口名录');
    expect(sheet.getRow(1).getCell(2).value).toBe('排污口编码');
    expect(sheet.rowCount - 1).toBe(own.body.total);
    expect(cells(sheet, 9)).toEqual(['六工镇']);

    const eco = await t.auth('eco_officer');
    const industrial = await t.http
      .get('/api/v1/outfalls')
      .query({ category: 'industrial', limit: 1 })
      .set(eco);
    const filtered = await t.http.post('/api/v1/outfalls/exports').set(eco).send({ category: 'industrial' });
    const cityWide = await download(filtered.body.id, 'eco_officer');
    expect(cityWide.rowCount - 1).toBe(industrial.body.total);
    expect(cells(cityWide, 5)).toEqual(['工业排污口']);
  });

  it('exports the responsible-entity list', async () => {
    const queued = await t.http
      .post('/api/v1/responsible-entities/exports')
      .set(await t.auth('eco_officer'))
      .send({ kind: 'enterprise' });
    const sheet = await download(queued.body.id, 'eco_officer');
    expect(sheet.name).toBe('责任主体清单');
    expect(sheet.getRow(1).getCell(4).value).toBe('统一社会信用代码');
    expect(sheet.rowCount - 1).toBe(18);
    expectError(
      await t.http
        .post('/api/v1/responsible-entities/exports')
        .set(await t.auth('eco_officer'))
        .send({ kind: 'alien' }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('outfall attachments', () => {
  let t: TestApp;
  let outfallId: string;
  const PNG = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, 7),
  ]);
  const PDF = Buffer.from('%PDF-1.4\n% test document\n');

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 20 });
    const list = await t.http
      .get('/api/v1/outfalls')
      .query({ limit: 1 })
      .set(await t.auth('township_liugong'));
    outfallId = list.body.items[0].id;
  });
  afterAll(() => t.close());

  const upload = async (username: string, kind: string, buffer: Buffer, name: string) =>
    t.http
      .post(`/api/v1/outfalls/${outfallId}/attachments`)
      .set(await t.auth(username))
      .field('kind', kind)
      .attach('file', buffer, name);

  it('stores photos and documents, serves them back and deletes them, with audit rows', async () => {
    const photo = await upload('township_liugong', 'photo', PNG, '现场照片.png');
    expect(photo.status).toBe(201);
    expect(photo.body).toMatchObject({
      kind: 'photo',
      contentType: 'image/png',
      sizeBytes: PNG.length,
      fileName: '现场照片.png',
    });
    const doc = await upload('township_liugong', 'document', PDF, '监测报告.pdf');
    expect(doc.body.contentType).toBe('application/pdf');
    const list = await t.http
      .get(`/api/v1/outfalls/${outfallId}/attachments`)
      .set(await t.auth('eco_officer'));
    expect(list.body.map((a: { fileName: string }) => a.fileName)).toEqual(['现场照片.png', '监测报告.pdf']);
    const bytes = await t.http
      .get(`/api/v1/outfalls/${outfallId}/attachments/${photo.body.id}`)
      .set(await t.auth('eco_officer'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(Buffer.compare(bytes.body as Buffer, PNG)).toBe(0);
    expect(
      (
        await t.http
          .delete(`/api/v1/outfalls/${outfallId}/attachments/${doc.body.id}`)
          .set(await t.auth('township_liugong'))
      ).status,
    ).toBe(204);
    expect(await t.count('outfall_attachment', 'outfall_id = $1', [outfallId])).toBe(1);
    expect(await t.count('audit_log', `entity_type = 'outfall_attachment'`)).toBe(3);
  });

  it('refuses wrong types, empty and oversized files, and other townships', async () => {
    expectError(await upload('township_liugong', 'photo', PDF, 'report.pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await upload('township_liugong', 'document', Buffer.from('plain text'), 'x.png'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectError(
      await upload('township_liugong', 'photo', Buffer.alloc(0), 'x.png'),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await upload('township_liugong', 'selfie', PNG, 'x.png'), 400, 'VALIDATION_FAILED');
    expectError(
      await upload(
        'township_liugong',
        'photo',
        Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]),
        'big.png',
      ),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectError(await upload('township_sangong', 'photo', PNG, 'x.png'), 404, 'NOT_FOUND');
  });
});
