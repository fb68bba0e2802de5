import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingDateTime, FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { parseQuarter, ProgressService, quarterEnd } from '@outfall/progress';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  ARCHIVE_ITEM_LABELS,
  ArchiveItem,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
  SUBMISSION_CELL_LABELS,
  SUBMISSION_STATUS_LABELS,
  UpwardPackageStatus,
  zhLabel,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ArchiveQueryDto } from './submissions.dto';
import { ArchiveService } from './archive.service';
import { ACCOUNTABILITY_SYSTEM, AssessmentService, judgedOn } from './assessment.service';
import { NoticesService } from './notices.service';
import { SubmissionsService } from './submissions.service';
import { QuarterlySubmission, UpwardPackage } from './submissions.entities';

export const UPWARD_PACKAGE_SCHEMA_ID = 'https://outfall.example/schemas/upward-package-v1.json';

export interface ArchiveLedgerJobData {
  filter: Record<string, string | boolean>;
}
export interface ExportJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const ARCHIVE_LEDGER_JOB = defineJob<ArchiveLedgerJobData, ExportJobResult>(
  QueueName.Exports,
  'archive-completeness',
);

export interface UpwardPackageJobData {
  packageId: string;
  quarter: string;
}
export interface UpwardPackageJobResult {
  packageId: string;
  files: { kind: 'json' | 'xlsx'; fileName: string; sha256: string; sizeBytes: number }[];
  file: { storageKey: string; fileName: string; contentType: string };
}

export const UPWARD_PACKAGE_JOB = defineJob<UpwardPackageJobData, UpwardPackageJobResult>(
  QueueName.Exports,
  'upward-package',
);

const sha256 = (buffer: Buffer) => createHash('sha256').update(buffer).digest('hex');

function sheet(workbook: ExcelJS.Workbook, name: string, columns: [string, string, number][]) {
  const s = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  s.columns = columns.map(([header, key, width]) => ({ header, key, width }));
  s.getRow(1).font = { bold: true };
  s.views = [{ state: 'frozen', ySplit: 1 }];
  return s;
}

