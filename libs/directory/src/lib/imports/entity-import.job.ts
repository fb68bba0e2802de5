import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { FieldError, FileStorage, flattenValidationErrors, inJurisdiction } from '@outfall/common';
import { Division } from '@outfall/org';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import { AuditAction, ENTITY_KIND_LABELS } from '@outfall/shared-types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { CreateEntityDto } from '../dto/entity.dto';
import { creditCodeProblem } from '../entities/credit-code.util';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';
import { ImportMode, MAX_IMPORT_ROWS, OutfallImportJobResult, RowError } from './outfall-import.job';
import { parseSpreadsheet, SpreadsheetError } from './spreadsheet.util';

export interface EntityImportJobData {
  storageKey: string;
  fileName: string;
  mode: ImportMode;
}

export const ENTITY_IMPORT_JOB = defineJob<EntityImportJobData, OutfallImportJobResult>(
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

class Rollback extends Error {}

/**
 * Imports the responsible-entity list. Rows are matched by credit code (then by name) so a re-import
 * updates; the same row checks as the API (credit-code checksum, phone, kind, the caller's jurisdiction).
 */
@Injectable()
export class EntityImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.runner.register(ENTITY_IMPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<EntityImportJobData>): Promise<OutfallImportJobResult> {
    const { storageKey, fileName, mode } = context.data;
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const result: OutfallImportJobResult = {
      mode,
      rows: 0,
      created: 0,
      updated: 0,
      rejected: 0,
      committed: false,
      errors: [],
    };
    let sheet;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of (await this.storage.open(storageKey)) as Readable)
        chunks.push(chunk as Buffer);
      sheet = await parseSpreadsheet(
        Buffer.concat(chunks),
        fileName,
        '责任主体名称',
        MAX_IMPORT_ROWS,
        ENTITY_IMPORT_COLUMNS.map((c) => c.header),
      );
    } catch (error) {
      if (error instanceof SpreadsheetError) {
        result.errors.push({ row: 0, field: 'file', message: error.message });
        return result;
      }
      throw error;
    }
    result.rows = sheet.rows.length;
    const divisions = await this.dataSource.getRepository(Division).find();
    try {
      await this.dataSource.transaction(async (em) => {
        const repo = em.getRepository(ResponsibleEntity);
        let done = 0;
        for (const { row, values } of sheet.rows) {
          const get = (field: string) =>
            (values[ENTITY_IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? ''] ?? '').trim();
          const errors: FieldError[] = [];
          const division = divisions.find((d) => d.name === get('division') || d.code === get('division'));
          if (!division)
            errors.push({
              field: '乡镇（街道）',
              message: `unknown township / sub-district "${get('division')}"`,
            });
          else if (!inJurisdiction(principal.jurisdiction, division.path))
            errors.push({ field: '乡镇（街道）', message: 'outside your jurisdiction' });
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
          const header = (field: string) =>
            ENTITY_IMPORT_COLUMNS.find((c) => c.field === field)?.header ?? field;
          errors.push(
            ...flattenValidationErrors(await validate(input, { whitelist: true }))
              .filter((e) => e.field !== 'divisionId')
              .map((e) => ({ field: header(e.field), message: e.message })),
          );
          const codeProblem = input.creditCode ? creditCodeProblem(input.creditCode) : null;
          if (codeProblem) errors.push({ field: header('creditCode'), message: codeProblem });
          if (errors.length) {
            result.rejected++;
            errors.forEach(
              (e) => result.errors.length < 1000 && result.errors.push({ row, ...e } as RowError),
            );
          } else {
            const existing =
              (input.creditCode ? await repo.findOneBy({ creditCode: input.creditCode }) : null) ??
              (await repo.findOneBy({ name: input.name, divisionId: input.divisionId }));
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
          }
          if (++done % 100 === 0) await context.updateProgress((done / sheet.rows.length) * 95);
        }
        if (mode === ImportMode.AllOrNothing && result.rejected) throw new Rollback();
      });
      result.committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      result.created = 0;
      result.updated = 0;
    }
    return result;
  }
}
