import { Injectable, OnModuleInit } from '@nestjs/common';
import { beijingDateTime, FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  OUTFALL_CATEGORY_LABELS,
  PATROL_FINDING_KIND_LABELS,
  PATROL_FLOW_LABELS,
  zhLabel,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { PatrolFilterDto } from '../dto/patrols.dto';
import { PatrolFinding } from '../patrol.entity';
import { PatrolsService } from '../patrols.service';

export interface PatrolLedgerJobData {
  filter: Record<string, string | boolean>;
}

export interface PatrolLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const PATROL_LEDGER_JOB = defineJob<PatrolLedgerJobData, PatrolLedgerJobResult>(
  QueueName.Exports,
  'patrol-ledger',
);

const PAGE = 200;
const yes = (value: boolean) => (value ? '是' : '否');

/** The patrol ledger (巡查台账): one row per patrol and one per finding, for the list filters. */
@Injectable()
export class PatrolLedgerJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly patrols: PatrolsService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(PATROL_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<PatrolLedgerJobData>): Promise<PatrolLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const filter = context.data.filter as unknown as PatrolFilterDto;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const ledger = workbook.addWorksheet('巡查台账');
    ledger.columns = (
      [
        ['序号', 'n', 6],
        ['排污口编码', 'code', 18],
        ['排污口名称', 'name', 26],
        ['排污口类别', 'category', 14],
        ['责任单位', 'unit', 20],
        ['巡查人员', 'people', 16],
        ['巡查时间', 'at', 18],
        ['巡查日期', 'day', 12],
        ['经度', 'lon', 12],
        ['纬度', 'lat', 12],
        ['距排污口（米）', 'distance', 12],
        ['超出距离阈值', 'flagged', 12],
        ['标识牌完好', 'sign', 10],
        ['正在排水', 'discharging', 10],
        ['颜色异常', 'colour', 10],
        ['气味异常', 'odour', 10],
        ['流量估计', 'flow', 10],
        ['周边新增管道', 'pipes', 12],
        ['发现问题数', 'findings', 10],
        ['备注', 'notes', 30],
        ['录入人', 'by', 20],
      ] as [string, string, number][]
    ).map(([header, key, width]) => ({ header, key, width }));
    const findings = workbook.addWorksheet('巡查发现问题');
    findings.columns = (
      [
        ['排污口编码', 'code', 18],
        ['巡查日期', 'day', 12],
        ['问题类型', 'kind', 20],
        ['问题描述', 'description', 40],
        ['整治方案', 'plan', 12],
        ['执法案件', 'case', 12],
      ] as [string, string, number][]
    ).map(([header, key, width]) => ({ header, key, width }));
    let rows = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.patrols.list(principal, {
        ...filter,
        limit: PAGE,
        offset,
        sort: 'patrolledAt',
      });
      for (const p of page.items) {
        rows++;
        ledger.addRow({
          n: rows,
          code: p.outfall?.localCode,
          name: p.outfall?.name,
          category: zhLabel(OUTFALL_CATEGORY_LABELS, p.outfall?.category),
          unit: p.unit?.name ?? '',
          people: p.patrollerNames,
          at: beijingDateTime(p.patrolledAt),
          day: p.patrolDay,
          lon: p.longitude,
          lat: p.latitude,
          distance: p.distanceM,
          flagged: yes(p.distanceFlagged),
          sign: yes(p.signIntact),
          discharging: yes(p.discharging),
          colour: yes(p.colourAbnormal),
          odour: yes(p.odourAbnormal),
          flow: zhLabel(PATROL_FLOW_LABELS, p.flowEstimate),
          pipes: yes(p.newPipesNearby),
          findings: p.findingCount,
          notes: p.notes ?? '',
          by: p.recordedBy,
        });
      }
      const withFindings = page.items.filter((p) => p.findingCount > 0);
      if (withFindings.length) {
        const list = await this.patrols.findingsOf(withFindings.map((p) => p.id));
        const byPatrol = new Map(withFindings.map((p) => [p.id, p]));
        for (const f of list as PatrolFinding[]) {
          const p = byPatrol.get(f.patrolId);
          findings.addRow({
            code: p?.outfall?.localCode,
            day: p?.patrolDay,
            kind: zhLabel(PATROL_FINDING_KIND_LABELS, f.kind),
            description: f.description,
            plan: f.remediationPlanId ? '已建立' : '',
            case: f.enforcementCaseId ? '已立案' : '',
          });
        }
      }
      await context.updateProgress(page.total ? Math.min(95, ((offset + PAGE) / page.total) * 95) : 95);
      if (offset + PAGE >= page.total) break;
    }
    for (const sheet of workbook.worksheets) {
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows,
      file: {
        storageKey,
        fileName: `巡查台账-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
