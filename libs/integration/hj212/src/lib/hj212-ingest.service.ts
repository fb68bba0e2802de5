import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal, RequestContextStore } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { PasswordHasher } from '@outfall/iam';
import { impossible, Indicator, IndicatorsService, SampleRow, SamplesService } from '@outfall/monitoring';
import { Permission, SampleSource, ValueQualifier } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { DATA_COMMANDS, Hj212Packet, QnRtn } from './hj212.codec';
import { OnlineMonitorsService } from './online-monitors.service';
import { PollutantMapping, pollutantTable } from './pollutant-codes';

/** Instrument clocks drift: DataTime may be this far ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** How long a monitor read from the database is trusted (changes in this process clear it at once). */
const MONITOR_TTL_MS = 10_000;
const QN_PATTERN = /^\d{17}$/;

interface MonitorRow {
  id: string;
  mn: string;
  name: string;
  outfall_id: string;
  password_hash: string;
  active: boolean;
  version: number;
  outfall_status: string;
}

export type IngestOutcome =
  | { status: 'accepted'; sampleId: string | null; values: number }
  | { status: 'duplicate' }
  | { status: 'refused'; rtn: QnRtn; reason: string }
  /** a command other than a data upload: nothing stored */
  | { status: 'ignored'; rtn: QnRtn };

/**
 * Turns a checked HJ 212 packet into a sample: the monitor (MN) and its password (PW), the packet's key
 * (MN + QN + CN) stored once, readings flagged N mapped to indicators and written through the monitoring
 * domain (source `online`, assessed like any other sample), all in one short transaction.
 */
@Injectable()
export class Hj212IngestService {
  private readonly table: Map<string, PollutantMapping>;
  private readonly monitors = new Map<string, { row: MonitorRow | null; at: number }>();
  /** monitor id + version → SHA-256 of the PW that verified, so scrypt runs once per monitor, not per packet */
  private readonly verified = new Map<string, string>();
  /** monitor id + version + SHA-256 of PWs that failed */
  private readonly refused = new Set<string>();
  private catalogue: { map: Map<string, Indicator>; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly samples: SamplesService,
    private readonly indicators: IndicatorsService,
    private readonly registry: OnlineMonitorsService,
    private readonly hasher: PasswordHasher,
    config: AppConfig,
  ) {
    this.table = pollutantTable(config.HJ212_POLLUTANT_CODES);
    registry.onChange(() => {
      this.monitors.clear();
      this.verified.clear();
      this.refused.clear();
    });
  }

  private async monitor(mn: string): Promise<MonitorRow | null> {
    const cached = this.monitors.get(mn);
    if (cached && Date.now() - cached.at < MONITOR_TTL_MS) return cached.row;
    const [row] = await this.dataSource.query<MonitorRow[]>(
      `SELECT m.id, m.mn, m.name, m.outfall_id, m.password_hash, m.active, m.version, o.status AS outfall_status
         FROM online_monitor m JOIN outfall o ON o.id = m.outfall_id WHERE m.mn = $1`,
      [mn],
    );
    if (this.monitors.size > 10_000) this.monitors.clear();
    this.monitors.set(mn, { row: row ?? null, at: Date.now() });
    return row ?? null;
  }

  /** The indicator catalogue, read at most every MONITOR_TTL_MS (admins rarely change it). */
  private async indicatorCatalogue(): Promise<Map<string, Indicator>> {
    if (this.catalogue && Date.now() - this.catalogue.at < MONITOR_TTL_MS) return this.catalogue.map;
    const map = await this.indicators.byCode();
    this.catalogue = { map, at: Date.now() };
    return map;
  }

  private async passwordOk(monitor: MonitorRow, pw: string): Promise<boolean> {
    const key = `${monitor.id}:${monitor.version}`;
    const digest = createHash('sha256').update(pw).digest('hex');
    if (this.verified.get(key) === digest) return true;
    // a wrong PW sent again costs no second scrypt (a hostile client cannot burn CPU with it)
    const refusedKey = `${key}:${digest}`;
    if (this.refused.has(refusedKey)) return false;
    if (!(await this.hasher.verify(pw, monitor.password_hash))) {
      if (this.refused.size > 10_000) this.refused.clear();
      this.refused.add(refusedKey);
      return false;
    }
    this.verified.set(key, digest);
    return true;
  }

