import { Injectable, OnModuleInit } from '@nestjs/common';
import { beijingDateTime, beijingToday, FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  FINDING_KIND_LABELS,
  FINDING_STATUS_LABELS,
  MONITORING_FREQUENCY_LABELS,
  PERMIT_EXPIRY_LABELS,
  zhLabel,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { FindingFilterDto, PermitFilterDto, PermitsLedgerKind } from '../dto/permits.dto';
import { FindingsService } from '../findings/findings.service';
import { PermitsService } from '../permits/permits.service';

export interface PermitsLedgerJobData {
  kind: PermitsLedgerKind;
  filter: Record<string, string | boolean | number>;
}

export interface PermitsLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const PERMITS_LEDGER_JOB = defineJob<PermitsLedgerJobData, PermitsLedgerJobResult>(
  QueueName.Exports,
  'permits-ledger',
);

const PAGE = 200;

/**
 * The permit ledger (排污许可台账: one row per outlet duty, the permit's expiry flag) and the findings list
 * (自行监测缺失清单), as XLSX, within the requester's jurisdiction.
 */
@Injectable()
export class PermitsLedgerJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly permits: PermitsService,
    private readonly findings: FindingsService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(PERMITS_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<PermitsLedgerJobData>): Promise<PermitsLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    let rows = 0;
    const kind = context.data.kind;
    if (kind === PermitsLedgerKind.Permits) {
      const sheet = workbook.addWorksheet('排污许可台账');
      sheet.columns = (
        [
          ['序号', 'n', 6],
          ['排污许可证编号', 'number', 26],
          ['持证单位', 'entity', 30],
          ['统一社会信用代码', 'credit', 22],
          ['发证机关', 'authority', 24],
          ['有效期起', 'from', 12],
          ['有效期至', 'to', 12],
          ['状态', 'expiry', 10],
          ['剩余天数', 'days', 10],
          ['排放口编码', 'outlet', 10],
          ['排放口名称', 'outletName', 20],
          ['排污口编码', 'outfall', 16],
          ['排污口名称', 'outfallName', 28],
          ['自行监测指标', 'indicator', 14],
          ['监测频次', 'frequency', 10],
        ] as [string, string, number][]
      ).map(([header, key, width]) => ({ header, key, width }));
      const filter = context.data.filter as unknown as PermitFilterDto;
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.permits.list(principal, {
          ...filter,
          limit: PAGE,
          offset,
          sort: 'permitNumber',
        });
        for (const permit of page.items) {
          const base = {
            number: permit.permitNumber,
            entity: permit.entity?.name,
            credit: permit.entity?.creditCode ?? '',
            authority: permit.issuingAuthority,
            from: permit.validFrom,
            to: permit.validTo,
            expiry: zhLabel(PERMIT_EXPIRY_LABELS, permit.expiry),
            days: permit.daysLeft,
          };
          const lines = (permit.outlets ?? []).flatMap((outlet) => {
            const at = {
              outlet: outlet.code,
              outletName: outlet.name ?? '',
              outfall: outlet.outfall?.localCode,
              outfallName: outlet.outfall?.name,
            };
            return outlet.duties?.length
              ? outlet.duties.map((duty) => ({
                  ...at,
                  indicator: duty.indicatorCode,
                  frequency: zhLabel(MONITORING_FREQUENCY_LABELS, duty.frequency),
                }))
              : [at];
          });
          for (const line of lines.length ? lines : [{}]) sheet.addRow({ n: ++rows, ...base, ...line });
        }
        await context.updateProgress(
          Math.min(95, ((offset + page.items.length) / Math.max(1, page.total)) * 95),
        );
        if (offset + PAGE >= page.total) break;
      }
    } else {
      const sheet = workbook.addWorksheet('自行监测缺失清单');
      sheet.columns = (
        [
          ['序号', 'n', 6],
          ['类型', 'kind', 18],
          ['状态', 'status', 10],
          ['乡镇（街道）', 'division', 14],
          ['排污口编码', 'outfall', 16],
          ['排污口名称', 'outfallName', 28],
          ['责任主体', 'entity', 28],
          ['排污许可证编号', 'permit', 26],
          ['排放口编码', 'outlet', 10],
          ['采样单位', 'unit', 20],
          ['监测指标', 'indicator', 14],
          ['监测频次', 'frequency', 10],
          ['周期', 'period', 12],
          ['周期起', 'start', 12],
          ['周期止', 'end', 12],
          ['应报送日期', 'due', 12],
          ['实际录入时间（北京时间）', 'received', 20],
        ] as [string, string, number][]
      ).map(([header, key, width]) => ({ header, key, width }));
      const filter = context.data.filter as unknown as FindingFilterDto;
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.findings.list(principal, { ...filter, limit: PAGE, offset });
        for (const f of page.items)
          sheet.addRow({
            n: ++rows,
            kind: zhLabel(FINDING_KIND_LABELS, f.kind),
            status: zhLabel(FINDING_STATUS_LABELS, f.status),
            division: f.divisionName,
            outfall: f.outfallCode,
            outfallName: f.outfallName,
            entity: f.entityName ?? '',
            permit: f.permitNumber ?? '',
            outlet: f.outletCode ?? '',
            unit: f.unitName ?? '',
            indicator: f.indicatorName ?? f.indicatorCode ?? '任一样品',
            frequency: zhLabel(MONITORING_FREQUENCY_LABELS, f.frequency),
            period: f.period,
            start: f.periodStart,
            end: f.periodEnd,
            due: f.dueOn,
            received: f.receivedAt ? beijingDateTime(f.receivedAt) : '',
          });
        await context.updateProgress(
          Math.min(95, ((offset + page.items.length) / Math.max(1, page.total)) * 95),
        );
        if (offset + PAGE >= page.total) break;
      }
    }
    for (const sheet of workbook.worksheets) {
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
    }
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, Buffer.from(await workbook.xlsx.writeBuffer()));
    const title = kind === PermitsLedgerKind.Permits ? '排污许可台账' : '自行监测缺失清单';
    return {
      rows,
      file: {
        storageKey,
        fileName: `${title}-${beijingToday()}-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
