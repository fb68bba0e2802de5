// low proof-of-work difficulty and a small submit budget for this spec (read when the app boots)
process.env['PUBLIC_REPORT_POW_BITS'] = '6';
process.env['PUBLIC_REPORT_RATE_LIMIT'] = '3';

import { beijingToday } from '@outfall/common';
import { addDays, parseQuarter, quarterOf, quarterName } from '@outfall/progress';
import { PublicReportsFigures, solve } from '@outfall/public-reports';
import { PublicReportsDemoSeeder } from '../src/seed/supervision/public-reports-demo.seeder';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };

/** A JPEG whose APP1 carries EXIF with a GPS IFD (latitude 44°03′), followed by an (empty) scan. */
function jpegWithGps(): Buffer {
  const tiff = Buffer.concat([
    Buffer.from('II*\0', 'latin1'),
    Buffer.from([8, 0, 0, 0]),
    // IFD0: one entry, GPSInfo (0x8825) → offset 26
    Buffer.from([1, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0]),
    // GPS IFD: GPSLatitudeRef 'N'
    Buffer.from([1, 0, 1, 0, 2, 0, 2, 0, 0, 0, 0x4e, 0, 0, 0, 0, 0, 0, 0]),
    Buffer.from('GPSLatitude 44/1 3/1 0/1', 'latin1'),
  ]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([
    Buffer.from([0xff, 0xe1]),
    Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 0xff]),
    exif,
  ]);
  const xmp = Buffer.from(
    'http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>44,3N</exif:GPSLatitude></x:xmpmeta>',
    'latin1',
  );
  const app1Xmp = Buffer.concat([
    Buffer.from([0xff, 0xe1]),
    Buffer.from([(xmp.length + 2) >> 8, (xmp.length + 2) & 0xff]),
    xmp,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    app1,
    app1Xmp,
    Buffer.from([0xff, 0xdb, 0, 4, 0, 1]),
    Buffer.from([0xff, 0xda, 0, 2, 0x12, 0x34, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A PNG with a tEXt chunk (the chunk CRCs are not checked by the stripper). */
function pngWithText(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.alloc(13)),
    chunk('tEXt', Buffer.from('GPS\0lat 44.05', 'latin1')),
    chunk('IDAT', Buffer.alloc(10)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('public reports (公众举报)', () => {
  let t: TestApp;
  let eco: Headers;
  let outfall: { id: string; longitude: number; latitude: number };
  let liugongUnit: string;
  let sangongUnit: string;
  let address = 0;
  /** Each helper call comes from its own client address unless one is given (rate limits are per address). */
  const from = (ip?: string) => ip ?? `10.0.${Math.floor(++address / 200)}.${address % 200}`;

  async function challenge(ip?: string) {
    const res = await t.http.get('/api/v1/public/reports/challenge').set('X-Forwarded-For', from(ip));
    expect(res.status).toBe(200);
    return res.body as { challenge: string; bits: number; expiresAt: string };
  }

  async function submit(
    fields: Record<string, string> = {},
    photos: { bytes: Buffer; name: string }[] = [],
    ip?: string,
    solved?: { challenge: string; nonce: string },
  ) {
    const client = from(ip);
    let work = solved;
    if (!work) {
      const c = await challenge(client);
      work = { challenge: c.challenge, nonce: solve(c.challenge, c.bits) };
    }
    const req = t.http.post('/api/v1/public/reports').set('X-Forwarded-For', client);
    const all: Record<string, string> = {
      longitude: String(outfall.longitude + 0.0005),
      latitude: String(outfall.latitude),
      description: '河边有一根管子在排黑水，气味很大',
      challenge: work.challenge,
      nonce: work.nonce,
      ...fields,
    };
    for (const [k, v] of Object.entries(all)) void req.field(k, v);
    for (const p of photos) void req.attach('photos', p.bytes, p.name);
    return req;
  }

  async function reportId(trackingNo: string): Promise<string> {
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM public_report WHERE tracking_no = $1`,
      [trackingNo],
    );
    return row.id;
  }

  const detail = async (id: string, h: Headers = eco) => t.http.get(`/api/v1/public-reports/${id}`).set(h);

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 6 });
    eco = await t.auth('eco_officer');
    // demo reports (seeded with the full demo only) would blur the counts asserted here
    await t.dataSource.query(`DELETE FROM public_report WHERE demo`);
    const [liugong] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM division WHERE name = '六工镇'`,
    );
    [outfall] = await t.dataSource.query<{ id: string; longitude: number; latitude: number }[]>(
      `SELECT id, longitude, latitude FROM outfall ORDER BY local_code LIMIT 1`,
    );
    await t.dataSource.query(`UPDATE outfall SET division_id = $1 WHERE id = $2`, [liugong.id, outfall.id]);
    // 六工镇's boundary: a square around the outfall, so a report there lies in the township
    await t.dataSource.query(
      `UPDATE division SET boundary = ST_Multi(ST_Envelope(ST_Buffer(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.05))) WHERE id = $3`,
      [outfall.longitude, outfall.latitude, liugong.id],
    );
    [{ id: liugongUnit }] = await t.dataSource.query(
      `SELECT id FROM unit WHERE division_id = $1 AND kind = 'township'`,
      [liugong.id],
    );
    [{ id: sangongUnit }] = await t.dataSource.query(
      `SELECT u.id FROM unit u JOIN division d ON d.id = u.division_id WHERE d.name = '三工镇' AND u.kind = 'township'`,
    );
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('takes a report without login, strips the photo metadata, and tracks it with number + secret', async () => {
    const res = await submit({ contact: '13800000000' }, [
      { bytes: jpegWithGps(), name: 'a.jpg' },
      { bytes: pngWithText(), name: 'b.png' },
    ]);
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({
      status: 201,
      body: null,
    });
    const day = beijingToday().replace(/-/g, '');
    expect(res.body.trackingNo).toMatch(new RegExp(`^JB-${day}-\\d{4}$`));
    expect(res.body.secret).toMatch(/^[\w-]{20,}$/);
    expect(res.body.photos).toBe(2);
    const id = await reportId(res.body.trackingNo);
    // the secret is stored hashed only
    const [row] = await t.dataSource.query(
      `SELECT secret_hash, division_id FROM public_report WHERE id = $1`,
      [id],
    );
    expect(row.secret_hash).not.toContain(res.body.secret);
    expect(row.division_id).not.toBeNull();

    const d = await detail(id);
    expect(d.status).toBe(200);
    expect(d.body.divisionName).toBe('六工镇');
    expect(d.body.photos).toHaveLength(2);
    for (const p of d.body.photos as { id: string; contentType: string }[]) {
      const file = await t.http
        .get(`/api/v1/public-reports/${id}/photos/${p.id}`)
        .set(eco)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const bytes = file.body as Buffer;
      const text = bytes.toString('latin1');
      expect(text).not.toMatch(/Exif|GPS|xmpmeta|tEXt/);
      if (p.contentType === 'image/jpeg') {
        expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
        expect(text).toContain('JFIF');
        expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
      } else expect(text).toContain('IDAT');
    }

    const track = await t.http
      .get('/api/v1/public/reports/track')
      .query({ number: res.body.trackingNo, secret: res.body.secret });
    expect(track.status).toBe(200);
    expect(track.body).toEqual(
      expect.objectContaining({ trackingNo: res.body.trackingNo, status: 'received', outcome: null }),
    );
    expect(track.body.timeline).toEqual([
      { action: 'received', on: beijingToday(), text: expect.any(String) },
    ]);

    const wrong = await t.http
      .get('/api/v1/public/reports/track')
      .query({ number: res.body.trackingNo, secret: 'not-the-secret-at-all' });
    const unknown = await t.http
      .get('/api/v1/public/reports/track')
      .query({ number: 'JB-20000101-0001', secret: res.body.secret });
    expectError(wrong, 404, 'NOT_FOUND');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.details).toEqual(unknown.body.details);
  });

  it('tells webhook subscribers of a received report in the intake transaction, without contact or secret', async () => {
    const created = await t.http
      .post('/api/v1/api-keys')
      .set(await t.auth('admin'))
      .send({ name: '举报转办平台', scope: 'read' });
    expect(created.status).toBe(201);
    const [subscription] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_subscription (api_key_id, url, events, secret)
       VALUES ($1, 'http://127.0.0.1:9/outfall', '{public_report_received}', 'whsec_test') RETURNING id`,
      [created.body.apiKey.id],
    );
    try {
      const res = await submit({ contact: '13900000000' });
      expect(res.status).toBe(201);
      const id = await reportId(res.body.trackingNo);
      const events = await t.dataSource.query<{ payload: Record<string, unknown> }[]>(
        `SELECT e.payload FROM webhook_event e JOIN webhook_delivery d ON d.event_id = e.id
          WHERE e.type = 'public_report_received' AND e.record_id = $1 AND d.subscription_id = $2`,
        [id, subscription.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({ id, trackingNo: res.body.trackingNo, photos: 0 });
      expect(JSON.stringify(events[0].payload)).not.toMatch(/13900000000|secret/);
    } finally {
      await t.dataSource.query(`UPDATE webhook_subscription SET active = false WHERE id = $1`, [
        subscription.id,
      ]);
    }
  });

  it('refuses bad proofs of work, reuse, bad input, wrong types, too many and too large photos', async () => {
    const c = await challenge();
    // wrong nonce: one whose hash starts with a 1 bit (no leading zero at all)
    let bad = 0;
    const { createHash } = await import('node:crypto');
    while (
      createHash('sha256')
        .update(c.challenge + bad)
        .digest()[0] < 0x80
    )
      bad++;
    expectError(
      await submit({}, [], undefined, { challenge: c.challenge, nonce: String(bad) }),
      400,
      'PUBLIC_REPORT_POW_INVALID',
    );
    // forged: a lower difficulty in a tampered challenge
    const parts = c.challenge.split('.');
    parts[1] = '0';
    expectError(
      await submit({}, [], undefined, { challenge: parts.join('.'), nonce: 'x' }),
      400,
      'PUBLIC_REPORT_POW_INVALID',
    );
    const good = { challenge: c.challenge, nonce: solve(c.challenge, c.bits) };
    expect((await submit({}, [], undefined, good)).status).toBe(201);
    expectError(await submit({}, [], undefined, good), 409, 'PUBLIC_REPORT_POW_REUSED');

    expectError(await submit({ longitude: '120.1' }), 400, 'PUBLIC_REPORT_OUTSIDE_CITY');
    const invalid = await submit({ description: 'x', latitude: 'north' });
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'description',
      'latitude',
    ]);
    expectError(
      await submit({}, [{ bytes: Buffer.from('GIF89a not really a jpeg'), name: 'photo.jpg' }]),
      415,
      'PUBLIC_REPORT_PHOTO_TYPE',
    );
    const big = Buffer.concat([jpegWithGps(), Buffer.alloc(5 * 1024 * 1024)]);
    expectError(await submit({}, [{ bytes: big, name: 'big.jpg' }]), 413, 'PAYLOAD_TOO_LARGE');
    const four = Array.from({ length: 4 }, (_, i) => ({ bytes: jpegWithGps(), name: `${i}.jpg` }));
    const tooMany = await submit({}, four);
    expect([400, 413]).toContain(tooMany.status);
    expect(tooMany.body.code).toEqual(expect.any(String));
  });

  it('limits submissions per client address (429 with Retry-After)', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 3; i++) expect((await submit({ anonymous: 'true' }, [], ip)).status).toBe(201);
    const refused = await submit({}, [], ip);
    expectError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not affected
    expect((await submit()).status).toBe(201);
  });

  it('triage: candidates, assignment with deadline, overdue, outcomes with links, jurisdiction, public view', async () => {
    const first = await submit({ contact: '联系人 张三' });
    const second = await submit({ description: '同一地点又看到排污，水是黑色的' });
    const a = await reportId(first.body.trackingNo);
    const b = await reportId(second.body.trackingNo);

    const d = await detail(b);
    expect(d.body.candidates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'outfall', id: outfall.id, distance: expect.any(Number) }),
        expect.objectContaining({ kind: 'report', id: a }),
      ]),
    );
    expect(d.body.candidates.find((c: { id: string }) => c.id === b)).toBeUndefined();

    // a township sees reports inside its division; another township does not
    const liugong = await t.auth('township_liugong');
    const sangong = await t.auth('township_sangong');
    expect((await detail(a, liugong)).status).toBe(200);
    expectError(await detail(a, sangong), 404, 'NOT_FOUND');
    // townships do not assign
    expectError(
      await t.http
        .post(`/api/v1/public-reports/${a}/assign`)
        .set(liugong)
        .send({ unitId: liugongUnit, version: 1 }),
      403,
      'FORBIDDEN',
    );

    // assignment: default deadline today + PUBLIC_REPORT_DUE_DAYS (15)
    const assigned = await t.http
      .post(`/api/v1/public-reports/${b}/assign`)
      .set(eco)
      .send({ unitId: sangongUnit, version: d.body.version, note: '内部备注：请三工镇核实' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual(
      expect.objectContaining({
        status: 'assigned',
        assignedUnitName: expect.any(String),
        dueOn: addDays(beijingToday(), 15),
        overdue: false,
      }),
    );
    // assigned to its unit: 三工镇 now sees it
    expect((await detail(b, sangong)).status).toBe(200);
    // overdue once the deadline has passed
    await t.dataSource.query(`UPDATE public_report SET due_on = $1 WHERE id = $2`, [
      addDays(beijingToday(), -1),
      b,
    ]);
    const overdue = await t.http.get('/api/v1/public-reports').query({ overdue: true }).set(eco);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toEqual([b]);
    expect(overdue.body.items[0].overdue).toBe(true);
    const byUnit = await t.http
      .get('/api/v1/public-reports')
      .query({ unitId: sangongUnit, sort: '-dueOn' })
      .set(sangong);
    expect(byUnit.body.total).toBe(1);

    // duplicate of the first report
    const v = (await detail(b)).body.version;
    expectError(
      await t.http
        .post(`/api/v1/public-reports/${b}/outcome`)
        .set(sangong)
        .send({ outcome: 'duplicate', publicReply: '与此前举报为同一问题', version: v }),
      400,
      'PUBLIC_REPORT_LINKS_INVALID',
    );
    const dup = await t.http.post(`/api/v1/public-reports/${b}/outcome`).set(sangong).send({
      outcome: 'duplicate',
      duplicateOfId: a,
      publicReply: '与此前举报为同一问题，已合并办理',
      version: v,
    });
    expect(dup.status).toBe(200);
    expect(dup.body).toEqual(
      expect.objectContaining({ status: 'closed', outcome: 'duplicate', duplicateOfId: a }),
    );

    // valid, with an enforcement case opened through the enforcement domain
    const va = (await detail(a)).body.version;
    const valid = await t.http
      .post(`/api/v1/public-reports/${a}/outcome`)
      .set(eco)
      .send({
        outcome: 'valid',
        outfallId: outfall.id,
        openCase: { kind: 'illegal_outfall' },
        note: '内部：王科长现场核查',
        publicReply: '经核查举报属实，已立案查处',
        version: va,
      });
    expect({ status: valid.status, body: valid.status === 200 ? null : valid.body }).toEqual({
      status: 200,
      body: null,
    });
    expect(valid.body.enforcementCaseId).toEqual(expect.any(String));
    const kase = await t.http.get(`/api/v1/enforcement/cases/${valid.body.enforcementCaseId}`).set(eco);
    expect(kase.body).toEqual(
      expect.objectContaining({
        origin: 'public_report',
        source: 'public_report',
        publicReportId: a,
        outfallId: outfall.id,
      }),
    );
    expectError(
      await t.http
        .post(`/api/v1/public-reports/${a}/outcome`)
        .set(eco)
        .send({ outcome: 'invalid', publicReply: '再次办理测试', version: valid.body.version }),
      409,
      'PUBLIC_REPORT_CLOSED',
    );

    // the reporter sees the outcome and reply, nothing internal
    const track = await t.http
      .get('/api/v1/public/reports/track')
      .query({ number: first.body.trackingNo, secret: first.body.secret });
    expect(track.body).toEqual(
      expect.objectContaining({ status: 'closed', outcome: 'valid', reply: '经核查举报属实，已立案查处' }),
    );
    const text = JSON.stringify(track.body);
    expect(text).not.toMatch(/王科长|内部|eco_officer|生态环境分局|联系人|ZF\d{4}/);
    const trackB = await t.http
      .get('/api/v1/public/reports/track')
      .query({ number: second.body.trackingNo, secret: second.body.secret });
    expect(trackB.body.timeline.map((s: { action: string }) => s.action)).toEqual([
      'received',
      'assign',
      'outcome',
    ]);
    expect(JSON.stringify(trackB.body)).not.toMatch(/内部备注|三工镇/);

    // every change is audited
    expect(await t.count('audit_log', `entity_type = 'public_report' AND entity_id = $1`, [a])).toBe(2);
    expect(await t.count('audit_log', `entity_type = 'public_report' AND entity_id = $1`, [b])).toBe(3);

    // GraphQL agrees
    const gql = await t.graphql(
      'eco_officer',
      `query($id: ID!) { publicReport(id: $id) { trackingNo status outcome enforcementCaseId } publicReportCandidates(id: $id) { kind id } }`,
      { id: a },
    );
    expect(gql.body.data.publicReport).toEqual({
      trackingNo: first.body.trackingNo,
      status: 'closed',
      outcome: 'valid',
      enforcementCaseId: valid.body.enforcementCaseId,
    });
  });

  it('feeds the assessment (handled on time per unit) and the dispatch report section', async () => {
    const today = beijingToday();
    const quarter = quarterName(quarterOf(today));
    // one report of 六工镇 due today and closed today: on time
    const r = await submit();
    const id = await reportId(r.body.trackingNo);
    const v1 = (await detail(id)).body.version;
    await t.http
      .post(`/api/v1/public-reports/${id}/assign`)
      .set(eco)
      .send({ unitId: liugongUnit, dueOn: today, version: v1 });
    const v2 = (await detail(id)).body.version;
    const closed = await t.http
      .post(`/api/v1/public-reports/${id}/outcome`)
      .set(await t.auth('township_liugong'))
      .send({ outcome: 'invalid', publicReply: '经现场核查，该处为雨水排口，未发现排污', version: v2 });
    expect(closed.status).toBe(200);

    const assessment = await t.http.get(`/api/v1/accountability/assessment?quarter=${quarter}`).set(eco);
    expect(assessment.status).toBe(200);
    const line = (unitId: string) =>
      (
        assessment.body.units as {
          unitId: string;
          lines: { key: string; applicable: boolean; value: number | null; detail: unknown }[];
        }[]
      )
        .find((u) => u.unitId === unitId)
        ?.lines.find((l) => l.key === 'publicReports');
    expect(line(liugongUnit)).toEqual(
      expect.objectContaining({
        applicable: true,
        value: 1,
        detail: expect.objectContaining({ due: 1, onTime: 1 }),
      }),
    );
    // 三工镇's duplicate was closed after its (moved) deadline: not on time
    expect(line(sangongUnit)).toEqual(expect.objectContaining({ applicable: true, value: 0 }));

    const q = parseQuarter(quarter);
    expect(q).not.toBeNull();
    const tables = await t.app
      .get(PublicReportsFigures)
      .load({ quarter, asOf: today, computedAt: new Date() });
    expect(tables.map((x) => x.title)).toEqual(['公众举报（按乡镇）', '公众举报（按承办单位）']);
    const total = tables[0].rows.at(-1) as Record<string, number>;
    expect(total).toEqual(
      expect.objectContaining({ name: '合计', valid: 1, invalid: 1, duplicate: 1, overdue: 1 }),
    );
    expect(total['received']).toBeGreaterThanOrEqual(8);
    const liugongRow = tables[0].rows.find((x) => x['name'] === '六工镇') as Record<string, number>;
    expect(liugongRow['received']).toBe(total['received']);
    const unitRow = tables[1].rows.find((x) => x['key'] === liugongUnit) as Record<string, number>;
    expect(unitRow).toEqual(expect.objectContaining({ due: 1, onTime: 1, rate: 1 }));
  });

  it('seeds demo reports in every state next to demo outfalls (once)', async () => {
    await t.dataSource.query(`DELETE FROM public_report`);
    const seeder = t.app.get(PublicReportsDemoSeeder);
    expect(await seeder.run()).toEqual({ reports: 5 });
    expect(await seeder.run()).toEqual({ reports: 0 });
    const rows = await t.dataSource.query<{ status: string; outcome: string | null; overdue: boolean }[]>(
      `SELECT status, outcome, COALESCE(due_on < $1::date AND status <> 'closed', false) AS overdue FROM public_report WHERE demo ORDER BY received_on DESC`,
      [beijingToday()],
    );
    expect(rows.map((r) => [r.status, r.outcome, r.overdue])).toEqual([
      ['received', null, false],
      ['assigned', null, false],
      ['closed', 'invalid', false],
      ['assigned', null, true],
      ['closed', 'valid', false],
    ]);
    const list = await t.http.get('/api/v1/public-reports').query({ overdue: true }).set(eco);
    expect(list.body.total).toBe(1);
  });

  it('documents the routes with response schemas in OpenAPI', async () => {
    const doc = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    for (const [path, method, status] of [
      ['/api/v1/public/reports', 'post', '201'],
      ['/api/v1/public/reports/challenge', 'get', '200'],
      ['/api/v1/public/reports/track', 'get', '200'],
      ['/api/v1/public-reports', 'get', '200'],
      ['/api/v1/public-reports/{id}', 'get', '200'],
      ['/api/v1/public-reports/{id}/assign', 'post', '200'],
      ['/api/v1/public-reports/{id}/outcome', 'post', '200'],
    ])
      expect(JSON.stringify(doc.paths[path]?.[method]?.responses[status]?.content)).toContain('$ref');
  });
});
