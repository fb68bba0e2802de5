import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, snapshotSql } from '@outfall/audit';
import { beijingToday, FileStorage, normalizeCode, parseCalendarDay, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  AuditAction,
  BANK_LABELS,
  CATEGORY_CODES,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  DivisionLevel,
  LabelMap,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  OutfallCategory,
  SETUP_APPROVAL_LABELS,
  SETUP_APPROVALS_BY_ROUTE,
  setupRouteOf,
  SUB_TYPES_BY_CATEGORY,
  WebhookEventType,
} from '@outfall/shared-types';
import { WebhookEvents } from '@outfall/webhooks';
import { from as copyFrom } from 'pg-copy-streams';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { OutfallCountCache } from '../outfalls/outfall-count-cache';
import {
  areaSql,
  banReasonsSql,
  KEY_RIVERS_CTE,
  nearestKeyRiverSql,
  OutfallDerivationService,
} from '../outfalls/outfall-derivation.service';
import { sectorCategoriesOf, sectorMessage } from '../outfalls/outfall-gate';
import { Outfall } from '../outfalls/outfall.entity';
import {
  ImportJobData,
  ImportJobResult,
  ImportMode,
  ImportRefusedError,
  RowError,
  yieldToRequests,
} from './import-run';
import { SheetRow, SpreadsheetError, StreamedSheet, streamSpreadsheet } from './spreadsheet.util';

export const OUTFALL_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'outfall-import',
  1,
);

/** The template's columns (Chinese headers, the export uses the same names) and the fields they fill. */
export const OUTFALL_IMPORT_COLUMNS: { header: string; field: string; required: boolean; note: string }[] = [
  {
    header: '排污口编码',
    field: 'localCode',
    required: false,
    note: '留空则按规则自动生成；已存在则更新该排污口',
  },
  { header: '国家统一编码', field: 'nationalCode', required: false, note: '国家统一赋码，可空' },
  { header: '排污口名称', field: 'name', required: true, note: '' },
  {
    header: '排污口类别',
    field: 'category',
    required: true,
    note: '工业排污口 / 城镇污水处理厂排污口 / 农业排污口 / 其他排污口',
  },
  { header: '排污口类型', field: 'subType', required: true, note: '须属于所填类别，见“代码表”' },
  { header: '受纳水体', field: 'water', required: true, note: '河湖名称或代码，如 头屯河 / TTH' },
  { header: '岸别', field: 'bank', required: false, note: '左岸 / 右岸 / 不详' },
  { header: '乡镇（街道）', field: 'division', required: false, note: '名称或区划代码；无边界数据时必填' },
  { header: '经度', field: 'longitude', required: true, note: 'WGS84 / CGCS2000，十进制度' },
  { header: '纬度', field: 'latitude', required: true, note: '' },
  {
    header: '排放方式',
    field: 'dischargeMode',
    required: false,
    note: '连续排放 / 间歇排放 / 季节性排放 / 未见排放',
  },
  {
    header: '排放形式',
    field: 'dischargeMethod',
    required: false,
    note: '管道 / 涵闸 / 明渠 / 沟渠 / 渗流 / 其他',
  },
  { header: '口径（毫米）', field: 'sizeMm', required: false, note: '管径或宽度' },
  { header: '发现日期', field: 'discoveredOn', required: true, note: 'YYYY-MM-DD' },
  { header: '登记日期', field: 'registeredOn', required: false, note: 'YYYY-MM-DD，默认导入当日' },
  { header: '排污许可证号', field: 'permitNumber', required: false, note: '' },
  {
    header: '设置审批',
    field: 'setupApproval',
    required: false,
    note: '无需审批 / 已审批 / 已登记备案 / 审批中 / 未审批',
  },
  { header: '标识牌', field: 'signageInstalled', required: false, note: '已设置 / 未设置' },
];

/**
 * The most rows one outfall import takes. The set-based import ran 100 000 rows in the time and memory
 * bounds of issue 17 (bench/import.js, bench/RESULTS.md); uploads are also capped at 20 MB.
 */
export const OUTFALL_IMPORT_MAX_ROWS = 200_000;
/**
 * How the outfall import slices a file. `stageBatch`: rows per staging statement (COPY or multi-row INSERT).
 * `checkWhileStaging` (PostgreSQL): the per-row checks run on slices of about this many staged rows while the
 * rest of the file is still being read (the reader's worker thread and the checks' database session use
 * different cores; 100,000 rows: stage + checks 9.5 → 7.6 s, bench/RESULTS.md). A spec makes both small to
 * check a short file in many slices.
 */
export const OUTFALL_IMPORT_SLICES = { stageBatch: 2000, checkWhileStaging: 20_000 };
/** Rows per validation statement on the embedded database (between them other requests get the connection). */
const EMBEDDED_CHECK_ROWS = 1000;
/** Ids per transaction when derived facts are recomputed on the embedded database (spatial: slower per id). */
const EMBEDDED_FINISH_IDS = 50;
const MAX_REPORTED_ERRORS = 1000;
/** A staged row's point, as the directory stores it. */
const STAGED_POINT = 'ST_SetSRID(ST_MakePoint(r.v_longitude, r.v_latitude), 4326)';

/** The staged columns, in COPY / recordset order, with their SQL types. */
const STAGED: [string, string][] = [
  ['row_no', 'int'],
  ['local_code', 'text'],
  ['national_code', 'text'],
  ['name', 'text'],
  ['category', 'text'],
  ['sub_type', 'text'],
  ['water', 'text'],
  ['bank', 'text'],
  ['division', 'text'],
  ['longitude', 'text'],
  ['latitude', 'text'],
  ['discharge_mode', 'text'],
  ['discharge_method', 'text'],
  ['size_mm', 'text'],
  ['discovered_on', 'text'],
  ['registered_on', 'text'],
  ['permit_number', 'text'],
  ['setup_approval', 'text'],
  ['signage_installed', 'text'],
  ['v_longitude', 'float8'],
  ['v_latitude', 'float8'],
  ['v_size_mm', 'int'],
  ['v_discovered_on', 'date'],
  ['v_registered_on', 'date'],
  ['v_signage', 'boolean'],
];

type StagedRow = (string | number | boolean | null)[];

/** text → value for one enum: the value itself, its Chinese label, its English label (lower case). */
function lookup<T extends string>(labels: LabelMap<T>): Record<string, T> {
  const map: Record<string, T> = {};
  for (const [value, label] of Object.entries(labels) as [T, { zh: string; en: string }][]) {
    map[label.en.toLowerCase()] = value;
    map[label.zh] = value;
    map[value] = value;
  }
  return map;
}

const zhLabels = (labels: LabelMap<string>) =>
  Object.fromEntries(Object.entries(labels).map(([value, label]) => [value, (label as { zh: string }).zh]));

const LOOKUPS = {
  category: lookup(OUTFALL_CATEGORY_LABELS),
  subType: lookup(OUTFALL_SUB_TYPE_LABELS),
  bank: lookup(BANK_LABELS),
  dischargeMode: lookup(DISCHARGE_MODE_LABELS),
  dischargeMethod: lookup(DISCHARGE_METHOD_LABELS),
  setupApproval: lookup(SETUP_APPROVAL_LABELS),
};

const ZH = {
  category: zhLabels(OUTFALL_CATEGORY_LABELS),
  subType: zhLabels(OUTFALL_SUB_TYPE_LABELS),
  setupApproval: zhLabels(SETUP_APPROVAL_LABELS),
};

const choices = (labels: LabelMap<string>) =>
  Object.values(labels)
    .map((label) => (label as { zh: string }).zh)
    .join('、');

