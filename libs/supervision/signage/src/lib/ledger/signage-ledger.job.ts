import { Injectable, OnModuleInit } from '@nestjs/common';
import { beijingDateTime, FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import { SIGN_FIELD_LABELS, SignField } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { SignFilterDto } from '../dto/signage.dto';
import { SignageService } from '../signage.service';

export interface SignageLedgerJobData {
  filter: Record<string, string | boolean>;
}

export interface SignageLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const SIGNAGE_LEDGER_JOB = defineJob<SignageLedgerJobData, SignageLedgerJobResult>(
  QueueName.Exports,
  'signage-ledger',
);

/** 标识牌台账: every sign in the requester's jurisdiction matching the filter, one row each, as XLSX. */
@Injectable()
export class SignageLedgerJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly signage: SignageService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(SIGNAGE_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<SignageLedgerJobData>): Promise<SignageLedgerJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('a ledger needs the account that asked for it');
    const filter = context.data.filter as unknown as SignFilterDto;
    const signs = await this.signage.all(principal, filter);
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const sheet = workbook.addWorksheet('标识牌台账');
    sheet.columns = [
      ['序号', 'no', 6],
      ['乡镇（街道）', 'division', 14],
      ['排污口编码', 'code', 24],
      ['排污口名称', 'name', 28],
      ['责任主体', 'entity', 28],
      ['受纳水体', 'water', 16],
      ['监管部门', 'department', 26],
      ['监督电话', 'phone', 16],
      ['二维码内容', 'qr', 40],
      ['是否已树标', 'installed', 10],
      ['树标日期', 'installedOn', 12],
      ['内容是否过期', 'outdated', 12],
      ['过期项目', 'outdatedFields', 28],
      ['更新时间', 'updatedAt', 18],
    ].map(([header, key, width]) => ({
      header: header as string,
      key: key as string,
      width: width as number,
    }));
    signs.forEach((s, i) =>
      sheet.addRow({
        no: i + 1,
        division: s.divisionName,
        code: s.outfallCode,
        name: s.outfallName,
        entity: s.entityName,
        water: s.receivingWater,
        department: s.supervisingDepartment,
        phone: s.supervisingPhone,
        qr: s.qrPayload,
        installed: s.installed ? '是' : '否',
        installedOn: s.installedOn ?? '',
        outdated: s.outdated ? '是' : '否',
        outdatedFields: s.outdatedFields.map((f) => SIGN_FIELD_LABELS[f as SignField]?.zh ?? f).join('、'),
        updatedAt: beijingDateTime(s.updatedAt),
      }),
    );
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    await context.updateProgress(95);
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, Buffer.from(await workbook.xlsx.writeBuffer()));
    return {
      rows: signs.length,
      file: {
        storageKey,
        fileName: `标识牌台账-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
