/**
 * HJ 212-2017 (污染物在线监控（监测）系统数据传输标准) packet codec: pure functions, no I/O.
 *
 * A packet is `##` + the data segment's length in bytes as 4 decimal digits + the data segment + its CRC16
 * as 4 hex digits + CR LF. The data segment is `QN=…;ST=…;CN=…;PW=…;MN=…;Flag=…;CP=&&…&&`.
 */

/** Command codes (CN) this platform reads, and the ones it answers with. */
export enum Hj212Command {
  RealTime = '2011',
  Minute = '2051',
  Hourly = '2061',
  Daily = '2031',
  /** 请求应答: the answer to a request (QnRtn) */
  RequestAnswer = '9011',
  /** 数据应答: the answer to an upload that asked for one */
  DataAnswer = '9014',
}

/** The uploads whose readings become samples. */
export const DATA_COMMANDS: ReadonlySet<string> = new Set([
  Hj212Command.RealTime,
  Hj212Command.Minute,
  Hj212Command.Hourly,
  Hj212Command.Daily,
]);

/** QnRtn values of a request answer (CN 9011), HJ 212-2017 table 4. */
export enum QnRtn {
  Ready = '1',
  Refused = '2',
  PasswordError = '3',
  MnError = '4',
  StError = '5',
  FlagError = '6',
  QnError = '7',
  CnError = '8',
  CrcError = '9',
  Unknown = '100',
}

/** The system type of answers (ST=91, 系统交互). */
export const ST_SYSTEM = '91';

/** The standard's limit of the length field (4 digits). */
export const MAX_LENGTH_FIELD = 9999;

/**
 * CRC16 per the standard's appendix (not the Modbus CRC): register 0xFFFF; per byte the register is shifted
 * right by 8 and XORed with the byte, then 8 rounds of `reg & 1 ? (reg >> 1) ^ 0xA001 : reg >> 1`.
 */
export function crc16(data: Buffer | string): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let reg = 0xffff;
  for (const byte of bytes) {
    reg = (reg >> 8) ^ byte;
    for (let i = 0; i < 8; i++) reg = reg & 1 ? (reg >> 1) ^ 0xa001 : reg >> 1;
  }
  return reg;
}

export function crcHex(data: Buffer | string): string {
  return crc16(data).toString(16).toUpperCase().padStart(4, '0');
}

/** Wraps a data segment into a packet (`##` + length + segment + CRC + CRLF). */
export function encodeFrame(segment: string): Buffer {
  const body = Buffer.from(segment, 'utf8');
  if (body.length > MAX_LENGTH_FIELD) throw new Error(`data segment of ${body.length} bytes exceeds 9999`);
  return Buffer.concat([
    Buffer.from(`##${String(body.length).padStart(4, '0')}`, 'ascii'),
    body,
    Buffer.from(`${crcHex(body)}\r\n`, 'ascii'),
  ]);
}

export type FrameErrorKind = 'garbage' | 'length' | 'oversize' | 'terminator' | 'crc';

/** What the stream reader found: a packet's data segment, or a framing error. */
export type FrameEvent =
  | { kind: 'frame'; segment: Buffer }
  | { kind: 'error'; error: FrameErrorKind; bytes: number; segment?: Buffer };

