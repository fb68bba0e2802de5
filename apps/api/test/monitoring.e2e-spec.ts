import { Division } from '@outfall/org';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { expectError, TestApp, UUID_V7 } from './support/test-app';
import { waterWithZone } from './support/water-fixtures';

type Headers = { Authorization: string };

/** Real PostgreSQL (two sessions): the race case needs a second connection; PGlite has one session. */
const REAL_DB = Boolean(process.env.DATABASE_URL) && process.env.OUTFALL_TEST_EMBEDDED !== 'true';
// a webhook subscription on a loopback address (the exceedance events of a batch); production refuses them
const savedPrivateTargets = process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = 'true';

/** Until a session waits on another transaction (a row or key it holds), as seen from `client`'s session. */
async function untilSomeoneWaits(client: Client): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    const {
      rows: [{ n }],
    } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted`,
    );
    if (n > 0) return;
    if (waited > 15_000) throw new Error('nothing waited on the other transaction');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('monitoring, standards and tracing', () => {
  let t: TestApp;
  let eco: Headers;
  let liugong: Division;
  let sangong: Division;
  const outfall: Record<'wwtp' | 'industrial' | 'lakeFarm' | 'riverOther' | 'sangong', string> = {
    wwtp: '',
    industrial: '',
    lakeFarm: '',
    riverOther: '',
    sangong: '',
  };

  const water = async (code: string, kind: string, lon: number) =>
    (await waterWithZone(t, eco, { code, kind, lon })).waterId;

  async function createOutfall(body: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({
        name: '监测测试排口',
        divisionId: liugong.id,
        discoveredOn: '2023-09-01',
        latitude: 44.05,
        ...body,
      });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  const sample = (outfallId: string, sampledAt: string, values: Record<string, number>, extra = {}) => ({
    outfallId,
    sampledAt,
    source: 'manual',
    values: Object.entries(values).map(([indicator, value]) => ({ indicator, value })),
    ...extra,
  });

  async function post(body: object, headers = eco) {
    return t.http.post('/api/v1/samples').set(headers).send(body);
  }

  const reading = (body: { values: { indicatorCode: string }[] }, code: string) =>
    body.values.find((v) => v.indicatorCode === code) as Record<string, unknown>;

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    sangong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '三工镇' });
    const river = await water('MRIV', 'river', 87.3);
    const lake = await water('MLAK', 'lake', 87.4);
    outfall.wwtp = await createOutfall({
      category: 'urban_wwtp',
      subType: 'urban_wwtp',
      waterBodyId: river,
      longitude: 87.301,
    });
    outfall.industrial = await createOutfall({
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: river,
      longitude: 87.302,
    });
    outfall.lakeFarm = await createOutfall({
      category: 'agricultural',
      subType: 'aquaculture_farm',
      waterBodyId: lake,
      longitude: 87.401,
    });
    outfall.riverOther = await createOutfall({
      category: 'other',
      subType: 'urban_stormwater',
      waterBodyId: river,
      longitude: 87.303,
    });
    outfall.sangong = await createOutfall({
      category: 'industrial',
      subType: 'industrial_enterprise',
      waterBodyId: river,
      longitude: 87.304,
      divisionId: sangong.id,
    });
  });
  afterAll(async () => {
    await t.close();
    if (savedPrivateTargets === undefined) delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    else process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = savedPrivateTargets;
  });

  describe('the applicable-standard resolver', () => {
    it('resolves every category from the receiving zone, the plant setting and an override', async () => {
      const standard = async (id: string) =>
        (await t.http.get(`/api/v1/outfalls/${id}/standard`).set(eco)).body as {
          standard: { id: string };
          explanation: { en: string; zh: string };
        };
      expect((await standard(outfall.wwtp)).standard.id).toBe('GB18918-2002:1B');
      expect((await standard(outfall.industrial)).explanation.en).toBe(
        'Industrial into class III water: grade 1',
      );
      expect((await standard(outfall.lakeFarm)).standard.id).toBe('GB3838-2002:III');
      expect((await standard(outfall.riverOther)).standard.id).toBe('GB3838-2002:III');

      const set = await t.http
        .put(`/api/v1/outfalls/${outfall.wwtp}/standard-setting`)
        .set(eco)
        .send({ plantGrade: '1A', plantBuiltOn: '2012-05-01' });
      expect(set.status).toBe(200);
      const wwtp = await standard(outfall.wwtp);
      expect(wwtp.standard.id).toBe('GB18918-2002:1A');
      expect(wwtp.explanation.en).toBe('WWTP, grade 1A configured, built 2012');

      const noReason = await t.http
        .put(`/api/v1/outfalls/${outfall.riverOther}/standard-setting`)
        .set(eco)
        .send({ overrideStandardId: 'GB8978-1996:2' });
      expectError(noReason, 400, 'VALIDATION_FAILED');
      expect(noReason.body.details[0].field).toBe('overrideReason');
      const gradeOnIndustry = await t.http
        .put(`/api/v1/outfalls/${outfall.industrial}/standard-setting`)
        .set(eco)
        .send({ plantGrade: '1A' });
      expectError(gradeOnIndustry, 400, 'VALIDATION_FAILED');
      const override = await t.http
        .put(`/api/v1/outfalls/${outfall.riverOther}/standard-setting`)
        .set(eco)
        .send({ overrideStandardId: 'GB8978-1996:2', overrideReason: '环评批复执行二级' });
      expect(override.status).toBe(200);
      const overridden = await standard(outfall.riverOther);
      expect(overridden.standard.id).toBe('GB8978-1996:2');
      expect(overridden.explanation.zh).toBe('人工指定：环评批复执行二级');
      await t.http.put(`/api/v1/outfalls/${outfall.riverOther}/standard-setting`).set(eco).send({});
      expect((await standard(outfall.riverOther)).standard.id).toBe('GB3838-2002:III');
    });
  });

  describe('exceedance', () => {
    it('applies the NH3-N limit for water at or below 12 °C and above it', async () => {
      const cold = await post(
        sample(outfall.wwtp, '2024-01-10T10:00:00+08:00', { temperature: 10, nh3n: 6 }),
      );
      expect(cold.status).toBe(201);
      expect(reading(cold.body, 'nh3n')).toMatchObject({
        limitValue: 8,
        compliant: true,
        exceedanceMultiple: 0,
      });
      const edge = await post(
        sample(outfall.wwtp, '2024-01-11T10:00:00+08:00', { temperature: 12, nh3n: 6 }),
      );
      expect(reading(edge.body, 'nh3n')).toMatchObject({ limitValue: 8, compliant: true });
      const warm = await post(
        sample(outfall.wwtp, '2024-06-10T10:00:00+08:00', { temperature: 14, nh3n: 6 }),
      );
      expect(reading(warm.body, 'nh3n')).toMatchObject({
        limitValue: 5,
        compliant: false,
        exceedanceMultiple: 0.2,
      });
      expect(reading(warm.body, 'temperature')).toMatchObject({ compliant: null, limitText: null });
      expect(warm.body).toMatchObject({ standardId: 'GB18918-2002:1A', exceeding: true, exceedingCount: 1 });
    });

    it('uses the lake value for TP on a lake and the river value on a river', async () => {
      const lake = await post(sample(outfall.lakeFarm, '2024-05-01T09:00:00+08:00', { tp: 0.08 }));
      expect(reading(lake.body, 'tp')).toMatchObject({
        limitValue: 0.05,
        compliant: false,
        exceedanceMultiple: 0.6,
      });
      const river = await post(sample(outfall.riverOther, '2024-05-01T09:00:00+08:00', { tp: 0.08 }));
      expect(reading(river.body, 'tp')).toMatchObject({ limitValue: 0.2, compliant: true });
    });

    it('computes multiples by hand and treats a below-detection value as compliant', async () => {
      const res = await post({
        outfallId: outfall.industrial,
        sampledAt: '2024-03-01T10:00:00+08:00',
        source: 'supervisory',
        values: [
          { indicator: 'cod', value: 250 },
          { indicator: 'nh3n', value: 0.025, qualifier: 'below_detection', detectionLimit: 0.025 },
          { indicator: 'ph', value: 9.5 },
        ],
      });
      expect(res.status).toBe(201);
      // GB 8978 grade 1: COD 100 → (250 − 100) / 100 = 1.5
      expect(reading(res.body, 'cod')).toMatchObject({
        limitValue: 100,
        exceedanceMultiple: 1.5,
        compliant: false,
      });
      expect(reading(res.body, 'nh3n')).toMatchObject({
        compliant: true,
        exceedanceMultiple: 0,
        qualifier: 'below_detection',
      });
      expect(reading(res.body, 'ph')).toMatchObject({ limitText: '6–9', compliant: false });

      const list = await t.http.get('/api/v1/exceedances?indicator=cod&sort=-exceedanceMultiple').set(eco);
      expect(list.status).toBe(200);
      expect(list.body.items[0]).toMatchObject({
        outfallId: outfall.industrial,
        indicator: 'cod',
        exceedanceMultiple: 1.5,
      });
    });

    it('flags an outfall as chronic when 3 of its last 5 samples exceed', async () => {
      const day = (d: number, cod: number) =>
        post(sample(outfall.industrial, `2024-08-${String(d).padStart(2, '0')}T10:00:00+08:00`, { cod }));
      await day(1, 150);
      await day(2, 50);
      await day(3, 60);
      await day(4, 70);
      let status = await t.http.get(`/api/v1/outfalls/${outfall.industrial}/monitoring-status`).set(eco);
      // last five: 70, 60, 50, 150 (Aug) and 250 (Mar) → 2 exceed
      expect(status.body).toMatchObject({ recentSamples: 5, recentExceeding: 2, chronic: false });
      await day(5, 130);
      status = await t.http.get(`/api/v1/outfalls/${outfall.industrial}/monitoring-status`).set(eco);
      expect(status.body).toMatchObject({ recentExceeding: 2, chronic: false });
      await day(6, 180);
      status = await t.http.get(`/api/v1/outfalls/${outfall.industrial}/monitoring-status`).set(eco);
      // last five: 180, 130, 70, 60, 50 → 2 exceed; the window slides
      expect(status.body).toMatchObject({ recentExceeding: 2, chronic: false });
      await day(7, 110);
      status = await t.http.get(`/api/v1/outfalls/${outfall.industrial}/monitoring-status`).set(eco);
      expect(status.body).toMatchObject({
        recentExceeding: 3,
        chronic: true,
        chronicRule: { count: 3, window: 5 },
      });
      expect(status.body.latest.find((l: { indicator: string }) => l.indicator === 'cod')).toMatchObject({
        value: 110,
      });
      const chronic = await t.http.get('/api/v1/exceedances/chronic').set(eco);
      expect(chronic.body.items.map((c: { outfallId: string }) => c.outfallId)).toEqual([outfall.industrial]);
      const byIndicator = await t.http.get('/api/v1/exceedances/chronic?indicator=tp').set(eco);
      expect(byIndicator.body.total).toBe(0);
      // a period narrows the last five to its own samples: 5–7 Aug (130, 180, 110) all exceed; 2–6 Aug
      // (50, 60, 70, 130, 180) has exceeding samples but only two
      const chronicIn = (from: string, to: string) =>
        t.http
          .get(`/api/v1/exceedances/chronic?outfallId=${outfall.industrial}&from=${from}&to=${to}`)
          .set(eco);
      expect((await chronicIn('2024-08-05', '2024-08-31')).body).toMatchObject({
        total: 1,
        items: [{ outfallId: outfall.industrial, recentSamples: 3, recentExceeding: 3 }],
      });
      expect((await chronicIn('2024-08-02', '2024-08-06')).body).toMatchObject({ total: 0, items: [] });
    });

    it('pages the exceedance list newest first, each reading once, with the total of the whole list', async () => {
      await post(sample(outfall.industrial, '2024-09-01T10:00:00+08:00', { cod: 300, ph: 10 }));
      await post(sample(outfall.industrial, '2024-09-02T10:00:00+08:00', { cod: 200 }));
      for (const filter of ['', '&indicator=cod', `&outfallId=${outfall.industrial}`, '&from=2024-09-01']) {
        const all = await t.http.get(`/api/v1/exceedances?limit=200${filter}`).set(eco);
        expect(all.status).toBe(200);
        expect(all.body.total).toBe(all.body.items.length);
        const times = all.body.items.map((e: { sampledAt: string }) => Date.parse(e.sampledAt));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        // one reading per page: the pages cover the list in the same order, and each counts the whole list
        const paged: string[] = [];
        for (let offset = 0; offset < Math.min(all.body.total, 4); offset++) {
          const page = await t.http.get(`/api/v1/exceedances?limit=1&offset=${offset}${filter}`).set(eco);
          expect(page.body).toMatchObject({ total: all.body.total, limit: 1, offset });
          paged.push(
            ...page.body.items.map(
              (e: { sampleId: string; indicator: string }) => `${e.sampleId}/${e.indicator}`,
            ),
          );
        }
        expect(paged).toEqual(
          all.body.items
            .slice(0, 4)
            .map((e: { sampleId: string; indicator: string }) => `${e.sampleId}/${e.indicator}`),
        );
      }
      // the same sample's two exceeding readings both appear, in indicator order
      const september = await t.http.get('/api/v1/exceedances?from=2024-09-01&to=2024-09-01').set(eco);
      expect(september.body.items.map((e: { indicator: string }) => e.indicator)).toEqual(['cod', 'ph']);
      expect(september.body.total).toBe(2);
      const unknown = await t.http.get('/api/v1/exceedances?sort=-value').set(eco);
      expectError(unknown, 400, 'VALIDATION_FAILED');
    });
    it('sets the monitored milestone to the Beijing day of the earliest sample', async () => {
      const [event] = await t.dataSource.query<{ effective_on: string; source: string }[]>(
        `SELECT to_char(effective_on, 'YYYY-MM-DD') AS effective_on, source FROM outfall_event WHERE outfall_id = $1 AND type = 'monitored'`,
        [outfall.industrial],
      );
      expect(event).toEqual({ effective_on: '2024-03-01', source: 'workflow' });
      const early = await post(sample(outfall.industrial, '2023-12-31T23:30:00+08:00', { cod: 20 }));
      expect(early.status).toBe(201);
      const [moved] = await t.dataSource.query<{ effective_on: string }[]>(
        `SELECT to_char(effective_on, 'YYYY-MM-DD') AS effective_on FROM outfall_event WHERE outfall_id = $1 AND type = 'monitored'`,
        [outfall.industrial],
      );
      expect(moved.effective_on).toBe('2023-12-31');
    });
  });

  describe('bad input', () => {
    it.each([
      ['pH above 14', { ph: 15 }, 'values[0].value'],
      ['negative COD', { cod: -1 }, 'values[0].value'],
      ['water at 70 °C', { temperature: 70 }, 'values[0].value'],
      ['an unknown indicator', { mercury_x: 1 }, 'values[0].indicator'],
    ])('refuses %s with a field message', async (_name, values, field) => {
      const res = await post(sample(outfall.industrial, '2024-02-01T10:00:00+08:00', values));
      expectError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('refuses a sampling time in the future and a below-detection value without its limit', async () => {
      const future = await post(sample(outfall.industrial, '2099-01-01T10:00:00+08:00', { cod: 10 }));
      expectError(future, 400, 'VALIDATION_FAILED');
      expect(future.body.details[0]).toEqual({
        field: 'sampledAt',
        message: 'sampledAt cannot be in the future',
      });
      const noLimit = await post({
        ...sample(outfall.industrial, '2024-02-01T10:00:00+08:00', {}),
        values: [{ indicator: 'nh3n', value: 0, qualifier: 'below_detection' }],
      });
      expectError(noLimit, 400, 'VALIDATION_FAILED');
      const malformed = await post({ outfallId: 'x', sampledAt: 'yesterday', source: 'rumour', values: 3 });
      expectError(malformed, 400, 'VALIDATION_FAILED');
      const notANumber = await post({
        ...sample(outfall.industrial, '2024-02-01T10:00:00+08:00', {}),
        values: [{ indicator: 'ph', value: 'high' }],
      });
      expect(notANumber.body.details).toContainEqual({
        field: 'values[0].value',
        message: 'value must be a number',
      });
    });
  });

  describe('batch ingestion', () => {
    const rows = (count: number) =>
      Array.from({ length: count }, (_, i) => {
        const hour = Math.floor(i / 5);
        return {
          outfallCode: undefined as string | undefined,
          outfallId: [outfall.wwtp, outfall.lakeFarm][hour % 2],
          sampledAt: new Date(Date.UTC(2025, 0, 1) + hour * 3_600_000).toISOString(),
          source: 'online',
          indicator: ['flow', 'ph', 'cod', 'nh3n', 'tp'][i % 5],
          value: [1200, 7.2, 40 + (hour % 30), 3, 0.4][i % 5],
        };
      });

    it('stores 10 000 readings in one request, and the same batch again changes nothing', async () => {
      const batch = rows(10_000);
      const first = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: batch });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        rows: 10_000,
        samplesCreated: 2000,
        valuesCreated: 10_000,
        valuesUnchanged: 0,
      });
      const values = await t.count('sample_value');
      const batchRows = await t.count('audit_log', `entity_type = 'sample_batch'`);
      const again = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: batch });
      expect(again.body).toMatchObject({
        samplesCreated: 0,
        samplesUpdated: 0,
        valuesCreated: 0,
        valuesUpdated: 0,
        valuesUnchanged: 10_000,
      });
      expect(await t.count('sample_value')).toBe(values);
      expect(await t.count('audit_log', `entity_type = 'sample_batch'`)).toBe(batchRows);
      // one audit row for the batch, listing the 2 000 samples it created (none per sample); the unchanged
      // re-send adds none
      expect(first.body.sampleIds).toHaveLength(2000);
      // new samples get time-ordered ids (UUID version 7 layout), so a batch appends to the key's right edge
      expect((first.body.sampleIds as string[]).filter((id) => !UUID_V7.test(id))).toEqual([]);
      const audited = await t.count('audit_log', `entity_type = 'sample' AND entity_id = ANY($1::text[])`, [
        first.body.sampleIds,
      ]);
      expect(audited).toBe(0);
      const batches = await t.dataSource.query<{ action: string; after: Record<string, unknown> }[]>(
        `SELECT action, after FROM audit_log WHERE entity_type = 'sample_batch' AND after -> 'sampleIds' @> $1::jsonb`,
        [JSON.stringify([first.body.sampleIds[1999]])],
      );
      expect(batches).toHaveLength(1);
      expect(batches[0].action).toBe('ingest');
      expect(batches[0].after).toMatchObject({
        via: 'batch_api',
        rows: 10_000,
        samplesCreated: 2000,
        valuesCreated: 10_000,
        sources: ['online'],
      });
      expect([...(batches[0].after.sampleIds as string[])].sort()).toEqual([...first.body.sampleIds].sort());
    });

    it('checks the envelope in the pipe and the text of every row, before the rows themselves', async () => {
      const before = await t.count('sample');
      const notArray = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: 'x' });
      expectError(notArray, 400, 'VALIDATION_FAILED');
      expect(notArray.body.details).toEqual([{ field: 'rows', message: 'rows must be an array' }]);
      const extra = await t.http
        .post('/api/v1/samples/batch')
        .set(eco)
        .send({ rows: rows(2), extra: 1 });
      expectError(extra, 400, 'VALIDATION_FAILED');
      expect(extra.body.details).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
      // control characters in a row's text are refused by the platform's text rules, naming the row
      const batch = rows(5).map((row) => ({ ...row, sampledAt: row.sampledAt.replace('2025', '2021') }));
      batch[1] = { ...batch[1], laboratory: 'lab\u0007' } as (typeof batch)[number];
      batch[3] = { ...batch[3], outfallCode: 'A\tB' } as (typeof batch)[number];
      const text = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: batch });
      expectError(text, 400, 'VALIDATION_FAILED');
      expect(text.body.details).toEqual([
        { field: 'rows[1].laboratory', message: 'rows[1].laboratory must not contain control characters' },
        { field: 'rows[3].outfallCode', message: 'rows[3].outfallCode must not contain control characters' },
      ]);
      // rows reach the service as sent: unknown row fields are ignored there, bad rows are listed by it
      const loose = rows(3).map((row) => ({ ...row, sampledAt: row.sampledAt.replace('2025', '2021') }));
      const mixed = [{ ...loose[0], comment: 'kept out' }, 7, { ...loose[2], value: 'x' }];
      const rejected = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: mixed });
      expectError(rejected, 400, 'MONITORING_BATCH_REJECTED');
      expect(rejected.body.details).toEqual([
        { field: 'rows[1].row', message: 'each row must be an object' },
        { field: 'rows[2].value', message: 'value must be a number' },
      ]);
      expect(await t.count('sample')).toBe(before);
    });

    it('rejects the whole batch when one row is bad, listing the row', async () => {
      const batch = rows(50).map((row) => ({ ...row, sampledAt: row.sampledAt.replace('2025', '2022') }));
      batch[17] = { ...batch[17], value: -5, indicator: 'cod' };
      batch[30] = { ...batch[30], outfallId: undefined as unknown as string, outfallCode: 'NOPE-001' };
      const before = await t.count('sample');
      const res = await t.http.post('/api/v1/samples/batch').set(eco).send({ rows: batch });
      expectError(res, 400, 'MONITORING_BATCH_REJECTED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { field: 'rows[17].value', message: 'COD cannot be negative' },
          {
            field: 'rows[30].outfallCode',
            message:
              '在您的辖区内找不到排污口 NOPE-001 / outfall NOPE-001 was not found in your jurisdiction',
          },
        ]),
      );
      expect(await t.count('sample')).toBe(before);
      const tooMany = await t.http
        .post('/api/v1/samples/batch')
        .set(eco)
        .send({ rows: rows(10_001) });
      expectError(tooMany, 413, 'MONITORING_BATCH_TOO_LARGE');
    });

    it('writes a sample_exceedance webhook event for each sample a batch makes exceed, with its readings over the limit', async () => {
      const admin = await t.auth('admin');
      const key = await t.http.post('/api/v1/api-keys').set(admin).send({ name: '超标推送', scope: 'read' });
      expect(key.status).toBe(201);
      const subscribed = await t.http
        .post('/api/v1/webhooks/subscriptions')
        .set('X-API-Key', key.body.key)
        .send({ url: 'http://127.0.0.1:9/exceedance', events: ['sample_exceedance'] });
      expect(subscribed.status).toBe(201);
      try {
        const at = (day: string) => `2023-02-0${day}T10:00:00+08:00`;
        const res = await t.http
          .post('/api/v1/samples/batch')
          .set(eco)
          .send({
            rows: [
              {
                outfallId: outfall.industrial,
                sampledAt: at('1'),
                source: 'supervisory',
                indicator: 'cod',
                value: 250,
              },
              {
                outfallId: outfall.industrial,
                sampledAt: at('1'),
                source: 'supervisory',
                indicator: 'ph',
                value: 7,
              },
              {
                outfallId: outfall.industrial,
                sampledAt: at('2'),
                source: 'supervisory',
                indicator: 'cod',
                value: 50,
              },
            ],
          });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ samplesCreated: 2, exceedingSamples: 1 });
        const events = await t.dataSource.query<{ record_id: string; payload: Record<string, unknown> }[]>(
          `SELECT record_id, payload FROM webhook_event WHERE type = 'sample_exceedance' AND record_id = ANY($1::text[])`,
          [res.body.sampleIds],
        );
        expect(events).toHaveLength(1);
        const [{ record_id, payload }] = events;
        expect(record_id).toBe(res.body.sampleIds[0]);
        expect(payload).toEqual({
          sampleId: res.body.sampleIds[0],
          outfallId: outfall.industrial,
          localCode: expect.any(String),
          sampledAt: expect.any(String),
          source: 'supervisory',
          exceedingCount: 1,
          // GB 8978 grade 1: COD 100 → (250 − 100) / 100 = 1.5
          exceeding: [{ indicatorCode: 'cod', value: 250, limitValue: 100, exceedanceMultiple: 1.5 }],
        });
        expect(new Date(payload.sampledAt as string).toISOString()).toBe('2023-02-01T02:00:00.000Z');
        expect(await t.count('webhook_delivery', `record_id = $1`, [record_id])).toBe(1);
      } finally {
        await t.http
          .delete(`/api/v1/webhooks/subscriptions/${subscribed.body.subscription.id}`)
          .set('X-API-Key', key.body.key);
      }
    });

    (REAL_DB ? it : it.skip)(
      'merges a new sample another transaction stores while the batch is written (real PostgreSQL only)',
      async () => {
        // 1 000 readings of 200 samples no one has stored yet (the COPY path)
        const batch = rows(1000).map((row) => ({ ...row, sampledAt: row.sampledAt.replace('2025', '2026') }));
        const [first] = batch;
        const rival = new Client({ connectionString: process.env.DATABASE_URL });
        await rival.connect();
        try {
          // another writer has inserted the first sample and not committed: the batch's look-up does not see
          // it, and its insert of that sample waits on the unique key
          await rival.query('BEGIN');
          const {
            rows: [{ id: rivalId }],
          } = await rival.query<{ id: string }>(
            `INSERT INTO sample (outfall_id, sampled_at, source, version) VALUES ($1, $2, 'online', 1) RETURNING id`,
            [first.outfallId, first.sampledAt],
          );
          const pending = t.http
            .post('/api/v1/samples/batch')
            .set(eco)
            .send({ rows: batch })
            .then((res) => res);
          await untilSomeoneWaits(rival);
          await rival.query('COMMIT');
          const res = await pending;
          expect(res.status).toBe(201);
          // the other writer's sample is the batch's: not duplicated, given the batch's five readings, assessed
          expect(res.body).toMatchObject({ rows: 1000, samplesCreated: 199, valuesCreated: 1000 });
          expect(res.body.sampleIds).toHaveLength(200);
          expect(res.body.sampleIds[0]).toBe(rivalId);
          expect(
            await t.count('sample', `outfall_id = $1 AND sampled_at = $2`, [
              first.outfallId,
              first.sampledAt,
            ]),
          ).toBe(1);
          expect(await t.count('sample_value', `sample_id = $1`, [rivalId])).toBe(5);
          expect(await t.count('sample_value', `sample_id = ANY($1::uuid[])`, [res.body.sampleIds])).toBe(
            1000,
          );
          const [assessed] = await t.dataSource.query<{ standard_id: string | null }[]>(
            `SELECT standard_id FROM sample WHERE id = $1`,
            [rivalId],
          );
          const [sibling] = await t.dataSource.query<{ standard_id: string | null }[]>(
            `SELECT standard_id FROM sample WHERE id = $1`,
            [res.body.sampleIds[2]],
          );
          expect(assessed.standard_id).not.toBeNull();
          expect(assessed.standard_id).toBe(sibling.standard_id);
        } finally {
          await rival.query('ROLLBACK').catch(() => undefined);
          await rival.end();
        }
      },
    );
  });

  describe('jurisdiction', () => {
    it('keeps samples and tracing inside the township', async () => {
      const sangongUser = await t.auth('township_sangong');
      const own = await post(sample(outfall.sangong, '2024-04-01T10:00:00+08:00', { cod: 20 }), sangongUser);
      expect(own.status).toBe(201);
      const other = await post(
        sample(outfall.industrial, '2024-04-02T10:00:00+08:00', { cod: 20 }),
        sangongUser,
      );
      expectError(other, 404, 'NOT_FOUND');
      const list = await t.http.get('/api/v1/samples?limit=200').set(sangongUser);
      expect(list.body.items.every((s: { outfallId: string }) => s.outfallId === outfall.sangong)).toBe(true);
      const someoneElses = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM sample WHERE outfall_id = $1 LIMIT 1`,
        [outfall.industrial],
      );
      expectError(
        await t.http.get(`/api/v1/samples/${someoneElses[0].id}`).set(sangongUser),
        404,
        'NOT_FOUND',
      );
      const batch = await t.http
        .post('/api/v1/samples/batch')
        .set(sangongUser)
        .send({
          rows: [
            {
              outfallId: outfall.industrial,
              sampledAt: '2024-04-02T10:00:00+08:00',
              source: 'manual',
              indicator: 'cod',
              value: 1,
            },
          ],
        });
      expectError(batch, 400, 'MONITORING_BATCH_REJECTED');
      const tracing = await t.http
        .post(`/api/v1/outfalls/${outfall.industrial}/tracing`)
        .set(sangongUser)
        .send({ tracedOn: '2024-05-01', method: 'site_survey' });
      expectError(tracing, 404, 'NOT_FOUND');
      const exceedances = await t.http.get('/api/v1/exceedances?limit=200').set(sangongUser);
      expect(
        exceedances.body.items.every((e: { outfallId: string }) => e.outfallId === outfall.sangong),
      ).toBe(true);
    });
  });

  describe('tracing and the pollution-source list', () => {
    it('completing a tracing record sets the traced milestone; the list shows sources and status', async () => {
      const [entity] = await t.dataSource.query<{ id: string; name: string }[]>(
        `SELECT id, name FROM responsible_entity ORDER BY name LIMIT 1`,
      );
      const bad = await t.http
        .post(`/api/v1/outfalls/${outfall.industrial}/tracing`)
        .set(eco)
        .send({ tracedOn: '2024-05-10', method: 'dye_test', complete: true, completedOn: '2024-05-01' });
      expectError(bad, 400, 'TRACING_DATES_INVALID');
      const unknownFactor = await t.http
        .post(`/api/v1/outfalls/${outfall.industrial}/tracing`)
        .set(eco)
        .send({ tracedOn: '2024-05-10', method: 'dye_test', mainFactors: ['gold'] });
      expectError(unknownFactor, 400, 'MONITORING_UNKNOWN_INDICATOR');
      const created = await t.http
        .post(`/api/v1/outfalls/${outfall.industrial}/tracing`)
        .set(eco)
        .send({
          tracedOn: '2024-05-10',
          method: 'pipe_inspection',
          sewageOrigin: 'industrial',
          mainFactors: ['cod'],
          conclusion: '企业预处理设施故障',
          sources: [{ entityId: entity.id }, { description: '园区东侧污水管段' }],
        });
      expect(created.status).toBe(201);
      expect(
        await t.count('outfall_event', `outfall_id = $1 AND type = 'traced'`, [outfall.industrial]),
      ).toBe(0);
      const done = await t.http
        .put(`/api/v1/tracing/${created.body.id}`)
        .set(eco)
        .send({
          tracedOn: '2024-05-10',
          method: 'pipe_inspection',
          mainFactors: ['cod'],
          complete: true,
          completedOn: '2024-05-20',
          sources: [{ entityId: entity.id }],
          version: created.body.version,
        });
      expect({ status: done.status, body: done.status === 200 ? null : done.body }).toEqual({
        status: 200,
        body: null,
      });
      const stale = await t.http
        .put(`/api/v1/tracing/${created.body.id}`)
        .set(eco)
        .send({ tracedOn: '2024-05-10', method: 'site_survey', version: created.body.version });
      expectError(stale, 409, 'VERSION_CONFLICT');
      const [traced] = await t.dataSource.query<{ effective_on: string }[]>(
        `SELECT to_char(effective_on, 'YYYY-MM-DD') AS effective_on FROM outfall_event WHERE outfall_id = $1 AND type = 'traced'`,
        [outfall.industrial],
      );
      expect(traced.effective_on).toBe('2024-05-20');

      const list = await t.http.get(`/api/v1/pollution-sources?outfallId=${outfall.industrial}`).set(eco);
      expect(list.status).toBe(200);
      expect(list.body.items[0]).toMatchObject({
        outfallId: outfall.industrial,
        complete: true,
        mainFactors: ['cod'],
        sources: [{ entityId: entity.id, name: entity.name, description: null }],
        lastSampleExceeding: true,
        lastExceedingIndicators: ['cod'],
      });
      const gql = await t.graphql(
        'eco_officer',
        `{ pollutionSources(filter: { outfallId: "${outfall.industrial}" }) { total items { localCode mainFactors } }
           samplesList(filter: { outfallId: "${outfall.industrial}" }, page: { limit: 3 }) { total items { sampledAt values { indicatorCode compliant } } } }`,
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.pollutionSources.total).toBe(1);
      expect(gql.body.data.samplesList.items[0].values.length).toBeGreaterThan(0);

      expect((await t.http.delete(`/api/v1/tracing/${created.body.id}`).set(eco)).status).toBe(204);
      expect(
        await t.count('outfall_event', `outfall_id = $1 AND type = 'traced'`, [outfall.industrial]),
      ).toBe(0);
    });
  });

  describe('catalogues', () => {
    it('keeps the seven required indicators and lets admins add others', async () => {
      const admin = await t.auth('admin');
      expectError(
        await t.http.delete('/api/v1/indicators/cod').set(admin),
        409,
        'MONITORING_INDICATOR_REQUIRED',
      );
      const added = await t.http
        .post('/api/v1/indicators')
        .set(admin)
        .send({ code: 'mn', nameZh: '总锰', nameEn: 'Total manganese', unit: 'mg/L', decimals: 3 });
      expect(added.status).toBe(201);
      expectError(
        await t.http
          .post('/api/v1/indicators')
          .set(await t.auth('township_liugong'))
          .send({}),
        403,
        'AUTH_PERMISSION_DENIED',
      );
      expect((await t.http.delete('/api/v1/indicators/mn').set(admin)).status).toBe(204);
    });

    it('lets a provincial standard replace a national grade and reassesses the samples', async () => {
      const admin = await t.auth('admin');
      const builtin = await t.http
        .patch(`/api/v1/standards/${encodeURIComponent('GB18918-2002:1A')}`)
        .set(admin)
        .send({ version: 1, nameZh: '改名' });
      expectError(builtin, 409, 'MONITORING_STANDARD_BUILTIN');
      const invalid = await t.http
        .post('/api/v1/standards')
        .set(admin)
        .send({
          id: 'DB65/0001-2024:A',
          standard: 'DB65/0001-2024',
          grade: 'A',
          nameZh: '示例',
          rules: [{ indicator: 'cod', bound: { kind: 'max' } }],
        });
      expectError(invalid, 400, 'VALIDATION_FAILED');
      expect(invalid.body.details.map((d: { field: string }) => d.field)).toEqual([
        'rules[0].bound.value',
        'rules[0].source',
      ]);
      const created = await t.http
        .post('/api/v1/standards')
        .set(admin)
        .send({
          id: 'DB65/0001-2024:A',
          standard: 'DB65/0001-2024',
          grade: 'A',
          nameZh: '示例地方标准 A 级',
          overridesId: 'GB18918-2002:1A',
          rules: [
            { indicator: 'nh3n', bound: { kind: 'max', value: 4 }, source: 'DB65/0001-2024 表1' },
            { indicator: 'cod', bound: { kind: 'max', value: 40 }, source: 'DB65/0001-2024 表1' },
          ],
        });
      expect(created.status).toBe(201);
      const resolved = await t.http.get(`/api/v1/outfalls/${outfall.wwtp}/standard`).set(eco);
      expect(resolved.body.standard.id).toBe('DB65/0001-2024:A');
      expect(resolved.body.explanation.en).toContain(
        'local standard DB65/0001-2024 (A) replaces GB 18918-2002',
      );
      const [cold] = await t.dataSource.query<{ limit_value: number; compliant: boolean }[]>(
        `SELECT v.limit_value, v.compliant FROM sample_value v JOIN sample s ON s.id = v.sample_id
          WHERE s.outfall_id = $1 AND s.sampled_at = '2024-01-10T02:00:00Z' AND v.indicator_code = 'nh3n'`,
        [outfall.wwtp],
      );
      expect(cold).toEqual({ limit_value: 4, compliant: false });
    });
  });

  describe('import and ledgers', () => {
    async function download(jobId: string) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await t.download(jobId)) as never);
      return workbook.worksheets[0];
    }

    it('imports a spreadsheet of samples (0.025L is below detection), reports bad rows, and re-imports idempotently', async () => {
      const code = (
        await t.dataSource.query<{ local_code: string }[]>(`SELECT local_code FROM outfall WHERE id = $1`, [
          outfall.riverOther,
        ])
      )[0].local_code;
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('监测');
      sheet.addRow([
        '排污口编码',
        '采样时间',
        '数据来源',
        '监测机构',
        '化学需氧量（mg/L）',
        '氨氮（mg/L）',
        'pH值',
      ]);
      sheet.addRow([code, '2024-09-01 10:00', '人工采样', '示例监测站', '18', '0.025L', '7.4']);
      sheet.addRow([code, '2024-09-02 10:00', '监督性监测', '', '约25', '<0.05', '7.1']);
      sheet.addRow([code, '2024-09-03 10:00', '人工采样', '', '-3', '', '15']);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const upload = (mode: string) =>
        t.http
          .post('/api/v1/samples/imports')
          .set(eco)
          .field('mode', mode)
          .attach('file', buffer, 'samples.xlsx');
      const rejected = await upload('all_or_nothing');
      expect(rejected.status).toBe(202);
      const failedJob = await t.waitForJob(rejected.body.id);
      expect(failedJob.result).toMatchObject({ committed: false, rejected: 1, created: 0 });
      const first = await t.waitForJob((await upload('valid_only')).body.id);
      expect(first.result).toMatchObject({ committed: true, rows: 3, rejected: 1, created: 2 });
      expect((first.result as { errors: { row: number; field: string }[] }).errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 4, field: '化学需氧量（mg/L）' }),
          expect.objectContaining({ row: 4, field: 'pH值' }),
        ]),
      );
      const [below] = await t.dataSource.query<{ qualifier: string; value: number; compliant: boolean }[]>(
        `SELECT v.qualifier, v.value, v.compliant FROM sample_value v JOIN sample s ON s.id = v.sample_id
          WHERE s.outfall_id = $1 AND s.sampled_at = '2024-09-01T02:00:00Z' AND v.indicator_code = 'nh3n'`,
        [outfall.riverOther],
      );
      expect(below).toEqual({ qualifier: 'below_detection', value: 0.025, compliant: true });
      const again = await t.waitForJob((await upload('valid_only')).body.id);
      expect(again.result).toMatchObject({ created: 0, updated: 0 });
    });

    it('generates the water-quality and tracing ledgers as XLSX with Chinese headers', async () => {
      const queued = await t.http
        .post('/api/v1/monitoring/ledgers')
        .set(eco)
        .send({ kind: 'water_quality', from: '2024-08-01', to: '2024-08-31', outfallId: outfall.industrial });
      expect(queued.status).toBe(202);
      const sheet = await download(queued.body.id);
      const headers = (sheet.getRow(1).values as string[]).filter(Boolean);
      expect(headers).toEqual(
        expect.arrayContaining([
          '排污口编码',
          '采样时间（北京时间）',
          '化学需氧量（mg/L）',
          '超标因子（超标倍数）',
        ]),
      );
      expect(sheet.rowCount).toBe(1 + 7);
      const tracing = await t.http.post('/api/v1/monitoring/ledgers').set(eco).send({ kind: 'tracing' });
      const tracingSheet = await download(tracing.body.id);
      expect((tracingSheet.getRow(1).values as string[]).filter(Boolean)).toContain('溯源结论');
      const bad = await t.http.post('/api/v1/monitoring/ledgers').set(eco).send({ kind: 'gossip' });
      expectError(bad, 400, 'VALIDATION_FAILED');
    });
  });
  describe("a value's sample, kept by statement-level triggers", () => {
    /** SQLSTATE of a failed statement (TypeORM wraps the driver's error). */
    const sqlState = async (run: Promise<unknown>): Promise<string | undefined> => {
      try {
        await run;
        return undefined;
      } catch (error) {
        const e = error as { code?: string; driverError?: { code?: string } };
        return e.driverError?.code ?? e.code;
      }
    };
    const stored = async (at: string) => {
      const res = await post(sample(outfall.riverOther, at, { cod: 12, nh3n: 0.4 }));
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    it('refuses a value whose sample does not exist, the whole statement, as the foreign key did', async () => {
      const id = await stored('2024-11-02T09:00:00+08:00');
      const missing = '00000000-0000-4000-8000-00000000abcd';
      expect(
        await sqlState(
          t.dataSource.query(
            `INSERT INTO sample_value (sample_id, indicator_code, value) VALUES ($1, 'tp', 0.1), ($2, 'tp', 0.2)`,
            [id, missing],
          ),
        ),
      ).toBe('23503');
      // nothing of the statement stays, the existing sample's values included
      expect(await t.count('sample_value', `sample_id = $1`, [id])).toBe(2);
      expect(await t.count('sample_value', `sample_id = $1`, [missing])).toBe(0);
      await t.dataSource.query(
        `INSERT INTO sample_value (sample_id, indicator_code, value) VALUES ($1, 'tp', 0.1)`,
        [id],
      );
      expect(await t.count('sample_value', `sample_id = $1`, [id])).toBe(3);
    });

    it("deletes a sample's values with it, also when its outfall's deletion cascades", async () => {
      const id = await stored('2024-11-03T09:00:00+08:00');
      const other = await stored('2024-11-04T09:00:00+08:00');
      await t.dataSource.query(`DELETE FROM sample WHERE id = $1`, [id]);
      expect(await t.count('sample_value', `sample_id = $1`, [id])).toBe(0);
      expect(await t.count('sample_value', `sample_id = $1`, [other])).toBe(2);
      // an outfall of its own, deleted in SQL: the foreign key to the outfall deletes its samples, and they
      // take their values
      const gone = await createOutfall({
        category: 'other',
        subType: 'urban_stormwater',
        waterBodyId: await water('MCASC', 'river', 87.31),
        longitude: 87.31,
      });
      const res = await post(sample(gone, '2024-11-05T09:00:00+08:00', { cod: 12 }));
      expect(res.status).toBe(201);
      await t.dataSource.query(`DELETE FROM outfall WHERE id = $1`, [gone]);
      expect(await t.count('sample', `id = $1`, [res.body.id])).toBe(0);
      expect(await t.count('sample_value', `sample_id = $1`, [res.body.id])).toBe(0);
    });

    it("refuses moving a value to another sample and changing a sample's id", async () => {
      const id = await stored('2024-11-06T09:00:00+08:00');
      const other = await stored('2024-11-07T09:00:00+08:00');
      expect(
        await sqlState(
          t.dataSource.query(
            `UPDATE sample_value SET sample_id = $2 WHERE sample_id = $1 AND indicator_code = 'cod'`,
            [id, other],
          ),
        ),
      ).toBe('23503');
      expect(
        await sqlState(
          t.dataSource.query(`UPDATE sample SET id = '00000000-0000-4000-8000-00000000abce' WHERE id = $1`, [
            id,
          ]),
        ),
      ).toBe('23503');
      // other columns still change
      await t.dataSource.query(
        `UPDATE sample_value SET value = 13 WHERE sample_id = $1 AND indicator_code = 'cod'`,
        [id],
      );
      expect(await t.count('sample_value', `sample_id = $1 AND value = 13`, [id])).toBe(1);
    });

    (REAL_DB ? it : it.skip)(
      'a concurrent delete and insert of values wait for each other as with the key (real PostgreSQL only)',
      async () => {
        const rival = new Client({ connectionString: process.env.DATABASE_URL });
        await rival.connect();
        try {
          // the delete first: the insert waits for it, then finds the sample gone
          const first = await stored('2024-11-08T09:00:00+08:00');
          await rival.query('BEGIN');
          await rival.query(`DELETE FROM sample WHERE id = $1`, [first]);
          const insert = sqlState(
            t.dataSource.query(
              `INSERT INTO sample_value (sample_id, indicator_code, value) VALUES ($1, 'tp', 0.1)`,
              [first],
            ),
          );
          await untilSomeoneWaits(rival);
          await rival.query('COMMIT');
          expect(await insert).toBe('23503');
          expect(await t.count('sample_value', `sample_id = $1`, [first])).toBe(0);

          // the insert first (uncommitted): the delete waits for it, then deletes that value too
          const second = await stored('2024-11-09T09:00:00+08:00');
          await rival.query('BEGIN');
          await rival.query(
            `INSERT INTO sample_value (sample_id, indicator_code, value) VALUES ($1, 'tp', 0.1)`,
            [second],
          );
          const remove = t.dataSource.query(`DELETE FROM sample WHERE id = $1`, [second]);
          await untilSomeoneWaits(rival);
          await rival.query('COMMIT');
          await remove;
          expect(await t.count('sample', `id = $1`, [second])).toBe(0);
          expect(await t.count('sample_value', `sample_id = $1`, [second])).toBe(0);
        } finally {
          await rival.query('ROLLBACK').catch(() => undefined);
          await rival.end();
        }
      },
    );
  });
});
