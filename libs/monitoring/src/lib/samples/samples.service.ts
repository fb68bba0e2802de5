import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntry, AuditService, diffSnapshots, SAMPLE_BATCH_ENTITY } from '@outfall/audit';
import {
  beijingDay,
  columnJsonSql,
  CommonErrorCode,
  DomainException,
  FieldError,
  PageResult,
  paginate,
  parseInstant,
  Principal,
  timeOrderedUuid,
} from '@outfall/common';
import {
  CLAMP_TO_DISCOVERY,
  gateRefusal,
  OutfallStatus,
  OutfallsService,
  sectorMessage,
} from '@outfall/directory';
import {
  AuditAction,
  MilestoneType,
  OutfallCategory,
  SampleSource,
  ValueQualifier,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CreateSampleDto, MAX_BATCH_ROWS, MonitoringFilterDto, SampleQueryDto } from '../dto/monitoring.dto';
import { Indicator } from '../indicators/indicator.entity';
import { IndicatorsService } from '../indicators/indicators.service';
import { missingCodesSql, RequiredIndicatorsService } from '../indicators/required-indicators.service';
import { MonitoringErrorCode, MonitoringException } from '../monitoring.exception';
import { assessSample, ReadingAssessment } from '../standards/assessment';
import { StandardsService } from '../standards/standards.service';
import { Sample, SampleValue } from './sample.entity';

interface StoredValue {
  sample_id: string;
  indicator_code: string;
  value: number;
  qualifier: ValueQualifier;
  detection_limit: number | null;
  limit_text: string | null;
  limit_value: number | null;
  rule_source: string | null;
  compliant: boolean | null;
  exceedance_multiple: number | null;
  explanation_zh: string | null;
}

/** A sample as the lists and the detail show it: its values and the required indicators it lacks. */
export type SampleView = Sample & { values: SampleValue[]; missingIndicators: string[] };

/** A sample and its values as JSON, the shape of the entity (`Sample` with `values`), for audit rows. */
type SampleSnapshot = Record<string, unknown>;

/** A checked reading, ready to store. */
export interface SampleRow {
  outfallId: string;
  sampledAt: Date;
  source: SampleSource;
  laboratory: string | null;
  indicator: string;
  value: number;
  qualifier: ValueQualifier;
  detectionLimit: number | null;
}

/** Sample-level facts entered with a single sample (not part of a batch row). */
export interface SampleExtras {
  flowRate?: number | null;
  velocity?: number | null;
  notes?: string | null;
  attachmentIds?: string[];
}

/** How a machine or bulk load is audited: one `sample_batch` row, naming the channel it came through. */
export interface BatchAudit {
  via: 'batch_api' | 'hj212';
}

export interface IngestResult {
  rows: number;
  samplesCreated: number;
  samplesUpdated: number;
  valuesCreated: number;
  valuesUpdated: number;
  valuesUnchanged: number;
  exceedingSamples: number;
  sampleIds: string[];
}

const SOURCES = new Set<string>(Object.values(SampleSource));
const QUALIFIERS = new Set<string>(Object.values(ValueQualifier));
/** Clock skew allowed for "not in the future" (online instruments' clocks drift a little). */
const FUTURE_SKEW_MS = 5 * 60 * 1000;
/** The columns a value is written with, and their types (the staging table's and `unnest`'s). */
const VALUE_COLUMNS: [string, string][] = [
  ['sample_id', 'uuid'],
  ['indicator_code', 'varchar'],
  ['value', 'float8'],
  ['qualifier', 'varchar'],
  ['detection_limit', 'float8'],
  ['limit_text', 'varchar'],
  ['limit_value', 'float8'],
  ['rule_source', 'varchar'],
  ['compliant', 'bool'],
  ['exceedance_multiple', 'float8'],
  ['deviation', 'float8'],
  ['deviation_direction', 'varchar'],
  ['explanation_zh', 'varchar'],
  ['explanation_en', 'varchar'],
];
/** From this many values on, a batch is staged with COPY (below, the round trips cost more than they save). */
const COPY_MIN_ROWS = 500;

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

interface CopyClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;

/** A value in COPY's text format. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  // most values (ids, codes, limits) need no escaping: tested before a replace allocates
  return COPY_SPECIAL.test(text)
    ? text.replace(COPY_SPECIAL_ALL, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : text;
}

/** Bytes of COPY text per buffer handed to the COPY stream (a line may continue in the next one). */
const COPY_BUFFER_BYTES = 256 * 1024;
const TAB = 0x09;
const NEWLINE = 0x0a;

/**
 * Column arrays as COPY text, written straight into buffers: no string per line or field to build, join and
 * encode again (at 10 000 values × 14 columns those were most of the batch's garbage). A column's strings
 * repeat (sample ids, indicator codes, limits, rule sources, explanations): each distinct one is escaped and
 * encoded once.
 */
export function copyBuffers(columns: unknown[][]): Buffer[] {
  const n = columns[0].length;
  const encoded = new Map<string, Buffer>();
  const out: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(COPY_BUFFER_BYTES);
  let at = 0;
  // room for `bytes` more (a line may be split between buffers: COPY reads a stream)
  const room = (bytes: number) => {
    if (at + bytes <= buffer.length) return;
    out.push(buffer.subarray(0, at));
    buffer = Buffer.allocUnsafe(Math.max(COPY_BUFFER_BYTES, bytes));
    at = 0;
  };
  const put = (bytes: Buffer) => {
    room(bytes.length);
    buffer.set(bytes, at);
    at += bytes.length;
  };
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < columns.length; c++) {
      if (c) {
        room(1);
        buffer[at++] = TAB;
      }
      const value = columns[c][i];
      if (typeof value === 'number') {
        const text = String(value);
        room(text.length);
        at += buffer.write(text, at, 'latin1');
      } else if (typeof value === 'string') {
        let bytes = encoded.get(value);
        if (!bytes) encoded.set(value, (bytes = Buffer.from(copyText(value))));
        put(bytes);
      } else if (typeof value === 'boolean') {
        room(1);
        buffer[at++] = value ? 0x74 : 0x66; // t / f
      } else if (value === null || value === undefined) {
        room(2);
        buffer[at++] = 0x5c; // \N
        buffer[at++] = 0x4e;
      } else put(Buffer.from(copyText(value)));
    }
    room(1);
    buffer[at++] = NEWLINE;
  }
  out.push(buffer.subarray(0, at));
  return out;
}

/**
 * One string per distinct sample key (outfall, time, source): the rows of a sample share it, so the maps keyed
 * by it hash and compare it once per sample instead of building and hashing a new string per row.
 */
class SampleKeys {
  private readonly byOutfall = new Map<string, Map<number, Map<string, string>>>();

  of(outfallId: string, ms: number, source: string): string {
    let byTime = this.byOutfall.get(outfallId);
    if (!byTime) this.byOutfall.set(outfallId, (byTime = new Map()));
    let bySource = byTime.get(ms);
    if (!bySource) byTime.set(ms, (bySource = new Map()));
    let key = bySource.get(source);
    if (key === undefined) bySource.set(source, (key = `${outfallId}|${ms}|${source}`));
    return key;
  }
}

/**
 * An ISO date-time; without an offset it is read as Beijing time (how Chinese offices write it). The one
 * date-time parser of @outfall/common, so impossible dates (2024-02-30) are refused, not rolled over.
 */
export function parseSampledAt(text: string): Date | null {
  return parseInstant(text);
}

/** Days in Asia/Shanghai as a UTC range for `sampled_at` (inclusive days). */
export function periodWhere<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  column: string,
  filter: Pick<MonitoringFilterDto, 'from' | 'to'>,
): void {
  if (filter.from && filter.to && filter.from > filter.to)
    throw DomainException.invalid('to', 'to must not be before from');
  if (filter.from)
    qb.andWhere(`${column} >= (CAST(:periodFrom AS date)::timestamp AT TIME ZONE 'Asia/Shanghai')`, {
      periodFrom: filter.from,
    });
  if (filter.to)
    qb.andWhere(`${column} < ((CAST(:periodTo AS date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`, {
      periodTo: filter.to,
    });
}