/**
 * Reads packets out of a byte stream. Bytes before `##` are garbage (reported once per run); a bad length
 * field, a length over `maxSegment`, a missing CR LF or a bad CRC are reported and the reader resynchronises
 * on the next `##`. The buffer never holds more than one packet's worth of bytes plus one chunk.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxSegment: number) {}

  /** Bytes held, waiting for the rest of a packet. */
  get buffered(): number {
    return this.buffer.length;
  }

  push(chunk: Buffer): FrameEvent[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const events: FrameEvent[] = [];
    for (;;) {
      const start = this.buffer.indexOf('##');
      if (start < 0) {
        // keep a trailing '#', which may start the next header
        const keep = this.buffer.length && this.buffer[this.buffer.length - 1] === 0x23 ? 1 : 0;
        const dropped = this.buffer.length - keep;
        if (dropped > 0) events.push({ kind: 'error', error: 'garbage', bytes: dropped });
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
        return events;
      }
      if (start > 0) {
        events.push({ kind: 'error', error: 'garbage', bytes: start });
        this.buffer = this.buffer.subarray(start);
      }
      if (this.buffer.length < 6) return events;
      const lengthText = this.buffer.subarray(2, 6).toString('latin1');
      if (!/^\d{4}$/.test(lengthText)) {
        events.push({ kind: 'error', error: 'length', bytes: 2 });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const length = Number(lengthText);
      if (length > this.maxSegment) {
        events.push({ kind: 'error', error: 'oversize', bytes: 6 });
        this.buffer = this.buffer.subarray(6);
        continue;
      }
      const total = 6 + length + 4 + 2;
      if (this.buffer.length < total) return events;
      const segment = this.buffer.subarray(6, 6 + length);
      const crcText = this.buffer.subarray(6 + length, 10 + length).toString('latin1');
      const terminator = this.buffer.subarray(10 + length, total).toString('latin1');
      if (terminator !== '\r\n') {
        events.push({ kind: 'error', error: 'terminator', bytes: 2 });
        this.buffer = this.buffer.subarray(2);
        continue;
      }
      const copy = Buffer.from(segment);
      this.buffer = this.buffer.subarray(total);
      if (!/^[0-9A-Fa-f]{4}$/.test(crcText) || parseInt(crcText, 16) !== crc16(copy)) {
        events.push({ kind: 'error', error: 'crc', bytes: total, segment: copy });
        continue;
      }
      events.push({ kind: 'frame', segment: copy });
    }
  }
}

/** A reading of one pollutant in CP: `w01018-Avg=12.3,w01018-Flag=N`. */
export interface Hj212Reading {
  code: string;
  /** Rtd for real-time data, Avg for minute/hourly/daily data; null when the packet has neither */
  value: number | null;
  /** Every field of the pollutant as sent (Rtd, Avg, Min, Max, Cou, Flag, …) */
  fields: Record<string, string>;
  /** The data flag (N normal, F stopped, M maintenance, S set by hand, D fault, C calibration, T over range, B comms); N when absent */
  flag: string;
}

export interface Hj212Packet {
  qn: string | null;
  st: string | null;
  cn: string | null;
  pw: string | null;
  mn: string | null;
  flag: number | null;
  /** CP's key=value pairs that belong to no pollutant (DataTime, RtdInterval, QnRtn, …) */
  cp: Record<string, string>;
  readings: Hj212Reading[];
  /** DataTime (yyyyMMddHHmmss, Beijing time) as an instant; null when absent or impossible */
  dataTime: Date | null;
}

export class Hj212ParseError extends Error {}

/** Flag bit A (bit 0): the sender wants an answer. */
export function wantsAnswer(flag: number | null): boolean {
  return flag !== null && (flag & 1) === 1;
}

/** `20160801085857` (Beijing) → the instant, or null when it is not a real date-time. */
export function parseDataTime(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7]) : 0;
  const utc = Date.UTC(y, mo - 1, d, h - 8, mi, s, ms);
  const check = new Date(utc + 8 * 3600_000);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    mi > 59 ||
    s > 59
  )
    return null;
  return new Date(utc);
}

