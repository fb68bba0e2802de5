import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { FieldError, FileStorage } from '@outfall/common';
import {
  ImportJobData,
  ImportJobResult,
  ImportMode,
  ImportRefusedError,
  ImportRun,
  storeSpreadsheetUpload,
  MAX_IMPORT_ROWS,
  UploadedSpreadsheet,
} from '@outfall/directory';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { AuditAction, SAMPLE_SOURCE_LABELS, SampleSource, ValueQualifier } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { Indicator } from '../indicators/indicator.entity';
import { IndicatorsService } from '../indicators/indicators.service';
import { SamplesService } from './samples.service';

export const SAMPLE_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'sample-import',
  1,
);

/** The fixed columns; each further column whose header names an indicator holds its readings. */
export const SAMPLE_IMPORT_COLUMNS = [
  { header: '排污口编码', field: 'outfallCode', required: true, note: '本地编码或国家统一编码' },
  { header: '采样时间', field: 'sampledAt', required: true, note: '如 2024-05-01 10:30（北京时间）' },
  {
    header: '数据来源',
    field: 'source',
    required: true,
    note: '人工采样 / 监督性监测 / 在线监测 / 企业自行监测',
  },
  { header: '监测机构', field: 'laboratory', required: false, note: '实验室或在线监测设备' },
];

/** "化学需氧量（mg/L）", "COD(mg/L)", "cod" → the indicator. */
export function indicatorForHeader(header: string, catalogue: Indicator[]): Indicator | undefined {
  const bare = header
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .trim()
    .toLowerCase();
  return catalogue.find(
    (i) => i.code === bare || i.nameZh.toLowerCase() === bare || i.nameEn.toLowerCase() === bare,
  );
}

/**
 * A cell as a reading. Chinese lab reports write a value below the detection limit as the limit followed
 * by "L" (0.025L); "<0.025" and "ND(0.025)" / "未检出(0.025)" are read the same way.
 */
export function parseReading(
  text: string,
): { value: number; qualifier: ValueQualifier; detectionLimit?: number } | { error: string } | null {
  const cell = text.trim().replace(/，/g, ',');
  if (!cell) return null;
  const below =
    /^([0-9.]+)\s*L$/i.exec(cell) ??
    /^[<＜]\s*([0-9.]+)$/.exec(cell) ??
    /^(?:ND|未检出)\s*[（(]\s*([0-9.]+)\s*[）)]$/i.exec(cell);
  if (below) {
    const limit = Number(below[1]);
    if (!Number.isFinite(limit) || limit <= 0) return { error: `"${text}" is not a detection limit` };
    return { value: limit, qualifier: ValueQualifier.BelowDetection, detectionLimit: limit };
  }
  const estimated = /^(?:约|~)\s*(-?[0-9.]+)$/.exec(cell);
  if (estimated) return { value: Number(estimated[1]), qualifier: ValueQualifier.Estimated };
  const value = Number(cell);
  if (!/^-?[0-9.]+(e-?\d+)?$/i.test(cell) || !Number.isFinite(value))
    return { error: `"${text}" is not a number` };
  return { value, qualifier: ValueQualifier.Measured };
}

function sourceOf(text: string): string {
  const cell = text.trim();
  const match = (Object.values(SampleSource) as SampleSource[]).find(
    (s) =>
      s === cell ||
      SAMPLE_SOURCE_LABELS[s].zh === cell ||
      SAMPLE_SOURCE_LABELS[s].en.toLowerCase() === cell.toLowerCase(),
  );
  return match ?? cell;
}

/**
 * Imports monitoring records from a spreadsheet (one row per sample, one column per indicator) as a queued
 * job. Rows are checked like the batch API; re-importing the same file changes nothing.
 */