/** A number cell (`'87.41'`, `' 44 '`), or null. */
function number(text: string): number | null {
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function day(text: string): string | null {
  if (!text) return null;
  const parsed = parseCalendarDay(text);
  return 'day' in parsed ? parsed.day : null;
}

/** Builds numbered parameters: `${p(value)}` in a statement's text. */
function params() {
  const values: unknown[] = [];
  const p = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return Object.assign(p, { values });
}

/** COPY text format: backslash escapes, \N for null. */
function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

interface RunState {
  jobId: string;
  /** The connection the checks run on (PostgreSQL: one, without JIT, from the stage to the end of the checks); else the pool. */
  checker?: QueryRunner;
  /** The highest row number staged so far, and the highest whose per-row checks ran during the stage. */
  stagedThrough: number;
  checkedThrough: number;
  /** Row numbers came out of order: the checks made during the stage are dropped and run again on every row. */
  unordered?: boolean;
  /** The per-row checks running during the stage (one slice after another), and the first of them to fail. */
  checking?: Promise<void>;
  checkFailure?: unknown;
  /** COPY FROM STDIN works (PostgreSQL; not PGlite behind its socket, which drops the connection). */
  copy: boolean;
  principal: Principal;
  result: ImportJobResult;
  embedded: boolean;
  chunkRows: number;
}

/**
 * Imports outfalls from XLSX or CSV, set-based (issue 17): the workbook is streamed (ExcelJS's streaming
 * reader, in a worker thread: `streamSpreadsheet`) into a staging table keyed by the job (COPY on PostgreSQL,
 * multi-row INSERT on the embedded database), checked with set-based SQL (codes, references, duplicates,
 * jurisdiction and sector, geometry), every error of every row reported in Chinese with its row number and
 * column, and applied with one statement per table (outfalls with their area and ban flags, registration
 * milestones, fallback entity links, audit rows and webhook events built by the database from the staged
 * rows, nothing loaded into the process), then the duplicate pairs (and every flag of updated outfalls)
 * set-based. All-or-nothing writes nothing when any row is bad; valid-only writes the good rows. Re-importing
 * updates outfalls found by local code (then national code, then the same name on the same water, inside the
 * caller's jurisdiction) instead of duplicating them. A refused file (unreadable, missing columns, no rows,
 * too many rows) fails the job with the reason. On PostgreSQL the apply is one transaction that also
 * completes the job (a rerun finds it done); on the embedded database (one connection for everyone) it runs
 * in short transactions with pauses between them.
 */
@Injectable()
export class OutfallImportJob implements OnModuleInit {
  private readonly logger = new Logger(OutfallImportJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly derivation: OutfallDerivationService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEvents,
    private readonly counts: OutfallCountCache,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(OUTFALL_IMPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const chunkRows = this.config.importChunkRows;
    const state: RunState = {
      jobId: context.id,
      principal,
      embedded: chunkRows !== undefined,
      copy: await this.copySupported(),
      chunkRows: chunkRows ?? 0,
      stagedThrough: 0,
      checkedThrough: 0,
      result: {
        mode: context.data.mode,
        rows: 0,
        created: 0,
        updated: 0,
        rejected: 0,
        committed: false,
        errors: [],
      },
    };
    // a rerun of the job (at-least-once) starts from a clean staging
    await this.cleanup(state.jobId);
    this.memory(state.jobId, 'start');
    const timings: Record<string, number> = {};
    let mark = Date.now();
    // the process's resident memory, peak per phase (MB), next to the phase's time
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
    sampler.unref();
    const lap = (phase: string) => {
      this.memory(state.jobId, `after ${phase}`);
      timings[phase] = Date.now() - mark;
      timings[`${phase}PeakRssMb`] = Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 1048576);
      peakRss = 0;
      mark = Date.now();
    };
    try {
      // PostgreSQL: the checks' connection opens before the stage, which checks slices of rows as they arrive
      // (not when the app has one connection for everyone: the stage needs it)
      if (state.copy && !state.embedded) await this.openChecker(state);
      await this.stage(state, context);
      lap('stage');
      await context.updateProgress(30);
      await this.runChecks(state);
      await this.closeChecker(state);
      lap('validate');
      await context.updateProgress(50);
      const errors = await this.dataSource.query<{ row: number; field: string; message: string }[]>(
        // a row's errors in the sheet's column order (not by the text's collation, which differs by server)
        `SELECT row_no AS row, field, message FROM import_outfall_error WHERE job_id = $1
          ORDER BY row_no, array_position($2::text[], field) NULLS LAST, field COLLATE "C", message COLLATE "C"
          LIMIT ${MAX_REPORTED_ERRORS}`,
        [state.jobId, OUTFALL_IMPORT_COLUMNS.map((column) => column.header)],
      );
      state.result.errors = errors satisfies RowError[];
      const [{ rejected }] = await this.dataSource.query<{ rejected: number }[]>(
        `SELECT count(DISTINCT row_no)::int AS rejected FROM import_outfall_error WHERE job_id = $1`,
        [state.jobId],
      );
      state.result.rejected = rejected;
      if (context.data.mode === ImportMode.AllOrNothing && rejected) return state.result;
      if (state.embedded) await this.applyInChunks(state, context);
      else
        await context.transaction(async (em) => {
          await this.apply(em, state, null);
          state.result.committed = true;
          lap('apply');
          state.result.timingsMs = timings;
          await context.completeIn(em, state.result);
        });
      state.result.committed = true;
      if (state.embedded) lap('apply');
      state.result.timingsMs = timings;
      this.logger.log(`import ${state.jobId}: ${state.result.rows} rows, ${JSON.stringify(timings)} ms`);
      return state.result;
    } finally {
      clearInterval(sampler);
      await this.closeChecker(state);
      await this.cleanup(state.jobId);
    }
  }

  /**
   * The process's memory at a point of the run (MB), logged at LOG_LEVEL=debug: which part an import's peak
   * is (V8's heap, Buffers outside it, or neither: a worker's heap or native memory).
   */
  private memory(jobId: string, point: string): void {
    const m = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1048576);
    this.logger.debug(
      `import ${jobId} ${point}: rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)})`,
    );
  }

  private copyProbe?: Promise<boolean>;

  /** PGlite (reached through its socket even when DATABASE_URL is set, as in the tests) has no COPY FROM STDIN. */
  private copySupported(): Promise<boolean> {
    this.copyProbe ??= this.dataSource
      .query<{ version: string }[]>(`SELECT version()`)
      .then(([row]) => !/pglite|emscripten/i.test(row.version));
    return this.copyProbe;
  }

  private async cleanup(jobId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM import_outfall_row WHERE job_id = $1`, [jobId]);
    await this.dataSource.query(`DELETE FROM import_outfall_error WHERE job_id = $1`, [jobId]);
  }

  /** Streams the file into the staging table, in batches. Refusals throw ImportRefusedError. */
  private async stage(state: RunState, context: JobContext<ImportJobData>): Promise<void> {
    const input = (await this.storage.open(context.data.storageKey)) as Readable;
    let sheet: StreamedSheet | undefined;
    try {
      const opened = await streamSpreadsheet(
        input,
        context.data.fileName,
        '排污口名称',
        OUTFALL_IMPORT_COLUMNS.map((c) => c.header),
      ).catch((error: unknown) => {
        if (error instanceof SpreadsheetError) throw new ImportRefusedError(error.message);
        throw error;
      });
      sheet = opened;
      this.memory(state.jobId, 'header read');
      const missing = OUTFALL_IMPORT_COLUMNS.filter((c) => c.required && !opened.headers.includes(c.header));
      if (missing.length)
        throw new ImportRefusedError(
          `文件缺少必填列：${missing.map((c) => c.header).join('、')} / missing columns: ${missing.map((c) => c.header).join(', ')}`,
        );
      let batch: StagedRow[] = [];
      let rows = 0;
      try {
        for await (const row of opened.rows) {
          if (++rows > OUTFALL_IMPORT_MAX_ROWS)
            throw new ImportRefusedError(
              `文件的数据行超过 ${OUTFALL_IMPORT_MAX_ROWS} 行，请分批导入 / the file has more than ${OUTFALL_IMPORT_MAX_ROWS} data rows`,
            );
          batch.push(this.stagedRow(row));
          if (batch.length >= OUTFALL_IMPORT_SLICES.stageBatch) {
            await this.insertBatch(state, batch);
            this.checkWhileStaging(state, batch);
            batch = [];
            if (rows % 20_000 === 0) this.memory(state.jobId, `staged ${rows} rows`);
            await context.updateProgress(Math.min(29, (rows / OUTFALL_IMPORT_MAX_ROWS) * 100));
          }
        }
      } catch (error) {
        if (error instanceof SpreadsheetError) throw new ImportRefusedError(error.message);
        throw error;
      }
      if (batch.length) await this.insertBatch(state, batch);
      if (!rows) throw new ImportRefusedError('文件中没有数据行 / the file has no data rows');
      await this.checkedWhileStaging(state);
      // the planner's row counts for the staged rows (an unanalysed table is guessed small: nested loops)
      await this.dataSource.query(`ANALYZE import_outfall_row`);
      state.result.rows = rows;
    } finally {
      await sheet?.close();
      input.destroy();
    }
  }

  /** One row's cells as staged: texts (trimmed; codes normalized like the API's DTOs) and parsed values. */
  private stagedRow({ row, values }: SheetRow): StagedRow {
    const get = (header: string) => (values[header] ?? '').trim();
    const signage = get('标识牌');
    const size = number(get('口径（毫米）'));
    return [
      row,
      normalizeCode(get('排污口编码')),
      normalizeCode(get('国家统一编码')),
      get('排污口名称'),
      get('排污口类别'),
      get('排污口类型'),
      get('受纳水体'),
      get('岸别'),
      get('乡镇（街道）'),
      get('经度'),
      get('纬度'),
      get('排放方式'),
      get('排放形式'),
      get('口径（毫米）'),
      get('发现日期'),
      get('登记日期'),
      get('排污许可证号'),
      get('设置审批'),
      signage,
      number(get('经度')),
      number(get('纬度')),
      size !== null && Number.isInteger(size) && size >= 1 && size <= 100_000 ? size : null,
      day(get('发现日期')),
      day(get('登记日期')),
      signage === '' ? null : ['已设置', '是', 'true', 'yes'].includes(signage),
    ];
  }

  /** COPY on PostgreSQL; on the embedded database a multi-row INSERT from a JSON array, then a pause. */
  private async insertBatch(state: RunState, batch: StagedRow[]): Promise<void> {
    const columns = STAGED.map(([name]) => name);
    if (state.copy) {
      const pool = (this.dataSource.driver as unknown as { master: { connect(): Promise<PoolClient> } })
        .master;
      const client = await pool.connect();
      try {
        const text = batch
          .map((row) => [state.jobId, ...row].map((value) => copyField(value)).join('\t'))
          .join('\n');
        const stream = client.query(
          copyFrom(`COPY import_outfall_row (job_id, ${columns.join(', ')}) FROM STDIN`),
        );
        await pipeline(
          (async function* () {
            yield Buffer.from(`${text}\n`, 'utf8');
          })(),
          stream,
        );
      } finally {
        client.release();
      }
      return;
    }
    const records = batch.map((row) => Object.fromEntries(columns.map((name, i) => [name, row[i]])));
    await this.dataSource.query(
      `INSERT INTO import_outfall_row (job_id, ${columns.join(', ')})
       SELECT $1, ${columns.map((c) => `x.${c}`).join(', ')}
         FROM jsonb_to_recordset($2::jsonb) AS x(${STAGED.map(([name, type]) => `${name} ${type}`).join(', ')})`,
      [state.jobId, JSON.stringify(records)],
    );
    await yieldToRequests(this.dataSource);
  }

  /** The row ranges statements run over: everything at once, or slices on the embedded database. */
  private async ranges(state: RunState, size: number, after = 0): Promise<[number, number][]> {
    const [{ lo, hi }] = await this.check<{ lo: number | null; hi: number | null }[]>(
      state,
      `SELECT min(row_no) AS lo, max(row_no) AS hi FROM import_outfall_row WHERE job_id = $1 AND row_no > $2`,
      [state.jobId, after],
    );
    if (lo === null || hi === null) return [];
    if (!state.embedded) return [[lo, hi]];
    const out: [number, number][] = [];
    for (let from = lo; from <= hi; from += size) out.push([from, Math.min(hi, from + size - 1)]);
    return out;
  }

  /** The staged row's coordinates lie in the city's bounding box. */
  private inCity(p: ReturnType<typeof params>): string {
    const box = this.config.cityBbox;
    return `r.v_longitude BETWEEN ${p(box.minLon)} AND ${p(box.maxLon)} AND r.v_latitude BETWEEN ${p(box.minLat)} AND ${p(box.maxLat)}`;
  }

  private inJurisdiction(p: ReturnType<typeof params>, principal: Principal, path: string): string {
    const { jurisdiction } = principal;
    if (jurisdiction.cityWide) return 'TRUE';
    const root = jurisdiction.divisionPath ?? '-';
    return `COALESCE(${path} = ${p(root)} OR ${path} LIKE ${p(`${root}/%`)}, FALSE)`;
  }

  private inSector(p: ReturnType<typeof params>, principal: Principal, category: string): string {
    const sector = sectorCategoriesOf(principal);
    if (!sector) return 'TRUE';
    return `COALESCE(${category} = ANY(${p([...sector])}::varchar[]), FALSE)`;
  }

  /** PostgreSQL: the checks' own connection, without JIT, held from the stage to the end of the checks. */
  private async openChecker(state: RunState): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    state.checker = runner;
    // JIT off: the checks' cost estimates (100,000 rows) made PostgreSQL compile each statement, 0.1–0.5 s
    // apiece, for work that is index probes and PostGIS calls, which compiled code does not speed up
    await runner.query(`SET jit = off`);
    await this.prepareChecks(state);
  }

  /** Waits for the checks still running (a failed stage leaves one behind), then gives the connection back. */
  private async closeChecker(state: RunState): Promise<void> {
    const runner = state.checker;
    if (!runner) return;
    await state.checking;
    state.checker = undefined;
    await runner.query(`RESET jit`).catch(() => undefined);
    await runner.release();
  }

  /**
   * After a staged batch (PostgreSQL): once about `OUTFALL_IMPORT_SLICES.checkWhileStaging` rows are staged past the last
   * checked one, their per-row checks start on the checker, one slice after another, while the stage reads on.
   * A failure is kept and thrown by the stage. Out-of-order row numbers stop it (`checkedWhileStaging`).
   */
  private checkWhileStaging(state: RunState, batch: StagedRow[]): void {
    if (!state.checker || state.unordered) return;
    for (const staged of batch) {
      const rowNo = staged[0] as number;
      if (rowNo <= state.stagedThrough) state.unordered = true;
      state.stagedThrough = rowNo;
    }
    if (state.checkFailure) throw state.checkFailure;
    if (
      state.unordered ||
      state.stagedThrough - state.checkedThrough < OUTFALL_IMPORT_SLICES.checkWhileStaging
    )
      return;
    const [from, to] = [state.checkedThrough + 1, state.stagedThrough];
    state.checkedThrough = to;
    state.checking = (state.checking ?? Promise.resolve())
      .then(() => (state.checkFailure ? undefined : this.checkRows(state, from, to)))
      .catch((error: unknown) => {
        state.checkFailure ??= error;
      });
  }

  /**
   * The end of the stage: waits for the checks that ran during it. Rows out of order (a slice may have missed
   * one): their errors are dropped and every row is checked again by `runChecks`.
   */
  private async checkedWhileStaging(state: RunState): Promise<void> {
    await state.checking;
    if (state.checkFailure) throw state.checkFailure;
    if (state.unordered && state.checkedThrough) {
      await this.check(state, `DELETE FROM import_outfall_error WHERE job_id = $1`, [state.jobId]);
      state.checkedThrough = 0;
    }
  }

  /** A statement of the checks, on their connection. */
  private check<T = unknown>(state: RunState, sql: string, parameters?: unknown[]): Promise<T> {
    return (state.checker ?? this.dataSource).query(sql, parameters) as Promise<T>;
  }

  /**
   * PostgreSQL, once per run, when the checker opens (before the first check): the directory's statistics,
   * fresh as autovacuum keeps them (analysed once 50 rows + 10 % changed). On stale ones (a directory that grew
   * since) the match by name ran on the (water, category) index, 14 µs a row instead of 2.
   */
  private async prepareChecks(state: RunState): Promise<void> {
    const [{ stale }] = await this.check<{ stale: boolean }[]>(
      state,
      `SELECT COALESCE((SELECT s.n_mod_since_analyze > 50 + 0.1 * GREATEST(c.reltuples, 0)
                          FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                         WHERE s.relid = 'outfall'::regclass), false) AS stale`,
    );
    if (stale) await this.check(state, `ANALYZE outfall`);
  }

  /**
   * Every check, set-based; errors go to import_outfall_error, good rows get `ok`. On the embedded database
   * (one connection for everyone, no JIT) on the pool, in slices with pauses; on PostgreSQL on the checker,
   * after the slices checked during the stage.
   */
  private async runChecks(state: RunState): Promise<void> {
    const { jobId } = state;
    const pause = () => (state.embedded ? yieldToRequests(this.dataSource) : Promise.resolve());
    if (state.copy && !state.checker) await this.openChecker(state);
    // the rows the stage did not check
    for (const [from, to] of await this.ranges(state, EMBEDDED_CHECK_ROWS, state.checkedThrough)) {
      await this.checkRows(state, from, to);
      await pause();
    }
    await this.duplicateErrors(state);
    // only the rows with errors are written again (the checks set ok on every row)
    await this.check(
      state,
      `UPDATE import_outfall_row r SET ok = false
         FROM (SELECT DISTINCT e.row_no FROM import_outfall_error e WHERE e.job_id = $1) e
        WHERE r.job_id = $1 AND r.row_no = e.row_no`,
      [jobId],
    );
    await this.check(state, `ANALYZE import_outfall_row`);
  }

  /**
   * The per-row checks of rows `from`–`to`: codes and references, the outfall a row stands for, the township of
   * its point, then every error of each row.
   */
  private async checkRows(state: RunState, from: number, to: number): Promise<void> {
    const { jobId, principal } = state;
    const where = (p: ReturnType<typeof params>) =>
      `r.job_id = ${p(jobId)} AND r.row_no BETWEEN ${p(from)} AND ${p(to)}`;
    // 1. codes and references (enum labels; the water body and the named township, each distinct text
    // resolved once) and 2. the outfall a row stands for: local code, then national code, then the same name
    // on the same water (only inside the caller's jurisdiction: a name is not an identifier). One statement:
    // each pass writes every staged row again
    {
      const p = params();
      const L = p(JSON.stringify(LOOKUPS));
      const label = (kind: string, column: string) =>
        `CASE WHEN r.${column} = '' THEN NULL ELSE COALESCE(${L}::jsonb #>> ARRAY['${kind}', r.${column}], ${L}::jsonb #>> ARRAY['${kind}', lower(r.${column})]) END`;
      await this.check(
        state,
        `WITH wl AS MATERIALIZED (
           SELECT x.water, (SELECT w.id FROM water_body w WHERE w.name = x.water OR w.code = upper(x.water)
                             ORDER BY (w.name = x.water) DESC LIMIT 1) AS id
             FROM (SELECT DISTINCT r.water FROM import_outfall_row r WHERE ${where(p)} AND r.water <> '') x
         ), dl AS MATERIALIZED (
           SELECT x.division, (SELECT d.id FROM division d WHERE d.name = x.division OR d.code = x.division
                                ORDER BY (d.code = x.division) DESC, d.path LIMIT 1) AS id
             FROM (SELECT DISTINCT r.division FROM import_outfall_row r WHERE ${where(p)} AND r.division <> '') x
         )
         UPDATE import_outfall_row r
            SET v_category = ${label('category', 'category')},
                v_sub_type = ${label('subType', 'sub_type')},
                v_bank = ${label('bank', 'bank')},
                v_discharge_mode = ${label('dischargeMode', 'discharge_mode')},
                v_discharge_method = ${label('dischargeMethod', 'discharge_method')},
                v_setup_approval = ${label('setupApproval', 'setup_approval')},
                v_water_body_id = m.water_body_id, v_named_division_id = m.named_division_id,
                existing_id = m.id, existing_by = m.by,
                foreign_match = m.id IS NOT NULL AND m.by <> 'name' AND NOT ${this.inJurisdiction(p, principal, 'm.path')},
                -- the row's outfall (a new one gets a time-ordered id); ok until a check of the row fails
                outfall_id = COALESCE(m.id, ${timeOrderedUuidSql('r.row_no')}), ok = true
           FROM (
             SELECT r2.row_no, wl.id AS water_body_id, dl.id AS named_division_id, COALESCE(lc.id, nc.id, nm.id) AS id,
                    CASE WHEN lc.id IS NOT NULL THEN 'local' WHEN nc.id IS NOT NULL THEN 'national'
                         WHEN nm.id IS NOT NULL THEN 'name' END AS by,
                    (SELECT d.path FROM division d WHERE d.id = COALESCE(lc.division_id, nc.division_id, nm.division_id)) AS path
               FROM import_outfall_row r2
               LEFT JOIN wl ON wl.water = r2.water
               LEFT JOIN dl ON dl.division = r2.division
               LEFT JOIN outfall lc ON r2.local_code <> '' AND lc.local_code = r2.local_code
               LEFT JOIN outfall nc ON r2.national_code <> '' AND nc.national_code = r2.national_code
               LEFT JOIN LATERAL (
                 -- an aggregate, not ORDER BY … LIMIT 1: the lookup stays on the (water, name) index. The name
                 -- as a range of one value (the same rows: text equality is bytewise), which the trigram index
                 -- does not serve: \`=\` was planned on it with a small directory's statistics, 14 µs a row
                 -- instead of 2 (bench/RESULTS.md)
                 SELECT (array_agg(o.id ORDER BY o.created_at, o.id))[1] AS id, (array_agg(o.division_id ORDER BY o.created_at, o.id))[1] AS division_id
                   FROM outfall o
                  WHERE r2.local_code = '' AND o.water_body_id = wl.id
                    AND o.name BETWEEN r2.name AND r2.name
                    AND o.status = 'active'
                    AND EXISTS (SELECT 1 FROM division jd WHERE jd.id = o.division_id
                                   AND ${this.inJurisdiction(p, principal, 'jd.path')})
               ) nm ON TRUE
              WHERE r2.job_id = ${p(jobId)} AND r2.row_no BETWEEN ${p(from)} AND ${p(to)}
           ) m
          WHERE r.job_id = ${p(jobId)} AND r.row_no = m.row_no`,
        p.values,
      );
    }
    // 3. geometry: the township whose boundary holds the point (where the division is resolved: new
    // outfalls, moves, a township named in the file), then the division the outfall gets and why not
    {
      const p = params();
      const inCity = this.inCity(p);
      await this.check(
        state,
        `UPDATE import_outfall_row r SET
            resolve = (r.existing_id IS NULL OR r.v_named_division_id IS NOT NULL
                       OR NOT EXISTS (SELECT 1 FROM outfall x WHERE x.id = r.existing_id
                                        AND x.longitude = r.v_longitude AND x.latitude = r.v_latitude)),
            at_division_id = CASE WHEN ${inCity} AND NOT r.foreign_match THEN (
              SELECT d.id FROM division d
               WHERE d.boundary IS NOT NULL AND d.level IN (${p(DivisionLevel.Township)}, ${p(DivisionLevel.SubDistrict)})
                 AND ST_Contains(d.boundary, ${STAGED_POINT})
               ORDER BY ST_Area(d.boundary) LIMIT 1) END
          WHERE ${where(p)}`,
        p.values,
      );
    }
    {
      const p = params();
      const inCity = this.inCity(p);
      await this.check(
        state,
        `UPDATE import_outfall_row r SET division_id = s.division_id, division_derived = s.derived, geo_problem = s.problem
           FROM (
             SELECT r.row_no,
                    CASE WHEN NOT r.resolve THEN x.division_id
                         WHEN ad.id IS NOT NULL THEN
                           CASE WHEN NOT ${this.inJurisdiction(p, principal, 'ad.path')} THEN NULL
                                WHEN nd.id IS NULL OR nd.id = ad.id THEN ad.id
                                WHEN nd.path LIKE ad.path || '/%' AND (nd.boundary IS NULL OR ST_Contains(nd.boundary, ${STAGED_POINT})) THEN nd.id END
                         WHEN gd.id IS NULL OR (gd.boundary IS NOT NULL AND NOT ST_Contains(gd.boundary, ${STAGED_POINT})) THEN NULL
                         ELSE gd.id END AS division_id,
                    CASE WHEN NOT r.resolve THEN x.division_derived
                         ELSE ad.id IS NOT NULL AND (nd.id IS NULL OR nd.id = ad.id) END AS derived,
                    CASE WHEN NOT r.resolve THEN NULL
                         WHEN ad.id IS NOT NULL THEN
                           CASE WHEN NOT ${this.inJurisdiction(p, principal, 'ad.path')} THEN 'outside_jurisdiction'
                                WHEN nd.id IS NULL OR nd.id = ad.id THEN NULL
                                WHEN nd.path LIKE ad.path || '/%' AND (nd.boundary IS NULL OR ST_Contains(nd.boundary, ${STAGED_POINT})) THEN NULL
                                ELSE 'not_in_named' END
                         WHEN gd.id IS NULL THEN CASE WHEN r.division = '' THEN 'required' END
                         WHEN gd.boundary IS NOT NULL AND NOT ST_Contains(gd.boundary, ${STAGED_POINT}) THEN 'outside_named'
                    END AS problem
               FROM import_outfall_row r
               LEFT JOIN outfall x ON x.id = r.existing_id
               LEFT JOIN division ad ON ad.id = r.at_division_id
               LEFT JOIN division nd ON nd.id = r.v_named_division_id
               LEFT JOIN division gd ON gd.id = COALESCE(r.v_named_division_id, CASE WHEN NOT x.division_derived THEN x.division_id END)
              WHERE ${where(p)} AND ${inCity} AND NOT r.foreign_match
           ) s
          WHERE r.job_id = ${p(jobId)} AND r.row_no = s.row_no`,
        p.values,
      );
    }
    await this.rowErrors(state, from, to);
  }

  /** Every error of each row in the range (one statement): one (column, message) per failed check. */
  private async rowErrors(state: RunState, from: number, to: number): Promise<void> {
    const { principal } = state;
    const p = params();
    const today = p(beijingToday());
    const zh = p(JSON.stringify(ZH));
    const pairs = p(JSON.stringify(SUB_TYPES_BY_CATEGORY));
    const routes = p(
      JSON.stringify(
        Object.fromEntries(
          Object.values(OutfallCategory).map((c) => [c, SETUP_APPROVALS_BY_ROUTE[setupRouteOf(c)]]),
        ),
      ),
    );
    const sectorMessages = p(
      JSON.stringify(
        Object.fromEntries(
          Object.values(OutfallCategory).map((c) => [c, sectorMessage(principal, c).split(' / ')[0]]),
        ),
      ),
    );
    const inCity = this.inCity(p);
    const pointText = `'（' || r.v_longitude || ', ' || r.v_latitude || '）'`;
    const geo = `CASE r.geo_problem
        WHEN 'outside_jurisdiction' THEN '坐标' || ${pointText} || '位于' || ad.name || '，不在您的辖区内'
        WHEN 'not_in_named' THEN '坐标' || ${pointText} || '位于' || ad.name || '，不在所填的' || nd.name || '内'
        WHEN 'outside_named' THEN '坐标' || ${pointText} || '不在' || gd.name || '的边界内' END`;
    const enumError = (column: string, value: string, title: string, labels: LabelMap<string>) =>
      `CASE WHEN r.${column} <> '' AND r.${value} IS NULL THEN '未知的${title}“' || r.${column} || '”（可选：${choices(labels)}）' END`;
    // foreignOutfallMessage's Chinese part, built in SQL
    const foreign = (code: string) =>
      `'编码 ' || ${code} || ' 属于其他乡镇（街道）的排污口，不在您的辖区内，本行未导入'`;
    // each check gives its column's message, or NULL when the row passes it
    const checks: [string, string][] = [
      [
        '排污口编码',
        `CASE
           WHEN char_length(r.local_code) > 32 THEN '排污口编码不能超过 32 个字符'
           WHEN r.foreign_match AND r.existing_by = 'local' THEN ${foreign('r.local_code')}
           WHEN x.id IS NOT NULL AND NOT r.foreign_match AND x.status <> 'active'
             THEN '排污口 ' || x.local_code || ' 已合并，不能再修改' END`,
      ],
      [
        '国家统一编码',
        `CASE
           WHEN char_length(r.national_code) > 64 THEN '国家统一编码不能超过 64 个字符'
           WHEN r.foreign_match AND r.existing_by = 'national' THEN ${foreign('r.national_code')}
           WHEN nx.id IS NOT NULL THEN '国家统一编码 ' || r.national_code || ' 已属于排污口 ' || nx.local_code END`,
      ],
      [
        '排污口名称',
        `CASE
           WHEN r.name = '' THEN '排污口名称必填'
           WHEN char_length(r.name) > 100 THEN '排污口名称不能超过 100 个字符' END`,
      ],
      [
        '排污口类别',
        `CASE
           WHEN r.category = '' THEN '排污口类别必填'
           WHEN r.v_category IS NULL THEN '未知的排污口类别“' || r.category || '”（可选：${choices(OUTFALL_CATEGORY_LABELS)}）'
           WHEN r.foreign_match THEN NULL
           WHEN x.id IS NOT NULL AND NOT ${this.inSector(p, principal, 'x.category')} THEN ${sectorMessages}::jsonb ->> x.category
           WHEN NOT ${this.inSector(p, principal, 'r.v_category')} THEN ${sectorMessages}::jsonb ->> r.v_category END`,
      ],
      [
        '排污口类型',
        `CASE
           WHEN r.sub_type = '' THEN '排污口类型必填'
           WHEN r.v_sub_type IS NULL THEN '未知的排污口类型“' || r.sub_type || '”'
           WHEN r.v_category IS NOT NULL AND NOT (${pairs}::jsonb -> r.v_category) ? r.v_sub_type
             THEN '排污口类型“' || (${zh}::jsonb #>> ARRAY['subType', r.v_sub_type]) || '”不属于“'
                  || (${zh}::jsonb #>> ARRAY['category', r.v_category]) || '”' END`,
      ],
      [
        '受纳水体',
        `CASE
           WHEN r.water = '' THEN '受纳水体必填'
           WHEN r.v_water_body_id IS NULL THEN '未知的受纳水体“' || r.water || '”' END`,
      ],
      [
        '乡镇（街道）',
        `CASE
           WHEN r.division <> '' AND r.v_named_division_id IS NULL THEN '未知的乡镇（街道）“' || r.division || '”'
           WHEN r.geo_problem = 'required' THEN '没有乡镇（街道）边界覆盖该坐标，请填写所在乡镇（街道）'
           WHEN fd.id IS NOT NULL AND NOT r.foreign_match AND NOT ${this.inJurisdiction(p, principal, 'fd.path')}
             THEN '排污口所在乡镇（街道）不在您的辖区内' END`,
      ],
      [
        '经度',
        `CASE
           WHEN r.longitude = '' THEN '经度必填'
           WHEN r.v_longitude IS NULL THEN '经度须为数字'
           WHEN r.v_longitude NOT BETWEEN -180 AND 180 THEN '经度须在 -180 到 180 之间'
           WHEN r.v_latitude BETWEEN -90 AND 90 AND NOT (${inCity})
             THEN '坐标' || ${pointText} || '不在本市范围内'
           ELSE ${geo} END`,
      ],
      [
        '纬度',
        `CASE
           WHEN r.latitude = '' THEN '纬度必填'
           WHEN r.v_latitude IS NULL THEN '纬度须为数字'
           WHEN r.v_latitude NOT BETWEEN -90 AND 90 THEN '纬度须在 -90 到 90 之间'
           ELSE ${geo} END`,
      ],
      [
        '发现日期',
        `CASE
           WHEN r.discovered_on = '' THEN '发现日期必填'
           WHEN r.v_discovered_on IS NULL THEN '发现日期“' || r.discovered_on || '”不是有效日期，须为 YYYY-MM-DD'
           WHEN r.v_discovered_on > ${today}::date THEN '发现日期不能晚于今天'
           WHEN x.id IS NOT NULL AND NOT r.foreign_match AND r.v_discovered_on > x.discovered_on AND EXISTS (
                  SELECT 1 FROM outfall_event ev WHERE ev.outfall_id = x.id AND ev.effective_on < r.v_discovered_on)
             THEN '发现日期不能晚于该排污口已有的节点日期' END`,
      ],
      [
        '登记日期',
        `CASE
           WHEN r.registered_on <> '' AND r.v_registered_on IS NULL THEN '登记日期“' || r.registered_on || '”不是有效日期，须为 YYYY-MM-DD'
           WHEN r.v_registered_on > ${today}::date THEN '登记日期不能晚于今天'
           WHEN r.v_registered_on < r.v_discovered_on THEN '登记日期不能早于发现日期' END`,
      ],
      ['岸别', enumError('bank', 'v_bank', '岸别', BANK_LABELS)],
      ['排放方式', enumError('discharge_mode', 'v_discharge_mode', '排放方式', DISCHARGE_MODE_LABELS)],
      ['排放形式', enumError('discharge_method', 'v_discharge_method', '排放形式', DISCHARGE_METHOD_LABELS)],
      [
        '口径（毫米）',
        `CASE WHEN r.size_mm <> '' AND r.v_size_mm IS NULL THEN '口径须为 1 到 100000 之间的整数（毫米）' END`,
      ],
      [
        '排污许可证号',
        `CASE WHEN char_length(r.permit_number) > 64 THEN '排污许可证号不能超过 64 个字符' END`,
      ],
      [
        '设置审批',
        `CASE
           WHEN r.setup_approval <> '' AND r.v_setup_approval IS NULL
             THEN '未知的设置审批状态“' || r.setup_approval || '”（可选：${choices(SETUP_APPROVAL_LABELS)}）'
           WHEN x.id IS NOT NULL AND x.setup_application_id IS NOT NULL AND r.v_setup_approval IS NOT NULL
                AND r.v_setup_approval IS DISTINCT FROM x.setup_approval
             THEN '该排污口的设置审批状态来自设置审核（登记）记录，不能手工修改'
           WHEN r.v_category IS NOT NULL AND COALESCE(r.v_setup_approval, x.setup_approval) IS NOT NULL
                AND NOT (${routes}::jsonb -> r.v_category) ? COALESCE(r.v_setup_approval, x.setup_approval)
             THEN (${zh}::jsonb #>> ARRAY['category', r.v_category]) || '的设置审批状态不能为“'
                  || (${zh}::jsonb #>> ARRAY['setupApproval', COALESCE(r.v_setup_approval, x.setup_approval)]) || '”' END`,
      ],
    ];
    // the messages of a row as one array (computed once: OFFSET 0 keeps the subquery from being merged into the
    // filter and the unnest, which would compute it twice), unnested only for the rows that fail a check, not
    // one tuple per check and row
    await this.check(
      state,
      `INSERT INTO import_outfall_error (job_id, row_no, field, message)
       SELECT m.job_id, m.row_no, e.field, e.message
         FROM (SELECT r.job_id, r.row_no, ARRAY[${checks.map(([, check]) => check).join(',\n')}]::text[] AS messages
           FROM import_outfall_row r
           LEFT JOIN outfall x ON x.id = r.existing_id
           LEFT JOIN division ad ON ad.id = r.at_division_id
           LEFT JOIN division nd ON nd.id = r.v_named_division_id
           LEFT JOIN division gd ON gd.id = COALESCE(r.v_named_division_id, CASE WHEN NOT x.division_derived THEN x.division_id END)
           LEFT JOIN division fd ON fd.id = r.division_id
           LEFT JOIN outfall nx ON r.national_code <> '' AND nx.national_code = r.national_code AND nx.id IS DISTINCT FROM r.existing_id
          WHERE r.job_id = ${p(state.jobId)} AND r.row_no BETWEEN ${p(from)} AND ${p(to)}
         OFFSET 0) m
        CROSS JOIN LATERAL unnest(${p(checks.map(([field]) => field))}::text[], m.messages) AS e(field, message)
        WHERE num_nonnulls(VARIADIC m.messages) > 0 AND e.message IS NOT NULL`,
      p.values,
    );
  }

  /** Rows of the file that stand for the same outfall: every later one is an error naming the first. */
  private async duplicateErrors(state: RunState): Promise<void> {
    const checks: [string, string, string, string][] = [
      [
        '排污口编码',
        `r.local_code`,
        `r.local_code <> ''`,
        `'排污口编码 ' || d.key || ' 与第 ' || d.first || ' 行重复'`,
      ],
      [
        '国家统一编码',
        `r.national_code`,
        `r.national_code <> ''`,
        `'国家统一编码 ' || d.key || ' 与第 ' || d.first || ' 行重复'`,
      ],
      [
        '排污口名称',
        `r.existing_id::text`,
        `r.existing_id IS NOT NULL AND r.existing_by = 'name'`,
        `'与第 ' || d.first || ' 行对应同一个排污口'`,
      ],
      [
        '排污口名称',
        `r.name || '|' || r.v_water_body_id`,
        `r.existing_id IS NULL AND r.local_code = '' AND r.v_water_body_id IS NOT NULL AND r.name <> ''`,
        `'与第 ' || d.first || ' 行重复（同一受纳水体上的同名排污口）'`,
      ],
    ];
    for (const [field, key, filter, message] of checks) {
      await this.check(
        state,
        `INSERT INTO import_outfall_error (job_id, row_no, field, message)
         SELECT $1, d.row_no, $2, ${message}
           FROM (SELECT r.row_no, ${key} AS key, min(r.row_no) OVER (PARTITION BY ${key}) AS first
                   FROM import_outfall_row r WHERE r.job_id = $1 AND ${filter}) d
          WHERE d.row_no > d.first`,
        [state.jobId, field],
      );
    }
  }

  /** The embedded database: the apply in short transactions (a slice of rows each), pauses between them. */
  private async applyInChunks(state: RunState, context: JobContext<ImportJobData>): Promise<void> {
    const ranges = await this.ranges(state, Math.max(1, state.chunkRows));
    let done = 0;
    const touched = { created: [] as string[], updated: [] as string[] };
    for (const range of ranges) {
      const ids = await context.transaction((em) => this.apply(em, state, range, false));
      touched.created.push(...ids.created);
      touched.updated.push(...ids.updated);
      await context.updateProgress(50 + (++done / ranges.length) * 35);
      await yieldToRequests(this.dataSource);
    }
    const total = touched.created.length + touched.updated.length;
    for (let i = 0; i < total; i += EMBEDDED_FINISH_IDS) {
      const slice = (ids: string[], from: number) =>
        ids.slice(Math.max(0, i - from), Math.max(0, i + EMBEDDED_FINISH_IDS - from));
      await context.transaction((em) =>
        this.recompute(em, {
          created: slice(touched.created, 0),
          updated: slice(touched.updated, touched.created.length),
        }),
      );
      await context.updateProgress(85 + (i / total) * 15);
      await yieldToRequests(this.dataSource);
    }
  }

  /**
   * Writes the good rows of a range (or all): new outfalls with their codes, registration milestones and
   * fallback entity links; updates; one audit row per created / updated outfall; webhook events; then
   * (unless `recompute` is false) the derived flags. Returns the ids written.
   */
  private async apply(
    em: EntityManager,
    state: RunState,
    range: [number, number] | null,
    recompute = true,
  ): Promise<{ created: string[]; updated: string[] }> {
    this.counts.invalidate();
    const { jobId } = state;
    // JIT off, as for the checks: compiling the outfall insert alone took 1 s (109 functions)
    if (state.copy) await em.query(`SET LOCAL jit = off`);
    const scope = (p: ReturnType<typeof params>) => scopeSql(p, jobId, range);
    // generated local codes: {water}-{category}-{seq}, numbered on from the highest in use, per prefix
    const pattern = this.config.OUTFALL_CODE_PATTERN;
    const prefixPattern = pattern.replace(/\{seq(:\d)?\}.*$/, '');
    const width = Number(/\{seq:(\d)\}/.exec(pattern)?.[1] ?? 1);
    // the prefix of a generated code, for the rows that need one (new outfalls without a code in the file)
    const prefixes = (p: ReturnType<typeof params>) =>
      `SELECT r.row_no, replace(replace(replace(${p(prefixPattern)}::text, '{water}', w.code),
                '{category}', ${p(JSON.stringify(CATEGORY_CODES))}::jsonb ->> r.v_category), '{division}', d.code) AS prefix
         FROM import_outfall_row r JOIN water_body w ON w.id = r.v_water_body_id JOIN division d ON d.id = r.division_id
        WHERE ${scope(p)} AND r.existing_id IS NULL AND r.local_code = ''`;
    {
      const p = params();
      // serialise code generation per prefix for the rest of the transaction (as a single create does)
      await em.query(
        `SELECT count(pg_advisory_xact_lock(hashtext(s.prefix)))
           FROM (SELECT DISTINCT g.prefix FROM (${prefixes(p)}) g ORDER BY 1) s`,
        p.values,
      );
    }
    const snapshot = snapshotSql(em.connection.getMetadata(Outfall), 'o');
    // the records before the update, for the audit
    {
      const p = params();
      await em.query(
        `UPDATE import_outfall_row r SET before = ${snapshot}
           FROM outfall o WHERE ${scope(p)} AND r.existing_id IS NOT NULL AND o.id = r.existing_id`,
        p.values,
      );
    }
    // new outfalls with their derived area and ban flags (the statements the derivation runs, set-based here,
    // so the rows are not rewritten and audited again; duplicates need the rows in place: after) and their
    // generated codes, numbered on from the highest in use per prefix in the same statement (written to the
    // staging rows first, they cost a pass over every row)
    {
      const p = params();
      const threshold = p(this.config.KEY_AREA_DISTANCE_M);
      const w = p(width);
      await em.query(
        `WITH todo AS MATERIALIZED (
           SELECT g.row_no, g.prefix, row_number() OVER (PARTITION BY g.prefix ORDER BY g.row_no) AS n
             FROM (${prefixes(p)}) g
         ), explicit AS MATERIALIZED (
           -- the codes the file gives (usually few): scanned once, not once per prefix
           SELECT s.local_code FROM import_outfall_row s WHERE s.job_id = ${p(jobId)} AND s.local_code <> ''
         ), base AS MATERIALIZED (
           SELECT t.prefix, GREATEST(
                    (SELECT max(substring(o.local_code from length(t.prefix) + 1)::int) FROM outfall o
                      WHERE o.local_code LIKE replace(replace(replace(t.prefix, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
                        AND substring(o.local_code from length(t.prefix) + 1) ~ '^[0-9]{1,9}$'),
                    (SELECT max(substring(s.local_code from length(t.prefix) + 1)::int) FROM explicit s
                      WHERE s.local_code LIKE replace(replace(replace(t.prefix, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
                        AND substring(s.local_code from length(t.prefix) + 1) ~ '^[0-9]{1,9}$'),
                    0) AS max
             FROM (SELECT DISTINCT prefix FROM todo) t
         ), ${KEY_RIVERS_CTE}, generated AS MATERIALIZED (
           SELECT t.row_no, t.prefix || lpad((b.max + t.n)::text, GREATEST(${w}::int, length((b.max + t.n)::text)), '0') AS code
             FROM todo t JOIN base b ON b.prefix = t.prefix
         )
         INSERT INTO outfall (id, national_code, local_code, name, category, sub_type, longitude, latitude, location,
                              water_body_id, bank, division_id, division_derived, discharge_mode, discharge_method,
                              size_mm, discovered_on, permit_number, setup_approval, signage_installed, version,
                              key_distance_m, key_water_body_id, area, ban_candidate, ban_reasons)
         SELECT r.outfall_id, NULLIF(r.national_code, ''), CASE WHEN r.local_code <> '' THEN r.local_code ELSE c.code END,
                r.name, r.v_category, r.v_sub_type, r.v_longitude, r.v_latitude,
                ${STAGED_POINT}, r.v_water_body_id, COALESCE(r.v_bank, 'unknown'),
                r.division_id, r.division_derived, r.v_discharge_mode, r.v_discharge_method, r.v_size_mm, r.v_discovered_on,
                NULLIF(r.permit_number, ''), r.v_setup_approval, COALESCE(r.v_signage, false), 1,
                k.distance, k.water_body_id, ${areaSql('k.distance', threshold)}, b.reasons <> '[]'::jsonb, b.reasons
           FROM import_outfall_row r
           LEFT JOIN generated c ON c.row_no = r.row_no
           LEFT JOIN LATERAL (${nearestKeyRiverSql(STAGED_POINT)}) k ON TRUE
          CROSS JOIN LATERAL (SELECT ${banReasonsSql(STAGED_POINT)} AS reasons) b
          WHERE ${scope(p)} AND r.existing_id IS NULL
          ORDER BY r.row_no`,
        p.values,
      );
    }
    {
      const p = params();
      await em.query(
        `INSERT INTO outfall_event (id, outfall_id, type, effective_on, source)
         SELECT uuid_time_ordered(), r.outfall_id, 'registered', COALESCE(r.v_registered_on, ${p(beijingToday())}::date), 'import'
           FROM import_outfall_row r WHERE ${scope(p)} AND r.existing_id IS NULL`,
        p.values,
      );
    }
    {
      const p = params();
      await em.query(
        `UPDATE outfall o SET
            name = r.name, category = r.v_category, sub_type = r.v_sub_type,
            longitude = r.v_longitude, latitude = r.v_latitude,
            location = CASE WHEN o.longitude = r.v_longitude AND o.latitude = r.v_latitude THEN o.location
                            ELSE ${STAGED_POINT} END,
            water_body_id = r.v_water_body_id, discovered_on = r.v_discovered_on,
            national_code = COALESCE(NULLIF(r.national_code, ''), o.national_code),
            bank = COALESCE(r.v_bank, o.bank),
            division_id = r.division_id, division_derived = r.division_derived,
            boundary_division_id = CASE WHEN r.resolve THEN NULL ELSE o.boundary_division_id END,
            discharge_mode = COALESCE(r.v_discharge_mode, o.discharge_mode),
            discharge_method = COALESCE(r.v_discharge_method, o.discharge_method),
            size_mm = COALESCE(r.v_size_mm, o.size_mm),
            permit_number = COALESCE(NULLIF(r.permit_number, ''), o.permit_number),
            setup_approval = COALESCE(r.v_setup_approval, o.setup_approval),
            signage_installed = COALESCE(r.v_signage, o.signage_installed),
            version = o.version + 1, updated_at = now()
           FROM import_outfall_row r
          WHERE ${scope(p)} AND r.existing_id IS NOT NULL AND o.id = r.existing_id`,
        p.values,
      );
    }
    // fallback responsible entity (the township) for outfalls without a main one: the township's entity is
    // created on first use (audited, by the entities service), then every link in one statement
    await this.fallbacks(em, state, range);
    // one audit row per created / updated outfall and the webhook events, built by the database
    const rowsOf = (p: ReturnType<typeof params>, created: boolean) =>
      `FROM import_outfall_row r JOIN outfall o ON o.id = r.outfall_id
        WHERE ${scope(p)} AND r.existing_id IS ${created ? '' : 'NOT '}NULL`;
    {
      const p = params();
      await this.audit.recordCreatesFromQuery(
        em,
        'outfall',
        `SELECT o.id::text AS entity_id, ${snapshot} AS after ${rowsOf(p, true)}`,
        p.values,
      );
    }
    {
      const p = params();
      await this.audit.recordFromQuery(
        em,
        AuditAction.Update,
        'outfall',
        `SELECT o.id::text AS entity_id, r.before, ${snapshot} AS after ${rowsOf(p, false)}`,
        p.values,
      );
    }
    const changed = `array_remove(ARRAY['name', 'category', 'subType', 'longitude', 'latitude', 'waterBodyId', 'discoveredOn',
        CASE WHEN r.national_code <> '' THEN 'nationalCode' END, CASE WHEN r.v_bank IS NOT NULL THEN 'bank' END,
        CASE WHEN r.v_named_division_id IS NOT NULL THEN 'divisionId' END,
        CASE WHEN r.v_discharge_mode IS NOT NULL THEN 'dischargeMode' END,
        CASE WHEN r.v_discharge_method IS NOT NULL THEN 'dischargeMethod' END,
        CASE WHEN r.v_size_mm IS NOT NULL THEN 'sizeMm' END, CASE WHEN r.permit_number <> '' THEN 'permitNumber' END,
        CASE WHEN r.v_setup_approval IS NOT NULL THEN 'setupApproval' END,
        CASE WHEN r.v_signage IS NOT NULL THEN 'signageInstalled' END]::text[], NULL)`;
    for (const created of [true, false]) {
      // the select's parameters follow the event type ($1)
      const p = params();
      p(null);
      const select = `SELECT o.id AS record_id, o.division_id,
                             jsonb_build_object('id', o.id, 'localCode', o.local_code, 'nationalCode', o.national_code,
                               'name', o.name, 'category', o.category, 'status', o.status, 'divisionId', o.division_id,
                               'version', o.version${created ? '' : `, 'changed', to_jsonb(${changed})`}) AS payload,
                             r.row_no AS ord
                        ${rowsOf(p, created)}`;
      await this.webhooks.publishFromQuery(
        created ? WebhookEventType.OutfallCreated : WebhookEventType.OutfallUpdated,
        select,
        p.values.slice(1),
        em,
      );
    }
    const ids = { created: [] as string[], updated: [] as string[] };
    {
      const p = params();
      const rows = await em.query<{ id: string; created: boolean }[]>(
        `SELECT r.outfall_id AS id, r.existing_id IS NULL AS created FROM import_outfall_row r WHERE ${scope(p)}`,
        p.values,
      );
      for (const row of rows) (row.created ? ids.created : ids.updated).push(row.id);
    }
    // thousands of new rows make the directory's statistics stale: the derived flags' spatial joins would
    // be planned for the old size (a hash join over every pair on a water instead of the GiST index)
    if (ids.created.length >= 1000) await em.query(`ANALYZE outfall`);
    if (recompute) await this.recompute(em, ids);
    // on the embedded database the rows are applied in slices (a rerun skips those done); on PostgreSQL the
    // apply commits with the job
    if (range) {
      const p = params();
      await em.query(`UPDATE import_outfall_row r SET applied = true WHERE ${scope(p)}`, p.values);
    }
    state.result.created += ids.created.length;
    state.result.updated += ids.updated.length;
    return ids;
  }

  /**
   * Derived flags after the rows: new outfalls got their area and ban flags when inserted and need only their
   * duplicate pairs; updated ones (a move, another water) get every flag again.
   */
  private async recompute(em: EntityManager, ids: { created: string[]; updated: string[] }): Promise<void> {
    if (ids.created.length) await this.derivation.recomputeDuplicates(em, ids.created);
    if (ids.updated.length) await this.derivation.recomputeAll(em, ids.updated);
  }

  /** Fallback links: new outfalls, and updated ones whose township changed (their old fallback goes). */
  private async fallbacks(em: EntityManager, state: RunState, range: [number, number] | null): Promise<void> {
    const scope = (p: ReturnType<typeof params>) => scopeSql(p, state.jobId, range);
    const p = params();
    const changed = await em.query<{ id: string; division_id: string }[]>(
      `SELECT r.outfall_id AS id, r.division_id FROM import_outfall_row r
        WHERE ${scope(p)} AND r.existing_id IS NOT NULL AND (r.before ->> 'divisionId')::uuid IS DISTINCT FROM r.division_id
        ORDER BY r.row_no`,
      p.values,
    );
    for (const t of changed) await this.entities.ensureFallback(em, t.id, t.division_id);
    // the first new outfall of each township without a fallback entity yet creates it (audited)
    const q = params();
    const missing = await em.query<{ id: string; division_id: string }[]>(
      `SELECT DISTINCT ON (r.division_id) r.outfall_id AS id, r.division_id FROM import_outfall_row r
        WHERE ${scope(q)} AND r.existing_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM responsible_entity e WHERE e.fallback_for_division_id = r.division_id)
        ORDER BY r.division_id, r.row_no`,
      q.values,
    );
    for (const t of missing) await this.entities.ensureFallback(em, t.id, t.division_id);
    const l = params();
    await em.query(
      `INSERT INTO outfall_entity (id, outfall_id, entity_id, is_main, is_fallback)
       SELECT uuid_time_ordered(), r.outfall_id, e.id, true, true
         FROM import_outfall_row r
         JOIN LATERAL (SELECT e.id FROM responsible_entity e WHERE e.fallback_for_division_id = r.division_id
                        ORDER BY e.id LIMIT 1) e ON TRUE
        WHERE ${scope(l)} AND r.existing_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM outfall_entity x WHERE x.outfall_id = r.outfall_id AND x.is_main)`,
      l.values,
    );
  }
}

