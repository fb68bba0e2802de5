import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DomainException,
  FieldError,
  FileStorage,
  flattenValidationErrors,
  Principal,
  normalizeCode,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { Division } from '@outfall/org';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  BANK_LABELS,
  DISCHARGE_METHOD_LABELS,
  DISCHARGE_MODE_LABELS,
  LabelMap,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
  SETUP_APPROVAL_LABELS,
} from '@outfall/shared-types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { CreateOutfallDto } from '../dto/outfall.dto';
import { OutfallDerivationService } from '../outfalls/outfall-derivation.service';
import { Outfall, OutfallStatus } from '../outfalls/outfall.entity';
import { OutfallsService } from '../outfalls/outfalls.service';
import { foreignOutfallMessage, gateRefusal, sectorMessage } from '../outfalls/outfall-gate';
import { WaterBody } from '../waters/water-body.entity';
import { ImportFinish, ImportJobData, ImportJobResult, ImportRun } from './import-run';

export const OUTFALL_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'outfall-import',
  1,
);

/** The template's columns (Chinese headers, the export uses the same names) and the fields they fill. */
export const OUTFALL_IMPORT_COLUMNS: { header: string; field: string; required: boolean; note: string }[] = [
  {
    header: '排污口编码',
    field: 'localCode',
    required: false,
    note: '留空则按规则自动生成；已存在则更新该排污口',
  },
  { header: '国家统一编码', field: 'nationalCode', required: false, note: '国家统一赋码，可空' },
  { header: '排污口名称', field: 'name', required: true, note: '' },
  {
    header: '排污口类别',
    field: 'category',
    required: true,
    note: '工业排污口 / 城镇污水处理厂排污口 / 农业排污口 / 其他排污口',
  },
  { header: '排污口类型', field: 'subType', required: true, note: '须属于所填类别，见“代码表”' },
  { header: '受纳水体', field: 'water', required: true, note: '河湖名称或代码，如 头屯河 / TTH' },
  { header: '岸别', field: 'bank', required: false, note: '左岸 / 右岸 / 不详' },
  { header: '乡镇（街道）', field: 'division', required: false, note: '名称或区划代码；无边界数据时必填' },
  { header: '经度', field: 'longitude', required: true, note: 'WGS84 / CGCS2000，十进制度' },
  { header: '纬度', field: 'latitude', required: true, note: '' },
  {
    header: '排放方式',
    field: 'dischargeMode',
    required: false,
    note: '连续排放 / 间歇排放 / 季节性排放 / 未见排放',
  },
  {
    header: '排放形式',
    field: 'dischargeMethod',
    required: false,
    note: '管道 / 涵闸 / 明渠 / 沟渠 / 渗流 / 其他',
  },
  { header: '口径（毫米）', field: 'sizeMm', required: false, note: '管径或宽度' },
  { header: '发现日期', field: 'discoveredOn', required: true, note: 'YYYY-MM-DD' },
  { header: '登记日期', field: 'registeredOn', required: false, note: 'YYYY-MM-DD，默认导入当日' },
  { header: '排污许可证号', field: 'permitNumber', required: false, note: '' },
  {
    header: '设置审批',
    field: 'setupApproval',
    required: false,
    note: '无需审批 / 已审批 / 已登记备案 / 审批中 / 未审批',
  },
  { header: '标识牌', field: 'signageInstalled', required: false, note: '已设置 / 未设置' },
];

/** Accepts a value, its Chinese label or its English label. */
function fromLabel<T extends string>(labels: LabelMap<T>, text: string): T | string {
  const entry = Object.entries(labels).find(
    ([value, label]) =>
      value === text ||
      (label as { zh: string }).zh === text ||
      (label as { en: string }).en.toLowerCase() === text.toLowerCase(),
  );
  return entry ? (entry[0] as T) : text;
}

