import { Injectable, OnModuleInit } from '@nestjs/common';
import { FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  OUTFALL_CATEGORY_LABELS,
  SETUP_DECISION_LABELS,
  SETUP_KIND_LABELS,
  SETUP_ROUTE_LABELS,
  SETUP_RULE_LABELS,
  SETUP_RULE_OUTCOME_LABELS,
  SETUP_STATUS_LABELS,
  SetupRuleOutcome,
  WATER_IMPACT_LABELS,
  zhLabel,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { SetupApplicationFilterDto } from '../dto/setup-review.dto';
import { SetupReviewService } from '../setup-review.service';

export interface SetupLedgerJobData {
  filter: Record<string, string | boolean>;
}

export interface SetupLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const SETUP_REVIEW_LEDGER_JOB = defineJob<SetupLedgerJobData, SetupLedgerJobResult>(
  QueueName.Exports,
  'setup-review-ledger',
);

const PAGE = 200;

/** 设置审核台账: every application in the requester's jurisdiction matching the filters, with its rules. */
@Injectable()
export class SetupReviewLedgerJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly service: SetupReviewService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(SETUP_REVIEW_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<SetupLedgerJobData>): Promise<SetupLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const filter = context.data.filter as unknown as SetupApplicationFilterDto;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const sheet = workbook.addWorksheet('设置审核台账');
    sheet.columns = (
      [
        ['序号', 'n', 6],
        ['申请编号', 'code', 14],
        ['申请单位', 'applicant', 28],
        ['排污口名称', 'outfallName', 28],
        ['排污口编码', 'outfallCode', 18],
        ['排污口类别', 'category', 16],
        ['申请类型', 'kind', 8],
        ['办理方式', 'route', 8],
        ['乡镇（街道）', 'division', 12],
        ['受纳水体', 'water', 14],
        ['水功能区', 'zone', 24],
        ['经度', 'longitude', 11],
        ['纬度', 'latitude', 11],
        ['设计排放量（m³/d）', 'flow', 12],
        ['主要污染物', 'pollutants', 20],
        ['可能影响', 'impacts', 16],
        ['审核规则', 'rules', 60],
        ['水行政主管部门意见', 'consultation', 30],
        ['状态', 'status', 10],
        ['审批决定', 'decision', 8],
        ['批准条件 / 不予批准理由', 'terms', 36],
        ['文号', 'documentNumber', 20],
        ['决定（备案）日期', 'decidedOn', 12],
        ['是否公开', 'published', 8],
      ] as [string, string, number][]
    ).map(([header, key, width]) => ({ header, key, width }));
    let rows = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.service.list(principal, {
        ...filter,
        limit: PAGE,
        offset,
        sort: 'code',
      });
      for (const app of page.items) {
        rows++;
        sheet.addRow({
          n: rows,
          code: app.code,
          applicant: app.applicantName,
          outfallName: app.outfallName,
          outfallCode: app.outfallCode ?? '',
          category: zhLabel(OUTFALL_CATEGORY_LABELS, app.category),
          kind: zhLabel(SETUP_KIND_LABELS, app.kind),
          route: zhLabel(SETUP_ROUTE_LABELS, app.route),
          division: app.divisionName,
          water: app.waterBodyName,
          zone: app.functionZoneName ?? '',
          longitude: app.longitude,
          latitude: app.latitude,
          flow: app.expectedFlowM3d ?? '',
          pollutants: (app.pollutants ?? []).join('、'),
          impacts: (app.waterImpacts ?? []).map((i) => zhLabel(WATER_IMPACT_LABELS, i)).join('、'),
          rules:
            app.rules
              .filter((r) => r.outcome !== SetupRuleOutcome.Pass)
              .map(
                (r) =>
                  `${zhLabel(SETUP_RULE_LABELS, r.rule)}：${zhLabel(SETUP_RULE_OUTCOME_LABELS, r.outcome)}（${r.reason.zh}）`,
              )
              .join('\n') || '均通过',
          consultation: app.consultedOn
            ? `${app.consultedOn} ${app.consultationAuthority ?? ''} ${app.consultationDocumentNumber ?? ''}：${app.consultationOpinion ?? ''}`
            : '',
          status: zhLabel(SETUP_STATUS_LABELS, app.status),
          decision: zhLabel(SETUP_DECISION_LABELS, app.decision),
          terms: app.conditions ?? app.refusalReasons ?? '',
          documentNumber: app.documentNumber ?? '',
          decidedOn: app.decidedOn ?? '',
          published: app.published ? '是' : '否',
        });
      }
      await context.updateProgress(page.total ? Math.min(95, ((offset + PAGE) / page.total) * 95) : 95);
      if (offset + PAGE >= page.total) break;
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows,
      file: {
        storageKey,
        fileName: `设置审核台账-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
