import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainException, FieldError, FileStorage, Principal } from '@outfall/common';
import {
  ImportJobData,
  ImportJobResult,
  ImportMode,
  ImportRefusedError,
  ImportRun,
  storeSpreadsheetUpload,
  UploadedSpreadsheet,
  WaterBody,
} from '@outfall/directory';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { SOURCE_LIST_KIND_LABELS, SourceListKind } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import { SourceListItem } from '../items/source-list-item.entity';
import {
  FIELD_HEADERS,
  FieldProblem,
  normalizeCreditCode,
  SourceListInput,
} from '../items/source-list.rules';
import { SourceListsService } from '../items/source-lists.service';
import { WaterBasinService } from '../water-basin/water-basin.service';

export interface SourceListImportData extends ImportJobData {
  kind: SourceListKind;
  ownerUnitId: string;
  replace: boolean;
}

export interface SourceListImportResult extends ImportJobResult {
  matched?: number;
  removed?: number;
}

export const SOURCE_LIST_IMPORT_JOB = defineJob<SourceListImportData, SourceListImportResult>(
  QueueName.Imports,
  'source-list-import',
  1,
);

export const BASIN_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'water-basin-import',
  1,
);

interface Column {
  field: FieldProblem['field'];
  required: boolean;
  note: string;
}

const COMMON_HEAD: Column[] = [{ field: 'name', required: true, note: '单位或养殖场名称' }];
const LOCATION: Column[] = [
  { field: 'longitude', required: true, note: '经度（WGS84，十进制度）' },
  { field: 'latitude', required: true, note: '纬度（WGS84，十进制度）' },
  { field: 'address', required: false, note: '详细地址' },
  { field: 'township', required: false, note: '乡镇（街道）名称或区划代码；不填则按坐标所在边界确定' },
];

/** The columns of each list's sheet (Chinese headers from FIELD_HEADERS). */
export const SOURCE_LIST_COLUMNS: Record<SourceListKind, Column[]> = {
  [SourceListKind.IndustrialEnterprise]: [
    ...COMMON_HEAD,
    { field: 'creditCode', required: true, note: '18 位统一社会信用代码（GB 32100-2015）' },
    ...LOCATION,
    {
      field: 'industryCode',
      required: true,
      note: '国民经济行业分类代码（GB/T 4754-2017）：门类字母 A–T，或 2–4 位数字（大类/中类/小类）',
    },
  ],
  [SourceListKind.LivestockFarm]: [
    ...COMMON_HEAD,
    { field: 'creditCode', required: false, note: '有营业执照的填写 18 位统一社会信用代码' },
    ...LOCATION,
    { field: 'species', required: true, note: '如：生猪、奶牛、肉牛、羊、蛋鸡、肉鸡' },
    { field: 'headCount', required: true, note: '存栏量（头/只），整数' },
  ],
  [SourceListKind.AquacultureFarm]: [
    ...COMMON_HEAD,
    { field: 'creditCode', required: false, note: '有营业执照的填写 18 位统一社会信用代码' },
    ...LOCATION,
    { field: 'species', required: false, note: '养殖品种' },
    { field: 'areaMu', required: true, note: '养殖面积（亩），大于 0' },
  ],
};

export const BASIN_COLUMNS: { header: string; required: boolean; note: string }[] = [
  { header: '水体编码', required: true, note: '名录中的水体编码，如 TTH' },
  { header: '水体名称', required: false, note: '填写时须与编码对应的名称一致' },
  { header: '流域面积（km²）', required: false, note: '大于 0；空白表示不修改' },
  { header: '河长（km）', required: false, note: '大于 0；空白表示不修改' },
];

