import { AppConfig } from '@outfall/config';
import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };

/** The configured public portal (PUBLIC_BASE_URL, set for this app). */
const BASE_URL = 'https://hbj.changji.example.gov.cn/portal';
const SEVEN = ['flow', 'temperature', 'ph', 'cod', 'nh3n', 'tp', 'tn'];

describe('signage (树标立牌) and required indicators beyond the seven', () => {
  let t: TestApp;
  let eco: Headers;
  let liugongUser: Headers;
  let sangongUser: Headers;
  let liugong: Division;
  let sangong: Division;
  let waterId: string;
  let outfallId: string;
  let localCode: string;
  let foreignOutfallId: string;
  let entityId: string;
  let config: AppConfig;

  const signBody = (extra: object = {}) => ({
    outfallName: '标识测试排口',
    entityName: '昌吉测试电镀有限公司',
    receivingWater: '标识测试河',
    supervisingDepartment: '州生态环境局昌吉市分局',
    supervisingPhone: '0994-2345678',
    installed: true,
    installedOn: '2024-03-01',
    ...extra,
  });

  async function outfall(name: string, division: Division, latitude: number) {
    const res = await t.http.post('/api/v1/outfalls').set(eco).send({
      name,
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: waterId,
      divisionId: division.id,
      discoveredOn: '2023-09-01',
      longitude: 87.6,
      latitude,
    });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body as { id: string; localCode: string };
  }

  beforeAll(async () => {
    const previous = process.env['PUBLIC_BASE_URL'];
    process.env['PUBLIC_BASE_URL'] = BASE_URL;
    try {
      t = await TestApp.create();
    } finally {
      if (previous === undefined) delete process.env['PUBLIC_BASE_URL'];
      else process.env['PUBLIC_BASE_URL'] = previous;
    }
    config = t.app.get(AppConfig);
    eco = await t.auth('eco_officer');
    liugongUser = await t.auth('township_liugong');
    sangongUser = await t.auth('township_sangong');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const river = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'SIGN',
        name: '标识测试河',
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
    waterId = river.body.id;
    const own = await outfall('标识测试排口', liugong, 44.05);
    outfallId = own.id;
    localCode = own.localCode;
    foreignOutfallId = (await outfall('三工标识测试排口', sangong, 44.06)).id;
    const entity = await t.http
      .post('/api/v1/responsible-entities')
      .set(eco)
      .send({ name: '昌吉测试电镀有限公司', kind: 'enterprise', divisionId: liugong.id });
    expect(entity.status).toBe(201);
    entityId = entity.body.id;
    const link = await t.http
      .put(`/api/v1/outfalls/${outfallId}/entities`)
      .set(eco)
      .send({ links: [{ entityId, isMain: true }] });
    expect(link.status).toBe(200);
  });
  afterAll(() => t.close());

  describe('signs', () => {
    it('proposes the content from the outfall, with the QR payload on the configured base URL', async () => {
      expect(config.PUBLIC_BASE_URL).toBe(BASE_URL);
      {
        const res = await t.http.get(`/api/v1/outfalls/${outfallId}/sign/proposal`).set(eco);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          outfallId,
          outfallName: '标识测试排口',
          outfallCode: localCode,
          entityName: '昌吉测试电镀有限公司',
          receivingWater: '标识测试河',
          supervisingDepartment: '州生态环境局昌吉市分局',
          qrPayload: `${BASE_URL}/o/${localCode}`,
        });
      }
    });

    it('validates the phone (mobile or landline with area code) and the installation day, field by field', async () => {
      for (const phone of ['12345', '2345678', '12912345678', '0994_2345678']) {
        const bad = await t.http
          .put(`/api/v1/outfalls/${outfallId}/sign`)
          .set(eco)
          .send(signBody({ supervisingPhone: phone }));
        expectError(bad, 400, 'VALIDATION_FAILED');
        expect(bad.body.details).toEqual([
          { field: 'supervisingPhone', message: expect.stringContaining('监督电话须为11位手机号') },
        ]);
      }
      const noDay = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(eco)
        .send(signBody({ installedOn: undefined }));
      expectError(noDay, 400, 'VALIDATION_FAILED');
      expect(noDay.body.details[0]).toMatchObject({
        field: 'installedOn',
        message: expect.stringContaining('树标日期'),
      });
      const future = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(eco)
        .send(signBody({ installedOn: '2999-01-01' }));
      expectError(future, 400, 'VALIDATION_FAILED');
      expect(await t.count('outfall_sign')).toBe(0);
    });

    it('stores the sign with the QR payload, syncs 是否已树标 and audits; a mobile number is accepted', async () => {
      const res = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(eco)
        .send(signBody({ supervisingPhone: '13912345678' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        outfallId,
        outfallCode: localCode,
        qrPayload: `${config.PUBLIC_BASE_URL}/o/${localCode}`,
        installed: true,
        installedOn: '2024-03-01',
        outdated: false,
        outdatedFields: [],
        version: 1,
      });
      const [row] = await t.dataSource.query<{ installed: boolean; on: string }[]>(
        `SELECT signage_installed AS installed, to_char(signage_installed_on, 'YYYY-MM-DD') AS on FROM outfall WHERE id = $1`,
        [outfallId],
      );
      expect(row).toEqual({ installed: true, on: '2024-03-01' });
      expect(
        await t.count('audit_log', `entity_type = 'outfall_sign' AND entity_id = $1`, [res.body.id]),
      ).toBe(1);
      // replacing needs the version read
      const stale = await t.http.put(`/api/v1/outfalls/${outfallId}/sign`).set(eco).send(signBody());
      expectError(stale, 400, 'VALIDATION_FAILED');
      const landline = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(eco)
        .send(signBody({ version: 1 }));
      expect(landline.status).toBe(200);
      expect(landline.body.supervisingPhone).toBe('0994-2345678');
    });

    it('a township writes signs on its own outfalls only', async () => {
      expectError(
        await t.http.put(`/api/v1/outfalls/${foreignOutfallId}/sign`).set(liugongUser).send(signBody()),
        404,
        'NOT_FOUND',
      );
      expectError(await t.http.get(`/api/v1/outfalls/${outfallId}/sign`).set(sangongUser), 404, 'NOT_FOUND');
      expectError(
        await t.http
          .put(`/api/v1/outfalls/${outfallId}/sign`)
          .set(sangongUser)
          .send(signBody({ version: 2 })),
        404,
        'NOT_FOUND',
      );
      expect(await t.count('outfall_sign', 'outfall_id = $1', [foreignOutfallId])).toBe(0);
      const own = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(liugongUser)
        .send(signBody({ version: 2 }));
      expect(own.status).toBe(200);
      expect((await t.http.get('/api/v1/signs').set(sangongUser)).body.total).toBe(0);
    });

    it('flags a sign whose content no longer matches the outfall after the entity changes', async () => {
      const entity = await t.http.get(`/api/v1/responsible-entities/${entityId}`).set(eco);
      const renamed = await t.http
        .patch(`/api/v1/responsible-entities/${entityId}`)
        .set(eco)
        .send({ name: '昌吉测试表面处理有限公司', version: entity.body.version });
      expect(renamed.status).toBe(200);
      const sign = await t.http.get(`/api/v1/outfalls/${outfallId}/sign`).set(eco);
      expect(sign.body).toMatchObject({ outdated: true, outdatedFields: ['entityName'] });
      const outdated = await t.http.get('/api/v1/signs').query({ outdated: true }).set(eco);
      expect(outdated.body.items.map((s: { outfallId: string }) => s.outfallId)).toContain(outfallId);
      const current = await t.http.get('/api/v1/signs').query({ outdated: false }).set(eco);
      expect(current.body.items.map((s: { outfallId: string }) => s.outfallId)).not.toContain(outfallId);
      // the proposal carries the new name; saving it clears the flag
      const proposal = (await t.http.get(`/api/v1/outfalls/${outfallId}/sign/proposal`).set(eco)).body;
      const fixed = await t.http
        .put(`/api/v1/outfalls/${outfallId}/sign`)
        .set(eco)
        .send(signBody({ entityName: proposal.entityName, version: sign.body.version }));
      expect(fixed.body).toMatchObject({ outdated: false, entityName: '昌吉测试表面处理有限公司' });
      await t.dataSource.query(`UPDATE outfall_sign SET entity_name = '旧名称' WHERE outfall_id = $1`, [
        outfallId,
      ]);
    });

    it('lists with filters, sorting and pagination, and exports the 标识牌台账', async () => {
      const list = await t.http
        .get('/api/v1/signs')
        .query({ installed: true, divisionId: liugong.id, sort: '-installedOn', limit: 5 })
        .set(eco);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, limit: 5, offset: 0 });
      expect(list.body.items[0]).toMatchObject({
        outfallId,
        localCode,
        divisionName: '六工镇',
        outdated: true,
      });
      expect((await t.http.get('/api/v1/signs').query({ installed: false }).set(eco)).body.total).toBe(0);
      expect((await t.http.get('/api/v1/signs').query({ divisionId: sangong.id }).set(eco)).body.total).toBe(
        0,
      );
      expectError(
        await t.http.get('/api/v1/signs').query({ sort: 'nope' }).set(eco),
        400,
        'VALIDATION_FAILED',
      );
      const job = await t.http.post('/api/v1/signs/ledger').set(eco).send({ divisionId: liugong.id });
      expect(job.status).toBe(202);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(job.body.id)) as never);
      const sheet = workbook.getWorksheet('标识牌台账')!;
      expect((sheet.getRow(1).values as string[]).filter(Boolean)).toEqual(
        expect.arrayContaining([
          '排污口编码',
          '责任主体',
          '监督电话',
          '二维码内容',
          '是否已树标',
          '内容是否过期',
        ]),
      );
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(3).value).toBe(localCode);
    });

    it('GraphQL: the same reads and writes, with the same field messages', async () => {
      const read = await t.graphql(
        'eco_officer',
        `query($id: ID!) { outfallSign(outfallId: $id) { outfallCode qrPayload outdated outdatedFields version }
                          outfallSignProposal(outfallId: $id) { entityName qrPayload }
                          outfallSigns(filter: { outdated: true }) { total items { outfallId } } }`,
        { id: outfallId },
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data.outfallSign).toMatchObject({
        outfallCode: localCode,
        qrPayload: `${config.PUBLIC_BASE_URL}/o/${localCode}`,
        outdated: true,
        outdatedFields: ['entityName'],
      });
      expect(read.body.data.outfallSigns.items).toEqual([{ outfallId }]);
      const bad = await t.graphql(
        'eco_officer',
        `mutation($id: ID!, $i: OutfallSignInput!) { saveOutfallSign(outfallId: $id, input: $i) { id } }`,
        {
          id: outfallId,
          i: signBody({ supervisingPhone: '123', version: read.body.data.outfallSign.version }),
        },
      );
      expect(bad.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'supervisingPhone', message: expect.stringContaining('监督电话须为11位手机号') }],
      });
      const saved = await t.graphql(
        'eco_officer',
        `mutation($id: ID!, $i: OutfallSignInput!) { saveOutfallSign(outfallId: $id, input: $i) { outdated entityName } }`,
        {
          id: outfallId,
          i: signBody({
            entityName: '昌吉测试表面处理有限公司',
            version: read.body.data.outfallSign.version,
          }),
        },
      );
      expect(saved.body.data.saveOutfallSign).toEqual({
        outdated: false,
        entityName: '昌吉测试表面处理有限公司',
      });
      const foreign = await t.graphql(
        'township_liugong',
        `mutation($id: ID!, $i: OutfallSignInput!) { saveOutfallSign(outfallId: $id, input: $i) { id } }`,
        { id: foreignOutfallId, i: signBody() },
      );
      expect(foreign.body.errors[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('required indicators', () => {
    let sampleId: string;

    it('ships default rules; a township cannot edit them; a shipped rule cannot be removed', async () => {
      const rules = await t.http.get('/api/v1/required-indicator-rules').set(liugongUser);
      expect(rules.status).toBe(200);
      const plating = rules.body.find((r: { industryPrefix: string }) => r.industryPrefix === '33');
      expect(plating).toMatchObject({ builtin: true, active: true });
      expect(plating.indicatorCodes).toEqual(expect.arrayContaining(['cr_total', 'cr6', 'ni']));
      expect(
        rules.body.find((r: { category: string }) => r.category === 'urban_wwtp').indicatorCodes,
      ).toEqual(['fecal_coliform']);
      expectError(
        await t.http
          .post('/api/v1/required-indicator-rules')
          .set(liugongUser)
          .send({ name: '乡镇规则', category: 'industrial', indicatorCodes: ['ss'] }),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      const removal = await t.http.delete(`/api/v1/required-indicator-rules/${plating.id}`).set(eco);
      expectError(removal, 409, 'MONITORING_REQUIRED_RULE_BUILTIN');
      expect(removal.body.message).toMatch(/不能删除/);
      const empty = await t.http
        .post('/api/v1/required-indicator-rules')
        .set(eco)
        .send({ name: '无条件', indicatorCodes: ['nope'] });
      expectError(empty, 400, 'VALIDATION_FAILED');
      expect(empty.body.details.map((d: { field: string }) => d.field)).toEqual([
        'category',
        'indicatorCodes[0]',
      ]);
    });

    it('an industry code on the entity brings the rule’s indicators, with the reason', async () => {
      const before = await t.http.get(`/api/v1/outfalls/${outfallId}/required-indicators`).set(eco);
      expect(before.body.required.map((r: { code: string }) => r.code)).toEqual(SEVEN);
      const entity = await t.http.get(`/api/v1/responsible-entities/${entityId}`).set(eco);
      const bad = await t.http
        .patch(`/api/v1/responsible-entities/${entityId}`)
        .set(eco)
        .send({ industryCode: '33-60', version: entity.body.version });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.details[0].field).toBe('industryCode');
      const coded = await t.http
        .patch(`/api/v1/responsible-entities/${entityId}`)
        .set(eco)
        .send({ industryCode: 'c3360', version: entity.body.version });
      expect(coded.status).toBe(200);
      expect(coded.body.industryCode).toBe('C3360');
      const after = await t.http.get(`/api/v1/outfalls/${outfallId}/required-indicators`).set(eco);
      expect(after.status).toBe(200);
      const cr6 = after.body.required.find((r: { code: string }) => r.code === 'cr6');
      expect(cr6).toMatchObject({ nameZh: '六价铬', unit: 'mg/L' });
      expect(cr6.reasons[0].reasonZh).toMatch(/电镀及金属表面处理.*行业代码属 33.*C3360/);
      expect(after.body.required.find((r: { code: string }) => r.code === 'cod').reasons[0].reasonZh).toMatch(
        /七项必测指标/,
      );
      expect(after.body).toMatchObject({ latestSample: null, missingRequired: false });
    });

    it('a sample lacking a required indicator is flagged on the outfall, the sample and the pollution-source list', async () => {
      const sample = await t.http
        .post('/api/v1/samples')
        .set(eco)
        .send({
          outfallId,
          sampledAt: '2024-05-01T10:00:00+08:00',
          source: 'supervisory',
          values: [
            ...SEVEN.map((indicator) => ({ indicator, value: indicator === 'ph' ? 7.2 : 1 })),
            { indicator: 'cr_total', value: 0.2 },
            { indicator: 'ni', value: 0.1 },
          ],
        });
      expect(sample.status).toBe(201);
      sampleId = sample.body.id;
      expect(sample.body.missingIndicators).toEqual(['cn', 'cr6', 'cu', 'zn']);
      const status = await t.http.get(`/api/v1/outfalls/${outfallId}/required-indicators`).set(eco);
      expect(status.body.missingRequired).toBe(true);
      expect(status.body.latestSample.id).toBe(sampleId);
      const missing = status.body.latestSample.missing as { code: string; reasons: { reasonZh: string }[] }[];
      expect(missing.map((m) => m.code).sort()).toEqual(['cn', 'cr6', 'cu', 'zn']);
      expect(missing[0].reasons[0].reasonZh).toMatch(/电镀/);

      const detail = await t.http.get(`/api/v1/samples/${sampleId}`).set(eco);
      expect(detail.body.missingIndicators).toEqual(['cn', 'cr6', 'cu', 'zn']);
      const flagged = await t.http.get('/api/v1/samples').query({ missingRequired: true }).set(eco);
      expect(flagged.body.items.map((s: { id: string }) => s.id)).toEqual([sampleId]);
      expect(flagged.body.items[0].missingIndicators).toContain('cr6');
      expect(
        (await t.http.get('/api/v1/samples').query({ missingRequired: false }).set(eco)).body.total,
      ).toBe(0);

      const traced = await t.http
        .post(`/api/v1/outfalls/${outfallId}/tracing`)
        .set(eco)
        .send({ tracedOn: '2024-05-02', method: 'site_survey' });
      expect(traced.status).toBe(201);
      const sources = await t.http.get('/api/v1/pollution-sources').query({ missingRequired: true }).set(eco);
      expect(sources.status).toBe(200);
      expect(sources.body.items).toEqual([
        expect.objectContaining({
          outfallId,
          missingRequired: true,
          missingIndicators: ['cn', 'cr6', 'cu', 'zn'],
        }),
      ]);
      expect(
        (await t.http.get('/api/v1/pollution-sources').query({ missingRequired: false }).set(eco)).body.total,
      ).toBe(0);
    });

    it('rules per water body; edits are audited and change the flags at once', async () => {
      const created = await t.http
        .post('/api/v1/required-indicator-rules')
        .set(eco)
        .send({ name: '下游水源河段', waterBodyId: waterId, indicatorCodes: ['petroleum'], basis: '测试' });
      expect(created.status).toBe(201);
      const status = await t.http.get(`/api/v1/outfalls/${outfallId}/required-indicators`).set(eco);
      const petroleum = status.body.latestSample.missing.find(
        (m: { code: string }) => m.code === 'petroleum',
      );
      expect(petroleum.reasons[0].reasonZh).toMatch(/下游水源河段：受纳水体为标识测试河；依据：测试/);
      const off = await t.http.put(`/api/v1/required-indicator-rules/${created.body.id}`).set(eco).send({
        name: created.body.name,
        waterBodyId: waterId,
        indicatorCodes: created.body.indicatorCodes,
        basis: created.body.basis,
        active: false,
        version: created.body.version,
      });
      expect(off.status).toBe(200);
      const again = await t.http.get(`/api/v1/samples/${sampleId}`).set(eco);
      expect(again.body.missingIndicators).not.toContain('petroleum');
      expect(
        await t.count('audit_log', `entity_type = 'required_indicator_rule' AND entity_id = $1`, [
          created.body.id,
        ]),
      ).toBe(2);
      const removed = await t.http.delete(`/api/v1/required-indicator-rules/${created.body.id}`).set(eco);
      expect(removed.status).toBe(204);
    });

    it('GraphQL: the required set, the sample flag and the rules', async () => {
      const res = await t.graphql(
        'eco_officer',
        `query($id: ID!) {
           outfallRequiredIndicators(outfallId: $id) { missingRequired required { code reasons { reasonZh } }
                                                      latestSample { id missing { code } } }
           samplesList(filter: { missingRequired: true }) { total items { id missingIndicators } }
           pollutionSources(filter: { missingRequired: true }) { items { outfallId missingRequired missingIndicators } }
           requiredIndicatorRules { name industryPrefix builtin } }`,
        { id: outfallId },
      );
      expect(res.body.errors).toBeUndefined();
      const data = res.body.data;
      expect(data.outfallRequiredIndicators.missingRequired).toBe(true);
      expect(
        data.outfallRequiredIndicators.latestSample.missing.map((m: { code: string }) => m.code),
      ).toEqual(['cr6', 'cu', 'zn', 'cn']);
      expect(data.samplesList.items).toEqual([
        { id: sampleId, missingIndicators: ['cn', 'cr6', 'cu', 'zn'] },
      ]);
      expect(data.pollutionSources.items[0]).toEqual({
        outfallId,
        missingRequired: true,
        missingIndicators: ['cn', 'cr6', 'cu', 'zn'],
      });
      expect(
        data.requiredIndicatorRules.some((r: { industryPrefix: string }) => r.industryPrefix === '171'),
      ).toBe(true);
      const created = await t.graphql(
        'eco_officer',
        `mutation($i: RequiredIndicatorRuleInput!) { createRequiredIndicatorRule(input: $i) { id builtin } }`,
        { i: { name: '城镇污水厂补充', category: 'urban_wwtp', indicatorCodes: ['ss'] } },
      );
      expect(created.body.data.createRequiredIndicatorRule.builtin).toBe(false);
      const denied = await t.graphql(
        'township_liugong',
        `mutation($id: ID!) { removeRequiredIndicatorRule(id: $id) }`,
        { id: created.body.data.createRequiredIndicatorRule.id },
      );
      expect(denied.body.errors[0].extensions.code).toBe('AUTH_PERMISSION_DENIED');
    });
  });
});