  /** Checks the sender, then stores the packet (data uploads) or says how to answer it. */
  async handle(packet: Hj212Packet): Promise<IngestOutcome> {
    if (!packet.qn || !QN_PATTERN.test(packet.qn))
      return { status: 'refused', rtn: QnRtn.QnError, reason: 'QN must be 17 digits (yyyyMMddHHmmssSSS)' };
    if (!packet.mn) return { status: 'refused', rtn: QnRtn.MnError, reason: 'no MN' };
    if (!packet.cn || !/^\d{4}$/.test(packet.cn))
      return { status: 'refused', rtn: QnRtn.CnError, reason: 'CN must be 4 digits' };
    const monitor = await this.monitor(packet.mn);
    if (!monitor || !monitor.active)
      return { status: 'refused', rtn: QnRtn.MnError, reason: 'unknown or inactive MN' };
    if (!packet.pw || !(await this.passwordOk(monitor, packet.pw)))
      return { status: 'refused', rtn: QnRtn.PasswordError, reason: 'wrong password' };
    if (!DATA_COMMANDS.has(packet.cn)) return { status: 'ignored', rtn: QnRtn.Refused };
    if (monitor.outfall_status === 'merged')
      return { status: 'refused', rtn: QnRtn.Refused, reason: 'the outfall was merged: move the monitor' };
    const at = packet.dataTime;
    if (!at) return { status: 'refused', rtn: QnRtn.Refused, reason: 'DataTime missing or impossible' };
    if (at.getTime() > Date.now() + FUTURE_SKEW_MS)
      return { status: 'refused', rtn: QnRtn.Refused, reason: 'DataTime is in the future' };
    const catalogue = await this.indicatorCatalogue();
    const rows: SampleRow[] = [];
    const laboratory = `在线监测 ${monitor.name} (MN ${monitor.mn})`.slice(0, 200);
    const readings = packet.readings.map((r) => {
      const mapping = this.table.get(r.code);
      const indicator = mapping ? catalogue.get(mapping.indicator) : undefined;
      const value = r.value === null || !mapping ? null : Math.round(r.value * mapping.factor * 1e6) / 1e6;
      const usable =
        indicator !== undefined && value !== null && r.flag === 'N' && !impossible(indicator, value);
      if (usable && indicator && value !== null)
        rows.push({
          outfallId: monitor.outfall_id,
          sampledAt: at,
          source: SampleSource.Online,
          laboratory,
          indicator: indicator.code,
          value,
          qualifier: ValueQualifier.Measured,
          detectionLimit: null,
        });
      return { code: r.code, indicator: indicator?.code ?? null, value, flag: r.flag, used: usable };
    });
    const principal: Principal = {
      kind: 'api_key',
      id: monitor.id,
      name: `HJ 212 ${monitor.mn}`,
      unitId: null,
      role: null,
      apiKeyScope: null,
      permissions: [Permission.MonitoringWrite],
      jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
      sectorCategories: [],
    };
    return RequestContextStore.run({ requestId: `hj212:${packet.mn}:${packet.qn}`, principal }, () =>
      this.dataSource.transaction(async (em): Promise<IngestOutcome> => {
        const [stored] = await em.query<{ id: string }[]>(
          `INSERT INTO hj212_packet (monitor_id, mn, qn, cn, st, data_time, readings)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
           ON CONFLICT (mn, qn, cn) DO NOTHING RETURNING id`,
          [
            monitor.id,
            packet.mn,
            packet.qn,
            packet.cn,
            (packet.st ?? '').slice(0, 5),
            at.toISOString(),
            JSON.stringify(readings),
          ],
        );
        if (!stored) return { status: 'duplicate' };
        let sampleId: string | null = null;
        if (rows.length) {
          const result = await this.samples.ingest(em, principal, rows, {}, { via: 'hj212' });
          sampleId = result.sampleIds[0] ?? null;
          await em.query(`UPDATE hj212_packet SET sample_id = $2 WHERE id = $1`, [stored.id, sampleId]);
        }
        await em.query(`UPDATE online_monitor SET last_packet_at = now() WHERE id = $1`, [monitor.id]);
        return { status: 'accepted', sampleId, values: rows.length };
      }),
    );
  }
}
