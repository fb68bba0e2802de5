import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DomainException,
  FieldError,
  FileStorage,
  flattenValidationErrors,
  Principal,
} from '@outfall/common';
import {
  ImportJobData,
  ImportJobResult,
  ImportMode,
  ImportRun,
  storeSpreadsheetUpload,
  Outfall,
  UploadedSpreadsheet,
} from '@outfall/directory';
import { defineJob, JobContext, JobRecord, JobRunner, QueueName, QueueService } from '@outfall/queue';
import { DISPOSITION_LABELS } from '@outfall/shared-types';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import ExcelJS from 'exceljs';
import { DataSource, EntityManager } from 'typeorm';
import { BackEntryDto } from './back-entry.dto';
import { BackEntryService } from './back-entry.service';

export const BACK_ENTRY_IMPORT_JOB = defineJob<ImportJobData, ImportJobResult>(
  QueueName.Imports,
  'back-entry-import',
  1,
);

/** The bulk back-entry (补录) sheet: one row per outfall. */
export const BACK_ENTRY_COLUMNS: {
  header: string;
  field: keyof BackEntryDto | 'code';
  required: boolean;
  note: string;
}[] = [
  { header: '排污口编码', field: 'code', required: true, note: '排污口编码或国家统一编码' },
  { header: '整治完成日期', field: 'completedOn', required: true, note: 'YYYY-MM-DD（北京时间日期）' },
  { header: '核查销号日期', field: 'verifiedOn', required: false, note: 'YYYY-MM-DD；当时已核查销号时填写' },
  { header: '补录原因', field: 'reason', required: true, note: '必填：为何事后补录' },
  { header: '依据文件', field: 'documentRef', required: true, note: '必填：文号或文件名称' },
  {
    header: '整治方式',
    field: 'disposition',
    required: false,
    note: '尚未认定整治方式时必填：依法取缔、清理合并、规范整治',
  },
  { header: '认定日期', field: 'decidedOn', required: false, note: '填写整治方式时必填，YYYY-MM-DD' },
];

const header = (field: string) => BACK_ENTRY_COLUMNS.find((c) => c.field === field)?.header ?? field;

/**
 * Bulk back-entry from XLSX or CSV, queued like the other imports: each row goes through the same
 * `BackEntryService.backEnterIn` as the one-by-one endpoint (eco branch, jurisdiction, dates, disposition),
 * inside a savepoint; all-or-nothing or valid-only as the outfall import.
 */
@Injectable()
export class BackEntryImportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly queue: QueueService,
    private readonly storage: FileStorage,
    private readonly backEntries: BackEntryService,
  ) {}

  onModuleInit(): void {
    this.runner.register(BACK_ENTRY_IMPORT_JOB, (context) => this.run(context));
  }

  async start(file: UploadedSpreadsheet | undefined, mode: ImportMode): Promise<JobRecord> {
    return this.queue.enqueue(BACK_ENTRY_IMPORT_JOB, {
      ...(await storeSpreadsheetUpload(this.storage, file)),
      mode,
    });
  }

  async template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('整治补录');
    sheet.columns = BACK_ENTRY_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: 18 }));
    sheet.getRow(1).font = { bold: true };
    BACK_ENTRY_COLUMNS.forEach((column, index) => {
      const cell = sheet.getRow(1).getCell(index + 1);
      cell.note = `${column.required ? '必填。' : '选填。'}${column.note}`;
      if (column.required) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  async run(context: JobContext<ImportJobData>): Promise<ImportJobResult> {
    const principal = context.owner;
    if (!principal) throw new Error('an import needs the account that queued it');
    const run = new ImportRun(context.data);
    const sheet = await run.load(this.storage, '排污口编码', BACK_ENTRY_COLUMNS);
    return run.write(
      this.dataSource,
      sheet.rows,
      (em, { values }) => this.importRow(em, principal, values, run.result),
      (percent) => context.updateProgress(percent),
    );
  }

  private async importRow(
    em: EntityManager,
    principal: Principal,
    values: Record<string, string>,
    result: ImportJobResult,
  ): Promise<FieldError[]> {
    const get = (field: string) => (values[header(field)] ?? '').trim();
    const code = get('code');
    const plain: Record<string, unknown> = {
      completedOn: get('completedOn'),
      reason: get('reason'),
      documentRef: get('documentRef'),
    };
    if (get('verifiedOn')) plain['verifiedOn'] = get('verifiedOn');
    if (get('decidedOn')) plain['decidedOn'] = get('decidedOn');
    const dispositionText = get('disposition');
    if (dispositionText)
      plain['disposition'] =
        Object.entries(DISPOSITION_LABELS).find(
          ([value, label]) => value === dispositionText || label.zh === dispositionText,
        )?.[0] ?? dispositionText;
    const input = plainToInstance(BackEntryDto, plain);
    const errors = flattenValidationErrors(await validate(input, { whitelist: true })).map((e) => ({
      field: header(e.field),
      message: e.message,
    }));
    const outfall = code
      ? await em
          .getRepository(Outfall)
          .findOne({ where: [{ localCode: code }, { nationalCode: code }], select: { id: true } })
      : null;
    if (!outfall)
      errors.push({
        field: header('code'),
        message: code ? `no outfall with the code ${code}` : 'the code is required',
      });
    if (errors.length || !outfall) return errors;
    await em.query('SAVEPOINT back_entry_row');
    try {
      await this.backEntries.backEnterIn(em, principal, outfall.id, input);
      await em.query('RELEASE SAVEPOINT back_entry_row');
      result.updated++;
      return [];
    } catch (error) {
      await em.query('ROLLBACK TO SAVEPOINT back_entry_row');
      if (!(error instanceof DomainException)) throw error;
      // an outfall outside the caller's jurisdiction is "not found", as for the one-by-one call
      if (error.status === HttpStatus.NOT_FOUND)
        return [
          {
            field: header('code'),
            message: `${code}不在您的辖区内 / no outfall with the code ${code} in your jurisdiction`,
          },
        ];
      if (error.code === 'OUTFALL_CATEGORY_NOT_IN_SECTOR')
        return [{ field: header('code'), message: error.message }];
      const details = error.details.length ? error.details : [{ field: 'row', message: error.message }];
      return details.map((d) => ({ field: header(d.field), message: d.message }));
    }
  }
}