/** The instant as `yyyyMMddHHmmssSSS` in Beijing time (a QN). */
export function formatQn(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${b.getUTCFullYear()}${p(b.getUTCMonth() + 1)}${p(b.getUTCDate())}${p(b.getUTCHours())}${p(
    b.getUTCMinutes(),
  )}${p(b.getUTCSeconds())}${p(b.getUTCMilliseconds(), 3)}`;
}

const VALUE_KEYS: Record<string, string[]> = {
  [Hj212Command.RealTime]: ['Rtd', 'Avg'],
};

/**
 * Parses a data segment (already CRC-checked). The header fields are `;`-separated `key=value` pairs up to
 * `CP=&&`; CP holds `;`-separated groups of `,`-separated `code-Field=value` pairs (or plain `Key=value`).
 */
export function parseSegment(segment: string): Hj212Packet {
  const cpStart = segment.indexOf('CP=&&');
  if (cpStart < 0) throw new Hj212ParseError('the data segment has no CP=&&…&&');
  const cpEnd = segment.lastIndexOf('&&');
  if (cpEnd < cpStart + 5) throw new Hj212ParseError('CP is not closed by &&');
  const header: Record<string, string> = {};
  for (const part of segment.slice(0, cpStart).split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Hj212ParseError(`bad header field "${part.slice(0, 40)}"`);
    header[part.slice(0, eq)] = part.slice(eq + 1);
  }
  const cp: Record<string, string> = {};
  const byCode = new Map<string, Record<string, string>>();
  for (const group of segment.slice(cpStart + 5, cpEnd).split(';')) {
    for (const pair of group.split(',')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Hj212ParseError(`bad CP field "${pair.slice(0, 40)}"`);
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const dash = key.indexOf('-');
      if (dash > 0) {
        const code = key.slice(0, dash);
        const fields = byCode.get(code) ?? {};
        fields[key.slice(dash + 1)] = value;
        byCode.set(code, fields);
      } else cp[key] = value;
    }
  }
  const cn = header['CN'] ?? null;
  const keys = VALUE_KEYS[cn ?? ''] ?? ['Avg', 'Rtd'];
  const readings: Hj212Reading[] = [...byCode].map(([code, fields]) => {
    const text = keys.map((k) => fields[k]).find((v) => v !== undefined);
    const value = text !== undefined && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
    return { code, value, fields, flag: fields['Flag'] ?? 'N' };
  });
  const flagText = header['Flag'];
  return {
    qn: header['QN'] ?? null,
    st: header['ST'] ?? null,
    cn,
    pw: header['PW'] ?? null,
    mn: header['MN'] ?? null,
    flag: flagText !== undefined && /^\d{1,3}$/.test(flagText) ? Number(flagText) : null,
    cp,
    readings,
    dataTime: cp['DataTime'] ? parseDataTime(cp['DataTime']) : null,
  };
}

/** The data answer (CN 9014) to an upload that asked for one. */
export function dataAnswer(packet: Pick<Hj212Packet, 'qn' | 'pw' | 'mn'>): Buffer {
  return encodeFrame(
    `QN=${packet.qn ?? ''};ST=${ST_SYSTEM};CN=${Hj212Command.DataAnswer};PW=${packet.pw ?? ''};MN=${
      packet.mn ?? ''
    };Flag=4;CP=&&&&`,
  );
}

/** The request answer (CN 9011) with its QnRtn. */
export function requestAnswer(packet: Pick<Hj212Packet, 'qn' | 'pw' | 'mn'>, rtn: QnRtn): Buffer {
  return encodeFrame(
    `QN=${packet.qn ?? ''};ST=${ST_SYSTEM};CN=${Hj212Command.RequestAnswer};PW=${packet.pw ?? ''};MN=${
      packet.mn ?? ''
    };Flag=4;CP=&&QnRtn=${rtn}&&`,
  );
}

/** A station's upload (for the simulator and the bench): the readings as `code → {Avg|Rtd, Flag}`. */
export function buildUpload(input: {
  qn: string;
  cn: string;
  pw: string;
  mn: string;
  st?: string;
  flag?: number;
  dataTime: string;
  readings: { code: string; value: number; flag?: string }[];
}): Buffer {
  const field = input.cn === Hj212Command.RealTime ? 'Rtd' : 'Avg';
  const groups = input.readings.map((r) => `${r.code}-${field}=${r.value},${r.code}-Flag=${r.flag ?? 'N'}`);
  return encodeFrame(
    `QN=${input.qn};ST=${input.st ?? '32'};CN=${input.cn};PW=${input.pw};MN=${input.mn};Flag=${
      input.flag ?? 5
    };CP=&&DataTime=${input.dataTime};${groups.join(';')}&&`,
  );
}
