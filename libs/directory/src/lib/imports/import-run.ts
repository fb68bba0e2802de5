import type { FieldError, FileStorage } from '@outfall/common';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { ParsedSheet, parseSpreadsheet, SheetRow, SpreadsheetError } from './spreadsheet.util';

export enum ImportMode {
  AllOrNothing = 'all_or_nothing',
  ValidOnly = 'valid_only',
}

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface ImportJobData {
  storageKey: string;
  fileName: string;
  mode: ImportMode;
}

export interface ImportJobResult {
  mode: ImportMode;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  committed: boolean;
  errors: RowError[];
}

export const MAX_IMPORT_ROWS = 50_000;
const MAX_REPORTED_ERRORS = 1000;

class Rollback extends Error {}

/**
 * One spreadsheet import: reads the stored file, runs every row in one transaction and keeps the tally.
 * All-or-nothing rolls everything back when any row was rejected; valid-only keeps the good rows.
 */
export class ImportRun {
  readonly result: ImportJobResult;

  constructor(private readonly data: ImportJobData) {
    this.result = {
      mode: data.mode,
      rows: 0,
      created: 0,
      updated: 0,
      rejected: 0,
      committed: false,
      errors: [],
    };
  }

  report(error: RowError): void {
    if (this.result.errors.length < MAX_REPORTED_ERRORS) this.result.errors.push(error);
  }

  /** The rows, or `null` with the reason reported when the file cannot be read or lacks required columns. */
  async load(
    storage: FileStorage,
    anchor: string,
    columns: { header: string; required: boolean }[],
  ): Promise<ParsedSheet | null> {
    let sheet: ParsedSheet;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of (await storage.open(this.data.storageKey)) as Readable)
        chunks.push(chunk as Buffer);
      sheet = await parseSpreadsheet(
        Buffer.concat(chunks),
        this.data.fileName,
        anchor,
        MAX_IMPORT_ROWS,
        columns.map((c) => c.header),
      );
    } catch (error) {
      if (!(error instanceof SpreadsheetError)) throw error;
      this.report({ row: 0, field: 'file', message: error.message });
      return null;
    }
    this.result.rows = sheet.rows.length;
    const missing = columns
      .filter((c) => c.required && !sheet.headers.includes(c.header))
      .map((c) => c.header);
    if (missing.length) {
      this.report({ row: 0, field: 'file', message: `missing columns: ${missing.join(', ')}` });
      return null;
    }
    return sheet;
  }

  /** Runs `handleRow` for each row (its field errors reject the row), then `finish`, in one transaction. */
  async write(
    dataSource: DataSource,
    rows: SheetRow[],
    handleRow: (em: EntityManager, row: SheetRow) => Promise<FieldError[]>,
    progress: (percent: number) => Promise<void>,
    finish?: (em: EntityManager) => Promise<void>,
  ): Promise<ImportJobResult> {
    try {
      await dataSource.transaction(async (em) => {
        let done = 0;
        for (const row of rows) {
          const errors = await handleRow(em, row);
          errors.forEach((e) => this.report({ row: row.row, ...e }));
          if (errors.length) this.result.rejected++;
          if (++done % 100 === 0) await progress((done / rows.length) * 95);
        }
        if (this.data.mode === ImportMode.AllOrNothing && this.result.rejected) throw new Rollback();
        await finish?.(em);
      });
      this.result.committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      this.result.created = 0;
      this.result.updated = 0;
    }
    return this.result;
  }
}