@Injectable()
export class SampleImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly queue: QueueService,
    private readonly storage: FileStorage,
    private readonly samples: SamplesService,
    private readonly indicators: IndicatorsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.runner.register(SAMPLE_IMPORT_JOB, (context) => this.run(context));
  }

  async start(file: UploadedSpreadsheet | undefined, mode: ImportMode): Promise<JobRecord> {
    return this.queue.enqueue(SAMPLE_IMPORT_JOB, {
      ...(await storeSpreadsheetUpload(this.storage, file)),
      mode,
    });
  }

  async template(): Promise<Buffer> {
    const indicators = await this.indicators.list();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('监测数据');
    sheet.columns = [
      ...SAMPLE_IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: 20 })),
      ...indicators.map((i) => ({
        header: `${i.nameZh}${i.unit ? `（${i.unit}）` : ''}`,
        key: i.code,
        width: 14,
      })),
    ];
    sheet.getRow(1).font = { bold: true };
    SAMPLE_IMPORT_COLUMNS.forEach((c, index) => {
      sheet.getRow(1).getCell(index + 1).note = `${c.required ? '必填。' : ''}${c.note}`;
    });
    const notes = workbook.addWorksheet('填写说明');
    notes.addRows([
      ['每行一次采样：同一排污口、采样时间和数据来源视为同一条记录，重复导入只更新不新增。'],
      ['低于检出限写作检出限加 L，如 0.025L；也可写 <0.025 或 ND(0.025)。估算值前加“约”。'],
      [
        '数据来源可填：' +
          Object.values(SAMPLE_SOURCE_LABELS)
            .map((l) => l.zh)
            .join('、'),
      ],
      ['指标列可增删，表头写指标名称（可带单位），如“化学需氧量（mg/L）”。'],
    ]);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async run(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const run = new ImportRun(context.data);
    const catalogue = await this.indicators.list();
    const sheet = await run.load(this.storage, '排污口编码', SAMPLE_IMPORT_COLUMNS);
    const indicatorColumns = sheet.headers
      .map((header) => ({ header, indicator: indicatorForHeader(header, catalogue) }))
      .filter((c): c is { header: string; indicator: Indicator } => !!c.indicator);
    if (!indicatorColumns.length)
      throw new ImportRefusedError(
        '文件中没有指标列（如“化学需氧量（mg/L）”） / no column names an indicator (e.g. 化学需氧量（mg/L）)',
      );
    const readings: Record<string, unknown>[] = [];
    const sheetRowOf: number[] = [];
    const rowErrors = new Map<number, FieldError[]>();
    const addError = (row: number, error: FieldError) =>
      rowErrors.set(row, [...(rowErrors.get(row) ?? []), error]);
    for (const { row, values } of sheet.rows) {
      const base = {
        outfallCode: values['排污口编码'] ?? '',
        sampledAt: values['采样时间'] ?? '',
        source: sourceOf(values['数据来源'] ?? ''),
        laboratory: values['监测机构'] || undefined,
      };
      let any = false;
      for (const { header, indicator } of indicatorColumns) {
        const parsed = parseReading(values[header] ?? '');
        if (!parsed) continue;
        any = true;
        if ('error' in parsed) {
          addError(row, { field: header, message: parsed.error });
          continue;
        }
        readings.push({ ...base, indicator: indicator.code, ...parsed });
        sheetRowOf.push(row);
      }
      if (!any) addError(row, { field: 'row', message: 'the row has no reading' });
    }
    const checked = await this.samples.checkRows(principal, readings, 'r', MAX_IMPORT_ROWS * 50);
    for (const error of checked.errors) {
      const index = Number(/^r\[(\d+)\]/.exec(error.field)?.[1]);
      const field = error.field.replace(/^r\[\d+\]\./, '');
      const header =
        {
          outfallId: '排污口编码',
          outfallCode: '排污口编码',
          sampledAt: '采样时间',
          source: '数据来源',
          laboratory: '监测机构',
        }[field] ??
        indicatorColumns.find((c) => c.indicator.code === (readings[index]?.indicator as string))?.header ??
        field;
      const row = sheetRowOf[index];
      if (!(rowErrors.get(row) ?? []).some((e) => e.field === header && e.message === error.message))
        addError(row, { field: header, message: error.message });
    }
    return run.write(
      this.dataSource,
      sheet.rows,
      async (_em, { row }) => rowErrors.get(row) ?? [],
      (percent) => context.updateProgress(percent * 0.5),
      async (em) => {
        const good = checked.rows.filter((_, i) => !rowErrors.has(sheetRowOf[checked.rowOf[i]]));
        const result = await this.samples.ingest(em, principal, good);
        run.result.created = result.samplesCreated;
        run.result.updated = result.samplesUpdated;
        await this.audit.record(em, {
          action: AuditAction.Create,
          entityType: 'sample_import',
          entityId: context.id,
          after: { fileName: context.data.fileName, ...result, sampleIds: result.sampleIds.slice(0, 200) },
        });
        await context.updateProgress(95);
      },
    );
  }
}