/**
 * Monitoring records: checking, idempotent upsert (outfall + time + source + indicator), assessment against
 * the resolved standard, the "monitored" milestone, and the sample list.
 */
@Injectable()
export class SamplesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly indicators: IndicatorsService,
    private readonly standards: StandardsService,
    private readonly required: RequiredIndicatorsService,
    private readonly webhooks: WebhookEvents,
  ) {}

  /**
   * Whether the scope keeps every sample: a city-wide caller without outfall filters. Each sample has its
   * outfall (outfall_id NOT NULL, foreign key) and each outfall its division, so the scope's semi-join would
   * keep every row and only cost a join.
   */
  seesEveryOutfall(principal: Principal, filter: MonitoringFilterDto): boolean {
    return (
      principal.jurisdiction.cityWide &&
      !filter.waterBodyId &&
      !filter.divisionId &&
      !filter.category &&
      !filter.outfallId
    );
  }

  /** Outfall ids (visible to the caller, narrowed by the filter) as a sub-query for `column IN (…)`; nothing when `seesEveryOutfall`. */
  scopeToOutfalls<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    column: string,
    principal: Principal,
    filter: MonitoringFilterDto,
  ): void {
    if (this.seesEveryOutfall(principal, filter)) return;
    // without the division join (`filtered(…, false)`): the scope and the division filter are semi-joins on
    // division_id, and every outfall has its division
    const sub = this.outfalls
      .filtered(
        principal,
        { waterBodyId: filter.waterBodyId, divisionId: filter.divisionId, category: filter.category },
        false,
      )
      .select('outfall.id');
    if (filter.outfallId) sub.andWhere('outfall.id = :scopeOutfallId', { scopeOutfallId: filter.outfallId });
    qb.andWhere(`${column} IN (${sub.getQuery()})`).setParameters({
      ...qb.getParameters(),
      ...sub.getParameters(),
    });
  }

  /**
   * Checks raw rows (batch API, import) and names the outfalls. Errors are reported per row
   * (`<prefix>[i].field`); outfalls outside the caller's jurisdiction are "not found".
   */
  async checkRows(
    principal: Principal,
    raw: unknown[],
    prefix = 'rows',
    maxRows = MAX_BATCH_ROWS,
  ): Promise<{ rows: SampleRow[]; errors: FieldError[]; rowOf: number[] }> {
    const errors: FieldError[] = [];
    const rowOf: number[] = [];
    if (raw.length > maxRows) {
      throw new MonitoringException(
        MonitoringErrorCode.BatchTooLarge,
        `a batch holds at most ${MAX_BATCH_ROWS} rows; split it`,
        prefix,
      );
    }
    const catalogue = await this.indicators.byCode();
    const ids = new Set<string>();
    const codes = new Set<string>();
    for (const item of raw) {
      const row = (item ?? {}) as Record<string, unknown>;
      if (typeof row.outfallId === 'string') ids.add(row.outfallId);
      else if (typeof row.outfallCode === 'string') codes.add(row.outfallCode.trim());
    }
    const outfalls = await this.findOutfalls(principal, [...ids], [...codes]);
    const now = Date.now() + FUTURE_SKEW_MS;
    const sampleKeys = new SampleKeys();
    // the indicators seen per sample key
    const seen = new Map<string, Set<string>>();
    const instants = new Map<string, Date | null>();
    // the gate's answer per outfall (a batch names a few hundred outfalls in 10 000 rows)
    const refusals = new Map<object, ReturnType<typeof gateRefusal>>();
    const rows: SampleRow[] = [];
    raw.forEach((item, i) => {
      const at = (field: string, message: string) =>
        errors.push({ field: `${prefix}[${i}].${field}`, message });
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        at('row', 'each row must be an object');
        return;
      }
      const row = item as Record<string, unknown>;
      const before = errors.length;
      const ref =
        typeof row.outfallId === 'string'
          ? row.outfallId
          : typeof row.outfallCode === 'string'
            ? row.outfallCode.trim()
            : undefined;
      const found = ref ? outfalls.get(ref) : undefined;
      // the write gate, per row: another township's outfall is not found, another sector's is refused
      let refusal = found ? refusals.get(found) : null;
      if (found && refusal === undefined) refusals.set(found, (refusal = gateRefusal(principal, found)));
      const outfall = refusal === 'jurisdiction' ? undefined : found;
      if (!ref) at('outfallId', 'give outfallId or outfallCode');
      else if (!outfall)
        at(
          typeof row.outfallId === 'string' ? 'outfallId' : 'outfallCode',
          `在您的辖区内找不到排污口 ${ref} / outfall ${ref} was not found in your jurisdiction`,
        );
      else if (outfall.status === OutfallStatus.Merged)
        at('outfallId', `outfall ${outfall.localCode} was merged into another outfall; record samples there`);
      else if (refusal === 'sector') at('outfallId', sectorMessage(principal, outfall.category));
      let sampledAt: Date | null = null;
      if (typeof row.sampledAt === 'string') {
        // the rows of one sample share their time: parsed once per distinct text
        sampledAt = instants.get(row.sampledAt) ?? null;
        if (sampledAt === null && !instants.has(row.sampledAt)) {
          sampledAt = parseSampledAt(row.sampledAt);
          instants.set(row.sampledAt, sampledAt);
        }
      }
      if (!sampledAt)
        at('sampledAt', 'sampledAt must be an ISO 8601 date-time, e.g. 2024-05-01T10:30:00+08:00');
      else if (sampledAt.getTime() > now) at('sampledAt', 'sampledAt cannot be in the future');
      if (typeof row.source !== 'string' || !SOURCES.has(row.source))
        at('source', `source must be one of: ${[...SOURCES].join(', ')}`);
      const qualifier =
        row.qualifier === undefined || row.qualifier === null ? ValueQualifier.Measured : row.qualifier;
      if (typeof qualifier !== 'string' || !QUALIFIERS.has(qualifier))
        at('qualifier', `qualifier must be one of: ${[...QUALIFIERS].join(', ')}`);
      const indicator = typeof row.indicator === 'string' ? catalogue.get(row.indicator) : undefined;
      if (!indicator) at('indicator', `unknown indicator ${String(row.indicator)}`);
      let detectionLimit: number | null = null;
      if (row.detectionLimit !== undefined && row.detectionLimit !== null) {
        if (
          typeof row.detectionLimit !== 'number' ||
          !Number.isFinite(row.detectionLimit) ||
          row.detectionLimit <= 0
        )
          at('detectionLimit', 'detectionLimit must be a positive number');
        else detectionLimit = row.detectionLimit;
      }
      let value = row.value;
      if (qualifier === ValueQualifier.BelowDetection) {
        if (detectionLimit === null && typeof value === 'number' && value > 0) detectionLimit = value;
        if (detectionLimit === null)
          at('detectionLimit', 'a below-detection value needs its detection limit');
        value = detectionLimit ?? value;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) at('value', 'value must be a number');
      else if (indicator) {
        const problem = impossible(indicator, value);
        if (problem) at('value', problem);
      }
      if (
        row.laboratory !== undefined &&
        row.laboratory !== null &&
        (typeof row.laboratory !== 'string' || row.laboratory.length > 200)
      )
        at('laboratory', 'laboratory must be text of at most 200 characters');
      if (errors.length > before || !outfall || !sampledAt || !indicator) return;
      const key = sampleKeys.of(outfall.id, sampledAt.getTime(), row.source as string);
      let indicators = seen.get(key);
      if (!indicators) seen.set(key, (indicators = new Set()));
      if (indicators.has(indicator.code)) {
        at('indicator', `${indicator.code} appears twice for the same outfall, time and source`);
        return;
      }
      indicators.add(indicator.code);
      rowOf.push(i);
      rows.push({
        outfallId: outfall.id,
        sampledAt,
        source: row.source as SampleSource,
        laboratory:
          typeof row.laboratory === 'string' && row.laboratory.trim() ? row.laboratory.trim() : null,
        indicator: indicator.code,
        value: value as number,
        qualifier: qualifier as ValueQualifier,
        detectionLimit,
      });
    });
    return { rows, errors, rowOf };
  }

  private async findOutfalls(principal: Principal, ids: string[], codes: string[]) {
    const found = new Map<
      string,
      {
        id: string;
        localCode: string;
        category: OutfallCategory;
        status: OutfallStatus;
        divisionPath: string;
      }
    >();
    const uuids = ids.filter((id) =>
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
    );
    if (!uuids.length && !codes.length) return found;
    const rows = await this.outfalls
      .visible(principal)
      .select([
        'outfall.id AS id',
        'outfall.local_code AS "localCode"',
        'outfall.national_code AS "nationalCode"',
        'outfall.category AS category',
        'outfall.status AS status',
        'division.path AS "divisionPath"',
      ])
      .andWhere(
        '(outfall.id = ANY(:uuids) OR outfall.local_code = ANY(:codes) OR outfall.national_code = ANY(:codes))',
        { uuids, codes },
      )
      .getRawMany<{
        id: string;
        localCode: string;
        nationalCode: string | null;
        category: OutfallCategory;
        status: OutfallStatus;
        divisionPath: string;
      }>();
    for (const row of rows) {
      found.set(row.id, row);
      found.set(row.localCode, row);
      if (row.nationalCode) found.set(row.nationalCode, row);
    }
    return found;
  }

  /** The batch API: all-or-nothing; one audit row for the batch (and one per sample it changed). */
  async ingestBatch(principal: Principal, raw: unknown[]): Promise<IngestResult> {
    const { rows, errors } = await this.checkRows(principal, raw);
    if (errors.length) {
      throw new MonitoringException(
        MonitoringErrorCode.BatchRejected,
        `${new Set(errors.map((e) => e.field.split('.')[0])).size} of ${raw.length} rows are invalid; nothing was stored`,
        errors.slice(0, 1000),
      );
    }
    return this.dataSource.transaction((em) => this.ingest(em, principal, rows, {}, { via: 'batch_api' }));
  }

  /** One sample entered by hand (an upsert on outfall + time + source), audited as a sample. */
  async createOne(principal: Principal, dto: CreateSampleDto): Promise<SampleView> {
    const raw = dto.values.map((v) => ({
      outfallId: dto.outfallId,
      sampledAt: dto.sampledAt,
      source: dto.source,
      laboratory: dto.laboratory,
      indicator: v.indicator,
      value: v.value,
      qualifier: v.qualifier,
      detectionLimit: v.detectionLimit,
    }));
    if (!raw.length) throw DomainException.invalid('values', 'a sample needs at least one reading');
    // the write gate first: another township's outfall is 404, another sector's 403
    await this.dataSource.transaction((em) =>
      this.outfalls.assertWritable(principal, dto.outfallId, em, { requireActive: false }),
    );
    const { rows, errors } = await this.checkRows(principal, raw, 'values');
    if (errors.length) {
      // sample-level fields are reported once, at the top level; readings as values[i].field
      const details = new Map<string, FieldError>();
      for (const error of errors) {
        const field = error.field.replace(/^values\[\d+\]\.(outfallId|sampledAt|source|laboratory)$/, '$1');
        details.set(field, { field, message: error.message });
      }
      throw new DomainException(CommonErrorCode.ValidationFailed, errors[0].message, 400, [
        ...details.values(),
      ]);
    }
    const id = await this.dataSource.transaction(async (em) => {
      if (dto.attachmentIds?.length) await this.checkAttachments(em, dto.outfallId, dto.attachmentIds);
      const result = await this.ingest(em, principal, rows, {
        flowRate: dto.flowRate ?? null,
        velocity: dto.velocity ?? null,
        notes: dto.notes ?? null,
        attachmentIds: dto.attachmentIds ?? [],
      });
      // audited by `ingest`, with the values the sample held before when it is sent again
      return result.sampleIds[0];
    });
    const sample = await this.load(this.dataSource.manager, id);
    const missing = await this.required.missingForSamples(this.dataSource.manager, [id]);
    return Object.assign(sample, { missingIndicators: missing.get(id) ?? [] });
  }

  async checkAttachments(em: EntityManager, outfallId: string, ids: string[]): Promise<void> {
    const [{ count }] = await em.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM outfall_attachment WHERE outfall_id = $1 AND id = ANY($2::uuid[])`,
      [outfallId, ids],
    );
    if (count !== new Set(ids).size) {
      throw new MonitoringException(
        MonitoringErrorCode.AttachmentNotOnOutfall,
        'attachmentIds must be attachments uploaded to this outfall',
        'attachmentIds',
      );
    }
  }

  /**
   * Stores checked rows set-based: samples upserted on (outfall, time, source), values on (sample,
   * indicator) and only written when they differ, so the same rows again change nothing. Changed samples
   * are reassessed and the outfalls' "monitored" milestones follow their earliest sample.
   */
  async ingest(
    em: EntityManager,
    principal: Principal,
    rows: SampleRow[],
    extras: SampleExtras = {},
    batch?: BatchAudit,
  ): Promise<IngestResult> {
    const result: IngestResult = {
      rows: rows.length,
      samplesCreated: 0,
      samplesUpdated: 0,
      valuesCreated: 0,
      valuesUpdated: 0,
      valuesUnchanged: 0,
      exceedingSamples: 0,
      sampleIds: [],
    };
    if (!rows.length) return result;
    const samples = new Map<
      string,
      { outfallId: string; sampledAt: Date; source: string; laboratory: string | null }
    >();
    const sampleKeys = new SampleKeys();
    const keyOf = (outfallId: string, at: Date, source: string) =>
      sampleKeys.of(outfallId, at.getTime(), source);
    // each row's sample key, built once
    const rowKeys = rows.map((r) => keyOf(r.outfallId, r.sampledAt, r.source));
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const key = rowKeys[i];
      const sample = samples.get(key);
      if (!sample)
        samples.set(key, {
          outfallId: row.outfallId,
          sampledAt: row.sampledAt,
          source: row.source,
          laboratory: row.laboratory,
        });
      else if (!sample.laboratory) sample.laboratory = row.laboratory;
    }
    const list = [...samples.values()];
    const single = list.length === 1;
    const keys = [...samples.keys()];
    const keyParams = [
      list.map((s) => s.outfallId),
      list.map((s) => s.sampledAt.toISOString()),
      list.map((s) => s.source),
    ];
    type KeyRow = { id: string; outfall_id: string; sampled_at: Date; source: string };
    type StoredSample = KeyRow & {
      laboratory: string | null;
      standard_id: string | null;
      exceeding: boolean;
      exceeding_count: number;
    };
    const idsOfKeys = (where: unknown[][]) =>
      em.query<StoredSample[]>(
        // one probe of the unique key per sample (OFFSET 0 keeps the sub-query a parameterised index scan;
        // a hash join would read the whole table)
        `SELECT s.*
           FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[]) AS k(outfall_id, sampled_at, source)
           CROSS JOIN LATERAL (
                 SELECT s.id, s.outfall_id, s.sampled_at, s.source, s.laboratory, s.standard_id, s.exceeding,
                        s.exceeding_count
                   FROM sample s
                  WHERE s.outfall_id = k.outfall_id AND s.sampled_at = k.sampled_at AND s.source = k.source
                 OFFSET 0) s`,
        where,
      );
    const idOf = new Map<string, string>();
    const keyOfId = new Map<string, string>();
    const remember = (r: KeyRow) => {
      const key = keyOf(r.outfall_id, new Date(r.sampled_at), r.source);
      idOf.set(key, r.id);
      keyOfId.set(r.id, key);
    };
    // the samples that exist already: what they hold, to write only what changes (a re-sent sample is an
    // update with its old values in its audit row) and for the assessment (a later water temperature changes
    // an earlier NH3-N limit)
    const existing = await idsOfKeys(keyParams);
    existing.forEach(remember);
    const existingIds = existing.map((r) => r.id);
    const existingById = new Map(existing.map((r) => [r.id, r]));
    const stored = existingIds.length
      ? await em.query<StoredValue[]>(
          `SELECT sample_id, indicator_code, value, qualifier, detection_limit, limit_text, limit_value, rule_source,
                  compliant, exceedance_multiple, explanation_zh
             FROM sample_value WHERE sample_id = ANY($1::uuid[])`,
          [existingIds],
        )
      : [];
    // Assessed before writing, so each value and each new sample is written once: the batch's readings over
    // what the samples already hold, per sample key.
    type Reading = { value: number; qualifier: ValueQualifier };
    const readings = new Map<string, Map<string, Reading>>();
    const readingsOf = (key: string) => {
      let map = readings.get(key);
      if (!map) readings.set(key, (map = new Map<string, Reading>()));
      return map;
    };
    for (const v of stored)
      readingsOf(keyOfId.get(v.sample_id) as string).set(v.indicator_code, {
        value: v.value,
        qualifier: v.qualifier,
      });
    rows.forEach((r, i) =>
      readingsOf(rowKeys[i]).set(r.indicator, {
        value: r.value,
        qualifier: r.qualifier,
      }),
    );
    const resolutions = await this.standards.resolveFor(em, [...new Set(list.map((l) => l.outfallId))]);
    // per sample key, per indicator
    const assessed = new Map<string, Map<string, ReadingAssessment>>();
    const assessmentOf = (key: string, indicator: string) => assessed.get(key)?.get(indicator);
    const flagsOf = new Map<string, { standard: string | null; exceeding: boolean; count: number }>();
    for (const [key, map] of readings) {
      const resolution = resolutions.get((samples.get(key) as { outfallId: string }).outfallId);
      const results = assessSample(
        resolution?.standard ?? null,
        [...map].map(([indicatorCode, r]) => ({ indicatorCode, value: r.value, qualifier: r.qualifier })),
        resolution?.context ?? {},
      );
      const byIndicator = new Map<string, ReadingAssessment>();
      for (const a of results) byIndicator.set(a.indicatorCode, a);
      assessed.set(key, byIndicator);
      const count = results.filter((a) => a.compliant === false).length;
      flagsOf.set(key, { standard: resolution?.standard.id ?? null, exceeding: count > 0, count });
    }
    const flags = keys.map(
      (key) => flagsOf.get(key) as { standard: string | null; exceeding: boolean; count: number },
    );
    // What this batch can change, known before writing: a row whose value, qualifier or detection limit differs
    // from the stored one (the values upsert writes no other), a stored value whose assessment moved, a sample's
    // laboratory or flags, anything a single sample brings. Only those rows are sent, and only those samples'
    // snapshots are read for the audit (the same batch sent again writes no value and builds no snapshot).
    const storedOf = new Map<string, StoredValue>();
    for (const v of stored) storedOf.set(`${v.sample_id}|${v.indicator_code}`, v);
    const maybeChanged = new Set<string>();
    const sendRow = rows.map((r, i) => {
      const id = idOf.get(rowKeys[i]);
      const v = id === undefined ? undefined : storedOf.get(`${id}|${r.indicator}`);
      if (v && v.value === r.value && v.qualifier === r.qualifier && v.detection_limit === r.detectionLimit)
        return false;
      if (id !== undefined) maybeChanged.add(id);
      return true;
    });
    // stored values the batch does not write (not in it, or sent again unchanged) whose assessment moved: their
    // sample got a new water temperature reading
    const sentValueKeys = new Set<string>();
    if (stored.length)
      rows.forEach((r, i) => sendRow[i] && sentValueKeys.add(`${idOf.get(rowKeys[i]) ?? ''}|${r.indicator}`));
    const moved = stored.filter((v) => {
      const a = assessmentOf(keyOfId.get(v.sample_id) as string, v.indicator_code);
      return (
        !sentValueKeys.has(`${v.sample_id}|${v.indicator_code}`) &&
        a &&
        (a.compliant !== v.compliant ||
          a.limitValue !== v.limit_value ||
          a.limitText !== v.limit_text ||
          a.explanationZh !== v.explanation_zh)
      );
    });
    for (const v of moved) maybeChanged.add(v.sample_id);
    keys.forEach((key, i) => {
      const id = idOf.get(key);
      const before = id === undefined ? undefined : existingById.get(id);
      if (!before) return;
      if (
        single ||
        (list[i].laboratory !== null && list[i].laboratory !== before.laboratory) ||
        flags[i].standard !== before.standard_id ||
        flags[i].exceeding !== before.exceeding ||
        flags[i].count !== before.exceeding_count
      )
        maybeChanged.add(before.id);
    });
    const previous = await this.snapshots(em, [...maybeChanged]);
    const written: (KeyRow & { inserted: boolean })[] = [];
    // The samples the look-up did not find (in a multi-sample batch: most of them) are plain inserts with ids
    // made here, so their values' COPY text is built while the database inserts them. If another transaction
    // stored one of them since the look-up (its unique key), the insert is undone to its savepoint and they
    // all take the upsert below, as before.
    const fresh = single ? [] : keys.flatMap((key, i) => (idOf.has(key) ? [] : [i]));
    let freshText: Buffer[] | null = null;
    let freshInserted = false;
    const freshRows = new Set<number>();
    if (fresh.length) {
      const freshIds = new Map(fresh.map((i) => [keys[i], timeOrderedUuid()]));
      rows.forEach((_, i) => freshIds.has(rowKeys[i]) && freshRows.add(i));
      // asked before the insert: a statement queued behind a failed insert would fail with it
      const copyFresh = freshRows.size >= COPY_MIN_ROWS && !!em.queryRunner && (await this.copySupported(em));
      await em.query(`SAVEPOINT ingest_new_samples`);
      const insert = em
        .query(
          `INSERT INTO sample (id, outfall_id, sampled_at, source, laboratory, attachment_ids, created_by_id, version,
                               standard_id, exceeding, exceeding_count)
           SELECT k.id, k.outfall_id, k.sampled_at, k.source, k.laboratory, '{}', $6, 1, k.std, k.ex, k.n
             FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::varchar[], $5::varchar[], $7::varchar[],
                         $8::bool[], $9::int[]) AS k(id, outfall_id, sampled_at, source, laboratory, std, ex, n)`,
          [
            fresh.map((i) => freshIds.get(keys[i])),
            fresh.map((i) => list[i].outfallId),
            fresh.map((i) => list[i].sampledAt.toISOString()),
            fresh.map((i) => list[i].source),
            fresh.map((i) => list[i].laboratory),
            actorId(principal),
            fresh.map((i) => flags[i].standard),
            fresh.map((i) => flags[i].exceeding),
            fresh.map((i) => flags[i].count),
          ],
        )
        .then(
          () => null,
          (error: unknown) => error,
        );
      if (copyFresh) {
        await nextTurn(); // the insert goes out first
        const indexes = [...freshRows];
        freshText = copyBuffers(
          this.valueColumns(
            indexes.map((i) => freshIds.get(rowKeys[i]) as string),
            indexes.map((i) => rows[i]),
            indexes.map((i) => assessmentOf(rowKeys[i], rows[i].indicator) as ReadingAssessment),
          ),
        );
      }
      const failed = await insert;
      if (failed === null) {
        freshInserted = true;
        await em.query(`RELEASE SAVEPOINT ingest_new_samples`);
        for (const i of fresh) {
          const s = list[i];
          const id = freshIds.get(keys[i]) as string;
          written.push({
            id,
            outfall_id: s.outfallId,
            sampled_at: s.sampledAt,
            source: s.source,
            inserted: true,
          });
        }
      } else if ((failed as { code?: string }).code === UNIQUE_VIOLATION) {
        await em.query(`ROLLBACK TO SAVEPOINT ingest_new_samples`);
        freshText = null;
        freshRows.clear();
      } else throw failed;
    }
    // the samples that exist (and, after a race, the new ones): new ones are inserted with their assessment;
    // existing ones keep their version unless a sample-level field changes (their flags follow below)
    const upserted = freshInserted
      ? keys.flatMap((key, i) => (idOf.has(key) ? [i] : []))
      : keys.map((_, i) => i);
    if (upserted.length)
      written.push(
        ...(await em.query<(KeyRow & { inserted: boolean })[]>(
          `INSERT INTO sample (id, outfall_id, sampled_at, source, laboratory, flow_rate, velocity, notes, attachment_ids,
                               created_by_id, version, standard_id, exceeding, exceeding_count)
           SELECT uuid_time_ordered(), k.outfall_id, k.sampled_at, k.source, k.laboratory, $5, $6, $7, $8::uuid[], $9, 1, k.std, k.ex, k.n
             FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[], $4::varchar[], $11::varchar[], $12::bool[], $13::int[])
                  AS k(outfall_id, sampled_at, source, laboratory, std, ex, n)
           ON CONFLICT (outfall_id, sampled_at, source) DO UPDATE SET
                  laboratory = COALESCE(EXCLUDED.laboratory, sample.laboratory),
                  flow_rate = CASE WHEN $10 THEN EXCLUDED.flow_rate ELSE sample.flow_rate END,
                  velocity = CASE WHEN $10 THEN EXCLUDED.velocity ELSE sample.velocity END,
                  notes = CASE WHEN $10 THEN EXCLUDED.notes ELSE sample.notes END,
                  attachment_ids = CASE WHEN $10 THEN EXCLUDED.attachment_ids ELSE sample.attachment_ids END,
                  updated_at = now(), version = sample.version + 1
            WHERE (sample.laboratory, sample.flow_rate, sample.velocity, sample.notes, sample.attachment_ids)
                  IS DISTINCT FROM (COALESCE(EXCLUDED.laboratory, sample.laboratory),
                                    CASE WHEN $10 THEN EXCLUDED.flow_rate ELSE sample.flow_rate END,
                                    CASE WHEN $10 THEN EXCLUDED.velocity ELSE sample.velocity END,
                                    CASE WHEN $10 THEN EXCLUDED.notes ELSE sample.notes END,
                                    CASE WHEN $10 THEN EXCLUDED.attachment_ids ELSE sample.attachment_ids END)
           RETURNING id, outfall_id, sampled_at, source, (xmax = 0) AS inserted`,
          [
            upserted.map((i) => list[i].outfallId),
            upserted.map((i) => list[i].sampledAt.toISOString()),
            upserted.map((i) => list[i].source),
            upserted.map((i) => list[i].laboratory),
            single ? (extras.flowRate ?? null) : null,
            single ? (extras.velocity ?? null) : null,
            single ? (extras.notes ?? null) : null,
            single ? (extras.attachmentIds ?? []) : [],
            actorId(principal),
            single && extras.attachmentIds !== undefined,
            upserted.map((i) => flags[i].standard),
            upserted.map((i) => flags[i].exceeding),
            upserted.map((i) => flags[i].count),
          ],
        )),
      );
    result.samplesCreated = written.filter((w) => w.inserted).length;
    result.samplesUpdated = written.length - result.samplesCreated;
    const inserted = new Set(written.filter((w) => w.inserted).map((w) => w.id));
    written.forEach(remember);
    // a sample another transaction created after the look-up above (same key at the same time): its values
    // were not read, so it is reassessed from what is stored once this batch's values are in
    const raced = list.filter((_, i) => !idOf.has(keys[i]));
    const racedIds: string[] = [];
    if (raced.length) {
      for (const r of await idsOfKeys([
        raced.map((s) => s.outfallId),
        raced.map((s) => s.sampledAt.toISOString()),
        raced.map((s) => s.source),
      ])) {
        remember(r);
        racedIds.push(r.id);
      }
    }
    for (const w of written) if (!w.inserted && !existingById.has(w.id)) racedIds.push(w.id);
    result.sampleIds = keys.map((key) => idOf.get(key) as string);
    const writtenValues = { changed: 0, created: 0 };
    if (freshText) {
      // the new samples' values: nothing to merge with, straight in
      await this.copyInto(em, 'sample_value', freshText);
      writtenValues.changed = writtenValues.created = freshRows.size;
    }
    const sent: number[] = [];
    sendRow.forEach((send, i) => send && !(freshText && freshRows.has(i)) && sent.push(i));
    const sentSampleIds = sent.map((i) => idOf.get(rowKeys[i]) as string);
    const others = await this.writeValues(
      em,
      sentSampleIds.map((id) => inserted.has(id)),
      this.valueColumns(
        sentSampleIds,
        sent.map((i) => rows[i]),
        sent.map((i) => assessmentOf(rowKeys[i], rows[i].indicator) as ReadingAssessment),
      ),
    );
    writtenValues.changed += others.changed;
    writtenValues.created += others.created;
    result.valuesCreated = writtenValues.created;
    result.valuesUpdated = writtenValues.changed - writtenValues.created;
    result.valuesUnchanged = rows.length - writtenValues.changed;
    if (writtenValues.changed) {
      if (moved.length)
        await this.writeAssessments(
          em,
          moved.map((v) => [
            v.sample_id,
            assessmentOf(keyOfId.get(v.sample_id) as string, v.indicator_code) as ReadingAssessment,
          ]),
        );
      const kept = keys.filter((key) => !inserted.has(idOf.get(key) as string));
      if (kept.length)
        await em.query(
          `UPDATE sample s SET standard_id = u.std, exceeding = u.ex, exceeding_count = u.n
             FROM unnest($1::uuid[], $2::varchar[], $3::bool[], $4::int[]) AS u(id, std, ex, n)
            WHERE s.id = u.id AND (s.standard_id, s.exceeding, s.exceeding_count) IS DISTINCT FROM (u.std, u.ex, u.n)`,
          [
            kept.map((key) => idOf.get(key)),
            kept.map((key) => flagsOf.get(key)?.standard ?? null),
            kept.map((key) => flagsOf.get(key)?.exceeding ?? false),
            kept.map((key) => flagsOf.get(key)?.count ?? 0),
          ],
        );
      await this.advanceMonitoredMilestones(em, list);
    }
    if (racedIds.length) await this.reassess(em, [...new Set(racedIds)]);
    const exceedingOf = new Map<string, boolean>();
    if (racedIds.length) {
      for (const r of await em.query<{ id: string; exceeding: boolean }[]>(
        `SELECT id, exceeding FROM sample WHERE id = ANY($1::uuid[])`,
        [racedIds],
      ))
        exceedingOf.set(r.id, r.exceeding);
    }
    keys.forEach((key, i) => {
      const id = result.sampleIds[i];
      if (!exceedingOf.has(id)) exceedingOf.set(id, flags[i].exceeding);
    });
    result.exceedingSamples = result.sampleIds.filter((id) => exceedingOf.get(id)).length;
    if (batch) await this.auditBatch(em, existingById, previous, result, list, batch);
    else await this.auditChanges(em, existingById, previous, result.sampleIds);
    await this.publishExceedances(
      em,
      result.sampleIds.filter((id) => exceedingOf.get(id) && !existingById.get(id)?.exceeding),
    );
    return result;
  }

  /**
   * Writes values with their assessment (`columns` follow VALUE_COLUMNS); `fresh[i]`: row i belongs to a
   * sample this transaction inserted, so it cannot exist yet. Returns how many were written and created.
   */
  private async writeValues(
    em: EntityManager,
    fresh: boolean[],
    columns: unknown[][],
  ): Promise<{ changed: number; created: number }> {
    const counts = { changed: 0, created: 0 };
    if (!fresh.length) return counts;
    const all = fresh.every(Boolean) ? true : fresh.some(Boolean) ? null : false;
    for (const part of all === null ? [true, false] : [all]) {
      const partColumns =
        all === null ? columns.map((column) => column.filter((_, i) => fresh[i] === part)) : columns;
      const written = await this.upsertValues(em, partColumns, part);
      counts.changed += written.changed;
      counts.created += written.created;
    }
    return counts;
  }

  /**
   * Large batches on PostgreSQL go through COPY: the values of new samples straight into `sample_value`
   * (nothing to merge with), the others into a session's temp staging table, then one INSERT … SELECT … ON
   * CONFLICT that writes only the values that differ. Small ones (a hand-entered sample, an HJ 212 packet)
   * and the embedded database (no COPY FROM STDIN) send the columns as arrays (`unnest`) to the same upsert.
   */
  private async upsertValues(
    em: EntityManager,
    columns: unknown[][],
    fresh: boolean,
  ): Promise<{ changed: number; created: number }> {
    const names = VALUE_COLUMNS.map(([name]) => name).join(', ');
    const copy = columns[0].length >= COPY_MIN_ROWS && em.queryRunner && (await this.copySupported(em));
    if (copy && fresh) {
      await this.copyInto(em, 'sample_value', copyBuffers(columns));
      return { changed: columns[0].length, created: columns[0].length };
    }
    let source: string;
    let params: unknown[] = [];
    if (copy) {
      // one temp table per pool connection, emptied at commit (and here, in case one transaction ingests
      // twice); looked up each time (in the same round trip), as a rolled-back transaction takes its creation
      // with it
      await em.query(
        `DO $$ BEGIN
           IF to_regclass('pg_temp.sample_value_stage') IS NULL THEN
             CREATE TEMP TABLE sample_value_stage (${VALUE_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')})
               ON COMMIT DELETE ROWS;
           ELSE
             DELETE FROM sample_value_stage;
           END IF;
         END $$`,
      );
      await this.copyInto(em, 'sample_value_stage', copyBuffers(columns));
      source = `SELECT ${names} FROM sample_value_stage`;
    } else {
      source = `SELECT * FROM unnest(${VALUE_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
      params = columns;
    }
    const [counts] = await em.query<{ changed: number; created: number }[]>(
      `WITH w AS (
         INSERT INTO sample_value (${names})
         ${source}
         ON CONFLICT (sample_id, indicator_code) DO UPDATE SET
                value = EXCLUDED.value, qualifier = EXCLUDED.qualifier, detection_limit = EXCLUDED.detection_limit,
                limit_text = EXCLUDED.limit_text, limit_value = EXCLUDED.limit_value, rule_source = EXCLUDED.rule_source,
                compliant = EXCLUDED.compliant, exceedance_multiple = EXCLUDED.exceedance_multiple,
                deviation = EXCLUDED.deviation, deviation_direction = EXCLUDED.deviation_direction,
                explanation_zh = EXCLUDED.explanation_zh, explanation_en = EXCLUDED.explanation_en
          WHERE (sample_value.value, sample_value.qualifier, sample_value.detection_limit)
                IS DISTINCT FROM (EXCLUDED.value, EXCLUDED.qualifier, EXCLUDED.detection_limit)
         RETURNING (xmax = 0) AS inserted)
       SELECT count(*)::int AS changed, (count(*) FILTER (WHERE inserted))::int AS created FROM w`,
      params,
    );
    return counts;
  }

  /** The values' columns (VALUE_COLUMNS) of readings with their sample ids and assessments. */
  private valueColumns(
    sampleIds: string[],
    rows: SampleRow[],
    assessments: ReadingAssessment[],
  ): unknown[][] {
    return [
      sampleIds,
      rows.map((r) => r.indicator),
      rows.map((r) => r.value),
      rows.map((r) => r.qualifier),
      rows.map((r) => r.detectionLimit),
      assessments.map((a) => a.limitText),
      assessments.map((a) => a.limitValue),
      assessments.map((a) => a.ruleSource),
      assessments.map((a) => a.compliant),
      assessments.map((a) => a.exceedanceMultiple),
      assessments.map((a) => a.deviation),
      assessments.map((a) => a.deviationDirection),
      assessments.map((a) => a.explanationZh),
      assessments.map((a) => a.explanationEn),
    ];
  }

  /**
   * COPY … FROM STDIN of value rows (COPY text, VALUE_COLUMNS) on the transaction's own connection (an
   * EntityManager from dataSource.transaction has one); only where `copySupported`.
   */
  private async copyInto(em: EntityManager, table: string, text: Buffer[]): Promise<void> {
    const names = VALUE_COLUMNS.map(([name]) => name).join(', ');
    const client = await (em.queryRunner as unknown as { connect(): Promise<CopyClient> }).connect();
    await pipeline(Readable.from(text), client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN`)));
  }

  private copyProbe?: Promise<boolean>;

  /**
   * PGlite (reached through its socket even when DATABASE_URL is set, as in the tests) has no COPY FROM STDIN.
   * Asked on the transaction's connection: the embedded database has one, held by that transaction.
   */
  private copySupported(em: EntityManager): Promise<boolean> {
    this.copyProbe ??= em
      .query<{ version: string }[]>(`SELECT version()`)
      .then(([row]) => !/pglite|emscripten/i.test(row.version))
      .catch((error: unknown) => {
        this.copyProbe = undefined; // asked again next time (this transaction had failed)
        throw error;
      });
    return this.copyProbe;
  }

  /** Webhook `sample_exceedance` for samples that exceed now and did not before (in the ingest's transaction). */
  private async publishExceedances(em: EntityManager, sampleIds: string[]): Promise<void> {
    if (!sampleIds.length) return;
    // built by the database, and only when a subscription listens (most ingests build no payload)
    await this.webhooks.publishFromQuery(
      WebhookEventType.SampleExceedance,
      `SELECT s.id AS record_id, o.division_id, u.ord,
              jsonb_build_object('sampleId', s.id, 'outfallId', s.outfall_id, 'localCode', o.local_code,
                'sampledAt', s.sampled_at, 'source', s.source, 'exceedingCount', s.exceeding_count,
                'exceeding', COALESCE((SELECT jsonb_agg(jsonb_build_object('indicatorCode', v.indicator_code,
                    'value', v.value, 'limitValue', v.limit_value, 'exceedanceMultiple', v.exceedance_multiple)
                    ORDER BY v.indicator_code)
                  FROM sample_value v WHERE v.sample_id = s.id AND v.compliant = false), '[]'::jsonb)) AS payload
         FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, ord)
         JOIN sample s ON s.id = u.id JOIN outfall o ON o.id = s.outfall_id`,
      [sampleIds],
      em,
    );
  }

  /**
   * Each sample with its values (sorted by indicator) as the audit trail shows it (the entity's fields), by id;
   * built in SQL, as batches audit thousands of samples at once.
   */
  private async snapshots(em: EntityManager, ids: string[]): Promise<Map<string, SampleSnapshot>> {
    const out = new Map<string, SampleSnapshot>();
    for (let start = 0; start < ids.length; start += 5000) {
      const rows = await em.query<{ id: string; snapshot: SampleSnapshot }[]>(
        `SELECT s.id, ${snapshotSql(em.connection, 'json')} AS snapshot FROM sample s WHERE s.id = ANY($1::uuid[])`,
        [ids.slice(start, start + 5000)],
      );
      for (const row of rows) out.set(row.id, row.snapshot);
    }
    return out;
  }

  /**
   * One audit row per sample an ingestion created or changed (before: what it held, after: what it holds,
   * values included); a sample sent again unchanged gets none, as nothing changed.
   */
  private async auditChanges(
    em: EntityManager,
    existed: ReadonlyMap<string, unknown>,
    previous: Map<string, SampleSnapshot>,
    ids: string[],
  ): Promise<void> {
    // created samples: their rows are built in the database (thousands per batch, nothing through Node)
    const created = ids.filter((id) => !existed.has(id));
    if (created.length)
      await this.audit.recordCreatesFromQuery(
        em,
        'sample',
        `SELECT s.id::text AS entity_id, ${snapshotSql(em.connection, 'jsonb')} AS after FROM sample s WHERE s.id = ANY($1::uuid[])`,
        [created],
      );
    await this.audit.recordMany(em, await this.updateEntries(em, previous, ids));
  }

  /**
   * A machine or bulk load (batch API, HJ 212 monitor): ONE audit row for the batch (entity type
   * `sample_batch`, action `ingest`; the actor columns name the user or API key) with the counts, the outfalls,
   * the time range and the ids of the samples it created, so each is traceable to its batch (GET /audit-logs
   * with a sample's id finds it). Samples it changed keep their own update row (before and after).
   */
  private async auditBatch(
    em: EntityManager,
    existed: ReadonlyMap<string, unknown>,
    previous: Map<string, SampleSnapshot>,
    result: IngestResult,
    samples: { outfallId: string; sampledAt: Date; source: string }[],
    batch: BatchAudit,
  ): Promise<void> {
    const updates = await this.updateEntries(em, previous, result.sampleIds);
    const created = result.sampleIds.filter((id) => !existed.has(id));
    if (!created.length && !updates.length) return;
    let from = samples[0].sampledAt;
    let to = from;
    for (const s of samples) {
      if (s.sampledAt < from) from = s.sampledAt;
      if (s.sampledAt > to) to = s.sampledAt;
    }
    updates.push({
      action: AuditAction.Ingest,
      entityType: SAMPLE_BATCH_ENTITY,
      entityId: randomUUID(),
      after: {
        via: batch.via,
        sources: [...new Set(samples.map((s) => s.source))].sort(),
        rows: result.rows,
        samplesCreated: result.samplesCreated,
        samplesUpdated: updates.length,
        valuesCreated: result.valuesCreated,
        valuesUpdated: result.valuesUpdated,
        outfallIds: [...new Set(samples.map((s) => s.outfallId))],
        sampledFrom: from.toISOString(),
        sampledTo: to.toISOString(),
        sampleIds: created,
        updatedSampleIds: updates.map((u) => u.entityId),
      },
      omitFromDiff: ['sampleIds'],
    });
    await this.audit.recordMany(em, updates);
  }

  /**
   * Update rows for the re-sent samples whose snapshot changed (what they held before, what they hold now);
   * `previous` holds the samples the ingest could change.
   */
  private async updateEntries(
    em: EntityManager,
    previous: Map<string, SampleSnapshot>,
    ids: string[],
  ): Promise<AuditEntry[]> {
    const sent = ids.filter((id) => previous.has(id));
    if (!sent.length) return [];
    const current = await this.snapshots(em, sent);
    const entries: AuditEntry[] = [];
    for (const id of sent) {
      const before = previous.get(id) ?? null;
      const after = current.get(id) ?? null;
      if (Object.keys(diffSnapshots(before, after)).length)
        entries.push({ action: AuditAction.Update, entityType: 'sample', entityId: id, before, after });
    }
    return entries;
  }

  /**
   * New samples can only move the "monitored" milestone earlier: the earliest Beijing day of the batch per
   * outfall (clamped to its discovery day), kept when a back-entered one or one set by hand before the rule
   * (awaiting review) exists. Each change is audited under the outfall.
   */
  private async advanceMonitoredMilestones(
    em: EntityManager,
    samples: { outfallId: string; sampledAt: Date }[],
  ): Promise<void> {
    const earliest = new Map<string, string>();
    for (const s of samples) {
      const day = beijingDay(s.sampledAt);
      const current = earliest.get(s.outfallId);
      if (!current || day < current) earliest.set(s.outfallId, day);
    }
    // a sample older than the outfall's discovery sets the milestone on the discovery day (docs/milestones.md)
    const day = CLAMP_TO_DISCOVERY('u.day', 'o.discovered_on');
    // the outfalls whose milestone this batch moves (none has it yet, or the workflow's is later): the upsert's
    // own condition, asked first, so a batch of later readings (most batches) reads and writes no milestone
    const moving = await em.query<{ outfall_id: string; day: string }[]>(
      `SELECT u.outfall_id, u.day::text AS day
         FROM unnest($1::uuid[], $2::date[]) AS u(outfall_id, day) JOIN outfall o ON o.id = u.outfall_id
         LEFT JOIN outfall_event e ON e.outfall_id = u.outfall_id AND e.type = $3
        WHERE e.outfall_id IS NULL OR (e.source = 'workflow' AND ${day} < e.effective_on)`,
      [[...earliest.keys()], [...earliest.values()], MilestoneType.Monitored],
    );
    if (!moving.length) return;
    const ids = moving.map((m) => m.outfall_id);
    await this.outfalls.auditMilestones(em, ids, [MilestoneType.Monitored], () =>
      em.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note)
         SELECT u.outfall_id, $3, ${day}, 'workflow', '首次监测'
           FROM unnest($1::uuid[], $2::date[]) AS u(outfall_id, day) JOIN outfall o ON o.id = u.outfall_id
         ON CONFLICT (outfall_id, type) DO UPDATE SET effective_on = EXCLUDED.effective_on, recorded_at = now()
          WHERE outfall_event.source = 'workflow' AND EXCLUDED.effective_on < outfall_event.effective_on`,
        [ids, moving.map((m) => m.day), MilestoneType.Monitored],
      ),
    );
  }

  private async writeAssessments(em: EntityManager, items: [string, ReadingAssessment][]): Promise<void> {
    await em.query(
      `UPDATE sample_value v SET limit_text = u.text, limit_value = u.lim, rule_source = u.src,
              compliant = u.ok, exceedance_multiple = u.mult, deviation = u.dev, deviation_direction = u.dir,
              explanation_zh = u.zh, explanation_en = u.en
         FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::float8[], $5::varchar[], $6::bool[], $7::float8[],
                     $8::float8[], $9::varchar[], $10::varchar[], $11::varchar[])
              AS u(sid, code, text, lim, src, ok, mult, dev, dir, zh, en)
        WHERE v.sample_id = u.sid AND v.indicator_code = u.code`,
      [
        items.map(([sid]) => sid),
        items.map(([, a]) => a.indicatorCode),
        items.map(([, a]) => a.limitText),
        items.map(([, a]) => a.limitValue),
        items.map(([, a]) => a.ruleSource),
        items.map(([, a]) => a.compliant),
        items.map(([, a]) => a.exceedanceMultiple),
        items.map(([, a]) => a.deviation),
        items.map(([, a]) => a.deviationDirection),
        items.map(([, a]) => a.explanationZh),
        items.map(([, a]) => a.explanationEn),
      ],
    );
  }

  /** Assesses every value of the given samples against their outfalls' resolved standards. */
  async reassess(em: EntityManager, sampleIds: string[]): Promise<void> {
    for (let start = 0; start < sampleIds.length; start += 20_000) {
      const chunk = sampleIds.slice(start, start + 20_000);
      const values = await em.query<
        {
          sample_id: string;
          outfall_id: string;
          indicator_code: string;
          value: number;
          qualifier: ValueQualifier;
        }[]
      >(
        `SELECT v.sample_id, s.outfall_id, v.indicator_code, v.value, v.qualifier
           FROM sample_value v JOIN sample s ON s.id = v.sample_id
          WHERE v.sample_id = ANY($1::uuid[])`,
        [chunk],
      );
      const bySample = new Map<string, typeof values>();
      for (const v of values) {
        const list = bySample.get(v.sample_id);
        if (list) list.push(v);
        else bySample.set(v.sample_id, [v]);
      }
      const resolutions = await this.standards.resolveFor(em, [...new Set(values.map((v) => v.outfall_id))]);
      const items: [string, ReadingAssessment][] = [];
      const ss = {
        id: [] as string[],
        standard: [] as (string | null)[],
        exceeding: [] as boolean[],
        count: [] as number[],
      };
      for (const [sampleId, readings] of bySample) {
        const resolution = resolutions.get(readings[0].outfall_id);
        const assessed = assessSample(
          resolution?.standard ?? null,
          readings.map((r) => ({ indicatorCode: r.indicator_code, value: r.value, qualifier: r.qualifier })),
          resolution?.context ?? {},
        );
        let count = 0;
        for (const a of assessed) {
          items.push([sampleId, a]);
          if (a.compliant === false) count++;
        }
        ss.id.push(sampleId);
        ss.standard.push(resolution?.standard.id ?? null);
        ss.exceeding.push(count > 0);
        ss.count.push(count);
      }
      await this.writeAssessments(em, items);
      await em.query(
        `UPDATE sample s SET standard_id = u.std, exceeding = u.ex, exceeding_count = u.n
           FROM unnest($1::uuid[], $2::varchar[], $3::bool[], $4::int[]) AS u(id, std, ex, n)
          WHERE s.id = u.id`,
        [ss.id, ss.standard, ss.exceeding, ss.count],
      );
    }
  }

  /**
   * A merge: the closed outfall's samples move to the survivor (unless it has one at the same time and
   * source), are reassessed against its standard and keep an audit row each (before → after, values
   * included); both outfalls' "monitored" milestones follow. Returns the moved sample ids.
   */
  async moveToOutfall(em: EntityManager, fromId: string, intoId: string): Promise<string[]> {
    const ids = (
      await em.query<{ id: string }[]>(
        `SELECT s.id FROM sample s WHERE s.outfall_id = $1
            AND NOT EXISTS (SELECT 1 FROM sample t WHERE t.outfall_id = $2 AND t.sampled_at = s.sampled_at AND t.source = s.source)`,
        [fromId, intoId],
      )
    ).map((r) => r.id);
    if (ids.length) {
      const before = await this.snapshots(em, ids);
      await em.query(`UPDATE sample SET outfall_id = $2 WHERE id = ANY($1::uuid[])`, [ids, intoId]);
      await this.reassess(em, ids);
      const after = await this.snapshots(em, ids);
      await this.audit.recordMany(
        em,
        ids.map((id) => ({
          action: AuditAction.Update,
          entityType: 'sample',
          entityId: id,
          before: before.get(id),
          after: { ...after.get(id), mergedFromOutfallId: fromId },
        })),
      );
    }
    await this.syncMonitoredMilestones(em, [fromId, intoId]);
    return ids;
  }

  /** Reassesses all samples of these outfalls (after their standard setting or the catalogue changed). */
  async reassessOutfalls(em: EntityManager, outfallIds: string[]): Promise<void> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM sample WHERE outfall_id = ANY($1::uuid[])`,
      [outfallIds],
    );
    if (rows.length)
      await this.reassess(
        em,
        rows.map((r) => r.id),
      );
  }

  /**
   * The "monitored" milestone is the Beijing-time day of the outfall's earliest sample (never before discovery).
   * A back-entered one, or one set by hand before the rule (awaiting review), is left alone; one set here follows
   * the samples (and goes when they all go). Each change is audited under the outfall.
   */
  async syncMonitoredMilestones(em: EntityManager, outfallIds: string[]): Promise<void> {
    await this.outfalls.auditMilestones(em, outfallIds, [MilestoneType.Monitored], async () => {
      await em.query(
        `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note)
         SELECT s.outfall_id, $2, ${CLAMP_TO_DISCOVERY("min((s.sampled_at AT TIME ZONE 'Asia/Shanghai')::date)", 'min(o.discovered_on)')}, 'workflow', '首次监测'
           FROM sample s JOIN outfall o ON o.id = s.outfall_id WHERE s.outfall_id = ANY($1::uuid[]) GROUP BY s.outfall_id
         ON CONFLICT (outfall_id, type) DO UPDATE SET effective_on = EXCLUDED.effective_on, recorded_at = now()
          WHERE outfall_event.source = 'workflow' AND outfall_event.effective_on <> EXCLUDED.effective_on`,
        [outfallIds, MilestoneType.Monitored],
      );
      await em.query(
        `DELETE FROM outfall_event e WHERE e.outfall_id = ANY($1::uuid[]) AND e.type = $2 AND e.source = 'workflow'
            AND NOT EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = e.outfall_id)`,
        [outfallIds, MilestoneType.Monitored],
      );
    });
  }

  async load(em: EntityManager, id: string): Promise<Sample & { values: SampleValue[] }> {
    const sample = await em.getRepository(Sample).findOne({ where: { id }, relations: { values: true } });
    if (!sample) throw DomainException.notFound('Sample', id);
    sample.values?.sort((a, b) => a.indicatorCode.localeCompare(b.indicatorCode));
    return sample as Sample & { values: SampleValue[] };
  }

  /** A sample the caller may see (its outfall is in their jurisdiction), else 404. */
  async get(principal: Principal, id: string): Promise<SampleView> {
    const sample = await this.load(this.dataSource.manager, id).catch(() => null);
    if (!sample) throw DomainException.notFound('Sample', id);
    await this.outfalls.get(principal, sample.outfallId).catch(() => {
      throw DomainException.notFound('Sample', id);
    });
    const missing = await this.required.missingForSamples(this.dataSource.manager, [id]);
    return Object.assign(sample, { missingIndicators: missing.get(id) ?? [] });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const sample = await this.get(principal, id);
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, sample.outfallId, em, { requireActive: false });
      await em.getRepository(Sample).delete({ id });
      await this.syncMonitoredMilestones(em, [sample.outfallId]);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'sample',
        entityId: id,
        before: sample,
      });
    });
  }

  filtered(principal: Principal, query: MonitoringFilterDto): SelectQueryBuilder<Sample> {
    const qb = this.dataSource.getRepository(Sample).createQueryBuilder('s');
    this.scopeToOutfalls(qb, 's.outfall_id', principal, query);
    periodWhere(qb, 's.sampled_at', query);
    if (query.source) qb.andWhere('s.source = :source', { source: query.source });
    if (query.exceeding !== undefined)
      qb.andWhere('s.exceeding = :exceeding', { exceeding: query.exceeding });
    if (query.missingRequired !== undefined) {
      // computed on read from the requirement rules (docs/supervision-signage-indicators.md)
      qb.andWhere(
        `${query.missingRequired ? '' : 'NOT '}EXISTS (SELECT 1 FROM outfall mo WHERE mo.id = s.outfall_id
            AND EXISTS (${missingCodesSql('s', 'mo')}))`,
      );
    }
    if (query.indicator) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM sample_value fv WHERE fv.sample_id = s.id AND fv.indicator_code = :indicator${
          query.exceeding ? ' AND fv.compliant = false' : ''
        })`,
        { indicator: query.indicator },
      );
    }
    return qb;
  }

  /** Samples with their values and outfall (code, name), newest first by default. */
  async list(principal: Principal, query: SampleQueryDto): Promise<PageResult<SampleView>> {
    const qb = this.filtered(principal, query)
      .innerJoin('s.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name', 'o.category', 'o.waterBodyId', 'o.divisionId']);
    const page = await paginate(
      qb,
      query,
      { sampledAt: 's.sampledAt', createdAt: 's.createdAt' },
      '-sampledAt',
      's.id',
    );
    const values = page.items.length
      ? await this.dataSource
          .getRepository(SampleValue)
          .createQueryBuilder('v')
          .where('v.sample_id IN (:...ids)', { ids: page.items.map((s) => s.id) })
          .orderBy('v.indicator_code')
          .getMany()
      : [];
    const bySample = new Map<string, SampleValue[]>();
    for (const v of values) bySample.set(v.sampleId, [...(bySample.get(v.sampleId) ?? []), v]);
    const missing = await this.required.missingForSamples(
      this.dataSource.manager,
      page.items.map((s) => s.id),
    );
    return {
      ...page,
      items: page.items.map((s) =>
        Object.assign(s, { values: bySample.get(s.id) ?? [], missingIndicators: missing.get(s.id) ?? [] }),
      ),
    };
  }
}