interface PoolClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
  release(): void;
}

/**
 * A new outfall's id, in the UUID version 7 layout: the start of the statement that checks the row, in
 * milliseconds since 1970 (48 bits; later slices of a file are checked later), the version, the row's number
 * (20 bits, around the variant bits), then 54 random bits (from `random()`, as `uuid_time_ordered()` since
 * migration 1769980000000: ids are not secrets, and the strong generator cost 2.6 µs a call). An import's ids then sort in file order, together,
 * in every index led by the outfall id (the outfall's key, milestones, history, change feed, audit, entity
 * links): each index's new entries fill adjacent pages instead of one random page each. With random ids
 * 100,000 rows dirtied every page of those indexes, and after a checkpoint each page went to the WAL whole:
 * the apply took 30–40 s instead of 26–29 s (bench/RESULTS.md).
 */
function timeOrderedUuidSql(rowNo: string): string {
  return `(lpad(to_hex(floor(extract(epoch FROM now()) * 1000)::bigint), 12, '0') || '7'
           || lpad(to_hex((${rowNo} >> 8) & 4095), 3, '0')
           || to_hex(32768 | ((${rowNo} & 255) << 6) | floor(random() * 64)::int)
           || lpad(to_hex(floor(random() * 281474976710656)::bigint), 12, '0'))::uuid`;
}

function scopeSql(p: ReturnType<typeof params>, jobId: string, range: [number, number] | null): string {
  return `r.job_id = ${p(jobId)} AND r.ok AND NOT r.applied${range ? ` AND r.row_no BETWEEN ${p(range[0])} AND ${p(range[1])}` : ''}`;
}