/**
 * Imports outfalls from XLSX or CSV. Every row is validated like the API's create input; bad rows are
 * reported with their row number and field. All-or-nothing writes nothing when any row is bad; valid-only
 * writes the good rows. Re-importing updates outfalls found by local code (then national code, then the
 * same name on the same water) instead of duplicating them. Derived flags are recomputed once for all imported rows.
 */
@Injectable()
export class OutfallImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly outfalls: OutfallsService,
    private readonly derivation: OutfallDerivationService,
    private readonly storage: FileStorage,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(OUTFALL_IMPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const run = new ImportRun(context.data);
    const sheet = await run.load(this.storage, '排污口名称', OUTFALL_IMPORT_COLUMNS);
    if (!sheet) return run.result;
    const waters = await this.dataSource.getRepository(WaterBody).find();
    const divisions = await this.dataSource.getRepository(Division).find();
    // derived flags once for every imported row, after the rows
    const finish: ImportFinish = {
      ids: [],
      apply: (em, ids) => this.derivation.recomputeAll(em, ids),
    };
    return run.write(
      this.dataSource,
      sheet.rows,
      (em, row) => this.importRow(em, principal, row.values, waters, divisions, finish.ids, run.result),
      (percent) => context.updateProgress(percent),
      finish,
      this.config.importChunkRows,
    );
  }

  /**
   * The outfall a row stands for: by local code, then national code (both unique city-wide), then the same
   * name on the same water. Only outfalls the caller may write are touched (the write gate, per row): a code
   * that belongs to another township's outfall, or to a category outside the caller's sector, is a row error
   * that says so, and nothing is written for the row. Names are not identifiers: a name is matched only
   * inside the caller's jurisdiction, so another township's outfall of the same name is never updated.
   */
  async matchRow(
    em: EntityManager,
    principal: Principal,
    input: CreateOutfallDto,
    localCode: string,
  ): Promise<{ existing: Outfall | null } | { errors: FieldError[] }> {
    const repo = em.getRepository(Outfall);
    const byCode = async (field: 'localCode' | 'nationalCode', code: string | undefined) =>
      code ? repo.findOne({ where: { [field]: code }, relations: { division: true } }) : null;
    for (const [field, header, code] of [
      ['localCode', '排污口编码', localCode],
      ['nationalCode', '国家统一编码', input.nationalCode],
    ] as const) {
      const found = await byCode(field, code);
      if (!found) continue;
      const refusal = gateRefusal(principal, {
        category: found.category,
        divisionPath: found.division?.path,
      });
      if (refusal === 'jurisdiction')
        return { errors: [{ field: header, message: foreignOutfallMessage(code ?? '') }] };
      if (refusal === 'sector')
        return { errors: [{ field: '排污口类别', message: sectorMessage(principal, found.category) }] };
      delete found.division;
      return { existing: found };
    }
    if (localCode) return { existing: null };
    const byName = await this.outfalls
      .visible(principal, em)
      .andWhere('outfall.name = :name AND outfall.waterBodyId = :water AND outfall.status = :status', {
        name: input.name,
        water: input.waterBodyId,
        status: OutfallStatus.Active,
      })
      .getOne();
    return { existing: byName };
  }

  /** One row inside a savepoint: its errors, or none when it was written. */
  private async importRow(
    em: EntityManager,
    principal: Principal,
    values: Record<string, string>,
    waters: WaterBody[],
    divisions: Division[],
    touched: string[],
    result: ImportJobResult,
  ): Promise<FieldError[]> {
    const get = (field: string) => {
      const column = OUTFALL_IMPORT_COLUMNS.find((c) => c.field === field);
      return column ? (values[column.header] ?? '').trim() : '';
    };
    const errors: FieldError[] = [];
    const waterText = get('water');
    const water = waters.find((w) => w.name === waterText || w.code === waterText.toUpperCase());
    if (!water)
      errors.push({
        field: '受纳水体',
        message: waterText ? `unknown water body "${waterText}"` : 'the water body is required',
      });
    const divisionText = get('division');
    const division = divisionText
      ? divisions.find((d) => d.name === divisionText || d.code === divisionText)
      : undefined;
    if (divisionText && !division)
      errors.push({ field: '乡镇（街道）', message: `unknown township / sub-district "${divisionText}"` });
    const plain: Record<string, unknown> = {
      name: get('name'),
      category: fromLabel(OUTFALL_CATEGORY_LABELS, get('category')),
      subType: fromLabel(OUTFALL_SUB_TYPE_LABELS, get('subType')),
      longitude: get('longitude') === '' ? undefined : Number(get('longitude')),
      latitude: get('latitude') === '' ? undefined : Number(get('latitude')),
      waterBodyId: water?.id ?? '00000000-0000-4000-8000-000000000000',
      discoveredOn: get('discoveredOn'),
    };
    const optional: [string, unknown][] = [
      ['nationalCode', get('nationalCode')],
      ['bank', fromLabel(BANK_LABELS, get('bank'))],
      ['divisionId', division?.id],
      ['dischargeMode', fromLabel(DISCHARGE_MODE_LABELS, get('dischargeMode'))],
      ['dischargeMethod', fromLabel(DISCHARGE_METHOD_LABELS, get('dischargeMethod'))],
      ['sizeMm', get('sizeMm') === '' ? undefined : Number(get('sizeMm'))],
      ['registeredOn', get('registeredOn')],
      ['permitNumber', get('permitNumber')],
      ['setupApproval', fromLabel(SETUP_APPROVAL_LABELS, get('setupApproval'))],
      [
        'signageInstalled',
        get('signageInstalled') === ''
          ? undefined
          : ['已设置', '是', 'true', 'yes'].includes(get('signageInstalled')),
      ],
    ];
    for (const [field, value] of optional) if (value !== undefined && value !== '') plain[field] = value;
    const input = plainToInstance(CreateOutfallDto, plain);
    const invalid = flattenValidationErrors(
      await validate(input, { whitelist: true, forbidNonWhitelisted: true }),
    );
    const header = (field: string) =>
      OUTFALL_IMPORT_COLUMNS.find(
        (c) =>
          c.field === field ||
          (field === 'waterBodyId' && c.field === 'water') ||
          (field === 'divisionId' && c.field === 'division'),
      )?.header ?? field;
    errors.push(
      ...invalid
        .filter((e) => e.field !== 'waterBodyId')
        .map((e) => ({ field: header(e.field), message: e.message })),
    );
    if (errors.length) return errors;

    // the same normalizer as the API's DTOs (NormalizeCode): ' ａｂ-0001 ' finds AB-0001
    const localCode = normalizeCode(get('localCode'));
    const match = await this.matchRow(em, principal, input, localCode);
    if ('errors' in match) return match.errors;
    const { existing } = match;
    await em.query('SAVEPOINT import_row');
    try {
      if (existing) {
        const { registeredOn: _r, ...changes } = input;
        const saved = await this.outfalls.updateIn(
          em,
          principal,
          existing.id,
          { ...changes, version: existing.version },
          { checkVersion: false, recompute: false },
        );
        touched.push(saved.id);
        result.updated++;
      } else {
        const saved = await this.outfalls.createIn(em, principal, input, {
          recompute: false,
          localCode: localCode || undefined,
          source: 'import',
        });
        touched.push(saved.id);
        result.created++;
      }
      await em.query('RELEASE SAVEPOINT import_row');
      return [];
    } catch (error) {
      await em.query('ROLLBACK TO SAVEPOINT import_row');
      if (error instanceof DomainException) {
        const details = error.details.length ? error.details : [{ field: 'row', message: error.message }];
        return details.map((d) => ({ field: header(d.field), message: d.message }));
      }
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code === '23505')
        return [{ field: '排污口编码', message: 'the code is already used by another outfall' }];
      throw error;
    }
  }
}
