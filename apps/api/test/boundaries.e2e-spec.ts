import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = Record<string, string>;

const box = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [west, south],
      [east, south],
      [east, north],
      [west, north],
      [west, south],
    ],
  ],
});

/**
 * Township boundaries: the demo's synthetic ones (六工镇 holds 87.045–87.315 E, 44.0–44.2 N; 三工镇 86.4–86.9 E,
 * 43.95–44.1 N; 宁边路街道 87.315–87.9 E, 44.0–44.2 N; 佃坝镇 north of 六工镇), the township derived from the
 * point, the refusal of a point outside the caller's township (create, move, import) and the re-derivation
 * when boundaries are loaded.
 */
describe('division boundaries', () => {
  let t: TestApp;
  let eco: Headers;
  let admin: Headers;
  let township: Headers;
  let liugong: Division;
  let sangong: Division;
  let ningbian: Division;
  let dianba: Division;
  let waterId: string;

  beforeAll(async () => {
    t = await TestApp.create({ boundaries: true, outfalls: 120 });
    eco = await t.auth('eco_officer');
    admin = await t.auth('admin');
    township = await t.auth('township_liugong');
    const divisions = t.dataSource.getRepository(Division);
    liugong = await divisions.findOneByOrFail({ name: '六工镇' });
    sangong = await divisions.findOneByOrFail({ name: '三工镇' });
    ningbian = await divisions.findOneByOrFail({ name: '宁边路街道' });
    dianba = await divisions.findOneByOrFail({ name: '佃坝镇' });
    [{ id: waterId }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM water_body WHERE code = 'STH'`,
    );
    // the first spec of a run also applies the migrations (PostGIS): slow on a busy machine
  }, 180_000);
  afterAll(() => t.close());

  const body = (extra: object) => ({
    name: `边界测试排口${Math.random().toString(36).slice(2, 8)}`,
    category: 'industrial',
    subType: 'industrial_enterprise',
    waterBodyId: waterId,
    discoveredOn: '2024-03-01',
    ...extra,
  });
  const create = (headers: Headers, extra: object) =>
    t.http.post('/api/v1/outfalls').set(headers).send(body(extra));
  const onPoint = (message: RegExp) => [
    { field: 'longitude', message: expect.stringMatching(message) },
    { field: 'latitude', message: expect.stringMatching(message) },
  ];

  it('the demo ships synthetic boundaries, labelled as such, and every demo outfall lies in its township', async () => {
    const res = await t.http.get('/api/v1/divisions/boundaries').set(township);
    expect(res.status).toBe(200);
    expect(res.body.features).toHaveLength(16);
    for (const feature of res.body.features) {
      expect(feature.geometry.type).toBe('MultiPolygon');
      expect(feature.properties.boundarySource).toMatch(/合成.*synthetic/);
    }
    const division = await t.http.get(`/api/v1/divisions/${liugong.id}`).set(township);
    expect(division.body.boundarySource).toMatch(/合成/);
    const [demo] = await t.dataSource.query<{ total: number; outside: number; typed: number }[]>(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE NOT ST_Contains(d.boundary, o.location))::int AS outside,
              count(*) FILTER (WHERE NOT o.division_derived)::int AS typed
         FROM outfall o JOIN division d ON d.id = o.division_id WHERE o.demo`,
    );
    expect(demo).toEqual({ total: 120, outside: 0, typed: 0 });
    // the demo accounts' townships all have outfalls to work on
    for (const d of [liugong, sangong, ningbian])
      expect(await t.count('outfall', 'division_id = $1 AND demo', [d.id])).toBeGreaterThan(0);
  });

  it('derives the township from the point, for a township account and for the ecology branch', async () => {
    const own = await create(township, { longitude: 87.2912, latitude: 44.0523 });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ divisionId: liugong.id, divisionDerived: true });
    const named = await create(eco, { longitude: 87.2912, latitude: 44.06, divisionId: liugong.id });
    expect(named.body).toMatchObject({ divisionId: liugong.id, divisionDerived: true });
    const city = await create(eco, { longitude: 87.5, latitude: 44.1 });
    expect(city.body).toMatchObject({ divisionId: ningbian.id, divisionDerived: true });
  });

  it('refuses a point outside the caller’s township on create, with the place in Chinese and English', async () => {
    const before = await t.count('outfall');
    for (const divisionId of [undefined, liugong.id]) {
      const res = await create(township, { longitude: 86.6, latitude: 44.05, divisionId });
      expectError(res, 403, 'OUTFALL_OUTSIDE_JURISDICTION');
      expect(res.body.message).toMatch(
        /位于三工镇，不在您的辖区内.*lies in 三工镇, outside your jurisdiction/,
      );
      expect(res.body.details).toEqual(onPoint(/三工镇/));
    }
    // a township named by the caller must be the one the point is in
    const mismatch = await create(eco, { longitude: 87.2912, latitude: 44.0523, divisionId: sangong.id });
    expectError(mismatch, 400, 'OUTFALL_POINT_OUTSIDE_DIVISION');
    expect(mismatch.body.message).toMatch(/位于六工镇，不在所填的三工镇内.*lies in 六工镇, not in 三工镇/);
    expect(mismatch.body.details).toEqual(onPoint(/六工镇/));
    const gql = await t.graphql(
      'township_liugong',
      'mutation($i: CreateOutfallInput!) { createOutfall(input: $i) { id } }',
      {
        i: {
          ...body({ longitude: 86.6, latitude: 44.05 }),
          category: 'industrial',
          subType: 'industrial_enterprise',
        },
      },
    );
    expect(gql.body.errors[0].extensions).toMatchObject({
      code: 'OUTFALL_OUTSIDE_JURISDICTION',
      details: onPoint(/三工镇/),
    });
    expect(await t.count('outfall')).toBe(before);
  });

  it('refuses a move out of the caller’s township, and a move by the ecology branch changes the township', async () => {
    const created = await create(township, { longitude: 87.2, latitude: 44.05 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const moved = await t.http
      .patch(`/api/v1/outfalls/${id}`)
      .set(township)
      .send({ version: created.body.version, longitude: 86.6, latitude: 44.05 });
    expectError(moved, 403, 'OUTFALL_OUTSIDE_JURISDICTION');
    expect(moved.body.details).toEqual(onPoint(/三工镇/));
    const [kept] = await t.dataSource.query<{ division_id: string; longitude: number }[]>(
      `SELECT division_id, longitude FROM outfall WHERE id = $1`,
      [id],
    );
    expect(kept).toEqual({ division_id: liugong.id, longitude: 87.2 });
    const byEco = await t.http
      .patch(`/api/v1/outfalls/${id}`)
      .set(eco)
      .send({ version: created.body.version, longitude: 87.5, latitude: 44.05 });
    expect(byEco.status).toBe(200);
    expect(byEco.body).toMatchObject({ divisionId: ningbian.id, divisionDerived: true });
  });

  it('an import row with a point outside the caller’s township is refused on 经度 and 纬度, nothing written', async () => {
    const csv = [
      '排污口名称,排污口类别,排污口类型,受纳水体,乡镇（街道）,经度,纬度,发现日期',
      '越界导入排口,工业排污口,工矿企业排污口,三屯河,,86.6,44.05,2024-05-06',
      '本镇导入排口,工业排污口,工矿企业排污口,三屯河,六工镇,87.25,44.1,2024-05-06',
      '错填乡镇排口,工业排污口,工矿企业排污口,三屯河,六工镇,87.5,44.1,2024-05-06',
    ].join('\n');
    const res = await t.http
      .post('/api/v1/outfalls/imports')
      .set(township)
      .attach('file', Buffer.from(csv, 'utf8'), 'outfalls.csv');
    expect(res.status).toBe(202);
    const job = await t.waitForJob(res.body.id);
    const result = job.result as {
      committed: boolean;
      errors: { row: number; field: string; message: string }[];
    };
    expect(result.committed).toBe(false);
    expect(result.errors).toEqual([
      { row: 2, field: '经度', message: expect.stringMatching(/位于三工镇，不在您的辖区内/) },
      { row: 2, field: '纬度', message: expect.stringMatching(/位于三工镇，不在您的辖区内/) },
      { row: 4, field: '经度', message: expect.stringMatching(/位于宁边路街道，不在您的辖区内/) },
      { row: 4, field: '纬度', message: expect.stringMatching(/位于宁边路街道，不在您的辖区内/) },
    ]);
    expect(await t.count('outfall', `name LIKE '%导入排口'`)).toBe(0);
  });

  describe('loading boundaries', () => {
    const geojson = (features: object[]) =>
      Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
    const load = (headers: Headers, file: Buffer, name: string, mode = 'all_or_nothing') =>
      t.http
        .post('/api/v1/layers/imports')
        .set(headers)
        .field('layer', 'divisions')
        .field('mode', mode)
        .attach('file', file, name);

    it('is for system administrators only', async () => {
      const file = geojson([
        { type: 'Feature', properties: { code: liugong.code }, geometry: box(87.0, 44.0, 87.3, 44.2) },
      ]);
      expectError(await load(eco, file, 'divisions.geojson'), 403, 'FORBIDDEN');
      expectError(await load(township, file, 'divisions.geojson'), 403, 'AUTH_PERMISSION_DENIED');
    });

    it('moves outfalls whose township came from a boundary and flags, without moving, those entered by hand', async () => {
      // A: derived in 六工镇, north of 44.1; B: entered by hand in 三工镇 before boundaries existed, at a point
      // that lies in 六工镇 (a legacy record)
      const a = await create(eco, { longitude: 87.2, latitude: 44.15 });
      expect(a.body).toMatchObject({ divisionId: liugong.id, divisionDerived: true });
      const b = await create(eco, { longitude: 87.21, latitude: 44.05 });
      await t.dataSource.query(
        `UPDATE outfall SET division_id = $2, division_derived = false WHERE id = $1`,
        [b.body.id, sangong.id],
      );
      const [{ moving }] = await t.dataSource.query<{ moving: number }[]>(
        `SELECT count(*)::int AS moving FROM outfall
          WHERE division_id = $1 AND division_derived AND latitude > 44.1`,
        [liugong.id],
      );
      const res = await load(
        admin,
        geojson([
          {
            type: 'Feature',
            properties: { 区划代码: liugong.code, 名称: '六工镇', 来源: '测试测绘成果' },
            geometry: box(87.045, 44.0, 87.315, 44.1),
          },
          {
            type: 'Feature',
            properties: { code: dianba.code },
            geometry: box(87.045, 44.1, 87.315, 45.3),
          },
        ]),
        'divisions.geojson',
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        committed: true,
        updated: 2,
        rejected: 0,
        outfallsMoved: moving,
        outfallsFlagged: 1,
      });
      const card = await t.http.get(`/api/v1/outfalls/${a.body.id}`).set(eco);
      expect(card.body).toMatchObject({
        divisionId: dianba.id,
        divisionDerived: true,
        boundaryDivisionId: null,
      });
      // the township fallback entity follows the township
      expect(card.body.entities).toEqual([
        expect.objectContaining({
          isFallback: true,
          entity: expect.objectContaining({ divisionId: dianba.id }),
        }),
      ]);
      const audit = await t.dataSource.query<{ before: object; after: object }[]>(
        `SELECT before, after FROM audit_log WHERE entity_type = 'outfall' AND entity_id = $1 AND after ? 'reason'`,
        [a.body.id],
      );
      expect(audit).toEqual([
        {
          before: expect.objectContaining({ divisionId: liugong.id }),
          after: expect.objectContaining({ divisionId: dianba.id }),
        },
      ]);
      const flagged = await t.http.get(`/api/v1/outfalls/${b.body.id}`).set(eco);
      expect(flagged.body).toMatchObject({
        divisionId: sangong.id,
        divisionDerived: false,
        boundaryDivisionId: liugong.id,
      });
      const conflicts = await t.http.get('/api/v1/outfalls').query({ divisionConflict: true }).set(eco);
      expect(conflicts.body.items.map((o: { id: string }) => o.id)).toEqual([b.body.id]);
      const divisions = await t.http.get('/api/v1/divisions/boundaries').set(eco);
      expect(
        divisions.body.features.find(
          (f: { properties: { code: string } }) => f.properties.code === liugong.code,
        ).properties.boundarySource,
      ).toBe('测试测绘成果');
      // confirming the township the boundary gives clears the flag
      const fixed = await t.http
        .patch(`/api/v1/outfalls/${b.body.id}`)
        .set(eco)
        .send({ version: flagged.body.version, divisionId: liugong.id });
      expect(fixed.body).toMatchObject({
        divisionId: liugong.id,
        divisionDerived: true,
        boundaryDivisionId: null,
      });
    });

    it('reads XLSX with a WKT column and reports bad rows; all or nothing writes none of them', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('边界');
      sheet.addRow(['区划代码', '名称', '几何（GeoJSON/WKT）']);
      sheet.addRow([
        ningbian.code,
        '宁边路街道',
        'POLYGON((87.315 44.0, 87.9 44.0, 87.9 44.2, 87.315 44.2, 87.315 44.0))',
      ]);
      sheet.addRow(['652301999', '', 'POLYGON((87 44, 87.1 44, 87.1 44.1, 87 44.1, 87 44))']);
      sheet.addRow([
        sangong.code,
        '六工镇',
        'POLYGON((86.4 43.95, 86.9 43.95, 86.9 44.1, 86.4 44.1, 86.4 43.95))',
      ]);
      sheet.addRow([
        dianba.code,
        '',
        // a bow tie: the edges cross
        'POLYGON((87.0 44.3, 87.2 44.5, 87.2 44.3, 87.0 44.5, 87.0 44.3))',
      ]);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const [before] = await t.dataSource.query<{ print: string }[]>(
        `SELECT md5(string_agg(ST_AsText(boundary), '|' ORDER BY code)) AS print FROM division`,
      );
      const res = await load(admin, buffer, 'divisions.xlsx');
      expect(res.body).toMatchObject({ committed: false, rejected: 3, updated: 0 });
      expect(res.body.errors).toEqual([
        { row: 3, field: 'code', message: 'no division has the code 652301999' },
        { row: 4, field: 'name', message: `division ${sangong.code} is 三工镇, not 六工镇` },
        { row: 5, field: 'geometry', message: expect.stringMatching(/not a valid polygon/) },
      ]);
      const [after] = await t.dataSource.query<{ print: string }[]>(
        `SELECT md5(string_agg(ST_AsText(boundary), '|' ORDER BY code)) AS print FROM division`,
      );
      expect(after).toEqual(before);
      const valid = await load(admin, buffer, 'divisions.xlsx', 'valid_only');
      expect(valid.body).toMatchObject({ committed: true, rejected: 3, updated: 1, outfallsMoved: 0 });
    });
  });
});
