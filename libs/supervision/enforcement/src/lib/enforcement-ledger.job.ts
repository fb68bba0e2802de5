import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  CASE_ORIGIN_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATUS_LABELS,
  VIOLATION_KIND_LABELS,
  zhLabel,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { isCaseOverdue } from './case-workflow';
import { CaseFilterDto } from './enforcement.dto';
import { EnforcementService } from './enforcement.service';

export interface EnforcementLedgerJobData {
  filter: Record<string, string | boolean>;
}

export interface EnforcementLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const ENFORCEMENT_LEDGER_JOB = defineJob<EnforcementLedgerJobData, EnforcementLedgerJobResult>(
  QueueName.Exports,
  'enforcement-ledger',
);

export const LEDGER_COLUMNS: [string, string, number][] = [
  ['序号', 'n', 6],
  ['案件编号', 'caseNo', 14],
  ['立案日期', 'registeredOn', 12],
  ['乡镇（街道）', 'division', 14],
  ['排污口编码', 'outfallCode', 16],
  ['排污口名称', 'outfallName', 28],
  ['责任主体', 'entity', 26],
  ['违法行为类型', 'kind', 22],
  ['案件来源', 'source', 12],
  ['立案依据', 'origin', 14],
  ['关联记录', 'link', 30],
  ['案件状态', 'status', 12],
  ['案情', 'description', 36],
  ['法律依据', 'legalBasis', 36],
  ['罚款金额（元）', 'penaltyAmount', 14],
  ['处罚决定书文号', 'penaltyDocumentNo', 22],
  ['处罚决定日期', 'penaltyDecidedOn', 12],
  ['责令改正内容', 'rectificationOrder', 30],
  ['整改期限', 'rectificationDeadline', 12],
  ['是否逾期', 'overdue', 8],
  ['结案（撤销）日期', 'closedOn', 14],
  ['结案说明（理由）', 'closingNote', 30],
  ['证据（文件名与 SHA-256）', 'evidence', 60],
];

/** The case ledger (执法案件台账) as XLSX, for the list filters within the requester's jurisdiction. */
@Injectable()
export class EnforcementLedgerJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly cases: EnforcementService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(ENFORCEMENT_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<EnforcementLedgerJobData>): Promise<EnforcementLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const raw = context.data.filter;
    const filter = {
      ...(raw as unknown as CaseFilterDto),
      asOf: raw.asOf ? new Date(String(raw.asOf)) : undefined,
    };
    const now = filter.asOf ?? new Date();
    const rows = await this.cases
      .filtered(principal, filter)
      .orderBy('c.registeredOn', 'ASC')
      .addOrderBy('c.caseNo', 'ASC')
      .getMany();
    await context.updateProgress(40);
    const ids = rows.map((r) => r.id);
    const evidence = ids.length
      ? await this.dataSource.query<{ case_id: string; text: string }[]>(
          `SELECT case_id, string_agg(file_name || '：' || sha256, E'\\n' ORDER BY created_at) AS text
             FROM enforcement_evidence WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`,
          [ids],
        )
      : [];
    const evidenceOf = new Map(evidence.map((e) => [e.case_id, e.text]));
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const sheet = workbook.addWorksheet('执法案件台账');
    sheet.columns = LEDGER_COLUMNS.map(([header, key, width]) => ({ header, key, width }));
    for (const row of rows) {
      const c = this.cases.view(row as never, now);
      const link =
        c.sampleId && c.indicatorCode
          ? `样品 ${c.sampleId} / ${c.indicatorCode}`
          : c.patrolRecordId
            ? `巡查记录 ${c.patrolRecordId}`
            : c.publicReportId
              ? `举报 ${c.publicReportId}`
              : '';
      sheet.addRow({
        ...c,
        n: sheet.rowCount,
        division: c.divisionName,
        entity: c.entityName ?? '',
        kind: c.kindOther
          ? `${zhLabel(VIOLATION_KIND_LABELS, c.kind)}：${c.kindOther}`
          : zhLabel(VIOLATION_KIND_LABELS, c.kind),
        source: zhLabel(CASE_SOURCE_LABELS, c.source),
        origin: zhLabel(CASE_ORIGIN_LABELS, c.origin),
        link,
        status: zhLabel(CASE_STATUS_LABELS, c.status),
        penaltyAmount: c.penaltyAmount ?? '',
        overdue: isCaseOverdue(c.rectificationDeadline, c.status, now) ? '是' : '否',
        evidence: evidenceOf.get(c.id) ?? '',
      });
    }
    sheet.getColumn('penaltyAmount').numFmt = '#,##0.00';
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    await context.updateProgress(90);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows: rows.length,
      file: {
        storageKey,
        fileName: `执法案件台账-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
