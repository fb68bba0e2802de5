import {
  buildUpload,
  crcHex,
  dataAnswer,
  encodeFrame,
  FrameReader,
  parseDataTime,
  parseSegment,
  QnRtn,
  requestAnswer,
  wantsAnswer,
} from './hj212.codec';
import { pollutantTable } from './pollutant-codes';

/** The standard's worked example (HJ 212-2017 appendix A). */
const EXAMPLE =
  'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&';

describe('HJ 212-2017 codec', () => {
  it('computes the CRC of the standard’s worked example (1C80), not the Modbus CRC', () => {
    expect(crcHex(EXAMPLE)).toBe('1C80');
    expect(encodeFrame(EXAMPLE).toString('latin1')).toBe(`##0101${EXAMPLE}1C80\r\n`);
  });

  it('parses the header, CP and readings with their flags', () => {
    const packet = parseSegment(
      'QN=20240501100000001;ST=32;CN=2061;PW=123456;MN=MN001;Flag=5;CP=&&DataTime=20240501100000;' +
        'w01018-Avg=52.5,w01018-Min=40,w01018-Max=60,w01018-Flag=N;w21003-Avg=3.1,w21003-Flag=M;w00000-Avg=1.5&&',
    );
    expect(packet).toMatchObject({
      qn: '20240501100000001',
      st: '32',
      cn: '2061',
      pw: '123456',
      mn: 'MN001',
    });
    expect(wantsAnswer(packet.flag)).toBe(true);
    expect(packet.dataTime?.toISOString()).toBe('2024-05-01T02:00:00.000Z');
    expect(packet.readings.map((r) => [r.code, r.value, r.flag])).toEqual([
      ['w01018', 52.5, 'N'],
      ['w21003', 3.1, 'M'],
      ['w00000', 1.5, 'N'],
    ]);
    expect(packet.readings[0].fields).toEqual({ Avg: '52.5', Min: '40', Max: '60', Flag: 'N' });
  });

  it('reads Rtd for real-time data and flags without an answer', () => {
    const packet = parseSegment(
      'QN=1;ST=32;CN=2011;PW=1;MN=M;Flag=4;CP=&&DataTime=20240501100030;w01001-Rtd=7.2,w01001-Flag=N&&',
    );
    expect(packet.readings[0].value).toBe(7.2);
    expect(wantsAnswer(packet.flag)).toBe(false);
  });

  it('refuses a segment without CP and impossible date-times', () => {
    expect(() => parseSegment('QN=1;ST=32;CN=2011')).toThrow(/CP/);
    expect(parseDataTime('20240230100000')).toBeNull();
    expect(parseDataTime('2024050110')).toBeNull();
  });

  it('builds answers whose frames check', () => {
    const reader = new FrameReader(1024);
    const events = reader.push(
      Buffer.concat([
        dataAnswer({ qn: '1', pw: 'p', mn: 'm' }),
        requestAnswer({ qn: '1', pw: 'p', mn: 'm' }, QnRtn.PasswordError),
      ]),
    );
    expect(events.map((e) => (e.kind === 'frame' ? e.segment.toString() : e.error))).toEqual([
      'QN=1;ST=91;CN=9014;PW=p;MN=m;Flag=4;CP=&&&&',
      'QN=1;ST=91;CN=9011;PW=p;MN=m;Flag=4;CP=&&QnRtn=3&&',
    ]);
  });

  it('reads packets split across chunks and resynchronises after garbage, bad lengths and bad CRCs', () => {
    const good = buildUpload({
      qn: '1',
      cn: '2061',
      pw: 'p',
      mn: 'm',
      dataTime: '20240501100000',
      readings: [{ code: 'w01018', value: 10 }],
    });
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 3] = badCrc[badCrc.length - 3] === 0x30 ? 0x31 : 0x30;
    const reader = new FrameReader(1024);
    const stream = Buffer.concat([
      Buffer.from('hello'),
      good,
      Buffer.from('##12ab'),
      badCrc,
      Buffer.from('##9999'),
      good.subarray(0, 10),
    ]);
    const events = [...reader.push(stream.subarray(0, 7)), ...reader.push(stream.subarray(7))];
    expect(events.map((e) => (e.kind === 'frame' ? 'frame' : e.error))).toEqual([
      'garbage',
      'frame',
      'length',
      'garbage',
      'crc',
      'oversize',
    ]);
    expect(reader.buffered).toBe(10);
    const rest = reader.push(good.subarray(10));
    expect(rest.map((e) => e.kind)).toEqual(['frame']);
    expect(reader.buffered).toBe(0);
  });

  it('refuses a packet whose length does not reach CR LF', () => {
    const good = encodeFrame('QN=1;CP=&&&&');
    const wrong = Buffer.from(good.toString('latin1').replace('##0012', '##0010'), 'latin1');
    const events = new FrameReader(1024).push(wrong);
    expect(events[0]).toMatchObject({ kind: 'error', error: 'terminator' });
  });

  it('maps pollutant codes, with overrides', () => {
    const table = pollutantTable('w01018=bod5,w00000=flow*3.6,w21011=,w01009=ss');
    expect(table.get('w01018')).toEqual({ code: 'w01018', indicator: 'bod5', factor: 1 });
    expect(table.get('w00000')?.factor).toBe(3.6);
    expect(table.has('w21011')).toBe(false);
    expect(table.get('w21003')?.indicator).toBe('nh3n');
    expect(table.get('w01009')?.indicator).toBe('ss');
    expect(() => pollutantTable('nonsense')).toThrow(/HJ212_POLLUTANT_CODES/);
  });
});
