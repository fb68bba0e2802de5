import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingDateTime, FileStorage, Principal, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  zhLabel,
  OUTFALL_CATEGORY_LABELS,
  SAMPLE_SOURCE_LABELS,
  SEWAGE_ORIGIN_LABELS,
  TRACING_METHOD_LABELS,
  ValueQualifier,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { LedgerKind, MonitoringFilterDto } from '../dto/monitoring.dto';
import { IndicatorsService } from '../indicators/indicators.service';
import { Sample, SampleValue } from '../samples/sample.entity';
import { SamplesService } from '../samples/samples.service';
import { TracingService } from '../tracing/tracing.service';

export interface LedgerJobData {
  kind: LedgerKind;
  filter: Record<string, string | boolean>;
}

export interface LedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const MONITORING_LEDGER_JOB = defineJob<LedgerJobData, LedgerJobResult>(
  QueueName.Exports,
  'monitoring-ledger',
);

const BATCH = 500;
const TITLES: Record<LedgerKind, string> = {
  [LedgerKind.WaterQuality]: '水质监测台账',
  [LedgerKind.Tracing]: '溯源结果台账',
  [LedgerKind.PollutionSources]: '污染源清单',
};

/** Beijing time as "YYYY-MM-DD HH:mm" for the sheets. */
export const beijing = (at: Date | string | null): string => beijingDateTime(at);

/**
 * The water-quality monitoring ledger (水质监测台账), the tracing-results ledger (溯源结果台账) and the
 * pollution-source list (污染源清单) as XLSX_CONTENT_TYPE with Chinese headers, for a period and the list filters, within
 * the requester's jurisdiction.
 */