/**
 * A sample (alias `s`) and its values (sorted by indicator) as the audit trail shows it (the entity's fields, as
 * TypeORM reads them: `columnJsonSql`), built in SQL as `json` or `jsonb`, as batches audit thousands of samples
 * at once.
 */
function snapshotSql(connection: DataSource, kind: 'json' | 'jsonb'): string {
  const members = (target: typeof Sample | typeof SampleValue, alias: string) =>
    connection
      .getMetadata(target)
      .columns.filter((column) => column.isSelect)
      .map((column) => `'${column.propertyName}', ${columnJsonSql(column, alias)}`)
      .join(', ');
  return `${kind}_build_object(${members(Sample, 's')},
      'values', COALESCE((SELECT ${kind}_agg(${kind}_build_object(${members(SampleValue, 'v')}) ORDER BY v.indicator_code)
        FROM sample_value v WHERE v.sample_id = s.id), '[]'::${kind}))`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user who entered a record (API keys and system jobs leave it empty; the audit row names them). */
export function actorId(principal: Principal): string | null {
  return principal.kind === 'user' && UUID.test(principal.id) ? principal.id : null;
}

/** Why a value cannot be real for this indicator, or null. */
export function impossible(indicator: Indicator, value: number): string | null {
  if (
    (indicator.physicalMin === null || value >= indicator.physicalMin) &&
    (indicator.physicalMax === null || value <= indicator.physicalMax)
  )
    return null;
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  if (indicator.physicalMin !== null && value < indicator.physicalMin) {
    return indicator.physicalMin === 0
      ? `${indicator.nameEn} cannot be negative`
      : `${indicator.nameEn} must be at least ${indicator.physicalMin}${unit}`;
  }
  if (indicator.physicalMax !== null && value > indicator.physicalMax)
    return `${indicator.nameEn} must be at most ${indicator.physicalMax}${unit}`;
  return null;
}
