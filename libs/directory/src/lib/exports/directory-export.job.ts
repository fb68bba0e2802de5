import { Injectable, OnModuleInit } from '@nestjs/common';
import { FileStorage, Principal } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  BANK_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  ENTITY_KIND_LABELS,
  LabelMap,
  OUTFALL_AREA_LABELS,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  SETUP_APPROVAL_LABELS,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import type { EntityFilterDto } from '../dto/entity.dto';
import type { OutfallFilterDto } from '../dto/outfall.dto';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { OutfallsService } from '../outfalls/outfalls.service';

export interface DirectoryExportJobData {
  kind: 'outfalls' | 'entities';
  filter: Record<string, string | boolean>;
}

export interface DirectoryExportJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const DIRECTORY_EXPORT_JOB = defineJob<DirectoryExportJobData, DirectoryExportJobResult>(
  QueueName.Exports,
  'directory-export',
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = 2000;
const CITY_WIDE: Principal['jurisdiction'] = { cityWide: true, divisionId: null, divisionPath: null };

/** Filters as JSON-safe values for the job record (undefined dropped). */
export function plainFilter(filter: object): Record<string, string | boolean> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && value !== null) as [
      string,
      string | boolean,
    ][],
  );
}

function label<T extends string>(labels: LabelMap<T>, value: T | null): string {
  return value ? (labels[value]?.zh ?? value) : '';
}

/**
 * XLSX exports with Chinese headers: the directory (排污口名录) and the responsible-entity list
 * (责任主体清单), with the same filters as the lists and the requester's jurisdiction.
 */