/** The archive-completeness ledger (一口一档完整性) and the quarterly upward package (XLSX + JSON). */
@Injectable()
export class AccountabilityExportJobs implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly storage: FileStorage,
    private readonly archive: ArchiveService,
    private readonly assessment: AssessmentService,
    private readonly notices: NoticesService,
    private readonly submissions: SubmissionsService,
    private readonly progress: ProgressService,
  ) {}

  onModuleInit(): void {
    this.runner.register(ARCHIVE_LEDGER_JOB, (context) => this.archiveLedger(context));
    this.runner.register(UPWARD_PACKAGE_JOB, (context) => this.upwardPackage(context));
  }

  private archiveSheet(
    workbook: ExcelJS.Workbook,
    rows: Awaited<ReturnType<ArchiveService['list']>>['items'],
  ) {
    const s = sheet(workbook, '一口一档完整性', [
      ['序号', 'n', 6],
      ['排污口编码', 'code', 18],
      ['排污口名称', 'name', 30],
      ['乡镇（街道）', 'division', 14],
      ['应有材料数', 'required', 10],
      ['缺失材料数', 'missingCount', 10],
      ['缺失材料', 'missing', 50],
      ['是否完整', 'complete', 8],
    ]);
    rows.forEach((r, i) =>
      s.addRow({
        n: i + 1,
        code: r.localCode,
        name: r.name,
        division: r.division ?? '',
        required: r.required.length,
        missingCount: r.missing.length,
        missing: r.missing.map((m) => zhLabel(ARCHIVE_ITEM_LABELS, m)).join('、'),
        complete: r.complete ? '是' : '否',
      }),
    );
    return s;
  }

  async archiveLedger(context: JobContext<ArchiveLedgerJobData>): Promise<ExportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const result = await this.archive.list(
      principal,
      context.data.filter as unknown as ArchiveQueryDto,
      true,
    );
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    this.archiveSheet(workbook, result.items);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows: result.items.length,
      file: {
        storageKey,
        fileName: `一口一档完整性-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }

  /** The package's content (the JSON document, schema docs/upward-package.schema.json). */
  async content(quarter: string, packageId: string, generatedAt: Date) {
    const q = parseQuarter(quarter);
    if (!q) throw new Error(`bad quarter ${quarter}`);
    const asOf = judgedOn(quarter);
    const from = `${q.year}-${String((q.q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const [progress, matrix, notices, assessment, archive, subs] = await Promise.all([
      this.progress.compute(ACCOUNTABILITY_SYSTEM, asOf),
      this.submissions.matrix(ACCOUNTABILITY_SYSTEM, [quarter]),
      this.notices.statsByUnit(from, quarterEnd(q), asOf, generatedAt),
      this.assessment.assess(ACCOUNTABILITY_SYSTEM, quarter),
      this.archive.list(ACCOUNTABILITY_SYSTEM, {}, true),
      this.dataSource.getRepository(QuarterlySubmission).find({ where: { quarter } }),
    ]);
    const city = progress.groups.find((g) => g.dimension === 'city');
    const byUnit = new Map(subs.map((s) => [s.unitId, s]));
    return {
      $schema: UPWARD_PACKAGE_SCHEMA_ID,
      schemaVersion: 1,
      packageId,
      quarter,
      asOf,
      generatedAt: generatedAt.toISOString(),
      issuer: '州生态环境局昌吉市分局',
      recipient: '昌吉州生态环境局',
      progress: Object.values(ProgressMetric).map((metric) => {
        const m = city?.metrics[metric];
        return {
          metric,
          label: PROGRESS_METRIC_LABELS[metric].zh,
          numerator: m?.numerator ?? 0,
          denominator: m?.denominator ?? 0,
          rate: m?.rate ?? null,
          target: m?.target ?? null,
        };
      }),
      submissions: matrix.units.map((u) => {
        const cell = u.cells[0];
        const s = byUnit.get(u.unitId);
        return {
          unitId: u.unitId,
          unit: u.unit,
          deadline: cell.deadline,
          timeliness: cell.cell,
          status: cell.status,
          firstSubmittedOn: cell.firstSubmittedOn,
          figures: s ? s.figures : null,
          progress: s?.progress ?? null,
          problems: s?.problems ?? null,
          nextSteps: s?.nextSteps ?? null,
        };
      }),
      notices: notices.map((n) => ({
        unitId: n.unitId,
        unit: n.unit,
        sent: n.sent,
        answered: n.answered,
        overdue: n.overdue,
      })),
      assessment: {
        configVersion: assessment.configVersion,
        units: assessment.units.map((u) => ({
          unitId: u.unitId,
          unit: u.unit,
          rank: u.rank,
          score: u.score,
          maximum: u.maximum,
          lines: u.lines.map((l) => ({
            key: l.key,
            label: l.label,
            weight: l.weight,
            applicable: l.applicable,
            value: l.value,
            points: l.points,
          })),
        })),
      },
      archive: {
        outfalls: archive.summary.outfalls,
        complete: archive.summary.complete,
        missingByItem: archive.summary.missingByItem,
        incomplete: archive.items
          .filter((r) => !r.complete)
          .map((r) => ({
            outfallId: r.outfallId,
            localCode: r.localCode,
            name: r.name,
            division: r.division,
            missing: r.missing,
          })),
      },
    };
  }

  async upwardPackage(context: JobContext<UpwardPackageJobData>): Promise<UpwardPackageJobResult> {
    const { packageId, quarter } = context.data;
    const generatedAt = new Date();
    try {
      const doc = await this.content(quarter, packageId, generatedAt);
      await context.updateProgress(50);
      const json = Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
      const xlsx = await this.workbook(doc);
      const base = `exports/upward-${packageId}`;
      const files = [
        {
          kind: 'xlsx' as const,
          fileName: `上报材料-${quarter}.xlsx`,
          storageKey: `${base}.xlsx`,
          buffer: xlsx,
        },
        {
          kind: 'json' as const,
          fileName: `上报材料-${quarter}.json`,
          storageKey: `${base}.json`,
          buffer: json,
        },
      ];
      for (const f of files) await this.storage.put(f.storageKey, f.buffer);
      const recorded = files.map((f) => ({
        kind: f.kind,
        fileName: f.fileName,
        storageKey: f.storageKey,
        sha256: sha256(f.buffer),
        sizeBytes: f.buffer.length,
      }));
      const result: UpwardPackageJobResult = {
        packageId,
        files: recorded.map(({ storageKey: _key, ...rest }) => rest),
        file: {
          storageKey: files[0].storageKey,
          fileName: files[0].fileName,
          contentType: XLSX_CONTENT_TYPE,
        },
      };
      await context.transaction(async (em) => {
        await em
          .getRepository(UpwardPackage)
          .update(packageId, { status: UpwardPackageStatus.Generated, files: recorded, generatedAt });
        await context.completeIn(em, result);
      });
      return result;
    } catch (error) {
      await this.dataSource
        .getRepository(UpwardPackage)
        .update(packageId, { status: UpwardPackageStatus.Failed });
      throw error;
    }
  }

  private async workbook(doc: Awaited<ReturnType<AccountabilityExportJobs['content']>>): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const cover = sheet(workbook, '封面', [
      ['项目', 'k', 20],
      ['内容', 'v', 50],
    ]);
    cover.addRows([
      { k: '报送季度', v: doc.quarter },
      { k: '数据截至', v: doc.asOf },
      { k: '生成时间', v: beijingDateTime(doc.generatedAt) },
      { k: '报送单位', v: doc.issuer },
      { k: '接收单位', v: doc.recipient },
      { k: '材料编号', v: doc.packageId },
    ]);
    const progress = sheet(workbook, '目标进度', [
      ['指标', 'label', 16],
      ['完成数', 'numerator', 10],
      ['总数', 'denominator', 10],
      ['完成率', 'rate', 10],
      ['目标', 'target', 10],
    ]);
    for (const p of doc.progress) progress.addRow(p);
    progress.getColumn('rate').numFmt = '0.0%';
    progress.getColumn('target').numFmt = '0.0%';
    const subs = sheet(workbook, '信息报送', [
      ['单位', 'unit', 28],
      ['截止日期', 'deadline', 12],
      ['报送情况', 'timeliness', 10],
      ['审核状态', 'status', 14],
      ['首次报送日期', 'firstSubmittedOn', 14],
      ['排查数', 'investigated', 8],
      ['溯源数', 'traced', 8],
      ['方案数', 'plansSubmitted', 8],
      ['完成整治数', 'remediated', 10],
      ['销号数', 'verified', 8],
      ['巡查次数', 'patrols', 8],
      ['工作进展', 'progress', 40],
      ['存在问题', 'problems', 30],
      ['下一步工作', 'nextSteps', 30],
    ]);
    for (const s of doc.submissions)
      subs.addRow({
        ...s,
        ...(s.figures ?? {}),
        timeliness: zhLabel(SUBMISSION_CELL_LABELS, s.timeliness),
        status: zhLabel(SUBMISSION_STATUS_LABELS, s.status),
      });
    const notices = sheet(workbook, '督办情况', [
      ['单位', 'unit', 28],
      ['督办数', 'sent', 10],
      ['已回复', 'answered', 10],
      ['逾期', 'overdue', 10],
    ]);
    for (const n of doc.notices) notices.addRow(n);
    const scores = sheet(workbook, '考核得分', [
      ['排名', 'rank', 6],
      ['单位', 'unit', 28],
      ['得分', 'score', 10],
      ['满分', 'maximum', 8],
      ['得分构成', 'lines', 60],
    ]);
    for (const u of doc.assessment.units)
      scores.addRow({
        ...u,
        lines: u.lines.map((l) => `${l.label}：${l.applicable ? l.points : '不适用'}`).join('；'),
      });
    scores.getColumn('score').numFmt = '0.00';
    const archive = sheet(workbook, '一口一档缺失', [
      ['排污口编码', 'localCode', 18],
      ['排污口名称', 'name', 30],
      ['乡镇（街道）', 'division', 14],
      ['缺失材料', 'missing', 50],
    ]);
    for (const r of doc.archive.incomplete)
      archive.addRow({
        ...r,
        missing: r.missing.map((m) => zhLabel(ARCHIVE_ITEM_LABELS, m as ArchiveItem)).join('、'),
      });
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
