import { connect, Socket } from 'node:net';
import { buildUpload, encodeFrame, FrameReader, Hj212Server } from '@outfall/hj212';
import { Division } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

type Headers = { Authorization: string };

const MN = '010000A8900016F000169DC0';
const PW = '123456';

/** A monitoring station: a TCP client that sends HJ 212 packets and reads the platform's answers. */
class Station {
  private readonly reader = new FrameReader(9999);
  private readonly answers: string[] = [];
  private waiting: ((answer: string) => void) | null = null;
  closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.reader.push(chunk)) {
        if (event.kind !== 'frame') continue;
        const text = event.segment.toString();
        if (this.waiting) {
          const resolve = this.waiting;
          this.waiting = null;
          resolve(text);
        } else this.answers.push(text);
      }
    });
  }

  static open(port: number): Promise<Station> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new Station(socket)));
      socket.once('error', reject);
    });
  }

  send(data: Buffer | string): void {
    this.socket.write(data);
  }

  /** The next answer's data segment (fails after 5 s). */
  answer(): Promise<string> {
    const ready = this.answers.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5000);
      this.waiting = (text) => {
        clearTimeout(timer);
        resolve(text);
      };
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

const upload = (
  qn: string,
  cn: string,
  dataTime: string,
  readings: { code: string; value: number; flag?: string }[],
  extra: { pw?: string; flag?: number; mn?: string } = {},
) =>
  buildUpload({
    qn,
    cn,
    pw: extra.pw ?? PW,
    mn: extra.mn ?? MN,
    flag: extra.flag,
    dataTime,
    readings,
  });

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('HJ 212-2017 online-monitoring ingest', () => {
  let t: TestApp;
  let eco: Headers;
  let port: number;
  let server: Hj212Server;
  let outfallId: string;
  let monitorId: string;

  const samples = async () =>
    (await t.http.get(`/api/v1/samples?outfallId=${outfallId}&source=online&sort=sampledAt`).set(eco))
      .body as {
      items: {
        id: string;
        sampledAt: string;
        source: string;
        exceeding: boolean;
        values: { indicatorCode: string; value: number; compliant: boolean | null }[];
      }[];
      total: number;
    };

  beforeAll(async () => {
    const env = {
      HJ212_IDLE_TIMEOUT_MS: '1500',
      HJ212_MAX_CONNECTIONS: '4',
      HJ212_MAX_ERRORS_PER_CONNECTION: '5',
    };
    const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      t = await TestApp.create();
    } finally {
      for (const [k, v] of Object.entries(previous)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    eco = await t.auth('eco_officer');
    const liugong = await t.dataSource.getRepository(Division).findOneByOrFail({ name: '六工镇' });
    const water = await t.http
      .post('/api/v1/water-bodies')
      .set(eco)
      .send({
        code: 'HJ212',
        name: '在线监测测试河',
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
    expect(water.status).toBe(201);
    const d = 0.05;
    const zone = await t.http
      .post('/api/v1/function-zones')
      .set(eco)
      .send({
        name: '在线监测功能区',
        waterBodyId: water.body.id,
        targetClass: 'III',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [87.6 - d, 44.05 - d],
              [87.6 + d, 44.05 - d],
              [87.6 + d, 44.05 + d],
              [87.6 - d, 44.05 + d],
              [87.6 - d, 44.05 - d],
            ],
          ],
        },
      });
    expect(zone.status).toBe(201);
    // a WWTP into class III water: GB 18918 grade 1B, COD ≤ 60
    const outfall = await t.http.post('/api/v1/outfalls').set(eco).send({
      name: '在线监测污水处理厂排口',
      category: 'urban_wwtp',
      subType: 'urban_wwtp',
      divisionId: liugong.id,
      discoveredOn: '2023-09-01',
      longitude: 87.601,
      latitude: 44.05,
      waterBodyId: water.body.id,
    });
    expect(outfall.status).toBe(201);
    outfallId = outfall.body.id;
    server = t.app.get(Hj212Server);
    port = await server.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('registers a station (MN unique, PW hashed, audited) over REST and GraphQL', async () => {
    const bad = await t.http
      .post('/api/v1/online-monitors')
      .set(eco)
      .send({ mn: 'bad mn!', outfallId, name: 'x', password: '12' });
    expectError(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['mn', 'password']);
    const res = await t.http
      .post('/api/v1/online-monitors')
      .set(eco)
      .send({ mn: MN, outfallId, name: '某仪器 COD/氨氮在线监测仪', password: PW });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mn: MN, outfallId, active: true, version: 1 });
    expect(res.body.passwordHash).toBeUndefined();
    monitorId = res.body.id;
    const again = await t.http
      .post('/api/v1/online-monitors')
      .set(eco)
      .send({ mn: MN, outfallId, name: 'dup', password: PW });
    expectError(again, 409, 'CONFLICT');
    const [{ hash }] = await t.dataSource.query(
      `SELECT password_hash AS hash FROM online_monitor WHERE id = $1`,
      [monitorId],
    );
    expect(hash).toMatch(/^scrypt\$/);
    const audit = await t.dataSource.query(
      `SELECT action, after FROM audit_log WHERE entity_type = 'online_monitor' AND entity_id = $1`,
      [monitorId],
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0].after)).not.toContain('scrypt');
    const gql = await t.graphql(
      'eco_officer',
      `{ onlineMonitors(filter: { q: "A89000" }) { total items { mn outfallCode active } } }`,
    );
    expect(gql.body.data.onlineMonitors).toMatchObject({ total: 1, items: [{ mn: MN, active: true }] });
    // a township outside the outfall's division sees none
    const other = await t.http.get('/api/v1/online-monitors').set(await t.auth('township_sangong'));
    expect(other.body.total).toBe(0);
  });

  it('stores real-time and hourly uploads as online samples, assessed, answering 9014 when asked', async () => {
    const station = await Station.open(port);
    try {
      station.send(
        upload('20240501100000001', '2061', '20240501100000', [
          { code: 'w01018', value: 80 },
          { code: 'w21003', value: 3.5, flag: 'D' },
          { code: 'w00000', value: 1.5 },
          { code: 'w99999', value: 1 },
        ]),
      );
      expect(await station.answer()).toBe(
        `QN=20240501100000001;ST=91;CN=9014;PW=${PW};MN=${MN};Flag=4;CP=&&&&`,
      );
      // real-time data without Flag bit A: stored, no answer
      station.send(
        upload('20240501103000001', '2011', '20240501103000', [{ code: 'w01018', value: 20 }], { flag: 4 }),
      );
      const list = await eventually(samples, (s) => s.total === 2);
      expect(list.items.map((s) => [s.sampledAt, s.source, s.exceeding])).toEqual([
        ['2024-05-01T02:00:00.000Z', 'online', true],
        ['2024-05-01T02:30:00.000Z', 'online', false],
      ]);
      const hourly = list.items[0];
      // the D-flagged NH3-N and the unmapped code are kept in the packet, not assessed
      expect(hourly.values.map((v) => [v.indicatorCode, v.value, v.compliant])).toEqual([
        ['cod', 80, false],
        ['flow', 129.6, null],
      ]);
      const packets = await t.http.get(`/api/v1/online-monitors/${monitorId}/packets`).set(eco);
      expect({ status: packets.status, body: packets.status === 200 ? null : packets.body }).toEqual({
        status: 200,
        body: null,
      });
      expect(packets.body.total).toBe(2);
      const stored = packets.body.items.find((p: { cn: string }) => p.cn === '2061');
      expect(stored.sampleId).toBe(hourly.id);
      expect(stored.readings).toEqual([
        { code: 'w01018', indicator: 'cod', value: 80, flag: 'N', used: true },
        { code: 'w21003', indicator: 'nh3n', value: 3.5, flag: 'D', used: false },
        { code: 'w00000', indicator: 'flow', value: 129.6, flag: 'N', used: true },
        { code: 'w99999', indicator: null, value: null, flag: 'N', used: false },
      ]);
      // an online monitor's packet is a machine batch: one audit row for it, naming the monitor and the sample
      const audit = await t.dataSource.query(
        `SELECT actor_name, action, after -> 'via' AS via, after -> 'samplesCreated' AS created FROM audit_log
          WHERE entity_type = 'sample_batch' AND after -> 'sampleIds' @> $1::jsonb`,
        [JSON.stringify([hourly.id])],
      );
      expect(audit).toEqual([{ actor_name: `HJ 212 ${MN}`, action: 'ingest', via: 'hj212', created: 1 }]);
      expect(await t.count('audit_log', `entity_type = 'sample' AND entity_id = $1`, [hourly.id])).toBe(0);
    } finally {
      station.close();
    }
  });

  it('stores a packet sent again once, answers it again, refuses a wrong password and a bad CRC', async () => {
    const station = await Station.open(port);
    try {
      const before = server.stats();
      const packet = upload('20240501110000001', '2061', '20240501110000', [{ code: 'w01018', value: 30 }]);
      station.send(packet);
      expect(await station.answer()).toContain('CN=9014');
      station.send(packet);
      expect(await station.answer()).toContain('CN=9014');
      expect(await t.count('hj212_packet', `qn = '20240501110000001'`)).toBe(1);
      station.send(
        upload('20240501120000001', '2061', '20240501120000', [{ code: 'w01018', value: 30 }], {
          pw: '654321',
        }),
      );
      expect(await station.answer()).toBe(
        `QN=20240501120000001;ST=91;CN=9011;PW=654321;MN=${MN};Flag=4;CP=&&QnRtn=3&&`,
      );
      station.send(
        upload('20240501120000002', '2061', '20240501120000', [{ code: 'w01018', value: 30 }], {
          mn: 'UNKNOWN01',
        }),
      );
      expect(await station.answer()).toContain('QnRtn=4');
      const bad = upload('20240501130000001', '2061', '20240501130000', [{ code: 'w01018', value: 30 }]);
      bad[bad.length - 3] = bad[bad.length - 3] === 0x30 ? 0x31 : 0x30;
      station.send(bad);
      expect(await station.answer()).toContain('QnRtn=9');
      const after = server.stats();
      expect({
        accepted: after.accepted - before.accepted,
        duplicates: after.duplicates - before.duplicates,
        refused: after.refused - before.refused,
        crcErrors: after.crcErrors - before.crcErrors,
      }).toEqual({ accepted: 1, duplicates: 1, refused: 2, crcErrors: 1 });
      const list = await samples();
      expect(list.items.map((s) => s.sampledAt)).not.toContain('2024-05-01T04:00:00.000Z');
      expect(list.items.map((s) => s.sampledAt)).not.toContain('2024-05-01T05:00:00.000Z');
      const stats = await t.http.get('/api/v1/online-monitors/stats').set(eco);
      expect(stats.body).toMatchObject({ listening: true, port, duplicates: after.duplicates });
    } finally {
      station.close();
    }
  });

  it('survives garbage, oversize headers and silent clients: counts them and closes the connection', async () => {
    const before = server.stats();
    const hostile = await Station.open(port);
    // a megabyte of noise, oversize and broken headers: the server keeps no more than a packet's worth
    hostile.send(Buffer.alloc(256 * 1024, 'x'));
    hostile.send('##9999' + 'y'.repeat(100));
    hostile.send('##12ab');
    hostile.send(encodeFrame('QN=1;no CP here'));
    for (let i = 0; i < 10; i++) hostile.send(Buffer.alloc(64 * 1024, 'z'));
    await hostile.closed;
    const after = server.stats();
    expect(after.framingErrors - before.framingErrors).toBeGreaterThanOrEqual(5);
    expect(after.dropped).toBeGreaterThan(before.dropped);

    // a half-sent packet is dropped after the idle timeout (1.5 s here)
    const silent = await Station.open(port);
    silent.send('##0100QN=2024');
    const started = Date.now();
    await silent.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    // at most HJ212_MAX_CONNECTIONS (4 here) at once; the platform still serves the good station
    const many = await Promise.all([1, 2, 3, 4, 5].map(() => Station.open(port)));
    await Promise.race([Promise.race(many.map((s) => s.closed)), new Promise((r) => setTimeout(r, 2000))]);
    expect(server.stats().connections).toBeLessThanOrEqual(4);
    many.forEach((s) => s.close());
    await Promise.all(many.map((s) => s.closed));
    const good = await Station.open(port);
    good.send(upload('20240501140000001', '2061', '20240501140000', [{ code: 'w01018', value: 40 }]));
    expect(await good.answer()).toContain('CN=9014');
    good.close();
  });

  it('refuses packets of an inactive station', async () => {
    const current = await t.http.get(`/api/v1/online-monitors/${monitorId}`).set(eco);
    const off = await t.http
      .patch(`/api/v1/online-monitors/${monitorId}`)
      .set(eco)
      .send({ active: false, version: current.body.version });
    expect({ status: off.status, body: off.status === 200 ? null : off.body }).toEqual({
      status: 200,
      body: null,
    });
    const station = await Station.open(port);
    station.send(upload('20240501150000001', '2061', '20240501150000', [{ code: 'w01018', value: 40 }]));
    expect(await station.answer()).toContain('QnRtn=4');
    station.close();
  });
});
