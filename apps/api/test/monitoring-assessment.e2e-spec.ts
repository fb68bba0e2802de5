import { AuditLog } from '@outfall/audit';
import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { expectError, TestApp } from './support/test-app';
import { square, waterWithZone } from './support/water-fixtures';

type Headers = { Authorization: string };

/**
 * Assessments say what they did (the stricter limit for a missing input, the pH deviation, unknown zone
 * status) and the audit trail holds every sample change with its before and after, merges included.
 */
describe('assessment explanations and the sample audit trail', () => {
  let t: TestApp;
  let eco: Headers;
  let liugong: Division;
  let river: string;
  let wwtp: string;
  let industrial: string;

  const water = (code: string, lon: number, targetMet?: boolean) =>
    waterWithZone(t, eco, { code, lon, targetMet });

  async function createOutfall(body: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: '评价测试排口',
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        latitude: 44.05,
        waterBodyId: river,
        ...body,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  const sample = (outfallId: string, sampledAt: string, values: Record<string, number>) => ({
    outfallId,
    sampledAt,
    source: 'manual',
    values: Object.entries(values).map(([indicator, value]) => ({ indicator, value })),
  });
  const post = (body: object) => t.http.post('/api/v1/samples').set(eco).send(body);
  const reading = (body: { values: { indicatorCode: string }[] }, code: string) =>
    body.values.find((v) => v.indicatorCode === code) as Record<string, unknown>;
  const auditRows = (entityId: string, entityType = 'sample') =>
    t.dataSource
      .getRepository(AuditLog)
      .find({ where: { entityId, entityType }, order: { occurredAt: 'ASC' } });
  const valueOf = (snapshot: Record<string, unknown> | null, code: string) =>
    (snapshot?.values as { indicatorCode: string; value: number }[] | undefined)?.find(
      (v) => v.indicatorCode === code,
    )?.value;

  async function ledger(outfallId: string, from: string, to: string) {
    const queued = await t.http
      .post('/api/v1/monitoring/ledgers')
      .set(eco)
      .send({ kind: 'water_quality', from, to, outfallId });
    expect(queued.status).toBe(202);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await t.download(queued.body.id)) as never);
    const sheet = workbook.worksheets[0];
    const headers = sheet.getRow(1).values as string[];
    const column = (header: string) => {
      const index = headers.indexOf(header);
      expect(index).toBeGreaterThan(0);
      return String(sheet.getRow(2).getCell(index).value ?? '');
    };
    return { sheet, column };
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    river = (await water('AEXR', 87.6)).waterId;
    // a WWTP into class III water: GB 18918 grade 1B, NH3-N 8 (15 at ≤ 12 °C)
    wwtp = await createOutfall({ category: 'urban_wwtp', subType: 'urban_wwtp', longitude: 87.601 });
    industrial = await createOutfall({
      category: 'industrial',
      subType: 'industrial_enterprise',
      longitude: 87.602,
    });
  });
  afterAll(() => t.close());

  describe('a conditional limit with a missing input', () => {
    it('uses the stricter NH3-N limit without a water temperature and says so in REST, GraphQL and the ledger', async () => {
      const res = await post(sample(wwtp, '2024-03-05T10:00:00+08:00', { nh3n: 10 }));
      expect(res.status).toBe(201);
      expect(res.body.standardId).toBe('GB18918-2002:1B');
      // 10 would pass the cold-water limit (15); without a temperature the stricter 8 applies
      expect(reading(res.body, 'nh3n')).toMatchObject({
        limitValue: 8,
        compliant: false,
        exceedanceMultiple: 0.25,
        explanationZh: '未测水温，按较严限值判定',
        explanationEn: 'Water temperature not measured: assessed against the stricter limit',
      });
      const exceedances = await t.http.get(`/api/v1/exceedances?outfallId=${wwtp}&indicator=nh3n`).set(eco);
      expect(exceedances.body.items[0]).toMatchObject({
        sampleId: res.body.id,
        explanationZh: '未测水温，按较严限值判定',
      });
      const status = await t.http.get(`/api/v1/outfalls/${wwtp}/monitoring-status`).set(eco);
      expect(status.body.latest.find((l: { indicator: string }) => l.indicator === 'nh3n')).toMatchObject({
        explanationZh: '未测水温，按较严限值判定',
      });

      const gql = await t.graphql(
        'eco_officer',
        `query($outfallId: ID) { samplesList(filter: { outfallId: $outfallId }) { items { id values { indicatorCode limitValue compliant explanationZh explanationEn } } }
           exceedances(filter: { outfallId: $outfallId }) { items { indicator explanationZh explanationEn } } }`,
        { outfallId: wwtp },
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.samplesList.items[0].values).toEqual([
        {
          indicatorCode: 'nh3n',
          limitValue: 8,
          compliant: false,
          explanationZh: '未测水温，按较严限值判定',
          explanationEn: 'Water temperature not measured: assessed against the stricter limit',
        },
      ]);
      expect(gql.body.data.exceedances.items).toEqual([
        {
          indicator: 'nh3n',
          explanationZh: '未测水温，按较严限值判定',
          explanationEn: 'Water temperature not measured: assessed against the stricter limit',
        },
      ]);

      const { column } = await ledger(wwtp, '2024-03-05', '2024-03-05');
      expect(column('评价说明')).toBe('氨氮：未测水温，按较严限值判定');

      // the temperature sent later decides the condition: the cold-water limit, nothing to explain
      const later = await post(sample(wwtp, '2024-03-05T10:00:00+08:00', { temperature: 9 }));
      expect(reading(later.body, 'nh3n')).toMatchObject({
        limitValue: 15,
        compliant: true,
        explanationZh: null,
        explanationEn: null,
      });
    });

    it('reassesses an NH3-N reading sent again unchanged with the water temperature it lacked', async () => {
      const at = '2024-03-06T10:00:00+08:00';
      const first = await post(sample(wwtp, at, { nh3n: 10 }));
      expect(first.status).toBe(201);
      expect(reading(first.body, 'nh3n')).toMatchObject({ limitValue: 8, compliant: false });
      expect(first.body.exceeding).toBe(true);
      // the NH3-N value is the stored one (not written again), its assessment moves with the temperature
      const again = await post(sample(wwtp, at, { nh3n: 10, temperature: 9 }));
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      expect(reading(again.body, 'nh3n')).toMatchObject({
        value: 10,
        limitValue: 15,
        compliant: true,
        explanationZh: null,
      });
      expect(again.body).toMatchObject({ exceeding: false, exceedingCount: 0 });
      const [update] = (await auditRows(first.body.id)).filter((r) => r.action === 'update');
      expect(update.diff).toMatchObject({ exceeding: { before: true, after: false } });
    });
  });

  describe('pH', () => {
    it('reports the deviation from 6–9 instead of a multiple, in the API and the ledger', async () => {
      const res = await post(sample(industrial, '2024-04-02T10:00:00+08:00', { ph: 5.2, cod: 150 }));
      expect(res.status).toBe(201);
      expect(reading(res.body, 'ph')).toMatchObject({
        limitText: '6–9',
        compliant: false,
        exceedanceMultiple: null,
        deviation: 0.8,
        deviationDirection: 'below',
        explanationZh: '低于允许范围（6–9）下限 0.8',
        explanationEn: '0.8 below the allowed range (6–9)',
      });
      // a maximum keeps its multiple
      expect(reading(res.body, 'cod')).toMatchObject({ exceedanceMultiple: 0.5, deviation: null });
      const high = await post(sample(industrial, '2024-04-03T10:00:00+08:00', { ph: 9.5 }));
      expect(reading(high.body, 'ph')).toMatchObject({ deviation: 0.5, deviationDirection: 'above' });

      const list = await t.http.get(`/api/v1/exceedances?outfallId=${industrial}&indicator=ph`).set(eco);
      expect(list.body.items.map((i: { deviation: number }) => i.deviation).sort()).toEqual([0.5, 0.8]);
      const gql = await t.graphql(
        'eco_officer',
        `query($outfallId: ID) { exceedances(filter: { outfallId: $outfallId, indicator: "ph" }) { items { exceedanceMultiple deviation deviationDirection } } }`,
        { outfallId: industrial },
      );
      expect(gql.body.data.exceedances.items).toEqual(
        expect.arrayContaining([
          { exceedanceMultiple: null, deviation: 0.8, deviationDirection: 'below' },
          { exceedanceMultiple: null, deviation: 0.5, deviationDirection: 'above' },
        ]),
      );

      const { column } = await ledger(industrial, '2024-04-02', '2024-04-02');
      expect(column('超标因子（超标倍数）').split('、').sort()).toEqual(
        ['pH值（低于下限 0.8）', '化学需氧量（0.5）'].sort(),
      );
      expect(column('评价说明')).toBe('pH值：低于允许范围（6–9）下限 0.8');
    });
  });

  describe('function zones with an unknown target status', () => {
    it('stores and shows unknown (not met) and flags the receiving zone for review', async () => {
      const unknown = await water('AEXU', 87.7);
      expect(unknown.zone.targetMet).toBeNull();
      const [stored] = await t.dataSource.query<{ target_met: boolean | null }[]>(
        `SELECT target_met FROM function_zone WHERE id = $1`,
        [unknown.zone.id],
      );
      expect(stored.target_met).toBeNull();
      const missed = await water('AEXN', 87.8, false);
      expect(missed.zone.targetMet).toBe(false);

      const intoUnknown = await createOutfall({
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: unknown.waterId,
        longitude: 87.701,
      });
      const intoMissed = await createOutfall({
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: missed.waterId,
        longitude: 87.801,
      });
      const standard = await t.http.get(`/api/v1/outfalls/${intoUnknown}/standard`).set(eco);
      expect(standard.body.zone).toEqual({
        name: 'AEXU功能区',
        targetClass: 'III',
        targetStatus: 'unknown',
        needsReview: true,
      });
      const status = await t.http.get(`/api/v1/outfalls/${intoMissed}/monitoring-status`).set(eco);
      expect(status.body.zone).toMatchObject({ targetStatus: 'not_met', needsReview: false });
      const gql = await t.graphql(
        'eco_officer',
        `query($id: ID!) { outfallStandard(outfallId: $id) { zone { name targetStatus needsReview } } }`,
        { id: intoUnknown },
      );
      expect(gql.body.data.outfallStandard.zone).toEqual({
        name: 'AEXU功能区',
        targetStatus: 'unknown',
        needsReview: true,
      });
      const zones = await t.graphql(
        'eco_officer',
        `{ functionZones(page: { limit: 200 }) { items { name targetMet } } }`,
      );
      expect(zones.body.data.functionZones.items).toEqual(
        expect.arrayContaining([{ name: 'AEXU功能区', targetMet: null }]),
      );
    });

    it('imports 是否达标 未知 / empty as unknown and refuses a value it cannot read', async () => {
      const feature = (name: string, targetMet: unknown) => ({
        type: 'Feature',
        properties: { 水体: 'AEXR', 名称: name, 水质目标: 'III', 是否达标: targetMet },
        geometry: square(87.6, 44.05),
      });
      const file = (features: object[]) =>
        Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }), 'utf8');
      const importZones = async (features: object[]) =>
        t.http
          .post('/api/v1/layers/imports')
          .set(await t.auth('water_officer'))
          .field('layer', 'function_zones')
          .field('mode', 'all_or_nothing')
          .attach('file', file(features), 'zones.geojson');
      const bad = await importZones([feature('导入区甲', '大概')]);
      expect(bad.body).toMatchObject({ committed: false, rejected: 1 });
      expect(bad.body.errors[0]).toMatchObject({ field: 'targetMet' });
      const ok = await importZones([
        feature('导入区甲', '未知'),
        feature('导入区乙', ''),
        feature('导入区丙', '是'),
      ]);
      expect(ok.body).toMatchObject({ committed: true, created: 3 });
      const rows = await t.dataSource.query<{ name: string; target_met: boolean | null }[]>(
        `SELECT name, target_met FROM function_zone WHERE name LIKE '导入区%' ORDER BY name`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.name, r.target_met]))).toEqual({
        导入区甲: null,
        导入区乙: null,
        导入区丙: true,
      });
    });
  });

  describe('the audit trail of samples', () => {
    it('a re-sent sample records the values it held before', async () => {
      const first = await post(sample(industrial, '2024-05-06T10:00:00+08:00', { cod: 20, ph: 7 }));
      expect(first.status).toBe(201);
      const again = await post(sample(industrial, '2024-05-06T10:00:00+08:00', { cod: 120 }));
      expect(again.body.id).toBe(first.body.id);
      const unchanged = await post(sample(industrial, '2024-05-06T10:00:00+08:00', { cod: 120 }));
      expect(unchanged.status).toBe(201);

      const rows = await auditRows(first.body.id);
      // the unchanged third send changed nothing and leaves no row
      expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
      const [create, update] = rows;
      expect(create.before).toBeNull();
      expect(valueOf(create.after, 'cod')).toBe(20);
      expect(create.after).toMatchObject({ outfallId: industrial, exceeding: false });
      expect(update.before).not.toBeNull();
      expect(valueOf(update.before, 'cod')).toBe(20);
      expect(valueOf(update.before, 'ph')).toBe(7);
      expect(valueOf(update.after, 'cod')).toBe(120);
      expect(update.before).toMatchObject({ exceeding: false, exceedingCount: 0 });
      expect(update.after).toMatchObject({ exceeding: true, exceedingCount: 1 });
      expect(update.diff).toMatchObject({
        exceeding: { before: false, after: true },
        exceedingCount: { before: 0, after: 1 },
      });
      expect(Object.keys(update.diff ?? {})).toEqual(
        expect.arrayContaining(['values', 'exceeding', 'exceedingCount']),
      );
    });

    it('a batch push records one row for the batch (the samples it created) and one per sample it changed', async () => {
      const rows = (cod: number) =>
        [1, 2, 3].flatMap((hour) => [
          {
            outfallId: industrial,
            sampledAt: `2024-06-01T0${hour}:00:00+08:00`,
            source: 'online',
            indicator: 'cod',
            value: hour === 2 ? cod : 30,
          },
          {
            outfallId: industrial,
            sampledAt: `2024-06-01T0${hour}:00:00+08:00`,
            source: 'online',
            indicator: 'flow',
            value: 500,
          },
        ]);
      const auditCount = () => t.count('audit_log', `entity_type = 'sample'`);
      const batchRows = () =>
        t.dataSource
          .getRepository(AuditLog)
          .find({ where: { entityType: 'sample_batch' }, order: { occurredAt: 'ASC' } });
      const before = await auditCount();
      const batchesBefore = (await batchRows()).length;
      const first = await t.http
        .post('/api/v1/samples/batch')
        .set(eco)
        .set('X-Request-Id', 'batch-push-1')
        .send({ rows: rows(40) });
      expect(first.status).toBe(201);
      expect(first.body.sampleIds).toHaveLength(3);
      // no row per created sample: one batch row lists them
      expect(await auditCount()).toBe(before);
      const batches = await batchRows();
      expect(batches).toHaveLength(batchesBefore + 1);
      const batch = batches[batches.length - 1];
      expect(batch).toMatchObject({
        action: 'ingest',
        entityType: 'sample_batch',
        actorName: expect.any(String),
        actorType: 'user',
        requestId: 'batch-push-1',
        before: null,
      });
      expect(batch.after).toMatchObject({
        via: 'batch_api',
        sources: ['online'],
        rows: 6,
        samplesCreated: 3,
        samplesUpdated: 0,
        valuesCreated: 6,
        outfallIds: [industrial],
        sampledFrom: '2024-05-31T17:00:00.000Z',
        sampledTo: '2024-05-31T19:00:00.000Z',
        updatedSampleIds: [],
      });
      expect(batch.after?.sampleIds).toEqual(first.body.sampleIds);
      // the id list is stored once (in after), not repeated in the diff
      expect(Object.keys(batch.diff ?? {})).not.toContain('sampleIds');
      expect(batch.diff).toMatchObject({ samplesCreated: { before: null, after: 3 } });

      // the same batch again changes nothing; one changed reading changes one sample: its own update row
      // (before and after) and a batch row naming it
      await t.http
        .post('/api/v1/samples/batch')
        .set(eco)
        .send({ rows: rows(40) });
      expect(await auditCount()).toBe(before);
      expect(await batchRows()).toHaveLength(batchesBefore + 1);
      const changed = await t.http
        .post('/api/v1/samples/batch')
        .set(eco)
        .send({ rows: rows(130) });
      expect(changed.body).toMatchObject({ valuesUpdated: 1, valuesUnchanged: 5 });
      expect(await auditCount()).toBe(before + 1);
      const second = first.body.sampleIds[1] as string;
      const [update] = await auditRows(second);
      expect(update).toMatchObject({ action: 'update', entityId: second });
      expect(valueOf(update.before, 'cod')).toBe(40);
      expect(valueOf(update.after, 'cod')).toBe(130);
      expect(update.diff).toMatchObject({ exceeding: { before: false, after: true } });
      const [, updateBatch] = (await batchRows()).slice(-2);
      expect(updateBatch.after).toMatchObject({
        samplesCreated: 0,
        samplesUpdated: 1,
        valuesUpdated: 1,
        sampleIds: [],
        updatedSampleIds: [second],
      });
    });

    it('an XLSX import records one row per sample it created, none when re-imported unchanged', async () => {
      const [{ local_code: code }] = await t.dataSource.query<{ local_code: string }[]>(
        `SELECT local_code FROM outfall WHERE id = $1`,
        [industrial],
      );
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('监测');
      sheet.addRow(['排污口编码', '采样时间', '数据来源', '化学需氧量（mg/L）', 'pH值']);
      sheet.addRow([code, '2024-06-20 10:00', '人工采样', '18', '7.4']);
      sheet.addRow([code, '2024-06-21 10:00', '人工采样', '25', '5.5']);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const upload = async () =>
        t.waitForJob(
          (
            await t.http
              .post('/api/v1/samples/imports')
              .set(eco)
              .field('mode', 'all_or_nothing')
              .attach('file', buffer, 'samples.xlsx')
          ).body.id,
        );
      const before = await t.count('audit_log', `entity_type = 'sample'`);
      expect((await upload()).result).toMatchObject({ committed: true, created: 2 });
      expect(await t.count('audit_log', `entity_type = 'sample'`)).toBe(before + 2);
      const [row] = await t.dataSource.query<{ after: Record<string, unknown> }[]>(
        `SELECT a.after FROM audit_log a JOIN sample s ON s.id::text = a.entity_id
          WHERE a.entity_type = 'sample' AND s.outfall_id = $1 AND s.sampled_at = '2024-06-21T02:00:00Z'`,
        [industrial],
      );
      expect(valueOf(row.after, 'ph')).toBe(5.5);
      expect(row.after.exceeding).toBe(true);
      await upload();
      expect(await t.count('audit_log', `entity_type = 'sample'`)).toBe(before + 2);
    });

    it('a merge leaves a row on every sample, tracing record and milestone it moves, and on both outfalls', async () => {
      const from = await createOutfall({
        category: 'industrial',
        subType: 'industrial_enterprise',
        longitude: 87.611,
      });
      const into = await createOutfall({
        category: 'industrial',
        subType: 'industrial_enterprise',
        longitude: 87.612,
      });
      const s1 = await post(sample(from, '2024-07-01T10:00:00+08:00', { cod: 20 }));
      const s2 = await post(sample(from, '2024-07-02T10:00:00+08:00', { cod: 30 }));
      const tracing = await t.http
        .post(`/api/v1/outfalls/${from}/tracing`)
        .set(eco)
        .send({
          tracedOn: '2024-07-03',
          method: 'pipe_inspection',
          mainFactors: ['cod'],
          conclusion: '合并前溯源',
        });
      expect(tracing.status).toBe(201);
      const [monitored] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM outfall_event WHERE outfall_id = $1 AND type = 'monitored'`,
        [from],
      );
      expect(monitored).toBeDefined();

      const merged = await t.http
        .post(`/api/v1/outfalls/${from}/merge`)
        .set(eco)
        .send({ intoId: into, reason: '重复登记' });
      expect(merged.status).toBe(200);

      for (const s of [s1, s2]) {
        const rows = await auditRows(s.body.id);
        const move = rows[rows.length - 1];
        expect(move).toMatchObject({ action: 'update', entityType: 'sample' });
        expect(move.before).toMatchObject({ id: s.body.id, outfallId: from });
        expect(move.after).toMatchObject({ id: s.body.id, outfallId: into, mergedFromOutfallId: from });
        expect(move.diff?.outfallId).toEqual({ before: from, after: into });
        expect(valueOf(move.after, 'cod')).toBe(valueOf(move.before, 'cod'));
      }
      const [tracingMove] = (await auditRows(tracing.body.id, 'tracing_record')).slice(-1);
      expect(tracingMove.before).toMatchObject({ outfallId: from, conclusion: '合并前溯源' });
      expect(tracingMove.after).toMatchObject({ outfallId: into, conclusion: '合并前溯源' });
      // milestones are audited under their outfall: the move is on both
      for (const outfallId of [from, into]) {
        const moves = (await auditRows(outfallId, 'outfall_event')).filter(
          (r) => (r.after as { mergedFromOutfallId?: string } | null)?.mergedFromOutfallId === from,
        );
        expect(moves).toHaveLength(1);
        expect(moves[0].before).toMatchObject({ id: monitored.id, outfallId: from, type: 'monitored' });
        expect(moves[0].after).toMatchObject({ id: monitored.id, outfallId: into, type: 'monitored' });
        expect(moves[0].diff?.outfallId).toEqual({ before: from, after: into });
      }

      const [closed] = (await auditRows(from, 'outfall')).slice(-1);
      const [survivor] = (await auditRows(into, 'outfall')).slice(-1);
      for (const row of [closed, survivor]) {
        const moved = (row.after as { moved: Record<string, unknown> }).moved;
        expect((moved.samples as string[]).sort()).toEqual([s1.body.id, s2.body.id].sort());
        expect(moved.tracingRecords).toEqual([tracing.body.id]);
        expect(moved.counts).toMatchObject({ samples: 2, tracingRecords: 1, milestones: 1 });
        expect(moved.milestones).toEqual([expect.objectContaining({ id: monitored.id, type: 'monitored' })]);
      }
      expect(closed.before).toMatchObject({ status: 'active' });
      expect(closed.after).toMatchObject({ status: 'merged', mergedIntoId: into });
      expect(survivor.after).toMatchObject({ absorbed: from });
      expectError(
        await t.http.post(`/api/v1/outfalls/${from}/merge`).set(eco).send({ intoId: into, reason: 'again' }),
        409,
        'OUTFALL_NOT_ACTIVE',
      );
    });
  });
});
