import { Injectable, OnModuleInit } from '@nestjs/common';
import { FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import { SOURCE_LIST_KIND_LABELS, SourceListKind } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { SourceListFilterDto } from '../dto/source-lists.dto';
import { SourceListsService } from '../items/source-lists.service';

export interface SourceListExportData {
  filter: Record<string, string | boolean>;
}

export interface SourceListExportResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const SOURCE_LIST_EXPORT_JOB = defineJob<SourceListExportData, SourceListExportResult>(
  QueueName.Exports,
  'source-list-export',
);

const CHUNK = 1000;

/** The departments' lists as XLSX, one sheet per kind, for the filters within the requester's jurisdiction. */
@Injectable()
export class SourceListExportJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly lists: SourceListsService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(SOURCE_LIST_EXPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<SourceListExportData>): Promise<SourceListExportResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an export needs the account that asked for it');
    const filter = context.data.filter as unknown as SourceListFilterDto;
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    let rows = 0;
    const kinds = filter.kind ? [filter.kind] : Object.values(SourceListKind);
    for (const kind of kinds) {
      const sheet = workbook.addWorksheet(SOURCE_LIST_KIND_LABELS[kind].zh);
      const columns: [string, string, number][] = [
        ['序号', 'n', 6],
        ['名称', 'name', 30],
        ['统一社会信用代码', 'creditCode', 22],
        ['所属部门', 'ownerUnitName', 24],
        ['乡镇（街道）', 'divisionName', 14],
        ['地址', 'address', 30],
        ['经度', 'longitude', 12],
        ['纬度', 'latitude', 12],
      ];
      if (kind === SourceListKind.IndustrialEnterprise) columns.push(['行业代码', 'industryCode', 10]);
      if (kind !== SourceListKind.IndustrialEnterprise) columns.push(['养殖品种', 'species', 12]);
      if (kind === SourceListKind.LivestockFarm) columns.push(['存栏量', 'headCount', 10]);
      if (kind === SourceListKind.AquacultureFarm) columns.push(['养殖面积（亩）', 'areaMu', 12]);
      columns.push(['匹配责任主体', 'matchedEntityName', 30], ['是否匹配', 'matched', 8]);
      sheet.columns = columns.map(([header, key, width]) => ({ header, key, width }));
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      for (let offset = 0; ; offset += CHUNK) {
        const items = await this.lists.decorate(
          await this.lists
            .filtered(principal, { ...filter, kind })
            .orderBy('item.name')
            .addOrderBy('item.id')
            .skip(offset)
            .take(CHUNK)
            .getMany(),
        );
        for (const item of items) sheet.addRow({ ...item, n: ++rows, matched: item.matched ? '是' : '否' });
        await context.updateProgress(Math.min(95, rows / 100));
        if (items.length < CHUNK) break;
      }
    }
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, Buffer.from(await workbook.xlsx.writeBuffer()));
    return {
      rows,
      file: {
        storageKey,
        fileName: `部门基础清单-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
