import { HttpStatus, Injectable } from '@nestjs/common';
import { CommonErrorCode, DomainException, FileStorage } from '@outfall/common';
import { JobRecord, QueueService } from '@outfall/queue';
import {
  SUB_TYPES_BY_CATEGORY,
  OUTFALL_CATEGORY_LABELS,
  OUTFALL_SUB_TYPE_LABELS,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { ImportMode } from './import-run';
import { OUTFALL_IMPORT_COLUMNS, OUTFALL_IMPORT_JOB } from './outfall-import.job';
import { ENTITY_IMPORT_JOB } from './entity-import.job';
import { isXlsx } from './spreadsheet.util';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface UploadedSpreadsheet {
  originalname: string;
  buffer: Buffer;
  size: number;
}

/**
 * Checks a spreadsheet upload (present, not empty, .xlsx with a workbook's signature or .csv) and stores it
 * for an import job: every import (outfalls, entities, samples, back-entries) starts here.
 */
export async function storeSpreadsheetUpload(
  storage: FileStorage,
  file: UploadedSpreadsheet | undefined,
): Promise<{ storageKey: string; fileName: string }> {
  if (!file) throw DomainException.invalid('file', 'attach the spreadsheet as the multipart field "file"');
  if (!file.size) throw DomainException.invalid('file', 'the file is empty');
  const name = file.originalname.toLowerCase();
  const xlsx = name.endsWith('.xlsx');
  if ((!xlsx && !name.endsWith('.csv')) || (xlsx && !isXlsx(file.buffer))) {
    throw new DomainException(
      CommonErrorCode.UnsupportedMediaType,
      'only .xlsx workbooks and .csv files (UTF-8 or GBK/GB18030) can be imported',
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      [{ field: 'file', message: 'only .xlsx and .csv files can be imported' }],
    );
  }
  const storageKey = `imports/${randomUUID()}${xlsx ? '.xlsx' : '.csv'}`;
  await storage.put(storageKey, file.buffer);
  return { storageKey, fileName: file.originalname };
}

/** Checks an upload before it is queued (type, emptiness) and builds the import template. */
@Injectable()
export class OutfallImportService {
  constructor(
    private readonly queue: QueueService,
    private readonly storage: FileStorage,
  ) {}

  /** Checks the upload, stores it and queues the outfall (or, with `entities`, the entity-list) import. */
  async start(
    file: UploadedSpreadsheet | undefined,
    mode: ImportMode,
    target: 'outfalls' | 'entities' = 'outfalls',
  ): Promise<JobRecord> {
    const stored = await storeSpreadsheetUpload(this.storage, file);
    const job = target === 'outfalls' ? OUTFALL_IMPORT_JOB : ENTITY_IMPORT_JOB;
    return this.queue.enqueue(job, { ...stored, mode });
  }

  /** The import template: the columns with Chinese headers and notes, and a sheet of allowed values. */
  async template(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('排污口名录');
    sheet.columns = OUTFALL_IMPORT_COLUMNS.map((c) => ({
      header: c.header,
      key: c.field,
      width: Math.max(12, c.header.length * 3),
    }));
    sheet.getRow(1).font = { bold: true };
    OUTFALL_IMPORT_COLUMNS.forEach((column, index) => {
      const cell = sheet.getRow(1).getCell(index + 1);
      cell.note = `${column.required ? '必填。' : '选填。'}${column.note}`;
      if (column.required) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const codes = workbook.addWorksheet('代码表');
    codes.columns = [
      { header: '排污口类别', key: 'category', width: 26 },
      { header: '排污口类型', key: 'subType', width: 34 },
    ];
    codes.getRow(1).font = { bold: true };
    for (const [category, subTypes] of Object.entries(SUB_TYPES_BY_CATEGORY)) {
      for (const subType of subTypes) {
        codes.addRow({
          category: OUTFALL_CATEGORY_LABELS[category as keyof typeof OUTFALL_CATEGORY_LABELS].zh,
          subType: OUTFALL_SUB_TYPE_LABELS[subType].zh,
        });
      }
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
