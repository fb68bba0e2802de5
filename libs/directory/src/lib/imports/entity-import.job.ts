import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { FieldError, FileStorage, flattenValidationErrors, inJurisdiction, Principal } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { Division } from '@outfall/org';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import { AuditAction, ENTITY_KIND_LABELS } from '@outfall/shared-types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { CreateEntityDto } from '../dto/entity.dto';
import { creditCodeProblem } from '../entities/credit-code.util';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';
import { ImportJobData, ImportJobResult, ImportRun } from './import-run';

export const ENTITY_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'entity-import',
  1,
);

/** The responsible-entity list's columns (the export uses the same headers). */
export const ENTITY_IMPORT_COLUMNS: {
  header: string;
  field: keyof CreateEntityDto | 'division';
  required: boolean;
}[] = [
  { header: '责任主体名称', field: 'name', required: true },
  { header: '类型', field: 'kind', required: true },
  { header: '统一社会信用代码', field: 'creditCode', required: false },
  { header: '法定代表人', field: 'legalRepresentative', required: false },
  { header: '联系人', field: 'contactName', required: false },
  { header: '联系电话', field: 'contactPhone', required: false },
  { header: '地址', field: 'address', required: false },
  { header: '乡镇（街道）', field: 'division', required: true },
  { header: '位于工业园区', field: 'inIndustrialPark', required: false },
];

/**
 * Imports the responsible-entity list. Rows are matched by credit code (then by name) so a re-import
 * updates; the same row checks as the API (credit-code checksum, phone, kind, the caller's jurisdiction,
 * for the row's township and for the entity it matches: `ResponsibleEntitiesService.matchImportRow`).
 */
@Injectable()
export class EntityImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.runner.register(ENTITY_IMPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const run = new ImportRun(context.data);
    const sheet = await run.load(this.storage, '责任主体名称', ENTITY_IMPORT_COLUMNS);
    const divisions = await this.dataSource.getRepository(Division).find();
    return run.write(
      this.dataSource,
      sheet.rows,
      (em, { values }) => this.importRow(em, principal, values, divisions, run.result),
      (percent) => context.updateProgress(percent),
      undefined,
      this.config.importChunkRows,
    );
  }

  private async importRow(
    em: EntityManager,
    principal: Principal,
    values: Record<string, string>,
    divisions: Division[],
    result: ImportJobResult,
  ): Promise<FieldError[]> {
    const get = (field: string) =>
      (values[ENTITY_IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? ''] ?? '').trim();
    const errors: FieldError[] = [];
    const division = divisions.find((d) => d.name === get('division') || d.code === get('division'));
    if (!division)
      errors.push({ field: '乡镇（街道）', message: `unknown township / sub-district "${get('division')}"` });
    else if (!inJurisdiction(principal.jurisdiction, division.path))
      errors.push({
        field: '乡镇（街道）',
        message: `${division.name}不在您的辖区内 / ${division.name} is outside your jurisdiction`,
      });
    const kindText = get('kind');
    const kind =
      Object.entries(ENTITY_KIND_LABELS).find(
        ([value, label]) => value === kindText || label.zh === kindText,
      )?.[0] ?? kindText;
    const plain: Record<string, unknown> = {
      name: get('name'),
      kind,
      divisionId: division?.id ?? '00000000-0000-4000-8000-000000000000',
    };
    for (const field of ['creditCode', 'legalRepresentative', 'contactName', 'contactPhone', 'address'])
      if (get(field)) plain[field] = get(field);
    if (get('inIndustrialPark'))
      plain['inIndustrialPark'] = ['是', 'true', 'yes'].includes(get('inIndustrialPark'));
    const input = plainToInstance(CreateEntityDto, plain);
    const header = (field: string) => ENTITY_IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? field;
    errors.push(
      ...flattenValidationErrors(await validate(input, { whitelist: true }))
        .filter((e) => e.field !== 'divisionId')
        .map((e) => ({ field: header(e.field), message: e.message })),
    );
    const codeProblem = input.creditCode ? creditCodeProblem(input.creditCode) : null;
    if (codeProblem) errors.push({ field: header('creditCode'), message: codeProblem });
    if (errors.length) return errors;
    // the same entity again (credit code, then name in the division), and only one the caller may write
    const { existing, error } = await this.entities.matchImportRow(em, principal, input);
    if (error) return [{ field: header(error.field), message: error.message }];
    const repo = em.getRepository(ResponsibleEntity);
    const saved = await repo.save({
      ...(existing ?? {}),
      ...input,
      inIndustrialPark: input.inIndustrialPark ?? existing?.inIndustrialPark ?? false,
    });
    await this.audit.record(em, {
      action: existing ? AuditAction.Update : AuditAction.Create,
      entityType: 'responsible_entity',
      entityId: saved.id,
      before: existing,
      after: saved,
    });
    if (existing) result.updated++;
    else result.created++;
    return [];
  }
}
