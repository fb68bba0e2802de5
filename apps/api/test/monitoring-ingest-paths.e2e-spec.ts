import { Division } from '@outfall/org';
import { TestApp } from './support/test-app';
import { waterWithZone } from './support/water-fixtures';

type Headers = { Authorization: string };

interface Reading {
  indicator: string;
  value: number;
  qualifier?: string;
  detectionLimit?: number;
}

interface StoredReading {
  outfall_id: string;
  sampled_at: Date;
  indicator_code: string;
  value: number;
  limit_text: string | null;
  limit_value: number | null;
  rule_source: string | null;
  compliant: boolean | null;
  exceedance_multiple: number | null;
  deviation: number | null;
  deviation_direction: string | null;
  explanation_zh: string | null;
  explanation_en: string | null;
  standard_id: string | null;
  exceeding: boolean;
  exceeding_count: number;
}

/**
 * Values reach `sample_value` by three paths: on PostgreSQL from 500 values on, COPY straight into the table
 * (new samples) or through a COPY stage and an upsert (existing ones); otherwise, and on the embedded database,
 * as arrays. The same readings through the batch API (new samples, then the same samples changed, then sent
 * again unchanged) and through the single-sample API must store the same figures, multiples rounded as
 * `assess` does.
 */
describe('sample ingest paths store the same assessment', () => {
  let t: TestApp;
  let eco: Headers;
  const outfalls: string[] = [];

  const water = async (code: string, kind: string, lon: number) =>
    (await waterWithZone(t, eco, { code, kind, lon })).waterId;

  async function createOutfall(divisionId: string, body: Record<string, unknown>) {
    const res = await t.http
      .post('/api/v1/outfalls')
      .set(eco)
      .send({ name: '入库路径排口', divisionId, discoveredOn: '2023-09-01', latitude: 44.05, ...body });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await TestApp.create();
    eco = await t.auth('eco_officer');
    const liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const river = await water('PRIV', 'river', 87.3);
    const lake = await water('PLAK', 'lake', 87.4);
    // GB 18918 1A (COD 50, NH3-N 5 / 8 at ≤ 12 °C, TP stricter for an unknown build date), GB 8978 grade 1
    // (COD 100), a lake farm (TP 0.05)
    outfalls.push(
      await createOutfall(liugong.id, {
        category: 'urban_wwtp',
        subType: 'urban_wwtp',
        waterBodyId: river,
        longitude: 87.301,
      }),
      await createOutfall(liugong.id, {
        category: 'industrial',
        subType: 'industrial_enterprise',
        waterBodyId: river,
        longitude: 87.302,
      }),
      await createOutfall(liugong.id, {
        category: 'agricultural',
        subType: 'aquaculture_farm',
        waterBodyId: lake,
        longitude: 87.401,
      }),
    );
  });
  afterAll(() => t.close());

  /**
   * COD around the limits (sample i of the second batch gets COD[(i + 1) % 12] at outfall i % 3: GB 18918 1B 60,
   * GB 8978 100, the lake's GB 3838 III 20): exactly at, just over or under, exact halves of a thousandth
   * ((60.75 − 60) / 60 × 1000 = 12.5, 100.25 → 2.5, 20.25 → 12.5), far over.
   */
  const COD = [20, 60.75, 100.25, 20.25, 60, 102.25, 12, 61.35, 250, 20.45, 59.999, 100];
  /** Sample i's readings; `shift` changes every value (the second batch). */
  function readingsOf(i: number, shift: number): Reading[] {
    const readings: Reading[] = [
      { indicator: 'cod', value: COD[(i + shift) % COD.length] },
      { indicator: 'ph', value: [5.2, 6, 7.5, 9, 9.35][(i + shift) % 5] },
      { indicator: 'nh3n', value: [4, 5, 6, 7.9, 8.5, 15.0125][(i + shift) % 6] },
      { indicator: 'tp', value: [0.04, 0.05, 0.0625, 0.5, 0.8, 1.2][(i + shift) % 6] },
      { indicator: 'flow', value: 1000 + i + shift },
    ];
    // with a water temperature or not (the NH3-N limit and its note depend on it)
    if (i % 3 !== 0) readings.push({ indicator: 'temperature', value: [10, 12, 14][(i + shift) % 3] });
    // not detected: under the limit (compliant) or with a detection limit over it (undetermined)
    if (i % 4 === 0)
      readings.push({
        indicator: 'tn',
        value: 0,
        qualifier: 'below_detection',
        detectionLimit: [0.5, 40][(i + shift) % 2],
      });
    return readings;
  }
  const SAMPLES = 96;
  const atOf = (i: number) => new Date(Date.UTC(2022, 5, 1) + i * 3_600_000).toISOString();
  const batchRows = (shift: number) =>
    Array.from({ length: SAMPLES }, (_, i) =>
      readingsOf(i, shift).map((r) => ({
        outfallId: outfalls[i % 3],
        sampledAt: atOf(i),
        source: 'online',
        ...r,
      })),
    ).flat();

  const stored = (source: string) =>
    t.dataSource.query<StoredReading[]>(
      `SELECT s.outfall_id, s.sampled_at, v.indicator_code, v.value, v.limit_text, v.limit_value, v.rule_source,
              v.compliant, v.exceedance_multiple, v.deviation, v.deviation_direction, v.explanation_zh,
              v.explanation_en, s.standard_id, s.exceeding, s.exceeding_count
         FROM sample s JOIN sample_value v ON v.sample_id = s.id
        WHERE s.source = $1 AND s.outfall_id = ANY($2::uuid[])
        ORDER BY s.outfall_id, s.sampled_at, v.indicator_code`,
      [source, outfalls],
    );

  it('through the batch API (new and changed samples) and the single-sample API', async () => {
    const first = await t.http
      .post('/api/v1/samples/batch')
      .set(eco)
      .send({ rows: batchRows(0) });
    expect(first.status).toBe(201);
    expect(first.body.valuesCreated).toBeGreaterThanOrEqual(500);
    // every value changes: the existing samples' path (staged, ON CONFLICT)
    const second = await t.http
      .post('/api/v1/samples/batch')
      .set(eco)
      .send({ rows: batchRows(1) });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ samplesCreated: 0, valuesUnchanged: 0 });
    expect(second.body.valuesUpdated + second.body.valuesCreated).toBe(batchRows(1).length);
    for (let i = 0; i < SAMPLES; i++) {
      const res = await t.http
        .post('/api/v1/samples')
        .set(eco)
        .send({ outfallId: outfalls[i % 3], sampledAt: atOf(i), source: 'manual', values: readingsOf(i, 1) });
      expect(res.status).toBe(201);
    }

    const batch = await stored('online');
    const single = await stored('manual');
    expect(batch.length).toBe(batchRows(1).length);
    expect(batch).toEqual(single);
    // the same batch again sends no value and changes nothing
    const again = await t.http
      .post('/api/v1/samples/batch')
      .set(eco)
      .send({ rows: batchRows(1) });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      samplesCreated: 0,
      samplesUpdated: 0,
      valuesCreated: 0,
      valuesUpdated: 0,
      valuesUnchanged: batchRows(1).length,
    });
    expect(await stored('online')).toEqual(batch);

    // every kind of outcome is covered, and maximum limits round as `assess` does (halves up)
    const outcomes = new Set(
      batch.map((r) => `${r.limit_text === null ? '-' : r.limit_text[0]}|${r.compliant}`),
    );
    expect([...outcomes].sort()).toEqual(
      expect.arrayContaining(['-|null', '≤|true', '≤|false', '≤|null', '6|true', '6|false']),
    );
    expect(batch.some((r) => r.explanation_zh !== null && r.limit_text?.startsWith('≤'))).toBe(true);
    for (const r of batch.filter((x) => x.limit_text?.startsWith('≤') && x.compliant === false)) {
      const limit = r.limit_value as number;
      expect({ code: r.indicator_code, value: r.value, multiple: r.exceedance_multiple }).toEqual({
        code: r.indicator_code,
        value: r.value,
        multiple: Math.round(((r.value - limit) / limit) * 1000) / 1000,
      });
    }
    const cod = (value: number, limit: number) =>
      batch.find((r) => r.indicator_code === 'cod' && r.value === value && r.limit_value === limit);
    // exact halves of a thousandth round up (0.013), as Math.round in `assess` does
    expect(cod(60.75, 60)?.exceedance_multiple).toBe(0.013);
    expect(cod(20.25, 20)?.exceedance_multiple).toBe(0.013);
    expect(cod(100.25, 100)?.exceedance_multiple).toBe(0.003);
    expect(cod(60, 60)).toMatchObject({ compliant: true, exceedance_multiple: 0 });
  });
});