@Injectable()
export class DirectoryExportJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly outfalls: OutfallsService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(DIRECTORY_EXPORT_JOB, (context) => this.run(context));
  }

  private principalOf(context: JobContext<DirectoryExportJobData>): Principal {
    return (
      context.owner ?? {
        kind: 'user',
        id: 'system',
        name: 'system',
        unitId: null,
        role: null,
        apiKeyScope: null,
        permissions: [],
        jurisdiction: CITY_WIDE,
        sectorCategories: [],
      }
    );
  }

  async run(context: JobContext<DirectoryExportJobData>): Promise<DirectoryExportJobResult> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const rows =
      context.data.kind === 'outfalls'
        ? await this.writeOutfalls(workbook, context)
        : await this.writeEntities(workbook, context);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    const title = context.data.kind === 'outfalls' ? '入河排污口名录' : '责任主体清单';
    return {
      rows,
      file: { storageKey, fileName: `${title}-${context.id.slice(0, 8)}.xlsx`, contentType: XLSX },
    };
  }

  private async writeOutfalls(
    workbook: ExcelJS.Workbook,
    context: JobContext<DirectoryExportJobData>,
  ): Promise<number> {
    const sheet = workbook.addWorksheet('排污口名录');
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: '排污口编码', key: 'localCode', width: 16 },
      { header: '国家统一编码', key: 'nationalCode', width: 18 },
      { header: '排污口名称', key: 'name', width: 36 },
      { header: '排污口类别', key: 'category', width: 20 },
      { header: '排污口类型', key: 'subType', width: 26 },
      { header: '受纳水体', key: 'water', width: 12 },
      { header: '岸别', key: 'bank', width: 8 },
      { header: '乡镇（街道）', key: 'division', width: 16 },
      { header: '经度', key: 'longitude', width: 12 },
      { header: '纬度', key: 'latitude', width: 12 },
      { header: '排放方式', key: 'mode', width: 12 },
      { header: '排放形式', key: 'method', width: 10 },
      { header: '口径（毫米）', key: 'size', width: 10 },
      { header: '发现日期', key: 'discoveredOn', width: 12 },
      { header: '所属区域', key: 'area', width: 10 },
      { header: '距重点河流（米）', key: 'distance', width: 14 },
      { header: '疑似应取缔', key: 'ban', width: 10 },
      { header: '疑似重复', key: 'duplicates', width: 10 },
      { header: '责任主体', key: 'entity', width: 30 },
      { header: '排污许可证号', key: 'permit', width: 20 },
      { header: '设置审批', key: 'approval', width: 12 },
      { header: '标识牌', key: 'signage', width: 8 },
      { header: '状态', key: 'status', width: 8 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const principal = this.principalOf(context);
    const filter = context.data.filter as unknown as OutfallFilterDto;
    const total = await this.outfalls.filtered(principal, filter).getCount();
    let written = 0;
    for (;;) {
      const batch = await this.outfalls
        .filtered(principal, filter)
        .leftJoin('outfall.waterBody', 'water')
        .select([
          'outfall.local_code AS "localCode"',
          'outfall.national_code AS "nationalCode"',
          'outfall.name AS name',
          'outfall.category AS category',
          'outfall.sub_type AS "subType"',
          'water.name AS water',
          'outfall.bank AS bank',
          'division.name AS division',
          'outfall.longitude AS longitude',
          'outfall.latitude AS latitude',
          'outfall.discharge_mode AS mode',
          'outfall.discharge_method AS method',
          'outfall.size_mm AS size',
          'outfall.discovered_on AS "discoveredOn"',
          'outfall.area AS area',
          'outfall.key_distance_m AS distance',
          'outfall.ban_candidate AS ban',
          'outfall.duplicate_count AS duplicates',
          'outfall.permit_number AS permit',
          'outfall.setup_approval AS approval',
          'outfall.signage_installed AS signage',
          'outfall.status AS status',
          `(SELECT e.name FROM outfall_entity l JOIN responsible_entity e ON e.id = l.entity_id WHERE l.outfall_id = outfall.id AND l.is_main) AS entity`,
        ])
        .orderBy('outfall.local_code')
        .offset(written)
        .limit(BATCH)
        .getRawMany<Record<string, never>>();
      for (const row of batch) {
        written++;
        sheet.addRow({
          ...row,
          n: written,
          category: label(OUTFALL_CATEGORY_LABELS, row.category),
          subType: label(OUTFALL_SUB_TYPE_LABELS, row.subType),
          bank: label(BANK_LABELS, row.bank),
          mode: label(DISCHARGE_MODE_LABELS, row.mode),
          method: label(DISCHARGE_METHOD_LABELS, row.method),
          area: label(OUTFALL_AREA_LABELS, row.area),
          distance: row.distance === null ? '' : Math.round(row.distance),
          ban: row.ban ? '是' : '否',
          approval: label(SETUP_APPROVAL_LABELS, row.approval),
          signage: row.signage ? '已设置' : '未设置',
          status: row.status === 'merged' ? '已合并' : '在用',
        });
      }
      await context.updateProgress(total ? (written / total) * 95 : 95);
      if (batch.length < BATCH) return written;
    }
  }

  private async writeEntities(
    workbook: ExcelJS.Workbook,
    context: JobContext<DirectoryExportJobData>,
  ): Promise<number> {
    const sheet = workbook.addWorksheet('责任主体清单');
    sheet.columns = [
      { header: '序号', key: 'n', width: 6 },
      { header: '责任主体名称', key: 'name', width: 36 },
      { header: '类型', key: 'kind', width: 18 },
      { header: '统一社会信用代码', key: 'creditCode', width: 22 },
      { header: '法定代表人', key: 'legalRepresentative', width: 12 },
      { header: '联系人', key: 'contactName', width: 12 },
      { header: '联系电话', key: 'contactPhone', width: 14 },
      { header: '地址', key: 'address', width: 30 },
      { header: '位于工业园区', key: 'park', width: 12 },
      { header: '排污口数量', key: 'outfallCount', width: 10 },
      { header: '园区外多排口', key: 'flag', width: 12 },
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const principal = this.principalOf(context);
    const filter = context.data.filter as unknown as EntityFilterDto;
    let written = 0;
    for (let offset = 0; ; offset += 200) {
      const page = await this.entities.list(principal, { ...filter, limit: 200, offset, sort: 'name' });
      for (const entity of page.items) {
        written++;
        sheet.addRow({
          ...entity,
          n: written,
          kind: label(ENTITY_KIND_LABELS, entity.kind),
          park: entity.inIndustrialPark ? '是' : '否',
          flag: entity.multipleOutfallsOutsidePark ? '是' : '否',
        });
      }
      await context.updateProgress(page.total ? (written / page.total) * 95 : 95);
      if (offset + 200 >= page.total) return written;
    }
  }
}