function templateBook(name: string, columns: { header: string; required: boolean; note: string }[]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.header,
    width: Math.max(14, c.header.length * 3),
  }));
  sheet.getRow(1).font = { bold: true };
  columns.forEach((column, index) => {
    const cell = sheet.getRow(1).getCell(index + 1);
    cell.note = `${column.required ? '必填。' : '选填。'}${column.note}`;
    if (column.required) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return workbook;
}

/** A number cell: blank → null; not a number → the Chinese problem. */
function parseNumber(text: string, label: string): { value: number | null; problem: string | null } {
  const trimmed = text.replace(/[,，\s]/g, '');
  if (!trimmed) return { value: null, problem: null };
  const value = Number(trimmed);
  return Number.isFinite(value)
    ? { value, problem: null }
    : { value: null, problem: `${label}“${text}”不是数字` };
}

/**
 * The departments' list imports (XLSX/CSV, queued): each row is checked by `SourceListsService.check` (every
 * problem of the row, in Chinese, with the row number) and written by `SourceListsService.save`, upserting by
 * credit code (else name) inside the owner's list of that kind; `replace` removes the owner's items that the
 * file no longer names. Also the water bureau's basin-data import.
 */
@Injectable()
export class SourceListImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly queue: QueueService,
    private readonly storage: FileStorage,
    private readonly lists: SourceListsService,
    private readonly basins: WaterBasinService,
  ) {}

  onModuleInit(): void {
    this.runner.register(SOURCE_LIST_IMPORT_JOB, (context) => this.run(context));
    this.runner.register(BASIN_IMPORT_JOB, (context) => this.runBasin(context));
  }

  /** Checks who may import this list (before anything is stored), then queues the import. */
  async start(
    principal: Principal,
    file: UploadedSpreadsheet | undefined,
    kind: SourceListKind,
    mode: ImportMode,
    replace: boolean,
    ownerUnitId?: string,
  ): Promise<JobRecord> {
    const writer = await this.lists.writer(principal, kind, ownerUnitId);
    return this.queue.enqueue(SOURCE_LIST_IMPORT_JOB, {
      ...(await storeSpreadsheetUpload(this.storage, file)),
      mode,
      kind,
      replace,
      ownerUnitId: writer.ownerUnitId,
    });
  }

  async startBasin(file: UploadedSpreadsheet | undefined, mode: ImportMode): Promise<JobRecord> {
    return this.queue.enqueue(BASIN_IMPORT_JOB, {
      ...(await storeSpreadsheetUpload(this.storage, file)),
      mode,
    });
  }

  async template(kind: SourceListKind): Promise<Buffer> {
    const columns = SOURCE_LIST_COLUMNS[kind].map((c) => ({ ...c, header: FIELD_HEADERS[c.field] }));
    return Buffer.from(await templateBook(SOURCE_LIST_KIND_LABELS[kind].zh, columns).xlsx.writeBuffer());
  }

  async basinTemplate(): Promise<Buffer> {
    return Buffer.from(await templateBook('流域面积与河长', BASIN_COLUMNS).xlsx.writeBuffer());
  }

  async run(context: JobContext<SourceListImportData>): Promise<SourceListImportResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const { kind, ownerUnitId, replace } = context.data;
    const columns = SOURCE_LIST_COLUMNS[kind].map((c) => ({ ...c, header: FIELD_HEADERS[c.field] }));
    const run = new ImportRun(context.data);
    const result: SourceListImportResult = run.result;
    const sheet = await run.load(this.storage, FIELD_HEADERS.name, columns);
    // the owner may have lost the right since queueing (a role change): checked again, refused as a file error
    try {
      await this.lists.writer(principal, kind, ownerUnitId);
    } catch (error) {
      if (!(error instanceof DomainException)) throw error;
      throw new ImportRefusedError(error.message);
    }
    const seen = new Map<string, number>();
    const kept = new Set<string>();
    let matched = 0;
    const written = await run.write(
      this.dataSource,
      sheet.rows,
      async (em, { row, values }) => {
        const outcome = await this.importRow(em, kind, ownerUnitId, row, values, seen, kept);
        if (outcome.created) result.created++;
        if (outcome.updated) result.updated++;
        if (outcome.matched) matched++;
        return outcome.errors;
      },
      (percent) => context.updateProgress(percent),
      async (em) => {
        if (!replace) return;
        const stale = await em
          .getRepository(SourceListItem)
          .createQueryBuilder('item')
          .where('item.owner_unit_id = :owner AND item.kind = :kind', { owner: ownerUnitId, kind })
          .getMany();
        const gone = stale.filter((item) => !kept.has(item.id) && !seen.has(this.key(item)));
        await this.lists.deleteItems(em, gone);
        result.removed = gone.length;
      },
    );
    return {
      ...written,
      matched: written.committed ? matched : 0,
      removed: written.committed ? (result.removed ?? 0) : 0,
    };
  }

  private key(item: { creditCode: string | null; name: string }): string {
    return item.creditCode ? `code:${item.creditCode}` : `name:${item.name.trim().toLowerCase()}`;
  }

  private async importRow(
    em: EntityManager,
    kind: SourceListKind,
    ownerUnitId: string,
    row: number,
    values: Record<string, string>,
    seen: Map<string, number>,
    kept: Set<string>,
  ): Promise<{ errors: FieldError[]; created?: boolean; updated?: boolean; matched?: boolean }> {
    const get = (field: FieldProblem['field']) => (values[FIELD_HEADERS[field]] ?? '').trim();
    const extra: FieldProblem[] = [];
    const number = (field: 'longitude' | 'latitude' | 'headCount' | 'areaMu') => {
      const parsed = parseNumber(get(field), FIELD_HEADERS[field]);
      if (parsed.problem) extra.push({ field, message: parsed.problem });
      return parsed.problem ? undefined : parsed.value;
    };
    const input: SourceListInput & { township: string } = {
      name: get('name'),
      creditCode: get('creditCode') || null,
      address: get('address') || null,
      industryCode: get('industryCode') || null,
      species: get('species') || null,
      township: get('township'),
    };
    // a number that could not be read is reported once (as not a number), not again as missing
    const longitude = number('longitude');
    const latitude = number('latitude');
    const headCount = number('headCount');
    const areaMu = number('areaMu');
    input.longitude = longitude === undefined ? Number.NaN : longitude;
    input.latitude = latitude === undefined ? Number.NaN : latitude;
    input.headCount = headCount === undefined ? Number.NaN : headCount;
    input.areaMu = areaMu === undefined ? Number.NaN : areaMu;
    const { problems, values: checked } = await this.lists.check(em, kind, input);
    // a cell that is not a number is reported once (as such), not again by the rules
    const reported = [...extra, ...problems.filter((p) => !extra.some((e) => e.field === p.field))];
    const key = this.key({ creditCode: normalizeCreditCode(input.creditCode), name: input.name ?? '' });
    const first = seen.get(key);
    if (first !== undefined && (input.name || input.creditCode))
      reported.push({
        field: input.creditCode ? 'creditCode' : 'name',
        message: `与第 ${first} 行重复（同一${input.creditCode ? '统一社会信用代码' : '名称'}）`,
      });
    else if (input.name || input.creditCode) seen.set(key, row);
    const errors = reported.map((p) => ({ field: FIELD_HEADERS[p.field], message: p.message }));
    if (errors.length || !checked) return { errors };
    const repo = em.getRepository(SourceListItem);
    const existing = checked.creditCode
      ? await repo.findOneBy({ ownerUnitId, kind, creditCode: checked.creditCode })
      : await repo
          .createQueryBuilder('item')
          .where('item.owner_unit_id = :owner AND item.kind = :kind AND lower(trim(item.name)) = :name', {
            owner: ownerUnitId,
            kind,
            name: checked.name.toLowerCase(),
          })
          .andWhere('item.credit_code IS NULL')
          .getOne();
    await em.query('SAVEPOINT source_list_row');
    try {
      const { item, created } = await this.lists.save(em, kind, ownerUnitId, checked, existing);
      await em.query('RELEASE SAVEPOINT source_list_row');
      kept.add(item.id);
      return { errors: [], created, updated: !created, matched: !!item.matchedEntityId };
    } catch (error) {
      await em.query('ROLLBACK TO SAVEPOINT source_list_row');
      if (!(error instanceof DomainException)) throw error;
      return { errors: [{ field: FIELD_HEADERS.creditCode, message: error.message }] };
    }
  }

  async runBasin(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const run = new ImportRun(context.data);
    const sheet = await run.load(this.storage, '水体编码', BASIN_COLUMNS);
    const seen = new Map<string, number>();
    return run.write(
      this.dataSource,
      sheet.rows,
      async (em, { row, values }) => {
        const get = (header: string) => (values[header] ?? '').trim();
        const errors: FieldError[] = [];
        const code = get('水体编码').toUpperCase();
        const water = code ? await em.getRepository(WaterBody).findOneBy({ code }) : null;
        if (!code) errors.push({ field: '水体编码', message: '水体编码必填' });
        else if (!water) errors.push({ field: '水体编码', message: `名录中没有编码为 ${code} 的水体` });
        else if (seen.has(code))
          errors.push({ field: '水体编码', message: `与第 ${seen.get(code)} 行重复（同一水体编码）` });
        else seen.set(code, row);
        const name = get('水体名称');
        if (water && name && name !== water.name)
          errors.push({
            field: '水体名称',
            message: `水体名称“${name}”与编码 ${code} 的水体（${water.name}）不一致`,
          });
        const figure = (header: string, label: string) => {
          const parsed = parseNumber(get(header), label);
          if (parsed.problem) errors.push({ field: header, message: parsed.problem });
          else if (parsed.value !== null && (parsed.value <= 0 || parsed.value >= 1e8))
            errors.push({ field: header, message: `${label}必须大于 0 且小于 1 亿` });
          return parsed.value;
        };
        const area = figure('流域面积（km²）', '流域面积');
        const length = figure('河长（km）', '河长');
        if (errors.length || !water) return errors;
        const next = await this.basins.apply(em, water, {
          basinAreaKm2: area ?? water.basinAreaKm2,
          riverLengthKm: length ?? water.riverLengthKm,
        });
        if (next.version !== water.version) run.result.updated++;
        return [];
      },
      (percent) => context.updateProgress(percent),
    );
  }
}
