import { withCreditCodeCheck } from '@outfall/directory';
import { Division, Unit } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };
type Item = {
  id: string;
  name: string;
  distanceM: number | null;
  matched: boolean;
  matchedEntityId: string | null;
};

async function sheet(headers: string[], rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('清单');
  ws.addRow(headers);
  rows.forEach((row) => ws.addRow(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const ENTERPRISE_HEADERS = ['名称', '统一社会信用代码', '经度', '纬度', '地址', '乡镇（街道）', '行业代码'];
// ~0.0125° of longitude ≈ 1 km at 44°N
const LON = 87.3;
const LAT = 44.05;

describe('source lists: the departments base data (部门基础清单)', () => {
  let t: TestApp;
  let eco: Headers;
  let industry: Headers;
  let housing: Headers;
  let agri: Headers;
  let water: Headers;
  let liugongUser: Headers;
  let liugong: Division;
  let sangong: Division;
  let industryUnit: Unit;
  let entityId: string;
  let outfallId: string;
  const matchedCode = withCreditCodeCheck('91652301MA7TE0001');

  async function importList(who: Headers, kind: string, buffer: Buffer, fields: Record<string, string> = {}) {
    const req = t.http
      .post('/api/v1/source-lists/imports')
      .set(who)
      .field('kind', kind)
      .attach('file', buffer, 'list.xlsx');
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    const res = await req;
    return res;
  }

  async function finished(res: { status: number; body: { id: string } }) {
    expect(res.status).toBe(202);
    const job = await t.waitForJob(res.body.id);
    expect(job.state).toBe('completed');
    return job.result as {
      committed: boolean;
      created: number;
      updated: number;
      rejected: number;
      matched?: number;
      removed?: number;
      errors: { row: number; field: string; message: string }[];
    };
  }

  async function createItem(who: Headers, body: Record<string, unknown>) {
    return t.http.post('/api/v1/source-lists/items').set(who).send(body);
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    industry = await t.auth('industry_officer');
    housing = await t.auth('housing_officer');
    agri = await t.auth('agri_officer');
    water = await t.auth('water_officer');
    liugongUser = await t.auth('township_liugong');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    industryUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ name: '昌吉市商务和工业信息化局' });
    const entity = await t.http.post('/api/v1/responsible-entities').set(eco).send({
      name: '清单匹配测试有限公司',
      kind: 'enterprise',
      creditCode: matchedCode,
      divisionId: liugong.id,
    });
    expect(entity.status).toBe(201);
    entityId = entity.body.id;
    const [waterBody] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM water_body ORDER BY code LIMIT 1`,
    );
    const outfall = await t.http.post('/api/v1/outfalls').set(eco).send({
      name: '候选源测试排口',
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: waterBody.id,
      divisionId: liugong.id,
      discoveredOn: '2023-09-01',
      longitude: LON,
      latitude: LAT,
    });
    expect(outfall.status).toBe(201);
    outfallId = outfall.body.id;
  }, 120_000);

  afterAll(() => t?.close());

  describe('imports', () => {
    it('reports every problem of a row in Chinese with its row number, and writes nothing (all or nothing)', async () => {
      const buffer = await sheet(ENTERPRISE_HEADERS, [
        ['好企业', withCreditCodeCheck('91652301MA7TE0002'), LON, LAT, '', '六工镇', '3021'],
        ['', '123', 'abc', '', '', '不存在镇', 'C13'],
      ]);
      const result = await finished(await importList(industry, 'industrial_enterprise', buffer));
      expect(result.committed).toBe(false);
      expect(result.rejected).toBe(1);
      const row3 = result.errors.filter((e) => e.row === 3);
      expect(row3.map((e) => e.field).sort()).toEqual(
        ['名称', '统一社会信用代码', '经度', '纬度', '乡镇（街道）', '行业代码'].sort(),
      );
      for (const error of row3) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(row3.find((e) => e.field === '经度')?.message).toContain('不是数字');
      expect(row3.find((e) => e.field === '行业代码')?.message).toContain('GB/T 4754-2017');
      expect(await t.count('source_list_item', 'NOT demo')).toBe(0);
    });

    it('imports a list, matches entities by credit code and fills their industry code (audited)', async () => {
      const buffer = await sheet(ENTERPRISE_HEADERS, [
        ['匹配企业', matchedCode, LON + 0.004, LAT, '测试路 1 号', '六工镇', '2614'],
        ['未匹配企业', withCreditCodeCheck('91652301MA7TE0003'), LON + 0.0125, LAT, '', '六工镇', 'C'],
        ['远处企业', withCreditCodeCheck('91652301MA7TE0004'), LON + 0.032, LAT, '', '三工镇', '13'],
      ]);
      const result = await finished(await importList(industry, 'industrial_enterprise', buffer));
      expect(result).toEqual(
        expect.objectContaining({ committed: true, created: 3, matched: 1, errors: [] }),
      );
      const list = await t.http
        .get('/api/v1/source-lists/items?kind=industrial_enterprise&matched=true')
        .set(eco);
      expect(list.body.items.map((i: Item) => [i.name, i.matchedEntityId])).toEqual([['匹配企业', entityId]]);
      const unmatched = await t.http.get('/api/v1/source-lists/items?matched=false&sort=-name').set(eco);
      expect(unmatched.body.total).toBe(2);
      const [entity] = await t.dataSource.query<{ industry_code: string }[]>(
        `SELECT industry_code FROM responsible_entity WHERE id = $1`,
        [entityId],
      );
      expect(entity.industry_code).toBe('2614');
      expect(
        await t.count(
          'audit_log',
          `entity_type = 'responsible_entity' AND entity_id = $1 AND action = 'update'`,
          [entityId],
        ),
      ).toBe(1);
      expect(await t.count('audit_log', `entity_type = 'source_list_item' AND action = 'create'`)).toBe(3);
      // filters: industry code prefix, township, owner, q
      const byCode = await t.http.get('/api/v1/source-lists/items?industryCode=26').set(eco);
      expect(byCode.body.items.map((i: Item) => i.name)).toEqual(['匹配企业']);
      const byTownship = await t.http.get(`/api/v1/source-lists/items?divisionId=${sangong.id}`).set(eco);
      expect(byTownship.body.items.map((i: Item) => i.name)).toEqual(['远处企业']);
      const byOwner = await t.http
        .get(`/api/v1/source-lists/items?ownerUnitId=${industryUnit.id}&q=企业`)
        .set(eco);
      expect(byOwner.body.total).toBe(3);
    });

    it('re-importing with replace updates by credit code and removes what the file no longer lists', async () => {
      const buffer = await sheet(ENTERPRISE_HEADERS, [
        ['匹配企业（更名）', matchedCode, LON + 0.004, LAT, '', '六工镇', '2614'],
        ['未匹配企业', withCreditCodeCheck('91652301MA7TE0003'), LON + 0.0125, LAT, '', '六工镇', 'C'],
        ['远处企业', withCreditCodeCheck('91652301MA7TE0004'), LON + 0.032, LAT, '', '三工镇', '13'],
        ['临时企业', withCreditCodeCheck('91652301MA7TE0005'), LON, LAT + 0.05, '', '', '13'],
      ]);
      const first = await finished(
        await importList(industry, 'industrial_enterprise', buffer, { replace: 'true' }),
      );
      expect(first).toEqual(expect.objectContaining({ committed: true, created: 1, updated: 3, removed: 0 }));
      const again = await finished(
        await importList(
          industry,
          'industrial_enterprise',
          await sheet(ENTERPRISE_HEADERS, [
            ['匹配企业（更名）', matchedCode, LON + 0.004, LAT, '', '六工镇', '2614'],
            ['未匹配企业', withCreditCodeCheck('91652301MA7TE0003'), LON + 0.0125, LAT, '', '六工镇', 'C'],
            ['远处企业', withCreditCodeCheck('91652301MA7TE0004'), LON + 0.032, LAT, '', '三工镇', '13'],
          ]),
          { replace: 'true' },
        ),
      );
      expect(again.removed).toBe(1);
      expect(await t.count('source_list_item', `name = '临时企业'`)).toBe(0);
    });

    it('imports the agriculture bureau farms; a department may not import a list it does not keep', async () => {
      const farms = await sheet(
        ['名称', '统一社会信用代码', '经度', '纬度', '养殖品种', '存栏量'],
        [
          ['测试牛场', '', LON - 0.006, LAT, '奶牛', 800],
          ['坏牛场', 'X', LON, LAT, '', '-3'],
        ],
      );
      const result = await finished(await importList(agri, 'livestock_farm', farms, { mode: 'valid_only' }));
      expect(result.created).toBe(1);
      expect(
        result.errors
          .filter((e) => e.row === 3)
          .map((e) => e.field)
          .sort(),
      ).toEqual(['统一社会信用代码', '养殖品种', '存栏量'].sort());
      const refused = await importList(housing, 'livestock_farm', farms);
      expectError(refused, 403, 'SOURCE_LIST_KIND_NOT_KEPT');
      expect(refused.body.message).toContain('畜禽养殖场和水产养殖场清单由农业农村局报送');
      const township = await importList(liugongUser, 'livestock_farm', farms);
      expectError(township, 403, 'AUTH_PERMISSION_DENIED');
    });
  });

  describe('ownership', () => {
    it('a department edits only its own list; the eco branch edits any', async () => {
      const [item] = (await t.http.get('/api/v1/source-lists/items?q=远处企业').set(eco)).body
        .items as (Item & {
        version: number;
      })[];
      const refused = await t.http
        .patch(`/api/v1/source-lists/items/${item.id}`)
        .set(housing)
        .send({ name: '改名', version: item.version });
      expectError(refused, 403, 'SOURCE_LIST_NOT_OWN');
      expect(refused.body.message).toContain('昌吉市商务和工业信息化局');
      const deleteRefused = await t.http.delete(`/api/v1/source-lists/items/${item.id}`).set(housing);
      expectError(deleteRefused, 403, 'SOURCE_LIST_NOT_OWN');
      const foreign = await createItem(housing, {
        kind: 'industrial_enterprise',
        ownerUnitId: industryUnit.id,
        name: 'x',
        creditCode: withCreditCodeCheck('91652301MA7TE0006'),
        longitude: LON,
        latitude: LAT,
        industryCode: '13',
      });
      expectError(foreign, 403, 'SOURCE_LIST_NOT_OWN');
      const own = await t.http
        .patch(`/api/v1/source-lists/items/${item.id}`)
        .set(industry)
        .send({ address: '新地址', version: item.version });
      expect(own.status).toBe(200);
      const byEco = await t.http
        .patch(`/api/v1/source-lists/items/${item.id}`)
        .set(eco)
        .send({ address: '分局核实地址', version: own.body.version });
      expect(byEco.status).toBe(200);
      expect(byEco.body.address).toBe('分局核实地址');
      const stale = await t.http
        .patch(`/api/v1/source-lists/items/${item.id}`)
        .set(industry)
        .send({ address: '旧版本', version: item.version });
      expectError(stale, 409, 'VERSION_CONFLICT');
    });

    it('the form reports all field errors in Chinese', async () => {
      const res = await createItem(agri, {
        kind: 'aquaculture_farm',
        name: '',
        longitude: 200,
        latitude: LAT,
      });
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'areaMu',
        'longitude',
        'name',
      ]);
      expect(res.body.message).toContain('养殖面积');
      const ok = await createItem(agri, {
        kind: 'aquaculture_farm',
        name: '测试鱼塘',
        longitude: LON + 0.008,
        latitude: LAT,
        areaMu: 35.5,
        species: '鲤鱼',
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toEqual(expect.objectContaining({ areaMu: 35.5, ownerUnitName: '昌吉市农业农村局' }));
    });
  });

  describe('candidate sources and tracing', () => {
    it('lists items within the configured distance, nearest first', async () => {
      const res = await t.http.get(`/api/v1/outfalls/${outfallId}/candidate-sources`).set(eco);
      expect(res.status).toBe(200);
      expect(res.body.distanceM).toBe(2000);
      const names = res.body.items.map((i: Item) => i.name);
      expect(names).toEqual(['匹配企业（更名）', '测试牛场', '测试鱼塘', '未匹配企业']);
      const distances = res.body.items.map((i: Item) => i.distanceM as number);
      expect([...distances].sort((a, b) => a - b)).toEqual(distances);
      expect(distances[0]).toBeGreaterThan(250);
      expect(distances[0]).toBeLessThan(400);
      const wider = await t.http
        .get(`/api/v1/outfalls/${outfallId}/candidate-sources?distanceM=5000&kind=industrial_enterprise`)
        .set(eco);
      expect(wider.body.items.map((i: Item) => i.name)).toEqual([
        '匹配企业（更名）',
        '未匹配企业',
        '远处企业',
      ]);
      const sangongUser = await t.auth('township_sangong');
      expectError(
        await t.http.get(`/api/v1/outfalls/${outfallId}/candidate-sources`).set(sangongUser),
        404,
        'NOT_FOUND',
      );
    });

    it('a tracing source picked from the candidates keeps the link and links the matched entity', async () => {
      const candidates = (await t.http.get(`/api/v1/outfalls/${outfallId}/candidate-sources`).set(eco)).body
        .items as Item[];
      const [matched] = candidates;
      const farm = candidates.find((c) => c.name === '测试牛场') as Item;
      const res = await t.http
        .post(`/api/v1/outfalls/${outfallId}/tracing`)
        .set(eco)
        .send({
          tracedOn: '2024-05-01',
          method: 'site_survey',
          sources: [
            { candidateSourceId: matched.id },
            { candidateSourceId: farm.id, description: '牛场尾水' },
          ],
        });
      expect(res.status).toBe(201);
      expect(res.body.sources).toEqual([
        expect.objectContaining({ candidateSourceId: matched.id, entityId, description: '匹配企业（更名）' }),
        expect.objectContaining({ candidateSourceId: farm.id, entityId: null, description: '牛场尾水' }),
      ]);
      const bad = await t.http
        .post(`/api/v1/outfalls/${outfallId}/tracing`)
        .set(eco)
        .send({
          tracedOn: '2024-05-01',
          method: 'site_survey',
          sources: [{ candidateSourceId: '00000000-0000-4000-8000-000000000000' }],
        });
      expectError(bad, 400, 'VALIDATION_FAILED');
    });
  });

  describe('GraphQL parity and jurisdiction', () => {
    it('answers the same list, candidates and refusals as REST', async () => {
      const rest = await t.http.get('/api/v1/source-lists/items?limit=200').set(eco);
      const gql = await t.graphql(
        'eco_officer',
        `query { sourceListItems(page: { limit: 200 }) { total items { id name matched ownerUnitName } } }`,
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.sourceListItems.total).toBe(rest.body.total);
      expect(gql.body.data.sourceListItems.items.map((i: Item) => i.id)).toEqual(
        rest.body.items.map((i: Item) => i.id),
      );
      const candidates = await t.graphql(
        'eco_officer',
        `query($id: ID!) { candidateSources(outfallId: $id) { name distanceM } }`,
        { id: outfallId },
      );
      expect(candidates.body.errors).toBeUndefined();
      expect(candidates.body.data.candidateSources.map((c: Item) => c.name)).toEqual([
        '匹配企业（更名）',
        '测试牛场',
        '测试鱼塘',
        '未匹配企业',
      ]);
      const [item] = rest.body.items.filter((i: Item) => i.name === '远处企业') as (Item & {
        version: number;
      })[];
      const refused = await t.graphql(
        'housing_officer',
        `mutation($id: ID!, $v: Int!) { updateSourceListItem(id: $id, input: { name: "x", version: $v }) { id } }`,
        { id: item.id, v: 3 },
      );
      expect(refused.body.errors[0].extensions.code).toBe('SOURCE_LIST_NOT_OWN');
      const created = await t.graphql(
        'agri_officer',
        `mutation { createSourceListItem(input: { kind: livestock_farm, name: "图谱羊场", longitude: 87.2, latitude: 44.1, species: "羊", headCount: 300 }) { id ownerUnitName matched } }`,
      );
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data.createSourceListItem).toEqual(
        expect.objectContaining({ ownerUnitName: '昌吉市农业农村局', matched: false }),
      );
    });

    it('a township sees only the items filed in its township; sector departments the whole city', async () => {
      const township = await t.http.get('/api/v1/source-lists/items?limit=200').set(liugongUser);
      expect(township.status).toBe(200);
      expect(township.body.items.length).toBeGreaterThan(0);
      const liugongIds = new Set(
        (
          await t.dataSource.query<{ id: string }[]>(
            `SELECT id FROM source_list_item WHERE division_id = $1`,
            [liugong.id],
          )
        ).map((r) => r.id),
      );
      expect(township.body.items.every((i: Item) => liugongIds.has(i.id))).toBe(true);
      const far = (await t.http.get('/api/v1/source-lists/items?q=远处企业').set(eco)).body.items[0] as Item;
      expectError(
        await t.http.get(`/api/v1/source-lists/items/${far.id}`).set(liugongUser),
        404,
        'NOT_FOUND',
      );
      const sector = await t.http.get('/api/v1/source-lists/items?limit=200').set(housing);
      expect(sector.body.total).toBe(await t.count('source_list_item'));
    });

    it('exports the lists as XLSX', async () => {
      const res = await t.http
        .post('/api/v1/source-lists/exports')
        .set(eco)
        .send({ kind: 'industrial_enterprise' });
      expect(res.status).toBe(202);
      const file = await t.download(res.body.id);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file as never);
      const ws = workbook.worksheets[0];
      expect(ws.name).toBe('规模以上工业企业');
      expect(ws.getRow(1).getCell(3).value).toBe('统一社会信用代码');
      expect(ws.rowCount).toBe(4);
    });
  });

  describe('water bodies: basin area and river length', () => {
    it('the water bureau sets them by form (audited); a township may not', async () => {
      const [river] = await t.dataSource.query<{ id: string; version: number }[]>(
        `SELECT id, version FROM water_body WHERE code = 'LKL'`,
      );
      const res = await t.http
        .put(`/api/v1/water-bodies/${river.id}/basin-data`)
        .set(water)
        .send({ basinAreaKm2: 512.345, riverLengthKm: 90.5, version: river.version });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ basinAreaKm2: 512.35, riverLengthKm: 90.5 }));
      expect(await t.count('audit_log', `entity_type = 'water_body' AND entity_id = $1`, [river.id])).toBe(1);
      const list = await t.http.get('/api/v1/water-bodies?q=LKL').set(liugongUser);
      expect(list.body.items[0]).toEqual(
        expect.objectContaining({ basinAreaKm2: 512.35, riverLengthKm: 90.5 }),
      );
      expectError(
        await t.http
          .put(`/api/v1/water-bodies/${river.id}/basin-data`)
          .set(liugongUser)
          .send({ basinAreaKm2: 1, version: res.body.version }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      const gql = await t.graphql(
        'water_officer',
        `mutation($id: ID!, $v: Int!) { setWaterBodyBasinData(id: $id, input: { riverLengthKm: 91, version: $v }) { basinAreaKm2 riverLengthKm } }`,
        { id: river.id, v: res.body.version },
      );
      expect(gql.body.data.setWaterBodyBasinData).toEqual({ basinAreaKm2: 512.35, riverLengthKm: 91 });
    });

    it('imports them from XLSX, every row problem in Chinese', async () => {
      const buffer = await sheet(
        ['水体编码', '水体名称', '流域面积（km²）', '河长（km）'],
        [
          ['TTH', '头屯河', 2900, 200],
          ['NOPE', '', 'abc', -1],
          ['STH', '错名', '', ''],
        ],
      );
      const res = await t.http
        .post('/api/v1/water-bodies/basin-data/imports')
        .set(water)
        .field('mode', 'valid_only')
        .attach('file', buffer, 'basins.xlsx');
      const result = await finished(res);
      expect(result.updated).toBe(1);
      expect(result.errors.filter((e) => e.row === 3).map((e) => e.field)).toEqual([
        '水体编码',
        '流域面积（km²）',
        '河长（km）',
      ]);
      expect(result.errors.find((e) => e.row === 4)?.message).toContain('不一致');
      const [tth] = await t.dataSource.query<{ basin_area_km2: string }[]>(
        `SELECT basin_area_km2 FROM water_body WHERE code = 'TTH'`,
      );
      expect(Number(tth.basin_area_km2)).toBe(2900);
    });
  });
});