@Injectable()
export class MonitoringLedgerJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly samples: SamplesService,
    private readonly tracing: TracingService,
    private readonly indicators: IndicatorsService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(MONITORING_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<LedgerJobData>): Promise<LedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const filter = context.data.filter as unknown as MonitoringFilterDto;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const title = TITLES[context.data.kind];
    const sheet = workbook.addWorksheet(title);
    let rows: number;
    switch (context.data.kind) {
      case LedgerKind.WaterQuality:
        rows = await this.waterQuality(sheet, principal, filter, context);
        break;
      case LedgerKind.Tracing:
        rows = await this.tracingLedger(sheet, principal, filter, context);
        break;
      case LedgerKind.PollutionSources:
        rows = await this.pollutionSources(sheet, principal, filter, context);
        break;
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    const period = filter.from || filter.to ? `-${filter.from ?? ''}~${filter.to ?? ''}` : '';
    return {
      rows,
      file: {
        storageKey,
        fileName: `${title}${period}-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }

  private async waterQuality(
    sheet: ExcelJS.Worksheet,
    principal: Principal,
    filter: MonitoringFilterDto,
    context: JobContext<LedgerJobData>,
  ): Promise<number> {
    const indicators = await this.indicators.list();
    const nameOf = (code: string) => indicators.find((i) => i.code === code)?.nameZh ?? code;
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: '排污口编码', key: 'code', width: 16 },
      { header: '排污口名称', key: 'name', width: 32 },
      { header: '排污口类别', key: 'category', width: 16 },
      { header: '受纳水体', key: 'water', width: 12 },
      { header: '乡镇（街道）', key: 'division', width: 14 },
      { header: '采样时间（北京时间）', key: 'sampledAt', width: 18 },
      { header: '数据来源', key: 'source', width: 14 },
      { header: '监测机构', key: 'laboratory', width: 20 },
      ...indicators.map((i) => ({
        header: `${i.nameZh}${i.unit ? `（${i.unit}）` : ''}`,
        key: `i_${i.code}`,
        width: 12,
      })),
      { header: '执行标准', key: 'standard', width: 22 },
      { header: '是否超标', key: 'exceeding', width: 10 },
      { header: '超标因子（超标倍数）', key: 'exceeded', width: 30 },
      { header: '评价说明', key: 'notes', width: 40 },
    ];
    const base = () =>
      this.samples
        .filtered(principal, filter)
        .innerJoin('s.outfall', 'o')
        .innerJoin('o.waterBody', 'w')
        .innerJoin('o.division', 'd')
        .addSelect(['o.id', 'o.localCode', 'o.name', 'o.category', 'w.id', 'w.name', 'd.id', 'd.name']);
    const total = await base().getCount();
    let written = 0;
    for (;;) {
      const batch: Sample[] = await base()
        .orderBy('s.sampledAt')
        .addOrderBy('s.id')
        .skip(written)
        .take(BATCH)
        .getMany();
      const values = batch.length
        ? await this.dataSource
            .getRepository(SampleValue)
            .createQueryBuilder('v')
            .where('v.sample_id IN (:...ids)', { ids: batch.map((s) => s.id) })
            .getMany()
        : [];
      const bySample = new Map<string, SampleValue[]>();
      for (const v of values) bySample.set(v.sampleId, [...(bySample.get(v.sampleId) ?? []), v]);
      for (const sample of batch) {
        written++;
        const readings = bySample.get(sample.id) ?? [];
        const row: Record<string, string | number> = {
          n: written,
          code: sample.outfall?.localCode ?? '',
          name: sample.outfall?.name ?? '',
          category: zhLabel(OUTFALL_CATEGORY_LABELS, sample.outfall?.category),
          water: sample.outfall?.waterBody?.name ?? '',
          division: sample.outfall?.division?.name ?? '',
          sampledAt: beijing(sample.sampledAt),
          source: zhLabel(SAMPLE_SOURCE_LABELS, sample.source),
          laboratory: sample.laboratory ?? '',
          standard: sample.standardId ?? '',
          exceeding: sample.exceeding ? '是' : '否',
          exceeded: readings
            .filter((r) => r.compliant === false)
            .map(
              (r) =>
                `${nameOf(r.indicatorCode)}（${
                  // pH: the deviation from the allowed range, not a multiple
                  r.deviation !== null
                    ? `${r.deviationDirection === 'below' ? '低于下限' : '高于上限'} ${r.deviation}`
                    : (r.exceedanceMultiple ?? '')
                }）`,
            )
            .join('、'),
          notes: readings
            .filter((r) => r.explanationZh)
            .map((r) => `${nameOf(r.indicatorCode)}：${r.explanationZh}`)
            .join('；'),
        };
        for (const r of readings)
          row[`i_${r.indicatorCode}`] =
            r.qualifier === ValueQualifier.BelowDetection ? `${r.value}L` : r.value;
        sheet.addRow(row);
      }
      await context.updateProgress(total ? (written / total) * 95 : 95);
      if (batch.length < BATCH) return written;
    }
  }

  private async tracingLedger(
    sheet: ExcelJS.Worksheet,
    principal: Principal,
    filter: MonitoringFilterDto,
    context: JobContext<LedgerJobData>,
  ): Promise<number> {
    const indicators = await this.indicators.byCode();
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: '排污口编码', key: 'code', width: 16 },
      { header: '排污口名称', key: 'name', width: 32 },
      { header: '排污口类别', key: 'category', width: 16 },
      { header: '溯源日期', key: 'tracedOn', width: 12 },
      { header: '溯源方法', key: 'method', width: 16 },
      { header: '污染来源', key: 'sources', width: 40 },
      { header: '主要污染因子', key: 'factors', width: 20 },
      { header: '污水类型', key: 'origin', width: 12 },
      { header: '溯源结论', key: 'conclusion', width: 40 },
      { header: '是否完成', key: 'complete', width: 10 },
      { header: '完成日期', key: 'completedOn', width: 12 },
    ];
    let written = 0;
    for (let offset = 0; ; offset += BATCH) {
      const page = await this.tracing.list(principal, { ...filter, limit: BATCH, offset, sort: 'tracedOn' });
      const entityIds = page.items.flatMap((t) => (t.sources ?? []).map((s) => s.entityId)).filter(Boolean);
      const names = new Map(
        entityIds.length
          ? (
              await this.dataSource.query<{ id: string; name: string }[]>(
                `SELECT id, name FROM responsible_entity WHERE id = ANY($1::uuid[])`,
                [entityIds],
              )
            ).map((e) => [e.id, e.name])
          : [],
      );
      for (const t of page.items) {
        written++;
        sheet.addRow({
          n: written,
          code: t.outfall?.localCode ?? '',
          name: t.outfall?.name ?? '',
          category: zhLabel(OUTFALL_CATEGORY_LABELS, t.outfall?.category),
          tracedOn: t.tracedOn,
          method: zhLabel(TRACING_METHOD_LABELS, t.method),
          sources: (t.sources ?? [])
            .sort((a, b) => a.position - b.position)
            .map((s) => [s.entityId ? names.get(s.entityId) : null, s.description].filter(Boolean).join('：'))
            .join('；'),
          factors: t.mainFactors.map((code) => indicators.get(code)?.nameZh ?? code).join('、'),
          origin: zhLabel(SEWAGE_ORIGIN_LABELS, t.sewageOrigin),
          conclusion: t.conclusion ?? '',
          complete: t.complete ? '是' : '否',
          completedOn: t.completedOn ?? '',
        });
      }
      await context.updateProgress(page.total ? (written / page.total) * 95 : 95);
      if (offset + BATCH >= page.total) return written;
    }
  }

  private async pollutionSources(
    sheet: ExcelJS.Worksheet,
    principal: Principal,
    filter: MonitoringFilterDto,
    context: JobContext<LedgerJobData>,
  ): Promise<number> {
    const indicators = await this.indicators.byCode();
    const name = (code: string) => indicators.get(code)?.nameZh ?? code;
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: '排污口编码', key: 'code', width: 16 },
      { header: '排污口名称', key: 'name', width: 32 },
      { header: '排污口类别', key: 'category', width: 16 },
      { header: '受纳水体', key: 'water', width: 12 },
      { header: '乡镇（街道）', key: 'division', width: 14 },
      { header: '污染来源', key: 'sources', width: 40 },
      { header: '主要污染物', key: 'factors', width: 20 },
      { header: '污水类型', key: 'origin', width: 12 },
      { header: '最近流量（m³/d）', key: 'flow', width: 14 },
      { header: '最近采样时间', key: 'lastSampledAt', width: 18 },
      { header: '最近监测是否超标', key: 'exceeding', width: 14 },
      { header: '超标因子', key: 'exceeded', width: 20 },
      { header: '溯源是否完成', key: 'complete', width: 12 },
      { header: '最近监测缺少的必测指标', key: 'missing', width: 24 },
    ];
    let written = 0;
    for (let offset = 0; ; offset += BATCH) {
      const page = await this.tracing.pollutionSources(principal, { ...filter, limit: BATCH, offset });
      for (const row of page.items) {
        written++;
        sheet.addRow({
          n: written,
          code: row.localCode,
          name: row.name,
          category: zhLabel(OUTFALL_CATEGORY_LABELS, row.category),
          water: row.waterName,
          division: row.divisionName,
          sources: row.sources.map((s) => [s.name, s.description].filter(Boolean).join('：')).join('；'),
          factors: row.mainFactors.map(name).join('、'),
          origin: zhLabel(SEWAGE_ORIGIN_LABELS, row.sewageOrigin),
          flow: row.latestFlow ?? '',
          lastSampledAt: beijing(row.lastSampledAt),
          exceeding: row.lastSampleExceeding === null ? '' : row.lastSampleExceeding ? '是' : '否',
          exceeded: row.lastExceedingIndicators.map(name).join('、'),
          complete: row.complete ? '是' : '否',
          missing: row.missingIndicators.map(name).join('、'),
        });
      }
      await context.updateProgress(page.total ? (written / page.total) * 95 : 95);
      if (offset + BATCH >= page.total) return written;
    }
  }
}
